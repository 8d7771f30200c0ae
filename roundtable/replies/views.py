"""The organisation's replies page, typing in an answer by proxy, and GOV.UK Notify's received-text callback."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.lib.forms import apply_errors
from roundtable.notifications.forms import ProxyReplyForm
from roundtable.notifications.letter_parts import parse_reference
from roundtable.notifications.models import Message
from roundtable.projects.permissions import require_organisation
from roundtable.replies import selectors, services, targets
from roundtable.replies.forms import ReferenceForm
from roundtable.replies.models import InboundReply, ReplyFile

logger = logging.getLogger(__name__)


@login_required
def org_replies(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Admins and organisers: replies to read, replies kept aside (quarantine) with reasons, and landed ones."""
    organisation, _roles = require_organisation(request.user, slug, need="organise")
    data = selectors.org_replies(organisation_id=organisation.pk)
    return render(request, "replies/org_replies.html", {"organisation": organisation, "data": data})


@login_required
@require_POST
def reply_read(request: AuthenticatedHttpRequest, slug: str, reply_id: int) -> HttpResponse:
    organisation, _roles = require_organisation(request.user, slug, need="organise")
    reply = get_object_or_404(InboundReply, pk=reply_id, organisation=organisation)
    services.reply_mark_read(actor=request.user, reply=reply)
    return redirect("replies:org_replies", organisation.slug)


@login_required
@require_GET
def reply_file(request: AuthenticatedHttpRequest, slug: str, reply_id: int, file_id: int) -> FileResponse:
    """A file kept with a reply, for the organisation's organisers only (404 for anyone else), always as a
    download (never shown in the browser) with the type we checked it as."""
    organisation, _roles = require_organisation(request.user, slug, need="organise")
    kept = get_object_or_404(ReplyFile, pk=file_id, reply_id=reply_id, reply__organisation=organisation)
    try:
        handle = kept.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=kept.name, content_type=kept.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _message_in(organisation_id: int, reference: str) -> Message | None:
    message_id = parse_reference(reference)
    if message_id is None:
        return None
    message = Message.objects.select_related("recipient").filter(pk=message_id, recipient__isnull=False).first()
    if message is None:
        return None
    target = targets.target_for(message)
    if target is None or target.project.organisation_id != organisation_id:
        return None
    return message


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def reply_enter(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The old address of the one page for typing in a reply from a letter or a call
    (``/tasks/letters/replies/``): a visit goes there, with its reference. A form opened here before still
    files its reply once (a POST with the reference, the channel and the words)."""
    organisation, _roles = require_organisation(request.user, slug, need="organise")
    if request.method == "GET":
        reference = request.GET.get("reference", "")
        target = reverse("notifications:reply_slip")
        return redirect(f"{target}?{urlencode({'reference': reference})}" if reference else target)
    lookup = ReferenceForm(request.POST)
    context: dict = {"organisation": organisation, "lookup": lookup}
    status = 400
    if lookup.is_valid():
        message = _message_in(organisation.pk, lookup.cleaned_data["reference"])
        if message is None:
            lookup.add_error("reference", _("We cannot find that reference. Check it and try again."))
        else:
            assert message.recipient is not None
            form = ProxyReplyForm(request.POST)
            context.update({"message": message, "form": form, "person": message.recipient.short_name})
            if form.is_valid():
                try:
                    services.reply_enter_by_proxy(
                        actor=request.user,
                        message=message,
                        text=form.cleaned_data["text"],
                        channel=form.cleaned_data["channel"],
                    )
                except (PermissionDenied, Http404):
                    form.add_error(None, _("You cannot enter answers for this project. Ask its organiser."))
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    flash.success(request, _("%(name)s's reply is saved.") % {"name": message.recipient.short_name})
                    return redirect("replies:org_replies", organisation.slug)
    return render(request, "replies/reply_enter.html", context, status=status)


@csrf_exempt
@require_POST
def notify_received_text(request: HttpRequest) -> HttpResponse:
    """GOV.UK Notify's received-text callback: JSON with id, source_number, destination_number, message,
    date_received; ``Authorization: Bearer <NOTIFY_INBOUND_TOKEN>``. 403 without the right token (and when
    none is set), 400 for a body that is not the callback's shape, 200 once filed (also for a repeat)."""
    expected = getattr(settings, "NOTIFY_INBOUND_TOKEN", "")
    given = request.headers.get("Authorization", "")
    if not expected or not constant_time_compare(given, f"Bearer {expected}"):
        logger.warning("Received-text callback refused: wrong or missing bearer token")  # nothing kept: no flood
        return JsonResponse({"error": "bad token"}, status=403)
    if len(request.body) > 64 * 1024:
        return JsonResponse({"error": "too big"}, status=400)
    try:
        payload = json.loads(request.body.decode("utf-8"))
        provider_id = str(payload["id"])
        source = str(payload["source_number"])
        text = str(payload["message"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return JsonResponse({"error": "not a received-text callback"}, status=400)
    reply = services.reply_file_text(provider_id=provider_id, source_number=source, text=text)
    logger.info("Received text filed as reply %s (%s)", reply.pk, reply.status)
    return JsonResponse({"ok": True})
