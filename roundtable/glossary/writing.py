"""The "Check my writing" panel, for any form whose text partners will read.

Editors in other apps do not import this module: they call
``roundtable.lib.writing.writing_check_for(...)``, and ``GlossaryConfig.ready()``
registers ``WritingCheck`` there (see lib/writing.py for the view pattern).

In the template, inside the form (``id`` on the form)::

    {% include "includes/writing_check.html" with check=check form_id="my-form" %}

* Without JavaScript the "Check my writing" button posts the form with
  ``writing_check=check``: the page comes back with the panel and everything as
  typed, nothing saved, and no "enter a subject" errors for fields not filled yet.
* With htmx the panel posts the form with ``writing_check=live`` after the writer
  stops typing, and only the panel is swapped in.
* If the organisation's ``WritingPolicy`` asks for it, saving text that has
  advice needs the "I have read the advice" box ticked; without it the form
  comes back with an error at the box and nothing lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from roundtable.glossary.selectors import WritingContext, writing_context
from roundtable.lib import plain_language
from roundtable.lib.writing import BaseWritingCheck
from roundtable.projects.models import Project


class ConfirmAdviceForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("I have read the advice about my writing"),
        required=False,
    )


@dataclass
class FieldReport:
    name: str
    label: str
    anchor: str
    report: plain_language.Report


class WritingCheck(BaseWritingCheck):
    def __init__(
        self,
        request: HttpRequest,
        form: forms.BaseForm,
        *,
        fields: list[str],
        project: Project,
        context: WritingContext | None = None,
    ) -> None:
        self._context = context
        self.confirm_form = ConfirmAdviceForm(request.POST or None, prefix="writing")
        super().__init__(request, form, fields=fields, project=project)

    @property
    def show(self) -> bool:
        """Show the findings: after a check, on a save that came back, or when editing text already there."""
        return self.is_check or self.is_live or self.request.method == "POST" or self.has_text

    # --- The findings -----------------------------------------------------------------------------

    @cached_property
    def context(self) -> WritingContext:
        if self._context is None:
            self._context = writing_context(organisation_id=self.project.organisation_id, project=self.project)
        return self._context

    def _text(self, name: str) -> str:
        value = self.form[name].value()
        return "" if value is None else str(value)

    @cached_property
    def field_reports(self) -> list[FieldReport]:
        reports = []
        for name in self.fields:
            text = self._text(name)
            if not text.strip():
                continue
            bound = self.form[name]
            reports.append(
                FieldReport(
                    name=name,
                    label=str(bound.label),
                    anchor=bound.id_for_label or bound.auto_id,
                    report=plain_language.check(
                        text, extra_terms=self.context.extra_terms, explained=self.context.explained
                    ),
                )
            )
        return reports

    @cached_property
    def report(self) -> plain_language.Report:
        """All the fields' text together, for the overall score."""
        text = "\n\n".join(self._text(name) for name in self.fields)
        return plain_language.check(text, extra_terms=self.context.extra_terms, explained=self.context.explained)

    @property
    def has_text(self) -> bool:
        return any(self._text(name).strip() for name in self.fields)

    @property
    def advice_count(self) -> int:
        return sum(f.report.advice_count for f in self.field_reports)

    @property
    def verdict(self) -> str:
        """good, close or hard: the combined reading age and every finding listed in the panel."""
        return plain_language.verdict(band=self.report.band, findings=self.advice_count)

    # --- Confirming -------------------------------------------------------------------------------

    @property
    def needs_confirmation(self) -> bool:
        return self.context.require_confirmation and self.advice_count > 0

    def confirmed(self) -> bool:
        """May the form be saved? Adds an error at the box if the policy wants it ticked and it is not."""
        if not self.needs_confirmation:
            return True
        assert self.confirm_form is not None  # made in __init__
        self.confirm_form.is_valid()
        if self.confirm_form.cleaned_data.get("confirmed"):
            return True
        self.confirm_form.add_error(
            "confirmed", _("Read the advice about your writing, then tick the box to say you have read it")
        )
        return False

    # --- Rendering --------------------------------------------------------------------------------

    def panel_response(self) -> HttpResponse:
        html = render_to_string(
            "includes/writing_check_panel.html", {"check": self, "live": True}, request=self.request
        )
        return HttpResponse(html)
