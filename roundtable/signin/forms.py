from django import forms
from django.utils.translation import gettext_lazy as _


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the right format, like name@example.com"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class PasswordSignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the right format, like name@example.com"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        error_messages={"required": _("Enter your password")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
