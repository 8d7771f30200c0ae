"""Plain language for an organisation and its projects.

* ``OrganisationTerm``: the organisation's own jargon, added to the built-in list
  the writing check uses (``roundtable.lib.jargon``).
* ``WritingPolicy``: whether writers must confirm they have read the check's
  advice before saving text for partners.
* ``GlossaryEntry``: a word explained in a project's glossary, shown where the
  word appears on the project's pages.
* ``TermQuestion``: "what does this mean?", asked by a member and answered by an
  organiser; the answer joins the glossary and is sent to the person their way.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from roundtable.projects.models import Organisation, Project

TERM_MAX = 80
MEANING_MAX = 1000


class OrganisationTerm(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="jargon_terms")
    term = models.CharField(_("word or phrase"), max_length=TERM_MAX)
    plain = models.CharField(_("what to say instead"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [Lower("term")]
        constraints = [
            models.UniqueConstraint(Lower("term"), "organisation", name="organisation_term_once"),
            models.CheckConstraint(condition=~models.Q(term=""), name="organisation_term_not_empty"),
        ]

    def __str__(self) -> str:
        return self.term


class WritingPolicy(models.Model):
    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="writing_policy")
    require_confirmation = models.BooleanField(
        _("writers must confirm they have read the advice"),
        default=False,
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Writing policy of {self.organisation}"


class GlossaryEntry(models.Model):
    class Source(models.TextChoices):
        ORGANISER = "organiser", _("Added by the team")
        QUESTION = "question", _("Answer to a member's question")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="glossary_entries")
    term = models.CharField(_("word or phrase"), max_length=TERM_MAX)
    meaning = models.TextField(_("what it means"), max_length=MEANING_MAX)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.ORGANISER)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [Lower("term")]
        verbose_name_plural = "glossary entries"
        constraints = [
            models.UniqueConstraint(Lower("term"), "project", name="glossary_entry_once_per_project"),
            models.CheckConstraint(condition=~models.Q(term="") & ~models.Q(meaning=""), name="glossary_entry_filled"),
        ]

    def __str__(self) -> str:
        return self.term


class TermQuestion(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="term_questions")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="term_questions")
    term = models.CharField(_("word or phrase"), max_length=TERM_MAX)
    where_seen = models.CharField(_("where you saw it"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    entry = models.ForeignKey(GlossaryEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("term"),
                "project",
                "asked_by",
                condition=models.Q(status="open"),
                name="one_open_question_per_term",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(answered_at__isnull=False),
                name="answered_question_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"What does {self.term} mean?"
