"""The credits journey in a real browser, at phone and desktop width, with axe on every page.

Amira and Joe came to a meeting; Amira also read a draft. Tom looks for help to credit, confirms it,
and records a report drawing on Amira's and Joe's contributions. He tells people how they will be
named; Amira (whose profile says "full name") chooses "first name only" for this report; Joe's profile
says anonymous and he leaves it. Tom publishes. The thank-you paragraph names Amira by her first name,
counts Joe as a parent carer, and holds no surname. Amira downloads her certificate, which is a PDF
holding her name, hours and kinds of help.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from roundtable.accounts.models import Naming
from roundtable.accounts.tests.factories import person
from roundtable.credits import services as credits
from roundtable.credits.models import Contribution, ContributionType, Output, OutputCredit
from roundtable.lib.sample_text import stretch
from roundtable.meetings import services as meetings
from roundtable.meetings.models import Attendance
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.notifications.models import Message
from roundtable.projects.models import Organisation
from roundtable.projects.tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.e2e

TITLE = "What helps at school"
SURNAMES = ("Hassan", "Bennett")


def at(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def cast(transactional_db):
    credits.contribution_types_sync()  # the data migration's rows do not survive a transactional flush
    tom = person("tom@e2e.example", "Tom Reid", known_as="Tom", channels=["email"])
    amira = person("amira@e2e.example", "Amira Hassan", known_as="Amira", channels=["email"], naming=Naming.FULL_NAME)
    joe = person("joe@e2e.example", "Joe Bennett", known_as="Joe", channels=["email"], naming=Naming.ANONYMOUS)
    org = OrganisationFactory(admin=tom, name=stretch("Northgate University", 150), kind=Organisation.Kind.RESEARCH)
    project = ProjectFactory(organisation=org, created_by=tom, title=stretch("Support at school", 150), draft=True)
    for user in (amira, joe):
        MembershipFactory(project=project, user=user, invited_by=tom)
    day = timezone.localdate() - dt.timedelta(days=7)
    meeting = MeetingFactory(
        project=project, created_by=tom, already_held=True, title=stretch("Workshop", 150), starts_at=at(day, 18),
        ends_at=at(day, 19, 30),
    )  # fmt: skip
    meetings.attendance_record(
        actor=tom, meeting=meeting, started_at=at(day, 18), ended_at=at(day, 19, 30),
        rows=[
            meetings.AttendanceRow(user=amira, role=Attendance.Role.PARTNER, status="attended", mode="online"),
            meetings.AttendanceRow(user=joe, role=Attendance.Role.PARTNER, status="attended", mode="online"),
            meetings.AttendanceRow(user=tom, role=Attendance.Role.STAFF, status="attended", mode="online"),
        ],
    )  # fmt: skip
    credits.contribution_add(
        actor=tom, project=project, person=amira, type=ContributionType.objects.get(slug="reviewing"),
        degree="lead", date=day + dt.timedelta(days=2), description=stretch("Read the draft report"),
        hours=Decimal("2"),
    )  # fmt: skip
    return tom, amira, joe, project


def test_output_acknowledges_people_as_they_chose(ui, cast, tmp_path):
    tom, amira, joe, project = cast
    p = project.pk
    page = ui.page

    # 1. Tom looks for help to credit (the meeting register gives one suggestion each) and confirms it.
    ui.sign_in(tom)
    ui.goto(f"/projects/{p}/contributions/")
    page.get_by_role("button", name="Look for new help to credit").click()
    ui.seen("ledger with suggestions")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("found 2")
    for name in ("Amira Hassan", "Joe Bennett"):
        page.get_by_role("button", name=re.compile(rf"^Confirm {name}")).click()
        ui.seen(f"confirmed {name}", key=False)
    assert not Contribution.objects.filter(project=project).exclude(status="confirmed").exists()
    assert Contribution.objects.filter(project=project, person=tom).count() == 0  # staff are not credited

    # 2. He records the report; first with nothing filled in (clear messages), then properly.
    page.get_by_role("link", name="What we made, and thanks").click()
    ui.seen("outputs", key=False)
    page.get_by_role("link", name="Add an output").click()
    ui.seen("output form")
    page.get_by_role("button", name="Save").click()
    ui.seen("output form errors", key=False)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what it is")
    page.get_by_role("radio", name="Report", exact=True).check()
    page.get_by_label("Name", exact=True).fill(TITLE)
    boxes = page.get_by_role("checkbox", name=re.compile(r"^(Amira Hassan|Joe Bennett): "))
    expect(boxes).to_have_count(3)
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.get_by_role("button", name="Save").click()
    ui.seen("output recorded")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    output = Output.objects.get()
    assert output.contributions.count() == 3 and output.status == Output.Status.DRAFT
    # Each starts as their profile says: Amira in full, Joe as a parent carer.
    expect(page.locator("#acknowledgement")).to_contain_text("We thank Amira Hassan and 1 parent carer")

    # 3. Tom tells people how they will be named.
    page.get_by_role("button", name="Tell people how they will be named").click()
    ui.seen("people told", key=False)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We told 2 people how they will be named.")
    for user in (amira, joe):
        assert Message.objects.filter(idempotency_key=f"credits:output:{output.pk}:naming:{user.pk}").exists()
    ui.sign_out()

    # 4. Amira finds the report on her contributions page and chooses her first name only.
    ui.sign_in(amira)
    ui.goto("/my-contributions/")
    expect(page.locator("main")).to_contain_text("Where you are thanked")
    page.get_by_role("link", name=TITLE).click()
    ui.seen("amira naming page")
    expect(page.locator("#shown")).to_have_text("You will be named as: “Amira Hassan”.")
    page.get_by_role("radio", name="My first name only").check()
    page.get_by_role("button", name="Save").click()
    ui.seen("amira chose first name", key=False)
    expect(page.locator("#shown")).to_have_text("You will be named as: “Amira”.")
    credit = OutputCredit.objects.get(output=output, person=amira)
    assert credit.naming == Naming.FIRST_NAME and credit.chosen_at
    # Joe leaves it: he stays anonymous.
    assert OutputCredit.objects.get(output=output, person=joe).naming == Naming.ANONYMOUS
    ui.sign_out()

    # 5. Tom publishes it; the paragraph names Amira by first name and counts Joe as a parent carer.
    ui.sign_in(tom)
    ui.goto(f"/projects/{p}/outputs/{output.pk}/")
    page.get_by_role("button", name="Mark as published").click()  # no link yet: a clear message
    ui.seen("publish without link", key=False)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write the web link")
    page.get_by_label("Web link to it").fill("https://northgate.example/what-helps")
    page.get_by_role("button", name="Mark as published").click()
    ui.seen("published")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Marked as published")
    output.refresh_from_db()
    assert output.status == Output.Status.PUBLISHED and output.link == "https://northgate.example/what-helps"
    acknowledgement = page.locator("#acknowledgement").inner_text().strip()
    assert acknowledgement == (
        f"We thank Amira and 1 parent carer who asked us not to use their name for their help with “{TITLE}”. "
        "They gave their time and shared their lived experience, and this work is better for it."
    )
    statement = page.locator("#statement").inner_text()
    page.get_by_text("The same list for computer systems, with CRediT roles").click()
    expect(page.get_by_role("region", name="Who did what, for computer systems")).to_contain_text("credit.niso.org")
    ui.seen("roles for computer systems", key=False)
    assert statement.splitlines()[0].startswith("Amira: ")
    assert statement.splitlines()[1].startswith("A parent carer: ")
    roles_json = page.request.get(ui.url(f"/projects/{p}/outputs/{output.pk}/roles.json"))
    assert roles_json.ok
    names = [c["name"] for c in roles_json.json()["contributors"]]
    assert names == ["Amira", "a parent carer"]
    for text in (acknowledgement, statement, roles_json.text()):
        for surname in SURNAMES:
            assert surname not in text
        assert "Joe" not in text
    ui.sign_out()

    # 6. Amira can no longer change it, and downloads her certificate.
    ui.sign_in(amira)
    ui.goto(f"/my-contributions/named/{output.pk}/")
    expect(page.locator("main")).to_contain_text("This is already out")
    ui.goto("/my-contributions/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    assert download.value.suggested_filename == "certificate-of-contribution.pdf"
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    assert "Certificate of contribution" in text
    assert "Amira Hassan" in text and "Northgate University" in text and "Support at school" in text
    assert "Time given: 3 hours 30 minutes" in text  # 1.5 hours at the workshop and 2 reading the draft
    assert "Lived experience" in text and "Reading and checking" in text
    assert "Joe" not in text and "Bennett" not in text
