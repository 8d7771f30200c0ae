"""Download my data: asked on /my-data/, built by the worker, sent through the person's own channel."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from roundtable.accounts.tests.factories import person
from roundtable.audit.models import AuditEvent
from roundtable.notifications.letter_parts import parts_for
from roundtable.notifications.models import Message
from roundtable.projects.tests.factories import MembershipFactory
from roundtable.yourdata import services
from roundtable.yourdata.models import DataRequest
from roundtable.yourdata.plan import export_files
from roundtable.yourdata.tests.world import LUCJA, lucja_world

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ask(user, django_capture_on_commit_callbacks) -> DataRequest:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(user).post("/my-data/ask/")
    assert response.status_code == 302
    return DataRequest.objects.filter(person=user).latest("pk")


def open_zip(user, request: DataRequest) -> zipfile.ZipFile:
    response = client_for(user).get(f"/my-data/download/{request.token}/")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_lucja_gets_everything_that_points_to_her(django_capture_on_commit_callbacks):
    w = lucja_world()
    request = ask(w.lucja, django_capture_on_commit_callbacks)
    assert request.status == DataRequest.Status.READY
    archive = open_zip(w.lucja, request)
    names = set(archive.namelist())
    assert {f"{kind}.json" for kind in export_files()} <= names
    assert {"summary.html", "summary.pdf", "README.txt"} <= names
    data = {kind: json.loads(archive.read(f"{kind}.json")) for kind in export_files()}
    assert data["profile"]["rows"][0]["full_name"] == LUCJA["full_name"]
    assert data["communication_profile"]["rows"][0]["phone"] == LUCJA["phone"]
    assert data["claims"]["rows"][0]["activity"].startswith("Childcare for")
    assert len(data["votes"]["rows"]) == 1 and data["votes"]["rows"][0]["reason"] == "Because."
    assert data["check_in_answers"]["rows"][0]["feeling_text"].startswith("I am ")
    assert data["barriers"]["rows"] and data["notes"]["rows"] and data["contributions"]["rows"]
    assert data["naming_choices"]["rows"][0]["naming"] == "full_name"
    assert any(r["subject"] == "Your claim" for r in data["messages"]["rows"])
    assert not any("sent a claim" in r["subject"] for r in data["messages"]["rows"])  # Tom's message, not hers
    viewed = [r for r in data["audit_about_you"]["rows"] if r["action"] == "profile.viewed"]
    assert viewed and viewed[0]["actor__full_name"] == "Tom Reid"
    assert data["messages"]["schema_version"] == 1 and "subject" in data["messages"]["fields"]
    receipts = [n for n in names if n.startswith("files/claims/")]
    assert len(receipts) == 1 and archive.read(receipts[0]).startswith(b"\x89PNG")
    summary = archive.read("summary.html").decode()
    assert LUCJA["full_name"] in summary and "Your claims for time and expenses" in summary
    assert "<b>please</b>" not in summary and "&lt;b&gt;please&lt;/b&gt;" in summary
    assert archive.read("summary.pdf").startswith(b"%PDF")
    # Told through her own channel, with a link that works only for her.
    message = Message.objects.get(idempotency_key=f"yourdata:{request.pk}:ready")
    assert message.recipient_id == w.lucja.pk and message.link_url.endswith(f"/my-data/download/{request.token}/")
    assert AuditEvent.objects.filter(action="yourdata.requested", subject=w.lucja).exists()


def test_anonymous_ballots_are_not_in_anyones_download(django_capture_on_commit_callbacks):
    from roundtable.decisions.tests.factories import ProposalFactory

    w = lucja_world()
    secret = ProposalFactory(project=w.project, anonymous=True, question="A secret one?", partner_votes=[w.lucja])
    archive = open_zip(w.lucja, ask(w.lucja, django_capture_on_commit_callbacks))
    votes = json.loads(archive.read("votes.json"))["rows"]
    took_part = json.loads(archive.read("decisions_you_took_part_in.json"))["rows"]
    assert all(v["proposal__question"] != secret.question for v in votes)
    assert any(t["proposal__question"] == secret.question for t in took_part)  # that she voted, not how


def test_only_the_person_can_download_and_only_until_it_runs_out(django_capture_on_commit_callbacks, settings):
    w = lucja_world()
    request = ask(w.lucja, django_capture_on_commit_callbacks)
    url = f"/my-data/download/{request.token}/"
    for other in (w.partner, w.organiser, w.admin):
        assert client_for(other).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to sign in
    assert client_for(w.lucja).get(url).status_code == 200
    later = timezone.now() + dt.timedelta(days=settings.DATA_DOWNLOAD_DAYS, minutes=1)
    with time_machine.travel(later, tick=False):
        assert client_for(w.lucja).get(url).status_code == 404


def test_asking_twice_while_it_is_made_gives_one_request():
    w = lucja_world()
    first = services.data_request_create(person=w.lucja, actor=w.lucja)
    again = services.data_request_create(person=w.lucja, actor=w.lucja)
    assert first.pk == again.pk
    assert services.data_request_build(request_id=first.pk) == "built"
    assert services.data_request_build(request_id=first.pk) == "skipped"
    assert Message.objects.filter(kind="yourdata.ready").count() == 1


def test_grace_gets_her_summary_by_post(django_capture_on_commit_callbacks):
    w = lucja_world()
    grace = person(
        None, "Grace Okonkwo", uses_web=False, channels=["letter"], postal_address="12 Elm Road\nLeeds\nLS1 1AA"
    )
    MembershipFactory(project=w.project, user=grace, joined="proxy", invited_by=w.organiser)
    request = services.data_request_create(person=grace, actor=w.admin)
    services.data_request_build(request_id=request.pk)
    message = Message.objects.get(idempotency_key=f"yourdata:{request.pk}:ready")
    assert message.link_url == ""
    enclosures = parts_for(message).enclosures
    assert [e.kind for e in enclosures] == ["pdf"] and enclosures[0].load().startswith(b"%PDF")
    assert AuditEvent.objects.get(action="yourdata.requested", subject=grace).by_proxy


def test_the_page_shows_requests_and_what_goes_and_stays(django_capture_on_commit_callbacks):
    w = lucja_world()
    ask(w.lucja, django_capture_on_commit_callbacks)
    page = client_for(w.lucja).get("/my-data/").content.decode()
    assert "Download your data" in page and "Delete my account" in page
    assert "Your answers after meetings" in page  # goes
    assert "Money paid to you (7 years)" in page  # kept by law
    assert "/my-data/" in client_for(w.lucja).get("/profile/").content.decode()


def test_a_request_whose_task_was_lost_is_built_by_the_periodic_job():
    w = lucja_world()
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=30), tick=False):
        request = DataRequest.objects.create(person=w.lucja, asked_by=w.lucja)
    fresh = DataRequest.objects.create(person=w.partner, asked_by=w.partner)
    assert services.data_requests_build_stuck() == 1
    request.refresh_from_db()
    fresh.refresh_from_db()
    assert (request.status, fresh.status) == (DataRequest.Status.READY, DataRequest.Status.WAITING)
    assert services.data_requests_build_stuck() == 0


def test_the_summary_writes_times_of_day_dates_and_moments():
    from roundtable.yourdata.export import _cell

    assert _cell(dt.time(20, 0)) == "20:00"  # a contact time: Amira's demo profile broke the download once
    assert _cell(dt.date(2026, 3, 1)) == "2026-03-01"
    assert _cell(dt.datetime(2026, 3, 1, 9, 30, 15, tzinfo=dt.UTC)) == "2026-03-01 09:30+00:00"
