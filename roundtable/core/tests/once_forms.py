"""Helpers for the double-send test: find every view that takes a POST, and read forms as a browser does.

``post_views()`` walks the project's URL patterns (so a new page cannot be missed) and returns each URL
name whose view handles a POST, with whether it carries ``audit.once.once_per_key``. ``page_forms()``
reads the forms on a page and what a browser would send from each, without pressing any button.
"""

from __future__ import annotations

import ast
import inspect
import sys
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from roundtable.audit.once import ONCE_VIEW


def _url_patterns(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern.callback


def _handles_post(function: Any) -> bool:
    """True if the view, or a function of its own module that it calls, reads a POST."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    if "POST" in source:
        return True
    module = sys.modules.get(function.__module__)
    called = {
        node.func.id
        for node in ast.walk(ast.parse(textwrap.dedent(source)))
        if isinstance(node, ast.Call)
        if isinstance(node.func, ast.Name)
    }
    for name in called:
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and helper.__module__ == function.__module__:
            try:
                if "POST" in inspect.getsource(helper):
                    return True
            except OSError:
                continue
    return False


def post_views() -> dict[str, bool]:
    """Every URL name (with namespace) of our apps whose view handles a POST -> whether it is once-per-key."""
    found: dict[str, bool] = {}
    for name, callback in _url_patterns(get_resolver().url_patterns):
        if not callback.__module__.startswith("roundtable."):
            continue  # Django's own admin site
        view, once = callback, False
        while True:
            once = once or bool(getattr(view, ONCE_VIEW, False))
            if not hasattr(view, "__wrapped__"):
                break
            view = view.__wrapped__
        if _handles_post(view):
            found[name] = once
    return found


@dataclass
class PageForm:
    """One form on a page: where it posts, and what a browser would send without pressing a button."""

    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    first_radio: dict[str, str] = field(default_factory=dict)
    first_checkbox: dict[str, str] = field(default_factory=dict)  # for a test to tick, as a person would
    names: set[str] = field(default_factory=set)

    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in self.fields:
            if name in data:
                data[name] = [*data[name], value] if isinstance(data[name], list) else [data[name], value]
            else:
                data[name] = value
        for name, value in self.first_radio.items():
            data.setdefault(name, value)
        return data


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self.form: PageForm | None = None
        self.select: dict[str, Any] | None = None
        self.textarea: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select["first"] is None and value:
                self.select["first"] = value
            if "selected" in a:
                self.select["chosen"] = value
            return
        if tag == "form":
            self.form = PageForm(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self.form)
            return
        if self.form is None or not a.get("name"):
            return
        name = a["name"]
        self.form.names.add(name)
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    # As a browser does: value="" sends "", and only a box with no value attribute sends "on".
                    self.form.fields.append((name, a["value"] if "value" in a else "on"))
                elif kind == "radio":
                    self.form.first_radio.setdefault(name, a.get("value", ""))
                else:
                    self.form.first_checkbox.setdefault(name, a.get("value") or "on")
                return
            self.form.fields.append((name, a.get("value", "")))
        elif tag == "select":
            self.select = {"name": name, "first": None, "chosen": None, "multiple": "multiple" in a}
        elif tag == "textarea":
            self.textarea = [name, ""]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            name, text = self.textarea
            self.form.fields.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "select" and self.select is not None and self.form is not None:
            value = self.select["chosen"] if self.select["chosen"] is not None else self.select["first"]
            if value is not None and not self.select["multiple"]:
                self.form.fields.append((self.select["name"], value))
            self.select = None


def page_forms(html: str) -> list[PageForm]:
    """The forms on a page, in order."""
    reader = _FormReader()
    reader.feed(html)
    return reader.forms
