"""The person's own story pages: /my-story/ and what hangs off it. Every page is no-store and no-index."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.lib.forms import apply_errors
from roundtable.stories import selectors, services
from roundtable.stories.forms import PartForm, ShareExistingForm, ShareForm
from roundtable.stories.models import StoryPart


def private(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Story pages are never kept by a browser or proxy, and never listed by a search engine."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs) -> HttpResponseBase:
        response = view(*args, **kwargs)
        patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


@login_required
@private
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    story = selectors.my_story(user=request.user)
    return render(request, "stories/mine.html", {"story": story})


def _part_form_view(request: AuthenticatedHttpRequest, part: StoryPart | None) -> HttpResponse:
    initial = {}
    if part is not None:
        initial = {"title": part.title, "text": part.text, "content_note": part.content_note}
    story_request = None
    if part is None and request.GET.get("request", "").isdigit():
        story_request = selectors.my_request(user=request.user, request_id=int(request.GET["request"]))
    has_audio = part is not None and bool(part.audio)
    form = PartForm(request.POST or None, request.FILES or None, initial=initial, has_audio=has_audio)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.part_save(
                actor=request.user,
                owner=request.user,
                part=part,
                title=data["title"],
                text=data["text"],
                content_note=data["content_note"],
                audio=data.get("audio") or None,
                remove_audio=data.get("remove_audio", False),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your story part is saved. Only you can read it."))
            if story_request is not None:
                return redirect(f"/my-story/{saved.pk}/share/?request={story_request.pk}")
            return redirect("stories:mine")
    status = 400 if form.errors else 200
    return render(
        request, "stories/part_form.html", {"form": form, "part": part, "story_request": story_request}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
@private
@once_per_key
def part_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _part_form_view(request, None)


@login_required
@require_http_methods(["GET", "POST"])
@private
def part_edit(request: AuthenticatedHttpRequest, part_id: int) -> HttpResponse:
    return _part_form_view(request, selectors.my_part(user=request.user, part_id=part_id))


@login_required
@require_http_methods(["GET", "POST"])
@private
def part_delete(request: AuthenticatedHttpRequest, part_id: int) -> HttpResponse:
    part = selectors.my_part(user=request.user, part_id=part_id)
    if request.method == "POST":
        services.part_delete(actor=request.user, part=part)
        messages.success(request, _("The part is deleted. Nobody can read it now."))
        return redirect("stories:mine")
    return render(request, "stories/part_delete.html", {"part": part})


@login_required
@private
def part_audio(request: AuthenticatedHttpRequest, part_id: int) -> FileResponse:
    part = selectors.my_part(user=request.user, part_id=part_id)
    if not part.audio:
        raise Http404
    return _audio_response(part)


def _audio_response(part: StoryPart) -> FileResponse:
    response = FileResponse(part.audio.open("rb"), content_type=part.audio_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@private
@once_per_key
def share_new(request: AuthenticatedHttpRequest, part_id: int) -> HttpResponse:
    part = selectors.my_part(user=request.user, part_id=part_id)
    story_request = None
    if request.GET.get("request", "").isdigit():
        story_request = selectors.my_request(user=request.user, request_id=int(request.GET["request"]))
    projects = selectors.my_projects(user=request.user)
    initial = {}
    if story_request is not None:
        initial = {"project": story_request.project_id, "purpose": story_request.purpose}
    form = ShareForm(request.POST or None, projects=projects, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        project = next(p for p in projects if p.pk == data["project"])
        try:
            services.share_create(
                actor=request.user,
                part=part,
                project=project,
                purpose=data["purpose"],
                until=data.get("until"),
                request=story_request if story_request and story_request.project_id == project.pk else None,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("“%(title)s” is shared with %(project)s.") % {"title": part.title, "project": project.title}
            )
            return redirect("stories:mine")
    status = 400 if form.errors else 200
    return render(
        request,
        "stories/share_form.html",
        {"form": form, "part": part, "story_request": story_request, "projects": projects},
        status=status,
    )


@login_required
@require_POST
@private
def share_withdraw(request: AuthenticatedHttpRequest, share_id: int) -> HttpResponse:
    share = selectors.my_share(user=request.user, share_id=share_id)
    services.share_withdraw(actor=request.user, share=share)
    messages.success(
        request,
        _("You withdrew “%(title)s”. %(project)s cannot read it any more.")
        % {"title": share.part.title, "project": share.project.title},
    )
    return redirect("stories:mine")


@login_required
@require_http_methods(["GET", "POST"])
@private
@once_per_key
def request_page(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    """A request: its content note first (open it or skip it), then what is already shared with that project,
    and the three answers: share a part you have, write a new part, or no."""
    story_request = selectors.my_request(user=request.user, request_id=request_id)
    shown = not story_request.content_note or request.GET.get("open") == "1" or request.method == "POST"
    parts = list(StoryPart.objects.filter(owner=request.user).order_by("created_at"))
    form = ShareExistingForm(request.POST or None, parts=[p for p in parts if not p.waiting_for_check])
    if request.method == "POST" and story_request.status == story_request.Status.OPEN and form.is_valid():
        part = next(p for p in parts if p.pk == form.cleaned_data["part"])
        try:
            services.share_create(
                actor=request.user,
                part=part,
                project=story_request.project,
                purpose=story_request.purpose,
                until=form.cleaned_data.get("until"),
                request=story_request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is shared with %(project)s.")
                % {"title": part.title, "project": story_request.project.title},
            )
            return redirect("stories:mine")
    context = {
        "story_request": story_request,
        "shown": shown,
        "form": form,
        "has_parts": bool(parts),
        "already": selectors.shared_with(user=request.user, project=story_request.project),
    }
    return render(request, "stories/request.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
@private
def request_decline(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    story_request = selectors.my_request(user=request.user, request_id=request_id)
    try:
        services.request_decline(actor=request.user, request=story_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("That is fine. You do not need to give a reason."))
    return redirect("stories:mine")


@login_required
@require_POST
@private
def quote_answer(request: AuthenticatedHttpRequest, quote_id: int) -> HttpResponse:
    quote = selectors.my_quote(user=request.user, quote_id=quote_id)
    agree = request.POST.get("answer") == "yes"
    try:
        services.quote_answer(actor=request.user, quote=quote, agree=agree)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Thank you. They may use the quote.") if agree else _("Thank you. They will not use it.")
        )
    return redirect("stories:mine")
