"""What each reply shows, worked out in Python once per reply rather than in the template.

A page draws 50 replies; resolving a dozen template variables and filters per reply cost more than the
database did (bench/conversation.py). ``reply_rows`` does the same work in plain Python: names with
their fallbacks, the time in words and for machines, the proxy line, the hidden line, and the body with
its line breaks (escaped here: ``linebreaksbr`` with autoescape, as the template would).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from roundtable.conversation.models import Channel, Reply

WHEN_FORMAT = "j F Y, g:i a"


@dataclass
class ReplyRow:
    pk: int
    name: str
    when_iso: str
    when_words: str
    how: str  # "By phone, typed in by Tom Reid", "By email", or "" for the web
    hidden: str  # "Hidden by Tom Reid: <reason>", or "" when shown
    body: SafeString
    note: str = ""  # the reply's content note: its words open only when the reader chooses
    actions: SafeString = SafeString("")  # the links under a shown reply: report; hide and answer for organisers


def reply_rows(
    replies: list[Reply], *, reply_base: str = "", answer_base: str = "", is_organiser: bool = False
) -> list[ReplyRow]:
    """One row a reply, in the reader's language. Reads nothing from the database (authors come with the
    replies, ``select_related``). ``actions`` links to ``<reply_base><id>/report/`` (and, for organisers,
    ``<reply_base><id>/hide/`` and ``<answer_base><id>``), each naming the writer for screen readers."""
    someone, organiser = _("Someone who has left"), _("an organiser")
    by, report = _("by"), _("Report this reply")
    hide, answer = _("Hide this reply"), _("Answer with “you said, we did”")
    labels = dict(Channel.choices)
    rows = []
    for reply in replies:
        author = reply.author.full_name if reply.author_id and reply.author else someone
        how = ""
        if reply.entered_by_id and reply.entered_by:
            how = _("%(how)s, typed in by %(name)s") % {
                "how": labels[reply.channel],
                "name": reply.entered_by.full_name,
            }
        elif reply.channel != Channel.WEB:
            how = str(labels[reply.channel])
        hidden = ""
        if reply.hidden_at is not None:
            who = reply.hidden_by.full_name if reply.hidden_by_id and reply.hidden_by else organiser
            hidden = _("Hidden by %(name)s: %(reason)s") % {"name": who, "reason": reply.hidden_reason}
        local = timezone.localtime(reply.created_at)
        rows.append(
            ReplyRow(
                pk=reply.pk, name=author, when_iso=local.isoformat(timespec="seconds"),
                when_words=date_filter(local, WHEN_FORMAT), how=how, hidden=hidden,
                body=linebreaksbr(reply.body, autoescape=True), note=reply.content_note,
                actions=_actions(reply.pk, author, reply_base, answer_base, is_organiser, by, report, hide, answer),
            )
        )  # fmt: skip
    return rows


def _actions(pk, name, reply_base, answer_base, is_organiser, by, report, hide, answer) -> SafeString:
    """The links under one reply, escaped here as the template would (``escape`` on each part; the words
    and addresses are the same for every reply, so a page could escape them once, but they are short)."""
    who = f'<span class="govuk-visually-hidden"> {escape(by)} {escape(name)}</span></a>'
    links = f'<a class="govuk-link" href="{escape(reply_base)}{pk}/report/">{escape(report)}{who}'
    if is_organiser:
        links += (
            f' · <a class="govuk-link" href="{escape(reply_base)}{pk}/hide/">{escape(hide)}{who}'
            f' · <a class="govuk-link" href="{escape(answer_base)}{pk}">{escape(answer)}{who}'
        )
    return mark_safe(links)  # noqa: S308 - every part is escaped above
