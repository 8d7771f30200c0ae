"""Promises written down, in a real browser at phone (390 px) and desktop width, with axe on every page.

Priya, the admin, opens her organisation's page, follows the link to the audit log, reads who did what,
and filters it to one kind of act and then to one person. Anyone, signed out, opens the privacy notice
and the accessibility statement from the footer; a partner on a project page finds the organisation's
own notice and contact in the footer.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from roundtable.accounts.tests.factories import person
from roundtable.audit.models import AuditEvent
from roundtable.lib.sample_text import stretch
from roundtable.projects.tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def cast(db):
    priya = person("priya@council.example", stretch("Priya Sharma", 150))
    amira = person("amira@example.org", "Amira Hassan")
    organisation = OrganisationFactory(admin=priya, name=stretch("Northfield Council", 120))
    project = ProjectFactory(organisation=organisation, created_by=priya, title="Short breaks")
    MembershipFactory(project=project, user=amira)
    return priya, amira, organisation, project


def test_an_admin_reads_and_filters_the_audit_log(ui, cast):
    priya, amira, organisation, project = cast
    ui.sign_in(priya)
    ui.goto(f"/organisations/{organisation.slug}/")
    ui.page.get_by_role("link", name="Who did what: the audit log").click()
    ui.seen("audit log")
    table = ui.page.get_by_role("table")
    expect(table).to_contain_text("project.published")
    expect(table).to_contain_text("Short breaks")
    ui.page.get_by_label("Kind of act").select_option(label="Invitations")
    ui.page.get_by_role("button", name="Show these").click()
    ui.seen("audit log, invitations only")
    expect(table).to_contain_text("Amira Hassan")
    expect(table).not_to_contain_text("project.published")
    ui.page.get_by_label("Kind of act").select_option(label="Every kind")
    ui.page.get_by_label("Person (name or email)").fill("amira@example.org")
    ui.page.get_by_role("button", name="Show these").click()
    ui.seen("audit log, one person")
    expect(ui.page.get_by_role("main")).to_contain_text("Showing acts by or to: Amira Hassan")
    assert AuditEvent.objects.filter(action="audit.log_viewed", actor=priya).count() == 3


def test_anyone_opens_the_privacy_notice_and_accessibility_statement_from_the_footer(ui, cast):
    _priya, amira, organisation, project = cast
    ui.goto("/")
    footer = ui.page.get_by_role("contentinfo")
    footer.get_by_role("link", name="Privacy").click()
    ui.seen("privacy notice")
    expect(ui.page.get_by_role("heading", level=1)).to_have_text("What Roundtable keeps about you")
    expect(ui.page.get_by_role("main")).to_contain_text("Messages to you and from you: 2 years.")
    footer.get_by_role("link", name="Accessibility").click()
    ui.seen("accessibility statement")
    expect(ui.page.get_by_role("heading", name="How we tested this website")).to_be_visible()
    expect(ui.page.get_by_role("main")).to_contain_text("Equality Advisory and Support Service")
    # On a project page, the footer names the organisation and leads to its own notice and contact.
    ui.sign_in(amira)
    ui.goto(f"/projects/{project.pk}/")
    footer.get_by_role("link", name=f"Privacy notice of {organisation.name}").click()
    ui.seen("the organisation's privacy notice")
    expect(ui.page.get_by_role("main")).to_contain_text(f"{organisation.name} runs projects here.")


def test_an_admin_asks_for_everything_the_organisation_holds_and_downloads_it(ui, cast):
    from roundtable.promises.models import OrganisationExport

    priya, _amira, organisation, _project = cast
    ui.sign_in(priya)
    ui.goto(f"/organisations/{organisation.slug}/")
    ui.page.get_by_role("link", name="Download everything we hold").click()
    ui.seen("organisation export")
    ui.page.get_by_role("button", name="Make the zip file").click()
    expect(ui.page.get_by_role("main")).to_contain_text("We are making the zip file.")
    ui.seen("organisation export, asked for")
    export = OrganisationExport.objects.get(organisation=organisation)
    assert export.status == OrganisationExport.Status.READY  # the worker's task ran after the commit
    ui.goto(f"/organisations/{organisation.slug}/export/")
    ui.seen("organisation export, ready")
    with ui.page.expect_download() as download:
        ui.page.get_by_role("link", name="Download the zip file").click()
    assert download.value.suggested_filename.endswith(".zip")
    assert AuditEvent.objects.filter(action="organisation.export_downloaded", actor=priya).count() == 1
