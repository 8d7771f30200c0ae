"""Every write about plain language: an organisation's own jargon and policy, project glossaries, questions.

Keyword-only functions named <thing>_<verb>, each in one transaction, taking the
acting person. Messages go through ``notifications.services.message_queue`` with
an idempotency key, so the same question or answer never makes two messages.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.glossary.models import (
    MEANING_MAX,
    TERM_MAX,
    GlossaryEntry,
    OrganisationTerm,
    TermQuestion,
    WritingPolicy,
)
from roundtable.lib.i18n import in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.notifications.services import message_queue
from roundtable.projects.models import Organisation, Project
from roundtable.projects.selectors import organisers_of


def clean_term(value: str) -> str:
    """A term as stored: spaces tidied, no surrounding quotes or punctuation."""
    term = " ".join((value or "").split()).strip(" \"'“”‘’.,;:?!")
    if not term:
        raise ValidationError({"term": _("Enter the word or phrase")})
    if len(term) > TERM_MAX:
        raise ValidationError({"term": _("Use %(max)d letters or fewer") % {"max": TERM_MAX}})
    return term


def _clean_meaning(value: str, field: str = "meaning") -> str:
    meaning = (value or "").strip()
    if not meaning:
        raise ValidationError({field: _("Say what it means in plain words")})
    if len(meaning) > MEANING_MAX:
        raise ValidationError({field: _("Use %(max)d letters or fewer") % {"max": MEANING_MAX}})
    return meaning


# --- The organisation's own jargon and policy -----------------------------------------------------


@transaction.atomic
def organisation_term_add(*, actor: User, organisation: Organisation, term: str, plain: str) -> OrganisationTerm:
    """Add a word the organisation uses that partners may not know, or change what to say instead."""
    term = clean_term(term)
    plain = _clean_meaning(plain, "plain")[:300]
    existing = OrganisationTerm.objects.select_for_update().filter(organisation=organisation, term__iexact=term).first()
    if existing is not None:
        existing.plain = plain
        existing.save(update_fields=["plain"])
        audit_record(actor=actor, obj=existing, action="jargon.changed", summary=term)
        return existing
    item = OrganisationTerm.objects.create(organisation=organisation, term=term, plain=plain, created_by=actor)
    audit_record(actor=actor, obj=item, action="jargon.added", summary=term)
    return item


@transaction.atomic
def organisation_term_remove(*, actor: User, item: OrganisationTerm) -> None:
    """Take a word off the organisation's jargon list. Audited with who took it off."""
    deleted, _rows = OrganisationTerm.objects.filter(pk=item.pk).delete()
    if deleted:
        audit_record(actor=actor, obj=item, action="jargon.removed", summary=item.term)


@transaction.atomic
def writing_policy_set(*, actor: User, organisation: Organisation, require_confirmation: bool) -> WritingPolicy:
    policy, _created = WritingPolicy.objects.select_for_update().get_or_create(organisation=organisation)
    if policy.require_confirmation != require_confirmation or _created:
        policy.require_confirmation = require_confirmation
        policy.updated_by = actor
        policy.save()
        audit_record(
            actor=actor,
            action="writing_policy.set",
            obj=policy,
            summary=f"Writers {'must' if require_confirmation else 'need not'} confirm they read the writing advice",
            details={"organisation": organisation.pk, "require_confirmation": require_confirmation},
        )
    return policy


# --- Project glossaries ---------------------------------------------------------------------------


@transaction.atomic
def glossary_entry_save(
    *, actor: User, project: Project, term: str, meaning: str, entry: GlossaryEntry | None = None
) -> GlossaryEntry:
    """Add a word to the project's glossary, or change an entry. One entry per word, whatever its case."""
    term = clean_term(term)
    meaning = _clean_meaning(meaning)
    clash = GlossaryEntry.objects.select_for_update().filter(project=project, term__iexact=term)
    if entry is not None:
        clash = clash.exclude(pk=entry.pk)
        if clash.exists():
            raise ValidationError({"term": _("This word is already in the glossary. Change that entry instead.")})
        entry.term, entry.meaning = term, meaning
        entry.save(update_fields=["term", "meaning", "updated_at"])
        audit_record(actor=actor, obj=entry, action="glossary.changed", summary=term)
        return entry
    existing = clash.first()
    if existing is not None:
        existing.meaning = meaning
        existing.save(update_fields=["meaning", "updated_at"])
        audit_record(actor=actor, obj=existing, action="glossary.changed", summary=existing.term)
        return existing
    created = GlossaryEntry.objects.create(project=project, term=term, meaning=meaning, created_by=actor)
    audit_record(actor=actor, obj=created, action="glossary.added", summary=term)
    return created


@transaction.atomic
def glossary_entry_remove(*, actor: User, entry: GlossaryEntry) -> None:
    """Take a word out of the project's glossary. Audited with who took it out."""
    deleted, _rows = GlossaryEntry.objects.filter(pk=entry.pk).delete()
    if deleted:
        audit_record(actor=actor, obj=entry, action="glossary.removed", summary=entry.term)


# --- "What does this mean?" -----------------------------------------------------------------------


def _organisers_to_tell(project: Project) -> list[User]:
    """The project's contact if they still organise it, otherwise every organiser and admin."""
    organisers = organisers_of(organisation_id=project.organisation_id)
    if project.contact_id and organisers.filter(pk=project.contact_id).exists():
        assert project.contact is not None  # contact_id checked above
        return [project.contact]
    return list(organisers.order_by("pk"))


@transaction.atomic
def term_question_ask(*, actor: User, project: Project, term: str, where_seen: str = "") -> TermQuestion:
    """A member asks what a word means. Asking twice about the same word gives the same question."""
    term = clean_term(term)
    where_seen = " ".join((where_seen or "").split())[:300]
    if GlossaryEntry.objects.filter(project=project, term__iexact=term).exists():
        raise ValidationError({"term": _("This word is already explained in the glossary below.")})
    existing = TermQuestion.objects.filter(
        project=project, asked_by=actor, term__iexact=term, status=TermQuestion.Status.OPEN
    ).first()
    if existing is not None:
        return existing
    question = TermQuestion.objects.create(project=project, asked_by=actor, term=term, where_seen=where_seen)
    link = absolute_url(reverse("glossary:answer", args=[project.pk, question.pk]))
    for organiser in _organisers_to_tell(project):
        with in_language_of(organiser):
            body = _("Someone in %(project)s asked what “%(term)s” means.") % {"project": project.title, "term": term}
            if where_seen:
                body += "\n\n" + _("They saw it here: %(where)s") % {"where": where_seen}
            body += "\n\n" + _("Your answer goes into the project's glossary, and we send it to them their way.")
            message_queue(
                recipient=organiser,
                kind="glossary_question",
                subject=_("What does “%(term)s” mean?") % {"term": term},
                body=body,
                link_url=link,
                link_text=_("Answer the question"),
                group_label=project.title,
                idempotency_key=f"glossary-question:{question.pk}:{organiser.pk}",
            )
    return question


@transaction.atomic
def term_question_answer(
    *, actor: User, question: TermQuestion, meaning: str, term: str | None = None
) -> GlossaryEntry:
    """Answer a question. The answer joins the glossary and goes to everyone who asked about that word.

    Safe to call twice: an answered question is left as it is.
    """
    question = TermQuestion.objects.select_for_update(of=("self",)).select_related("project").get(pk=question.pk)
    if question.status == TermQuestion.Status.ANSWERED and question.entry_id:
        assert question.entry is not None  # entry_id checked above
        return question.entry
    project = question.project
    entry = glossary_entry_save(actor=actor, project=project, term=term or question.term, meaning=meaning)
    GlossaryEntry.objects.filter(pk=entry.pk).update(source=GlossaryEntry.Source.QUESTION)
    # Everyone waiting on this word (or on the word as the organiser wrote it) gets the answer.
    waiting = list(
        TermQuestion.objects.select_for_update()
        .filter(project=project, status=TermQuestion.Status.OPEN)
        .filter(Q(pk=question.pk) | Q(term__iexact=question.term) | Q(term__iexact=entry.term))
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    TermQuestion.objects.filter(pk__in=waiting).update(
        status=TermQuestion.Status.ANSWERED, entry=entry, answered_by=actor, answered_at=now
    )
    link = absolute_url(reverse("glossary:project", args=[project.pk]) + f"#term-{entry.pk}")
    for waiting_question in TermQuestion.objects.filter(pk__in=waiting).select_related("asked_by__profile"):
        with in_language_of(waiting_question.asked_by):
            message_queue(
                recipient=waiting_question.asked_by,
                sender=actor,
                organiser=actor,
                organisation_id=project.organisation_id,
                kind="glossary_answer",
                subject=_("What “%(term)s” means") % {"term": entry.term},
                body=_(
                    "You asked what “%(term)s” means in %(project)s.\n\n%(meaning)s\n\n"
                    "It is now in the project's glossary."
                )
                % {"term": entry.term, "project": project.title, "meaning": entry.meaning},
                link_url=link,
                link_text=_("See the glossary"),
                group_label=project.title,
                idempotency_key=f"glossary-answer:{waiting_question.pk}",
            )
    audit_record(
        actor=actor,
        action="glossary.answer",
        obj=entry,
        summary=f"Answered what “{entry.term}” means for {len(waiting)} person(s)",
        details={"project": project.pk, "questions": waiting},
    )
    entry.refresh_from_db()
    return entry
