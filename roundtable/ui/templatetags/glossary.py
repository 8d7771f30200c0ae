"""Words explained where they appear, and one error summary for a form and its writing check.

``{% load glossary %}`` (the name is kept from when these tags lived in the glossary app; they read no
database, so every app may load them):

* ``{% explain_terms text project %}`` renders user-written ``text`` as a
  paragraph (``<p class="govuk-body rt-pre">``, escaped) followed, if the text
  uses any words from the project's glossary, the organisation's own list or the
  built-in jargon list, by a GOV.UK details disclosure: "What these words mean:
  cohort, PPI", which opens to each word and its plain meaning. A disclosure,
  not a tooltip: it works by keyboard, on a phone and without JavaScript. Each
  word is explained once per page, at its first appearance. Members also get a
  link to ask the team about any other word. ``default="..."`` is shown when the
  text is empty. The organisation's and project's words come from the page's
  context, ``glossary_terms``, which the view reads with ``lib.writing.project_terms``;
  a page that explains a project's words without them is an error (``ImproperlyConfigured``).
* ``{% writing_error_summary form check %}``: GOV.UK's error summary for a form
  and the "I have read the advice" box of its writing check together.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from roundtable.lib.forms import error_target
from roundtable.lib.plain_language import Glossary, glossary_with

register = template.Library()

_SEEN_KEY = "rt_glossary_explained"
TERMS_KEY = "glossary_terms"  # the context variable the view fills from lib.writing.project_terms


def _glossary_for(context: template.Context, project) -> Glossary:
    # django-stubs types BaseContext.setdefault's default (and so its result) too narrowly: any value is fine.
    cache: dict[Any, Glossary] = context.render_context.setdefault("rt_glossary_index", {})  # type: ignore[arg-type,assignment]
    key = getattr(project, "pk", None)
    if key not in cache:
        own = context.get(TERMS_KEY)
        if own is None:
            raise ImproperlyConfigured(
                "explain_terms needs the project's words: the view must pass "
                "glossary_terms=lib.writing.project_terms(project=...)."
            )
        # Built-in words first (worked out once per process); the organisation's own and the project's
        # own meanings replace them.
        cache[key] = glossary_with(own)
    return cache[key]


@register.simple_tag(takes_context=True)
def explain_terms(context: template.Context, text: Any, project, default: str = "") -> SafeString:
    """``text`` as a paragraph, then a disclosure explaining its words (see the module docstring)."""
    text = "" if text is None else str(text)
    if not text.strip():
        return mark_safe(f'<p class="govuk-body">{conditional_escape(default)}</p>')  # noqa: S308 - escaped
    paragraph = mark_safe(f'<p class="govuk-body rt-pre">{conditional_escape(text)}</p>')  # noqa: S308 - escaped
    if project is None:
        return paragraph
    seen: set[str] = context.render_context.setdefault(_SEEN_KEY, set())  # type: ignore[arg-type,assignment]  # as above
    words = []
    for match in _glossary_for(context, project).find(text):
        key = match.term.term.lower()
        if key in seen:
            continue
        seen.add(key)
        words.append({"term": match.term, "as_written": match.text})
    if not words:
        return paragraph
    access = context.get("access")
    details = render_to_string(
        "includes/explained_words.html",
        {
            "words": words,
            "project": project,
            "can_ask": bool(access is not None and getattr(access, "can_view", False)),
            "number": len(seen),
        },
    )
    return mark_safe(paragraph + details)  # noqa: S308 - both parts are escaped templates


@register.inclusion_tag("includes/error_summary.html")
def writing_error_summary(form, check=None) -> dict[str, Any]:
    """GOV.UK's error summary for ``form`` and, if given, its writing check's confirmation box."""
    errors: list[dict[str, str]] = []
    forms_to_list = [form]
    if check is not None:
        forms_to_list.append(check.confirm_form)
    for each in forms_to_list:
        if each is None or not each.is_bound or not each.errors:
            continue
        for message in each.non_field_errors():
            errors.append({"text": message, "href": ""})
        for field in each:
            target = "" if field.is_hidden else error_target(field)
            for message in field.errors:
                errors.append({"text": message, "href": f"#{target}" if target else ""})
    return {"errors": errors}
