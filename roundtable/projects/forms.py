from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from roundtable.accounts.models import ProfileSection
from roundtable.lib.money import format_money
from roundtable.projects.models import (
    Expense,
    LadderStep,
    MemberRole,
    Organisation,
    PayRate,
    Project,
    StaffRole,
)

EMAIL_ERRORS = {
    "required": _("Enter an email address"),
    "invalid": _("Enter an email address in the right format, like name@example.com"),
}


PHONE_ALLOWED = re.compile(r"^\+?[0-9 ()-]+$")


def clean_partner_phone(value: str) -> str:
    """A phone number partners can dial: spaces tidied, 10 to 15 digits. Empty stays empty."""
    phone = " ".join((value or "").split())
    if not phone:
        return ""
    digits = re.sub(r"\D", "", phone)
    if not PHONE_ALLOWED.match(phone) or not 10 <= len(digits) <= 15:
        raise forms.ValidationError(_("Enter a phone number using numbers only, like 0113 496 0000"))
    return phone


def clean_address(value: str) -> str:
    """An address with one line per line and no empty lines."""
    return "\n".join(line.strip() for line in (value or "").splitlines() if line.strip())


if TYPE_CHECKING:
    _FormBase = forms.BaseForm  # the forms this mixes into, so mypy knows cleaned_data
else:
    _FormBase = object


class ContactFieldsMixin(_FormBase):
    """Phone and postal address for partners: printed on every letter, shown where partners look."""

    def clean_phone(self) -> str:
        return clean_partner_phone(self.cleaned_data.get("phone", ""))

    def clean_postal_address(self) -> str:
        return clean_address(self.cleaned_data.get("postal_address", ""))


class OrganisationContactForm(ContactFieldsMixin, forms.Form):
    phone = forms.CharField(
        label=_("Phone number for partners"),
        max_length=30,
        required=False,
        help_text=_("We print it on every letter. Use a number someone answers, like 0113 496 0000."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "class": "govuk-input--width-20"}),
    )
    postal_address = forms.CharField(
        label=_("Postal address for partners"),
        required=False,
        help_text=_("We print it on every letter, so people can write back."),
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "street-address"}),
    )


class OrganisationForm(OrganisationContactForm):
    name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        error_messages={"required": _("Enter the name of the organisation")},
    )
    kind = forms.ChoiceField(
        label=_("What kind of organisation is it?"),
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a kind")},
    )
    field_order = ["name", "kind", "phone", "postal_address"]


class StaffInviteForm(forms.Form):
    name = forms.CharField(label=_("Their name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Their email address"), error_messages=EMAIL_ERRORS)
    role = forms.ChoiceField(
        label=_("What will they do?"),
        choices=StaffRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a role")},
        help_text=_("Admins manage the organisation. Organisers run projects. Finance pays claims."),
    )


class StaffRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=StaffRole.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class PayRateForm(forms.Form):
    activity = forms.CharField(
        label=_("Activity"),
        max_length=120,
        help_text=_("For example: meetings and workshops"),
        error_messages={"required": _("Enter the activity")},
    )
    unit = forms.ChoiceField(label=_("Paid"), choices=PayRate.Unit.choices, widget=forms.RadioSelect)
    amount = forms.DecimalField(
        label=_("Amount in pounds"),
        min_value=Decimal("0"),
        max_digits=11,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter the amount"),
            "invalid": _("Enter the amount as a number, like 27.50"),
            "min_value": _("The amount cannot be less than 0"),
            "max_decimal_places": _("Use no more than 2 numbers after the point"),
        },
    )
    effective_from = forms.DateField(
        label=_("Starts on"),
        help_text=_("For example, 16/12/2025"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"],
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": _("Enter the date it starts"), "invalid": _("Enter a real date, like 16/12/2025")},
    )
    source_note = forms.CharField(label=_("Where this rate comes from"), max_length=300, required=False)


class ProjectCreateForm(forms.Form):
    title = forms.CharField(
        label=_("Project name"), max_length=200, error_messages={"required": _("Enter a name for the project")}
    )
    visibility = forms.ChoiceField(
        label=_("Who can find it?"),
        choices=Project.Visibility.choices,
        widget=forms.RadioSelect,
        initial=Project.Visibility.INVITE_ONLY,
        error_messages={"required": _("Choose who can find it")},
    )


class RoleOfferForm(ContactFieldsMixin, forms.ModelForm):
    """The role offer, in one page of sections. Publishing checks the essentials."""

    expenses_covered = forms.MultipleChoiceField(
        label=_("Which costs will you pay back?"),
        choices=Expense.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    ladder_step = forms.ChoiceField(
        label=_("How much say will partners have?"),
        choices=LadderStep.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Be honest. Partners will see this before they join."),
    )
    outcome_due = forms.DateField(
        label=_("When will you tell partners the outcome?"),
        required=False,
        help_text=_("For example, 31/07/2027"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": _("Enter a real date, like 31/07/2027")},
    )
    hours_per_month = forms.DecimalField(
        label=_("Hours each month"),
        required=False,
        min_value=Decimal("0.5"),
        max_value=Decimal("200"),
        max_digits=5,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": _("Enter the hours as a number, like 3 or 2.5"),
            "min_value": _("Enter at least half an hour"),
            "max_value": _("Enter no more than 200 hours"),
            "max_decimal_places": _("Use no more than 1 number after the point"),
        },
    )
    duration_months = forms.IntegerField(
        label=_("For how many months"),
        required=False,
        min_value=1,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": _("Enter a whole number of months, like 12"),
            "min_value": _("Enter at least 1 month"),
            "max_value": _("Enter no more than 120 months"),
        },
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "visibility",
            "purpose",
            "partner_activities",
            "ladder_step",
            "hours_per_month",
            "duration_months",
            "where_and_when",
            "pay_rate",
            "unpaid_reason",
            "preparation_paid",
            "travel_time_paid",
            "expenses_covered",
            "input_use",
            "outcome_promise",
            "outcome_due",
            "contact",
            "contact_how",
            "phone",
            "postal_address",
        ]
        labels = {
            "title": _("Project name"),
            "visibility": _("Who can find it?"),
            "purpose": _("What is the project for?"),
            "partner_activities": _("What will partners do?"),
            "where_and_when": _("Where and when will things happen?"),
            "pay_rate": _("Pay rate"),
            "unpaid_reason": _("If the role is unpaid, say why"),
            "preparation_paid": _("Time spent getting ready (reading papers) is paid"),
            "travel_time_paid": _("Time spent travelling is paid"),
            "input_use": _("What will happen to partners' ideas?"),
            "outcome_promise": _("How will you tell partners what happened?"),
            "contact": _("Who should partners contact?"),
            "contact_how": _("How can partners reach them between meetings?"),
            "phone": _("Phone number for partners"),
            "postal_address": _("Postal address for partners"),
        }
        help_texts = {
            "purpose": _("Use plain words. Say why the project matters."),
            "pay_rate": _("From your rate table. The offer shows the rate in force today."),
            "unpaid_reason": _("Only if you chose no pay rate. For example: this is a one-off 20 minute survey."),
            "where_and_when": _("For example: online on Tuesday evenings, 7:30pm to 9pm."),
            "contact_how": _("For example: text or call 07700 900123, weekdays 9am to 5pm."),
            "phone": _("We print it on letters. Leave it empty and we use the one for the whole group."),
            "postal_address": _("We print it on letters. Leave it empty and we use the one for the whole group."),
        }
        widgets = {
            "visibility": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "partner_activities": forms.Textarea(attrs={"rows": 4}),
            "where_and_when": forms.Textarea(attrs={"rows": 3}),
            "unpaid_reason": forms.Textarea(attrs={"rows": 2}),
            "input_use": forms.Textarea(attrs={"rows": 3}),
            "outcome_promise": forms.Textarea(attrs={"rows": 3}),
            "contact_how": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "class": "govuk-input--width-20"}),
            "postal_address": forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
        }

    def __init__(self, *args, rates=None, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        pay_rate = cast(forms.ModelChoiceField, self.fields["pay_rate"])
        contact = cast(forms.ModelChoiceField, self.fields["contact"])
        pay_rate.queryset = rates if rates is not None else PayRate.objects.none()
        pay_rate.required = False
        pay_rate.empty_label = _("No pay (say why below)")
        assert contact.queryset is not None  # a ModelForm's field for a foreign key has its queryset
        contact.queryset = contacts if contacts is not None else contact.queryset.none()
        contact.required = False
        # This form's own copy of the field gets its own labels (Django calls label_from_instance per choice).
        setattr(contact, "label_from_instance", lambda user: user.full_name)  # noqa: B010
        self.fields["title"].error_messages["required"] = _("Enter a name for the project")
        setattr(  # noqa: B010 - the stubs do not know ModelChoiceField.label_from_instance may be replaced
            pay_rate,
            "label_from_instance",
            lambda r: f"{r.activity}: {format_money(r.amount, r.currency)} {r.get_unit_display()}",
        )

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Django's clean returns, typed as never None
        if data.get("pay_rate") and (data.get("unpaid_reason") or "").strip():
            self.add_error("unpaid_reason", _("You chose a pay rate, so leave this empty, or choose no pay"))
        return data


class StepForm(forms.Form):
    title = forms.CharField(label=_("Step"), max_length=200, error_messages={"required": _("Enter the step")})
    description = forms.CharField(
        label=_("What happens in this step"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label=_("What happens"), max_length=200, error_messages={"required": _("Enter what happens")}
    )
    due = forms.DateField(
        label=_("Date"),
        help_text=_("For example, 14/03/2027"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": _("Enter the date"), "invalid": _("Enter a real date, like 14/03/2027")},
    )


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Their name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Their email address"), error_messages=EMAIL_ERRORS)
    role = forms.ChoiceField(
        label=_("They will take part as"),
        choices=MemberRole.choices,
        widget=forms.RadioSelect,
        initial=MemberRole.PARTNER,
    )
    note = forms.CharField(
        label=_("A personal note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ProxyPersonForm(forms.Form):
    full_name = forms.CharField(
        label=_("Their full name"), max_length=150, error_messages={"required": _("Enter their full name")}
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "class": "govuk-input--width-20"}),
    )
    postal_address = forms.CharField(
        label=_("Postal address"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    email = forms.EmailField(label=_("Email address (if they have one)"), required=False, error_messages=EMAIL_ERRORS)
    role = forms.ChoiceField(
        label=_("They will take part as"),
        choices=MemberRole.choices,
        widget=forms.RadioSelect,
        initial=MemberRole.PARTNER,
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Django's clean returns, typed as never None
        if (
            not (data.get("phone") or "").strip()
            and not (data.get("postal_address") or "").strip()
            and not data.get("email")
        ):
            self.add_error("phone", _("Enter a phone number, a postal address or an email, so we can reach them"))
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Can you tell us why? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: the times do not work for me, or I cannot get childcare. This helps the team remove barriers."
        ),
    )


class InterestForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150, error_messages={"required": _("Enter your name")})
    email = forms.EmailField(label=_("Your email address"), error_messages=EMAIL_ERRORS)
    message = forms.CharField(
        label=_("Anything you would like to tell the team? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SharingForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("What can the project team see?"),
        choices=ProfileSection.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Your answers stay yours. The team only sees what you tick. You can change this at any time."),
    )


class LeaveForm(forms.Form):
    reason = forms.CharField(
        label=_("Can you tell us why you are leaving? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnnouncementForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150, error_messages={"required": _("Enter a subject")})
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        error_messages={"required": _("Enter your message")},
    )


class SupportContactForm(forms.Form):
    """One support contact (``projects.support``): who, what they help with, how and when to reach them."""

    kind = forms.ChoiceField(
        label=_("What kind of support"),
        choices=[
            ("wellbeing", _("Wellbeing contact")),
            ("safeguarding", _("Safeguarding lead")),
            ("advice", _("Independent advice line")),
        ],
        widget=forms.RadioSelect,
        initial="advice",
    )
    name = forms.CharField(label=_("Name"), max_length=120, error_messages={"required": _("Enter a name")})
    helps_with = forms.CharField(
        label=_("What they help with"),
        max_length=300,
        required=False,
        help_text=_("For example: help for carers with money"),
    )
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        required=False,
        error_messages={"invalid": EMAIL_ERRORS["invalid"]},
    )
    hours = forms.CharField(
        label=_("When you can reach them"),
        max_length=200,
        required=False,
        help_text=_("For example: Monday to Friday, 9am to 6pm"),
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not PHONE_ALLOWED.match(phone):
            raise forms.ValidationError(_("Type only numbers and spaces"))
        return phone
