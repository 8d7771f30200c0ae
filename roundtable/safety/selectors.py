"""Reads for ground rules and reports: the pages, the panels and the call scripts (docs/safety.md)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from roundtable.feedback.models import Board
from roundtable.projects.models import Project
from roundtable.safety.models import BreachReport, GroundRule

if TYPE_CHECKING:
    from roundtable.notifications.models import Message

_MEETING_KEY = re.compile(r"^meeting:(\d+):")


def agreed_rules(*, project: Project | int) -> list[GroundRule]:
    """The project's agreed ground rules, oldest agreement first (one query)."""
    project_id = project if isinstance(project, int) else project.pk
    return list(
        GroundRule.objects.filter(project_id=project_id, state=GroundRule.State.AGREED).order_by("agreed_at", "id")
    )


def ground_rules_page(*, project: Project) -> dict:
    """Everything the ground rules page shows: agreed rules (with the board each was agreed after),
    rules waiting (suggested or being voted on, with their proposal) and past ones (one query)."""
    rows = list(
        GroundRule.objects.filter(project=project)
        .select_related("board", "proposal", "proposed_by", "agreed_by")
        .order_by("agreed_at", "proposed_at", "id")
    )
    waiting_states = (GroundRule.State.PROPOSED, GroundRule.State.VOTING)
    return {
        "agreed": [r for r in rows if r.state == GroundRule.State.AGREED],
        "waiting": [r for r in rows if r.state in waiting_states],
        "past": [r for r in rows if r.state in (GroundRule.State.NOT_AGREED, GroundRule.State.RETIRED)],
    }


def ground_rule(*, project: Project, rule_id: int) -> GroundRule:
    """One rule of ``project`` (one query), or Http404."""
    return get_object_or_404(GroundRule.objects.select_related("project"), project=project, pk=rule_id)


def project_boards(*, project: Project) -> list[Board]:
    """The project's boards, newest first, for "agreed after which board?" (one query)."""
    return list(Board.objects.filter(project=project).order_by("-opens_at", "-id"))


def reports_for(*, project: Project) -> list[BreachReport]:
    """Every breach report of the project, newest first, with who sent it and which rule (one query)."""
    return list(BreachReport.objects.filter(project=project).select_related("reporter", "rule"))


def project_panel_data(*, project, access, user) -> dict | None:
    """The project page's "Ground rules" panel: the agreed rules (one query); None for people who cannot see it."""
    if not access.can_view:
        return None
    return {"rules": agreed_rules(project=project)}


def meeting_panel_data(*, meeting, project, access, user) -> dict | None:
    """The meeting page's ground rules, read at the start of each meeting (one query)."""
    if not access.can_view:
        return None
    return {"rules": agreed_rules(project=project)}


def spoken_ground_rules(messages: list[Message]) -> dict[int, list[str]]:
    """Call-script paragraphs for calls about a meeting (key ``meeting:<id>:...``): the project's agreed
    ground rules, read aloud for people who join by phone. Two queries for any number of messages."""
    from roundtable.meetings.models import Meeting

    meeting_of = {}
    for message in messages:
        found = _MEETING_KEY.match(message.idempotency_key or "")
        if found:
            meeting_of[message.pk] = int(found.group(1))
    if not meeting_of:
        return {}
    project_of = dict(Meeting.objects.filter(pk__in=set(meeting_of.values())).values_list("pk", "project_id"))
    rules: dict[int, list[str]] = {}
    for rule in GroundRule.objects.filter(
        project_id__in=set(project_of.values()), state=GroundRule.State.AGREED
    ).order_by("agreed_at", "id"):
        rules.setdefault(rule.project_id, []).append(rule.text)
    out: dict[int, list[str]] = {}
    for message_pk, meeting_id in meeting_of.items():
        texts = rules.get(project_of.get(meeting_id, 0))
        if texts:
            numbered = " ".join(f"{n}. {text.rstrip('.')}." for n, text in enumerate(texts, 1))
            out[message_pk] = [
                _("Here are the rules we all agreed for the meeting: %(rules)s") % {"rules": numbered},
                _("You can pass on anything. You can tell me in private if a rule is broken."),
            ]
    return out
