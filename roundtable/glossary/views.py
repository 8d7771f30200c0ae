"""Glossary pages: a project's words explained, "what does this mean?", and an organisation's own jargon."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.glossary import selectors, services
from roundtable.glossary.forms import AnswerForm, AskForm, EntryForm, OrganisationTermForm, WritingPolicyForm
from roundtable.glossary.models import TermQuestion
from roundtable.glossary.permissions import (
    can_set_writing_policy,
    require_entry,
    require_organisation,
    require_project,
    require_question,
)
from roundtable.glossary.writing import WritingCheck
from roundtable.lib.forms import apply_errors


@login_required
def project_glossary(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    context = selectors.glossary_page(project=access.project, viewer=request.user, is_organiser=access.is_organiser)
    return render(
        request,
        "glossary/project_glossary.html",
        {"project": access.project, "access": access, "ask_form": AskForm(), **context},
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def ask(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    project = access.project
    initial = {"term": request.GET.get("term", "")[:80], "where_seen": request.GET.get("where", "")[:300]}
    form = AskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.term_question_ask(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("We have asked the team what “%(term)s” means. We will send you the answer your way.")
                % {"term": form.cleaned_data["term"]},
            )
            return redirect("glossary:project", project.pk)
    return render(request, "glossary/ask.html", {"project": project, "form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def answer(request: AuthenticatedHttpRequest, project_id: int, question_id: int) -> HttpResponse:
    access, question = require_question(request.user, project_id, question_id)
    project = access.project
    if question.status == TermQuestion.Status.ANSWERED:
        messages.success(request, _("This question has been answered."))
        return redirect(
            reverse("glossary:project", args=[project.pk]) + (f"#term-{question.entry_id}" if question.entry_id else "")
        )
    form = AnswerForm(request.POST or None, initial={"term": question.term})
    check = WritingCheck(request, form, fields=["meaning"], project=project)
    if check.is_live:
        return check.panel_response()
    if check.should_save():
        try:
            services.term_question_answer(actor=request.user, question=question, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. The answer is in the glossary and on its way to the person who asked.")
            )
            return redirect("glossary:project", project.pk)
    return render(
        request, "glossary/answer.html", {"project": project, "question": question, "form": form, "check": check}
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def entry_edit(request: AuthenticatedHttpRequest, project_id: int, entry_id: int | None = None) -> HttpResponse:
    if entry_id is None:
        access, entry = require_project(request.user, project_id, need="organise"), None
    else:
        access, entry = require_entry(request.user, project_id, entry_id)
    project = access.project
    initial = {"term": entry.term, "meaning": entry.meaning} if entry else {"term": request.GET.get("term", "")[:80]}
    form = EntryForm(request.POST or None, initial=initial)
    check = WritingCheck(request, form, fields=["meaning"], project=project)
    if check.is_live:
        return check.panel_response()
    if check.should_save():
        try:
            saved = services.glossary_entry_save(actor=request.user, project=project, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("“%(term)s” is in the glossary.") % {"term": saved.term})
            return redirect(reverse("glossary:project", args=[project.pk]) + f"#term-{saved.pk}")
    return render(
        request, "glossary/entry_edit.html", {"project": project, "entry": entry, "form": form, "check": check}
    )


@login_required
@require_POST
def entry_remove(request: AuthenticatedHttpRequest, project_id: int, entry_id: int) -> HttpResponse:
    access, entry = require_entry(request.user, project_id, entry_id)
    services.glossary_entry_remove(actor=request.user, entry=entry)
    messages.success(request, _("“%(term)s” is no longer in the glossary.") % {"term": entry.term})
    return redirect("glossary:project", access.project.pk)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def organisation_words(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """An organisation's own jargon list and its writing policy."""
    organisation, roles = require_organisation(request.user, slug, need="organise")
    is_admin = can_set_writing_policy(roles)
    policy = selectors.writing_policy(organisation=organisation)
    term_form = OrganisationTermForm(request.POST if request.POST.get("form") == "term" else None)
    policy_form = WritingPolicyForm(
        request.POST if request.POST.get("form") == "policy" else None,
        initial={"require_confirmation": bool(policy and policy.require_confirmation)},
    )
    if request.method == "POST":
        action = request.POST.get("form")
        if action == "policy":
            if not is_admin:
                raise PermissionDenied
            if policy_form.is_valid():
                services.writing_policy_set(
                    actor=request.user,
                    organisation=organisation,
                    require_confirmation=policy_form.cleaned_data["require_confirmation"],
                )
                messages.success(
                    request, _("Saved. This applies to every project of %(name)s.") % {"name": organisation.name}
                )
                return redirect("glossary:organisation", organisation.slug)
        elif action == "term" and term_form.is_valid():
            try:
                item = services.organisation_term_add(
                    actor=request.user, organisation=organisation, **term_form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(term_form, error)
            else:
                messages.success(
                    request, _("“%(term)s” is on your list. The writing check will point it out.") % {"term": item.term}
                )
                return redirect("glossary:organisation", organisation.slug)
        elif action == "remove":
            item = selectors.organisation_term(organisation=organisation, term_id=request.POST.get("term_id"))
            services.organisation_term_remove(actor=request.user, item=item)
            messages.success(request, _("“%(term)s” is no longer on your list.") % {"term": item.term})
            return redirect("glossary:organisation", organisation.slug)
    return render(
        request,
        "glossary/organisation_words.html",
        {
            "organisation": organisation,
            "is_admin": is_admin,
            "terms": selectors.organisation_terms(organisation=organisation),
            "term_form": term_form,
            "policy_form": policy_form,
        },
        status=400 if (term_form.is_bound and term_form.errors) else 200,
    )
