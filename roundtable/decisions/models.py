"""Decisions: proposals, their options, votes and outcomes, and round-table turns (docs/decisions.md).

One person, one vote is a database rule: a named vote is unique per (proposal, person), and for an
anonymous proposal the person's ``HasVoted`` row is unique per (proposal, person). An anonymous
``Ballot`` has no link to the person: no person, no time, no channel, and a random id (so its order
says nothing about who voted when). It keeps only the choice and which side of the table the voter
sat on (partner or staff), so the partners' view can show beside the total.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.projects.models import Project


class Side(models.TextChoices):
    """Which view a vote counts in: a lived-experience partner's, or staff's (professionals and organisers)."""

    PARTNER = "partner", _("Partners")
    STAFF = "staff", _("Staff")


class Channel(models.TextChoices):
    WEB = "web", _("On the website")
    PHONE = "phone", _("By phone, taken by an organiser")
    POST = "post", _("By post, from a reply slip")


class DecisionSettings(models.Model):
    """A project's choices about decisions: for now, whether partners may raise proposals."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="decision_settings")
    partners_may_propose = models.BooleanField(_("Partners may raise proposals"), default=False)

    def __str__(self) -> str:
        return f"Decision settings for {self.project}"


class Proposal(models.Model):
    class Kind(models.TextChoices):
        CONSENT = "consent", _("Consent: agree, abstain, disagree or block")
        ONE = "one", _("Choose one option")
        SEVERAL = "several", _("Choose one or more options")
        RANK = "rank", _("Put the options in order")
        SCORE = "score", _("Give each option a score from 0 to 5")

    class Voters(models.TextChoices):
        EVERYONE = "everyone", _("Everyone taking part, partners and staff")
        PARTNERS = "partners", _("Partners only")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="proposals")
    number = models.PositiveIntegerField()
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    question = models.CharField(_("the question"), max_length=300)
    background = models.TextField(_("background"), blank=True)
    papers = models.ManyToManyField("meetings.Paper", blank=True, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CONSENT)
    closes_at = models.DateTimeField()
    voters = models.CharField(max_length=12, choices=Voters.choices, default=Voters.EVERYONE)
    anonymous = models.BooleanField(default=False)
    results_while_open = models.BooleanField(default=True)
    reasons_required = models.BooleanField(default=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Closing
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField(_("what was decided and why"), blank=True)
    next_steps = models.TextField(_("what happens next"), blank=True)
    review_on = models.DateField(null=True, blank=True)
    review_reminded_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=300, blank=True)  # the leading option at closing, "" for a tie
    partners_result = models.CharField(max_length=300, blank=True)
    partners_voted = models.PositiveIntegerField(default=0)
    against_partners = models.BooleanField(default=False)
    made_without_partners = models.BooleanField(default=False)
    without_partners_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="proposal_number_once"),
            models.CheckConstraint(
                condition=~models.Q(made_without_partners=True, without_partners_reason=""),
                name="proposal_without_partners_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.question}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class Option(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=200)
    # For consent: agree, abstain, disagree, block. Empty for options people wrote.
    code = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "position"], name="option_position_once")]

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    """A named vote: who, what they chose, why, and how it reached us (a proxy vote says who took it).

    ``choice`` is a list of ``[option id, value]`` pairs: value 1 for a chosen option, the place
    (1 = first) when ranking, the score (0 to 5) when scoring.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=8, choices=Side.choices)
    choice = models.JSONField(default=list)
    reason = models.TextField(blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "person"], name="vote_one_per_person")]

    def __str__(self) -> str:
        return f"Vote on {self.proposal_id}"


class Ballot(models.Model):
    """An anonymous vote: the choice and the voter's side only. No person, no time, a random id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="ballots")
    side = models.CharField(max_length=8, choices=Side.choices)
    choice = models.JSONField(default=list)
    reason = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Ballot on {self.proposal_id}"


class HasVoted(models.Model):
    """That a person voted in an anonymous proposal (never what), and how it reached us."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="has_voted")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=8, choices=Side.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "person"], name="has_voted_once")]

    def __str__(self) -> str:
        return f"Voted on {self.proposal_id}"


from roundtable.decisions.models_rounds import *  # noqa: E402, F401, F403
