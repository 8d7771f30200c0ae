"""Everything an organisation holds, as CSV and JSON in one zip (``/organisations/<slug>/export/``).

One table per kind of record (``TABLES``): each is read with the chain of foreign keys that leads from
the model to its organisation (``projects.audit_scope.path_to_organisation``), so only this
organisation's rows are taken. People appear as ids, with one ``people`` table (id, name, email) of the
people those ids name. Anonymity holds: anonymous notes and the anonymous form have no author;
anonymous ballots carry no person and are sorted by their random id, and "has voted" rows carry no id
and are sorted by person, so no one can line a ballot up with a voter.

The zip is written to a temporary file that stays in memory up to 10 MB and goes to disk past that;
rows are read in chunks, so a large organisation does not fill the memory. ``zip_organisation`` returns
the file and the number of rows per table.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.db import models

from roundtable.lib.spreadsheet import safe_cell
from roundtable.projects.audit_scope import path_to_organisation


@dataclass(frozen=True)
class Table:
    """One file pair in the zip. ``model``: "app.Model"; ``order``: how rows are sorted; ``leave_out``:
    fields never exported (secrets, or what would link an anonymous row to a person)."""

    name: str
    model: str
    order: tuple[str, ...] = ("pk",)
    leave_out: tuple[str, ...] = ()


TABLES: tuple[Table, ...] = (
    Table("organisation", "projects.Organisation"),
    Table("staff", "projects.StaffMembership"),
    Table("pay_rates", "projects.PayRate"),
    Table("projects", "projects.Project"),
    Table("project_steps", "projects.ProjectStep"),
    Table("milestones", "projects.Milestone"),
    Table("members", "projects.Membership"),
    Table("invitations", "projects.Invitation", leave_out=("token",)),
    Table("announcements", "projects.Announcement"),
    Table("meetings", "meetings.Meeting"),
    Table("agenda_items", "meetings.AgendaItem"),
    Table("papers", "meetings.Paper"),
    Table("attendance", "meetings.Attendance"),
    Table("proposals", "decisions.Proposal"),
    Table("proposal_options", "decisions.Option"),
    Table("votes", "decisions.Vote"),
    Table("anonymous_ballots", "decisions.Ballot", order=("id",)),
    Table("has_voted", "decisions.HasVoted", order=("person_id", "side"), leave_out=("id",)),
    Table("claims", "payments.Claim", leave_out=("submission_key",)),
    Table("payment_runs", "payments.PaymentRun"),
    Table("ledger", "payments.LedgerEntry"),
    Table("statements", "payments.Statement"),
    Table("contributions", "credits.Contribution"),
    Table("outputs", "credits.Output"),
    Table("output_credits", "credits.OutputCredit"),
    Table("boards", "feedback.Board"),
    Table("notes", "feedback.Note"),
    Table("themes", "feedback.Theme"),
    Table("anonymous_feedback", "feedback.Feedback"),
    Table("check_ins", "feedback.CheckIn"),
    Table("check_in_answers", "feedback.CheckInAnswer"),
    Table("barriers", "feedback.Barrier"),
    Table("you_said_we_did", "feedback.Response"),
)


def table_fields(table: Table) -> list[models.Field]:
    """The model's own columns that go in the export, in the model's order."""
    model = apps.get_model(table.model)
    leave_out = set(table.leave_out)
    return [f for f in model._meta.concrete_fields if f.name not in leave_out and f.attname not in leave_out]


def table_rows(table: Table, organisation) -> models.QuerySet:
    """This organisation's rows of one table, as dicts of column -> value, in the table's order."""
    model: type[models.Model] = apps.get_model(table.model)
    path = path_to_organisation(model)
    if path is None:
        raise LookupError(f"{table.model} has no link to an organisation.")
    where = {"pk": organisation.pk} if not path else {"__".join(path): organisation.pk}
    columns = [f.attname for f in table_fields(table)]
    return model._base_manager.filter(**where).order_by(*table.order).values(*columns)


def _plain(value: Any) -> Any:
    """A value JSON can hold: times and dates as ISO text, money as text, ids as text."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def _cell(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    return safe_cell(value)


def _person_columns() -> list[str]:
    return ["id", "full_name", "email"]


def zip_organisation(organisation) -> tuple[IO[bytes], dict[str, int]]:
    """The zip (a file positioned at its start) and the rows written per table, people included.

    Each table is ``<name>.csv`` (spreadsheet-safe cells) and ``<name>.json`` (a list of objects);
    ``README.txt`` says what the files are. Queries: one per table, plus one for the people.
    """
    user_label = settings.AUTH_USER_MODEL.lower()
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)  # noqa: SIM115 - returned open
    counts: dict[str, int] = {}
    people: set[int] = set()
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            fields = table_fields(table)
            columns = [f.attname for f in fields]
            person_columns = [
                f.attname
                for f in fields
                if f.is_relation and f.related_model is not None and f.related_model._meta.label_lower == user_label
            ]
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(columns)
            objects = []
            for row in table_rows(table, organisation).iterator(chunk_size=2000):
                writer.writerow([_cell(row[c]) for c in columns])
                objects.append({c: _plain(row[c]) for c in columns})
                people.update(row[c] for c in person_columns if row[c] is not None)
            archive.writestr(f"{table.name}.csv", text.getvalue())
            archive.writestr(f"{table.name}.json", json.dumps(objects, ensure_ascii=False, indent=1))
            counts[table.name] = len(objects)
        user_model = apps.get_model(settings.AUTH_USER_MODEL)
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(_person_columns())
        objects = []
        for row in user_model.objects.filter(pk__in=sorted(people)).order_by("pk").values(*_person_columns()):
            writer.writerow([_cell(row[c]) for c in _person_columns()])
            objects.append({c: _plain(row[c]) for c in _person_columns()})
        archive.writestr("people.csv", text.getvalue())
        archive.writestr("people.json", json.dumps(objects, ensure_ascii=False, indent=1))
        counts["people"] = len(objects)
        archive.writestr("README.txt", _readme(organisation, counts))
    spool.seek(0)
    return spool, counts


def _readme(organisation, counts: dict[str, int]) -> str:
    lines = [
        f"Everything {organisation.name} holds on Roundtable.",
        "Each kind of record is in two files: a .csv for spreadsheets and a .json for other programs.",
        "People are shown by number; people.csv gives each number's name and email.",
        "Feedback given without a name, and anonymous votes, are not linked to anyone.",
        "",
    ]
    lines += [f"{name}: {count} rows" for name, count in counts.items()]
    return "\n".join(lines) + "\n"
