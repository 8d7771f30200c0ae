"""Conversation pages: the topics, one topic with its replies (and its refresh), starting a topic, hiding
and reporting a reply, and the settings. Thin: check, call a service or selector, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.accounts.models import User
from roundtable.audit.once import once_per_key
from roundtable.conversation import selectors, services
from roundtable.conversation.display import reply_rows
from roundtable.conversation.forms import HideForm, ReplyForm, ReportForm, SettingsForm, TopicForm
from roundtable.conversation.permissions import may_start, require_reply, require_starter, require_topic, settings_for
from roundtable.lib.forms import apply_errors
from roundtable.projects.permissions import require_project
from roundtable.projects.selectors import organisers_of
from roundtable.safety.selectors import agreed_rules


def poll_seconds() -> int:
    """How often an open topic page asks for new replies: 20 seconds (``CONVERSATION_POLL_SECONDS`` in tests)."""
    return int(getattr(settings, "CONVERSATION_POLL_SECONDS", 20))


def _page_number(request: HttpRequest) -> int:
    value = request.GET.get("page", "")
    return min(int(value), 100_000) if value.isdigit() and int(value) > 0 else 1


def _contact(project, conversation):
    return conversation.contact if conversation.contact_id else project.contact


@login_required
@require_GET
def topics(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    project = access.project
    conversation = settings_for(project)
    page = selectors.topic_page(project=project, page=_page_number(request))
    context = {
        "project": project,
        "access": access,
        "conversation": conversation,
        "contact": _contact(project, conversation),
        "page": page,
        "can_start": may_start(access, conversation),
        "rules": agreed_rules(project=project),
    }
    return render(request, "conversation/topics.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def topic_new(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access, conversation = require_starter(request.user, project_id)
    project = access.project
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_start(
                project=project, author=request.user, title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                content_note=form.cleaned_data["content_note"],
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your topic is started. We have told everyone in the project, their way."))
            return redirect("conversation:topic", project.pk, topic.number)
    status = 400 if request.method == "POST" else 200
    context = {
        "project": project, "form": form, "contact": _contact(project, conversation),
        "rules": agreed_rules(project=project),
    }  # fmt: skip
    return render(request, "conversation/new.html", context, status=status)


def _reply_base(project, topic) -> str:
    """The start of each reply's own addresses (report, hide): ``/projects/<p>/conversation/<n>/replies/``."""
    return reverse("conversation:topic", args=[project.pk, topic.number]) + "replies/"


def _answer_base(project) -> str:
    """Where an organiser answers a reply with "you said, we did" (the reply's id goes on the end)."""
    return reverse("feedback:response_new", args=[project.pk]) + "?link=reply:"


def _topic_context(request, access, topic, page, form):
    conversation = settings_for(access.project)
    return {
        "project": access.project,
        "access": access,
        "topic": topic,
        "page": page,
        "form": form,
        "contact": _contact(access.project, conversation),
        "conversation": conversation,
        "is_last_page": page.next is None,
        "rows": reply_rows(
            page.items,
            reply_base=_reply_base(access.project, topic),
            answer_base=_answer_base(access.project),
            is_organiser=access.is_organiser,
        ),
        "is_organiser": access.is_organiser,
        "last_id": page.items[-1].pk if page.items else 0,
        "poll_seconds": poll_seconds(),
        "rules": agreed_rules(project=access.project),
        # A topic with a content note opens only when the reader chooses ("?open=1"; pages of replies too).
        "opened": not topic.content_note or request.method == "POST" or "open" in request.GET or "page" in request.GET,
    }


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def topic_page(request: AuthenticatedHttpRequest, project_id: int, number: int) -> HttpResponse:
    access, topic = require_topic(request.user, project_id, number)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reply = services.reply_post(
                topic=topic, author=request.user, body=form.cleaned_data["body"],
                content_note=form.cleaned_data["content_note"],
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your reply is posted."))
            url = services.topic_url(topic, page=selectors.last_reply_page(topic))
            return redirect(f"{url}#reply-{reply.pk}")
    status = 400 if request.method == "POST" else 200
    page = selectors.reply_page(topic=topic, page=_page_number(request) if status == 200 else 100_000)
    return render(request, "conversation/topic.html", _topic_context(request, access, topic, page, form), status=status)


@login_required
@require_GET
def topic_since(request: HttpRequest, project_id: int, number: int) -> HttpResponse:
    """The replies newer than ``?after=<reply id>``: the fragment the topic page asks for every 20 seconds."""
    access, topic = require_topic(request.user, project_id, number)
    after = request.GET.get("after", "")
    # Only plain digits of a size an id can have: "²" or a 30-digit number is "from the start", never an error.
    after_id = int(after) if after.isascii() and after.isdigit() and len(after) <= 18 else 0
    replies = selectors.replies_after(topic=topic, after_id=after_id)
    context = {
        "project": access.project,
        "access": access,
        "topic": topic,
        "replies": replies,
        "last_id": replies[-1].pk if replies else after_id,
        "poll_seconds": poll_seconds(),
        "rows": reply_rows(
            replies,
            reply_base=_reply_base(access.project, topic),
            answer_base=_answer_base(access.project),
            is_organiser=access.is_organiser,
        ),
        "is_organiser": access.is_organiser,
    }
    return render(request, "conversation/includes/since.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reply_hide(request: AuthenticatedHttpRequest, project_id: int, number: int, reply_id: int) -> HttpResponse:
    access, topic, reply = require_reply(request.user, project_id, number, reply_id, need="organise")
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_hide(actor=request.user, reply=reply, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The reply is hidden. We have told the person who wrote it, and why."))
            return redirect(f"{services.topic_url(topic)}?page={_reply_page(topic, reply)}#reply-{reply.pk}")
    status = 400 if request.method == "POST" else 200
    context = {"project": access.project, "topic": topic, "reply": reply, "form": form}
    return render(request, "conversation/hide.html", context, status=status)


def _reply_page(topic, reply) -> int:
    before = topic.replies.filter(pk__lt=reply.pk).count()
    return before // selectors.REPLIES_PAGE_SIZE + 1


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def reply_report(request: AuthenticatedHttpRequest, project_id: int, number: int, reply_id: int) -> HttpResponse:
    access, topic, reply = require_reply(request.user, project_id, number, reply_id)
    rules = agreed_rules(project=access.project)
    form = ReportForm(request.POST or None, rules=rules)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_report(
                actor=request.user, reply=reply, reason=form.cleaned_data["reason"],
                rule_id=form.cleaned_data.get("rule"),
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. We have told the organisers. Only they can see what you said."))
            return redirect(f"{services.topic_url(topic)}?page={_reply_page(topic, reply)}#reply-{reply.pk}")
    status = 400 if request.method == "POST" else 200
    context = {"project": access.project, "topic": topic, "reply": reply, "form": form, "rules": rules}
    return render(request, "conversation/report.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def conversation_settings(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    project = access.project
    conversation = settings_for(project)
    organisers = list(organisers_of(organisation_id=project.organisation_id))
    initial = {
        "who_may_start": conversation.who_may_start,
        "contact": conversation.contact_id or project.contact_id or "",
        "answer_within_days": conversation.answer_within_days,
    }
    form = SettingsForm(request.POST or None, initial=initial, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        contact_id = form.cleaned_data["contact"]
        contact = User.objects.filter(pk=contact_id).first() if contact_id else None
        try:
            services.conversation_settings_set(
                actor=request.user, project=project, who_may_start=form.cleaned_data["who_may_start"],
                contact=contact, answer_within_days=form.cleaned_data["answer_within_days"],
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("conversation:topics", project.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "conversation/settings.html", {"project": project, "form": form}, status=status)
