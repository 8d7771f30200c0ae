"""Report pages: the GRIPP2 section (read, edit a section, reset, export), the funder report and the
standards evidence pack. Thin: check who may see it, parse, call, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from roundtable.health.reports import exports, funder, gripp2, services, standards
from roundtable.health.reports.forms import FunderForm, SectionForm, last_twelve_months
from roundtable.health.reports.permissions import require_reports
from roundtable.lib.forms import apply_errors
from roundtable.lib.i18n import day_words

GRIPP2_FILES = {
    "md": (exports.gripp2_markdown, exports.MD_CONTENT_TYPE, "md"),
    "docx": (exports.gripp2_docx, exports.DOCX_CONTENT_TYPE, "docx"),
    "pdf": (exports.gripp2_pdf, exports.PDF_CONTENT_TYPE, "pdf"),
}


def _file(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def gripp2_page(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_reports(request.user, project_id)
    project = access.project
    sections = gripp2.gripp2_report(project)
    wanted = request.GET.get("format")
    if wanted:
        if wanted not in GRIPP2_FILES:
            raise Http404
        make, content_type, ext = GRIPP2_FILES[wanted]
        return _file(make(project, sections), content_type, f"gripp2-project-{project.pk}.{ext}")
    shown = [{"section": s, "blocks": exports.blocks(s.text)} for s in sections]
    return render(
        request,
        "health/reports/gripp2.html",
        {"project": project, "sections": shown, "taken_out": sum(s.names_taken_out for s in sections)},
    )


def _section(project, key: str) -> gripp2.Section:
    for section in gripp2.gripp2_report(project):
        if section.key == key:
            return section
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def gripp2_section(request: HttpRequest, project_id: int, section: str) -> HttpResponse:
    access = require_reports(request.user, project_id)
    project = access.project
    current = _section(project, section)
    form = SectionForm(request.POST or None, initial={"text": current.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.section_save(actor=request.user, project=project, section=section, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Saved your words for “{current.title}”.")
            return redirect("reports:gripp2", project.pk)
    return render(
        request,
        "health/reports/gripp2_section.html",
        {"project": project, "section": current, "form": form, "draft_blocks": exports.blocks(current.drafted)},
    )


@login_required
@require_POST
def gripp2_reset(request: HttpRequest, project_id: int, section: str) -> HttpResponse:
    access = require_reports(request.user, project_id)
    current = _section(access.project, section)
    if services.section_reset(actor=request.user, project=access.project, section=section):
        messages.success(request, f"“{current.title}” shows the draft from the record again.")
    return redirect("reports:gripp2", access.project.pk)


@login_required
@require_GET
def funder_page(request: HttpRequest, project_id: int) -> HttpResponse:
    """The funder report. No dates given: the last 12 months (London). Bad dates: the form, with errors."""
    access = require_reports(request.user, project_id)
    project = access.project
    start, end = last_twelve_months(timezone.localdate())
    data = request.GET if ("start" in request.GET or "end" in request.GET) else None
    form = FunderForm(data, initial={"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")})
    report = None
    if data is None or form.is_valid():
        if data is not None:
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        report = funder.funder_report(project, start=start, end=end)
        if request.GET.get("format") == "pdf":
            body = exports.funder_pdf(_funder_context(project, report))
            return _file(body, exports.PDF_CONTENT_TYPE, f"funder-report-project-{project.pk}-{start}-to-{end}.pdf")
    context = {"project": project, "form": form, "report": report}
    if report is not None:
        context.update(_funder_context(project, report))
        context["pdf_query"] = urlencode({"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y"),
                                          "format": "pdf"})  # fmt: skip
    return render(request, "health/reports/funder.html", context)


def _funder_context(project, report: funder.FunderReport) -> dict:
    return {
        "title": f"Involvement report for a funder: {project.title}",
        "report": report,
        "start_words": day_words(report.start),
        "end_words": day_words(report.end),
        "made_on": day_words(timezone.localdate()),
        "tables": [
            ("People involved", report.people),
            ("Partners' time", report.hours),
            ("Payments to partners", report.payments),
            ("What we did together", report.activities),
        ],
    }


@login_required
@require_GET
def standards_page(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_reports(request.user, project_id)
    pack = standards.standards_pack(access.project)
    return render(request, "health/reports/standards.html", {"project": access.project, "standards": pack})
