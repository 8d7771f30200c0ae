"""Onboarding: one question per page, a task list, check your answers, skip and change, and ?next=."""

from __future__ import annotations

import html
import re
from datetime import time
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from roundtable.accounts.models import CommunicationProfile, User
from roundtable.accounts.onboarding import QUESTIONS, format_time
from roundtable.accounts.services import profile_update
from roundtable.accounts.tests.factories import person
from roundtable.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

JOIN_URL = "/projects/7/join/"


@pytest.fixture
def amira() -> User:
    return person("amira@example.com", "Amira Hassan")


@pytest.fixture
def signed_in(client, amira):
    client.force_login(amira)
    return client


def question_url(key: str, next_url: str = "") -> str:
    url = reverse("accounts:setup_question", kwargs={"key": key})
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def check_url(next_url: str = "") -> str:
    url = reverse("accounts:setup_check")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def profile_of(user: User) -> CommunicationProfile:
    return CommunicationProfile.objects.select_related("user").get(user=user)


def page(response) -> str:
    return html.unescape(response.content.decode())


def is_checked(response, value: str) -> bool:
    """Whether the radio or checkbox with this value is ticked on the page."""
    tags = re.findall(r"<input [^>]*>", response.content.decode())
    return any(f'value="{value}"' in tag and " checked" in tag for tag in tags)


def field_error(response, field_id: str) -> str:
    """The text of the GOV.UK error message shown at a field ('' if none)."""
    text = response.content.decode()
    marker = f'id="{field_id}_error"'
    if marker not in text:
        return ""
    start = text.index(marker)
    return html.unescape(text[start : text.index("</p>", start)])


# --- Each question saves -----------------------------------------------------------------------

SAVES = {
    "name": (
        {"known_as": "Amira", "full_name": "Amira Hassan-Ali"},
        lambda p: (p.user.known_as, p.user.full_name) == ("Amira", "Amira Hassan-Ali"),
    ),
    "channels": ({"first": "text", "second": "email", "third": ""}, lambda p: p.channels == ["text", "email"]),
    "contact_details": (
        {"phone": " 07700  900123 ", "postal_address": "1 High Street\n\nLeeds"},
        lambda p: (p.phone, p.postal_address) == ("07700 900123", "1 High Street\nLeeds"),
    ),
    "contact_times": (
        {"contact_days": ["fri", "mon"], "contact_from": "20:00", "contact_until": "10pm"},
        lambda p: (p.contact_days, p.contact_from, p.contact_until) == (["mon", "fri"], time(20), time(22)),
    ),
    "language": ({"language": " Urdu "}, lambda p: p.language == "Urdu"),
    "formats": (
        {"formats": ["large_print", "easy_read"]},
        lambda p: p.formats == ["easy_read", "large_print"],
    ),
    "access_needs": (
        {"access_needs": "Captions on video calls"},
        lambda p: p.access_needs == "Captions on video calls",
    ),
    "caring": (
        {
            "meeting_days": ["tue", "wed"],
            "meeting_from": "09:30",
            "meeting_until": "14:30",
            "avoid_school_holidays": "on",
            "caring_notes": "School pick-up at 3pm",
        },
        lambda p: (
            (p.meeting_days, p.meeting_from, p.meeting_until, p.avoid_school_holidays, p.caring_notes)
            == (["tue", "wed"], time(9, 30), time(14, 30), True, "School pick-up at 3pm")
        ),
    ),
    "notice": ({"notice_days": "10"}, lambda p: p.notice_days == 10),
    "helper": (
        {"has_helper": "yes", "helper_name": "Sara", "helper_contact": "07700 900456", "helper_gets_copies": "on"},
        lambda p: (p.helper_name, p.helper_contact, p.helper_gets_copies) == ("Sara", "07700 900456", True),
    ),
    "naming": (
        {"naming": "pseudonym", "pseudonym": "Star"},
        lambda p: (p.naming, p.pseudonym) == ("pseudonym", "Star"),
    ),
}


def test_every_question_has_a_save_test():
    assert [q.key for q in QUESTIONS] == list(SAVES)


@pytest.mark.parametrize("key", list(SAVES))
def test_each_question_saves_and_is_marked_answered(signed_in, amira, key):
    data, check = SAVES[key]
    response = signed_in.get(question_url(key))
    assert response.status_code == 200

    response = signed_in.post(question_url(key), {**data, "action": "save"})

    assert response.status_code == 302, field_error(response, "id_" + next(iter(data)))
    profile = profile_of(amira)
    assert check(profile)
    assert key in profile.answered
    assert key not in profile.skipped


def test_saving_goes_on_to_the_next_question(signed_in):
    response = signed_in.post(question_url("name"), {"known_as": "Amira", "full_name": "Amira Hassan"})
    assert response.status_code == 302
    assert response.url == question_url("channels")


def test_the_next_question_is_the_next_one_not_yet_answered_or_skipped(signed_in, amira):
    profile_update(user=amira, actor=amira, data={"language": "English"}, answered="language")
    profile_update(user=amira, actor=amira, data={}, skipped="formats")
    response = signed_in.post(question_url("contact_times"), {"contact_days": []})
    assert response.url == question_url("access_needs")


def test_the_last_question_goes_to_check_your_answers(signed_in):
    response = signed_in.post(question_url("naming"), {"naming": "first_name"})
    assert response.status_code == 302
    assert response.url == check_url()


def test_a_saved_answer_is_shown_when_the_question_is_opened_again(signed_in, amira):
    profile_update(user=amira, actor=amira, data={"channels": ["phone", "letter"]}, answered="channels")
    text = signed_in.get(question_url("channels")).content.decode()
    assert '<option value="phone" selected>' in text
    assert '<option value="letter" selected>' in text


# --- Skip -----------------------------------------------------------------------------------


def test_skip_records_skipped_and_moves_on(signed_in, amira):
    response = signed_in.post(question_url("formats"), {"action": "skip", "formats": ["audio"]})

    assert response.status_code == 302
    assert response.url == question_url("access_needs")
    profile = profile_of(amira)
    assert profile.skipped == ["formats"]
    assert "formats" not in profile.answered
    assert profile.formats == []  # nothing saved from a skipped page


def test_skip_ignores_invalid_input(signed_in, amira):
    response = signed_in.post(question_url("channels"), {"action": "skip", "first": "text", "second": "text"})
    assert response.status_code == 302
    assert profile_of(amira).skipped == ["channels"]


def test_the_skip_button_is_offered_until_the_question_is_answered(signed_in, amira):
    assert "Skip this question" in signed_in.get(question_url("language")).content.decode()
    profile_update(user=amira, actor=amira, data={"language": "Welsh"}, answered="language")
    assert "Skip this question" not in signed_in.get(question_url("language")).content.decode()


def test_answering_a_skipped_question_clears_skipped(signed_in, amira):
    profile_update(user=amira, actor=amira, data={}, skipped="notice")
    signed_in.post(question_url("notice"), {"notice_days": "7"})
    profile = profile_of(amira)
    assert profile.answered == ["notice"]
    assert profile.skipped == []


# --- Bad input: message at the field, status 200, what was typed is kept ---------------------------


def test_a_repeated_channel_is_an_error_at_the_field(signed_in, amira):
    response = signed_in.post(question_url("channels"), {"first": "text", "second": "phone", "third": "text"})

    assert response.status_code == 200
    assert "You already chose Text message" in field_error(response, "id_third")
    assert field_error(response, "id_second") == ""
    text = response.content.decode()
    assert 'class="govuk-error-summary"' in text
    assert '<a href="#id_third">' in text
    assert '<option value="phone" selected>' in text  # what was chosen is kept
    assert "<title>Error:" in text
    assert profile_of(amira).channels == []


def test_a_first_choice_is_needed(signed_in):
    response = signed_in.post(question_url("channels"), {"first": ""})
    assert response.status_code == 200
    assert "Choose how you would like us to contact you" in field_error(response, "id_first")


def test_a_phone_number_is_needed_when_text_is_chosen(signed_in, amira):
    profile_update(user=amira, actor=amira, data={"channels": ["text", "email"]}, answered="channels")

    response = signed_in.post(
        question_url("contact_details"), {"phone": "", "postal_address": "1 High Street\nLeeds LS1 1AA"}
    )

    assert response.status_code == 200
    assert "Enter a phone number so we can text or call you" in field_error(response, "id_phone")
    assert "1 High Street\nLeeds LS1 1AA</textarea>" in page(response)
    profile = profile_of(amira)
    assert profile.postal_address == ""
    assert "contact_details" not in profile.answered


def test_an_address_is_needed_when_letters_are_chosen(signed_in, amira):
    profile_update(user=amira, actor=amira, data={"channels": ["letter"]}, answered="channels")
    response = signed_in.post(question_url("contact_details"), {"phone": "", "postal_address": " "})
    assert response.status_code == 200
    assert "Enter your address so we can send you letters" in field_error(response, "id_postal_address")


@pytest.mark.parametrize("phone", ["call me", "0770090", "+44 7700 900123 456 789", "0770-09OO-123"])
def test_a_phone_number_that_does_not_look_right_gets_a_plain_message(signed_in, phone):
    response = signed_in.post(question_url("contact_details"), {"phone": phone})
    assert response.status_code == 200
    assert "Enter a phone number using numbers only" in field_error(response, "id_phone")
    assert f'value="{phone}"' in page(response)


def test_contact_times_that_start_and_end_together_are_an_error(signed_in):
    response = signed_in.post(
        question_url("contact_times"), {"contact_days": ["mon"], "contact_from": "20:00", "contact_until": "20:00"}
    )
    assert response.status_code == 200
    assert "must be different" in field_error(response, "id_contact_until")
    assert is_checked(response, "mon")


def test_a_time_that_is_not_a_time_gets_a_plain_message(signed_in):
    response = signed_in.post(question_url("caring"), {"meeting_from": "teatime"})
    assert response.status_code == 200
    assert "Enter a time like 20:00 or 8pm" in field_error(response, "id_meeting_from")
    assert 'value="teatime"' in response.content.decode()


def test_none_of_these_formats_cannot_be_chosen_with_a_format(signed_in):
    response = signed_in.post(question_url("formats"), {"formats": ["none", "audio"]})
    assert response.status_code == 200
    assert "but not both" in field_error(response, "id_formats")


def test_none_of_these_formats_saves_an_empty_list_and_is_shown_again(signed_in, amira):
    signed_in.post(question_url("formats"), {"formats": ["none"]})
    profile = profile_of(amira)
    assert profile.formats == []
    assert "formats" in profile.answered
    assert is_checked(signed_in.get(question_url("formats")), "none")


def test_notice_outside_0_to_60_days_is_an_error(signed_in):
    response = signed_in.post(question_url("notice"), {"notice_days": "61"})
    assert response.status_code == 200
    assert "from 0 to 60" in field_error(response, "id_notice_days")


def test_a_missing_pseudonym_is_an_error_at_the_field(signed_in, amira):
    response = signed_in.post(question_url("naming"), {"naming": "pseudonym", "pseudonym": "  "})

    assert response.status_code == 200
    assert "Enter the made-up name you would like us to use" in field_error(response, "id_pseudonym")
    assert is_checked(response, "pseudonym")
    assert profile_of(amira).naming == "first_name"


def test_a_pseudonym_is_not_kept_for_another_naming_choice(signed_in, amira):
    signed_in.post(question_url("naming"), {"naming": "full_name", "pseudonym": "Star"})
    profile = profile_of(amira)
    assert (profile.naming, profile.pseudonym) == ("full_name", "")


def test_a_helper_needs_a_name(signed_in):
    response = signed_in.post(question_url("helper"), {"has_helper": "yes", "helper_contact": "07700 900456"})
    assert response.status_code == 200
    assert "Enter the name of the person who helps you" in field_error(response, "id_helper_name")
    assert 'value="07700 900456"' in response.content.decode()


def test_saying_no_helper_clears_the_helper(signed_in, amira):
    profile_update(user=amira, actor=amira, data={"helper_name": "Sara", "helper_gets_copies": True}, answered="helper")
    signed_in.post(question_url("helper"), {"has_helper": "no", "helper_name": "Sara"})
    profile = profile_of(amira)
    assert (profile.helper_name, profile.helper_gets_copies) == ("", False)


def test_a_full_name_is_needed(signed_in, amira):
    response = signed_in.post(question_url("name"), {"known_as": "Amira", "full_name": ""})
    assert response.status_code == 200
    assert "Enter your full name" in field_error(response, "id_full_name")
    assert 'value="Amira"' in response.content.decode()
    amira.refresh_from_db()
    assert amira.full_name == "Amira Hassan"


# --- ?next= ---------------------------------------------------------------------------------


def test_next_is_kept_through_the_questions_and_the_check_page(signed_in):
    response = signed_in.get(question_url("name", JOIN_URL))
    assert f'name="next" value="{JOIN_URL}"' in response.content.decode()

    response = signed_in.post(question_url("name", JOIN_URL), {"full_name": "Amira Hassan"})
    assert response.url == question_url("channels", JOIN_URL)

    response = signed_in.post(question_url("naming", JOIN_URL), {"naming": "first_name"})
    assert response.url == check_url(JOIN_URL)

    response = signed_in.post(check_url(JOIN_URL))
    assert response.status_code == 302
    assert response.url == JOIN_URL


def test_the_task_list_keeps_next(signed_in):
    text = page(signed_in.get(reverse("accounts:setup") + "?" + urlencode({"next": JOIN_URL})))
    assert question_url("name", JOIN_URL) in text
    assert check_url(JOIN_URL) in text


def test_changing_an_answer_goes_back_to_next(signed_in, amira):
    profile_update(user=amira, actor=amira, data={"language": "English"}, answered="language")
    response = signed_in.post(question_url("language", "/profile/"), {"language": "Welsh"})
    assert response.url == "/profile/"


@pytest.mark.parametrize(
    "bad_next",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "http://testserver/profile/",
        "profile/",
    ],
)
def test_an_off_site_next_is_ignored(signed_in, bad_next):
    response = signed_in.get(question_url("name", bad_next))
    assert 'name="next" value=""' in response.content.decode()
    assert "evil.example" not in response.content.decode()

    response = signed_in.post(question_url("naming", bad_next), {"naming": "first_name"})
    assert response.url == check_url()

    response = signed_in.post(check_url(bad_next))
    assert response.url == reverse("accounts:profile")


# --- Task list and check your answers --------------------------------------------------------


def test_the_task_list_shows_each_question_status(signed_in, amira):
    profile_update(user=amira, actor=amira, data={"known_as": "Amira"}, answered="name")
    profile_update(user=amira, actor=amira, data={}, skipped="channels")

    text = signed_in.get(reverse("accounts:setup")).content.decode()

    assert 'class="govuk-task-list"' in text
    assert text.count('<li class="govuk-task-list__item') == len(QUESTIONS)

    def status(key: str) -> str:
        start = text.index(f'id="task-{key}-status"')
        return text[start : text.index("</div>", start)]

    assert "Completed" in status("name")
    assert "Skipped" in status("channels")
    assert "Not started" in status("language")
    assert "Check your answers" in text
    assert "You have done 2 of 11 questions." in text


def test_the_check_page_shows_answers_with_change_links(signed_in, amira):
    profile_update(
        user=amira,
        actor=amira,
        data={"channels": ["text", "phone"]},
        answered="channels",
    )
    profile_update(
        user=amira,
        actor=amira,
        data={"contact_days": ["mon", "tue"], "contact_from": time(20), "contact_until": time(22)},
        answered="contact_times",
    )
    profile_update(user=amira, actor=amira, data={}, skipped="formats")

    response = signed_in.get(check_url(JOIN_URL))

    assert response.status_code == 200
    text = page(response)
    assert "govuk-summary-list" in text
    assert "1. Text message<br>2. Phone call" in text
    assert "Monday, Tuesday, from 8pm to 10pm" in text
    assert "Skipped" in text
    here = check_url(JOIN_URL)
    assert f'href="{question_url("channels", here)}"' in text
    assert 'Change<span class="govuk-visually-hidden"> how to contact you</span>' in text
    assert 'Answer<span class="govuk-visually-hidden"> formats</span>' in text


def test_a_change_from_the_check_page_comes_back_to_it(signed_in, amira):
    profile_update(user=amira, actor=amira, data={"channels": ["text"]}, answered="channels")
    here = check_url(JOIN_URL)
    response = signed_in.post(question_url("channels", here), {"first": "phone"})
    assert response.url == here
    assert profile_of(amira).channels == ["phone"]


@pytest.mark.parametrize("summary_page", ["/profile/", "/profile/setup/check/?next=%2Fprojects%2F7%2Fjoin%2F"])
def test_one_question_opened_from_a_summary_page_goes_back_to_it(signed_in, amira, summary_page):
    summary_url = summary_page.replace("%2F", "/")
    response = signed_in.post(question_url("language", summary_url), {"language": "Welsh"})
    assert response.url == summary_url
    assert profile_of(amira).language == "Welsh"


def test_finishing_thanks_the_person(signed_in):
    response = signed_in.post(check_url(), follow=True)
    assert "Thank you. Your answers are saved." in page(response)


def test_changes_by_the_person_themself_are_not_proxy_acts(signed_in, amira):
    signed_in.post(question_url("channels"), {"first": "email"})
    signed_in.post(question_url("language"), {"language": "Welsh"})
    assert not AuditEvent.objects.filter(by_proxy=True).exists()
    assert profile_of(amira).updated_by_proxy is False


# --- Access -------------------------------------------------------------------------------------


def test_an_unknown_question_is_not_found(signed_in):
    assert signed_in.get(question_url("shoe_size")).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        reverse("accounts:profile"),
        reverse("accounts:setup"),
        reverse("accounts:setup_check"),
        reverse("accounts:setup_question", kwargs={"key": "name"}),
    ],
)
def test_pages_need_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert url not in response.url.split("?")[0]


@pytest.mark.parametrize(("value", "expected"), [(time(20), "8pm"), (time(9, 30), "9:30am"), (time(12), "midday")])
def test_times_read_plainly(value, expected):
    assert format_time(value) == expected
