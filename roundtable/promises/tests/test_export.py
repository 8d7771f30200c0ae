"""An organisation takes everything it holds away: CSV and JSON in one zip, its own rows only, anonymity kept."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from roundtable.audit.models import AuditEvent
from roundtable.decisions.tests.factories import ProposalFactory
from roundtable.feedback.models import Anonymity
from roundtable.feedback.tests.factories import BoardFactory, FeedbackFactory, NoteFactory
from roundtable.notifications.models import Message
from roundtable.projects.audit_scope import path_to_organisation
from roundtable.projects.tests.factories import ProjectFactory
from roundtable.promises import services
from roundtable.promises.export import TABLES
from roundtable.promises.models import OrganisationExport


@pytest.fixture
def _download(client, people, django_capture_on_commit_callbacks):
    """Ask on the export page, let the worker build the zip (the tasks run at once in tests), open it."""

    def download(client=client, people=people) -> zipfile.ZipFile:
        client.force_login(people.admin)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("promises:organisation_export", args=[people.organisation.slug]))
        assert response.status_code == 302
        export = OrganisationExport.objects.filter(organisation=people.organisation).latest("pk")
        assert export.status == OrganisationExport.Status.READY
        response = client.get(
            reverse("promises:organisation_export_download", args=[people.organisation.slug, export.token])
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    return download


def _json(archive: zipfile.ZipFile, name: str) -> list[dict]:
    return json.loads(archive.read(f"{name}.json"))


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_table_reaches_its_organisation(table):
    assert path_to_organisation(apps.get_model(table.model)) is not None


def test_the_zip_holds_the_organisations_records_and_no_one_elses(people, _download):
    ProjectFactory(title="Another organisation's project")
    archive = _download()
    names = set(archive.namelist())
    for table in TABLES:
        assert {f"{table.name}.csv", f"{table.name}.json"} <= names
    assert {"people.csv", "people.json", "README.txt"} <= names
    titles = [p["title"] for p in _json(archive, "projects")]
    assert titles == ["Better sleep"]
    member_ids = {m["user_id"] for m in _json(archive, "members")}
    assert people.partner.pk in member_ids and people.outsider.pk not in member_ids
    people_rows = {p["id"]: p for p in _json(archive, "people")}
    assert people_rows[people.partner.pk]["full_name"] == people.partner.full_name
    assert people.outsider.pk not in people_rows
    rows = list(csv.reader(io.StringIO(archive.read("projects.csv").decode())))
    assert rows[0][0] == "id" and rows[1][rows[0].index("title")] == "Better sleep"
    event = AuditEvent.objects.get(action="organisation.exported")
    assert event.actor == people.admin and event.organisation_id == people.organisation.pk
    assert event.details["rows"]["projects"] == 1


def test_anonymous_feedback_and_ballots_stay_unlinked(people, _download):
    board = BoardFactory(project=people.project, anonymity=Anonymity.ANONYMOUS)
    NoteFactory(board=board, author=people.partner, text="Nobody knows I wrote this")
    FeedbackFactory(project=people.project, text="Said through the secret link")
    proposal = ProposalFactory(
        project=people.project, anonymous=True, partner_votes=[people.partner, people.professional]
    )
    archive = _download()
    note = next(n for n in _json(archive, "notes") if n["text"] == "Nobody knows I wrote this")
    assert note["author_id"] is None
    said = _json(archive, "anonymous_feedback")
    assert [f["text"] for f in said] == ["Said through the secret link"]
    assert all("person" not in key and "user" not in key for f in said for key in f)
    ballots = [b for b in _json(archive, "anonymous_ballots") if b["proposal_id"] == proposal.pk]
    assert len(ballots) == 2 and all(set(b) == {"id", "proposal_id", "side", "choice", "reason"} for b in ballots)
    voted = [v for v in _json(archive, "has_voted") if v["proposal_id"] == proposal.pk]
    assert sorted(v["person_id"] for v in voted) == sorted([people.partner.pk, people.professional.pk])
    assert all("id" not in v for v in voted)  # no row order or id to line up with a ballot


def test_cells_that_look_like_formulas_are_made_safe(people, _download):
    from roundtable.projects.services import organisation_contact_update

    organisation_contact_update(
        actor=people.admin, organisation=people.organisation, phone="=1+2", postal_address="1 High Street"
    )
    archive = _download()
    rows = list(csv.reader(io.StringIO(archive.read("organisation.csv").decode())))
    assert rows[1][rows[0].index("phone")] == "'=1+2"
    assert _json(archive, "organisation")[0]["phone"] == "=1+2"  # JSON keeps the value as it is


def _ask(client, people) -> None:
    client.force_login(people.admin)
    response = client.post(reverse("promises:organisation_export", args=[people.organisation.slug]))
    assert response.status_code == 302


def test_the_page_only_asks_the_worker_builds_and_the_admin_is_told(client, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _ask(client, people)
    export = OrganisationExport.objects.get(organisation=people.organisation)
    assert export.status == OrganisationExport.Status.WAITING and not export.archive  # nothing built in the request
    assert AuditEvent.objects.filter(
        action="organisation.export_requested", actor=people.admin, organisation_id=people.organisation.pk
    ).exists()
    assert not AuditEvent.objects.filter(action="organisation.exported").exists()
    for callback in callbacks:
        callback()  # the commit: the task is queued and (in tests) run at once
    export.refresh_from_db()
    assert export.status == OrganisationExport.Status.READY and export.counts["projects"] == 1 and export.size > 0
    assert export.expires_at == export.ready_at + dt.timedelta(days=settings.DATA_DOWNLOAD_DAYS)
    made = AuditEvent.objects.get(action="organisation.exported")
    assert made.actor == people.admin and made.details["rows"]["projects"] == 1
    message = Message.objects.get(idempotency_key=f"promises:export:{export.pk}:ready")
    link = reverse("promises:organisation_export_download", args=[people.organisation.slug, export.token])
    assert message.recipient_id == people.admin.pk and message.link_url.endswith(link)
    page = client.get(reverse("promises:organisation_export", args=[people.organisation.slug]))
    assert link in page.content.decode()
    assert client.get(link).status_code == 200
    assert AuditEvent.objects.filter(action="organisation.export_downloaded", actor=people.admin).count() == 1


def test_asking_twice_while_it_is_made_makes_one(client, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        _ask(client, people)
        _ask(client, people)
    assert OrganisationExport.objects.filter(organisation=people.organisation).count() == 1
    assert AuditEvent.objects.filter(action="organisation.export_requested").count() == 1
    export = OrganisationExport.objects.get()
    assert services.organisation_export_build(export_id=export.pk) == "built"
    assert services.organisation_export_build(export_id=export.pk) == "skipped"  # the task ran twice
    assert Message.objects.filter(idempotency_key=f"promises:export:{export.pk}:ready").count() == 1


def test_the_link_is_for_this_organisations_admins_until_it_runs_out(
    client, people, django_capture_on_commit_callbacks
):
    from roundtable.projects.tests.factories import OrganisationFactory

    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, people)
    export = OrganisationExport.objects.get()
    link = reverse("promises:organisation_export_download", args=[people.organisation.slug, export.token])
    for role, expected in (("organiser", 403), ("partner", 404), ("outsider", 404)):
        client.force_login(getattr(people, role))
        assert client.get(link).status_code == expected, role
    other = OrganisationFactory()
    client.force_login(other.staff.get().user)
    assert client.get(link).status_code == 404
    other_link = reverse("promises:organisation_export_download", args=[other.slug, export.token])
    assert client.get(other_link).status_code == 404  # their own organisation's address, our token
    client.force_login(people.admin)
    assert client.get(link + "x/").status_code == 404
    name = export.archive.name
    with time_machine.travel(export.expires_at + dt.timedelta(minutes=1), tick=False):
        assert client.get(link).status_code == 404
        with django_capture_on_commit_callbacks(execute=True):
            assert services.organisation_exports_tidy() == 1
        assert services.organisation_exports_tidy() == 0  # idempotent
    export.refresh_from_db()
    assert export.status == OrganisationExport.Status.EXPIRED and not export.archive
    assert not default_storage.exists(name)


def test_an_export_the_worker_lost_is_built_by_the_periodic_job(client, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        _ask(client, people)  # the task never runs
    export = OrganisationExport.objects.get()
    assert services.organisation_exports_tidy() == 0  # too soon to call it lost
    with time_machine.travel(timezone.now() + services.STUCK_AFTER + dt.timedelta(minutes=1), tick=False):
        assert services.organisation_exports_tidy() == 1
    export.refresh_from_db()
    assert export.status == OrganisationExport.Status.READY


def test_a_failed_build_is_recorded_and_the_admin_can_ask_again(
    client, people, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(organisation):
        raise OSError("disk full")

    monkeypatch.setattr(services, "zip_organisation", broken)
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, people)
    export = OrganisationExport.objects.get()
    assert export.status == OrganisationExport.Status.FAILED and export.error == "disk full"
    with django_capture_on_commit_callbacks(execute=False):
        _ask(client, people)
    assert OrganisationExport.objects.filter(status=OrganisationExport.Status.WAITING).count() == 1
