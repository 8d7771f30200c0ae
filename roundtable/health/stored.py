"""A project's health check as kept in ``HealthMeasurement.data``, and back (docs/health.md, "The kept measurement").

``dump`` turns a measured ``ProjectHealth`` into plain JSON (every sign's finding with its figures, next step
and ``staff_only`` mark, its trend points, the recommendations' evidence, "how it felt" averages). What
people wrote in check-ins is never kept: the staff's page reads it live (``feedback.felt``), so an answer
taken back or erased is gone from the page at once. ``load`` gives the page's ``ProjectHealth`` back for one
viewer: for a member (``staff=False``) it leaves out every staff-only next step, so a kept measurement shows
a partner exactly what a live one would. No query: the signs' and recommendations' names, rules and
sources come from the registry in the code, the rest from the JSON.

Decimals are kept as strings, so nothing is rounded on the way. A measurement kept by another version of
this format (``FORMAT``) loads as ``None`` and is measured again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from roundtable.feedback.felt import FeltComment, FeltMonth, FeltQuestion, FeltSummary
from roundtable.health.registry import Action, Evidence, Figure, Finding, recommendations, signs

# Bump when the shape of ``data`` changes: older rows are then measured again, never misread.
FORMAT = 2


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _undec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _undate(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _figures(figures) -> list[list[str]]:
    return [[str(f.label), str(f.value), f.url] for f in figures]


def _unfigures(rows) -> tuple[Figure, ...]:
    return tuple(Figure(label, value, url) for label, value, url in rows)


def dump(health) -> dict[str, Any]:
    """``health`` (a ``selectors_pages.ProjectHealth``) as JSON-ready data, without any comment."""
    signs_out = []
    for view in health.signs:
        finding = view.finding
        action = finding.action
        signs_out.append({
            "number": view.sign.number,
            "rating": str(finding.rating),
            "value": _dec(finding.value),
            "evidence": finding.evidence,
            "summary": str(finding.summary),
            "action": None if action is None else [str(action.text), action.url, action.staff_only],
            "figures": _figures(finding.figures),
            "trend": [
                [_day(p.month), p.rating, _dec(p.value), p.evidence, _day(p.taken_on)] for p in view.trend
            ],
        })  # fmt: skip
    felt = health.felt
    return {
        "format": FORMAT,
        "as_of": health.as_of.isoformat(),
        "months": [_day(m) for m in health.months],
        "signs": signs_out,
        "recommendations": [
            {"number": r.number, "summary": str(e.summary), "figures": _figures(e.figures)}
            for r, e in health.recommendations
        ],
        "felt": {
            "people": felt.people,
            "questions": [
                {
                    "key": q.key,
                    "label": str(q.label),
                    "average": _dec(q.average),
                    "people": q.people,
                    "months": [[_day(m.month), _dec(m.average), m.people] for m in q.months],
                }
                for q in felt.questions
            ],
        },
    }


def load(data: dict[str, Any], *, staff: bool, comments: tuple[FeltComment, ...] = ()):
    """The page's ``ProjectHealth`` from kept ``data`` for a staff (``staff=True``) or member viewer, or
    ``None`` when ``data`` is of another ``FORMAT``. A member gets no staff-only next step and no comment;
    staff get ``comments`` (read live by the caller).
    Signs and recommendations no longer registered are left out. No query."""
    from roundtable.health.selectors_pages import ProjectHealth, SignView, TrendPoint

    if not data or data.get("format") != FORMAT:
        return None
    by_number = {sign.number: sign for sign in signs()}
    views = []
    counts: dict[str, int] = {}
    for item in data["signs"]:
        sign = by_number.get(item["number"])
        if sign is None:
            continue
        kept_action = item["action"]
        action = None if kept_action is None else Action(kept_action[0], kept_action[1], kept_action[2])
        finding = Finding(
            rating=item["rating"],
            value=_undec(item["value"]),
            evidence=item["evidence"],
            summary=item["summary"],
            # A member's copy never carries a staff-only step, not even to say that one exists beyond the
            # words "The project's staff have a step to take here", which the template gives from this mark.
            action=action if staff or action is None or not action.staff_only else Action("", "", True),
            figures=_unfigures(item["figures"]),
        )
        shown = action if action is not None and (staff or not action.staff_only) else None
        trend = [
            TrendPoint(dt.date.fromisoformat(month), rating, _undec(value), evidence, _undate(taken_on))
            for month, rating, value, evidence, taken_on in item["trend"]
        ]
        views.append(SignView(sign, finding, shown, trend))
        counts[item["rating"]] = counts.get(item["rating"], 0) + 1
    by_recommendation = {r.number: r for r in recommendations()}
    evidence = [
        (by_recommendation[item["number"]], Evidence(item["summary"], _unfigures(item["figures"])))
        for item in data["recommendations"]
        if item["number"] in by_recommendation
    ]
    felt = data["felt"]
    questions = tuple(
        FeltQuestion(
            key=q["key"],
            label=q["label"],
            average=_undec(q["average"]),
            people=q["people"],
            months=tuple(FeltMonth(dt.date.fromisoformat(m), _undec(a), p) for m, a, p in q["months"]),
        )
        for q in felt["questions"]
    )
    comments = comments if staff else ()
    return ProjectHealth(
        signs=views,
        recommendations=evidence,
        felt=FeltSummary(questions=questions, people=felt["people"], comments=comments),
        months=[dt.date.fromisoformat(m) for m in data["months"]],
        as_of=dt.datetime.fromisoformat(data["as_of"]),
        counts=counts,
    )
