"""Small charts for the health check, drawn on the server as SVG (never canvas).

Ratings are told apart by words, by height and by pattern, never by colour alone: "at risk" is the tallest
bar, filled with diagonal stripes; "needs attention" is middle height, filled with dots; "good" is a short
solid bar; "not enough evidence yet" is a short dashed outline; a month with no check is a thin line on
the base. Each chart is an image with a title and a description in words (``role="img"`` with
``aria-labelledby``), and the page puts a table of the same figures beside it. Patterns are defined once
per page (``pattern_defs``) and every chart refers to them.

Colours (each at least 3:1 against white, WCAG 2.2 1.4.11): at risk #b4261a (red), needs attention #8a4a00
(brown), good #00703c (green), not enough #505a5f (grey).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

from django.utils.formats import date_format, localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from roundtable.health.models import Rating

COLOURS = {
    Rating.AT_RISK: "#b4261a",
    Rating.ATTENTION: "#8a4a00",
    Rating.GOOD: "#00703c",
    Rating.NOT_ENOUGH: "#505a5f",
}
# How tall a rating's bar is, in steps: the worse, the taller.
HEIGHT = {Rating.AT_RISK: 3, Rating.ATTENTION: 2, Rating.GOOD: 1, Rating.NOT_ENOUGH: 1}
FILL = {
    Rating.AT_RISK: "url(#rt-fill-at_risk)",
    Rating.ATTENTION: "url(#rt-fill-attention)",
    Rating.GOOD: COLOURS[Rating.GOOD],
    Rating.NOT_ENOUGH: "none",
}


def pattern_defs() -> SafeString:
    """The patterns every chart and swatch on a page uses: put this once on the page, before the charts."""
    red, brown = COLOURS[Rating.AT_RISK], COLOURS[Rating.ATTENTION]
    return mark_safe(  # noqa: S308 - no text from outside goes into it
        '<svg class="rt-chart-defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>'
        '<pattern id="rt-fill-at_risk" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#fff"/><rect width="3.5" height="6" fill="{red}"/></pattern>'
        '<pattern id="rt-fill-attention" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.6" fill="{brown}"/></pattern>'
        "</defs></svg>"
    )


def _shape(rating: str, x: float, y: float, width: float, height: float) -> str:
    colour = COLOURS[Rating(rating)]
    dash = ' stroke-dasharray="3 2"' if rating == Rating.NOT_ENOUGH else ""
    return (
        f'<rect x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" fill="{FILL[Rating(rating)]}" '
        f'stroke="{colour}" stroke-width="1.5"{dash}/>'
    )


def rating_swatch(rating: str) -> SafeString:
    """A small square in the rating's pattern, for a tag or a legend beside the rating in words (hidden
    from screen readers: the words say it)."""
    if not rating:
        return mark_safe("")
    return mark_safe(  # noqa: S308 - only our own fixed values
        '<svg class="rt-swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">'
        f"{_shape(rating, 1, 1, 14, 14)}</svg>"
    )


@lru_cache(maxsize=512)
def _month_in(month: dt.date, format: str, language: str | None) -> str:
    return date_format(month, format)


def rating_labels() -> dict[str | None, str]:
    """Each rating's words in the page's language, and "No check that month" for None: what
    ``selectors_pages.TrendPoint.rating_label`` says, worked out once for a chart rather than once a month."""
    labels: dict[str | None, str] = {rating.value: str(rating.label) for rating in Rating}
    labels[None] = _("No check that month")
    labels[""] = labels[None]
    return labels


def month_words(month: dt.date, format: str = "F Y") -> str:
    """``month`` in words in the page's language (``"November 2026"``; ``format`` as Django's ``date``
    filter). Kept once worked out: a page draws the same twelve months for every sign or project."""
    return _month_in(month, format, get_language())


def _month(month: dt.date) -> str:
    return month_words(month, "M")


def _svg(width: int, height: int, ids: str, title: str, desc: str, body: str, css: str) -> SafeString:
    return mark_safe(  # noqa: S308 - title and desc are escaped here, the body is built from numbers
        f'<svg class="{css}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{ids}-title {ids}-desc" '
        f'focusable="false"><title id="{ids}-title">{escape(title)}</title><desc id="{ids}-desc">{escape(desc)}'
        f"</desc>{body}</svg>"
    )


def sign_trend_svg(points: Sequence, *, ids: str, title: str) -> SafeString:
    """A sign's rating month by month: one bar a month, its height and pattern by rating.

    ``points`` are ``selectors_pages.TrendPoint`` (``month``, ``rating`` or None), oldest first; ``ids``
    makes the chart's element ids unique on the page; ``title`` names the chart. The description gives
    every month's rating in words.
    """
    step, gap, base, unit = 30, 6, 62, 16
    width, height = step * len(points), base + 18
    parts = [f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#505a5f" stroke-width="1"/>']
    said = []
    language, labels = get_language(), rating_labels()
    for i, point in enumerate(points):
        x = i * step + gap / 2
        if point.rating:
            h = HEIGHT[Rating(point.rating)] * unit
            parts.append(_shape(point.rating, x, base - h, step - gap, h))
        else:
            parts.append(
                f'<line x1="{x:g}" y1="{base - 2}" x2="{x + step - gap:g}" y2="{base - 2}" '
                'stroke="#505a5f" stroke-width="2"/>'
            )
        if i % 2 == (len(points) - 1) % 2:
            parts.append(
                f'<text x="{x + (step - gap) / 2:g}" y="{base + 14}" text-anchor="middle" font-size="12" '
                f'fill="#0b0c0c">{escape(_month_in(point.month, "M", language))}</text>'
            )
        said.append(f"{_month_in(point.month, 'F Y', language)}: {labels[point.rating]}")
    desc = _("Rating each month. %(months)s.") % {"months": "; ".join(said)}
    return _svg(width, height, ids, title, desc, "".join(parts), "rt-chart rt-chart--sign")


def _group(rating: str) -> str:
    """The opening of a group of bars in ``rating``'s fill and outline, so each bar inside is only its box."""
    colour = COLOURS[Rating(rating)]
    return f'<g fill="{FILL[Rating(rating)]}" stroke="{colour}" stroke-width="1.5">'


def organisation_trend_svg(months: Sequence, *, ids: str, title: str, signs: int = 10) -> SafeString:
    """How many of a project's signs were at risk (striped, at the bottom) or needed attention (dotted, on
    top) at the end of each month. ``months`` are ``selectors_pages.MonthCount``, oldest first; the bars'
    scale is ``signs`` (ten). The description gives every month's counts in words.

    Drawn once for every project on the organisation's page, so it is kept small: the bars of one rating
    sit in one group that gives their fill and outline, and the lines for months with no check or with
    nothing worrying likewise.
    """
    step, gap, base = 20, 4, 60
    unit = base / max(signs, 1)
    width, height = step * len(months), base + 16
    parts = [f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#505a5f" stroke-width="1"/>']
    if months:  # the first and last months named under the bars
        for anchor, edge, first_or_last in (("start", 0, months[0]), ("end", width, months[-1])):
            parts.append(
                f'<text x="{edge}" y="{base + 13}" text-anchor="{anchor}" font-size="12" fill="#0b0c0c">'
                f"{escape(month_words(first_or_last.month, 'M Y'))}</text>"
            )
    language = get_language()  # once for the chart's months, not once a month
    bars: dict[str, list[str]] = {Rating.AT_RISK: [], Rating.ATTENTION: []}
    unchecked: list[str] = []
    calm: list[str] = []
    said = []
    no_check, counted = _("%(month)s: no check"), _("%(month)s: %(risk)s at risk, %(attention)s need attention")
    for i, month in enumerate(months):
        x = i * step + gap / 2
        if not month.taken:
            unchecked.append(f'<line x1="{x:g}" y1="{base - 2}" x2="{x + step - gap:g}" y2="{base - 2}"/>')
            said.append(no_check % {"month": _month_in(month.month, "F Y", language)})
            continue
        top = base
        for rating, count in ((Rating.AT_RISK, month.at_risk), (Rating.ATTENTION, month.attention)):
            if count:
                h = count * unit
                top -= h
                bars[rating].append(f'<rect x="{x:g}" y="{top:g}" width="{step - gap:g}" height="{h:g}"/>')
        if not month.worrying:
            calm.append(f'<line x1="{x:g}" y1="{base - 1}" x2="{x + step - gap:g}" y2="{base - 1}"/>')
        said.append(
            counted
            % {"month": _month_in(month.month, "F Y", language), "risk": month.at_risk, "attention": month.attention}
        )
    if unchecked:
        parts.append(f'<g stroke="#505a5f" stroke-width="1.5" stroke-dasharray="2 2">{"".join(unchecked)}</g>')
    for kind, shapes in bars.items():
        if shapes:
            parts.append(f"{_group(kind)}{''.join(shapes)}</g>")
    if calm:
        parts.append(f'<g stroke="{COLOURS[Rating.GOOD]}" stroke-width="2">{"".join(calm)}</g>')
    desc = _("Signs at risk or needing attention at the end of each month. %(months)s.") % {"months": "; ".join(said)}
    return _svg(width, height, ids, title, desc, "".join(parts), "rt-chart rt-chart--organisation")


def organisation_months_table(months: Sequence, *, caption: str) -> SafeString:
    """The figures behind ``organisation_trend_svg``: a table with a row for each month (oldest first),
    how many signs were at risk and how many needed attention, or "No check". ``months`` are
    ``selectors_pages.MonthCount``; ``caption`` names the table (escaped here).

    Drawn for every project on the organisation's page, so it carries no classes (its look comes from
    ``.rt-health-months`` in static/scss/_health.scss) and is built here rather than in a template loop.
    """
    no_check = escape(_("No check"))
    head = (
        f'<table class="rt-health-months"><caption>{escape(caption)}</caption><thead><tr>'
        f'<th scope="col">{escape(_("Month"))}</th><th scope="col">{escape(_("At risk"))}</th>'
        f'<th scope="col">{escape(_("Needs attention"))}</th></tr></thead><tbody>'
    )
    language = get_language()
    rows = [
        f'<tr><th scope="row">{escape(_month_in(month.month, "M Y", language))}</th>'
        + (
            f"<td>{int(month.at_risk)}</td><td>{int(month.attention)}</td>"
            if month.taken
            else f'<td colspan="2">{no_check}</td>'
        )
        + "</tr>"
        for month in months
    ]
    return mark_safe(f"{head}{''.join(rows)}</tbody></table>")  # noqa: S308 - escaped above, numbers as int


def sign_months_rows(points: Sequence) -> SafeString:
    """The rows of the table behind ``sign_trend_svg``: month, rating and measure for each point (oldest
    first; ``selectors_pages.TrendPoint``), "–" where there is no measure. Built here rather than in a
    template loop: a project's page draws ten of them, twelve rows each."""
    rows = []
    language, labels = get_language(), rating_labels()
    for point in points:
        value = "–" if point.value is None else escape(localize(point.value.normalize()))
        month = escape(_month_in(point.month, "F Y", language))
        rows.append(
            f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{month}</th>'
            f'<td class="govuk-table__cell">{escape(labels[point.rating])}</td>'
            f'<td class="govuk-table__cell">{value}</td></tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every word escaped above


def organisation_rows(rows: Sequence, *, worst: str, drift: str, trend: str) -> SafeString:
    """The body rows of the organisation's table (``health/includes/organisation_body.html``), one ``<tr>``
    each, as the template drew them: ``rows`` are (``selectors_pages.ProjectRow``, its swatch, its chart,
    its table of figures); ``worst``, ``drift`` and ``trend`` are the columns' names for a phone's cards
    (translated words, as the template's ``translate`` gives them). Built here rather than in a template
    loop: the page draws fifteen rows, each with its signs. Every word from the record is escaped here.
    """
    from django.urls import reverse

    labels = (
        f'<span class="rt-health-table__label" aria-hidden="true">{worst}</span>',
        f'<span class="rt-health-table__label" aria-hidden="true">{drift}</span>',
        f'<span class="rt-health-table__label" aria-hidden="true">{trend}</span>',
    )
    checked = _("checked %(day)s")
    from_to = _("%(number)s. %(title)s: from %(before)s to %(now)s")
    sliding = _("%(number)s. %(title)s: %(slide)s")
    nothing = _("Nothing")
    the_figures = _("The figures")
    out = []
    for row, swatch, chart, figures in rows:
        href = escape(reverse("health:project", args=[row.project_id]))
        status: str = escape(row.status_label)
        if row.taken_on:
            status += " · " + checked % {"day": escape(date_format(row.taken_on, "j F Y"))}
        worst_list = ""
        if row.worst_signs and row.worst != "good":
            worst_list = (
                '<ul class="govuk-list govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">'
                + "".join(f"<li>{sign.number}. {escape(sign.title)}{_plain(sign)}</li>" for sign in row.worst_signs)
                + "</ul>"
            )
        if row.drifting:
            items = []
            for sign in row.drifting:
                if sign.worse_this_month:
                    words = from_to % {
                        "number": sign.number, "title": escape(sign.title),
                        "before": escape(sign.before_label), "now": escape(sign.rating_label),
                    }  # fmt: skip
                else:
                    words = sliding % {"number": sign.number, "title": escape(sign.title), "slide": escape(sign.slide)}
                items.append(f"<li>{words}{_plain(sign)}</li>")
            drifting = f'<ul class="govuk-list govuk-body-s govuk-!-margin-bottom-0">{"".join(items)}</ul>'
        else:
            drifting = nothing
        out.append(
            '<tr class="govuk-table__row rt-health-table__row"><th scope="row" class="govuk-table__header '
            f'rt-health-table__project"><a class="govuk-link" href="{href}">'
            f'{escape(row.title)}</a><span class="govuk-body-s rt-health-table__status">{status}</span></th>'
            f'<td class="govuk-table__cell">{labels[0]}<strong class="govuk-tag {escape(row.worst_tag_class)} '
            f'rt-rating">{swatch}{escape(row.worst_label)}</strong>{worst_list}</td>'
            f'<td class="govuk-table__cell">{labels[1]}{drifting}</td>'
            f'<td class="govuk-table__cell rt-health-table__trend">{labels[2]}{chart}'
            '<details class="govuk-details govuk-!-margin-bottom-0"><summary class="govuk-details__summary">'
            f'<span class="govuk-details__summary-text">{the_figures}</span></summary>'
            f'<div class="govuk-details__text">{figures}</div></details></td></tr>\n  '
        )
    return mark_safe("".join(out))  # noqa: S308 - every word from the record escaped above


def _plain(sign) -> str:
    return f'<span class="rt-sign__plain-s">{escape(sign.plain)}</span>' if sign.plain else ""
