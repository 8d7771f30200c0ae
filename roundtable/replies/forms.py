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
