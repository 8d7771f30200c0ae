from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReferenceForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"),
        help_text=_("It is printed on the letter and the reply slip, and shown on the call task. For example RT00042."),
        max_length=20,
        error_messages={"required": _("Type the reference. It looks like RT00042.")},
    )


class ProxyReplyForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How did they answer?"),
        choices=[("post", _("By post (a letter or reply slip)")), ("phone", _("On the phone"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose post or phone.")},
    )
    text = forms.CharField(
        label=_("What they said"),
        help_text=_("Use their words if you can."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Type what they said."),
            "max_length": _("Keep it to %(limit_value)s letters or fewer."),
        },
    )
