"""Decision pages: the log (and its CSV), raising a proposal, one proposal (vote, results, outcome),
recording a vote by proxy, closing, and the project's decision settings. Thin: parse, check, call, render."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.decisions import selectors, services
from roundtable.decisions.electorate import electorate
from roundtable.decisions.forms import CloseForm, DecisionSettingsForm, ProposalForm, ProxyVoteForm, VoteForm
from roundtable.decisions.permissions import may_propose, require_proposal, require_proposer
from roundtable.lib.spreadsheet import safe_cell
from roundtable.lib.writing import writing_check_for
from roundtable.meetings.models import AgendaItem, Paper
from roundtable.projects.permissions import require_project

PROPOSAL_TEXT_FIELDS = ["question", "background", "options"]
OUTCOME_TEXT_FIELDS = ["outcome", "next_steps"]


def apply_errors(form, error: ValidationError, *, choice_field: str = "choice") -> None:
    """Put a service's errors at the form's fields (a "choice" error at ``choice_field``), else at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            target = choice_field if name == "choice" else ("closes_on" if name == "closes_at" else name)
            for message in errors:
                form.add_error(target if target in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _csv(project, rows) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([
        _("Number"), _("Question"), _("How people voted"), _("State"), _("Closes"), _("Who could vote"),
        _("Anonymous"), _("Votes"), _("Partners who voted"), _("Result"), _("Partners' view"),
        _("Carried by staff against partners"), _("Made without partners"), _("Why without partners"),
        _("Outcome"), _("What happens next"), _("Review date"),
    ])  # fmt: skip
    for row in rows:
        p = row.proposal
        writer.writerow([
            p.number, safe_cell(p.question), p.get_kind_display(), p.get_state_display(),
            timezone.localtime(p.closes_at).strftime("%Y-%m-%d %H:%M"), p.get_voters_display(),
            _("Yes") if p.anonymous else _("No"), row.voters, row.partners_voted, safe_cell(p.result),
            safe_cell(p.partners_result), _("Yes") if p.against_partners else _("No"),
            _("Yes") if p.made_without_partners else _("No"), safe_cell(p.without_partners_reason),
            safe_cell(p.outcome), safe_cell(p.next_steps), p.review_on.isoformat() if p.review_on else "",
        ])  # fmt: skip
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="decisions-project-{project.pk}.csv"'
    return response


@login_required
@require_GET
def decision_log(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    if request.GET.get("format") == "csv":
        return _csv(access.project, selectors.decision_log(project=access.project))
    page = _page_number(request, "page")
    size = selectors.LOG_PAGE_SIZE
    rows = selectors.decision_log(project=access.project, offset=(page - 1) * size, limit=size + 1)
    context = {
        "project": access.project,
        "access": access,
        "rows": rows[:size],
        "can_propose": may_propose(access),
        "page_number": page,
        "next_page": page + 1 if len(rows) > size else None,
        "previous_page": page - 1 if page > 1 else None,
    }
    return render(request, "decisions/log.html", context)


@login_required
@require_GET
def decision_log_csv(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    return _csv(access.project, selectors.decision_log(project=access.project))


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def proposal_new(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_proposer(request.user, project_id)
    project = access.project
    papers = Paper.objects.filter(project=project, released_at__isnull=False, version_of__isnull=True).order_by(
        "-released_at", "title"
    )
    items = (
        AgendaItem.objects.filter(project=project, meeting__starts_at__gte=timezone.now())
        .select_related("meeting")
        .order_by("meeting__starts_at", "order")
    )
    initial = {}
    if request.GET.get("item", "").isdigit():
        initial["agenda_item"] = int(request.GET["item"])
    form = ProposalForm(request.POST or None, papers=papers, agenda_items=items, initial=initial)
    check = writing_check_for(request, form, fields=PROPOSAL_TEXT_FIELDS, project=project)
    if check.is_live:
        return check.panel_response()
    if check.should_save():
        try:
            proposal = services.proposal_create(
                actor=request.user,
                project=project,
                data=form.proposal_data(),
                options=form.option_lines(),
                papers=list(form.cleaned_data.get("papers") or []),
            )
        except ValidationError as error:
            apply_errors(form, error, choice_field="options")
        else:
            messages.success(request, _("The proposal is open. We have told everyone who can vote, their way."))
            return redirect("decisions:proposal", project.pk, proposal.number)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "decisions/new.html", {"project": project, "form": form, "check": check}, status=status)


def _page_number(request: HttpRequest, name: str) -> int:
    """The page number in ``?<name>=``: a whole number from 1 (anything else, or nothing, is page 1)."""
    value = request.GET.get(name, "")
    return min(int(value), 100_000) if value.isdigit() and int(value) > 0 else 1


def _my_choice(page) -> list | None:
    return page.my_vote.choice if page.my_vote is not None else None


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def proposal_page(request: AuthenticatedHttpRequest, project_id: int, number: int) -> HttpResponse:
    access, proposal = require_proposal(request.user, project_id, number)
    page = selectors.proposal_page(
        proposal=proposal,
        access=access,
        user=request.user,
        list_page=_page_number(request, "page"),
        proxy_page=_page_number(request, "offline"),
    )
    form = VoteForm(
        request.POST if request.method == "POST" else None,
        proposal=proposal,
        options=page.options,
        initial_choice=_my_choice(page),
        initial={"reason": page.my_vote.reason if page.my_vote else ""},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                state = services.vote_cast(
                    actor=request.user, proposal=proposal, choice=form.choice(), reason=form.cleaned_data["reason"]
                )
            except PermissionDenied:
                raise
            except ValidationError as error:
                apply_errors(form, error, choice_field=form.error_field())
            else:
                if proposal.anonymous:
                    messages.success(request, _("Thank you. Your vote is counted. Nobody can see how you voted."))
                elif state == "changed":
                    messages.success(request, _("Your vote is changed. You can change it until voting closes."))
                else:
                    messages.success(
                        request, _("Thank you. Your vote is counted. You can change it until voting closes.")
                    )
                return redirect("decisions:proposal", access.project.pk, proposal.number)
        elif not page.can_vote and not page.i_have_voted:
            raise PermissionDenied
    close_form = CloseForm() if access.is_organiser and proposal.is_open else None
    context = {"project": access.project, "access": access, "proposal": proposal, "page": page, "form": form,
               "close_form": close_form}  # fmt: skip
    return render(request, "decisions/proposal.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def proposal_record_vote(request: AuthenticatedHttpRequest, project_id: int, number: int) -> HttpResponse:
    """An organiser records a vote taken by phone or from a letter, for someone who does not use the web."""
    access, proposal = require_proposal(request.user, project_id, number, need="organise")
    page = selectors.proposal_page(proposal=proposal, access=access, user=request.user)
    people = electorate(access.project, proposal.voters)
    form = ProxyVoteForm(
        request.POST if request.method == "POST" else None,
        proposal=proposal,
        options=page.options,
        people=people,
        initial={"person": request.GET.get("person", ""), "channel": request.GET.get("channel", "")},
    )
    if request.method == "POST" and form.is_valid():
        person = next(v.user for v in people if str(v.user.pk) == form.cleaned_data["person"])
        try:
            services.vote_record_by_proxy(
                actor=request.user,
                proposal=proposal,
                person=person,
                choice=form.choice(),
                reason=form.cleaned_data["reason"],
                channel=form.cleaned_data["channel"],
            )
        except ValidationError as error:
            apply_errors(form, error, choice_field=form.error_field())
        else:
            messages.success(
                request, _("%(name)s's vote is saved, marked as taken by you.") % {"name": person.full_name}
            )
            return redirect("decisions:proposal", access.project.pk, proposal.number)
    context = {"project": access.project, "proposal": proposal, "page": page, "form": form}
    return render(request, "decisions/record_vote.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def proposal_close(request: AuthenticatedHttpRequest, project_id: int, number: int) -> HttpResponse:
    access, proposal = require_proposal(request.user, project_id, number, need="organise")
    if not proposal.is_open:
        messages.info(request, _("This vote has closed."))
        return redirect("decisions:proposal", access.project.pk, proposal.number)
    form = CloseForm(request.POST or None)
    check = writing_check_for(request, form, fields=OUTCOME_TEXT_FIELDS, project=access.project)
    if check.is_live:
        return check.panel_response()
    if check.should_save():
        data = form.cleaned_data
        try:
            services.proposal_close(
                actor=request.user,
                proposal=proposal,
                outcome=data["outcome"],
                next_steps=data["next_steps"],
                review_on=data["review_on"],
                without_partners_reason=data["without_partners_reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The proposal is closed. We have told everyone who could vote, their way."))
            return redirect("decisions:proposal", access.project.pk, proposal.number)
    page = selectors.proposal_page(proposal=proposal, access=access, user=request.user)
    context = {"project": access.project, "proposal": proposal, "page": page, "form": form, "check": check}
    return render(request, "decisions/close.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def decision_settings(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    row = services.settings_for(access.project)
    form = DecisionSettingsForm(
        request.POST or None, initial={"partners_may_propose": "yes" if row.partners_may_propose else "no"}
    )
    if request.method == "POST" and form.is_valid():
        services.decision_settings_set(
            actor=request.user,
            project=access.project,
            partners_may_propose=form.cleaned_data["partners_may_propose"] == "yes",
        )
        messages.success(request, _("Saved."))
        return redirect("decisions:log", access.project.pk)
    return render(request, "decisions/settings.html", {"project": access.project, "form": form},
                  status=400 if form.errors else 200)  # fmt: skip
