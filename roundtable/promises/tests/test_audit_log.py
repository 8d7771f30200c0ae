"""The organisation's audit log: only its own rows, filtered, paged by keyset, CSV, and reading it is audited."""

from __future__ import annotations

import csv
import datetime as dt
import io

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.audit.models import AuditEvent
from roundtable.audit.services import audit_record
from roundtable.projects.tests.factories import ProjectFactory
from roundtable.promises.selectors import decode_cursor, encode_cursor

LONDON_NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def _url(people, **query) -> str:
    base = reverse("promises:audit_log", args=[people.organisation.slug])
    if query:
        from urllib.parse import urlencode

        base += "?" + urlencode(query)
    return base


def _bulk(organisation_id: int, n: int, *, actor=None, kind: str = "payments", start=LONDON_NOON):
    """Many rows at once, written directly (the services would take minutes for this many)."""
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                organisation_id=organisation_id,
                actor=actor,
                action=f"{kind}.something",
                kind=kind,
                summary=f"row {i}",
                created_at=start - dt.timedelta(minutes=i),
            )
            for i in range(n)
        ]
    )
    # auto_now_add overrides created_at on create; put the times back.
    for i, pk in enumerate(
        AuditEvent.objects.filter(organisation_id=organisation_id, kind=kind)
        .order_by("id")
        .values_list("pk", flat=True)
    ):
        AuditEvent.objects.filter(pk=pk).update(created_at=start - dt.timedelta(minutes=i))


def test_rows_written_by_the_services_carry_their_organisation(people):
    other = ProjectFactory(title="Somewhere else")
    mine = AuditEvent.objects.filter(organisation_id=people.organisation.pk)
    actions = set(mine.values_list("action", flat=True))
    assert {"organisation.created", "project.created", "project.published"} <= actions
    assert "invitation.sent" in actions or "membership.added_by_proxy" in actions or "staff.roles_changed" in actions
    theirs = AuditEvent.objects.filter(organisation_id=other.organisation_id)
    assert theirs.filter(action="project.created", summary="Somewhere else").exists()
    assert not mine.filter(summary="Somewhere else").exists()
    assert set(AuditEvent.objects.exclude(kind="").values_list("kind", flat=True)) >= {"project", "organisation"}


def test_the_admin_sees_only_their_organisations_rows(client, people):
    other = ProjectFactory(title="Not yours")
    audit_record(actor=other.created_by, obj=other, action="project.secret", summary="Only theirs")
    client.force_login(people.admin)
    page = client.get(_url(people)).content.decode()
    assert "Better sleep" in page
    assert "Only theirs" not in page and "Not yours" not in page


def test_reading_and_downloading_the_log_are_audited(client, people):
    client.force_login(people.admin)
    client.get(_url(people, kind="project"))
    viewed = AuditEvent.objects.get(action="audit.log_viewed")
    assert viewed.actor == people.admin and viewed.organisation_id == people.organisation.pk
    assert viewed.details == {"kind": "project"}
    response = client.get(reverse("promises:audit_log_csv", args=[people.organisation.slug]))
    b"".join(response.streaming_content)
    assert AuditEvent.objects.filter(action="audit.log_exported", actor=people.admin).count() == 1


def test_filters_by_person_kind_and_date(client, people):
    with time_machine.travel(dt.datetime(2026, 2, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        audit_record(actor=people.organiser, subject=people.partner, obj=people.project, action="payments.paid_x",
                     summary="Paid in February")  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        audit_record(actor=people.finance, obj=people.project, action="meeting.moved_x", summary="Moved in March")
    client.force_login(people.admin)
    by_kind = client.get(_url(people, kind="payments")).content.decode()
    assert "Paid in February" in by_kind and "Moved in March" not in by_kind
    # A person is found by name or email, as the one who acted or the one it was done to.
    partner_words = people.partner.full_name.split()[0]
    by_person = client.get(_url(people, person=partner_words)).content.decode()
    assert "Paid in February" in by_person and "Moved in March" not in by_person
    by_date = client.get(_url(people, since="2026-02-15", until="2026-03-01")).content.decode()
    assert "Moved in March" in by_date and "Paid in February" not in by_date
    nobody = client.get(_url(people, person="zzzz-nobody")).content.decode()
    assert "Nobody has that name or email." in nobody


def test_a_bad_date_is_said_at_the_field_and_never_a_500(client, people):
    client.force_login(people.admin)
    response = client.get(_url(people, since="31st of Febtember"))
    assert response.status_code == 400
    assert "31st of Febtember" in response.content.decode()
    assert client.get(_url(people, after="not-a-cursor")).status_code == 200


def test_pages_follow_each_other_without_gaps_or_repeats(client, people):
    _bulk(people.organisation.pk, 120, kind="payments")
    client.force_login(people.admin)
    seen: list[str] = []
    query = {"kind": "payments"}
    for _ in range(4):
        response = client.get(_url(people, **query))
        rows = [e.summary for e in response.context["page"].rows]
        seen += rows
        if not response.context["next_query"]:
            break
        query = {"kind": "payments", "after": response.context["page"].next_cursor}
    assert seen == [f"row {i}" for i in range(120)]


def test_the_page_reads_the_same_number_of_queries_whatever_the_log_size(client, people):
    client.force_login(people.admin)
    client.get(_url(people))  # warm the session
    with CaptureQueriesContext(connection) as small:
        client.get(_url(people, kind="payments"))
    _bulk(people.organisation.pk, 300, kind="payments", actor=people.finance)
    with CaptureQueriesContext(connection) as large:
        response = client.get(_url(people, kind="payments"))
    assert len(response.context["page"].rows) == 50
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    assert len(large) <= 10


def test_the_csv_has_every_matching_row_with_formulas_made_safe(client, people):
    audit_record(actor=people.organiser, obj=people.project, action="project.renamed", summary="=HYPERLINK(1)")
    client.force_login(people.admin)
    response = client.get(reverse("promises:audit_log_csv", args=[people.organisation.slug]) + "?kind=project")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "when (UTC)"
    summaries = [r[-1] for r in rows[1:]]
    assert "'=HYPERLINK(1)" in summaries
    assert all(r[4] == "project" for r in rows[1:])


def test_cursor_round_trip():
    event = AuditEvent(pk=42, created_at=dt.datetime(2026, 3, 10, 12, 0, 0, 123456, tzinfo=dt.UTC))
    assert decode_cursor(encode_cursor(event)) == (event.created_at, 42)
    assert decode_cursor("") is None and decode_cursor("12-x") is None and decode_cursor("9" * 30 + "-1") is None


def test_each_row_reads_in_london_time_with_names_not_ids(client, people):
    summer = dt.datetime(2026, 7, 1, 13, 5, 30, tzinfo=dt.UTC)  # 14:05 in London (summer time)
    _bulk(people.organisation.pk, 1, actor=people.finance, kind="barrier", start=summer)
    AuditEvent.objects.filter(kind="barrier").update(subject=people.partner, by_proxy=True)
    _bulk(people.organisation.pk, 1, kind="jargon", start=summer - dt.timedelta(hours=1))
    client.force_login(people.admin)
    response = client.get(_url(people, since="2026-07-01", until="2026-07-01"))
    rows = response.context["page"].rows
    assert [(r.actor, r.subject, r.kind_name, r.when_text, r.when_iso) for r in rows] == [
        (
            people.finance.full_name,
            people.partner.full_name,
            "Barriers",
            "1 Jul 2026, 14:05",
            "2026-07-01T14:05:30+01:00",
        ),  # noqa: E501
        ("", "", "Word lists", "1 Jul 2026, 13:05", "2026-07-01T13:05:30+01:00"),
    ]
    page = response.content.decode()
    assert '<time datetime="2026-07-01T14:05:30+01:00">1 Jul 2026, 14:05</time>' in page
    assert "The website" in page and "on their behalf" in page


def test_a_persons_rows_as_actor_and_as_subject_are_paged_together_newest_first(people):
    from roundtable.promises.selectors import AuditFilters, audit_page

    _bulk(people.organisation.pk, 5, actor=people.finance, kind="barrier")  # row 0..4: finance acted
    AuditEvent.objects.filter(kind="barrier", summary__in=["row 1", "row 3"]).update(
        actor=people.partner, subject=people.finance
    )  # rows 1 and 3: done to finance
    AuditEvent.objects.filter(kind="barrier", summary="row 2").update(subject=people.finance)  # both
    filters = AuditFilters(person=people.finance.email, kind="barrier")
    seen: list[str] = []
    for _ in range(3):
        page = audit_page(organisation=people.organisation, filters=filters, size=2)
        seen += [row.summary for row in page.rows]
        if not page.next_cursor:
            break
        filters = AuditFilters(person=people.finance.email, kind="barrier", after=decode_cursor(page.next_cursor))
    assert seen == ["row 0", "row 1", "row 2", "row 3", "row 4"]
