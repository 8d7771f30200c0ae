"""A project's side of stories: what it may read (organisers only), asking for a story, quoting, and a story
recorded by proxy. Everyone but the project's organisers gets 404. Every page is no-store and no-index."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.lib.forms import apply_errors
from roundtable.projects.models import Membership
from roundtable.projects.permissions import require_proxy
from roundtable.stories import selectors, services
from roundtable.stories.forms import PartForm, ProxyShareForm, QuoteForm, RequestForm
from roundtable.stories.models import StoryPart, StoryRequest
from roundtable.stories.permissions import require_story_organiser
from roundtable.stories.views_mine import _audio_response, private


@login_required
@private
def project_stories(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_story_organiser(request.user, project_id)
    data = selectors.project_stories(project=access.project)
    context = {
        "project": access.project,
        "access": access,
        "data": data,
        "proxy_people": selectors.proxy_people(project=access.project),
    }
    return render(request, "stories/project.html", context)


@login_required
@private
def read(request: AuthenticatedHttpRequest, project_id: int, share_id: int) -> HttpResponse:
    """One shared part. With a content note, the note comes first, with "Open it" and "Skip it"; the words are
    shown, and the read logged, only when opened."""
    access = require_story_organiser(request.user, project_id)
    share = selectors.project_share(project=access.project, share_id=share_id)
    opened = not share.part.content_note or request.GET.get("open") == "1"
    part = None
    if opened:
        try:
            part = services.share_open(reader=request.user, share=share)
        except ValidationError:
            raise Http404 from None
    return render(
        request,
        "stories/read.html",
        {"project": access.project, "share": share, "part": part, "opened": opened, "quote_form": None},
    )


@login_required
@private
def read_audio(request: AuthenticatedHttpRequest, project_id: int, share_id: int) -> FileResponse:
    access = require_story_organiser(request.user, project_id)
    share = selectors.project_share(project=access.project, share_id=share_id)
    if not share.part.audio:
        raise Http404
    try:
        part = services.share_open(reader=request.user, share=share, what="recording")
    except ValidationError:
        raise Http404 from None
    return _audio_response(part)


@login_required
@require_http_methods(["GET", "POST"])
@private
@once_per_key
def request_new(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_story_organiser(request.user, project_id)
    memberships = (
        Membership.objects.filter(project=access.project, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__full_name")
    )
    people = [m.user for m in memberships if m.is_active and m.user_id != request.user.pk]
    form = RequestForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next(p for p in people if p.pk == data["person"])
        try:
            services.request_create(
                actor=request.user,
                project=access.project,
                person=person,
                purpose=data["purpose"],
                content_note=data["content_note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("We asked %(name)s. They can say yes or no.") % {"name": person.full_name})
            return redirect("stories:project", access.project.pk)
    return render(
        request,
        "stories/request_new.html",
        {"project": access.project, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@private
@once_per_key
def quote_new(request: AuthenticatedHttpRequest, project_id: int, share_id: int) -> HttpResponse:
    access = require_story_organiser(request.user, project_id)
    share = selectors.project_share(project=access.project, share_id=share_id)
    outputs = selectors.project_outputs(project=access.project)
    form = QuoteForm(request.POST or None, outputs=outputs)
    if request.method == "POST" and form.is_valid():
        output = next(o for o in outputs if o.pk == form.cleaned_data["output"])
        try:
            services.quote_create(actor=request.user, share=share, output=output, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("We asked the person. You may use the quote only if they say yes."))
            return redirect("stories:project", access.project.pk)
    return render(
        request,
        "stories/quote_new.html",
        {"project": access.project, "share": share, "form": form, "outputs": outputs},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
@private
def quote_removed(request: AuthenticatedHttpRequest, project_id: int, quote_id: int) -> HttpResponse:
    access = require_story_organiser(request.user, project_id)
    quote = selectors.project_quote(project=access.project, quote_id=quote_id)
    services.quote_removed(actor=request.user, quote=quote)
    messages.success(request, _("Thank you. The quote is marked as taken out."))
    return redirect("stories:project", access.project.pk)


@login_required
@require_http_methods(["GET", "POST"])
@private
@once_per_key
def proxy(request: AuthenticatedHttpRequest, project_id: int, person_id: int) -> HttpResponse:
    """Record a part of the story of someone who does not use the web, from a conversation; see what was
    recorded, record that they said it is right, share it with this project for them, or record their no."""
    access, membership = require_proxy(request.user, project_id, person_id)
    person = membership.user
    form = PartForm(request.POST or None)
    form.fields["text"].label = _("Their words")
    form.fields["text"].help_text = _("Only you and they can read this until they agree to share it.")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.part_save(
                actor=request.user,
                owner=person,
                title=data["title"],
                text=data["text"],
                content_note=data["content_note"],
                proxy_project=access.project,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved. We are sending %(name)s a copy to check.") % {"name": person.full_name})
            return redirect("stories:proxy", access.project.pk, person.pk)
    data = selectors.proxy_story(project=access.project, person=person)
    return render(
        request,
        "stories/proxy.html",
        {
            "project": access.project,
            "person": person,
            "form": form,
            "share_form": ProxyShareForm(),
            **data,
        },
        status=400 if form.errors else 200,
    )


def _proxy_part(request: AuthenticatedHttpRequest, project_id: int, person_id: int, part_id: int):
    access, membership = require_proxy(request.user, project_id, person_id)
    part = StoryPart.objects.filter(owner=membership.user, pk=part_id, by_proxy=True).first()
    if part is None:
        raise Http404
    return access, part


@login_required
@require_POST
@private
def proxy_confirm(request: AuthenticatedHttpRequest, project_id: int, person_id: int, part_id: int) -> HttpResponse:
    access, part = _proxy_part(request, project_id, person_id, part_id)
    services.part_confirm_by_proxy(actor=request.user, part=part, project=access.project)
    messages.success(request, _("Recorded: they said it is right."))
    return redirect("stories:proxy", project_id, person_id)


@login_required
@require_POST
@private
def proxy_share(request: AuthenticatedHttpRequest, project_id: int, person_id: int, part_id: int) -> HttpResponse:
    access, part = _proxy_part(request, project_id, person_id, part_id)
    form = ProxyShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what the story is for."))
        return redirect("stories:proxy", project_id, person_id)
    try:
        services.share_create(
            actor=request.user, part=part, project=access.project, purpose=form.cleaned_data["purpose"], by_proxy=True
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Shared with this project, as they agreed."))
    return redirect("stories:proxy", project_id, person_id)


@login_required
@require_POST
@private
def proxy_decline(request: AuthenticatedHttpRequest, project_id: int, person_id: int, request_id: int) -> HttpResponse:
    access, membership = require_proxy(request.user, project_id, person_id)
    story_request = StoryRequest.objects.filter(project=access.project, owner=membership.user, pk=request_id).first()
    if story_request is None:
        raise Http404
    try:
        services.request_decline(actor=request.user, request=story_request, by_proxy=True)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved: they said no. They do not need to say why."))
    return redirect("stories:proxy", project_id, person_id)
