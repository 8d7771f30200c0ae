"""Send the health check to members who do not use the web (``health.partner_summary``).

Thin: staff of the project only (``health.permissions``: members get 403, outsiders 404). GET shows who
gets a letter and who a call, and the words they get; POST queues them through the outbox.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.health import partner_summary
from roundtable.health.permissions import require_project_health


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def send_summary(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    """Show, then send, the health check to the project's members who do not use the web."""
    view = require_project_health(request.user, project_id)
    if not view.staff:
        raise PermissionDenied
    project = view.project
    if request.method == "POST":
        sent = partner_summary.health_summary_send(actor=request.user, project=project)
        if sent:
            messages.success(
                request, _("We have queued the health check for %(n)s people. Letters and calls are in your tasks.")
                % {"n": sent},
            )  # fmt: skip
        else:
            messages.info(request, _("Everyone in this project uses the web. They can read the health check there."))
        return redirect("health:project", project.pk)
    people = partner_summary.members_without_web(project)
    by_phone = [m for m in people if partner_summary.by_phone(m.user)]
    context = {
        "project": project,
        "letters": len(people) - len(by_phone),
        "calls": len(by_phone),
        "letter_text": partner_summary.letter_text(project) if len(people) > len(by_phone) else "",
        "call_script": partner_summary.call_script(project) if by_phone else "",
    }
    return render(request, "health/send_summary.html", context)
