from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.promises.models import WORDS_LIMIT
from roundtable.promises.notice import MORE, SECTION_KEYS, section_headings


class NoticeWordsForm(forms.Form):
    """One text area per section of the notice, and a section of the admin's own ("more")."""

    more_heading = forms.CharField(label=_("Heading of your own section"), required=False, max_length=120)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        headings = section_headings()
        for key in SECTION_KEYS:
            self.fields[f"words_{key}"] = forms.CharField(
                label=headings[key],
                required=False,
                max_length=WORDS_LIMIT,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Your words show under the facts we give. Leave it empty to add nothing."),
            )
        self.fields[f"words_{MORE}"] = forms.CharField(
            label=_("Your own section"),
            required=False,
            max_length=WORDS_LIMIT,
            widget=forms.Textarea(attrs={"rows": 5}),
        )
        # The heading box goes just before the section it names.
        self.order_fields([*(f"words_{k}" for k in SECTION_KEYS), "more_heading", f"words_{MORE}"])

    def words(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"words_{key}", "") for key in (*SECTION_KEYS, MORE)}


class AuditFilterForm(forms.Form):
    """The audit log's filters (GET). Bad dates are shown at the field and the filter is left out."""

    person = forms.CharField(label=_("Person (name or email)"), required=False, max_length=150)
    kind = forms.ChoiceField(label=_("Kind of act"), required=False)
    since = forms.DateField(label=_("From (day, like 2026-03-01)"), required=False)
    until = forms.DateField(label=_("To (day, like 2026-03-31)"), required=False)

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("Every kind")), *kinds]
