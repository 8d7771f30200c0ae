"""Every write about ground rules and breach reports (docs/safety.md).

Keyword-only, one transaction each, the acting person, an audit row. Anything sent to a person goes
through the outbox (``notifications.services.message_queue``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.decisions.models import Option, Proposal
from roundtable.decisions.services import proposal_create, tally
from roundtable.feedback.models import Board
from roundtable.lib.i18n import in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.notifications.services import message_queue
from roundtable.projects.models import Project
from roundtable.projects.permissions import project_access, require_organiser_of
from roundtable.projects.selectors import organisers_of
from roundtable.safety.models import REPORT_MAX, RULE_MAX, BreachReport, GroundRule

VOTE_DAYS = 7  # how long a ground rule's vote stays open


def _clean(text: str, *, field: str, limit: int, empty: str) -> str:
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError({field: empty})
    if len(text) > limit:
        raise ValidationError(
            {field: _("This is %(n)s characters too long. Please cut it to %(limit)s or fewer.")
             % {"n": len(text) - limit, "limit": limit}}
        )  # fmt: skip
    return text


@transaction.atomic
def ground_rule_propose(*, actor: User, project: Project, text: str) -> GroundRule:
    """Suggest a ground rule. Any member or staff member of the project (PermissionDenied otherwise).

    Raises ValidationError at ``text`` when it is empty or longer than ``RULE_MAX`` characters. Audited.
    """
    if not project_access(actor, project).can_view:
        raise PermissionDenied
    rule = GroundRule.objects.create(
        project=project, proposed_by=actor, text=_clean(text, field="text", limit=RULE_MAX, empty=_("Write the rule."))
    )
    audit_record(actor=actor, obj=rule, action="safety.ground_rule_proposed", summary=rule.text)
    return rule


def _lock(rule: GroundRule) -> GroundRule:
    return GroundRule.objects.select_for_update().select_related("project").get(pk=rule.pk)


@transaction.atomic
def ground_rule_put_to_vote(*, actor: User, rule: GroundRule, days: int = VOTE_DAYS) -> Proposal:
    """Ask the project to agree a suggested rule by a consent vote (a proposal in ``decisions``, which
    tells everyone who may vote, their way). Organisers only. Asking twice gives the same proposal.

    The rule becomes agreed when the proposal closes with "Agree" leading and no block
    (``ground_rules_settle``). Raises ValidationError for a rule that is not waiting to be agreed.
    """
    require_organiser_of(actor, rule.project)
    rule = _lock(rule)
    if rule.proposal_id is not None and rule.state == GroundRule.State.VOTING:
        return rule.proposal  # type: ignore[return-value]
    if rule.state not in (GroundRule.State.PROPOSED, GroundRule.State.NOT_AGREED):
        raise ValidationError(_("This rule is not waiting to be agreed."))
    proposal = proposal_create(
        actor=actor,
        project=rule.project,
        data={
            "question": (_("Do we agree this ground rule: %(rule)s") % {"rule": rule.text})[:300],
            "background": _("Ground rules help everyone feel safe to speak. Any member can suggest one."),
            "kind": Proposal.Kind.CONSENT,
            "closes_at": timezone.now() + dt.timedelta(days=days),
        },
        options=[],
    )
    rule.proposal = proposal
    rule.state = GroundRule.State.VOTING
    rule.save(update_fields=["proposal", "state"])
    audit_record(actor=actor, obj=rule, action="safety.ground_rule_put_to_vote", details={"proposal": proposal.pk})
    return proposal


@transaction.atomic
def ground_rule_agree_after_board(*, actor: User, rule: GroundRule, board: Board) -> GroundRule:
    """Agree a rule as the organiser, after the project talked it over on ``board`` (one of its boards).

    Organisers only. The page says "Agreed after people talked on the board <link>". Agreeing twice
    changes nothing. Raises ValidationError for a board of another project or a retired rule. Audited.
    """
    require_organiser_of(actor, rule.project)
    rule = _lock(rule)
    if rule.state == GroundRule.State.AGREED:
        return rule
    if rule.state == GroundRule.State.RETIRED:
        raise ValidationError(_("This rule is no longer used."))
    if board.project_id != rule.project_id:
        raise ValidationError({"board": _("Choose a board of this project.")})
    rule.state = GroundRule.State.AGREED
    rule.agreed_how = GroundRule.How.ORGANISER
    rule.board = board
    rule.agreed_by = actor
    rule.agreed_at = timezone.now()
    rule.full_clean()
    rule.save()
    audit_record(actor=actor, obj=rule, action="safety.ground_rule_agreed", details={"board": board.pk})
    return rule


@transaction.atomic
def ground_rule_retire(*, actor: User, rule: GroundRule) -> GroundRule:
    """Stop using a rule (it stays in the list of past rules). Organisers only. Twice changes nothing."""
    require_organiser_of(actor, rule.project)
    rule = _lock(rule)
    if rule.state != GroundRule.State.RETIRED:
        rule.state = GroundRule.State.RETIRED
        rule.save(update_fields=["state"])
        audit_record(actor=actor, obj=rule, action="safety.ground_rule_retired", summary=rule.text)
    return rule


def _agreed_by_vote(proposal: Proposal) -> bool:
    """Consent: "Agree" leads and nobody blocked (the proposal's own count, ``decisions.services.tally``)."""
    result = tally(proposal)
    codes = dict(Option.objects.filter(proposal=proposal).values_list("pk", "code"))
    blocked = any(result.total.points.get(pk, 0) for pk, code in codes.items() if code == "block")
    leader = result.total.leader()
    return leader is not None and codes.get(leader) == "agree" and not blocked


@transaction.atomic
def ground_rules_settle(*, project: Project | None = None) -> int:
    """Rules put to a vote whose proposal has closed become agreed (``_agreed_by_vote``) or not agreed.

    Safe to run as often as you like (the worker's ``safety.ground_rules_settle`` and each visit to the
    ground rules page). Returns how many rules changed. One query when there is nothing to do.
    """
    waiting = GroundRule.objects.select_for_update().filter(
        state=GroundRule.State.VOTING, proposal__state=Proposal.State.CLOSED
    )
    if project is not None:
        waiting = waiting.filter(project=project)
    changed = 0
    for rule in waiting.select_related("proposal"):
        proposal = rule.proposal
        assert proposal is not None
        if _agreed_by_vote(proposal):
            rule.state = GroundRule.State.AGREED
            rule.agreed_how = GroundRule.How.DECISION
            rule.agreed_by = proposal.closed_by
            rule.agreed_at = proposal.closed_at or timezone.now()
        else:
            rule.state = GroundRule.State.NOT_AGREED
        rule.save()
        audit_record(actor=None, obj=rule, action="safety.ground_rule_settled", details={"state": rule.state})
        changed += 1
    return changed


def ground_rules_settle_due() -> int:
    """The worker's job: settle every project's rules whose vote has closed."""
    return ground_rules_settle()


def report_readers(project: Project) -> list[User]:
    """Who reads a breach report: the project's organisers now (the organisation's admins and organisers)."""
    return list(organisers_of(organisation_id=project.organisation_id).filter(is_active=True))


@transaction.atomic
def breach_report(*, actor: User, project: Project, what_happened: str, rule: GroundRule | None = None) -> BreachReport:
    """Report privately that a ground rule was broken. Any member or staff member of the project.

    Each organiser (``report_readers``) is told through the outbox, once per report, without the words
    of the report (they read it on the reports page). No one else is told or can see it. Raises
    ValidationError at ``what_happened`` (empty or too long) or ``rule`` (another project's). Audited
    without the words.
    """
    if not project_access(actor, project).can_view:
        raise PermissionDenied
    if rule is not None and rule.project_id != project.pk:
        raise ValidationError({"rule": _("Choose a rule of this project.")})
    text = _clean(what_happened, field="what_happened", limit=REPORT_MAX, empty=_("Tell us what happened."))
    report = BreachReport.objects.create(project=project, reporter=actor, rule=rule, what_happened=text)
    link = absolute_url(reverse("safety:reports", args=[project.pk]))
    for reader in report_readers(project):
        with in_language_of(reader):
            message_queue(
                recipient=reader,
                organiser=reader,
                organisation_id=project.organisation_id,
                kind="safety_report",
                subject=_("Someone reported that a ground rule was broken"),
                body=_(
                    "A member of %(project)s sent a private report. Only the people who run it can read it. "
                    "Please read it soon and decide what to do."
                )
                % {"project": project.title},
                link_url=link,
                link_text=_("Read the report"),
                group_label=project.title,
                idempotency_key=f"breach:{report.pk}:reader:{reader.pk}",
                urgent=True,
            )
    audit_record(actor=actor, obj=report, action="safety.breach_reported")
    return report


@transaction.atomic
def breach_report_handled(*, actor: User, report: BreachReport) -> BreachReport:
    """Mark a report as dealt with. Organisers only. Twice changes nothing. Audited."""
    require_organiser_of(actor, report.project)
    report = BreachReport.objects.select_for_update().select_related("project").get(pk=report.pk)
    if report.handled_at is None:
        report.handled_at = timezone.now()
        report.save(update_fields=["handled_at"])
        audit_record(actor=actor, obj=report, action="safety.breach_handled")
    return report
