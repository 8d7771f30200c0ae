"""Your data in a real browser, at phone and desktop width, with axe on every page.

Amira asks for a copy of her data from her profile. The worker makes it at once (tasks run
immediately here); the page lists it with a link; she downloads the zip, opens it and reads the
summary (checked with axe too). Łucja, a partner with a Polish name, credited by name on a published
report, told the outcome, deletes her account: she reads what goes and what stays, mistypes the words,
then types them and is signed out. The outcome page, the people behind the project and the report's
thank-you paragraph no longer name her.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from roundtable.accounts.models import Naming
from roundtable.accounts.tests.factories import person
from roundtable.credits import services as credits
from roundtable.credits.models import ContributionType
from roundtable.credits.tests.factories import OutputCreditFactory, OutputFactory
from roundtable.notifications.services import message_queue
from roundtable.projects.models import Organisation
from roundtable.projects.tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory
from roundtable.updates.tests.factories import OutcomeFactory
from roundtable.yourdata.models import DataRequest

pytestmark = pytest.mark.e2e

LUCJA = "Łucja Wiśniewska-Zięba"


@pytest.fixture
def cast(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    credits.contribution_types_sync()  # the data migration's rows do not survive a transactional flush
    tom = person("tom@e2e.example", "Tom Reid", known_as="Tom", channels=["email"])
    amira = person(
        "amira@e2e.example", "Amira Hassan", known_as="Amira", channels=["text", "email"], phone="07700 900461"
    )
    lucja = person("lucja@e2e.example", LUCJA, known_as="Łucja", channels=["email"], naming=Naming.FULL_NAME)
    org = OrganisationFactory(admin=tom, name="Northgate University", kind=Organisation.Kind.RESEARCH)
    project = ProjectFactory(organisation=org, created_by=tom, title="Better sleep")
    for user in (amira, lucja):
        MembershipFactory(project=project, user=user, invited_by=tom)
    day = timezone.localdate() - dt.timedelta(days=7)
    contribution = credits.contribution_add(
        actor=tom, project=project, person=lucja, type=ContributionType.objects.get(slug="reviewing"),
        degree="lead", date=day, description="Read the draft report",
    )  # fmt: skip
    output = OutputFactory(
        project=project, created_by=tom, contributions=[contribution], title="Sleep report", told=True
    )
    OutputCreditFactory(output=output, person=lucja, naming=Naming.FULL_NAME)
    credits.output_publish(actor=tom, output=output, link="https://example.org/sleep")
    outcome = OutcomeFactory(project=project, author=tom, title="What we found")
    for n in range(3):
        message_queue(recipient=amira, subject=f"Papers {n}", body="The papers are ready.", kind="test.papers",
                      idempotency_key=f"e2e:amira:{n}")  # fmt: skip
    return tom, amira, lucja, project, output, outcome


def test_amira_downloads_her_data_and_reads_the_summary(ui, cast, tmp_path):
    tom, amira, lucja, project, output, outcome = cast
    page = ui.page
    ui.sign_in(amira)
    ui.goto("/profile/")
    page.get_by_role("link", name="Download your data or delete your account").click()
    ui.seen("your data")
    page.get_by_role("button", name="Ask for a copy of my data").click()
    ui.seen("copy asked for")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We are making a copy of your data")
    expect(page.locator("#requests")).to_contain_text("Ready")
    request = DataRequest.objects.get(person=amira)
    assert request.status == DataRequest.Status.READY
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data").click()
    saved = tmp_path / "amira.zip"
    download.value.save_as(saved)
    archive = zipfile.ZipFile(io.BytesIO(saved.read_bytes()))
    messages = json.loads(archive.read("messages.json"))
    assert {"Papers 0", "Papers 1", "Papers 2"} <= {row["subject"] for row in messages["rows"]}
    assert json.loads(archive.read("profile.json"))["rows"][0]["full_name"] == "Amira Hassan"
    # She opens the summary in her browser and reads it.
    page.goto("about:blank")  # a page of no site: the summary is read as a file, without the site's rules
    page.set_content(archive.read("summary.html").decode())
    ui.seen("summary")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data from Roundtable")
    expect(page.locator("body")).to_contain_text("Messages we sent you")
    expect(page.locator("body")).to_contain_text("07700 900461")
    # Nobody else can use her link.
    link = f"/my-data/download/{request.token}/"
    ui.sign_out()
    ui.sign_in(tom)
    ui.goto(link, status=404)


def test_lucja_deletes_her_account_and_is_named_nowhere(ui, cast):
    tom, amira, lucja, project, output, outcome = cast
    page = ui.page
    pages = [
        f"/projects/{project.pk}/people-behind-it/",
        f"/projects/{project.pk}/outputs/{output.pk}/",
        f"/projects/{project.pk}/updates/outcomes/{outcome.pk}/",
    ]
    ui.sign_in(tom)
    for path in pages:
        ui.goto(path)
    ui.goto(pages[1])
    expect(page.locator("#acknowledgement")).to_contain_text(LUCJA)
    ui.goto(pages[0])
    expect(page.locator("main")).to_contain_text(LUCJA)
    ui.sign_out()

    ui.sign_in(lucja)
    ui.goto("/my-data/")
    page.get_by_role("link", name="Delete my account").click()
    ui.seen("delete my account")
    expect(page.locator("main")).to_contain_text("What the law says we must keep for a time")
    page.get_by_label("To delete your account, type: delete my account").fill("delete")
    page.get_by_role("button", name="Delete my account now").click()
    ui.seen("delete: words wrong", key=False)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Type the words delete my account")
    page.get_by_label("To delete your account, type: delete my account").fill("delete my account")
    page.get_by_role("button", name="Delete my account now").click()
    ui.seen("account deleted")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    ui.goto("/my-data/", check=False)
    assert "/sign-in" in page.url or "sign" in page.url
    ui.seen("signed out", key=False)

    ui.sign_in(tom)
    for path in pages:
        ui.goto(path)
        ui.screenshot(f"after: {path}")
        text = page.inner_text("main")
        for part in ("Łucja", "Wiśniewska", "lucja@e2e.example"):
            assert part not in text, f"{path} still names her: {part}"
    ui.goto(pages[1])
    expect(page.locator("#acknowledgement")).not_to_contain_text(re.compile("Łucja|Wiśniewska"))
