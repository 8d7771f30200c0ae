"""Every write about progress updates, outcomes and nudges.

Keyword-only ``<thing>_<verb>`` functions, each in one transaction, taking the
acting person. Messages go through the outbox (``message_queue_many``), keyed
``update:<id>:<person>`` and ``outcome:<id>:<person>``, so publishing twice
never sends twice, and the delivery page reads them back by that prefix.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.lib.i18n import by_language, day_words, ids_by_language, in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.notifications.services import message_queue, message_queue_many, message_queue_many_ids, project_scope
from roundtable.projects.models import Membership, Milestone, Project
from roundtable.projects.permissions import require_organiser_of
from roundtable.updates.models import (
    DEFAULT_CADENCE_DAYS,
    Nudge,
    NudgeKind,
    Outcome,
    OutcomeRecipient,
    ProgressUpdate,
    UpdateCadence,
)

OUTCOME_WARNING_DAYS = 14


def _organiser(project: Project, actor: User | None = None) -> User | None:
    return project.contact or actor or project.created_by


@transaction.atomic
def cadence_set(*, actor: User, project: Project, days: int) -> UpdateCadence:
    require_organiser_of(actor, project)
    cadence, _created = UpdateCadence.objects.select_for_update().get_or_create(project=project)
    before = None if _created else cadence.days
    cadence.days = days
    cadence.full_clean()
    cadence.save()
    if before != days:
        audit_record(actor=actor, obj=cadence, action="updates.cadence_set", details={"before": before, "days": days})
    return cadence


def _resolve(project: Project, kinds: list[str], now: datetime) -> None:
    Nudge.objects.filter(project=project, kind__in=kinds, resolved_at__isnull=True).update(resolved_at=now)


@transaction.atomic
def update_publish(*, actor: User, project: Project, title: str, body: str, easy_read_url: str = "") -> ProgressUpdate:
    """Publish a progress update and send it to every current member, each their own way.

    The members are read as ids and languages (``ids_by_language``) and queued with
    ``message_queue_many_ids``: a few dozen queries and no model per person, for 5,000 members.
    """
    require_organiser_of(actor, project)
    update = ProgressUpdate(
        project=project, author=actor, title=title.strip(), body=body.strip(), easy_read_url=easy_read_url
    )
    update.full_clean()
    update.save()
    members = User.objects.filter(memberships__project=project, memberships__status=Membership.Status.ACTIVE)
    for language, people in ids_by_language(members.values_list("pk", "profile__language")).items():
        with translation.override(language):
            message_queue_many_ids(
                recipient_ids=people,
                key_prefix=f"update:{update.pk}:",
                subject=update.title,
                body=update.body,
                kind="progress_update",
                sender=actor,
                organiser=_organiser(project, actor),
                organisation_id=project.organisation_id,
                link_url=absolute_url(reverse("updates:update", args=[project.pk, update.pk])),
                link_text=_("Read the update"),
                group_label=project.title,
                easy_read_url=easy_read_url,
                scope=project_scope(project.pk),
            )
    _resolve(project, [NudgeKind.UPDATE_OVERDUE], update.published_at)
    audit_record(actor=actor, obj=update, action="updates.published", summary=update.title)
    return update


def outcome_body(outcome: Outcome) -> str:
    return "\n\n".join(
        [
            _("What we found or changed:"),
            outcome.found.strip(),
            _("What your ideas and time did:"),
            outcome.input_effect.strip(),
            _("Thank you for taking part."),
        ]
    )


@transaction.atomic
def outcome_publish(
    *,
    actor: User,
    project: Project,
    title: str,
    found: str,
    input_effect: str,
    easy_read_url: str = "",
    milestone: Milestone | None = None,
    final: bool = True,
) -> Outcome:
    """Publish an outcome and send it to every past and present member, including those who left.

    One OutcomeRecipient row per person records their membership at the time
    and their message, so the organiser can see that it reached each of them.
    """
    require_organiser_of(actor, project)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if milestone is not None and milestone.project_id != project.pk:
        raise ValidationError({"milestone": _("Please choose a milestone of this project.")})
    outcome = Outcome(
        project=project, author=actor, title=title.strip(), found=found.strip(), input_effect=input_effect.strip(),
        easy_read_url=easy_read_url, milestone=milestone, final=final,
    )  # fmt: skip
    outcome.full_clean()
    outcome.save()
    memberships = list(Membership.objects.filter(project=project).select_related("user__profile").order_by("id"))
    messages = []
    for language, people in by_language(m.user for m in memberships).items():
        with translation.override(language):
            messages += message_queue_many(
                recipients=people,
                key_prefix=f"outcome:{outcome.pk}:",
                subject=outcome.title,
                body=outcome_body(outcome),
                kind="outcome",
                sender=actor,
                organiser=_organiser(project, actor),
                organisation_id=project.organisation_id,
                link_url=absolute_url(reverse("updates:outcome", args=[project.pk, outcome.pk])),
                link_text=_("Read what happened"),
                group_label=project.title,
                easy_read_url=easy_read_url,
                scope=project_scope(project.pk),
                for_leavers=True,  # the outcome goes to everyone who took part, and still goes after they leave
            )
    by_user = {m.recipient_id: m for m in messages}
    OutcomeRecipient.objects.bulk_create(
        [
            OutcomeRecipient(outcome=outcome, user=m.user, member_status=m.status, message=by_user.get(m.user_id))
            for m in memberships
        ],
        ignore_conflicts=True,
    )
    if final:
        _resolve(project, [NudgeKind.OUTCOME_DUE_SOON, NudgeKind.OUTCOME_OVERDUE], outcome.published_at)
    audit_record(
        actor=actor, action="outcome.published", obj=outcome,
        summary=f"{actor} sent the outcome of {project} to {len(memberships)} past and present members",
        details={"project_id": project.pk, "members": len(memberships)},
    )  # fmt: skip
    return outcome


# --- Nudges (run by the worker every 30 seconds, through lib.periodic) -----------------------------------------


def _nudge(project: Project, kind: str, due_on: date, week: int, subject: str, body: str, link: str) -> bool:
    organiser = _organiser(project)
    if organiser is None:
        return False
    try:
        with transaction.atomic():
            nudge = Nudge.objects.create(project=project, kind=kind, due_on=due_on, week=week, organiser=organiser)
            nudge.message = message_queue(
                recipient=organiser, subject=subject, body=body, kind="nudge", organiser=organiser,
                idempotency_key=f"nudge:{project.pk}:{kind}:{due_on.isoformat()}:{week}",
                link_url=link, link_text=_("Write it now"), group_label=project.title,
            )  # fmt: skip
            nudge.save(update_fields=["message"])
    except IntegrityError:
        return False  # another worker made this week's nudge
    return True


def _weeks_since(due_on: date, today: date) -> int:
    return max(0, (today - due_on).days // 7)


def nudges_send_due(*, now: datetime | None = None) -> int:
    """Nudge organisers whose progress update is overdue, or whose promised outcome is due or late.

    One nudge per project, kind and week, so a forgotten project gets a weekly
    reminder until the update or outcome is sent. Returns how many were sent.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    projects = (
        Project.objects.filter(status__in=[Project.Status.PUBLISHED, Project.Status.ENDED])
        .select_related("update_cadence", "contact__profile", "created_by__profile")
        .annotate(last_update=Max("progress_updates__published_at"))
    )
    final_done = set(Outcome.objects.filter(final=True).values_list("project_id", flat=True))
    for project in projects:
        with in_language_of(_organiser(project)):  # the nudge is in the organiser's language
            if project.status == Project.Status.PUBLISHED and project.published_at:
                cadence = getattr(project, "update_cadence", None)
                days = cadence.days if cadence else DEFAULT_CADENCE_DAYS
                since = project.last_update or project.published_at
                due_on = timezone.localdate(since) + timedelta(days=days)
                if today > due_on:
                    sent += _nudge(
                        project, NudgeKind.UPDATE_OVERDUE, due_on, _weeks_since(due_on, today),
                        _("Time for a progress update: %(title)s") % {"title": project.title},
                        _("You promised partners an update every %(days)s days. The last one was on %(date)s. "
                          "A few lines about what has happened keeps everyone with you.")
                        % {"days": days, "date": day_words(timezone.localdate(since))},
                        absolute_url(reverse("updates:update_new", args=[project.pk])),
                    )  # fmt: skip
            if project.outcome_due and project.pk not in final_done:
                link = absolute_url(reverse("updates:outcome_new", args=[project.pk]))
                if today > project.outcome_due:
                    sent += _nudge(
                        project, NudgeKind.OUTCOME_OVERDUE, project.outcome_due,
                        _weeks_since(project.outcome_due, today),
                        _("The outcome is late: %(title)s") % {"title": project.title},
                        _("You promised to tell partners the outcome by %(date)s. Please send it now, "
                          "to everyone who took part, including people who left.")
                        % {"date": day_words(project.outcome_due)},
                        link,
                    )  # fmt: skip
                elif (project.outcome_due - today).days <= OUTCOME_WARNING_DAYS:
                    sent += _nudge(
                        project, NudgeKind.OUTCOME_DUE_SOON, project.outcome_due, 0,
                        _("The outcome is due soon: %(title)s") % {"title": project.title},
                        _("You promised to tell partners the outcome by %(date)s.")
                        % {"date": day_words(project.outcome_due)},
                        link,
                    )  # fmt: skip
    return sent
