from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.notifications.services import OUTCOME_MAX_LENGTH


class TaskDoneForm(forms.Form):
    outcome = forms.CharField(
        label=_("What happened? (optional)"),
        help_text=_("For example: posted on Monday, or spoke to her on the phone."),
        required=False,
        max_length=OUTCOME_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Please write less than %(limit_value)s letters.")},
    )
