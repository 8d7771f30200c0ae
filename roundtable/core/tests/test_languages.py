"""Languages: only languages with a catalogue are offered, and each message is in its reader's language.

Issue 12: a browser asking for Welsh got lang="cy" on English pages (screen readers then read English
with Welsh sounds); invitation, sign-in and interest emails were untranslatable f-strings; dates were
formatted with strftime. The catalogue used here is written by the test (a real compiled .mo file).
"""

from __future__ import annotations

import datetime as dt
import struct
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.utils import timezone, translation

from roundtable.accounts.models import CommunicationProfile, User
from roundtable.accounts.tests.factories import person as make_person
from roundtable.feedback.tests.conftest import people  # noqa: F401 - the shared fixture: Amira and Joe in a project
from roundtable.lib.i18n import catalogued_languages, day_words, duration_words, hours_words, language_code_for
from roundtable.lib.money import format_money
from roundtable.notifications.channels.email import render_email
from roundtable.notifications.models import Message
from roundtable.notifications.tests.conftest import SmtpServer

CANDIDATES = [("en-gb", "English"), ("cy", "Cymraeg")]

WELSH = {
    "Your link to sign in to Roundtable": "Eich dolen i fewngofnodi i Roundtable",
    "Here is your link to sign in to Roundtable.": "Dyma eich dolen i fewngofnodi i Roundtable.",
    "Sign in to Roundtable": "Mewngofnodi i Roundtable",
    "Someone would like to join %(title)s": "Mae rhywun eisiau ymuno â %(title)s",
    "You are invited to take part in %(where)s": "Rydych wedi eich gwahodd i gymryd rhan yn %(where)s",
    "Read the invitation": "Darllenwch y gwahoddiad",
    "Hello %(name)s,": "Helo %(name)s,",
    # One sentence from each app that builds messages for people: meetings, updates, feedback, payments, credits.
    "When can you come? %(title)s": "Pryd allwch chi ddod? %(title)s",
    "Read the update": "Darllenwch y diweddariad",
    "We have your barrier for %(project)s": "Mae gennym eich rhwystr ar gyfer %(project)s",
    "A question about your claim": "Cwestiwn am eich hawliad",
    "Finish joining": "Gorffen ymuno",
    "See the glossary": "Gweld yr eirfa",
    "Your round-up": "Eich crynodeb",
    "How we will name you in “%(title)s”": "Sut y byddwn yn eich enwi yn “%(title)s”",
}


def write_mo(path: Path, messages: dict[str, str]) -> None:
    """Write a GNU gettext .mo catalogue (the format msgfmt makes), UTF-8, two plural forms."""
    header = "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"
    entries = sorted({"": header, **messages}.items())
    ids = b"".join(k.encode() + b"\0" for k, _v in entries)
    strs = b"".join(v.encode() + b"\0" for _k, v in entries)
    count = len(entries)
    start = 7 * 4 + count * 16
    offsets, offset = [], 0
    for key, _value in entries:
        offsets.append((len(key.encode()), start + offset))
        offset += len(key.encode()) + 1
    str_start = start + len(ids)
    trans, offset = [], 0
    for _key, value in entries:
        trans.append((len(value.encode()), str_start + offset))
        offset += len(value.encode()) + 1
    out = struct.pack("<7I", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    out += b"".join(struct.pack("<2I", *o) for o in offsets)
    out += b"".join(struct.pack("<2I", *t) for t in trans)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out + ids + strs)


@pytest.fixture(autouse=True)
def _monday_morning():
    """Polls, reminders and claims here are made "from now": freeze it, so no clock change is in the way."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def welsh_catalogue(tmp_path, settings):
    """A Welsh catalogue on disk, and the site set up as settings.py would set it up with it there."""
    write_mo(tmp_path / "cy" / "LC_MESSAGES" / "django.mo", WELSH)
    settings.LOCALE_PATHS = [tmp_path]
    settings.LANGUAGES = catalogued_languages(CANDIDATES, default="en-gb", locale_paths=[tmp_path])
    assert [code for code, _name in settings.LANGUAGES] == ["en-gb", "cy"]
    yield tmp_path
    translation.activate("en-gb")


def test_only_languages_with_a_catalogue_are_offered(tmp_path):
    assert catalogued_languages(CANDIDATES, default="en-gb", locale_paths=[tmp_path]) == [("en-gb", "English")]
    write_mo(tmp_path / "cy" / "LC_MESSAGES" / "django.mo", WELSH)
    assert catalogued_languages(CANDIDATES, default="en-gb", locale_paths=[tmp_path]) == CANDIDATES


def test_a_browser_asking_for_welsh_gets_english_pages_marked_as_english(db, settings):
    assert [code for code, _name in settings.LANGUAGES] == ["en-gb"]  # no Welsh catalogue in the project yet
    page = Client(HTTP_ACCEPT_LANGUAGE="cy").get("/")
    assert page.status_code == 200
    assert '<html lang="en-gb"' in page.content.decode()
    assert page.headers.get("Content-Language", "en-gb") == "en-gb"


def test_with_a_welsh_catalogue_a_welsh_browser_gets_welsh(db, welsh_catalogue):
    page = Client(HTTP_ACCEPT_LANGUAGE="cy").get("/")
    assert '<html lang="cy"' in page.content.decode()


@pytest.mark.parametrize(
    ("written", "code"),
    [("Welsh", "cy"), (" cymraeg ", "cy"), ("cy", "cy"), ("English", "en-gb"), ("Urdu", "en-gb"), ("", "en-gb")],
)
def test_a_persons_language_is_read_from_their_profile(welsh_catalogue, written, code):
    assert language_code_for(written) == code


def test_welsh_is_not_used_without_its_catalogue(settings):
    assert language_code_for("Welsh") == "en-gb"


def _welsh_person() -> User:
    return make_person("eleri@example.org", "Eleri Morgan", known_as="Eleri", channels=["email"], language="Welsh")


def test_the_sign_in_email_reaches_a_welsh_reader_in_welsh(
    db, welsh_catalogue, settings, django_capture_on_commit_callbacks
):
    from roundtable.signin.services import sign_in_link_send

    server = SmtpServer()
    server.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", server.port, False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        _welsh_person()
        with django_capture_on_commit_callbacks(execute=True):
            sign_in_link_send(email="eleri@example.org")
        (email,) = server.emails
        assert email["Subject"] == "Eich dolen i fewngofnodi i Roundtable"
        text = email.get_body(("plain",)).get_content()
        assert "Helo Eleri," in text and "Dyma eich dolen i fewngofnodi i Roundtable." in text
        html = email.get_body(("html",)).get_content()
        assert '<html lang="cy">' in html and "Mewngofnodi i Roundtable" in html
    finally:
        server.stop()
    # The page the request came from stays in its own language.
    assert translation.get_language() == "en-gb"


def test_an_interest_note_is_in_the_contacts_language(db, welsh_catalogue):
    from roundtable.projects import services
    from roundtable.projects.models import Project

    contact = _welsh_person()
    organisation = services.organisation_create(actor=contact, name="Fforwm", kind="charity")
    project = services.project_create(actor=contact, organisation=organisation, title="Cysgu", visibility="open")
    Project.objects.filter(pk=project.pk).update(contact=contact)
    project.refresh_from_db()
    services.interest_express(project=project, name="Amira", email="amira@example.org")
    message = Message.objects.get(kind="interest")
    assert message.subject == "Mae rhywun eisiau ymuno â Cysgu"
    _subject, text, _html = render_email(message)
    assert text.startswith("Helo Eleri,")


def test_an_invitation_to_an_address_with_no_account_is_in_the_sites_language(db, welsh_catalogue):
    from roundtable.projects import services

    organiser = make_person("tom@example.org", "Tom Reid", profile=False)
    organisation = services.organisation_create(actor=organiser, name="University", kind="research")
    services.staff_invite(actor=organiser, organisation=organisation, email="new@example.org", role="organiser")
    message = Message.objects.get(kind="invitation")
    assert message.subject == "Join University on Roundtable"


def test_dates_money_and_lengths_of_time_go_through_the_locale(welsh_catalogue):
    day = dt.date(2026, 3, 2)
    assert day_words(day) == "2 March 2026"
    assert day_words(day, weekday=True) == "Monday 2 March 2026"
    assert day_words(day, short=True, year=False) == "2 Mar"
    with translation.override("cy"):
        assert day_words(day) == "2 Mawrth 2026"  # Django's own Welsh month names
    assert format_money(Decimal("1234.5"), "GBP") == "£1,234.50"
    assert format_money(Decimal("-3"), "GBP") == "-£3.00"
    assert [duration_words(n) for n in (0, 1, 45, 60, 90, 150)] == [
        "0 minutes",
        "1 minute",
        "45 minutes",
        "1 hour",
        "1 hour 30 minutes",
        "2 hours 30 minutes",
    ]
    assert hours_words(Decimal("1.5")) == "1 hour 30 minutes"
    assert hours_words("0.25") == "15 minutes"
    assert hours_words(Decimal("3")) == "3 hours"
    assert hours_words(None) == "" and hours_words("lots") == ""


def _poll(world):
    from roundtable.meetings.services import poll_create

    start = timezone.now() + dt.timedelta(days=14)
    poll_create(
        actor=world.organiser,
        project=world.project,
        data={"title": "Cynllun"},
        options=[(start, start + dt.timedelta(hours=1))],
    )
    return "meeting_poll", "subject"


def _update(world):
    from roundtable.updates.services import update_publish

    update_publish(actor=world.organiser, project=world.project, title="Cynllun", body="Newyddion")
    return "progress_update", "link_text"


def _barrier(world):
    from roundtable.feedback.services import barrier_raise

    for person in (world.partner, world.joe):
        barrier_raise(actor=person, project=world.project, category="costs", description="Bws")
    return "feedback", "subject"


def _claim_query(world):
    from roundtable.payments.models import Claim, ClaimStatus
    from roundtable.payments.services import claim_query

    for person in (world.partner, world.joe):
        claim = Claim.objects.create(
            organisation=world.organisation, project=world.project, claimant=person, kind="expense",
            status=ClaimStatus.SUBMITTED, work_date=dt.date(2026, 3, 2), activity="Bws", amount=3, payable=3,
        )  # fmt: skip
        claim_query(actor=world.organiser, claim=claim, reason="Pa fws?")
    return "payment_query", "subject"


def _naming(world):
    from roundtable.credits import services
    from roundtable.credits.models import ContributionType

    mine = [
        services.contribution_add(
            actor=world.organiser,
            project=world.project,
            person=person,
            type=ContributionType.objects.get(slug="reviewing"),
            degree="lead",
            date=timezone.localdate(),
            description="Darllen",
            hours=Decimal("2"),
        )  # fmt: skip
        for person in (world.partner, world.joe)
    ]
    output = services.output_create(
        actor=world.organiser, project=world.project, kind="paper", title="Cwsg", contributions=mine
    )
    services.output_tell(actor=world.organiser, output=output)
    return "credits_naming", "subject"


def _joining(world):
    from roundtable.projects.joining import ONBOARDING_REMINDER_AFTER, onboarding_reminders_due
    from roundtable.projects.models import Membership

    Membership.objects.filter(project=world.project).update(sharing_chosen_at=None, added_by_proxy=False)
    onboarding_reminders_due(now=timezone.now() + ONBOARDING_REMINDER_AFTER + dt.timedelta(hours=1))
    return "onboarding_reminder", "link_text"


def _glossary_answer(world):
    from roundtable.glossary.services import term_question_answer, term_question_ask

    questions = [term_question_ask(actor=p, project=world.project, term="Cwsg") for p in (world.partner, world.joe)]
    term_question_answer(actor=world.organiser, question=questions[0], meaning="Sleep")
    return "glossary_answer", "link_text"


def _round_up(world):
    from roundtable.notifications.digests import digest_send
    from roundtable.notifications.models import MessageStatus
    from roundtable.notifications.services import message_queue

    for person in (world.partner, world.joe):
        held = message_queue(
            recipient=person, subject="News", body="News", kind="progress_update", idempotency_key=f"n:{person.pk}"
        )
        Message.objects.filter(pk=held.pk).update(status=MessageStatus.HELD)
        digest_send(user=person, period="2026-W10")
    return "digest", "group_label"


@pytest.mark.parametrize(
    ("send", "welsh", "english"),
    [
        (_poll, "Pryd allwch chi ddod? Cynllun", "When can you come? Cynllun"),
        (_update, "Darllenwch y diweddariad", "Read the update"),
        (_barrier, "Mae gennym eich rhwystr ar gyfer Better sleep", "We have your barrier for Better sleep"),
        (_claim_query, "Cwestiwn am eich hawliad", "A question about your claim"),
        (_naming, "Sut y byddwn yn eich enwi yn “Cwsg”", "How we will name you in “Cwsg”"),
        (_joining, "Gorffen ymuno", "Finish joining"),
        (_glossary_answer, "Gweld yr eirfa", "See the glossary"),
        (_round_up, "Eich crynodeb", "Your round-up"),
    ],
    ids=["meetings", "updates", "feedback", "payments", "credits", "joining", "glossary", "round-up"],
)
def test_each_message_is_built_in_its_readers_language(people, welsh_catalogue, send, welsh, english):  # noqa: F811
    """Amira reads Welsh, Joe English: the same message from a meetings, updates, feedback, payments or credits
    service reaches each in their own language, and the page that sent it stays in its own."""
    CommunicationProfile.objects.filter(user=people.partner).update(language="Welsh")
    people.partner.profile.refresh_from_db()
    kind, field = send(people)
    words = {m.recipient_id: getattr(m, field) for m in Message.objects.filter(kind=kind)}
    assert words[people.partner.pk] == welsh
    assert words[people.joe.pk] == english
    assert translation.get_language() == "en-gb"
