"""Check-ins after a meeting: answering, opening one, the results, and answers taken by phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.feedback import selectors, services, wellbeing
from roundtable.feedback.forms import PASS, CheckInForm, CheckInOpenForm, GetInTouchForm
from roundtable.feedback.letters import BY_POST
from roundtable.feedback.models import CheckInAnswer
from roundtable.feedback.tell import project_lead
from roundtable.lib.forms import apply_errors
from roundtable.meetings.permissions import require_meeting
from roundtable.projects import selectors as project_selectors
from roundtable.projects.support import support_contacts, support_for_page


def passed_everything(data: dict) -> bool:
    """True when every question was left out or passed ("I'd rather not say") and nothing was written."""
    return not any(str(value or "").strip() not in ("", PASS) for value in data.values())


def _initial(answer: CheckInAnswer | None) -> dict:
    if answer is None:
        return {}
    data = {f: str(getattr(answer, f)) for f in services.SCALES if getattr(answer, f)}
    return {**data, "feeling_text": answer.feeling_text, "change_text": answer.change_text}


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def check_in(request: AuthenticatedHttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    access, meeting = require_meeting(request.user, project_id, meeting_id)
    check_in = selectors.meeting_check_in(meeting=meeting)
    mine = selectors.check_in_answer_of(check_in=check_in, person=request.user)
    form = CheckInForm(request.POST if request.method == "POST" else None, initial=_initial(mine))
    if request.method == "POST" and check_in is not None and request.POST.get("pass_all"):
        messages.success(request, _("You passed on this check-in. That is fine. It does not change your pay."))
        return redirect("feedback:check_in", access.project.pk, meeting.pk)
    if request.method == "POST" and check_in is not None and form.is_valid():
        if passed_everything(form.cleaned_data):
            # The right to pass covers the whole check-in: nothing is saved and nothing changes (pay included).
            messages.success(request, _("You passed on this check-in. That is fine. It does not change your pay."))
            return redirect("feedback:check_in", access.project.pk, meeting.pk)
        try:
            answer = services.check_in_answer(
                actor=request.user, check_in=check_in, person=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if wellbeing.is_low(answer):  # support at once, and a choice about being contacted
                return redirect("feedback:check_in_support", access.project.pk, meeting.pk)
            messages.success(request, _("Thank you. We read every answer."))
            return redirect("feedback:check_in", access.project.pk, meeting.pk)
    context = {
        "project": access.project, "access": access, "meeting": meeting, "check_in": check_in, "form": form,
        "mine": mine, "open_form": CheckInOpenForm(),
        "support_contacts": support_for_page(project=access.project, access=access),
    }  # fmt: skip
    if access.is_organiser and check_in is not None:
        context["results"] = selectors.check_in_results(check_in=check_in)
        context["members"] = project_selectors.active_members(project=access.project)
    return render(request, "feedback/check_in.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def check_in_support(request: AuthenticatedHttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    """Support straight after a low check-in answer, and "Would you like the organiser to get in touch?".

    Only for the person whose own answer is low (``wellbeing.is_low``); anyone else goes back to the
    check-in. The organiser is told only on "Yes" (``wellbeing.check_in_get_in_touch``).
    """
    access, meeting = require_meeting(request.user, project_id, meeting_id)
    check_in = selectors.meeting_check_in(meeting=meeting)
    mine = selectors.check_in_answer_of(check_in=check_in, person=request.user) if check_in else None
    if check_in is None or not wellbeing.is_low(mine):
        return redirect("feedback:check_in", access.project.pk, meeting.pk)
    form = GetInTouchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        wants = form.cleaned_data["get_in_touch"] == "yes"
        wellbeing.check_in_get_in_touch(actor=request.user, check_in=check_in, wants_contact=wants)
        if wants:
            lead = project_lead(access.project)
            name = lead.full_name if lead is not None else _("the organiser")
            messages.success(request, _("We have asked %(name)s to get in touch with you, your way.") % {"name": name})
        else:
            messages.success(request, _("That is fine. We have not told anyone."))
        return redirect("meetings:meeting", access.project.pk, meeting.pk)
    return render(
        request,
        "feedback/check_in_support.html",
        {
            "project": access.project,
            "meeting": meeting,
            "form": form,
            "contacts": support_contacts(project=access.project),
            "lead": project_lead(access.project),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def check_in_open(request: AuthenticatedHttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    access, meeting = require_meeting(request.user, project_id, meeting_id, need="organise")
    form = CheckInOpenForm(request.POST)
    if form.is_valid():
        try:
            services.check_in_open(actor=request.user, meeting=meeting, days=form.cleaned_data["days"])
            messages.success(request, _("The check-in is open. We have asked everyone, their way."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose between 1 and 60 days."))
    return redirect("feedback:check_in", access.project.pk, meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def check_in_for(request: AuthenticatedHttpRequest, project_id: int, meeting_id: int, user_id: int) -> HttpResponse:
    """An organiser types in answers given on the phone, or written on a check-in letter's reply slip
    (``?from=post``, opened from the reply-slip page: ``feedback/letters.py``). Both are saved by proxy."""
    access, meeting = require_meeting(request.user, project_id, meeting_id, need="organise")
    check_in = selectors.meeting_check_in(meeting=meeting)
    membership = project_selectors.member_of(project=access.project, user_id=user_id)
    if check_in is None or membership is None:
        raise Http404
    person = membership.user
    by_post = request.GET.get("from") == BY_POST
    answer = selectors.check_in_answer_of(check_in=check_in, person=person)
    form = CheckInForm(request.POST if request.method == "POST" else None, initial=_initial(answer))
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in_answer(
                actor=request.user, check_in=check_in, person=person, data=form.cleaned_data, by_proxy=True
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Saved as answers from a reply slip, by post.") if by_post else _("Saved as answers taken by phone."),
            )
            return redirect("feedback:check_in", access.project.pk, meeting.pk)
    return render(
        request,
        "feedback/check_in_for.html",
        {"project": access.project, "meeting": meeting, "person": person, "form": form, "by_post": by_post},
        status=400 if form.errors else 200,
    )
