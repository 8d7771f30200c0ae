"""The demo story's "your data" and promises chapters: Amira's download is ready, Pat (added by proxy) was
erased by Tom on her request and shows as a former member, and the forum's export and audit log have content."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.accounts.models import FORMER_MEMBER, User
from roundtable.audit.models import AuditEvent
from roundtable.core.demo import load_demo
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.meetings.tests.conftest import clock  # noqa: F401 - the frozen clock the meetings tests use
from roundtable.projects.models import Organisation, Project
from roundtable.promises.models import OrganisationExport
from roundtable.yourdata.demo import PAT
from roundtable.yourdata.models import DataRequest

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def _demo(email: str) -> User:
    return User.objects.get(email=f"{email}{DEMO_EMAIL_DOMAIN}")


def test_the_demo_shows_a_download_an_erasure_an_export_and_an_audit_log(db, client, clock, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    assert load_demo()
    amira, tom, priya = _demo("amira"), _demo("tom"), _demo("priya")
    request = DataRequest.objects.get(person=amira)
    assert request.status == DataRequest.Status.READY
    client.force_login(amira)
    assert reverse("yourdata:download", args=[request.token]) in client.get("/my-data/").content.decode()

    erased = AuditEvent.objects.get(action="account.erased", by_proxy=True)
    university = Organisation.objects.get(slug="university-of-northfield")
    assert erased.actor == tom and erased.organisation_id == university.pk
    assert erased.subject.full_name == FORMER_MEMBER and not User.objects.filter(full_name=PAT).exists()
    sleep = Project.objects.get(title="Better sleep for autistic children")
    client.force_login(amira)
    people = client.get(reverse("credits:people", args=[sleep.pk])).content.decode()
    assert "1 former member" in people and PAT not in people
    client.force_login(tom)
    log = client.get(reverse("promises:audit_log", args=[university.slug])).content.decode()
    assert "account.erased" in log and "on their behalf" in log

    forum = Organisation.objects.get(slug="northfield-parent-carer-forum")
    export = OrganisationExport.objects.get(organisation=forum)
    assert export.status == OrganisationExport.Status.READY and export.asked_by == priya
    client.force_login(priya)
    link = reverse("promises:organisation_export_download", args=[forum.slug, export.token])
    assert link in client.get(reverse("promises:organisation_export", args=[forum.slug])).content.decode()
    log = client.get(reverse("promises:audit_log", args=[forum.slug]))
    actions = {row.action for row in log.context["page"].rows}
    assert {"organisation.created", "organisation.export_requested", "organisation.exported"} <= actions
    assert load_demo() is False  # a second run changes nothing
