"""An organisation takes everything it holds away: CSV and JSON in one zip, its own rows only, anonymity kept."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.urls import reverse

from roundtable.audit.models import AuditEvent
from roundtable.decisions.tests.factories import ProposalFactory
from roundtable.feedback.models import Anonymity
from roundtable.feedback.tests.factories import BoardFactory, FeedbackFactory, NoteFactory
from roundtable.projects.audit_scope import path_to_organisation
from roundtable.projects.tests.factories import ProjectFactory
from roundtable.promises.export import TABLES


def _download(client, people) -> zipfile.ZipFile:
    client.force_login(people.admin)
    response = client.post(reverse("promises:organisation_export", args=[people.organisation.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _json(archive: zipfile.ZipFile, name: str) -> list[dict]:
    return json.loads(archive.read(f"{name}.json"))


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_table_reaches_its_organisation(table):
    assert path_to_organisation(apps.get_model(table.model)) is not None


def test_the_zip_holds_the_organisations_records_and_no_one_elses(client, people):
    ProjectFactory(title="Another organisation's project")
    archive = _download(client, people)
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


def test_anonymous_feedback_and_ballots_stay_unlinked(client, people):
    board = BoardFactory(project=people.project, anonymity=Anonymity.ANONYMOUS)
    NoteFactory(board=board, author=people.partner, text="Nobody knows I wrote this")
    FeedbackFactory(project=people.project, text="Said through the secret link")
    proposal = ProposalFactory(
        project=people.project, anonymous=True, partner_votes=[people.partner, people.professional]
    )
    archive = _download(client, people)
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


def test_cells_that_look_like_formulas_are_made_safe(client, people):
    from roundtable.projects.services import organisation_contact_update

    organisation_contact_update(
        actor=people.admin, organisation=people.organisation, phone="=1+2", postal_address="1 High Street"
    )
    archive = _download(client, people)
    rows = list(csv.reader(io.StringIO(archive.read("organisation.csv").decode())))
    assert rows[1][rows[0].index("phone")] == "'=1+2"
    assert _json(archive, "organisation")[0]["phone"] == "=1+2"  # JSON keeps the value as it is
