"""Payment forms. Every field has a plain error message; what was typed is kept on an error."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.accounts.models import User
from roundtable.payments.models import Choice, ExpenseKind
from roundtable.payments.services.common import EXPENSE_MAX

DATE = forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d")


def _money(label, *, required=True, hint=""):
    return forms.DecimalField(
        label=label,
        help_text=hint,
        required=required,
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter an amount, like 12.50"),
            "invalid": _("Enter an amount in numbers, like 12.50"),
            "max_decimal_places": _("Enter pounds and pence only, like 12.50"),
            "max_digits": _("That amount is too big."),
            "max_whole_digits": _("That amount is too big."),
            "min_value": _("Enter an amount of 0 or more."),
        },
    )


def _date(label):
    return forms.DateField(
        label=label,
        widget=DATE,
        error_messages={"required": _("Enter the day."), "invalid": _("Enter a real day, like 27 3 2026")},
    )


def _hours(label, *, required=True, hint=""):
    return forms.DecimalField(
        label=label,
        help_text=hint,
        required=required,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("24"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "required": _("Enter how many hours, like 1.5"),
            "invalid": _("Enter hours in numbers, like 1.5"),
            "max_value": _("Enter 24 hours or less."),
            "min_value": _("Enter 0 hours or more."),
            "max_decimal_places": _("Enter hours like 1.5 or 1.25"),
            "max_digits": _("Enter 24 hours or less."),
            "max_whole_digits": _("Enter 24 hours or less."),
        },
    )


class TimeClaimForm(forms.Form):
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)
    work_date = _date(_("Day of the work"))
    activity = forms.CharField(
        label=_("What did you do?"),
        help_text=_("For example: read and commented on the leaflet."),
        max_length=200,
        error_messages={"required": _("Say what you did.")},
    )
    hours = _hours(_("How many hours?"), hint=_("For example, 1.5 for an hour and a half."))
    note = forms.CharField(
        label=_("Anything else (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExpenseClaimForm(forms.Form):
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)
    work_date = _date(_("Day you paid it"))
    expense_kind = forms.ChoiceField(
        label=_("What was the cost for?"),
        choices=ExpenseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the cost was for.")},
    )
    amount = _money(
        _("How much did it cost?"),
        required=False,
        hint=_("In pounds, like 24.00. If you drove, leave it empty: we work it out from the miles."),
    )
    miles = forms.DecimalField(
        label=_("If you drove: how many miles?"),
        required=False,
        max_digits=6,
        decimal_places=1,
        min_value=Decimal("0"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={"invalid": _("Enter miles in numbers, like 12")},
    )
    receipt = forms.FileField(
        label=_("Photo or PDF of the receipt"),
        required=False,
        help_text=_("You can take a photo with your phone."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
    note = forms.CharField(
        label=_("Anything else (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, receipt_over: Decimal | None = None, **kwargs) -> None:
        """``receipt_over``: the organisation's limit in pounds (PaymentSettings.receipt_over), above
        which the claim service refuses a cost without a receipt. The hint says so, and the amount,
        miles and receipt are not marked "(optional)": each is needed in some cases, which the label
        or hint says."""
        super().__init__(*args, **kwargs)
        for name in ("amount", "miles", "receipt"):
            # Our own attribute on Django's field, read by the form tags (rt_forms): no "(optional)" here.
            setattr(self.fields[name], "mark_optional", False)  # noqa: B010
        if receipt_over is not None:
            self.fields["receipt"].help_text = _(
                "You need one for costs over %(limit)s. You can take a photo with your phone."
            ) % {"limit": f"£{receipt_over:,.2f}"}


class ClaimEditForm(forms.Form):
    work_date = _date(_("Day of the work"))
    hours = _hours(_("Hours at the meeting or doing the work"))
    prep_hours = _hours(_("Hours getting ready"), required=False)
    note = forms.CharField(
        label=_("Anything else (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


CLAIM_CHOICES = [
    (Choice.BANK, _("The full fee")),
    (Choice.REDUCED, _("A lower amount for this week")),
    (Choice.DECLINE, _("No payment, thank you")),
    (Choice.EXPENSES_ONLY, _("Pay my costs only, not a fee")),
    (Choice.DONATE, _("Give the fee to a charity")),
]


class ClaimChoiceForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("What would you like for this claim?"),
        choices=CLAIM_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one option.")},
    )
    reduced_to = _money(_("The lower amount"), required=False, hint=_("In pounds, like 40.00"))
    charity = forms.CharField(label=_("Name of the charity"), required=False, max_length=200)


class QueryForm(forms.Form):
    reason = forms.CharField(
        label=_("What do you want to ask?"),
        help_text=_("The person will see this. Be kind and clear."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Say what you want to ask, so the person can answer.")},
    )


class CorrectionForm(forms.Form):
    """The right total for a paid claim (it sets the amount; it does not add). 0 to £5,000 (``CORRECTION_MAX``)."""

    amount = forms.DecimalField(
        label=_("What the claim should come to"),
        help_text=_("The whole right amount in pounds, like 40.00. Not the difference."),
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=EXPENSE_MAX,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter the right amount."),
            "invalid": _("Enter an amount in numbers, like 27.50"),
            "min_value": _("Enter an amount of 0 or more. To take money back, enter a lower amount."),
            "max_value": _("Enter an amount up to £5,000. For more, talk to the organiser first."),
            "max_digits": _("Enter an amount up to £5,000. For more, talk to the organiser first."),
            "max_whole_digits": _("Enter an amount up to £5,000. For more, talk to the organiser first."),
            "max_decimal_places": _("Enter pounds and pence only, like 27.50"),
        },
    )
    reason = forms.CharField(label=_("Why was it wrong?"), max_length=300, error_messages={"required": _("Say why.")})


class PaymentChoiceForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("How would you like to be paid?"),
        choices=Choice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you would like to be paid.")},
    )
    reduced_to = _money(_("The most you want for each claim"), required=False, hint=_("In pounds, like 50.00"))
    charity = forms.CharField(label=_("Name of the charity"), required=False, max_length=200)
    payee_reference = forms.CharField(
        label=_("Payee number from finance (optional)"),
        help_text=_("We never keep your bank details here. Finance keeps them and gives you a number."),
        required=False,
        max_length=60,
    )


class BenefitForm(forms.Form):
    carers_allowance = forms.BooleanField(label=_("I get Carer's Allowance"), required=False)
    universal_credit = forms.BooleanField(label=_("I get Universal Credit"), required=False)
    uc_period_day = forms.IntegerField(
        label=_("Universal Credit: the day of the month your period starts"),
        help_text=_("It is on your statement. For example, 14."),
        required=False,
        min_value=1,
        max_value=31,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={
            "invalid": _("Enter a day of the month, from 1 to 31."),
            "min_value": _("Enter a day of the month, from 1 to 31."),
            "max_value": _("Enter a day of the month, from 1 to 31."),
        },
    )
    other = forms.CharField(label=_("Other benefits (optional)"), required=False, max_length=300)


class MarkPaidForm(forms.Form):
    paid_on = _date(_("Day the bank paid it"))
    reference = forms.CharField(
        label=_("Bank or finance system reference"),
        max_length=100,
        error_messages={"required": _("Enter the bank or finance system reference.")},
    )


class PayeeForm(forms.Form):
    """Finance's payee number for a person (from its own finance system). Never bank details."""

    person: User  # who the number is for; the run page sets it to show the form beside them

    reference = forms.CharField(
        label=_("Payee number"),
        help_text=_("From your finance system. Never bank details. Up to 60 characters."),
        max_length=60,
        error_messages={
            "required": _("Enter the payee number from your finance system."),
            "max_length": _("Use 60 characters or fewer."),
        },
    )


class SettingsForm(forms.Form):
    target_days = forms.IntegerField(
        label=_("Days to pay a claim"),
        min_value=1,
        max_value=90,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": _("Enter a number of days from 1 to 90."),
            "invalid": _("Enter a number of days from 1 to 90."),
            "min_value": _("Enter a number of days from 1 to 90."),
            "max_value": _("Enter a number of days from 1 to 90."),
        },
    )
    receipt_over = _money(_("A receipt is needed for costs over"))
    mileage_rate = _money(_("Pay for each mile driven"), hint=_("45p is common: enter 0.45"))
    advice_name = forms.CharField(label=_("Free benefits advice to point people to"), max_length=200)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why can we not approve it?"),
        help_text=_("The person will see this. Say what they can do next."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say why, so the person knows.")},
    )


class HoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you holding it back?"),
        help_text=_("The person will see this. Say what they or we need to do."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say why, so the person knows.")},
    )


ADVANCE_KINDS = [(value, label) for value, label in ExpenseKind.choices if value != ExpenseKind.MILEAGE]


class AdvanceForm(forms.Form):
    """A cost the organisation booked and paid for a person (a taxi, childcare)."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)
    person = forms.TypedChoiceField(
        label=_("Who was it for?"), coerce=int, error_messages={"required": _("Choose a person.")}
    )
    meeting = forms.TypedChoiceField(label=_("Which meeting? (optional)"), coerce=int, required=False, empty_value=None)
    work_date = _date(_("Day it is for"))
    expense_kind = forms.ChoiceField(
        label=_("What did we pay for?"),
        choices=ADVANCE_KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the cost was for.")},
    )
    amount = _money(_("How much did we pay?"), hint=_("In pounds, like 24.00"))
    activity = forms.CharField(
        label=_("What was booked"),
        help_text=_("For example: taxi to the meeting and home."),
        max_length=200,
        error_messages={"required": _("Say what was booked.")},
    )
    note = forms.CharField(
        label=_("Anything else (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, members=(), meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["person"]).choices = [("", _("Choose a person"))] + [
            (m.pk, str(m)) for m in members
        ]
        cast(forms.ChoiceField, self.fields["meeting"]).choices = [("", _("Not for a meeting"))] + [
            (m.pk, f"{m.title}, {m.starts_at:%-d %b %Y}") for m in meetings
        ]
