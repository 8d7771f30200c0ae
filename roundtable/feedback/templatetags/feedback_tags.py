"""Template tags for the listening pages.

No tag here reads the database: the pages' views read through feedback/selectors.py.
The board shows 50 notes a page, each with a few small forms. The tags here do in Python, once per
page or in one pass, what would otherwise be many template lookups per note (see docs/feedback.md,
"Query counts and the benchmark").
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def hidden_inputs(values: dict) -> SafeString:
    """Hidden inputs that take the person back to the page, order and column they were on."""
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', ((k, v) for k, v in values.items()))


@register.simple_tag
def theme_options(themes, selected_id) -> SafeString:
    """The board's themes as ``<option>`` elements, with the note's own theme selected."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((str(t.pk), mark_safe(" selected") if t.pk == selected_id else "", t.title) for t in themes),
    )


def _kind_headings() -> dict[str, str]:
    return {
        "note": _("Notes on boards"),
        "theme": _("Themes"),
        "feedback": _("Anonymous form"),
        "answer": _("Check-in answers"),
        "barrier": _("Barriers"),
    }


@register.simple_tag
def kind_heading(kind: str) -> str:
    """What a kind of input is called in a heading."""
    return _kind_headings().get(kind, _("Barriers"))


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
    elif kind == "feedback":
        words, what = _truncate(item.text, 160), _("anonymous form")
    elif kind == "answer":
        words = _truncate(item.change_text or item.feeling_text, 160)
        what = _("check-in after %(meeting)s") % {"meeting": item.check_in.meeting.title}
    elif kind == "barrier":
        words = f"{item.get_category_display()}: {_truncate(item.description, 140)}"
        what = _("barrier") + (f", {item.raised_by.full_name}" if item.raised_by else "")
    else:
        return SafeString("")
    return format_html('{} <span class="govuk-body-s">({})</span>', words, what)
