"""Who a letter tells its reader to phone or write to: the project's contact, number and address.

Registered with the outbox's letter parts (``notifications/letter_parts.py``) in ``ProjectsConfig.ready``.
A message names its project through its idempotency key (``announcement:<id>:...``,
``invitation:<id>``, ``interest:<id>``) or, for messages from apps above this one, through its
group label (the project's title) among the organiser's organisations. Without a project, the
organiser's organisation's details are used.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from roundtable.notifications.letter_parts import LetterContact, LetterParts

if TYPE_CHECKING:
    from roundtable.notifications.models import Message
    from roundtable.projects.models import Organisation, Project

_KEYED = re.compile(r"^(announcement|invitation|interest):(\d+)")


def contact_for_project(project: Project, *, person=None) -> LetterContact:
    """The contact printed on a letter about ``project``: its named contact (else ``person``), the
    project's phone and address, falling back to its organisation's."""
    who = project.contact if project.contact_id else person
    return LetterContact(
        name=who.full_name if who is not None else "",
        organisation=project.organisation.name,
        phone=project.partner_phone,
        address=project.partner_address,
        privacy_path=privacy_path(project.organisation),
    )


def contact_for_organisation(organisation: Organisation, *, person=None) -> LetterContact:
    return LetterContact(
        name=person.full_name if person is not None else "",
        organisation=organisation.name,
        phone=organisation.phone.strip(),
        address=organisation.postal_address.strip(),
        privacy_path=privacy_path(organisation),
    )


def privacy_path(organisation: Organisation) -> str:
    """The organisation's privacy notice on this website (a promised address, issue 18)."""
    return f"/organisations/{organisation.slug}/privacy/"


def _project_for(message: Message) -> Project | None:
    from roundtable.projects.models import Announcement, Interest, Invitation, Project

    found = _KEYED.match(message.idempotency_key or "")
    if found:
        by_kind: dict[str, type[Announcement] | type[Invitation] | type[Interest]] = {
            "announcement": Announcement,
            "invitation": Invitation,
            "interest": Interest,
        }
        model = by_kind[found.group(1)]
        row = model.objects.select_related("project__organisation", "project__contact").filter(pk=found.group(2))
        item = row.first()
        return item.project if item is not None and item.project_id else None
    if message.group_label and message.organiser_id:
        return (
            Project.objects.select_related("organisation", "contact")
            .filter(title=message.group_label, organisation__staff__user_id=message.organiser_id)
            .order_by("-id")
            .first()
        )
    return None


def letter_parts(message: Message) -> LetterParts | None:
    """The contact for a letter: the message's project (with its support contacts, printed after the
    contact), else the organiser's organisation."""
    from roundtable.projects.models import Organisation

    person = message.organiser if message.organiser_id else None
    project = _project_for(message)
    if project is not None:
        from roundtable.projects.support import letter_lines, support_contacts

        return LetterParts(
            contact=contact_for_project(project, person=person),
            support=letter_lines(support_contacts(project=project)),
        )
    if person is None:
        return None
    organisation = Organisation.objects.filter(staff__user=person).order_by("id").first()
    if organisation is None:
        return None
    return LetterParts(contact=contact_for_organisation(organisation, person=person))
