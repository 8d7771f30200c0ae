"""Deleting an account leaves the person's name, email, phone and address nowhere in the database."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import models

from roundtable.accounts.models import User
from roundtable.audit.models import AuditEvent
from roundtable.conversation.models import Reply, Topic
from roundtable.credits.statements import acknowledgement
from roundtable.decisions.models import Vote
from roundtable.feedback.models import Barrier, CheckInAnswer, Note
from roundtable.notifications.models import Message
from roundtable.payments.models import Claim
from roundtable.projects.models import Membership
from roundtable.stories.models import StoryPart, StoryRead
from roundtable.yourdata.erasure import FORMER_MEMBER, account_erase, personal_values, text_columns
from roundtable.yourdata.tests.world import LUCJA, lucja_world

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[tuple[int, str, str]]]:
    """Every text column of every row of every table: label -> [(pk, column, text)]."""
    found: dict[str, list[tuple[int, str, str]]] = {}
    for model in apps.get_models():
        columns = [
            c
            for c in model._meta.concrete_fields
            if isinstance(c, models.CharField | models.TextField | models.JSONField)
        ]
        if not columns:
            continue
        rows = []
        for values in model._default_manager.values_list("pk", *[c.attname for c in columns]):
            for column, value in zip(columns, values[1:], strict=True):
                if value in (None, "", [], {}):
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                rows.append((values[0], column.attname, text))
        found[model._meta.label] = rows
    return found


def traces(shot, needles: list[str]) -> list[str]:
    lowered = [n.casefold() for n in needles]
    return [
        f"{label} #{pk} {column}: {text[:120]!r}"
        for label, rows in shot.items()
        for pk, column, text in rows
        if any(n in text.casefold() for n in lowered)
    ]


def test_erasure_leaves_no_name_email_phone_or_address_anywhere():
    w = lucja_world()
    needles = [LUCJA["full_name"], LUCJA["email"], LUCJA["phone"], "07700900417", "17 Kowalska Row", "LS9 8QZ"]
    before = traces(snapshot(), needles)
    # The world really spreads her details over many apps (else this test could not fail).
    spread = {line.split(" #")[0] for line in before}
    assert {
        "accounts.User",
        "accounts.CommunicationProfile",
        "notifications.Message",
        "audit.AuditEvent",
        "credits.Contribution",
        "feedback.CheckInAnswer",
        "feedback.Barrier",
        "payments.Claim",
        "stories.StoryPart",
        "conversation.Topic",
        "conversation.Reply",
        "safety.BreachReport",
    } <= spread, spread

    done = account_erase(person=w.lucja, actor=w.lucja, reason="asked on their own page")

    after = traces(snapshot(), needles)
    assert not after, "Still there after erasure:\n" + "\n".join(after)
    assert done["text replaced"] > 0
    # What stays, stays: the claim (the law), her contribution and vote as a former member.
    lucja = User.objects.get(pk=w.lucja.pk)
    assert (lucja.full_name, lucja.email, lucja.is_active, lucja.has_usable_password()) == (
        FORMER_MEMBER,
        None,
        False,
        False,
    )
    claim = Claim.objects.get(pk=w.claim.pk)
    assert claim.claimant_id == lucja.pk and claim.amount == w.claim.amount
    assert w.contribution.__class__.objects.filter(pk=w.contribution.pk, person=lucja).exists()
    assert Vote.objects.filter(person=lucja, proposal=w.proposal).exists()
    # What goes, goes: answers, messages to her, her profile; notes and barriers no longer point to her.
    assert not CheckInAnswer.objects.filter(person=lucja).exists()
    assert not Message.objects.filter(recipient=lucja).exists()
    assert not Note.objects.filter(author=lucja).exists() and Note.objects.filter(pk=w.note.pk).exists()
    assert not Barrier.objects.filter(raised_by=lucja).exists()
    assert Membership.objects.get(project=w.project, user=lucja).status == Membership.Status.LEFT
    # Her story and its log go; the topic she started stays for the reply under it, without her.
    assert not StoryPart.objects.filter(pk=w.story.pk).exists() and not StoryRead.objects.exists()
    topic = Topic.objects.get(pk=w.topic.pk)
    assert topic.started_by_id is None and topic.body == ""
    assert list(Reply.objects.filter(topic=topic).values_list("author_id", flat=True)) == [w.partner.pk]
    # Outputs stop naming her; the audit row says who and why, without the name.
    assert LUCJA["full_name"] not in acknowledgement(w.output)
    row = AuditEvent.objects.get(action="account.erased", subject=lucja)
    assert row.actor_id == lucja.pk and row.details["reason"] == "asked on their own page"


def test_erasing_twice_does_nothing_more():
    w = lucja_world()
    assert account_erase(person=w.lucja, actor=w.lucja)
    assert account_erase(person=w.lucja, actor=w.lucja) == {}
    assert AuditEvent.objects.filter(action="account.erased").count() == 1


def test_other_people_are_untouched():
    w = lucja_world()
    amira_before = (w.partner.full_name, w.partner.email)
    account_erase(person=w.lucja, actor=w.lucja)
    w.partner.refresh_from_db()
    assert (w.partner.full_name, w.partner.email) == amira_before
    assert Vote.objects.filter(person=w.partner).exists()


def test_personal_values_are_long_enough_to_replace_safely():
    w = lucja_world()
    values = personal_values(w.lucja)
    assert "LS9 8QZ" in values and "07700900417" in values and "Leeds" not in values
    assert all(len(v) >= 5 for v in values)


def test_text_columns_skip_choices():
    assert "status" not in {c.name for c in text_columns(Claim)}
    assert "activity" in {c.name for c in text_columns(Claim)}


def test_erasure_forgets_how_they_chose_to_be_named():
    from roundtable.credits.models import OutputCredit

    w = lucja_world()
    assert OutputCredit.objects.get(output=w.output, person=w.lucja).chosen_at is not None
    account_erase(person=w.lucja, actor=w.lucja)
    credit = OutputCredit.objects.get(output=w.output, person=w.lucja)
    assert (credit.naming, credit.pseudonym, credit.chosen_at) == ("anonymous", "", None)
    assert "former member" in acknowledgement(w.output) and "asked us not to use" not in acknowledgement(w.output)
