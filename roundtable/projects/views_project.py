"""Project pages: the project itself, its role offer and the organiser's tools."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.accounts.selectors import proxy_acts_about
from roundtable.accounts.services import user_create_by_proxy
from roundtable.audit.once import once_per_key, once_result
from roundtable.lib.forms import apply_errors
from roundtable.lib.paging import Pager, page_number
from roundtable.lib.writing import project_terms, writing_check_for
from roundtable.notifications.selectors import DELIVERY_PAGE_SIZE, delivery_report
from roundtable.projects import panels, selectors, services
from roundtable.projects.forms import (
    AnnouncementForm,
    InterestForm,
    InviteForm,
    LeaveForm,
    MilestoneForm,
    ProxyPersonForm,
    RoleOfferForm,
    SharingForm,
    StepForm,
)
from roundtable.projects.models import Project
from roundtable.projects.offer import offer_missing, offer_rate
from roundtable.projects.permissions import access_with_membership, require_project, require_proxy
from roundtable.projects.support import support_for_page

PROJECT_PAGE_MEMBERS = 12
MEMBERS_PER_PAGE = 50
INVITATIONS_ON_MEMBERS = 10  # the newest invitations on the members page; the rest on their own list
INVITATIONS_PER_PAGE = 50


def offer_context(project: Project) -> dict:
    return {
        "project": project,
        "rate": offer_rate(project),
        "glossary_terms": project_terms(project=project),  # words {% explain_terms %} explains (lib.writing)
        **selectors.project_page(project=project),
    }


def open_projects(request: HttpRequest) -> HttpResponse:
    return render(request, "projects/open_projects.html", {"projects": selectors.open_projects()})


def project_page(request: HttpRequest, project_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        # Open projects show their offer; for anything else ask to sign in, whether or not it exists.
        project = selectors.open_published_project(project_id=project_id)
        if project is not None:
            return redirect("projects:offer", project.pk)
        return redirect_to_login(request.get_full_path())
    project, membership = selectors.project_for_page(project_id=project_id, user=request.user)
    if project is None:
        raise Http404
    access = access_with_membership(request.user, project, membership)
    if not access.can_view:
        if access.membership is not None:  # someone who left or was removed: tell them plainly
            return render(request, "projects/no_longer_member.html", {"project": project, "access": access})
        if access.can_read_offer:
            return redirect("projects:offer", project.pk)
        raise Http404
    members = selectors.member_rows(project=project, for_organiser=access.is_organiser, limit=PROJECT_PAGE_MEMBERS)
    context = {
        **offer_context(project),
        "access": access,
        "members": members,
        "missing": [],
        "needs": panels.needs_for(user=request.user, project=project) if access.is_member else [],
        "panels": panels.project_panels(project=project, access=access, user=request.user),
        "support_contacts": support_for_page(project=project, access=access),
    }
    if access.is_organiser and not project.is_published:
        # The page shows the steps and dates anyway: read them once, for the page and the check.
        context["steps"], context["milestones"] = list(context["steps"]), list(context["milestones"])
        context["missing"] = offer_missing(project, steps=context["steps"], milestones=context["milestones"])
    return render(request, "projects/project.html", context)


def offer(request: HttpRequest, project_id: int) -> HttpResponse:
    """The role offer as a partner reads it before deciding. Public when the project is open."""
    access = require_project(request.user, project_id, need="offer")
    form = InterestForm()
    return render(request, "projects/offer.html", {**offer_context(access.project), "access": access, "form": form})


@require_POST
@once_per_key
def interest(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="offer")
    project = access.project
    if project.visibility != Project.Visibility.OPEN or not project.is_published:
        raise Http404
    form = InterestForm(request.POST)
    if form.is_valid():
        services.interest_express(project=project, **form.cleaned_data)
        done = render(request, "projects/interest_done.html", {"project": project})
        return once_result(done, reverse("projects:offer", args=[project.pk]))
    return render(
        request, "projects/offer.html", {**offer_context(project), "access": access, "form": form}, status=400
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    project = access.project
    form = RoleOfferForm(
        request.POST or None,
        instance=project,
        rates=project.organisation.pay_rates.order_by("activity", "-effective_from"),
        contacts=selectors.organiser_contacts(project=project),
    )
    check = writing_check_for(request, form, fields=OFFER_TEXT_FIELDS, project=project)
    if check.is_live:
        return check.panel_response()
    if check.should_save():
        services.project_offer_update(actor=request.user, project=project, data=form.cleaned_data)
        messages.success(request, _("The role offer is saved."))
        return redirect("projects:project", project.pk)
    return render(request, "projects/offer_edit.html", {"form": form, "project": project, "check": check})


# The role offer's words that partners read: the "Check my writing" panel looks at these.
OFFER_TEXT_FIELDS = [
    "title",
    "purpose",
    "partner_activities",
    "where_and_when",
    "unpaid_reason",
    "input_use",
    "outcome_promise",
    "contact_how",
]


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    try:
        services.project_publish(actor=request.user, project=access.project)
    except services.OfferIncomplete as incomplete:
        return render(
            request,
            "projects/publish_refused.html",
            {"project": access.project, "missing": incomplete.missing},
            status=400,
        )
    messages.success(request, _("The role offer is published."))
    return redirect("projects:project", access.project.pk)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def steps(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    project = access.project
    step_form = StepForm(request.POST if request.POST.get("form") == "step" else None, prefix="step")
    milestone_form = MilestoneForm(request.POST if request.POST.get("form") == "milestone" else None, prefix="ms")
    if request.method == "POST":
        action = request.POST.get("form")
        if action == "step" and step_form.is_valid():
            services.step_add(actor=request.user, project=project, **step_form.cleaned_data)
            return redirect("projects:steps", project.pk)
        if action == "milestone" and milestone_form.is_valid():
            services.milestone_add(actor=request.user, project=project, **milestone_form.cleaned_data)
            return redirect("projects:steps", project.pk)
        if action == "current":
            step = selectors.project_step(project=project, step_id=request.POST.get("step"))
            services.step_set_current(actor=request.user, project=project, step=step)
            return redirect("projects:steps", project.pk)
        if action == "remove_step":
            step = selectors.project_step(project=project, step_id=request.POST.get("step"))
            services.step_remove(actor=request.user, project=project, step=step)
            return redirect("projects:steps", project.pk)
        if action == "remove_milestone":
            milestone = selectors.project_milestone(project=project, milestone_id=request.POST.get("milestone"))
            services.milestone_remove(actor=request.user, project=project, milestone=milestone)
            return redirect("projects:steps", project.pk)
    project.refresh_from_db(fields=["current_step"])
    return render(
        request,
        "projects/steps.html",
        {
            "project": project,
            "step_form": step_form,
            "milestone_form": milestone_form,
            **selectors.project_page(project=project),
        },
    )


@login_required
def members(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view", one_read=True)
    page = page_number(request.GET.get("page"))
    members = selectors.member_rows(
        project=access.project,
        for_organiser=access.is_organiser,
        offset=(page - 1) * MEMBERS_PER_PAGE,
        limit=MEMBERS_PER_PAGE,
    )
    pager = Pager.build(page=page, per_page=MEMBERS_PER_PAGE, total=members.total)
    if not pager.exists:
        raise Http404
    context = {"project": access.project, "access": access, "members": members, "pager": pager}
    if access.is_organiser and page == 1:
        # The newest few and the counts; the rest on their own paged list.
        context["invitations"] = selectors.invitation_page(project=access.project, limit=INVITATIONS_ON_MEMBERS)
    return render(request, "projects/members.html", context)


@login_required
def invitations(request: HttpRequest, project_id: int) -> HttpResponse:
    """Every invitation of the project, newest first, a page at a time (organisers only)."""
    access = require_project(request.user, project_id, need="organise")
    page = page_number(request.GET.get("page"))
    listing = selectors.invitation_page(
        project=access.project, offset=(page - 1) * INVITATIONS_PER_PAGE, limit=INVITATIONS_PER_PAGE
    )
    pager = Pager.build(page=page, per_page=INVITATIONS_PER_PAGE, total=listing.total)
    if not pager.exists:
        raise Http404
    return render(
        request,
        "projects/invitations.html",
        {"project": access.project, "access": access, "invitations": listing, "pager": pager},
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def invite(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(actor=request.user, project=access.project, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("We have sent an invitation to %(email)s.") % form.cleaned_data)
            return redirect("projects:members", access.project.pk)
    return render(request, "projects/invite.html", {"form": form, "project": access.project})


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def add_by_proxy(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    """Add someone who does not use the web, such as Grace, on their behalf."""
    access = require_project(request.user, project_id, need="organise")
    form = ProxyPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = user_create_by_proxy(
                actor=request.user,
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                postal_address=data["postal_address"],
            )
            services.member_add_by_proxy(actor=request.user, project=access.project, user=person, role=data["role"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is now a member. Now record their answers.") % {"name": person.full_name}
            )
            return redirect("projects:proxy_answers", access.project.pk, person.pk)
    return render(request, "projects/add_by_proxy.html", {"form": form, "project": access.project})


@login_required
def proxy_answers(request: HttpRequest, project_id: int, user_id: int) -> HttpResponse:
    """The task list of a person's answers, filled in by an organiser on their behalf."""
    from roundtable.accounts.onboarding import QUESTIONS

    access, membership = require_proxy(request.user, project_id, user_id)
    person = membership.user
    profile = getattr(person, "profile", None)
    answered = set(profile.answered if profile else [])
    skipped = set(profile.skipped if profile else [])
    rows = [
        {
            "question": q,
            "status": "done" if q.key in answered else "skipped" if q.key in skipped else "todo",
            "summary": q.summary(profile, person) if profile else "",
        }
        for q in QUESTIONS
    ]
    return render(
        request,
        "projects/proxy_answers.html",
        {
            "project": access.project,
            "person": person,
            "membership": membership,
            "rows": rows,
            "proxy_acts": proxy_acts_about(person, limit=20),
            "panels": panels.proxy_person_panels(
                project=access.project, access=access, person=person, user=request.user
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proxy_question(request: AuthenticatedHttpRequest, project_id: int, user_id: int, key: str) -> HttpResponse:
    from roundtable.accounts.views_profile import render_question

    access, membership = require_proxy(request.user, project_id, user_id)
    done = reverse("projects:proxy_answers", args=[project_id, user_id])
    return render_question(request, subject=membership.user, actor=request.user, key=key, next_url=done, done_url=done)


@login_required
@require_http_methods(["GET", "POST"])
def proxy_sharing(request: AuthenticatedHttpRequest, project_id: int, user_id: int) -> HttpResponse:
    access, membership = require_proxy(request.user, project_id, user_id)
    form = SharingForm(request.POST or None, initial={"sections": membership.shared_sections})
    name = membership.user.short_name or membership.user.full_name
    form.fields["sections"].label = _("What can the project team see of %(name)s's answers?") % {"name": name}
    form.fields["sections"].help_text = _(
        "%(name)s's answers stay theirs. The team only sees what you tick for them. You can change this at any time."
    ) % {"name": name}
    if request.method == "POST" and form.is_valid():
        services.membership_share_set(actor=request.user, membership=membership, sections=form.cleaned_data["sections"])
        messages.success(request, _("Saved what %(name)s shares.") % {"name": membership.user.full_name})
        return redirect("projects:proxy_answers", project_id, user_id)
    return render(
        request,
        "projects/sharing.html",
        {"form": form, "project": access.project, "membership": membership, "proxy": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sharing(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    if not access.is_member:
        raise Http404
    membership = access.membership
    assert membership is not None  # is_member checked above
    welcome = request.GET.get("welcome") == "1"
    form = SharingForm(request.POST or None, initial={"sections": membership.shared_sections})
    if request.method == "POST" and form.is_valid():
        services.membership_share_set(actor=request.user, membership=membership, sections=form.cleaned_data["sections"])
        if welcome:
            messages.success(request, _("Welcome to %(title)s.") % {"title": access.project.title})
        else:
            messages.success(request, _("Saved what you share with this project."))
        return redirect("projects:project", access.project.pk)
    return render(
        request,
        "projects/sharing.html",
        {"form": form, "project": access.project, "membership": membership, "welcome": welcome},
    )


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    if not access.is_member:
        raise Http404
    assert access.membership is not None  # is_member checked above
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.membership_leave(actor=request.user, membership=access.membership, **form.cleaned_data)
        messages.success(
            request, _("You have left %(title)s. Thank you for taking part.") % {"title": access.project.title}
        )
        return redirect("projects:my_projects")
    return render(request, "projects/leave.html", {"form": form, "project": access.project})


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, project_id: int, membership_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    membership = selectors.project_membership(project=access.project, membership_id=membership_id)
    services.membership_remove(actor=request.user, membership=membership, reason=request.POST.get("reason", ""))
    messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user.full_name})
    return redirect("projects:members", access.project.pk)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def announce(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    form = AnnouncementForm(request.POST or None)
    check = writing_check_for(request, form, fields=["subject", "body"], project=access.project)
    if check.is_live:
        return check.panel_response()
    if check.should_save():
        announcement = services.announcement_send(actor=request.user, project=access.project, **form.cleaned_data)
        messages.success(request, _("Your message is on its way to each member, their own way."))
        return redirect("projects:announcement", access.project.pk, announcement.pk)
    return render(
        request,
        "projects/announce.html",
        {
            "form": form,
            "check": check,
            "project": access.project,
            "announcements": selectors.project_announcements(project=access.project)[:20],
        },
    )


@login_required
def announcement(request: HttpRequest, project_id: int, announcement_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise", one_read=True)
    item = selectors.project_announcement(project=access.project, announcement_id=announcement_id)
    page = page_number(request.GET.get("page"))
    report = delivery_report(
        idempotency_key_prefix=f"announcement:{item.pk}:", status=request.GET.get("status", ""), page=page
    )
    pager = Pager.build(page=page, per_page=DELIVERY_PAGE_SIZE, total=report.shown, query={"status": report.status})
    if not pager.exists:
        raise Http404
    return render(
        request,
        "projects/announcement.html",
        {"project": access.project, "item": item, "report": report, "rows": report.rows, "pager": pager},
    )


@login_required
@require_http_methods(["GET", "POST"])
def interests(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    if request.method == "POST":
        item = selectors.project_interest(project=access.project, interest_id=request.POST.get("interest"))
        try:
            services.interest_invite(actor=request.user, interest=item)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("We have invited %(name)s.") % {"name": item.name})
        return redirect("projects:interests", access.project.pk)
    return render(
        request,
        "projects/interests.html",
        {"project": access.project, "interests": selectors.project_interests(project=access.project)},
    )
