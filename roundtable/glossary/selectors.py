"""Every read the plain-language pages need, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Value
from django.shortcuts import get_object_or_404

from roundtable.glossary.models import GlossaryEntry, OrganisationTerm, TermQuestion, WritingPolicy
from roundtable.lib.plain_language import Term
from roundtable.projects.models import Organisation, Project

# Where a project remembers its display terms for one request (an attribute on the instance, not a column).
_CACHE_ATTRIBUTE = "_rt_display_terms"


def project_glossary(*, project: Project) -> list[GlossaryEntry]:
    """The project's glossary, A to Z. One query."""
    return list(GlossaryEntry.objects.filter(project=project))


def glossary_page(*, project: Project, viewer, is_organiser: bool) -> dict:
    """Entries, the viewer's own questions and, for organisers, every open question. Three queries at most."""
    context = {
        "entries": project_glossary(project=project),
        "my_questions": list(
            TermQuestion.objects.filter(project=project, asked_by=viewer).select_related("entry").order_by("-id")[:20]
        ),
        "open_questions": [],
    }
    if is_organiser:
        context["open_questions"] = list(
            TermQuestion.objects.filter(project=project, status=TermQuestion.Status.OPEN).select_related("asked_by")
        )
    return context


def organisation_terms(*, organisation: Organisation) -> list[OrganisationTerm]:
    return list(OrganisationTerm.objects.filter(organisation=organisation))


def writing_policy(*, organisation: Organisation) -> WritingPolicy | None:
    """The organisation's writing policy, or None before an admin set one (1 query)."""
    return WritingPolicy.objects.filter(organisation=organisation).first()


def organisation_term(*, organisation: Organisation, term_id) -> OrganisationTerm:
    """One word on this organisation's jargon list; Http404 for another organisation's or none (1 query)."""
    return get_object_or_404(OrganisationTerm, pk=term_id, organisation=organisation)


def requires_confirmation(*, organisation_id: int) -> bool:
    return WritingPolicy.objects.filter(organisation_id=organisation_id, require_confirmation=True).exists()


@dataclass
class WritingContext:
    """What the writing check needs to know about where the text is going."""

    extra_terms: list[Term]
    explained: list[str]
    require_confirmation: bool


def writing_context(*, organisation_id: int, project: Project | None = None) -> WritingContext:
    """The organisation's own jargon, the project's explained words and the policy. Three queries."""
    extra = [
        Term(term=t, plain=p, source="organisation")
        for t, p in OrganisationTerm.objects.filter(organisation_id=organisation_id).values_list("term", "plain")
    ]
    explained = []
    if project is not None:
        explained = list(GlossaryEntry.objects.filter(project=project).values_list("term", flat=True))
    return WritingContext(
        extra_terms=extra,
        explained=explained,
        require_confirmation=requires_confirmation(organisation_id=organisation_id),
    )


def display_terms(*, project: Project) -> list[Term]:
    """Words to explain on a project's pages: the organisation's, then the project's (which win). Cached on the project.

    One query the first time for a project object, none after.
    """
    cached = getattr(project, _CACHE_ATTRIBUTE, None)
    if cached is None:
        # One query: both lists through UNION ALL, each row tagged with where it came from.
        organisation_terms = (
            OrganisationTerm.objects.filter(organisation_id=project.organisation_id)
            .order_by()
            .annotate(origin=Value("organisation"))
        )
        project_terms = GlossaryEntry.objects.filter(project=project).order_by().annotate(origin=Value("project"))
        rows = organisation_terms.values_list("term", "plain", "origin").union(
            project_terms.values_list("term", "meaning", "origin"), all=True
        )
        # The organisation's first, then the project's, which win.
        cached = sorted(
            (Term(term=t, plain=p, source=src) for t, p, src in rows), key=lambda term: term.source != "organisation"
        )
        setattr(project, _CACHE_ATTRIBUTE, cached)
    return cached
