"""The privacy notices say what the product really does, from its settings, and the admin's words add to them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from roundtable.audit.models import AuditEvent
from roundtable.projects.tests.factories import OrganisationFactory
from roundtable.promises import notice
from roundtable.promises.services import notice_words_set

EVIL = "<script>alert('x')</script> & <b>bold</b>"


def _text(response) -> str:
    return response.content.decode()


def test_platform_notice_prints_the_retention_settings(client, settings):
    kinds = {kind: dict(rule) for kind, rule in settings.RETENTION.items()}
    kinds["messages"]["days"] = 100
    kinds["payments"]["days"] = 7 * 365
    kinds["left_profiles"]["days"] = 730
    settings.RETENTION = kinds
    page = _text(client.get("/privacy/"))
    assert "Messages to you and from you: 100 days." in page
    assert "Claims, receipts and payments: 7 years from the day they were paid" in page
    assert "stop signing in: 2 years." in page
    assert 'href="/my-data/"' in page  # the right to a copy and to deletion, where to use it


def test_text_messages_are_named_only_when_a_text_service_is_on(client, settings):
    settings.TEXT_BACKEND = "notify"
    assert "GOV.UK Notify" in _text(client.get("/privacy/"))
    settings.TEXT_BACKEND = "off"
    assert "GOV.UK Notify" not in _text(client.get("/privacy/"))


def test_payment_data_is_in_an_organisations_notice_only_if_it_pays(client, people):
    paying = _text(client.get(reverse("promises:organisation_privacy", args=[people.organisation.slug])))
    assert "Claims, receipts and payments" in paying
    assert "Finance staff see your claims" in paying
    unpaid = OrganisationFactory(name="Village carers' group")
    page = _text(client.get(reverse("promises:organisation_privacy", args=[unpaid.slug])))
    assert "Claims, receipts and payments" not in page
    assert "Finance staff" not in page
    assert "Village carers&#x27; group runs projects here" in page  # the organisation is the controller


def test_the_admins_words_add_to_the_facts_and_are_escaped(client, people):
    organisation = people.organisation
    changed = notice_words_set(
        actor=people.admin,
        organisation=organisation,
        words={"who_sees": f"Our data officer is Ann. {EVIL}", "more": "We delete recordings after a week."},
        more_heading="Recordings",
    )
    assert changed == 2
    page = _text(client.get(reverse("promises:organisation_privacy", args=[organisation.slug])))
    assert "Our data officer is Ann." in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "Other members see only the name you chose" in page  # the facts stay visible
    assert "Recordings" in page and "We delete recordings after a week." in page
    event = AuditEvent.objects.get(action="privacy.notice_changed")
    assert event.organisation_id == organisation.pk and event.details["sections"] == ["who_sees", "more"]
    # The same words again change nothing and write no second row; empty words remove them.
    again = notice_words_set(
        actor=people.admin, organisation=organisation, words={"who_sees": f"Our data officer is Ann. {EVIL}"}
    )
    assert again == 0 and AuditEvent.objects.filter(action="privacy.notice_changed").count() == 1
    notice_words_set(actor=people.admin, organisation=organisation, words={"who_sees": ""})
    page = _text(client.get(reverse("promises:organisation_privacy", args=[organisation.slug])))
    assert "Our data officer" not in page


@pytest.mark.parametrize("role", ["organiser", "finance", "partner", "outsider"])
def test_only_the_admin_may_change_the_notice(people, role):
    with pytest.raises(PermissionDenied):
        notice_words_set(actor=getattr(people, role), organisation=people.organisation, words={"who": "Hi"})


def test_the_edit_form_saves_and_keeps_what_was_typed_when_too_long(client, people):
    client.force_login(people.admin)
    url = reverse("promises:organisation_privacy_edit", args=[people.organisation.slug])
    too_long = "word " * 1001
    response = client.post(url, {"words_who": "Short words.", "words_rights": too_long})
    assert response.status_code == 400
    assert "Short words." in _text(response) and "too long" in _text(response)
    response = client.post(url, {"words_who": "Short words."})
    assert response.status_code == 302
    assert "Short words." in _text(
        client.get(reverse("promises:organisation_privacy", args=[people.organisation.slug]))
    )


def test_days_in_words():
    assert notice.days_in_words(365) == "1 year"
    assert notice.days_in_words(730) == "2 years"
    assert notice.days_in_words(90) == "90 days"
