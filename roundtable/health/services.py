"""Writes of the health check: snapshots of each sign, taken as at the end of a London day, and the alerts
sent when a sign turns "at risk" (docs/health.md, "Snapshots, trends and alerts").

The worker's job ``health.snapshots`` (registered in ``HealthConfig.ready()``) runs
``snapshots_take_due`` on every pass. It fills in every London day that has ended and has no snapshot
yet, oldest first, a bounded number a pass, and tells the right people once when a sign has just
turned "at risk".
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import DateField, Max, Min, OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.health.changes import organisation_changed
from roundtable.health.models import HealthMeasurement, HealthSnapshot, Rating
from roundtable.health.registry import Finding, Sign
from roundtable.health.selectors import measure_project
from roundtable.lib.dates import zone
from roundtable.lib.i18n import day_words, in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.notifications.models import NOT_GONE_STATUSES, Message
from roundtable.notifications.services import message_queue, messages_withdraw, project_scope
from roundtable.projects.models import Project, StaffMembership, StaffRole
from roundtable.projects.selectors import organisers_of

logger = logging.getLogger(__name__)

# How far back the first snapshot of a project goes: a project published long ago gets at most this many
# days of history filled in (a little over a year, enough for the page's twelve-month trend).
BACKFILL_DAYS = 400
# The most project-days one pass of the worker takes. One project-day measures every sign (about ten
# measures, each a few queries), so a pass stays well under a minute; a longer backlog (the first run on a
# year of history) is worked off over the next passes, the projects with the fewest days due first.
MAX_PROJECT_DAYS_PER_PASS = 200
# The outbox's kind of every alert.
ALERT_KIND = "health_at_risk"
# The page every alert without an action of its own links to (issue 15, "URLs").
PROJECT_HEALTH_PATH = "/projects/{pk}/health/"


def end_of_london_day(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` on the London clock (23:59:59.999999 London), as an aware datetime."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=zone())


def last_ended_london_day(now: dt.datetime | None = None) -> dt.date:
    """The newest London day that has ended by ``now`` (aware; default now): yesterday on the London clock.

    At 00:30 London on 29 March the day 28 March (23 hours long: the clocks went forward) has ended; at
    23:30 London on 31 October the day (25 hours long: the clocks went back) has not.
    """
    return (now or timezone.now()).astimezone(zone()).date() - dt.timedelta(days=1)


def _take(project: Project, on: dt.date, *, summed: bool = True) -> list[tuple[Sign, Finding, HealthSnapshot]]:
    """Measure and keep one London day of ``project``; returns each sign with its finding and row.

    ``summed`` False leaves the organisation page's summary of its snapshots to the caller (the nightly job
    sums a project up once after all the days it takes). Queries: the signs' own, then one to keep every
    sign's row, and four to sum the project up again (``summaries_keep``).
    """
    measured = measure_project(project, as_of=end_of_london_day(on))
    rows = [
        HealthSnapshot(
            project=project,
            taken_on=on,
            sign=sign.number,
            rating=finding.rating,
            value=finding.value,
            evidence=finding.evidence,
            summary=finding.summary,
        )
        for sign, finding in measured
    ]
    # One insert for the day's rows; a row already there (the day taken again, or by another worker at the
    # same moment) is updated in place: the unique constraint (project, day, sign) makes each row once.
    HealthSnapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["project", "taken_on", "sign"],
        update_fields=["rating", "value", "evidence", "summary", "created_at"],
    )
    if summed:
        summaries_keep([project.pk], checked=True)  # what its organisation's page reads, with this day
    organisation_changed(project.organisation_id)  # its organisation's health page is drawn again
    return [(sign, finding, row) for (sign, finding), row in zip(measured, rows, strict=True)]


def summaries_keep(project_ids: list[int], *, replace: bool = True, checked: bool = False) -> dict[int, dict]:
    """Work out the organisation page's summary of each of ``project_ids``' snapshots now and keep it
    (``HealthSummary``, ``selectors_summary``). Returns project id -> the summary's data.

    ``replace`` True (a write of snapshots, after it): each row is replaced. False (a page that found no
    summary, or one of another shape): only missing rows are added, so a summary kept by a write a moment
    later is never replaced by one worked out before it. Projects that no longer exist are left out
    (``checked`` True: the caller knows they exist). Queries: one for the projects (none when ``checked``),
    three to work them out, one or two to keep them; none for no project.
    """
    from roundtable.health import selectors_summary
    from roundtable.health.models import HealthSummary

    if not project_ids:
        return {}
    existing = (
        list(project_ids) if checked else list(Project.objects.filter(pk__in=project_ids).values_list("pk", flat=True))
    )
    found = selectors_summary.summaries_compute(existing)
    rows = [HealthSummary(project_id=pid, format=selectors_summary.FORMAT, data=data) for pid, data in found.items()]
    if not rows:
        return found
    if replace:
        HealthSummary.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["project"], update_fields=["format", "data", "summed_at"]
        )
    else:
        HealthSummary.objects.filter(project_id__in=existing).exclude(format=selectors_summary.FORMAT).delete()
        HealthSummary.objects.bulk_create(rows, ignore_conflicts=True)
    return found


def summary_forget(project_id: int) -> int:
    """Drop ``project_id``'s kept summary (a snapshot of it changed); the page works it out again if nothing
    keeps it first. Returns how many rows went. One query."""
    from roundtable.health.models import HealthSummary

    return HealthSummary.objects.filter(project_id=project_id).delete()[0]


def take_snapshot(project: Project, on: dt.date) -> list[HealthSnapshot]:
    """Measure every sign of ``project`` as at the end of the London day ``on`` and keep it, one row per sign.

    Taking the same day again replaces that day's rows (idempotent), so a missed night can be filled in
    later with the same result. Returns the rows, in the seed's order of signs.
    """
    return [row for _sign, _finding, row in _take(project, on)]


@dataclass(frozen=True)
class _Due:
    project: Project
    first: dt.date  # the oldest London day to take
    last: dt.date  # the newest: the last ended London day

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def _due(last_day: dt.date) -> list[_Due]:
    """Every published or ended project with London days to take up to ``last_day``, fewest days first. 1 query."""
    projects = (
        Project.objects.filter(status__in=[Project.Status.PUBLISHED, Project.Status.ENDED])
        .select_related("organisation")
        # The newest day per project from the snapshots' unique index (project, day, sign): one short index
        # read each, never a scan of every project's history, as this runs on every pass of the worker.
        .annotate(
            last_taken=Subquery(
                HealthSnapshot.objects.filter(project_id=OuterRef("pk")).order_by("-taken_on").values("taken_on")[:1],
                output_field=DateField(),
            )
        )
        .filter(Q(last_taken__isnull=True) | Q(last_taken__lt=last_day))
    )
    earliest = last_day - dt.timedelta(days=BACKFILL_DAYS - 1)
    due = []
    for project in projects:
        if project.last_taken is not None:
            first = project.last_taken + dt.timedelta(days=1)
        else:
            started = project.published_at or project.created_at
            first = max(started.astimezone(zone()).date(), earliest)
        if first <= last_day:
            due.append(_Due(project=project, first=first, last=last_day))
    return sorted(due, key=lambda d: (d.days, d.project.pk))


def snapshots_take_due(*, now: dt.datetime | None = None, limit: int | None = None) -> int:
    """The worker's job ``health.snapshots``: take every due snapshot and send the alerts. Returns project-days taken.

    For each published or ended project it takes, oldest first, every London day that has ended by ``now``
    (aware; default now) and has no snapshot yet: from the day after its newest snapshot, or for a project
    with none from the day it was published (at most ``BACKFILL_DAYS`` back). So a missed night is filled
    in, and when everything is up to date the job does nothing (one query). At most ``limit`` project-days
    a pass (default ``MAX_PROJECT_DAYS_PER_PASS``; the demo loader may pass more); the rest wait for the
    next pass.

    Two workers at once take each row once (``_take``) and queue each alert once (its idempotency key).
    Alerts go only for the last ended London day, in the same transaction as its snapshot (``alerts_send``),
    so filling in old nights never sends news of days long past. A project whose measures fail (a bug in
    one sign) is logged with its id and left for the next pass; the other projects are still taken.
    """
    last_day = last_ended_london_day(now)
    budget = MAX_PROJECT_DAYS_PER_PASS if limit is None else limit
    taken = 0
    for due in _due(last_day):
        if budget <= 0:
            break
        day = due.first
        try:
            while day <= due.last and budget > 0:
                # The last ended day and its alerts are kept together, so a worker stopped in between
                # neither loses an alert nor leaves a day that would never be told.
                with transaction.atomic():
                    findings = _take(due.project, day, summed=False)
                    if day == last_day:
                        alerts_send(due.project, on=day, findings=findings)
                        alerts_withdraw_recovered(due.project, findings=findings)
                taken += 1
                budget -= 1
                day += dt.timedelta(days=1)
        except Exception:  # noqa: BLE001 - one project's broken measure must not stop every other project
            logger.exception("Health snapshot of project %s for %s failed", due.project.pk, day)
            budget -= 1  # the failed try counts, so a pass over many broken projects still ends soon
        if day > due.first:
            # Summed up once for all the days just taken, then the organisation's page is drawn again.
            summaries_keep([due.project.pk], checked=True)
            organisation_changed(due.project.organisation_id)
    return taken


# --- Alerts ---------------------------------------------------------------------------------------------------


def people_to_alert(project: Project) -> list[User]:
    """Who is told when a sign of ``project`` turns "at risk": its organisers and the organisation's leads.

    The organisers are the project's contact if they still organise it, otherwise every organiser and
    admin of the organisation (``projects.selectors.organisers_of``), as for a glossary question. Every
    co-production lead (``StaffRole.LEAD``) is told too; an admin who is not the contact is told only if
    they also lead. Nobody else: not finance staff, not partners, not other organisations. Active people
    only, each once, by id. 3 queries.
    """
    organiser_ids = set(organisers_of(organisation_id=project.organisation_id).values_list("pk", flat=True))
    lead_ids = set(
        StaffMembership.objects.filter(organisation_id=project.organisation_id, role=StaffRole.LEAD).values_list(
            "user_id", flat=True
        )
    )
    told = {project.contact_id} if project.contact_id in organiser_ids else organiser_ids
    return list(User.objects.filter(pk__in=told | lead_ids, is_active=True).select_related("profile").order_by("pk"))


def _at_risk_since(project: Project, on: dt.date, numbers: list[int]) -> dict[int, dt.date]:
    """For each sign in ``numbers`` (at risk on ``on``), the London day its present stretch of "at risk"
    began: the day after its newest snapshot that was not at risk, or its first snapshot. 1 query."""
    rows = (
        HealthSnapshot.objects.filter(project=project, sign__in=numbers, taken_on__lte=on)
        .values("sign")
        .annotate(last_not=Max("taken_on", filter=~Q(rating=Rating.AT_RISK)), first=Min("taken_on"))
    )
    return {
        row["sign"]: row["last_not"] + dt.timedelta(days=1) if row["last_not"] is not None else row["first"]
        for row in rows
    }


def alerts_send(project: Project, *, on: dt.date, findings: list[tuple[Sign, Finding, HealthSnapshot]]) -> int:
    """Tell ``people_to_alert(project)`` about each sign that is "at risk" on the London day ``on`` (the last
    ended day, just taken), once for each stretch of days it stays at risk. Returns how many new messages
    were queued.

    A stretch begins on the day after the sign's newest snapshot that was not at risk (or on its first
    snapshot), and the key ``health:<project>:<sign>:at_risk:<that day>:<person>`` makes its message once,
    however often the job runs or the night is taken again. So a sign that stays at risk is not told again
    each night; one that gets better and then slips back is a new stretch and is told again; a stretch
    that began in nights filled in later is told now, as it is still true; and a stretch that ended before
    ``on`` is never told (it is not news any more). A person who starts to organise or lead during a
    stretch is told on the next night.

    One message per person and sign, through the outbox their way (their channels, times and round-ups),
    with the sign's plain finding and its next action as an absolute link (the project's health page when
    the sign gives none). Queries: 2, plus 3 to find the people and about 3 per new message.
    """
    at_risk = [(sign, finding) for sign, finding, _row in findings if finding.rating == Rating.AT_RISK]
    if not at_risk:
        return 0
    since = _at_risk_since(project, on, [sign.number for sign, _finding in at_risk])
    people = people_to_alert(project)

    def key(sign: Sign, person: User) -> str:
        return f"health:{project.pk}:{sign.number}:at_risk:{since.get(sign.number, on).isoformat()}:{person.pk}"

    wanted = [key(sign, person) for sign, _finding in at_risk for person in people]
    already = set(Message.objects.filter(idempotency_key__in=wanted).values_list("idempotency_key", flat=True))
    sent = 0
    for sign, finding in at_risk:
        if finding.action is not None:
            link = absolute_url(finding.action.url)
        else:
            link = absolute_url(PROJECT_HEALTH_PATH.format(pk=project.pk))
        for person in people:
            if key(sign, person) in already:
                continue
            with in_language_of(person):
                subject, body, link_text = _alert_words(project, sign, finding, since.get(sign.number, on))
                message_queue(
                    recipient=person,
                    kind=ALERT_KIND,
                    subject=subject,
                    body=body,
                    link_url=link,
                    link_text=link_text,
                    group_label=project.title,
                    organisation_id=project.organisation_id,
                    idempotency_key=key(sign, person),
                    topic=alert_topic(project, sign),
                    scope=project_scope(project.pk),
                )
            sent += 1
    return sent


def alerts_withdraw_recovered(project: Project, *, findings: list[tuple[Sign, Finding, HealthSnapshot]]) -> int:
    """Withdraw the alerts not sent yet (held for a round-up, waiting for a contact time or an organiser's
    letter) about each sign of ``project`` that is no longer at risk in ``findings`` (the last ended night),
    so nobody reads old news in their weekly round-up. Alerts already sent stay; alerts of a later stretch
    are not covered (``upto_message_id``). Returns how many were withdrawn. 1 query, plus the withdrawals.
    """
    topics = [alert_topic(project, sign) for sign, finding, _row in findings if finding.rating != Rating.AT_RISK]
    if not topics:
        return 0
    pending = (
        Message.objects.filter(topic__in=topics, kind=ALERT_KIND, status__in=NOT_GONE_STATUSES)
        .values("topic")
        .annotate(upto=Max("pk"))
        .values_list("topic", "upto")
    )
    return sum(
        messages_withdraw(topic=topic, upto_message_id=upto, reason=_("It got better before we sent this."))
        for topic, upto in pending
    )


def alert_topic(project: Project, sign: Sign) -> str:
    """The outbox topic of the alerts about one sign of one project: ``"health:<project>:<sign>"``."""
    return f"health:{project.pk}:{sign.number}"


def _alert_words(project: Project, sign: Sign, finding: Finding, since: dt.date) -> tuple[str, str, str]:
    """The subject, body and link text of one alert, in plain words and the active language."""
    subject = _("%(project)s is at risk: %(sign)s") % {"project": project.title, "sign": str(sign.title)}
    lines = [
        _("The health check for %(project)s says “at risk” for one of its ten warning signs: %(sign)s.")
        % {"project": project.title, "sign": str(sign.title)},
        _("It has said this since %(day)s.") % {"day": day_words(since, weekday=True)},
        _("What we found: %(summary)s") % {"summary": str(finding.summary)},
    ]
    if finding.action is not None:
        lines.append(_("What to do next: %(action)s") % {"action": str(finding.action.text)})
        link_text = str(finding.action.text)
    else:
        lines.append(_("Open the health check to see what to do next."))
        link_text = _("Open the health check")
    lines.append(_("We tell you once. If it gets better and then slips back, we tell you again."))
    return subject, "\n\n".join(lines), link_text


# --- The kept measurement (docs/health.md, "The kept measurement") -------------------------------------------

# The most projects the worker measures again in one pass; the rest wait for the next pass (30 seconds).
MEASUREMENTS_PER_PASS = 20


def measurement_take(project: Project, *, language: str, now: dt.datetime | None = None) -> HealthMeasurement:
    """Measure ``project``'s whole health check as at ``now`` (aware; default now) in ``language`` and keep it
    as its one ``HealthMeasurement`` row for that language. Returns the row kept.

    Idempotent and race-safe: the row is made once (unique on project and language) and updated under a
    row lock; a measurement older than the one already kept (another worker finished a newer one first) is
    dropped, so the newest always wins. A change to the record seen while measuring (``changed_at`` after
    ``now``), or a page asking again after ``now``, is kept, so the row stays stale and is measured again.
    Queries: the page's own measurement (about 80, fixed whatever the amount of data), then 2 to 4 to keep it.
    """
    from roundtable.health import stored
    from roundtable.health.selectors_pages import project_health

    now = now or timezone.now()
    with translation.override(language):
        # The member's view: it keeps every next step with its staff-only mark, and no comment (stored.py).
        data = stored.dump(project_health(project, staff=False, as_of=now))
    with transaction.atomic():
        kept = HealthMeasurement.objects.select_for_update().filter(project=project, language=language).first()
        if kept is None:
            try:
                with transaction.atomic():
                    return HealthMeasurement.objects.create(
                        project=project, language=language, measured_at=now, data=data
                    )
            except IntegrityError:  # another worker made the row a moment ago: update it as below
                kept = HealthMeasurement.objects.select_for_update().get(project=project, language=language)
        if kept.measured_at > now:
            return kept
        kept.measured_at = now
        kept.data = data
        kept.version += 1
        if kept.changed_at is not None and kept.changed_at <= now:
            kept.changed_at = None
        if kept.requested_at is not None and kept.requested_at <= now:
            kept.requested_at = None
        kept.save(update_fields=["measured_at", "data", "changed_at", "requested_at", "version"])
        return kept


def measurement_request(measurement: HealthMeasurement, *, now: dt.datetime | None = None) -> bool:
    """Ask the worker to measure ``measurement``'s project again (a page found it stale). Returns True if this
    call asked, False if someone already had: asking twice has one effect. One query."""
    now = now or timezone.now()
    asked = HealthMeasurement.objects.filter(pk=measurement.pk, requested_at__isnull=True).update(requested_at=now)
    return bool(asked)


def measurements_take_requested(*, now: dt.datetime | None = None, limit: int = MEASUREMENTS_PER_PASS) -> int:
    """The worker's job ``health.measurements``: measure again each kept measurement a page asked for, the
    longest waiting first, at most ``limit`` a pass. Returns how many were measured. When nobody asked, one
    query. Two workers at once may both measure a project; ``measurement_take`` keeps one row, the newest.
    A project whose measures fail is logged with its id and left asked for, for the next pass.
    """
    wanted = list(
        HealthMeasurement.objects.filter(requested_at__isnull=False)
        .select_related("project", "project__organisation")
        .order_by("requested_at", "pk")[:limit]
    )
    taken = 0
    for measurement in wanted:
        try:
            measurement_take(measurement.project, language=measurement.language, now=now)
        except Exception:  # noqa: BLE001 - one project's broken measure must not stop every other project
            logger.exception("Health measurement of project %s failed", measurement.project_id)
            continue
        taken += 1
    return taken


def record_changed(project_id: int, *, now: dt.datetime | None = None) -> int:
    """Mark every kept measurement of project ``project_id`` stale: its record changed at ``now`` (aware;
    default now). Only the first change after a measurement is kept (the page asks for a new one).
    Returns how many rows were marked. One query."""
    now = now or timezone.now()
    return HealthMeasurement.objects.filter(project_id=project_id, changed_at__isnull=True).update(changed_at=now)
