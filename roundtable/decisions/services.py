"""Every write about proposals, votes and outcomes (docs/decisions.md).

Keyword-only functions named ``<thing>_<verb>``, each in one transaction, taking the acting person.
Messages go through ``notifications.services.message_queue`` with idempotency keys:

* ``proposal:<id>:opened:<person>``   a proposal is open: the question, the options, how to vote
                                      (a letter carries a reply slip, ``decisions/letters.py``)
* ``proposal:<id>:closing:<person>``  a reminder before it closes, to those who have not voted (urgent)
* ``proposal:<id>:outcome:<person>``  the outcome, to everyone who could vote, voted or not
* ``proposal:<id>:review:<person>``   the organiser: the review date has come

Opening messages and reminders have the topic ``proposal:<id>`` and are useful until it closes; the
outcome withdraws any that have not gone yet.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.decisions import counting
from roundtable.decisions.electorate import Voter, electorate, side_of
from roundtable.decisions.models import Ballot, Channel, DecisionSettings, HasVoted, Option, Proposal, Vote
from roundtable.lib.i18n import in_language_of
from roundtable.notifications.services import message_queue, messages_withdraw, project_scope
from roundtable.projects.models import Project, StaffRole

CONSENT_OPTIONS = (
    ("agree", "Agree"),
    ("abstain", "Abstain"),
    ("disagree", "Disagree"),
    ("block", "Block"),
)
REMIND_BEFORE = dt.timedelta(hours=48)  # the closing reminder goes this long before it closes
MAX_OPTIONS = 12
MAX_SCORE = 5


def consent_words(code: str) -> str:
    """The words for a consent option, in the active language."""
    return {
        "agree": _("Agree"),
        "abstain": _("Abstain"),
        "disagree": _("Disagree"),
        "block": _("Block"),
    }.get(code, code)


def proposal_url(proposal: Proposal) -> str:
    return f"{settings.SITE_URL}{reverse('decisions:proposal', args=[proposal.project_id, proposal.number])}"


def proposal_topic(proposal: Proposal) -> str:
    """The topic of a proposal's opening messages and reminders (``"proposal:<id>"``)."""
    return f"proposal:{proposal.pk}"


def settings_for(project: Project) -> DecisionSettings:
    """The project's decision settings (made with the defaults the first time)."""
    row, _made = DecisionSettings.objects.get_or_create(project=project)
    return row


@transaction.atomic
def decision_settings_set(*, actor: User, project: Project, partners_may_propose: bool) -> DecisionSettings:
    """Say whether partners may raise proposals on this project. Audited."""
    row = DecisionSettings.objects.select_for_update().filter(project=project).first() or settings_for(project)
    if row.partners_may_propose != partners_may_propose:
        row.partners_may_propose = partners_may_propose
        row.save(update_fields=["partners_may_propose"])
        audit_record(
            actor=actor,
            action="decisions.settings_changed",
            obj=project,
            details={"partners_may_propose": partners_may_propose},
        )
    return row


def _option_lines(proposal: Proposal, options: list[Option]) -> str:
    return "\n".join(f"- {consent_words(o.code) if o.code else o.text}" for o in options)


def _opening_words(proposal: Proposal, options: list[Option]) -> tuple[str, str]:
    closes = timezone.localtime(proposal.closes_at)
    subject = _("Your vote: %(question)s") % {"question": proposal.question}
    lines = [_("We need to make a choice as a group. Your vote counts the same as everyone else's.")]
    lines.append(proposal.question)
    if proposal.background:
        lines.append(proposal.background)
    lines.append(_("You can choose from:") + "\n" + _option_lines(proposal, options))
    lines.append(
        _("Voting closes on %(day)s at %(time)s.")
        % {"day": date_format(closes, "l j F Y"), "time": date_format(closes, "TIME_FORMAT")}
    )
    if proposal.anonymous:
        lines.append(_("Nobody can see how you vote, not even staff."))
    else:
        lines.append(_("Votes are named: other members can see how you voted."))
    return subject, "\n\n".join(lines)


def _tell(
    proposal: Proposal,
    people: list[Voter],
    *,
    actor: User | None,
    kind: str,
    key: str,
    words,
    urgent: bool = False,
    useful_until: dt.datetime | None = None,
    topic: str = "",
    for_leavers: bool = False,
) -> int:
    project = proposal.project
    for voter in people:
        with in_language_of(voter.user):
            subject, body = words()
            message_queue(
                recipient=voter.user,
                sender=actor,
                organiser=project.contact or proposal.created_by or actor,
                organisation_id=project.organisation_id,
                kind=kind,
                subject=subject,
                body=body,
                link_url=proposal_url(proposal),
                link_text=_("See the proposal"),
                group_label=project.title,
                urgent=urgent,
                idempotency_key=key.format(user=voter.user.pk),
                topic=topic,
                scope=project_scope(project.pk),
                useful_until=useful_until,
                for_leavers=for_leavers,
            )
    return len(people)


def _clean_options(kind: str, options: list[str]) -> list[str]:
    if kind == Proposal.Kind.CONSENT:
        return []
    seen: list[str] = []
    for text in options:
        text = (text or "").strip()
        if text and text.lower() not in {s.lower() for s in seen}:
            seen.append(text[:200])
    if len(seen) < 2:
        raise ValidationError({"options": _("Add at least two options people can choose from, one on each line.")})
    if len(seen) > MAX_OPTIONS:
        raise ValidationError(
            {"options": _("Give %(n)s options or fewer, so the vote stays easy to follow.") % {"n": MAX_OPTIONS}}
        )
    return seen


@transaction.atomic
def proposal_create(
    *, actor: User, project: Project, data: dict, options: list[str], papers: list | None = None
) -> Proposal:
    """Raise a proposal and tell everyone who may vote, their way.

    ``data`` holds the Proposal's fields (question, background, kind, closes_at, voters, anonymous,
    results_while_open, reasons_required, agenda_item). ``options`` are the words of each option
    (ignored for consent, which always offers agree, abstain, disagree and block). Raises
    ValidationError at the field for no (or one) option or a closing time in the past. Audited.
    """
    closes_at = data.get("closes_at")
    if closes_at is None or closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("The closing time must be in the future. Choose a later date or time.")})
    texts = _clean_options(data.get("kind", Proposal.Kind.CONSENT), options)
    Project.objects.select_for_update().filter(pk=project.pk).first()  # one number at a time
    number = (Proposal.objects.filter(project=project).aggregate(n=Max("number"))["n"] or 0) + 1
    proposal = Proposal(project=project, number=number, created_by=actor, **data)
    proposal.full_clean(exclude=["papers"])
    proposal.save()
    if papers:
        proposal.papers.set(papers)
    if proposal.kind == Proposal.Kind.CONSENT:
        rows = [
            Option(proposal=proposal, position=i, text=words, code=code)
            for i, (code, words) in enumerate(CONSENT_OPTIONS, 1)
        ]
    else:
        rows = [Option(proposal=proposal, position=i, text=text) for i, text in enumerate(texts, 1)]
    made = Option.objects.bulk_create(rows)
    audit_record(actor=actor, action="decisions.proposal_raised", obj=proposal, summary=proposal.question)
    proposal.project = project
    _tell(
        proposal,
        electorate(project, proposal.voters),
        actor=actor,
        kind="decision_opened",
        key=f"proposal:{proposal.pk}:opened:{{user}}",
        words=lambda: _opening_words(proposal, made),
        topic=proposal_topic(proposal),
        useful_until=proposal.closes_at,
    )
    return proposal


# --- Votes ---------------------------------------------------------------------------------------


def _check_choice(proposal: Proposal, options: list[Option], choice: list, reason: str) -> list[list[int]]:
    """The choice in its stored shape, or ValidationError at the field ("choice" or "reason")."""
    ids = [o.pk for o in options]
    pairs: list[list[int]] = []
    for pair in choice or []:
        try:
            option_id, value = int(pair[0]), int(pair[1])
        except (TypeError, ValueError, IndexError):
            raise ValidationError({"choice": _("Choose from the options on the page.")}) from None
        if option_id not in ids:
            raise ValidationError({"choice": _("Choose from the options on the page.")})
        pairs.append([option_id, value])
    kind = proposal.kind
    chosen = [p for p in pairs if p[1]]
    if kind in (Proposal.Kind.CONSENT, Proposal.Kind.ONE):
        if len(chosen) != 1:
            raise ValidationError({"choice": _("Choose one option.")})
        pairs = [[chosen[0][0], 1]]
    elif kind == Proposal.Kind.SEVERAL:
        if not chosen:
            raise ValidationError({"choice": _("Choose at least one option.")})
        pairs = sorted([[p[0], 1] for p in chosen])
    elif kind == Proposal.Kind.RANK:
        places = sorted(p[1] for p in pairs)
        if sorted(p[0] for p in pairs) != sorted(ids) or places != list(range(1, len(ids) + 1)):
            raise ValidationError(
                {"choice": _("Give each option a different place, from 1 (first) to %(n)s.") % {"n": len(ids)}}
            )
        pairs = sorted(pairs, key=lambda p: p[1])
    elif kind == Proposal.Kind.SCORE:
        if sorted(p[0] for p in pairs) != sorted(ids) or any(not 0 <= p[1] <= MAX_SCORE for p in pairs):
            raise ValidationError({"choice": _("Give every option a score from 0 to %(n)s.") % {"n": MAX_SCORE}})
        pairs = sorted(pairs)
    if kind == Proposal.Kind.CONSENT and proposal.reasons_required and not (reason or "").strip():
        block = next((o.pk for o in options if o.code == "block"), None)
        if pairs[0][0] == block:
            raise ValidationError(
                {"reason": _("Say why you block it. A block stops the decision, so others need to know why.")}
            )
    return pairs


def voting_closed(proposal: Proposal, now: dt.datetime | None = None) -> bool:
    """Whether votes are no longer taken: it is closed, or its closing time has come."""
    return not proposal.is_open or (now or timezone.now()) >= proposal.closes_at


def _save_vote(*, actor: User, proposal: Proposal, person: User, choice: list, reason: str, channel: str) -> str:
    locked = Proposal.objects.select_for_update().select_related("project").get(pk=proposal.pk)
    if voting_closed(locked):
        raise ValidationError(_("Voting on this proposal has closed, so we could not count this vote."))
    side = side_of(locked.project, person, locked.voters)
    if side is None:
        raise PermissionDenied(_("Only people taking part in this project can vote on it."))
    options = list(Option.objects.filter(proposal=locked))
    reason = (reason or "").strip()[:2000]
    pairs = _check_choice(locked, options, choice, reason)
    taken_by = actor if actor.pk != person.pk else None
    if locked.anonymous:
        try:
            with transaction.atomic():
                HasVoted.objects.create(proposal=locked, person=person, side=side, channel=channel, taken_by=taken_by)
        except IntegrityError:
            raise ValidationError(
                _("You have voted already. You cannot change a secret vote, because we do not keep who chose what.")
            ) from None
        Ballot.objects.create(proposal=locked, side=side, choice=pairs, reason=reason)
        audit_record(
            actor=actor,
            action="decisions.voted",
            subject=person,
            obj=locked,
            by_proxy=taken_by is not None,
            summary=_("An anonymous vote (what they chose is not kept with their name)"),
            details={"channel": channel},
        )
        return "new"
    values = {"side": side, "choice": pairs, "reason": reason, "channel": channel, "taken_by": taken_by}
    state = "changed"
    if not Vote.objects.filter(proposal=locked, person=person).update(**values, updated_at=timezone.now()):
        try:
            with transaction.atomic():
                Vote.objects.create(proposal=locked, person=person, **values)
            state = "new"
        except IntegrityError:  # someone saved the same person's vote a moment ago: this one replaces it
            Vote.objects.filter(proposal=locked, person=person).update(**values, updated_at=timezone.now())
    audit_record(
        actor=actor,
        action="decisions.voted",
        subject=person,
        obj=locked,
        by_proxy=taken_by is not None,
        summary=_("A vote, new") if state == "new" else _("A vote, changed"),
        details={"channel": channel, "choice": pairs},
    )
    return state


@transaction.atomic
def vote_cast(*, actor: User, proposal: Proposal, choice: list, reason: str = "") -> str:
    """Save the actor's own vote on the web. Returns "new" or "changed".

    ``choice`` is a list of ``[option id, value]`` (value 1 for chosen; the place when ranking, 1 is
    first; the score 0-5 when scoring). Voting again replaces a named vote (one person, one vote:
    the unique (proposal, person) constraint, with the proposal row locked); an anonymous vote cannot
    be changed. Raises ValidationError (at "choice" or "reason", or for the whole form when voting has
    closed), PermissionDenied for someone who may not vote. Audited.
    """
    return _save_vote(actor=actor, proposal=proposal, person=actor, choice=choice, reason=reason, channel=Channel.WEB)


@transaction.atomic
def vote_record_by_proxy(
    *, actor: User, proposal: Proposal, person: User, choice: list, reason: str = "", channel: str = Channel.PHONE
) -> str:
    """An organiser records the vote of someone who does not use the web: by phone, or from a reply slip.

    Shown as taken by proxy (``taken_by``, ``channel``) and audited as done on their behalf. Refused
    (ValidationError at "person") for someone who uses the web: they vote for themselves. Raises
    PermissionDenied for an actor who does not organise the project. Otherwise as ``vote_cast``.
    """
    if channel not in (Channel.PHONE, Channel.POST):
        raise ValidationError({"channel": _("Say whether the vote came by phone or by post.")})
    project = proposal.project
    if not actor.staff_roles.filter(
        organisation_id=project.organisation_id, role__in=(StaffRole.ADMIN, StaffRole.ORGANISER)
    ).exists():
        raise PermissionDenied(_("Only organisers can add a vote for someone else."))
    if person.uses_web:
        raise ValidationError(
            {
                "person": _(
                    "%(name)s uses the website, so they vote for themselves there. "
                    "You can record votes only for people who do not use the website."
                )
                % {"name": person.full_name}
            }
        )
    return _save_vote(actor=actor, proposal=proposal, person=person, choice=choice, reason=reason, channel=channel)


# --- Closing -------------------------------------------------------------------------------------


def tally(proposal: Proposal) -> counting.Result:
    """Count a proposal's votes (named votes and anonymous ballots). Two queries."""
    option_ids = list(Option.objects.filter(proposal=proposal).values_list("pk", flat=True))
    model = Ballot if proposal.anonymous else Vote
    rows = model.objects.filter(proposal=proposal).values_list("side", "choice")
    return counting.count(proposal.kind, option_ids, rows)


def _outcome_words(proposal: Proposal) -> tuple[str, str]:
    subject = _("What we decided: %(question)s") % {"question": proposal.question}
    lines = [proposal.question, _("What was decided and why:") + "\n" + proposal.outcome]
    if proposal.next_steps:
        lines.append(_("What happens next:") + "\n" + proposal.next_steps)
    if proposal.review_on:
        lines.append(_("We will look at this again on %(day)s.") % {"day": date_format(proposal.review_on, "j F Y")})
    if proposal.made_without_partners:
        lines.append(
            _("Partners did not take part in this decision. This is why:") + "\n" + proposal.without_partners_reason
        )
    lines.append(_("Thank you for taking part."))
    return subject, "\n\n".join(lines)


@transaction.atomic
def proposal_close(
    *,
    actor: User,
    proposal: Proposal,
    outcome: str,
    next_steps: str = "",
    review_on: dt.date | None = None,
    without_partners_reason: str = "",
) -> Proposal:
    """Close a proposal with its outcome and tell everyone who could vote, voted or not, their way.

    ``outcome``: what was decided and why, in plain words (required). ``review_on``: an optional date
    (after today) that brings the organiser a reminder. A ``without_partners_reason`` records it as made
    without partners. The result, partners' view and "carried by staff against partners" are kept as
    they stood at closing. Closing twice changes nothing. Raises ValidationError at the field. Audited.
    """
    locked = Proposal.objects.select_for_update().select_related("project").get(pk=proposal.pk)
    if not locked.is_open:
        return locked
    errors = {}
    if not (outcome or "").strip():
        errors["outcome"] = _("Write what was decided and why, in plain words.")
    if review_on is not None and review_on <= timezone.localdate():
        errors["review_on"] = _("The review date must be after today.")
    if errors:
        raise ValidationError(errors)
    result = tally(locked)
    names = {o.pk: (consent_words(o.code) if o.code else o.text) for o in Option.objects.filter(proposal=locked)}
    leader, partners_leader = result.total.leader(), result.partners.leader()
    locked.state = Proposal.State.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = actor
    locked.outcome = outcome.strip()
    locked.next_steps = (next_steps or "").strip()
    locked.review_on = review_on
    locked.result = names.get(leader, "") if leader else ""
    locked.partners_result = names.get(partners_leader, "") if partners_leader else ""
    locked.partners_voted = result.partners.voters
    locked.against_partners = result.against_partners
    if (without_partners_reason or "").strip():
        locked.made_without_partners = True
        locked.without_partners_reason = without_partners_reason.strip()
    locked.save()
    audit_record(
        actor=actor,
        action="decisions.proposal_closed",
        obj=locked,
        summary=locked.question,
        details={"result": locked.result, "partners_result": locked.partners_result, "review_on": str(review_on or "")},
    )
    messages_withdraw(topic=proposal_topic(locked), reason=_("Voting has closed."), actor=actor)
    _tell(
        locked,
        electorate(locked.project, locked.voters),
        actor=actor,
        kind="decision_outcome",
        key=f"proposal:{locked.pk}:outcome:{{user}}",
        words=lambda: _outcome_words(locked),
        topic=f"proposal:{locked.pk}:outcome",
        for_leavers=True,
    )
    return locked


@transaction.atomic
def proposal_record_without_partners(*, actor: User, proposal: Proposal, reason: str) -> Proposal:
    """Record that a decision was made without partners. Only with a reason (ValidationError at "reason");
    the proposal then shows it. Audited."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why partners were not part of this decision.")})
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    locked.made_without_partners = True
    locked.without_partners_reason = reason[:2000]
    locked.save(update_fields=["made_without_partners", "without_partners_reason"])
    audit_record(actor=actor, action="decisions.made_without_partners", obj=locked, summary=reason)
    return locked


# --- Reminders (the worker, every 30 seconds) -----------------------------------------------------


def _voted_ids(proposal: Proposal) -> set[int]:
    model = HasVoted if proposal.anonymous else Vote
    return set(model.objects.filter(proposal=proposal).values_list("person_id", flat=True))


def _reminder_words(proposal: Proposal) -> tuple[str, str]:
    closes = timezone.localtime(proposal.closes_at)
    subject = _("Voting closes soon: %(question)s") % {"question": proposal.question}
    body = _(
        "You have not voted yet on: %(question)s\n\nVoting closes on %(day)s at %(time)s. "
        "Your vote counts the same as anyone's."
    ) % {"question": proposal.question, "day": date_format(closes, "l j F"), "time": date_format(closes, "TIME_FORMAT")}
    return subject, body


def _review_words(proposal: Proposal) -> tuple[str, str]:
    subject = _("Time to look again at a decision: %(question)s") % {"question": proposal.question}
    body = _("You said you would look again at this decision today.\n\nWhat was decided:\n%(outcome)s") % {
        "outcome": proposal.outcome
    }
    return subject, body


def decisions_send_due(*, now: dt.datetime | None = None) -> int:
    """The worker's job: closing reminders to people who have not voted, and review-date reminders to
    the organiser. Each goes once (``reminded_at``, ``review_reminded_at`` and the messages' keys).
    Returns how many messages were queued. The closing reminder is urgent and useful until it closes."""
    now = now or timezone.now()
    sent = 0
    due = Proposal.objects.filter(
        state=Proposal.State.OPEN, reminded_at__isnull=True, closes_at__gt=now, closes_at__lte=now + REMIND_BEFORE
    ).select_related("project", "created_by", "project__contact")
    for proposal in due:
        with transaction.atomic():
            if not Proposal.objects.filter(pk=proposal.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            if proposal.created_at > proposal.closes_at - REMIND_BEFORE:
                continue  # opened inside the reminder window: the opening message is the reminder
            voted = _voted_ids(proposal)
            people = [v for v in electorate(proposal.project, proposal.voters) if v.user.pk not in voted]
            sent += _tell(
                proposal,
                people,
                actor=None,
                kind="decision_reminder",
                key=f"proposal:{proposal.pk}:closing:{{user}}",
                words=lambda p=proposal: _reminder_words(p),
                urgent=True,
                useful_until=proposal.closes_at,
                topic=proposal_topic(proposal),
            )
    today = timezone.localdate(now)
    reviews = Proposal.objects.filter(
        state=Proposal.State.CLOSED, review_on__lte=today, review_reminded_at__isnull=True
    ).select_related("project", "project__contact", "closed_by", "created_by")
    for proposal in reviews:
        with transaction.atomic():
            if not Proposal.objects.filter(pk=proposal.pk, review_reminded_at__isnull=True).update(
                review_reminded_at=now
            ):
                continue
            organiser = proposal.project.contact or proposal.closed_by or proposal.created_by
            if organiser is None:
                continue
            sent += _tell(
                proposal,
                [Voter(user=organiser, side="staff")],
                actor=None,
                kind="decision_review",
                key=f"proposal:{proposal.pk}:review:{{user}}",
                words=lambda p=proposal: _review_words(p),
                topic=f"proposal:{proposal.pk}:review",
            )
    return sent
