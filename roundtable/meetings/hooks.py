"""What higher apps do once a meeting's register is recorded.

``meetings`` cannot import ``payments`` (it sits above), yet the register is what claims are drafted
from. So, as with letter parts, the higher app registers an action here from its ``AppConfig.ready()``
(``PaymentsConfig`` registers ``claims_draft_for_meeting``), and ``attendance_record`` runs every
registered action once its transaction has committed. An action that fails is logged and does not
undo the register; the worker's sweep (``claims_draft_due`` in ``worker_tick``) catches up later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django.db import transaction

if TYPE_CHECKING:
    from roundtable.meetings.models import Meeting

RegisterAction = Callable[..., object]

_after_register: list[RegisterAction] = []


def register_after_attendance(action: RegisterAction) -> None:
    """Run ``action(meeting=<Meeting>)`` after each register is recorded. Registering twice is a no-op."""
    if action not in _after_register:
        _after_register.append(action)


def after_attendance_recorded(meeting: Meeting) -> None:
    """Queue every registered action to run after the current transaction commits (robust: one
    failing action is logged by Django and does not stop the others)."""
    for action in list(_after_register):
        transaction.on_commit(cast("Callable[[], object]", lambda action=action: action(meeting=meeting)), robust=True)
