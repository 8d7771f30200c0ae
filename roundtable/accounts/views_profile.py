"""The communication and access profile: onboarding questions, task list, check answers, profile page.

`render_question`, `render_task_list` and `render_check` are reusable: the
projects app calls them for an organiser entering a person's answers by
proxy (subject=Grace, actor=Tom). Every write goes through
`accounts.services.profile_update`, which audits proxy acts.

Every page keeps a same-site `?next=` so a flow such as joining a project can
send a person through onboarding and back again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from roundtable.accounts import selectors
from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.accounts.models import CommunicationProfile, ProfileSection, User
from roundtable.accounts.onboarding import (
    COMPLETED,
    NOT_STARTED,
    QUESTIONS,
    SKIPPED,
    Question,
    describe_fields,
    format_time,
    get_question,
    next_question,
    previous_question,
    question_status,
)
from roundtable.accounts.services import profile_update
from roundtable.lib.forms import apply_errors

TEMPLATE_DIR = "accounts/profile"

# --- Links that keep ?next= -----------------------------------------------------------------


def safe_next_url(request: HttpRequest, param: str = "next") -> str:
    """The `next` given in the form or the query string, if it is a same-site relative path; else ""."""
    url = (request.POST.get(param) or request.GET.get(param) or "").strip()
    if (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None, require_https=request.is_secure())
    ):
        return url
    return ""


def with_next(url: str, next_url: str) -> str:
    """`url` with `?next=next_url` added (nothing added when next_url is empty)."""
    if not next_url:
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({'next': next_url})}"


def _same_page(url: str, other: str) -> bool:
    return bool(url) and urlsplit(url).path == urlsplit(other).path


def _question_url_from_request(request: HttpRequest) -> Callable[[str], str]:
    """A function giving the URL of another question, from the URL pattern of this one.

    The pattern must take the question as a `key` keyword argument; any other
    keyword arguments (for example the person a proxy page is about) are kept.
    """
    match = request.resolver_match
    if match is None or "key" not in match.kwargs:
        raise ImproperlyConfigured("render_question needs a URL pattern with a <slug:key> argument")

    def question_url(key: str) -> str:
        return reverse(match.view_name, kwargs={**match.kwargs, "key": key})

    return question_url


# --- Context helpers ------------------------------------------------------------------------


def _proxy_context(subject: User, actor: User) -> dict[str, Any]:
    is_proxy = actor.pk != subject.pk
    return {
        "subject": subject,
        "actor": actor,
        "is_proxy": is_proxy,
        # Acting for Grace, every heading and button says whose answers they are (issue 12).
        "subject_name": (subject.short_name or subject.full_name) if is_proxy else "",
        "subject_caption": _t("%(name)s's answers") % {"name": subject.full_name} if is_proxy else "",
        "proxy_notice": (
            _t("You are filling this in for %(name)s. We record that you did.") % {"name": subject.short_name}
            if is_proxy
            else ""
        ),
    }


def question_rows(
    profile: CommunicationProfile,
    user: User,
    link_for: Callable[[Question, str], str],
    questions: list[Question] | None = None,
) -> list[dict[str, Any]]:
    """One row per question: its status, a summary of the answer and a link to change it."""
    rows = []
    for question in questions if questions is not None else QUESTIONS:
        status = question_status(profile, question.key)
        known = status == COMPLETED or question.has_data(profile, user)
        rows.append(
            {
                "question": question,
                "key": question.key,
                "status": status,
                "completed": status == COMPLETED,
                "skipped": status == SKIPPED,
                "known": known,
                "summary": question.summary(profile, user) if known else "",
                "url": link_for(question, status),
            }
        )
    return rows


# --- Reusable renderers ---------------------------------------------------------------------


def render_question(
    request: HttpRequest,
    *,
    subject: User,
    actor: User,
    key: str,
    next_url: str,
    done_url: str,
    template_extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show one onboarding question about `subject`, answered by `actor`, and save or skip it.

    On save or skip it redirects:
    - when changing an answer given (or skipped) before, or when `next_url == done_url`
      (one question opened from a summary page): to `next_url`, if there is one;
    - else to the next question not yet answered or skipped, keeping `?next=next_url`;
    - else to `done_url`.
    The URL pattern of the calling view must take the question as `key` (see
    `_question_url_from_request`). `template_extra` is added to the template
    context; its `back_url` replaces the back link and its `start_url` is the
    back link of the first question.
    """
    question = get_question(key)
    if question is None:
        raise Http404
    question_url = _question_url_from_request(request)
    extra = dict(template_extra or {})
    profile = selectors.profile_of(subject)
    status = question_status(profile, key)
    changing = status != NOT_STARTED
    # A change, or a single question opened from a summary (next_url == done_url): go straight back.
    single_edit = bool(next_url) and (changing or next_url == done_url)

    def after_url(saved: CommunicationProfile) -> str:
        if single_edit:
            return next_url
        following = next_question(saved, after=key)
        if following is not None:
            return with_next(question_url(following.key), next_url)
        return done_url

    if request.method == "POST":
        if request.POST.get("action") == "skip":
            saved = profile_update(user=subject, actor=actor, data={}, skipped=key)
            return redirect(after_url(saved))
        form = question.form(request.POST, profile=profile, user=subject)
        if form.is_valid():
            try:
                saved = profile_update(user=subject, actor=actor, data=form.profile_data(), answered=key)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect(after_url(saved))
    else:
        form = question.form(profile=profile, user=subject)

    previous = previous_question(key)
    if single_edit:
        back_url = next_url
    elif previous is not None:
        back_url = with_next(question_url(previous.key), next_url)
    else:
        back_url = extra.get("start_url") or next_url or done_url
    keys = [q.key for q in QUESTIONS]
    context = {
        "question": question,
        "form": form,
        "status": status,
        "changing": changing,
        "single_edit": single_edit,
        "can_skip": status != COMPLETED,
        "number": keys.index(key) + 1,
        "total": len(keys),
        "next_url": next_url,
        "back_url": back_url,
        **_proxy_context(subject, actor),
        **extra,
    }
    return render(request, f"{TEMPLATE_DIR}/question.html", context)


def render_task_list(
    request: HttpRequest,
    *,
    subject: User,
    actor: User,
    question_url: Callable[[str], str],
    check_url: str,
    here_url: str,
    next_url: str,
    template_extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The task list: each question as Completed, Skipped or Not started, and a link to check answers.

    A question not started is opened with `?next=next_url` (so the person goes on
    through the questions); one already answered or skipped with `?next=here_url`
    (so they come back here after changing it).
    """
    profile = selectors.profile_of(subject)

    def link_for(question: Question, status: str) -> str:
        return with_next(question_url(question.key), next_url if status == NOT_STARTED else here_url)

    rows = question_rows(profile, subject, link_for)
    first = next_question(profile)
    context = {
        "rows": rows,
        "answered_count": sum(1 for row in rows if row["status"] != NOT_STARTED),
        "total": len(rows),
        "start_url": rows[QUESTIONS.index(first)]["url"] if first is not None else check_url,
        "started": any(row["status"] != NOT_STARTED for row in rows),
        "check_url": check_url,
        "next_url": next_url,
        **_proxy_context(subject, actor),
        **(template_extra or {}),
    }
    return render(request, f"{TEMPLATE_DIR}/task_list.html", context)


def render_check(
    request: HttpRequest,
    *,
    subject: User,
    actor: User,
    question_url: Callable[[str], str],
    here_url: str,
    finish_url: str,
    back_url: str,
    template_extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Check your answers: every answer with a Change link that comes back here; Finish goes to `finish_url`."""
    if request.method == "POST":
        if actor.pk == subject.pk:
            messages.success(request, _t("Thank you. Your answers are saved."))
        else:
            messages.success(request, _t("Thank you. %(name)s's answers are saved.") % {"name": subject.full_name})
        return redirect(finish_url)
    profile = selectors.profile_of(subject)
    rows = question_rows(profile, subject, lambda question, status: with_next(question_url(question.key), here_url))
    context = {
        "rows": rows,
        "back_url": back_url,
        "finish_url": finish_url,
        **_proxy_context(subject, actor),
        **(template_extra or {}),
    }
    return render(request, f"{TEMPLATE_DIR}/check.html", context)


# --- A person's own pages --------------------------------------------------------------------


def _own_question_url(key: str) -> str:
    return reverse("accounts:setup_question", kwargs={"key": key})


@login_required
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    next_url = safe_next_url(request)
    return render_task_list(
        request,
        subject=request.user,
        actor=request.user,
        question_url=_own_question_url,
        check_url=with_next(reverse("accounts:setup_check"), next_url),
        here_url=with_next(reverse("accounts:setup"), next_url),
        next_url=next_url,
    )


@login_required
def setup_question(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    next_url = safe_next_url(request)
    check_url = reverse("accounts:setup_check")
    # Opened from the check page or the profile page: answer this one question and go back there.
    from_summary = _same_page(next_url, check_url) or _same_page(next_url, reverse("accounts:profile"))
    done_url = next_url if from_summary else with_next(check_url, next_url)
    return render_question(
        request,
        subject=request.user,
        actor=request.user,
        key=key,
        next_url=next_url,
        done_url=done_url,
        template_extra={"start_url": with_next(reverse("accounts:setup"), next_url)},
    )


@login_required
def setup_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    next_url = safe_next_url(request)
    return render_check(
        request,
        subject=request.user,
        actor=request.user,
        question_url=_own_question_url,
        here_url=with_next(reverse("accounts:setup_check"), next_url),
        finish_url=next_url or reverse("accounts:profile"),
        back_url=with_next(reverse("accounts:setup"), next_url),
    )


ABOUT_YOU = _("About you")


def profile_sections(
    profile: CommunicationProfile, user: User, link_for: Callable[[Question, str], str]
) -> list[dict[str, Any]]:
    """The questions grouped by profile section, in the order of the questions."""
    titles: dict[str | None, Any] = {None: ABOUT_YOU, **dict(ProfileSection.choices)}
    order = [None, *ProfileSection.values]
    sections = []
    for section in order:
        questions = [q for q in QUESTIONS if q.section == section]
        if questions:
            sections.append(
                {
                    "key": section or "about",
                    "title": titles[section],
                    "rows": question_rows(profile, user, link_for, questions),
                }
            )
    return sections


def _when_text(moment: datetime) -> str:
    """'27 November 2026 at 8:15pm', in local time."""
    local = timezone.localtime(moment)
    return _t("%(date)s at %(time)s") % {"date": date_format(local, "j F Y"), "time": format_time(local.time())}


def proxy_act_rows(user: User) -> list[dict[str, Any]]:
    """Who changed what for this person, and when, in plain words."""
    rows = []
    for event in selectors.proxy_acts_about(user):
        fields = event.details.get("fields") if isinstance(event.details, dict) else None
        note = event.details.get("note", "") if isinstance(event.details, dict) else ""
        rows.append(
            {
                "event": event,
                "who": str(event.actor) if event.actor else _t("Someone who no longer uses Roundtable"),
                "when": event.created_at,
                "when_text": _when_text(event.created_at),
                "what": (_t("Changed: %(what)s") % {"what": describe_fields(fields)}) if fields else event.summary,
                "note": note,
            }
        )
    return rows


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    here = reverse("accounts:profile")
    own_profile = selectors.profile_of(user)
    sections = profile_sections(
        own_profile, user, lambda question, status: with_next(_own_question_url(question.key), here)
    )
    not_started = sum(1 for q in QUESTIONS if question_status(own_profile, q.key) == NOT_STARTED)
    context = {
        "profile": own_profile,
        "sections": sections,
        "not_started": not_started,
        "setup_url": with_next(reverse("accounts:setup"), here),
        "proxy_acts": proxy_act_rows(user),
    }
    return render(request, f"{TEMPLATE_DIR}/profile.html", context)


profile_urlpatterns = [
    path("profile/", profile, name="profile"),
    path("profile/setup/", setup, name="setup"),
    path("profile/setup/check/", setup_check, name="setup_check"),
    path("profile/setup/<slug:key>/", setup_question, name="setup_question"),
]
