"""Who may handle an organiser task now: the rule lives in `projects` (staff roles), above this app.

A message can name the organisation whose organisers handle it if it cannot reach the person
(`Message.scope_organisation_id`). Tasks for such a message (letters to post, calls to make, messages
nobody could get), which show a person's phone number, address and access needs, follow the roles people
hold NOW: someone whose admin or organiser role there was removed stops seeing them at once, and new tasks
go to someone who still holds the role. `projects` registers the rule at start-up
(`ProjectsConfig.ready`), so this app never imports a higher one. With nothing registered (this app's own
tests) tasks simply belong to their assignee.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class TaskAccess:
    """`organisations_for(user_id)`: ids of organisations where the person may handle tasks now (a lazy
    query, used as a subquery so pages stay at one query).
    `handler_for(organisation_id)`: the user id to give a task to when its organiser may not (or None)."""

    organisations_for: Callable[[int], Iterable[int]]
    handler_for: Callable[[int], int | None]


_access: TaskAccess | None = None


def register_task_access(access: TaskAccess | None) -> None:
    global _access
    _access = access


def visible_tasks_q(user_id: int, prefix: str = "") -> Q:
    """A filter on OrganiserTask (or, with prefix, a relation to it) for the tasks this person may see now."""
    mine = Q(**{f"{prefix}assignee_id": user_id})
    if _access is None:
        return mine
    scope = f"{prefix}message__scope_organisation_id"
    allowed = _access.organisations_for(user_id)
    return mine & (Q(**{f"{scope}__isnull": True}) | Q(**{f"{scope}__in": allowed}))


def may_handle(user_id: int | None, organisation_id: int | None) -> bool:
    """Whether this person may handle tasks for a message scoped to this organisation now."""
    if user_id is None:
        return False
    if organisation_id is None or _access is None:
        return True
    return organisation_id in set(_access.organisations_for(user_id))


def task_assignee_for(message) -> int | None:
    """Who gets a new task for this message: its organiser if they still may, otherwise the organisation's
    first admin or organiser (None when there is nobody)."""
    if may_handle(message.organiser_id, message.scope_organisation_id):
        return message.organiser_id
    if _access is None or message.scope_organisation_id is None:
        return message.organiser_id
    return _access.handler_for(message.scope_organisation_id)
