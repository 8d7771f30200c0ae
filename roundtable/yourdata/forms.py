"""Forms for "your data": the words that confirm deleting an account, and an admin's reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmDeleteForm(forms.Form):
    confirm = forms.CharField(
        label=_("To delete your account, type: delete my account"),
        max_length=40,
        error_messages={"required": _("Type the words delete my account to show you are sure.")},
    )


class ProxyDeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("How and when did they ask for their account to be deleted?"),
        help_text=_("For example: on the phone to me on 3 March. This is kept in the record of who did what."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say how and when they asked for their account to be deleted.")},
    )
