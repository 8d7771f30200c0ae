from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.safety.models import REPORT_MAX, RULE_MAX


class GroundRuleForm(forms.Form):
    text = forms.CharField(
        label=_("Suggest a ground rule"),
        max_length=RULE_MAX,
        help_text=_("For example: we listen and do not talk over each other."),
        error_messages={"required": _("Write the rule.")},
    )


class AgreeAfterBoardForm(forms.Form):
    """Which board the project talked the rule over on, before the organiser agrees it."""

    board = forms.TypedChoiceField(
        label=_("Which board did people talk about it on?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the board.")},
    )

    def __init__(self, *args, boards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].choices = [  # type: ignore[attr-defined]
            (b.pk, b.title) for b in boards
        ]


class BreachReportForm(forms.Form):
    rule = forms.TypedChoiceField(
        label=_("Which rule was broken? (optional)"), coerce=int, required=False, empty_value=None
    )
    what_happened = forms.CharField(
        label=_("What happened?"),
        max_length=REPORT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Tell us what happened.")},
    )

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [  # type: ignore[attr-defined]
            ("", _("I'm not sure"))
        ] + [(r.pk, r.text) for r in rules]
