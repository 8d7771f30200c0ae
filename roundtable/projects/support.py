"""Support contacts: who a partner can turn to (issue 16, "Support"; docs/safety.md).

Each project names its own: a wellbeing contact, a safeguarding lead and independent advice lines for
carers. Organisers manage them (``/projects/<id>/support/``); every partner page of the project shows
them or links to them; letters print them (``letter_lines``, through ``projects/letters.py``) and call
scripts read them out (``spoken_lines``, registered with ``notifications.letter_parts``).

Writes here follow the house rules (keyword-only, one transaction, the acting person, an audit row);
the reads are one query each.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from roundtable.audit.services import audit_record
from roundtable.notifications.letter_parts import SupportLine
from roundtable.projects.models import Project, SupportContact
from roundtable.projects.permissions import require_organiser_of

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.notifications.models import Message

FIELDS = ("kind", "name", "helps_with", "phone", "email", "hours")
NEEDS_A_WAY = _("Give a phone number or an email address, so people can reach them.")


def _clean(contact: SupportContact) -> None:
    for name in ("name", "helps_with", "phone", "email", "hours"):
        setattr(contact, name, (getattr(contact, name) or "").strip())
    if not contact.phone and not contact.email:
        raise ValidationError({"phone": NEEDS_A_WAY})
    contact.full_clean()


@transaction.atomic
def support_contact_create(
    *,
    actor: User,
    project: Project,
    name: str,
    kind: str = SupportContact.Kind.ADVICE,
    helps_with: str = "",
    phone: str = "",
    email: str = "",
    hours: str = "",
) -> SupportContact:
    """Add a support contact to ``project``. Organisers only (PermissionDenied otherwise).

    Raises ValidationError (at ``phone``) when there is neither a phone number nor an email address.
    """
    require_organiser_of(actor, project)
    contact = SupportContact(
        project=project, kind=kind, name=name, helps_with=helps_with, phone=phone, email=email, hours=hours
    )
    _clean(contact)
    contact.save()
    audit_record(actor=actor, obj=contact, action="project.support_contact_added", summary=contact.name)
    return contact


@transaction.atomic
def support_contact_update(*, actor: User, contact: SupportContact, **fields: str) -> SupportContact:
    """Change a support contact (only the fields in ``FIELDS``). Organisers only; same checks as create."""
    require_organiser_of(actor, contact.project)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    contact = SupportContact.objects.select_for_update().get(pk=contact.pk)
    for key, value in fields.items():
        setattr(contact, key, value)
    _clean(contact)
    contact.save()
    audit_record(actor=actor, obj=contact, action="project.support_contact_changed", summary=contact.name)
    return contact


@transaction.atomic
def support_contact_remove(*, actor: User, contact: SupportContact) -> None:
    """Remove a support contact. Organisers only. Removing one already gone does nothing."""
    require_organiser_of(actor, contact.project)
    deleted, _rows = SupportContact.objects.filter(pk=contact.pk).delete()
    if deleted:
        audit_record(actor=actor, obj=contact.project, action="project.support_contact_removed", summary=contact.name)


def support_contacts(*, project: Project | int) -> list[SupportContact]:
    """The project's support contacts in the order they were added (one query)."""
    project_id = project if isinstance(project, int) else project.pk
    return list(SupportContact.objects.filter(project_id=project_id).order_by("id"))


def support_for_page(*, project: Project, access) -> list[SupportContact] | None:
    """What a project page shows about support: the contacts for partners and other members (one query),
    None for organisers, who get a link to manage them instead (no query, so each page keeps its budget)."""
    if access.is_organiser:
        return None
    return support_contacts(project=project)


def support_contact(*, project: Project, contact_id: int) -> SupportContact:
    """One support contact of ``project`` (one query), or Http404."""
    return get_object_or_404(SupportContact.objects.select_related("project"), project=project, pk=contact_id)


def letter_lines(contacts: Iterable[SupportContact]) -> list[SupportLine]:
    """The contacts as the outbox prints and reads them (``notifications.letter_parts.SupportLine``)."""
    return [
        SupportLine(
            name=c.name,
            kind=str(c.get_kind_display()),
            helps_with=c.helps_with,
            phone=c.phone,
            email=c.email,
            hours=c.hours,
        )
        for c in contacts
    ]


def support_by_project(project_ids: Iterable[int]) -> dict[int, list[SupportLine]]:
    """Support lines for many projects at once (one query), for call scripts over a list of tasks."""
    out: dict[int, list[SupportContact]] = {}
    for contact in SupportContact.objects.filter(project_id__in=set(project_ids)).order_by("id"):
        out.setdefault(contact.project_id, []).append(contact)
    return {pid: letter_lines(rows) for pid, rows in out.items()}


def projects_for_messages(messages: Iterable[Message]) -> dict[int, int]:
    """Which project each message is about, as {message id: project id} (one query).

    A message names its project through its group label (the project's title) among the projects of
    the organiser's organisations, as ``projects/letters.py`` does; the newest such project wins.
    Messages with no group label or no organiser are left out.
    """
    wanted = [(m.pk, m.group_label, m.organiser_id) for m in messages if m.group_label and m.organiser_id]
    if not wanted:
        return {}
    rows = (
        Project.objects.filter(
            title__in={label for _pk, label, _org in wanted},
            organisation__staff__user_id__in={org for _pk, _label, org in wanted},
        )
        .values_list("pk", "title", "organisation__staff__user_id")
        .order_by("pk")
    )
    found: dict[tuple[str, int], int] = {}
    for pk, title, staff_id in rows:
        found[(title, staff_id)] = pk  # newest last, so it wins
    return {pk: found[(label, org)] for pk, label, org in wanted if (label, org) in found}


def spoken_lines(messages: list[Message]) -> dict[int, list[str]]:
    """Call-script lines naming the support contacts, per message id (two queries for any number).

    Registered with ``notifications.letter_parts.register_spoken_parts``.
    """
    project_of = projects_for_messages(messages)
    if not project_of:
        return {}
    lines_by_project = support_by_project(project_of.values())
    out: dict[int, list[str]] = {}
    for message_pk, project_id in project_of.items():
        lines = lines_by_project.get(project_id)
        if lines:
            out[message_pk] = [spoken_support(lines)]
    return out


def spoken_support(lines: list[SupportLine]) -> str:
    """One paragraph to read out: "If you ever want to talk to someone, ..." with each contact's number."""
    parts = []
    for line in lines:
        if line.phone:
            bit = _("%(name)s on %(phone)s") % {"name": line.name, "phone": line.phone}
        else:
            bit = _("%(name)s by email at %(email)s") % {"name": line.name, "email": line.email}
        if line.hours:
            bit += f" ({line.hours})"
        parts.append(bit)
    return _("If you ever want to talk to someone, you can contact %(who)s. Would you like me to send you these?") % {
        "who": "; ".join(parts)
    }
