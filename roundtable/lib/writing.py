"""The hook for the "Check my writing" panel, so any app's editor can offer it without importing glossary.

The checker needs the organisation's own jargon list and writing policy, which live in
``glossary``; ``projects`` sits below ``glossary`` and must not import it. So the checker is
registered here, lower than every app, and found here:

* ``glossary`` calls ``register_writing_check(WritingCheck)`` from its ``AppConfig.ready()``.
* An editor's view asks for a check and follows one pattern::

      check = writing_check_for(request, form, fields=["title", "body"], project=project)
      if check.is_live:                 # htmx asked for the panel as the writer types
          return check.panel_response()
      if check.should_save():           # a real save: form valid and, if the policy asks, advice confirmed
          ...call the service, redirect...
      return render(request, template, {"form": form, "check": check, ...})

* With nothing registered (lib's own tests, or glossary not installed) the view gets a
  ``NoWritingCheck``: no panel, no confirmation, but pressing "Check my writing" still never saves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse

PARAM = "writing_check"  # the name of the "Check my writing" button, and of htmx's live request
CHECK = "check"
LIVE = "live"


class BaseWritingCheck:
    """What every editor's view and template may rely on, whoever provides the check."""

    available = True
    confirm_form: forms.Form | None = None

    def __init__(self, request: HttpRequest, form: forms.BaseForm, *, fields: Sequence[str], project: Any) -> None:
        self.request = request
        self.form = form
        self.fields = list(fields)
        self.project = project
        self.mode = request.POST.get(PARAM, "") if request.method == "POST" else ""
        if self.is_check or self.is_live:
            # Checking is not saving: keep what was typed, but do not complain about fields left empty yet.
            form._errors = ErrorDict()  # type: ignore[attr-defined]  # a real BaseForm attribute; not in django-stubs

    @property
    def is_live(self) -> bool:
        """htmx asking for the panel as the writer types."""
        return self.mode == LIVE and bool(getattr(self.request, "htmx", False))

    @property
    def is_check(self) -> bool:
        """The "Check my writing" button (works without JavaScript). A live check without htmx is one too."""
        return self.mode == CHECK or (self.mode == LIVE and not self.is_live)

    def confirmed(self) -> bool:
        """May the form be saved as far as the writing policy goes? Adds an error at the box if not."""
        return True

    def should_save(self) -> bool:
        """A POST that is not a check, with a valid form and the advice confirmed if the policy asks.

        Both are checked, so the writer sees every error at once.
        """
        if self.request.method != "POST" or self.is_check or self.is_live:
            return False
        valid, confirmed = self.form.is_valid(), self.confirmed()
        return valid and confirmed

    def panel_response(self) -> HttpResponse:
        raise NotImplementedError


class NoWritingCheck(BaseWritingCheck):
    """Used when no checker is registered: the editor works, with no panel."""

    available = False
    has_text = False
    advice_count = 0

    @property
    def is_live(self) -> bool:
        return False

    def panel_response(self) -> HttpResponse:
        return HttpResponse("")


WritingCheckFactory = Callable[..., BaseWritingCheck]

_factory: WritingCheckFactory | None = None


def register_writing_check(factory: WritingCheckFactory | None) -> WritingCheckFactory | None:
    """Set the checker every editor uses (``None`` removes it). Returns the one it replaces."""
    global _factory
    previous, _factory = _factory, factory
    return previous


def writing_check_for(
    request: HttpRequest, form: forms.BaseForm, *, fields: Sequence[str], project: Any
) -> BaseWritingCheck:
    """The registered checker for this form's partner-facing ``fields``, or a ``NoWritingCheck``."""
    factory = _factory or NoWritingCheck
    return factory(request, form, fields=fields, project=project)


# --- Words explained on a page ---------------------------------------------------------------------
#
# ``{% explain_terms text project %}`` (ui's ``glossary`` tags) explains the built-in jargon words and the
# organisation's and project's own. Those lists live in ``glossary``; the tag may not read the database, so
# the page's view asks ``project_terms(project=...)`` through this hook and passes the list in its context
# as ``glossary_terms``. ``glossary`` registers ``glossary.selectors.display_terms``.

TermSource = Callable[..., Sequence[Any]]

_term_source: TermSource | None = None


def register_project_terms(source: TermSource | None) -> TermSource | None:
    """Set where a project's own words come from (``source(project=)`` returns ``lib.plain_language.Term``s).

    ``None`` removes it. Returns the one it replaces.
    """
    global _term_source
    previous, _term_source = _term_source, source
    return previous


def project_terms(*, project: Any) -> list[Any]:
    """The organisation's and ``project``'s own words to explain (``Term``s, the project's winning), or [].

    [] when ``project`` is None or nothing is registered. Queries: the registered source's (glossary: one).
    """
    if project is None or _term_source is None:
        return []
    return list(_term_source(project=project))
