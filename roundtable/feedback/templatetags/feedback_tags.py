"""Template tags for the listening pages.

No tag here reads the database: the pages' views read through feedback/selectors.py.
The board shows 50 notes a page, each with a few small forms. The tags here do in Python, once per
page or in one pass, what would otherwise be many template lookups per note (see docs/feedback.md,
"Query counts and the benchmark").
"""

from django import template
from django.middleware.csrf import get_token
from django.template.defaultfilters import date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roundtable.feedback.inputs import input_kind
from roundtable.lib.forms import ONCE_FIELD, new_once_key

register = template.Library()


@register.simple_tag
def hidden_inputs(values: dict) -> SafeString:
    """Hidden inputs that take the person back to the page, order and column they were on."""
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', ((k, v) for k, v in values.items()))


@register.simple_tag(takes_context=True)
def note_form_inputs(context, values: dict) -> SafeString:
    """The hidden inputs every small form under a note carries: the CSRF token, a one-time key and the
    page, order and column to go back to (``hidden_inputs``). Made once for the page (``as``) and put in each
    form. One key serves every note's forms: the key is kept with the form's address (``audit.once``), and
    each note's forms have addresses of their own, so each form still does its work once."""
    token = get_token(context.request) if getattr(context, "request", None) is not None else ""
    csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token) if token else ""
    key = format_html('<input type="hidden" name="{}" value="{}">', ONCE_FIELD, new_once_key())
    return mark_safe(csrf + key + hidden_inputs(values))  # noqa: S308 - each part is escaped


class ThemeMenu:
    """The board's themes as ``<option>`` elements, escaped once for the page; ``options(selected_id)`` gives
    them with one note's theme selected."""

    def __init__(self, themes) -> None:
        self._options = [
            (
                t.pk,
                format_html('<option value="{}">{}</option>', str(t.pk), t.title),
                format_html('<option value="{}" selected>{}</option>', str(t.pk), t.title),
            )
            for t in themes
        ]
        self._plain = mark_safe("".join(plain for _pk, plain, _chosen in self._options))  # noqa: S308 - escaped

    def options(self, selected_id) -> SafeString:
        if selected_id is None:
            return self._plain
        return mark_safe(  # noqa: S308 - built with format_html
            "".join(chosen if pk == selected_id else plain for pk, plain, chosen in self._options)
        )


@register.simple_tag
def theme_menu(themes) -> ThemeMenu:
    """The board's themes, ready to give each note its list (``theme_options``); once a page, with ``as``."""
    return ThemeMenu(themes)


@register.simple_tag
def theme_options(themes, selected_id) -> SafeString:
    """The board's themes as ``<option>`` elements, with the note's own theme selected. ``themes`` is a
    ``theme_menu`` (escaped once for the page) or a list of themes."""
    menu = themes if isinstance(themes, ThemeMenu) else ThemeMenu(themes)
    return menu.options(selected_id)


_STATUS_TAGS = {"open": "govuk-tag--yellow", "responded": "govuk-tag--blue", "resolved": "govuk-tag--green"}


@register.simple_tag
def barrier_status(barrier) -> SafeString:
    """A barrier's status tag (yellow open, blue answered, green sorted, grey not possible), after a red "Late"
    tag when an answer is overdue."""
    status = format_html(
        '<strong class="govuk-tag {}">{}</strong>', _STATUS_TAGS.get(barrier.status, "govuk-tag--grey"),
        barrier.status_label,
    )  # fmt: skip
    if barrier.is_overdue:
        return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong> {}', _("Late"), status)
    return status


_KIND_HEADINGS = {
    "note": gettext_lazy("Notes on boards"),
    "theme": gettext_lazy("Themes"),
    "feedback": gettext_lazy("The anonymous form, and replies to what we sent"),
    "answer": gettext_lazy("Check-in answers"),
    "barrier": gettext_lazy("Barriers"),
}


@register.simple_tag
def kind_heading(kind: str) -> str:
    """What a kind of input is called in a heading (a registered kind's own heading, feedback/inputs.py)."""
    registered = input_kind(kind)
    if registered is not None:
        return str(registered.heading)
    return str(_KIND_HEADINGS.get(kind, _KIND_HEADINGS["barrier"]))


def _truncate(text: str, length: int) -> str:
    """The same as the ``truncatechars`` filter."""
    return Truncator(text or "").chars(length)


@register.simple_tag
def input_label(kind: str, item) -> SafeString:
    """One input someone gave, named for an organiser: its words, then what it is, in brackets."""
    if kind == "note":
        words, what = _truncate(item.text, 160), _("note on %(board)s") % {"board": item.board.title}
    elif kind == "theme":
        words, what = item.title, _("theme")
    elif kind == "feedback" and item.author_id:
        words = _truncate(item.text, 160)
        what = _("reply about %(about)s") % {"about": item.about_label} if item.about_label else _("reply")
    elif kind == "feedback":
        words, what = _truncate(item.text, 160), _("anonymous form")
    elif kind == "answer":
        words = _truncate(item.change_text or item.feeling_text, 160)
        what = _("check-in after %(meeting)s") % {"meeting": item.check_in.meeting.title}
    elif kind == "barrier":
        words = f"{item.category_label}: {_truncate(item.description, 140)}"
        what = _("barrier") + (f", {item.raised_by.full_name}" if item.raised_by else "")
    elif (registered := input_kind(kind)) is not None:
        words, what = registered.label(item)
        words = _truncate(words, 160)
    else:
        return SafeString("")
    return format_html('{} <span class="govuk-body-s">({})</span>', words, what)


@register.simple_tag
def waiting_rows(kind: str, rows, answer_url: str, answer: str, heading: str) -> SafeString:
    """The rows of the "waiting for an answer" list, drawn in one pass: each input's words (``input_label``),
    the day it was given, and an "Answer" link (``answer``) to ``answer_url`` with the input linked, its
    hidden words naming the kind (``heading``) and the row's number on the page."""
    line = (
        '<li>{} <span class="govuk-body-s">{}</span>\n  <a class="govuk-link" href="{}?link={}:{}">{}'
        '<span class="govuk-visually-hidden"> {} {}</span></a></li>'
    )
    return format_html_join(
        "",
        line,
        (
            (input_label(kind, item), date(template_localtime(item.created_at), "j M Y"), answer_url, kind,
             str(item.pk), answer, heading, str(number))
            for number, item in enumerate(rows, start=1)
        ),
    )  # fmt: skip


@register.simple_tag
def input_shown(link, is_organiser: bool) -> str:
    """A registered input (feedback/inputs.py) on the "you said, we did" list; escaped by the template."""
    registered = input_kind(link.input_kind)
    if registered is None or link.target is None:
        return _("Something said that has since been removed")
    return registered.shown(link.target, bool(is_organiser))
