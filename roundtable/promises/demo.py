"""This app's chapter of the demo story: Priya (the forum's admin) asked for everything the forum holds
and the zip is ready to download, and she has read the forum's audit log, so both pages have content.
Safe to run twice: nothing changes the second time."""

from __future__ import annotations

from roundtable.accounts.models import User
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.projects.models import Organisation
from roundtable.promises import services
from roundtable.promises.models import OrganisationExport


def load() -> None:
    priya = User.objects.filter(email=f"priya{DEMO_EMAIL_DOMAIN}").first()
    forum = Organisation.objects.filter(slug="northfield-parent-carer-forum").first()
    if priya is None or forum is None or OrganisationExport.objects.filter(organisation=forum).exists():
        return
    export = services.organisation_export_request(actor=priya, organisation=forum)
    services.organisation_export_build(export_id=export.pk)
    services.audit_log_read_record(actor=priya, organisation=forum, details={"kind": "payments"})
