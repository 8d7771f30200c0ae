"""Progress updates, outcomes to every past and present member, nudges, pages and permissions."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.notifications.models import Message, OrganiserTask
from roundtable.notifications.text import MemoryProvider
from roundtable.projects.models import Project
from roundtable.updates import selectors, services
from roundtable.updates.models import Nudge, OutcomeRecipient
from roundtable.updates.tests.conftest import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _texts():
    MemoryProvider.reset()
    yield
    MemoryProvider.reset()


def publish_outcome(w, **kwargs):
    fields = {"title": "What we found", "found": "Routines help most.", "input_effect": "You chose what we measured."}
    return services.outcome_publish(actor=w.organiser, project=w.project, **{**fields, **kwargs})


def test_outcome_reaches_every_past_and_present_member_each_their_way(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = publish_outcome(world)

    recipients = {
        r.user.full_name: r for r in OutcomeRecipient.objects.filter(outcome=outcome).select_related("user", "message")
    }
    assert set(recipients) == {"Amira Hassan", "Joe Bennett", "Grace Williams", "Łucja Nowak"}
    assert recipients["Łucja Nowak"].member_status == "left"
    status = {name: (r.message.status, r.message.channel_used) for name, r in recipients.items()}
    for r in recipients.values():
        r.message.refresh_from_db()
    status = {name: (r.message.status, r.message.channel_used) for name, r in recipients.items()}
    assert status == {
        "Amira Hassan": ("sent", "text"),
        "Joe Bennett": ("to_call", "phone"),
        "Grace Williams": ("to_post", "letter"),
        "Łucja Nowak": ("sent", "email"),
    }
    assert "What your ideas and time did:" in recipients["Grace Williams"].message.body
    reach = selectors.outcome_reach(outcome=outcome)
    assert (reach.total, reach.reached, reach.left_members) == (4, 2, 1)
    # The organiser posts Grace's letter and phones Joe: now it has reached everyone.
    for task in OrganiserTask.objects.filter(assignee=world.organiser):
        from roundtable.notifications.services import task_complete

        task_complete(task=task, actor=world.organiser, result="posted" if task.kind == "post" else "spoke")
    assert selectors.outcome_reach(outcome=outcome).everyone_reached


def test_publishing_is_for_organisers_only(world):
    with pytest.raises(PermissionDenied):
        services.outcome_publish(actor=world.amira, project=world.project, title="x", found="y", input_effect="z")
    with pytest.raises(PermissionDenied):
        services.update_publish(actor=world.amira, project=world.project, title="x", body="y")


def test_an_update_goes_to_current_members_only(world):
    update = services.update_publish(actor=world.organiser, project=world.project, title="Month one", body="We met.")
    assert set(Message.objects.filter(idempotency_key__startswith=f"update:{update.pk}:").values_list(
        "recipient__full_name", flat=True)) == {"Amira Hassan", "Joe Bennett", "Grace Williams"}  # fmt: skip


@pytest.mark.parametrize("extra", [0, 25])
def test_outcome_reach_query_count_is_fixed(extra, django_assert_num_queries):
    w = build_world(extra_members=extra)
    outcome = publish_outcome(w)
    with django_assert_num_queries(4):
        reach = selectors.outcome_reach(outcome=outcome)
    assert reach.total == 4 + extra


def test_overdue_update_nudges_once_a_week_until_an_update_is_sent(world):
    published = timezone_date = world.project.published_at
    assert timezone_date is not None
    with time_machine.travel(published + dt.timedelta(days=31), tick=False) as clock:
        assert services.nudges_send_due() == 1
        assert services.nudges_send_due() == 0  # once a week
        clock.shift(dt.timedelta(days=3))
        assert services.nudges_send_due() == 0
        clock.shift(dt.timedelta(days=5))
        assert services.nudges_send_due() == 1
        nudges = list(Nudge.objects.filter(project=world.project, kind="update_overdue"))
        assert len(nudges) == 2 and all(n.organiser == world.organiser for n in nudges)
        assert nudges[0].message.subject == "Time for a progress update: Better sleep"
        services.update_publish(actor=world.organiser, project=world.project, title="At last", body="News.")
        assert not Nudge.objects.filter(resolved_at__isnull=True).exists()
        assert services.nudges_send_due() == 0


def test_outcome_nudges_before_and_after_the_promised_date(world):
    Project.objects.filter(pk=world.project.pk).update(outcome_due=dt.date(2026, 6, 30))
    services.cadence_set(actor=world.organiser, project=world.project, days=91)
    with time_machine.travel(dt.datetime(2026, 6, 10, 9, tzinfo=LONDON), tick=False) as clock:
        services.update_publish(actor=world.organiser, project=world.project, title="u", body="b")
        assert services.nudges_send_due() == 0
        clock.move_to(dt.datetime(2026, 6, 20, 9, tzinfo=LONDON))
        assert services.nudges_send_due() == 1  # due soon
        clock.move_to(dt.datetime(2026, 7, 1, 9, tzinfo=LONDON))
        assert services.nudges_send_due() == 1  # late
        clock.move_to(dt.datetime(2026, 7, 8, 9, tzinfo=LONDON))
        assert services.nudges_send_due() == 1  # still late, a week on
        publish_outcome(world)
        clock.move_to(dt.datetime(2026, 7, 15, 9, tzinfo=LONDON))
        assert services.nudges_send_due() == 0
    kinds = list(Nudge.objects.order_by("created_at").values_list("kind", flat=True))
    assert kinds == ["outcome_due_soon", "outcome_overdue", "outcome_overdue"]


def test_nudges_run_in_the_worker_sweep(world):
    from roundtable.lib import periodic

    with time_machine.travel(world.project.published_at + dt.timedelta(days=40), tick=False):
        results = {run.name: run.count for run in periodic.run_all(apps=["updates"])}
    assert results == {"updates.nudges": 1}


# --- Pages ---------------------------------------------------------------------------------------


def _urls(w, outcome, update):
    p = w.project.pk
    return {
        "list": reverse("updates:list", args=[p]),
        "update_new": reverse("updates:update_new", args=[p]),
        "cadence": reverse("updates:cadence", args=[p]),
        "update": reverse("updates:update", args=[p, update.pk]),
        "outcome_new": reverse("updates:outcome_new", args=[p]),
        "outcome": reverse("updates:outcome", args=[p, outcome.pk]),
    }


EXPECTED = {
    #              list update_new cadence update outcome_new outcome
    "organiser": (200, 200, 200, 200, 200, 200),
    "amira": (200, 403, 403, 200, 403, 200),
    "lucja": (404, 404, 404, 404, 404, 200),  # left, but still reads the outcome sent to her
    "outsider": (404, 404, 404, 404, 404, 404),
    "anonymous": (302, 302, 302, 302, 302, 302),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_permission_table(client, world, who):
    outcome = publish_outcome(world)
    update = services.update_publish(actor=world.organiser, project=world.project, title="u", body="b")
    if who != "anonymous":
        client.force_login(getattr(world, who))
    got = tuple(client.get(url).status_code for url in _urls(world, outcome, update).values())
    assert got == EXPECTED[who]


def test_organiser_publishes_outcome_and_sees_delivery_per_person(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("updates:outcome_new", args=[world.project.pk]),
            {
                "title": "What we found",
                "found": "Routines help.",
                "input_effect": "You chose the measures.",
                "final": "on",
            },
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    for name in ("Amira Hassan", "Joe Bennett", "Grace Williams", "Łucja Nowak"):
        assert name in page
    assert "Left" in page
    assert "Waiting to be posted" in page and "Waiting for a phone call" in page


def test_outcome_form_keeps_what_was_typed_and_says_what_is_missing(client, world):
    client.force_login(world.organiser)
    response = client.post(reverse("updates:outcome_new", args=[world.project.pk]), {"title": "Half done", "found": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please say what the project found or changed." in html
    assert 'value="Half done"' in html


def test_list_page_warns_about_an_overdue_update(client, world):
    with time_machine.travel(world.project.published_at + dt.timedelta(days=45), tick=False):
        client.force_login(world.organiser)
        html = client.get(reverse("updates:list", args=[world.project.pk])).content.decode()
    assert "A progress update was due on" in html


@pytest.mark.parametrize("path", ["list", "outcome"])
def test_page_query_counts_do_not_grow(client, path):
    counts = []
    for extra in (0, 20):
        with time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=LONDON)):
            w = build_world(extra_members=extra) if not counts else build_world2(extra)
        outcome = publish_outcome(w)
        for n in range(1 + extra // 4):
            services.update_publish(actor=w.organiser, project=w.project, title=f"u{n}", body="b")
        client.force_login(w.organiser)
        url = _urls(w, outcome, outcome)[path] if path == "outcome" else reverse("updates:list", args=[w.project.pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def build_world2(extra):
    from roundtable.accounts.models import User

    User.objects.all().delete()
    Project.objects.all().delete()
    from roundtable.projects.models import Organisation

    Organisation.objects.all().delete()
    return build_world(extra_members=extra)


def test_publishing_an_update_and_changing_how_often_are_audited(world):
    from roundtable.audit.models import AuditEvent

    update = services.update_publish(actor=world.organiser, project=world.project, title="Month one", body="We met.")
    services.cadence_set(actor=world.organiser, project=world.project, days=91)
    services.cadence_set(actor=world.organiser, project=world.project, days=91)  # no change: no second row
    published = AuditEvent.objects.get(action="updates.published")
    assert (published.actor, published.object_id, published.summary) == (world.organiser, str(update.pk), "Month one")
    assert AuditEvent.objects.get(action="updates.cadence_set").details == {"before": None, "days": 91}
