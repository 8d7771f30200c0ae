"""Every write in credits: the ledger, suggestions from attendance and claims, outputs and naming choices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import CommunicationProfile, Naming, User
from roundtable.audit.services import audit_record
from roundtable.credits.models import Contribution, ContributionType, CreditProfile, Degree, Output, OutputCredit
from roundtable.credits.naming import credited_name, orcid_is_valid, orcid_normalise
from roundtable.credits.permissions import require_contribution_recording
from roundtable.credits.types import TYPES
from roundtable.lib.i18n import in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.meetings.models import Attendance, AttendanceStatus
from roundtable.notifications.services import message_queue
from roundtable.payments.models import Claim, ClaimKind, ClaimStatus
from roundtable.projects.models import Project
from roundtable.projects.permissions import require_organiser_of

CONFIRMED_CLAIMS = (ClaimStatus.APPROVED, ClaimStatus.PAID)
MAX_HOURS = Decimal("24")


def contribution_types_sync() -> int:
    """Make the table match ``types.TYPES``. Idempotent; returns how many rows were added."""
    added = 0
    with transaction.atomic():
        for order, (slug, name, description, roles, keyword) in enumerate(TYPES):
            _row, created = ContributionType.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": str(name),
                    "description": str(description),
                    "credit_roles": roles,
                    "all_contributors": keyword,
                    "order": order,
                },
            )
            added += int(created)
    return added


def _type(slug: str) -> ContributionType:
    row = ContributionType.objects.filter(slug=slug).first()
    if row is None:
        contribution_types_sync()
        row = ContributionType.objects.get(slug=slug)
    return row


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"))


def contributions_suggest(*, project: Project | None = None) -> int:
    """Suggest contributions from meetings people came to and from approved or paid time claims.

    Idempotent: run it as often as you like (the worker's regular jobs do); each meeting and each
    claim gives at most one suggestion. Returns how many new suggestions it made.
    """
    with transaction.atomic():
        insight, other = _type("lived_experience"), _type("other")
        attendance = Attendance.objects.filter(status=AttendanceStatus.ATTENDED).exclude(role=Attendance.Role.STAFF)
        claims = Claim.objects.filter(kind=ClaimKind.TIME, status__in=CONFIRMED_CLAIMS)
        done_meetings = Contribution.objects.filter(source=Contribution.Source.ATTENDANCE)
        done_claims = Contribution.objects.filter(source=Contribution.Source.CLAIM)
        if project is not None:
            attendance = attendance.filter(project=project)
            claims = claims.filter(project=project)
            done_meetings = done_meetings.filter(project=project)
            done_claims = done_claims.filter(project=project)
        have = set(done_meetings.values_list("person_id", "meeting_id"))
        have_claims = set(done_claims.values_list("claim_id", flat=True))
        rows = []
        for row in attendance.select_related("meeting").iterator(chunk_size=2000):
            if (row.user_id, row.meeting_id) in have:
                continue
            meeting = row.meeting
            minutes = row.minutes_present(meeting)
            if not minutes and not (meeting.actual_started_at and meeting.actual_ended_at):
                minutes = max(0, int((meeting.ends_at - meeting.starts_at).total_seconds() // 60))
            rows.append(
                Contribution(
                    person_id=row.user_id,
                    project_id=row.project_id,
                    type=insight,
                    date=timezone.localdate(meeting.starts_at),
                    description=(_("Came to the meeting: %(title)s") % {"title": meeting.title})[:500],
                    hours=_hours(minutes),
                    meeting=meeting,
                    source=Contribution.Source.ATTENDANCE,
                )
            )
            have.add((row.user_id, row.meeting_id))
        for claim in claims.iterator(chunk_size=2000):
            if claim.pk in have_claims or (claim.meeting_id and (claim.claimant_id, claim.meeting_id) in have):
                continue
            hours = (claim.hours or Decimal(0)) + (claim.prep_hours or Decimal(0))
            rows.append(
                Contribution(
                    person_id=claim.claimant_id,
                    project_id=claim.project_id,
                    type=other,
                    date=claim.work_date,
                    description=(claim.activity or _("Paid work for the project"))[:500],
                    hours=hours,
                    claim=claim,
                    meeting_id=claim.meeting_id,
                    source=Contribution.Source.CLAIM,
                )
            )
        Contribution.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


def _check_fields(*, date: dt.date, hours: Decimal | None, degree: str) -> None:
    errors = {}
    if date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    if hours is not None and not (Decimal(0) <= hours <= MAX_HOURS):
        errors["hours"] = _("Hours must be between 0 and 24.")
    if degree not in Degree.values:
        errors["degree"] = _("Choose how big your part was.")
    if errors:
        raise ValidationError(errors)


def contribution_add(
    *,
    actor: User,
    project: Project,
    person: User,
    type: ContributionType,
    degree: str,
    date: dt.date,
    description: str,
    hours: Decimal | None = None,
) -> Contribution:
    """A person adds their own (an organiser checks it), or an organiser adds one (confirmed at once)."""
    require_contribution_recording(actor, project, person)
    _check_fields(date=date, hours=hours, degree=degree)
    by_organiser = actor.pk != person.pk
    with transaction.atomic():
        contribution = Contribution.objects.create(
            person=person,
            project=project,
            type=type,
            degree=degree,
            date=date,
            description=description.strip(),
            hours=hours,
            source=Contribution.Source.ORGANISER if by_organiser else Contribution.Source.PERSON,
            status=Contribution.Status.CONFIRMED if by_organiser else Contribution.Status.SUGGESTED,
            created_by=actor,
            checked_by=actor if by_organiser else None,
            checked_at=timezone.now() if by_organiser else None,
        )
        if by_organiser:
            audit_record(
                actor=actor,
                action="credits.contribution_add",
                subject=person,
                obj=contribution,
                summary=f"{type.slug} on {date}",
            )
    return contribution


def contribution_check(
    *,
    actor: User,
    contribution: Contribution,
    confirm: bool,
    degree: str | None = None,
    type: ContributionType | None = None,
) -> Contribution:
    """An organiser confirms (or does not confirm) a contribution. Idempotent and race-safe."""
    require_organiser_of(actor, contribution.project)
    if degree is not None and degree not in Degree.values:
        raise ValidationError({"degree": _("Choose how big the part was.")})
    with transaction.atomic():
        row = Contribution.objects.select_for_update().get(pk=contribution.pk)
        status = Contribution.Status.CONFIRMED if confirm else Contribution.Status.DECLINED
        changes: dict[str, Any] = {}
        if degree and degree != row.degree:
            changes["degree"] = degree
        if type is not None and type.pk != row.type_id:
            changes["type"] = type
        if row.status == status and not changes:
            return row
        if not confirm and row.outputs.exclude(status=Output.Status.DRAFT).exists():
            raise ValidationError(_("This is part of an output that people have been told about, so it stays."))
        for name, value in changes.items():
            setattr(row, name, value)
        row.status, row.checked_by, row.checked_at = status, actor, timezone.now()
        row.save()
        audit_record(actor=actor, action="credits.contribution_check", subject=row.person, obj=row, summary=status)
    return row


def orcid_set(*, actor: User, orcid: str) -> CreditProfile:
    """Save (or clear) the person's own ORCID iD. The check digit must be right."""
    value = orcid_normalise(orcid) if orcid.strip() else ""
    if value and not orcid_is_valid(value):
        raise ValidationError({"orcid": _("This is not a real ORCID iD. Check it: it looks like 0000-0002-1825-0097.")})
    with transaction.atomic():
        profile, _created = CreditProfile.objects.select_for_update().get_or_create(user=actor)
        if profile.orcid != value:
            profile.orcid = value
            profile.save(update_fields=["orcid"])
            audit_record(
                actor=actor, subject=actor, obj=profile, action="credits.orcid_set", summary=value or "cleared"
            )
    return profile


def output_create(
    *, actor: User, project: Project, kind: str, title: str, contributions: Iterable[Contribution]
) -> Output:
    """Record an output and the confirmed contributions it drew on; each person starts with their usual naming."""
    require_organiser_of(actor, project)
    chosen = list(contributions)
    if not chosen:
        raise ValidationError({"contributions": _("Choose at least one contribution.")})
    wrong = [c for c in chosen if c.project_id != project.pk or c.status != Contribution.Status.CONFIRMED]
    if wrong:
        raise ValidationError({"contributions": _("Choose only work that is confirmed for this project.")})
    with transaction.atomic():
        output = Output.objects.create(project=project, kind=kind, title=title.strip(), created_by=actor)
        output.contributions.set(chosen)
        _credits_ensure(output)
        audit_record(actor=actor, action="credits.output_create", obj=output, summary=output.title[:200])
    return output


def _credits_ensure(output: Output) -> None:
    people = set(output.contributions.values_list("person_id", flat=True))
    have = set(output.credits.values_list("person_id", flat=True))
    profiles = {p.user_id: p for p in CommunicationProfile.objects.filter(user_id__in=people - have)}
    OutputCredit.objects.bulk_create(
        [
            OutputCredit(
                output=output,
                person_id=pid,
                naming=profiles[pid].naming if pid in profiles else Naming.ANONYMOUS,
                pseudonym=profiles[pid].pseudonym if pid in profiles else "",
            )
            for pid in sorted(people - have)
        ],
        ignore_conflicts=True,
    )
    output.credits.exclude(person_id__in=people).delete()


def output_tell(*, actor: User, output: Output) -> int:
    """Tell each person how they will be named, so they can change it. Idempotent per person."""
    require_organiser_of(actor, output.project)
    with transaction.atomic():
        output = Output.objects.select_for_update().get(pk=output.pk)
        if output.status == Output.Status.PUBLISHED:
            raise ValidationError(_("This is already published."))
        sent = 0
        for credit in output.credits.select_related("person", "person__profile"):
            person = credit.person
            name = credited_name(
                naming=credit.naming,
                full_name=person.full_name,
                short_name=person.short_name,
                pseudonym=credit.pseudonym,
            )
            with in_language_of(person):
                shown = (
                    _("You will not be mentioned.")
                    if name is None
                    else _("You will be named as: %(name)s.") % {"name": name}
                )
                message_queue(
                    recipient=person,
                    kind="credits_naming",
                    organiser=actor,
                    organisation_id=output.project.organisation_id,
                    idempotency_key=f"credits:output:{output.pk}:naming:{person.pk}",
                    subject=_("How we will name you in “%(title)s”") % {"title": output.title},
                    body=_(
                        "We are about to share “%(title)s”. You helped make it. Thank you.\n\n%(shown)s\n\n"
                        "You can change this before we share it."
                    )
                    % {"title": output.title, "shown": shown},
                    link_url=absolute_url(reverse("credits:naming", args=[output.pk])),
                    link_text=_("Change how you are named"),
                    group_label=output.project.title,
                )
            sent += 1
        if output.status == Output.Status.DRAFT:
            output.status, output.told_at = Output.Status.CHECKING, timezone.now()
            output.save(update_fields=["status", "told_at"])
        audit_record(
            actor=actor, obj=output, action="credits.naming_told", summary=output.title, details={"told": sent}
        )
    return sent


def output_naming_set(*, actor: User, output: Output, naming: str, pseudonym: str = "") -> OutputCredit:
    """The person chooses how they are named in this output. Only they can, and only before it is published."""
    with transaction.atomic():
        credit = OutputCredit.objects.select_for_update().filter(output=output, person=actor).first()
        if credit is None:
            raise PermissionDenied
        if naming not in Naming.values:
            raise ValidationError({"naming": _("Choose how you want to be named.")})
        if naming == Naming.PSEUDONYM and not pseudonym.strip():
            raise ValidationError({"pseudonym": _("Write the made-up name you want us to use.")})
        if Output.objects.filter(pk=output.pk, status=Output.Status.PUBLISHED).exists():
            raise ValidationError(_("This is already published, so your name in it cannot change now."))
        credit.naming = naming
        credit.pseudonym = pseudonym.strip() if naming == Naming.PSEUDONYM else ""
        credit.chosen_at = timezone.now()
        credit.save()
        audit_record(actor=actor, action="credits.naming_set", subject=actor, obj=credit, summary=naming)
    return credit


def output_publish(*, actor: User, output: Output, link: str) -> Output:
    """Mark the output published, with its link. People must have been told first. Idempotent."""
    require_organiser_of(actor, output.project)
    with transaction.atomic():
        row = Output.objects.select_for_update().get(pk=output.pk)
        if row.status == Output.Status.PUBLISHED:
            return row
        if row.status == Output.Status.DRAFT:
            raise ValidationError(_("First tell people how they will be named, so they can change it."))
        row.status, row.link, row.published_at = Output.Status.PUBLISHED, link.strip(), timezone.now()
        row.save(update_fields=["status", "link", "published_at"])
        audit_record(actor=actor, action="credits.output_publish", obj=row, summary=row.title[:200])
    return row
