"""Telling people about what happened to what they said. Everything goes through the outbox."""

from __future__ import annotations

from roundtable.notifications.services import message_queue
from roundtable.projects.models import Project


def project_lead(project: Project):
    """Who looks after listening in a project: its named contact, or whoever made it."""
    return project.contact or project.created_by


def tell(
    *, person, project: Project, key: str, subject: str, body: str, link: str = "", link_text: str = "", sender=None
) -> None:
    """Queue one message to one person, their way. Safe to call twice with the same key."""
    if person is None or not person.is_active:
        return
    message_queue(
        recipient=person,
        sender=sender,
        organiser=project_lead(project),
        organisation_id=project.organisation_id,
        kind="feedback",
        subject=str(subject)[:200],
        body=str(body),
        link_url=link,
        link_text=str(link_text),
        group_label=project.title,
        idempotency_key=key,
    )
