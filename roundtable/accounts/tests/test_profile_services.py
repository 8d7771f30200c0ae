"""Proxy answers, the audit they leave, the profile page and its reads."""

from __future__ import annotations

import html
from importlib import import_module

import pytest
from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from roundtable.accounts import selectors
from roundtable.accounts.models import CommunicationProfile, User
from roundtable.accounts.onboarding import QUESTIONS, describe_fields
from roundtable.accounts.services import profile_update, user_create_by_proxy
from roundtable.accounts.tests.factories import UserFactory, person
from roundtable.accounts.views_profile import render_check, render_question, with_next
from roundtable.audit.models import AuditEvent
from roundtable.audit.services import audit_record

pytestmark = pytest.mark.django_db


# A proxy page like the one the projects app provides: Tom answers for Grace.
def proxy_question(request, person_id: int, key: str):
    grace = get_object_or_404(User, pk=person_id)
    done = f"/test-proxy/{person_id}/done/"
    return render_question(request, subject=grace, actor=request.user, key=key, next_url="", done_url=done)


def proxy_check(request, person_id: int):
    grace = get_object_or_404(User, pk=person_id)
    here = f"/test-proxy/{person_id}/check/"
    return render_check(
        request,
        subject=grace,
        actor=request.user,
        question_url=lambda key: reverse("test_proxy_question", kwargs={"person_id": person_id, "key": key}),
        here_url=here,
        finish_url="/finished/",
        back_url="/",
    )


urlpatterns = [
    *import_module(settings.ROOT_URLCONF).urlpatterns,
    path("test-proxy/<int:person_id>/check/", proxy_check, name="test_proxy_check"),
    path("test-proxy/<int:person_id>/<slug:key>/", proxy_question, name="test_proxy_question"),
]
uses_proxy_urls = pytest.mark.urls(__name__)


@pytest.fixture
def tom() -> User:
    return person("tom.reid@example.ac.uk", "Tom Reid", profile=False)


@pytest.fixture
def grace(tom) -> User:
    return user_create_by_proxy(actor=tom, full_name="Grace Adebayo", postal_address="2 Mill Lane\nBradford")


@pytest.fixture
def amira() -> User:
    return person("amira@example.com", "Amira Hassan")


def proxy_url(person: User, key: str) -> str:
    return reverse("test_proxy_question", kwargs={"person_id": person.pk, "key": key})


def page(response) -> str:
    return html.unescape(response.content.decode())


# --- Proxy answers ----------------------------------------------------------------------------


@uses_proxy_urls
def test_a_proxy_page_says_whose_answers_these_are(client, tom, grace):
    client.force_login(tom)
    text = page(client.get(proxy_url(grace, "channels")))
    assert "Grace Adebayo's answers" in text
    assert "You are filling this in for Grace. We record that you did." in text


@uses_proxy_urls
def test_a_proxy_save_is_audited_and_shown_on_the_persons_profile(client, tom, grace):
    client.force_login(tom)
    response = client.post(proxy_url(grace, "channels"), {"first": "letter", "second": "phone"})

    assert response.status_code == 302
    assert response.url == proxy_url(grace, "contact_details")  # the proxy flow keeps its own URLs
    profile = CommunicationProfile.objects.get(user=grace)
    assert profile.channels == ["letter", "phone"]
    assert profile.updated_by_proxy is True
    event = AuditEvent.objects.get(action="profile.changed_by_proxy")
    assert (event.actor, event.subject, event.by_proxy) == (tom, grace, True)
    assert event.details == {"fields": ["channels"]}

    client.force_login(grace)
    text = page(client.get(reverse("accounts:profile")))
    changes = text[text.index("Changes made for you") :]
    assert "Tom Reid" in changes
    assert "Changed: How to contact you" in changes
    assert "Tom Reid added Grace Adebayo on their behalf" in changes


@uses_proxy_urls
def test_a_proxy_error_keeps_what_was_typed(client, tom, grace):
    profile_update(user=grace, actor=tom, data={"channels": ["phone"]}, answered="channels")
    client.force_login(tom)
    response = client.post(proxy_url(grace, "contact_details"), {"phone": "", "postal_address": "2 Mill Lane"})
    assert response.status_code == 200
    assert "Enter a phone number so we can text or call you" in page(response)
    assert "2 Mill Lane</textarea>" in page(response)


@uses_proxy_urls
def test_the_last_proxy_question_goes_to_the_done_url(client, tom, grace):
    client.force_login(tom)
    response = client.post(proxy_url(grace, "naming"), {"action": "skip"})
    assert response.url == f"/test-proxy/{grace.pk}/done/"
    assert CommunicationProfile.objects.get(user=grace).skipped == ["naming"]


@uses_proxy_urls
def test_the_proxy_check_page_links_to_the_proxy_questions(client, tom, grace):
    profile_update(user=grace, actor=tom, data={"formats": ["large_print"]}, answered="formats")
    client.force_login(tom)
    check = f"/test-proxy/{grace.pk}/check/"

    text = page(client.get(check))

    assert "Grace Adebayo's answers" in text
    assert "You are filling this in for Grace. We record that you did." in text
    assert "Large print" in text
    assert f'href="{with_next(proxy_url(grace, "formats"), check)}"' in text
    response = client.post(check)
    assert response.url == "/finished/"


def test_a_change_by_the_person_themself_writes_no_proxy_audit(amira):
    profile_update(user=amira, actor=amira, data={"channels": ["text"], "known_as": "Amira"}, answered="channels")
    assert not AuditEvent.objects.exists()
    assert CommunicationProfile.objects.get(user=amira).updated_by_proxy is False


def test_a_proxy_change_that_changes_nothing_writes_no_audit(tom, grace):
    AuditEvent.objects.all().delete()
    profile_update(user=grace, actor=tom, data={"postal_address": "2 Mill Lane\nBradford"}, answered="contact_details")
    assert not AuditEvent.objects.exists()


# --- Reads ------------------------------------------------------------------------------------


def test_profile_of_does_not_create_a_profile(django_assert_num_queries):
    person = UserFactory(email="joe@example.com", full_name="Joe Bloggs", profile=None)
    with django_assert_num_queries(1):
        profile = selectors.profile_of(person)
    assert profile.pk is None
    assert profile.user is person
    assert not CommunicationProfile.objects.filter(user=person).exists()


def test_proxy_acts_about_lists_only_acts_done_for_the_person(tom, grace):
    audit_record(actor=grace, subject=grace, action="consent.given", summary="Grace said yes")
    profile_update(user=grace, actor=tom, data={"language": "Yoruba"}, answered="language")
    acts = selectors.proxy_acts_about(grace)
    assert [a.action for a in acts] == ["profile.changed_by_proxy", "person.added_by_proxy"]
    assert all(a.by_proxy for a in acts)


def test_changed_fields_are_described_in_plain_words():
    assert describe_fields(["phone", "postal_address", "language"]) == "Phone number and address, Language"
    assert describe_fields(["full_name", "known_as"]) == "Name"


def test_with_next_keeps_other_query_parameters():
    assert with_next("/a/", "") == "/a/"
    assert with_next("/a/", "/b/?x=1") == "/a/?next=%2Fb%2F%3Fx%3D1"
    assert with_next("/a/?y=2", "/b/") == "/a/?y=2&next=%2Fb%2F"


# --- The profile page ---------------------------------------------------------------------------


def test_the_profile_page_shows_answers_by_section(client, amira):
    profile_update(user=amira, actor=amira, data={"channels": ["text"], "phone": "07700 900123"}, answered="channels")
    profile_update(user=amira, actor=amira, data={"access_needs": "A quiet room"}, answered="access_needs")
    client.force_login(amira)

    text = page(client.get(reverse("accounts:profile")))

    assert "How and when to contact me" in text
    assert "My access needs" in text
    assert "1. Text message" in text
    assert "A quiet room" in text
    change = reverse("accounts:setup_question", kwargs={"key": "access_needs"}) + "?next=%2Fprofile%2F"
    assert f'href="{change}"' in text
    assert "No one else has changed your profile for you." in text
    assert "questions left to answer" in text


def test_the_profile_page_works_before_any_profile_exists(client):
    person = UserFactory(email="joe@example.com", full_name="Joe Bloggs", profile=None)
    client.force_login(person)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert not CommunicationProfile.objects.filter(user=person).exists()


def test_the_profile_page_query_count_does_not_grow_with_answers_or_changes(
    client, tom, grace, django_assert_max_num_queries
):
    client.force_login(grace)
    url = reverse("accounts:profile")
    with django_assert_max_num_queries(6) as few:
        client.get(url)

    for question in QUESTIONS:
        profile_update(user=grace, actor=tom, data={}, skipped=question.key)
    for n in range(20):
        profile_update(user=grace, actor=tom, data={"access_needs": f"Need {n}"}, answered="access_needs")
        profile_update(user=grace, actor=tom, data={"notice_days": n}, answered="notice")

    # Session, user, profile, audit events with who did them, and the header's unread count and staff-menu check.
    with django_assert_max_num_queries(6) as many:
        response = client.get(url)

    assert len(many) == len(few)
    assert response.status_code == 200
    assert page(response).count("Tom Reid") >= 40


def _buttons_and_headings(text: str) -> list[str]:
    import re

    found = re.findall(r"<(h1|h2|button|title)[^>]*>(.*?)</\1>", text, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", inner).split()) for _tag, inner in found]


@uses_proxy_urls
def test_acting_for_grace_every_heading_and_button_says_whose_answers(client, tom, grace):
    """Issue 12: "Save Grace's answers", not "Save my answers" or a bare "Finish"."""
    client.force_login(tom)
    question = _buttons_and_headings(page(client.get(proxy_url(grace, "channels"))))
    assert "Save Grace's answer and continue" in question
    assert "Skip this question for Grace" in question
    assert "Save and continue" not in question and "Skip this question" not in question
    assert any("Grace Adebayo's answers" in h for h in question if "contact" in h)

    single = _buttons_and_headings(page(client.get(proxy_url(grace, "channels") + "?next=/somewhere/")))
    assert "Save Grace's answer" in single or "Save Grace's answer and continue" in single

    check = _buttons_and_headings(page(client.get(f"/test-proxy/{grace.pk}/check/")))
    assert "Save Grace's answers" in check
    assert any(h.endswith("Check Grace's answers") for h in check)
    assert "Finish" not in check and "Check your answers" not in check


def test_a_person_answering_for_themself_still_sees_their_own_words(client, amira):
    client.force_login(amira)
    text = page(client.get(reverse("accounts:setup_question", kwargs={"key": "channels"})))
    assert "Save and continue" in text and "Grace" not in text and "'s answer" not in text
