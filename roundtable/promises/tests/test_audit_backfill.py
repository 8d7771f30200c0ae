"""Old audit rows (before they carried an organisation) get the one their object belongs to (migration 0003)."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings

from roundtable.audit.models import AuditEvent
from roundtable.meetings.tests.factories import MeetingFactory, PaperFactory
from roundtable.projects.tests.factories import ProjectFactory
from roundtable.promises.audit_backfill import audit_organisations_fill


def _old(action: str, *, obj=None, object_type: str = "", object_id: str = "", subject=None) -> AuditEvent:
    """A row as written before audit migration 0003: no organisation."""
    return AuditEvent.objects.create(
        action=action,
        kind=action.split(".")[0],
        subject=subject,
        object_type=obj._meta.label_lower if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else object_id,
        organisation_id=None,
    )


def _fill(batch: int = 2000) -> int:
    return audit_organisations_fill(apps, user_label=settings.AUTH_USER_MODEL.lower(), batch=batch)


def test_old_rows_get_the_organisation_of_what_they_point_to(client, people):
    meeting = MeetingFactory(project=people.project)
    paper = PaperFactory(meeting=meeting)
    elsewhere = ProjectFactory(title="Another organisation's project")
    rows = {
        "project": _old("project.published", obj=people.project),
        "organisation": _old("organisation.contact_changed", obj=people.organisation),
        "paper": _old("meeting.paper_released", obj=paper),  # paper -> meeting -> project -> organisation
        "elsewhere": _old("project.published", obj=elsewhere),
        "person only": _old("profile.viewed", subject=people.partner),  # a person belongs to no one organisation
        "gone": _old("project.published", object_type="projects.project", object_id="999999"),
        "no such model": _old("old.thing", object_type="gone.model", object_id="1"),
        "bad id": _old("project.published", object_type="projects.project", object_id="not-a-number"),
    }
    assert _fill(batch=3) == 4  # small batches: every batch is read and filled
    got = {name: AuditEvent.objects.get(pk=row.pk).organisation_id for name, row in rows.items()}
    assert got == {
        "project": people.organisation.pk,
        "organisation": people.organisation.pk,
        "paper": people.organisation.pk,
        "elsewhere": elsewhere.organisation_id,
        "person only": None,
        "gone": None,
        "no such model": None,
        "bad id": None,
    }
    assert _fill() == 0  # a second run changes nothing

    # And the filled rows now show in the organisation's log (and the other's row does not).
    client.force_login(people.admin)
    shown = client.get(f"/organisations/{people.organisation.slug}/audit/?kind=meeting").context["page"].rows
    assert rows["paper"].pk in [r.id for r in shown]
    shown = client.get(f"/organisations/{people.organisation.slug}/audit/?kind=project").context["page"].rows
    assert rows["project"].pk in [r.id for r in shown] and rows["elsewhere"].pk not in [r.id for r in shown]


def test_a_row_that_already_has_an_organisation_is_left_as_it_is(people):
    row = _old("project.published", obj=people.project)
    AuditEvent.objects.filter(pk=row.pk).update(organisation_id=123456)
    assert _fill() == 0
    assert AuditEvent.objects.get(pk=row.pk).organisation_id == 123456
