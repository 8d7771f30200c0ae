"""The rows of "my contributions": its three lists drawn in Python, one pass a list (the template tags in
``templatetags/credits_tags.py`` call these; they read nothing from the database).

A person may have helped in many projects, and each page shows 25 pieces of help; drawing each row with
template look-ups, ``{% url %}`` and filters cost more than the page's queries (issue 19). The markup is
the same as the template's was.
"""

from __future__ import annotations

from django.template.defaultfilters import date
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from roundtable.accounts.models import Naming
from roundtable.credits.models import Contribution, Degree
from roundtable.credits.selectors import HelpRow
from roundtable.lib.i18n import hours_words

_PROJECT_ROW = """<tr class="govuk-table__row">
    <th scope="row" class="govuk-table__header">{}<br><span class="govuk-caption-m">{}</span></th>
    <td class="govuk-table__cell">{}</td>
    <td class="govuk-table__cell">{}</td>
    <td class="govuk-table__cell">{}</td>
    <td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a></td>
  </tr>"""

_HELP_ROW = """<tr class="govuk-table__row">
    <td class="govuk-table__cell">{}</td>
    <td class="govuk-table__cell"><strong>{}</strong> ({}), {}<br>{}</td>
    <td class="govuk-table__cell">{}</td>
    <td class="govuk-table__cell">{}</td>
  </tr>"""


def _addresses(name: str) -> str:
    """The address of ``name`` for any one id, from one ``reverse``: ``_addresses(name) % pk``."""
    return reverse(name, args=[0]).replace("/0/", "/%s/", 1)


def my_project_rows(projects: list[dict]) -> SafeString:
    """The rows of "your projects" (``selectors.my_contributions``'s ``projects``), with a link to add help."""
    add = _addresses("credits:add")
    return format_html_join(
        "",
        _PROJECT_ROW,
        (
            (p["title"], p["organisation"], localize(p["count"]), hours_words(p["hours"]), localize(p["waiting"]),
             add % p["project_id"], mark_safe(_("Add help you gave to %(t)s") % {"t": escape(p["title"])}))  # noqa: S308
            for p in projects
        ),
    )  # fmt: skip


def my_help_rows(rows: list[HelpRow]) -> SafeString:
    """The rows of "all your help": the day, what and where, the hours and whether it was checked."""
    degrees = {value: str(label).lower() for value, label in Degree.choices}
    statuses = {value: str(label) for value, label in Contribution.Status.choices}
    return format_html_join(
        "",
        _HELP_ROW,
        (
            (date(c.date, "j M Y"), c.type_name, degrees.get(c.degree) or str(c.degree).lower(), c.project_title,
             c.description, hours_words(c.hours), statuses.get(c.status, c.status))
            for c in rows
        ),
    )  # fmt: skip


def my_credit_items(credits) -> SafeString:
    """The items of "where you are thanked": each output, its project and how the person is named there."""
    naming = _addresses("credits:naming")
    names = {value: str(label) for value, label in Naming.choices}
    return format_html_join(
        "",
        '<li><a class="govuk-link" href="{}">{}</a> ({}): {}</li>',
        (
            (naming % credit.output_id, credit.output.title, credit.output.project.title,
             names.get(credit.naming, credit.naming))
            for credit in credits
        ),
    )  # fmt: skip
