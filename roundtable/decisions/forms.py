"""Forms for proposals, votes (one's own or recorded by proxy), closing, and the project's decision settings.

The closing date and time are typed as text like meetings' ("14/03/2027", "8pm"), joined on the London clock.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roundtable.decisions.models import Channel, Option, Proposal
from roundtable.decisions.services import MAX_SCORE, consent_words
from roundtable.lib.forms import join_on_the_clock
from roundtable.meetings.forms import date_field, time_field
from roundtable.meetings.models import AgendaItem, Paper

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ProposalForm(forms.Form):
    question = forms.CharField(
        label=_("What are we deciding?"),
        max_length=300,
        help_text=_("Ask one clear question. Like this: Can we meet on Saturday mornings?"),
    )
    background = forms.CharField(
        label=_("Background (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What people need to know to decide, in plain words."),
    )
    kind = forms.ChoiceField(
        label=_("How will people vote?"),
        choices=Proposal.Kind.choices,
        initial=Proposal.Kind.CONSENT,
        widget=forms.RadioSelect,
    )
    options = forms.CharField(
        label=_("Options (not needed for consent)"),
        required=False,
        max_length=2400,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option on each line, at least two."),
    )
    closes_on = date_field(_("Voting closes on"))
    closes_time = time_field(_("at"))
    voters = forms.ChoiceField(
        label=_("Who may vote?"), choices=Proposal.Voters.choices, initial="everyone", widget=forms.RadioSelect
    )
    anonymous = forms.ChoiceField(
        label=_("Are votes named or anonymous?"),
        choices=[
            ("no", _("Named: members see how each person voted")),
            (
                "yes",
                _("Secret: nobody can see how anyone voted, not even staff. You cannot change a secret vote."),
            ),
        ],
        initial="no",
        widget=forms.RadioSelect,
    )
    results_while_open = forms.ChoiceField(
        label=_("Show the results while voting is open?"), choices=YES_NO, initial="yes", widget=forms.RadioSelect
    )
    papers: forms.ModelMultipleChoiceField[Paper] = forms.ModelMultipleChoiceField(
        label=_("Papers to read (optional)"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    agenda_item: forms.ModelChoiceField[AgendaItem] = forms.ModelChoiceField(
        label=_("Which meeting item is this from? (optional)"), queryset=None, required=False
    )

    def __init__(self, *args, papers=None, agenda_items=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["papers"]).queryset = papers
        setattr(self.fields["papers"], "label_from_instance", lambda p: p.title)  # noqa: B010 - as in other forms
        cast(forms.ModelChoiceField, self.fields["agenda_item"]).queryset = agenda_items
        setattr(self.fields["agenda_item"], "label_from_instance", lambda i: f"{i.meeting.title}: {i.title}")  # noqa: B010
        if not papers.exists():
            del self.fields["papers"]

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Django's clean returns, typed as never None
        day, time = data.get("closes_on"), data.get("closes_time")
        if day and time:
            closes_at = join_on_the_clock(self, "closes_time", day, time)
            if closes_at is not None and closes_at <= timezone.now():
                self.add_error("closes_on", _("The closing time must be in the future. Choose a later date or time."))
            data["closes_at"] = closes_at
        return data

    def proposal_data(self) -> dict:
        data = self.cleaned_data
        return {
            "question": data["question"],
            "background": data.get("background", ""),
            "kind": data["kind"],
            "closes_at": data.get("closes_at"),
            "voters": data["voters"],
            "anonymous": data["anonymous"] == "yes",
            "results_while_open": data["results_while_open"] == "yes",
            "agenda_item": data.get("agenda_item"),
        }

    def option_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]


def option_words(option: Option) -> str:
    return str(consent_words(option.code)) if option.code else option.text


class VoteForm(forms.Form):
    """One person's vote, drawn for the proposal's kind: radios, tick boxes, a place or a score per option."""

    reason = forms.CharField(
        label=_("Why? (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, proposal: Proposal, options: list[Option], initial_choice=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.proposal, self.options = proposal, options
        kind = proposal.kind
        pairs = {int(p[0]): int(p[1]) for p in (initial_choice or [])}
        choices = [(str(o.pk), option_words(o)) for o in options]
        if kind in (Proposal.Kind.CONSENT, Proposal.Kind.ONE):
            self.fields["choice"] = forms.ChoiceField(
                label=_("Choose one"), choices=choices, widget=forms.RadioSelect,
                error_messages={"required": _("Choose one option.")},
            )  # fmt: skip
            if pairs:
                self.initial["choice"] = str(next(iter(pairs)))
        elif kind == Proposal.Kind.SEVERAL:
            self.fields["choice"] = forms.MultipleChoiceField(
                label=_("Choose one or more"), choices=choices, widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Choose at least one option.")},
            )  # fmt: skip
            if pairs:
                self.initial["choice"] = [str(k) for k in pairs]
        else:
            values = range(1, len(options) + 1) if kind == Proposal.Kind.RANK else range(MAX_SCORE + 1)
            for o in options:
                label = (
                    _("Place for: %(option)s (1 is first)") if kind == Proposal.Kind.RANK
                    else _("Score for: %(option)s (0 to 5)")
                ) % {"option": option_words(o)}  # fmt: skip
                self.fields[f"o{o.pk}"] = forms.TypedChoiceField(
                    label=label, coerce=int, choices=[("", "")] + [(str(v), str(v)) for v in values],
                    error_messages={"required": _("Choose a number for this option.")},
                )  # fmt: skip
                if o.pk in pairs:
                    self.initial[f"o{o.pk}"] = str(pairs[o.pk])
        if kind == Proposal.Kind.CONSENT and proposal.reasons_required:
            self.fields["reason"].label = _("Why? (you must say why if you block)")
            self.fields["reason"].mark_optional = False  # type: ignore[attr-defined]  # the label says when it is needed
        self.order_fields([*[n for n in self.fields if n != "reason"], "reason"])

    def choice(self) -> list[list[int]]:
        data = self.cleaned_data
        kind = self.proposal.kind
        if kind in (Proposal.Kind.CONSENT, Proposal.Kind.ONE):
            return [[int(data["choice"]), 1]]
        if kind == Proposal.Kind.SEVERAL:
            return [[int(v), 1] for v in data["choice"]]
        return [[o.pk, data[f"o{o.pk}"]] for o in self.options]

    def error_field(self) -> str:
        """Where a service's "choice" error goes: the choice, or the first number field."""
        return "choice" if "choice" in self.fields else next((n for n in self.fields if n.startswith("o")), "reason")


class ProxyVoteForm(VoteForm):
    """An organiser records the vote of someone who does not use the web, by phone or from a letter."""

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = forms.ChoiceField(
            label=_("Whose vote is it?"),
            choices=[("", _("Choose a person"))] + [(str(v.user.pk), v.user.full_name) for v in people],
            error_messages={"required": _("Choose whose vote this is.")},
        )
        self.fields["channel"] = forms.ChoiceField(
            label=_("How did the vote reach you?"),
            choices=[(Channel.PHONE, _("By phone")), (Channel.POST, _("By post"))],
            widget=forms.RadioSelect,
            error_messages={"required": _("Say whether the vote came by phone or by post.")},
        )
        self.fields["reason"].label = _("What they said about why (optional, unless they block)")
        self.fields["reason"].mark_optional = False  # type: ignore[attr-defined]  # the label says when it is needed
        self.order_fields(["person", "channel", *[n for n in self.fields if n not in ("person", "channel")]])


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("What was decided and why"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("In plain words. Everyone who could vote is told this, their way, voted or not."),
        error_messages={"required": _("Write what was decided and why, in plain words.")},
    )
    next_steps = forms.CharField(
        label=_("What happens next (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_on = date_field(_("Look at it again on (optional)"), required=False,
                           help_text=_("We remind you on that day. For example, 14/03/2027"))  # fmt: skip
    without_partners_reason = forms.CharField(
        label=_("If partners were not part of this decision, say why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("If you write a reason, the decision shows as made without partners."),
    )


class WithoutPartnersForm(forms.Form):
    reason = forms.CharField(
        label=_("Why were partners not part of this decision?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why partners were not part of this decision.")},
    )


class DecisionSettingsForm(forms.Form):
    partners_may_propose = forms.ChoiceField(
        label=_("May partners raise proposals?"),
        choices=[("yes", _("Yes, partners may raise proposals")), ("no", _("No, only organisers"))],
        widget=forms.RadioSelect,
    )
