"""This browser's memory of its dots on an anonymous board: a signed cookie, never a database row.

The cookie holds the note ids this person dotted on one board and the ``DotAllowance.version`` it was
written at. It is signed with a salt that includes the person and the board, so it cannot be forged or
moved to someone else, and it is scoped to the board's address. If it is missing or out of date (another
browser was used since), the page simply shows no dots as yours; the count of dots left stays right.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.feedback.boards import DotMemory
from roundtable.feedback.models import Board, DotAllowance

MAX_AGE_SECONDS = 60 * 60 * 24 * 180  # half a year: longer than any board stays open


def _name(board: Board) -> str:
    return f"rt_dots_{board.pk}"


def _salt(board: Board, user) -> str:
    return f"roundtable.feedback.dots:{board.pk}:{user.pk}"


def dot_memory(request: HttpRequest, board: Board) -> DotMemory:
    """The notes this browser dotted on the board, or an empty memory when there is none or it is forged."""
    raw = request.COOKIES.get(_name(board))
    if not raw:
        return DotMemory()
    try:
        data = signing.loads(raw, salt=_salt(board, request.user), max_age=MAX_AGE_SECONDS)
        return DotMemory(notes=frozenset(int(n) for n in data["n"]), version=int(data["v"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return DotMemory()


def current_dots(request: AuthenticatedHttpRequest, board: Board) -> tuple[frozenset[int], int]:
    """(note ids to show as dotted by this viewer, dots used on the board) for an anonymous board."""
    allowance = DotAllowance.objects.filter(board=board, voter=request.user).first()
    memory = dot_memory(request, board)
    if allowance is None:
        return frozenset(), 0
    notes = memory.notes if memory.version == allowance.version else frozenset()
    return notes, allowance.used


def remember_dots(response: HttpResponse, request: HttpRequest, board: Board, memory: DotMemory) -> None:
    """Write the browser's memory back (HttpOnly, scoped to the board's pages)."""
    value = signing.dumps({"n": sorted(memory.notes), "v": memory.version}, salt=_salt(board, request.user))
    response.set_cookie(
        _name(board),
        value,
        max_age=MAX_AGE_SECONDS,
        path=reverse("feedback:board", args=[board.project_id, board.pk]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
