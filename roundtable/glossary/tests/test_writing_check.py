"""The "Check my writing" panel in the role offer and message editors: without JavaScript, with htmx, and the policy."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.glossary import services
from roundtable.projects.models import Announcement, Project

HARD = (
    "Subsequently, the multidisciplinary steering committee will evaluate the methodological considerations "
    "associated with the implementation of the intervention, and the PPI group will be consulted prior to "
    "dissemination of the findings to stakeholders across the region."
)


def offer_post(people, **changes) -> dict:
    data = {
        "title": "Better sleep",
        "visibility": "invite_only",
        "purpose": "Find out what helps children sleep.",
        "partner_activities": "Meet once a month.",
        "ladder_step": "co_production",
        "hours_per_month": "3",
        "duration_months": "12",
        "where_and_when": "Online, Tuesdays at 8pm.",
        "pay_rate": str(people.rate.pk),
        "expenses_covered": ["childcare", "travel"],
        "input_use": "It shapes the study.",
        "outcome_promise": "We will write to you.",
        "outcome_due": "31/07/2027",
        "contact": str(people.organiser.pk),
        "contact_how": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def offer_url(people):
    return reverse("projects:offer_edit", args=[people.project.pk])


def test_the_editor_shows_the_check_of_what_is_there(client, people, offer_url):
    client.force_login(people.organiser)
    html = client.get(offer_url).content.decode()
    assert 'id="writing-check"' in html and "Check my writing" in html
    assert "Reading age" in html
    assert 'data-hx-post="' + offer_url + '"' in html  # live with htmx
    assert "django_htmx/htmx-2.min.js" in html


def test_check_without_javascript_keeps_what_was_typed_and_saves_nothing(client, people, offer_url):
    client.force_login(people.organiser)
    response = client.post(offer_url, offer_post(people, purpose=HARD, title="", writing_check="check"))
    assert response.status_code == 200
    html = response.content.decode()
    # The panel, with the score and the things to look at.
    assert "Hard to read" in html
    assert "This sentence has 35 words" in html
    assert "“dissemination”: try “sharing what the work found”" in html
    assert "Say what “PPI” means the first time: patient and public involvement (PPI)." in html
    assert "“will be consulted” does not say who does it" in html
    assert "“prior to”: try “before”" in html
    # What was typed is kept, nothing is saved, and the empty title is not complained about yet.
    assert "methodological considerations" in html
    assert "govuk-error-summary" not in html and "Enter a name for the project" not in html
    people.project.refresh_from_db()
    assert people.project.purpose == "Find out what helps children sleep."
    assert people.project.title == "Better sleep"


def test_the_panel_links_each_finding_to_its_field(client, people, offer_url):
    client.force_login(people.organiser)
    html = client.post(
        offer_url, offer_post(people, purpose=HARD, outcome_promise="Talk to CAMHS.", writing_check="check")
    ).content.decode()
    assert 'href="#id_purpose"' in html and 'href="#id_outcome_promise"' in html


def test_live_check_with_htmx_returns_only_the_panel(client, people, offer_url):
    client.force_login(people.organiser)
    response = client.post(offer_url, offer_post(people, purpose=HARD, writing_check="live"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert "Hard to read" in html and "dissemination" in html
    assert 'id="writing-check-status" data-hx-swap-oob="innerHTML"' in html  # a short status for screen readers
    people.project.refresh_from_db()
    assert people.project.purpose == "Find out what helps children sleep."


def test_a_live_check_without_htmx_is_a_check_not_a_save(client, people, offer_url):
    client.force_login(people.organiser)
    response = client.post(offer_url, offer_post(people, purpose=HARD, writing_check="live"))
    assert response.status_code == 200 and "<form" in response.content.decode()
    people.project.refresh_from_db()
    assert people.project.purpose == "Find out what helps children sleep."


def test_saving_still_works_and_errors_still_show(client, people, offer_url):
    client.force_login(people.organiser)
    response = client.post(offer_url, offer_post(people, purpose="Find out what helps families sleep."))
    assert response.status_code == 302
    people.project.refresh_from_db()
    assert people.project.purpose == "Find out what helps families sleep."
    response = client.post(offer_url, offer_post(people, title="", purpose=HARD))
    html = response.content.decode()
    assert "Enter a name for the project" in html and "methodological considerations" in html
    assert "Hard to read" in html  # the advice comes back with the errors


def test_policy_asks_the_writer_to_confirm_they_read_the_advice(client, people, offer_url):
    services.writing_policy_set(actor=people.admin, organisation=people.organisation, require_confirmation=True)
    client.force_login(people.organiser)
    response = client.post(offer_url, offer_post(people, purpose=HARD))
    assert response.status_code == 200
    html = response.content.decode()
    assert "tick the box to say you have read it" in html
    assert 'href="#id_writing-confirmed"' in html  # in the error summary, linked to the box
    assert "methodological considerations" in html
    people.project.refresh_from_db()
    assert people.project.purpose == "Find out what helps children sleep."
    # Ticked: saved.
    response = client.post(offer_url, offer_post(people, purpose=HARD, **{"writing-confirmed": "on"}))
    assert response.status_code == 302
    people.project.refresh_from_db()
    assert people.project.purpose == HARD


def test_policy_does_not_ask_when_there_is_nothing_to_change(client, people, offer_url):
    services.writing_policy_set(actor=people.admin, organisation=people.organisation, require_confirmation=True)
    client.force_login(people.organiser)
    response = client.post(offer_url, offer_post(people, purpose="We want to find out what helps children sleep."))
    assert response.status_code == 302


def test_the_organisations_own_words_are_pointed_out(client, people, offer_url):
    services.organisation_term_add(
        actor=people.organiser, organisation=people.organisation, term="Hub", plain="the family centre"
    )
    client.force_login(people.organiser)
    html = client.post(
        offer_url, offer_post(people, purpose="Meet us at the hub.", writing_check="check")
    ).content.decode()
    assert "“hub”: try “the family centre”" in html and "from your organisation’s list" in html


def test_message_editor_check_then_send(client, people):
    url = reverse("projects:announce", args=[people.project.pk])
    client.force_login(people.organiser)
    assert "Check my writing" in client.get(url).content.decode()
    data = {"subject": "Our next meeting", "body": "We will look at the cohort data."}
    checked = client.post(url, {**data, "writing_check": "check"})
    assert checked.status_code == 200 and "“cohort”: try" in checked.content.decode()
    assert not Announcement.objects.exists()
    live = client.post(url, {**data, "writing_check": "live"}, HTTP_HX_REQUEST="true")
    assert "<form" not in live.content.decode() and "cohort" in live.content.decode()
    # Checking an empty message does not complain that it is empty.
    empty = client.post(url, {"subject": "", "body": "", "writing_check": "check"}).content.decode()
    assert "Enter your message" not in empty and "When you have written something" in empty
    sent = client.post(url, data)
    assert sent.status_code == 302 and Announcement.objects.count() == 1


@pytest.mark.parametrize("who", ["partner", "professional", "finance"])
def test_only_organisers_can_check_in_the_editors(client, people, who):
    client.force_login(getattr(people, who))
    for name in ("projects:offer_edit", "projects:announce"):
        url = reverse(name, args=[people.project.pk])
        assert client.post(url, {"writing_check": "live"}, HTTP_HX_REQUEST="true").status_code == 403


def test_outsiders_cannot_find_the_editors(client, people):
    client.force_login(people.outsider)
    url = reverse("projects:offer_edit", args=[people.project.pk])
    assert client.post(url, {"writing_check": "live"}, HTTP_HX_REQUEST="true").status_code == 404


def test_what_was_typed_is_escaped_in_the_panel(client, people, offer_url):
    client.force_login(people.organiser)
    evil = '<script>alert("x")</script> We will study a cohort. <img src=x onerror=alert(1)>'
    html = client.post(offer_url, offer_post(people, purpose=evil, writing_check="check")).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_draft_projects_can_be_checked_too(client, people):
    from roundtable.projects import services as project_services

    draft = project_services.project_create(
        actor=people.organiser, organisation=people.organisation, title="New", visibility=Project.Visibility.OPEN
    )
    client.force_login(people.organiser)
    html = client.get(reverse("projects:offer_edit", args=[draft.pk])).content.decode()
    assert "Check my writing" in html


def test_glossary_fills_in_the_hook_that_lower_apps_use(rf, people):
    from roundtable.glossary.writing import WritingCheck
    from roundtable.lib.writing import writing_check_for
    from roundtable.projects.forms import AnnouncementForm

    request = rf.get("/")
    check = writing_check_for(request, AnnouncementForm(), fields=["subject", "body"], project=people.project)
    assert isinstance(check, WritingCheck) and check.available


def test_the_panel_never_says_easy_to_read_above_a_list_of_problems(client, people, offer_url):
    """A low reading age with jargon and acronyms in every sentence is not "Easy to read" (issue 13)."""
    client.force_login(people.organiser)
    purpose = (
        "We will meet the cohort. We want to upskill you. Tell the PPI lead. "
        "Read the KPI list. Help the stakeholders. We will leverage it."
    )
    html = client.post(offer_url, offer_post(people, purpose=purpose, writing_check="check")).content.decode()
    assert "things to look at" in html
    assert "Easy to read" not in html and "Hard to read" in html
    plain = client.post(
        offer_url, offer_post(people, purpose="We will pay you for your time.", writing_check="check")
    ).content.decode()
    assert "Nothing to change. Well done." in plain and "Easy to read" in plain
