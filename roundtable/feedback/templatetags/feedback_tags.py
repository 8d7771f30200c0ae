"""Template tags for the listening pages.

No tag here reads the database: the pages' views read through feedback/selectors.py.
The board shows 50 notes a page, each with a few small forms. The tags here do in Python, once per
page or in one pass, what would otherwise be many template lookups per note (see docs/feedback.md,
"Query counts and the benchmark").
"""

from django import template
from django.middleware.csrf import get_token
from django.template.defaultfilters import date, linebreaksbr
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timezone import is_aware, localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from roundtable.feedback.inputs import input_kind
from roundtable.lib.forms import ONCE_FIELD, new_once_key

register = template.Library()


def _local(moment):
    """A datetime on the local clock, as the ``date`` filter gets it in a template."""
    return localtime(moment) if is_aware(moment) else moment


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
            (input_label(kind, item), date(_local(item.created_at), "j M Y"), answer_url, kind,
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


# --- The notes of a board, drawn in Python -----------------------------------------------------------------
# A board page shows 20 notes, each with a dot button, suggested themes, a theme form and a link to hide or
# report it. Drawn by the template, each note cost a few dozen tag and variable look-ups, more than the
# page's queries (issue 19); ``note_items`` draws the same markup in one pass.

_HIDDEN = '\n        <p class="govuk-body"><em>{}</em> {} {}</p>\n        {}\n      '
_SHOW_HIDDEN = (
    '<details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
    '{}</span></summary><div class="govuk-details__text">{}</div></details>'
)
_RESPONSE = (
    '<p class="govuk-body-s"><strong class="govuk-tag govuk-tag--green">{}</strong> '
    '<a class="govuk-link" href="{}#response-{}">{}</a></p>'
)
_DOT = (
    '\n        <form method="post" action="{}notes/{}/dot/" class="rt-inline-form">{}\n'
    '          <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2 rt-dot"'
    ' data-module="govuk-button">{}<span class="govuk-visually-hidden"> {} {}</span></button>\n'
    "        </form>\n        "
)
_AGREE = (
    '<form method="post" action="{}" class="rt-inline-form">{}<button type="submit" class="govuk-button '
    'govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">{}<span class="govuk-visually-hidden">'
    " {}</span></button></form>"
)
_MORE = (
    '\n        <details class="govuk-details govuk-!-margin-bottom-2"><summary class="govuk-details__summary">'
    '<span class="govuk-details__summary-text">{more}<span class="govuk-visually-hidden"> {for_note} {n}</span></span>'
    '</summary>\n          <div class="govuk-details__text">\n'
    '            <form method="post" action="{board_url}notes/{pk}/theme/" novalidate>{inputs}\n'
    '              <div class="govuk-form-group"><label class="govuk-label" for="theme-{pk}">{theme}</label>\n'
    '                <select class="govuk-select" id="theme-{pk}" name="theme"><option value="">{no_theme}</option>'
    "{options}</select></div>\n"
    '              <div class="govuk-form-group"><label class="govuk-label" for="new-theme-{pk}">{new_theme}</label>\n'
    '                <input class="govuk-input" id="new-theme-{pk}" name="theme_title" type="text" maxlength="150">'
    "</div>\n"
    '              <button type="submit" class="govuk-button govuk-button--secondary rt-theme-submit"'
    ' data-module="govuk-button">{put}</button>\n            </form>\n            {last}\n          </div>\n'
    "        </details>\n      "
)


@register.simple_tag
def note_items(rows, board, is_organiser, added, board_url: str, responses_url: str, inputs, themes) -> SafeString:
    """One column's notes on a board page (``selectors.NoteRow``), each an ``<li>`` with its forms.

    ``added`` is the id of the note just added (marked), ``board_url`` and ``responses_url`` the board's and
    "you said, we did"'s addresses, ``inputs`` the hidden inputs every form carries (``note_form_inputs``)
    and ``themes`` the board's themes (``theme_menu``). The same markup the template drew note by note."""
    esc = conditional_escape
    t = {
        "we_did": esc(_("We did")), "give": esc(_("Give a dot")), "take_back": esc(_("Take back my dot")),
        "theme_is": esc(_("Theme:")), "theme": esc(_("Theme")), "no_theme": esc(_("No theme")),
        "new_theme": esc(_("Or a new theme")), "agree": esc(_("Agree")), "to_note": esc(_("to note")),
        "for_note": esc(_("for note")), "hid": esc(_("An organiser hid this note.")), "why": esc(_("Why:")),
        "show": esc(_("Show what it said")), "added": esc(_("Your note is added.")),
    }  # fmt: skip
    if is_organiser:
        t |= {"more": esc(_("Theme, hide")), "put": esc(_("Put it in this theme")), "hide": esc(_("Hide this note"))}
    else:
        t |= {"more": esc(_("Suggest a theme, or report")), "put": esc(_("Suggest this theme")),
              "report": esc(_("Report this note"))}  # fmt: skip
    board_url, responses_url = esc(board_url), esc(responses_url)
    dots = board.is_open and board.votes_per_person
    menu = themes if isinstance(themes, ThemeMenu) else ThemeMenu(themes)
    out = []
    for n, row in enumerate(rows, start=1):
        note = row.note
        pk = row.pk
        new = note.pk == added
        out.append(f'\n    <li class="rt-note{" rt-note--new" if new else ""}" id="note-{pk}">\n      ')
        if note.is_hidden:
            shown = ""
            if is_organiser:
                shown = format_html(_SHOW_HIDDEN, t["show"], linebreaksbr(note.text, autoescape=True))
            out.append(format_html(_HIDDEN, t["hid"], t["why"], note.hidden_reason, shown))
            out.append("\n    </li>\n  ")
            continue
        out.append(f'\n        <p class="govuk-body rt-note__text">{linebreaksbr(note.text, autoescape=True)}</p>\n')
        line = [f"{esc(row.author)}. " if row.author else ""]
        line.append(ngettext("%(n)s dot", "%(n)s dots", note.votes) % {"n": note.votes})
        if note.theme:
            line.append(f". {t['theme_is']} {esc(note.theme.title)}")
        if new:
            line.append(f". <strong>{t['added']}</strong>")
        out.append(f'        <p class="govuk-body-s">{"".join(line)}</p>\n        ')
        out.extend(format_html(_RESPONSE, t["we_did"], responses_url, str(r.pk), r.title) for r in row.responses)
        out.append("\n        ")
        if dots:
            out.append(format_html(_DOT, board_url, pk, inputs, t["take_back"] if row.voted else t["give"],
                                   t["to_note"], str(n)))  # fmt: skip
        out.append("\n        ")
        for s in row.suggestions:
            said = _("Suggested theme: %(t)s") % {"t": esc(s.theme.title)}
            agree = ""
            if is_organiser:
                url = reverse("feedback:suggestion_confirm", args=[board.project_id, board.pk, s.pk])
                agree = format_html(_AGREE, url, inputs, t["agree"], s.theme.title)
            out.append(f'<div class="govuk-body-s">{said}\n          {agree}</div>')
        if is_organiser:
            reported = ""
            if row.reports:
                words = ngettext("Reported %(n)s time", "Reported %(n)s times", row.reports) % {"n": row.reports}
                reported = f'<strong class="govuk-tag govuk-tag--red">{words}</strong> '
            last = (
                f'<p class="govuk-body">{reported}<a class="govuk-link" href="{board_url}notes/{pk}/hide/">{t["hide"]}'
                "</a></p>\n            "
            )
        else:
            last = (
                f'<p class="govuk-body"><a class="govuk-link" href="{board_url}notes/{pk}/report/">{t["report"]}'
                "</a></p>"
            )
        out.append(
            _MORE.format(more=t["more"], for_note=t["for_note"], n=n, board_url=board_url, pk=pk, inputs=inputs,
                         theme=t["theme"], no_theme=t["no_theme"], options=menu.options(note.theme_id),
                         new_theme=t["new_theme"], put=t["put"], last=last)
        )  # fmt: skip
        out.append("\n    </li>\n  ")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
