"""One message in the inbox list, drawn in Python.

``notifications/inbox.html`` shows a page of 50 messages; each item drawn by the template cost a few dozen
look-ups, a link reversed and a date formatted (issue 19: a partner with thousands of messages). This tag
draws the same markup the template's loop drew, character for character.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timezone import is_aware, localtime

from roundtable.ui.templatetags.rt_html import machine_datetime

register = template.Library()

_ITEM = (
    '<li class="rt-message-list__item{}">\n'
    '      <p class="govuk-body govuk-!-margin-bottom-1">\n'
    "        {}\n"
    '        <a class="govuk-link{}" href="{}">{}</a>\n'
    "      </p>\n"
    '      <p class="govuk-body-s govuk-!-margin-bottom-0">\n'
    "        {} ·\n"
    '        <time datetime="{}">{}</time> ·\n'
    "        {}\n"
    "      </p>\n"
    "    </li>"
)


@register.simple_tag
def inbox_item(item, new_label: str) -> SafeString:
    """One ``<li>`` of the inbox (``item`` a Message with its sender read): marked new (``new_label``) and
    bold while unread, its subject linking to the message, who sent it, the day and how it reached them."""
    unread = item.is_unread
    new = format_html('<strong class="govuk-tag govuk-tag--blue">{}</strong>', new_label) if unread else ""
    sent = item.created_at
    return format_html(
        _ITEM,
        " rt-message-list__item--new" if unread else "",
        new,
        " govuk-!-font-weight-bold" if unread else "",
        reverse("notifications:message_detail", args=[item.pk]),
        item.subject,
        item.sender if item.sender else "Roundtable",
        machine_datetime(sent),
        date(localtime(sent) if is_aware(sent) else sent, "j F Y"),
        item.how_it_reached,
    )
