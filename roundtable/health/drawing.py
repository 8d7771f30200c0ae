"""The project health page's ten sign sections, built in Python with the markup the template loop drew
(``health/includes/project_body.html``): ten sections, each with its figures, next step, chart and table,
were most of the time of drawing the page afresh from its kept measurement (docs/health.md, "Speed").

Every word from the record or the registry is escaped here; words the template gave from ``translate`` (safe
literals) are given as they are, as the template did.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def _figures(figures, staff: bool) -> str:
    out = []
    for figure in figures:
        value: str = escape(figure.value)
        if figure.url and staff:
            value = f'<a class="govuk-link" href="{escape(figure.url)}">{value}</a>'
        out.append(
            '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">'
            f'{escape(figure.label)}</dt><dd class="govuk-summary-list__value">{value}</dd></div>'
        )
    return "".join(out)


def sign_sections(rows: Sequence, *, staff: bool) -> SafeString:
    """Every sign's ``<section>`` in order: ``rows`` are (``selectors_pages.SignView``, its swatch, its chart,
    its table's rows), as ``views._project_body`` gives them; ``staff`` links the figures to staff pages."""
    counts, rule, source = _("What we count"), _("The rule"), _("Where the rule comes from")
    measure, next_step = _("The measure now"), _("Next step")
    month, rating_word, value_word = _("Month"), _("Rating"), _("Measure")
    from_words = _("%(value)s, from %(drawn)s")
    staff_step = _("The project's staff have a step to take here.")
    nothing = _("Nothing to do now.")
    by_month = _("Month by month")
    behind = _("The figures behind the chart")
    sign_by_month = _("Sign %(n)s, month by month")
    out = []
    for item, swatch, chart, month_rows in rows:
        sign, finding = item.sign, item.finding
        key = escape(sign.key)
        plain = f'<p class="govuk-body-l rt-sign__plain">{escape(sign.plain)}</p>' if sign.plain else ""
        value_text = item.value_text
        measured = (
            f'<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{measure}</dt>'
            '<dd class="govuk-summary-list__value">'
            f"{from_words % {'value': escape(value_text), 'drawn': escape(item.evidence_words)}}</dd></div>"
            if value_text
            else ""
        )
        if item.action:
            step = (
                f'<p class="govuk-body"><a class="govuk-link rt-next-step" href="{escape(item.action.url)}">'
                f"{escape(item.action.text)}</a></p>\n  "
            )
        elif finding.action:
            step = f'<p class="govuk-body">{staff_step}</p>\n  '
        else:
            step = f'<p class="govuk-body">{nothing}</p>'
        named = sign_by_month % {"n": sign.number}
        out.append(
            f'\n<section class="rt-sign" id="sign-{key}" aria-labelledby="sign-{key}-heading">\n'
            f'  <h3 class="govuk-heading-m" id="sign-{key}-heading">{sign.number}. {escape(sign.title)}</h3>\n'
            f"  {plain}\n"
            f'  <p class="govuk-body"><strong class="govuk-tag {escape(item.tag_class)} rt-rating">{swatch}'
            f"{escape(item.rating_label)}</strong>\n</p>\n"
            f'  <p class="govuk-body">{escape(finding.summary)}</p>\n'
            '  <dl class="govuk-summary-list">\n'
            f'    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{counts}</dt>'
            f'<dd class="govuk-summary-list__value">{escape(sign.measures)}</dd></div>\n'
            f"    {measured}\n"
            f'    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{rule}</dt>'
            f'<dd class="govuk-summary-list__value">{escape(sign.threshold.describe())}</dd></div>\n'
            f'    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{source}</dt>'
            f'<dd class="govuk-summary-list__value">{escape(sign.threshold.source)}</dd></div>\n'
            f"    {_figures(finding.figures, staff)}\n"
            "  </dl>\n"
            f'  <h4 class="govuk-heading-s">{next_step}</h4>\n'
            f"  {step}\n"
            f'  <h4 class="govuk-heading-s">{by_month}</h4>\n'
            '  <div class="rt-chart-box">\n'
            f"    {chart}\n"
            '    <details class="govuk-details">\n'
            '      <summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
            f"{behind}</span></summary>\n"
            f'      <div class="govuk-details__text rt-table-scroll" role="region" aria-label="{named}" tabindex="0">\n'
            '        <table class="govuk-table">\n'
            f'          <caption class="govuk-table__caption govuk-table__caption--s">{named}</caption>\n'
            '          <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" '
            f'class="govuk-table__header">{month}</th><th scope="col" class="govuk-table__header">{rating_word}'
            f'</th><th scope="col" class="govuk-table__header">{value_word}</th></tr></thead>\n'
            '          <tbody class="govuk-table__body">\n'
            f"          {month_rows}\n"
            "          </tbody>\n"
            "        </table>\n"
            "      </div>\n"
            "    </details>\n"
            "  </div>\n"
            "</section>\n"
        )
    return mark_safe("".join(out))  # noqa: S308 - every word from the record escaped above


def recommendation_items(recommendations: Sequence, *, staff: bool) -> SafeString:
    """The ``<li>`` of each of the twenty recommendations with its evidence, as the template loop drew them:
    ``recommendations`` are (``registry.Recommendation``, ``registry.Evidence``); ``staff`` links the figures."""
    out = []
    for recommendation, evidence in recommendations:
        figures = ""
        if evidence.figures:
            items = []
            for figure in evidence.figures:
                value: str = escape(figure.value)
                if figure.url and staff:
                    value = f'<a class="govuk-link" href="{escape(figure.url)}">{value}</a>'
                items.append(f"<li>{escape(figure.label)}: {value}</li>")
            figures = f'<ul class="govuk-list govuk-list--bullet">{"".join(items)}</ul>'
        out.append(
            '\n  <li class="govuk-!-margin-bottom-4">\n'
            f'    <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{recommendation.number}. '
            f"{escape(recommendation.title)}</h3>\n"
            f'    <p class="govuk-body govuk-!-margin-bottom-1">{escape(evidence.summary)}</p>\n'
            f"    {figures}\n"
            "  </li>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every word from the record escaped above
