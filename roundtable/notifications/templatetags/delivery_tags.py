"""The two cells of a delivery list ("who got it, and how"), drawn in Python.

``notifications/includes/status_cell.html`` and ``how_cell.html`` are included once a row on the delivery
pages (an announcement to hundreds of people shows 50 a page); each is one of these tags, so a row costs a
few string joins rather than a few dozen template look-ups (issue 19). The markup is what the includes drew.
``delivery_row`` draws a whole row of the announcement page's list the same way.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import is_aware, localtime
from django.utils.translation import gettext as _

register = template.Library()


def _local(moment):
    """A datetime on the local clock, as the ``date`` filter gets it in a template."""
    return localtime(moment) if is_aware(moment) else moment


def _colour(row) -> str:
    if row.reached:
        return "green"
    if row.needs_attention:
        return "red"
    return "grey" if row.stopped else "blue"


@register.simple_tag
def status_cell(row) -> SafeString:
    """Where one message is (``DeliveryStatusRow``, or None: "Not sent"), with when it goes, whether it fell
    back to another way, and why it stopped or what went wrong."""
    if not row:
        return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', _("Not sent"))
    parts = [format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', _colour(row), row.status_label)]
    if row.waiting_until:
        when = conditional_escape(date(_local(row.waiting_until), "l j F, g:i a"))
        goes = mark_safe(_("Goes at %(when)s") % {"when": when})  # noqa: S308 - the words are ours, the time escaped
        parts.append(format_html('<br><span class="govuk-body-s">{}</span>', goes))
    if row.fell_back:
        parts.append(format_html(' <strong class="govuk-tag govuk-tag--yellow">{}</strong>', _("Fell back")))
    if row.stopped and row.message.stop_reason:
        why = mark_safe(_("Why: %(why)s") % {"why": conditional_escape(row.message.stop_reason)})  # noqa: S308 - escaped
        parts.append(format_html('<br><span class="govuk-body-s">{}</span>', why))
    elif row.last_error and not row.reached:
        parts.append(format_html('<br><span class="govuk-body-s">{}</span>', row.last_error))
    return mark_safe("".join(parts))  # noqa: S308 - each part is escaped


@register.simple_tag
def how_cell(row) -> SafeString:
    """How one message went: the way it was sent ("–" before any), each step it took, and the organiser's
    task for it, if any."""
    if not row:
        return SafeString("")
    parts = [conditional_escape(row.channel_used or "–")]
    if row.route:
        parts.append(format_html('<br><span class="govuk-body-s">{}</span>', "; ".join(row.route)))
    task = row.task
    if task:
        result = format_html(" ({})", task.get_result_display()) if task.result else ""
        parts.append(
            format_html(
                '<br><span class="govuk-body-s">{}: {}{}</span>', task.get_kind_display(), task.get_status_display(),
                result,
            )
        )  # fmt: skip
    return mark_safe("".join(parts))  # noqa: S308 - each part is escaped


# One row of the announcement page's list, as ``projects/announcement.html`` drew it with the two cell
# includes (each left a newline before its ``</td>``): the same markup, one tag a row.
_ROW = (
    '<tr class="govuk-table__row">\n'
    '    <td class="govuk-table__cell">{}</td>\n'
    '    <td class="govuk-table__cell">{}\n</td>\n'
    '    <td class="govuk-table__cell">{}\n</td>\n'
    '    <td class="govuk-table__cell">{}</td>\n'
    "  </tr>"
)


@register.simple_tag
def delivery_row(row) -> SafeString:
    """One ``<tr>`` of a delivery list (``DeliveryStatusRow``): the person, where the message is, how it went
    and how many tries."""
    return format_html(_ROW, row.person_name, status_cell(row), how_cell(row), row.attempts)
