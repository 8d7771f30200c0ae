"""The promises pages. Thin: permission, selector or service, render."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.lib.spreadsheet import safe_cell
from roundtable.projects.models import Organisation, StaffRole
from roundtable.projects.permissions import require_organisation, staff_roles
from roundtable.promises import accessibility, notice, selectors, services
from roundtable.promises.export import TABLES
from roundtable.promises.forms import AuditFilterForm, NoticeWordsForm
from roundtable.promises.kinds import kind_choices


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """The platform's privacy notice: the operator as processor, organisations as controllers."""
    return render(
        request,
        "promises/privacy.html",
        {"sections": notice.platform_sections(), "retention": notice.retention()},
    )


@require_GET
def organisation_privacy(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's privacy notice; public, like the promise it is. Admins see a link to change it."""
    organisation = get_object_or_404(Organisation, slug=slug)
    words = selectors.notice_words(organisation=organisation)
    sections = notice.organisation_sections(organisation, words=words)

    can_edit = StaffRole.ADMIN in staff_roles(request.user, organisation.pk)
    return render(
        request,
        "promises/organisation_privacy.html",
        {"organisation": organisation, "sections": sections, "can_edit": can_edit},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_privacy_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The admin adds words to any section of the notice, or a section of their own."""
    organisation, _roles = require_organisation(request.user, slug, need="admin")
    words = selectors.notice_words(organisation=organisation)
    initial = {f"words_{key}": text for key, (_heading, text) in words.items()}
    initial["more_heading"] = words.get(notice.MORE, ("", ""))[0]
    form = NoticeWordsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.notice_words_set(
            actor=request.user,
            organisation=organisation,
            words=form.words(),
            more_heading=form.cleaned_data["more_heading"],
        )
        messages.success(request, _("Your privacy notice is saved."))
        return redirect("promises:organisation_privacy", organisation.slug)
    sections = notice.organisation_sections(organisation, words=words)
    return render(
        request,
        "promises/organisation_privacy_edit.html",
        {"organisation": organisation, "form": form, "sections": sections},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, from the known problems and the last recorded browser run."""
    return render(
        request,
        "promises/accessibility.html",
        {
            "record": accessibility.load_record(),
            "problems": accessibility.KNOWN_PROBLEMS,
            "compliance": accessibility.compliance(),
            "standard": accessibility.STANDARD,
            "rules_off": accessibility.AXE_RULES_OFF,
            "operator_contact": notice.operator_contact(),
        },
    )


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, selectors.AuditFilters]:
    form = AuditFilterForm(request.GET or None, kinds=kind_choices())
    if not request.GET:
        return form, selectors.AuditFilters()
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    return form, selectors.AuditFilters(
        person=data.get("person", "") or "",
        kind=data.get("kind", "") or "",
        since=data.get("since"),
        until=data.get("until"),
        after=selectors.decode_cursor(request.GET.get("after", "")),
    )


@login_required
@require_GET
def audit_log(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Who did what, to whom, when: the organisation's audit log, filtered and paged. Reading it is audited."""
    organisation, _roles = require_organisation(request.user, slug, need="admin")
    form, filters = _filters(request)
    page = selectors.audit_page(organisation=organisation, filters=filters)
    services.audit_log_read_record(actor=request.user, organisation=organisation, details=filters.as_details())
    query = request.GET.copy()
    query.pop("after", None)
    next_query = ""
    if page.next_cursor:
        query["after"] = page.next_cursor
        next_query = query.urlencode()
        query.pop("after")
    return render(
        request,
        "promises/audit_log.html",
        {
            "organisation": organisation,
            "form": form,
            "kind_options": [
                (value, label, value == filters.kind) for value, label in [("", _("Every kind")), *kind_choices()]
            ],
            "page": page,
            "next_query": next_query,
            "csv_query": query.urlencode(),
            "first_page": filters.after is None,
            "filtered": bool(filters.as_details()),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_COLUMNS = ["when (UTC)", "who", "who email", "did", "kind", "to whom", "on behalf", "what", "summary"]


@login_required
@require_GET
def audit_log_csv(request: AuthenticatedHttpRequest, slug: str) -> StreamingHttpResponse:
    """The filtered log as CSV, every row, streamed; spreadsheet-safe cells. Downloading it is audited."""
    organisation, _roles = require_organisation(request.user, slug, need="admin")
    _form, filters = _filters(request)
    services.audit_log_read_record(
        actor=request.user, organisation=organisation, details=filters.as_details(), exported=True
    )
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(CSV_COLUMNS)
        for row in selectors.audit_rows_for_csv(organisation=organisation, filters=filters):
            cells = [
                row.created_at.isoformat(),
                row.actor.full_name if row.actor else "",
                (row.actor.email or "") if row.actor else "",
                row.action,
                row.kind,
                row.subject.full_name if row.subject else "",
                "yes" if row.by_proxy else "",
                f"{row.object_type} {row.object_id}".strip(),
                row.summary,
            ]
            yield writer.writerow([safe_cell(c) for c in cells])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-{organisation.slug}-{day}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def organisation_export(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """GET: what the export holds, and the copies asked for lately. POST: ask the worker to make the zip
    (audited); the admin is told through the outbox when it is ready."""
    organisation, _roles = require_organisation(request.user, slug, need="admin")
    if request.method == "POST":
        services.organisation_export_request(actor=request.user, organisation=organisation)
        messages.success(
            request, _("We are making the zip file. We will send you a message when it is ready to download.")
        )
        return redirect("promises:organisation_export", organisation.slug)
    return render(
        request,
        "promises/export.html",
        {
            "organisation": organisation,
            "tables": TABLES,
            "exports": selectors.recent_exports(organisation=organisation),
            "download_days": settings.DATA_DOWNLOAD_DAYS,
        },
    )


@login_required
@require_GET
def organisation_export_download(request: AuthenticatedHttpRequest, slug: str, token: str) -> FileResponse:
    """The zip, for the organisation's admins, until its link runs out (then 404). Each download is audited."""
    organisation, _roles = require_organisation(request.user, slug, need="admin")
    export = services.organisation_export_for(organisation=organisation, token=token)
    if export is None:
        raise Http404
    services.organisation_export_downloaded_record(actor=request.user, export=export)
    day = timezone.localdate(export.ready_at).isoformat()
    return FileResponse(
        export.archive.open("rb"),
        as_attachment=True,
        filename=f"{organisation.slug}-{day}.zip",
        content_type="application/zip",
    )
