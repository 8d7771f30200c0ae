# ruff: noqa: F811 - the fixtures are imported from snapshot_fixtures, and tests take them by name
"""When a sign turns "at risk", the project's organisers and the organisation's co-production leads are told
once, their way, with the plain finding and the next action; nobody else is, and old nights stay quiet."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from roundtable.health import services
from roundtable.health.models import HealthSnapshot, Rating
from roundtable.health.services import snapshots_take_due
from roundtable.health.tests.snapshot_fixtures import cast, london, scripts  # noqa: F401
from roundtable.notifications.delivery import channels_for
from roundtable.notifications.models import DigestChoice, Message, MessageStatus
from roundtable.notifications.services import preference_set
from roundtable.projects import services as project_services
from roundtable.projects.models import StaffRole
from roundtable.projects.tests.factories import StaffMembershipFactory

pytestmark = pytest.mark.django_db


def night(day: int, month: int = 3) -> int:
    """Run the worker at 2am London on ``day`` (so the day before has just ended)."""
    with time_machine.travel(london(2027, month, day, 2), tick=False):
        return snapshots_take_due()


def alerts() -> list[Message]:
    return list(Message.objects.filter(kind="health_at_risk").select_related("recipient").order_by("pk"))


def told() -> list[str]:
    return sorted(m.recipient.email for m in alerts())


@override_settings(SITE_URL="https://roundtable.example")
def test_a_sign_turning_at_risk_tells_the_contact_and_the_lead_once_their_way(cast, scripts):
    night(22)  # 20 and 21 March, all good
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 22))
    night(23)
    assert told() == ["lena@example.com", "tom@example.com"]
    assert Message.objects.filter(kind="health_at_risk").count() == 2
    lena = next(m for m in alerts() if m.recipient == cast.lead)
    assert lena.subject == "Better sleep is at risk: Test sign 1"
    assert "Partners voted in 1 of 5 decisions." in lena.body
    assert "What to do next: Ask partners to vote" in lena.body
    assert lena.link_url == f"https://roundtable.example/projects/{cast.project.pk}/decisions/"
    assert lena.link_text == "Ask partners to vote"
    assert lena.idempotency_key == f"health:{cast.project.pk}:1:at_risk:2027-03-22:{cast.lead.pk}"
    assert lena.scope_organisation_id == cast.organisation.pk
    # Their way: no channel is forced, so Lena gets a text first, as she chose.
    assert lena.channels_override == []
    assert channels_for(lena) == ["text", "email"]


def test_nobody_else_is_told(cast, scripts):
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 21))
    night(22)
    emails = told()
    # Priya is an admin but neither the contact nor a lead; Sam does the money; Amira and Dr Lee are
    # partners; the outsider and the other organisation's lead have nothing to do with the project.
    for email in ("priya@example.com", "sam@example.com", "amira@example.com", "dr.lee@example.com"):
        assert email not in emails
    assert "nosy@example.com" not in emails and "other.lead@example.com" not in emails
    assert emails == ["lena@example.com", "tom@example.com"]


def test_an_admin_who_also_leads_is_told(cast, scripts):
    StaffMembershipFactory(organisation=cast.organisation, user=cast.admin, role=StaffRole.LEAD)
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 21))
    night(22)
    assert told() == ["lena@example.com", "priya@example.com", "tom@example.com"]


def test_when_the_contact_no_longer_organises_every_organiser_and_admin_is_told(cast, scripts):
    project_services.staff_roles_set(actor=cast.admin, organisation=cast.organisation, user=cast.organiser, roles=set())
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 21))
    night(22)
    assert told() == ["lena@example.com", "priya@example.com"]


def test_running_again_or_taking_the_night_again_sends_nothing_more(cast, scripts):
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 21))
    night(22)
    night(22)
    assert len(alerts()) == 2
    # Even if the night is taken again from scratch, the messages' keys keep each alert once.
    HealthSnapshot.objects.filter(taken_on=dt.date(2027, 3, 21)).delete()
    assert night(22) == 1
    assert len(alerts()) == 2


def test_staying_at_risk_is_told_once_and_slipping_back_again_is_told_again(cast, scripts):
    night(21)  # 20 March good
    scripts.first.from_day(dt.date(2027, 3, 21), Rating.AT_RISK, upto=dt.date(2027, 3, 23))
    for day in (22, 23, 24):
        night(day)
    assert len(alerts()) == 2  # told about 21 March only
    scripts.first.set(Rating.GOOD, dt.date(2027, 3, 24))
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 25))
    night(25)
    assert len(alerts()) == 2
    night(26)
    keys = [m.idempotency_key.split(":")[4] for m in alerts()]
    assert keys == ["2027-03-21", "2027-03-21", "2027-03-25", "2027-03-25"]


def test_needs_attention_is_not_an_alert_but_going_on_to_at_risk_is(cast, scripts):
    scripts.first.set(Rating.ATTENTION, dt.date(2027, 3, 21))
    night(22)
    assert alerts() == []
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 22))
    night(23)
    assert len(alerts()) == 2


def test_filling_in_missed_nights_sends_no_news_of_days_long_past(cast, scripts):
    night(21)  # 20 March good
    # The worker is down for four nights; sign 1 was at risk on 21 March only.
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 21))
    assert night(25) == 4
    assert alerts() == []


def test_a_sign_still_at_risk_after_missed_nights_is_told_once_from_the_day_it_began(cast, scripts):
    night(21)  # 20 March good
    scripts.first.from_day(dt.date(2027, 3, 22), Rating.AT_RISK, upto=dt.date(2027, 3, 24))
    night(25)
    # Nobody was told on the nights filled in; now it is still true, so they are told, from the day it began.
    assert [m.idempotency_key.split(":")[4] for m in alerts()] == ["2027-03-22", "2027-03-22"]


def test_a_backlog_worked_off_over_several_passes_is_told_once_it_reaches_the_last_night(cast, scripts, monkeypatch):
    monkeypatch.setattr(services, "MAX_PROJECT_DAYS_PER_PASS", 2)
    scripts.first.from_day(dt.date(2027, 3, 20), Rating.AT_RISK, upto=dt.date(2027, 3, 24))
    assert night(25) == 2  # 20 and 21 March: old nights, nobody is told yet
    assert night(25) == 2  # 22 and 23 March
    assert alerts() == []
    assert night(25) == 1  # 24 March, the night that has just ended: still at risk, since 20 March
    assert [m.idempotency_key.split(":")[4] for m in alerts()] == ["2027-03-20", "2027-03-20"]
    assert "It has said this since Saturday 20 March 2027." in alerts()[0].body
    night(26)
    assert len(alerts()) == 2


def test_someone_who_starts_to_lead_while_a_sign_stays_at_risk_is_told_the_next_night(cast, scripts):
    scripts.first.from_day(dt.date(2027, 3, 20), Rating.AT_RISK, upto=dt.date(2027, 3, 23))
    night(21)
    assert told() == ["lena@example.com", "tom@example.com"]
    StaffMembershipFactory(organisation=cast.organisation, user=cast.admin, role=StaffRole.LEAD)
    night(22)
    assert told() == ["lena@example.com", "priya@example.com", "tom@example.com"]
    night(23)
    assert len(alerts()) == 3


def test_the_first_snapshot_of_a_project_at_risk_tells_people(cast, scripts):
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 20))
    night(21)
    assert len(alerts()) == 2


@override_settings(SITE_URL="https://roundtable.example")
def test_a_sign_with_no_action_links_to_the_project_health_check(cast, scripts):
    scripts.second.set(Rating.AT_RISK, dt.date(2027, 3, 20))
    night(21)
    message = alerts()[0]
    assert message.subject == "Better sleep is at risk: Test sign 2"
    assert message.link_url == f"https://roundtable.example/projects/{cast.project.pk}/health/"
    assert message.link_text == "Open the health check"
    assert "Open the health check to see what to do next." in message.body


def test_two_signs_at_risk_the_same_night_are_two_messages_each(cast, scripts):
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 20))
    scripts.second.set(Rating.AT_RISK, dt.date(2027, 3, 20))
    night(21)
    assert sorted(m.subject for m in alerts()) == [
        "Better sleep is at risk: Test sign 1",
        "Better sleep is at risk: Test sign 1",
        "Better sleep is at risk: Test sign 2",
        "Better sleep is at risk: Test sign 2",
    ]


def test_someone_who_chose_a_daily_round_up_gets_the_alert_in_it(cast, scripts):
    preference_set(user=cast.lead, actor=cast.lead, digest=DigestChoice.DAILY)
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 20))
    night(21)
    statuses = {m.recipient.email: m.status for m in alerts()}
    assert statuses == {"lena@example.com": MessageStatus.HELD, "tom@example.com": MessageStatus.QUEUED}


def test_an_alert_still_waiting_for_a_round_up_is_withdrawn_when_the_sign_gets_better(cast, scripts):
    preference_set(user=cast.lead, actor=cast.lead, digest=DigestChoice.WEEKLY)
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 20))
    night(21)
    Message.objects.filter(kind="health_at_risk", recipient=cast.organiser).update(status=MessageStatus.SENT)
    night(22)  # 21 March: good again
    statuses = {m.recipient.email: m.status for m in alerts()}
    # Tom had his already; Lena's weekly round-up will not bring old news.
    assert statuses == {"lena@example.com": MessageStatus.WITHDRAWN, "tom@example.com": MessageStatus.SENT}
    lena = next(m for m in alerts() if m.recipient == cast.lead)
    assert lena.stop_reason == "It got better before we sent this."
    # Slipping back is a new stretch: its alert is not caught by the old withdrawal.
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 22))
    night(23)
    fresh = [m for m in alerts() if m.idempotency_key.split(":")[4] == "2027-03-22"]
    assert {m.recipient.email: m.status for m in fresh} == {
        "lena@example.com": MessageStatus.HELD,
        "tom@example.com": MessageStatus.QUEUED,
    }


def test_a_sign_that_stays_at_risk_keeps_its_waiting_alert(cast, scripts):
    preference_set(user=cast.lead, actor=cast.lead, digest=DigestChoice.WEEKLY)
    scripts.first.from_day(dt.date(2027, 3, 20), Rating.AT_RISK, upto=dt.date(2027, 3, 21))
    scripts.second.set(Rating.AT_RISK, dt.date(2027, 3, 20))
    night(21)
    night(22)  # sign 1 still at risk; sign 2 good again
    statuses = {(m.recipient.email, m.topic.split(":")[2]): m.status for m in alerts()}
    assert statuses[("lena@example.com", "1")] == MessageStatus.HELD
    assert statuses[("lena@example.com", "2")] == MessageStatus.WITHDRAWN
