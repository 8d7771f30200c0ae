"""The reports journey in a real browser, at phone and desktop width, with axe on every page.

Tom (an organiser, a researcher) opens the GRIPP2 section drafted from his project's record, changes
the words of "Reflections", and downloads it as Word, PDF and Markdown; each file is read back as text.
Joe chose not to be mentioned, so he is in none of them, even though Tom typed his name. Tom puts back
the draft from the record, then reads the funder report and the UK Standards evidence pack. Amira, a
partner, gets "not found" for all three.
"""

from __future__ import annotations

import io
import subprocess

import pytest
from playwright.sync_api import expect

from roundtable.accounts.tests.factories import person
from roundtable.feedback import services as feedback_services
from roundtable.health.models import ReportDraft
from roundtable.projects.models import Organisation, StaffRole
from roundtable.projects.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    StaffMembershipFactory,
)
from roundtable.updates import services as update_services

pytestmark = [pytest.mark.e2e, pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")]
CHINESE_NAME = "王秀英"


@pytest.fixture
def cast(transactional_db):
    priya = person("priya@e2e.example", "Priya Shah", channels=["email"])
    tom = person("tom@e2e.example", "Tom Reid", known_as="Tom", channels=["email"])
    amira = person("amira@e2e.example", "Amira Hassan", channels=["email"], naming="first_name")
    joe = person("joe@e2e.example", "Joe Bennett", channels=["email"], naming="not_named")
    xiuying = person("xiuying@e2e.example", CHINESE_NAME, channels=["email"], naming="full_name")
    org = OrganisationFactory(admin=priya, name="Northgate University", kind=Organisation.Kind.RESEARCH)
    StaffMembershipFactory(organisation=org, user=tom, role=StaffRole.ORGANISER)
    project = ProjectFactory(organisation=org, created_by=tom, title="Support at school")
    for user in (amira, joe, xiuying):
        MembershipFactory(project=project, user=user, invited_by=tom)
    barrier = feedback_services.barrier_raise(
        actor=joe, project=project, category="meeting_times", description="Meetings at 6pm clash with tea time."
    )
    feedback_services.response_create(
        actor=tom, project=project, title="Meetings clashed with tea time", outcome="changed",
        what_we_did="We moved meetings to 8pm.", inputs=[f"barrier:{barrier.pk}"],
    )  # fmt: skip
    update_services.outcome_publish(
        actor=tom, project=project, title="What helps at school", found="A quiet room helps most.",
        input_effect="Partners chose the questions we asked schools.",
    )  # fmt: skip
    return tom, amira, project


def read_pdf(path) -> str:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    return " ".join(text.decode("utf-8").split())


def test_tom_edits_a_gripp2_section_and_exports_it(ui, cast, tmp_path):
    tom, amira, project = cast
    page = ui.page
    gripp2 = f"/projects/{project.pk}/reports/gripp2/"

    # 1. The draft from the record.
    ui.sign_in(tom)
    ui.goto(gripp2)
    ui.seen("gripp2 draft")
    expect(page.locator("h1")).to_have_text("GRIPP2 section for a paper")
    main = page.locator("main")
    expect(main).to_contain_text("Meetings clashed with tea time: We moved meetings to 8pm.")
    expect(main).to_contain_text("A quiet room helps most.")
    expect(main).to_contain_text(f"We thank the people who worked with us: Amira, {CHINESE_NAME}.")
    expect(main).not_to_contain_text("Bennett")

    # 2. Tom changes the words of "Reflections": first empty (a plain error), then his own words.
    page.get_by_role("link", name="Change the words of “Reflections: what went well and what did not”").click()
    ui.seen("gripp2 edit")
    box = page.get_by_label("Your words for this section")
    expect(box).to_contain_text("Add here what the team and partners learned")
    box.fill("")
    page.get_by_role("button", name="Save these words").click()
    ui.seen("gripp2 edit error", key=False)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write something in this section")
    page.get_by_label("Your words for this section").fill(
        "Joe Bennett showed us that evening meetings work better for parents.\n\n- Ask first\n- Pay on time"
    )
    page.get_by_role("button", name="Save these words").click()
    ui.seen("gripp2 edited")
    expect(main).to_contain_text("A parent carer showed us that evening meetings work better for parents.")
    expect(main).to_contain_text("Words changed by Tom Reid on")
    expect(main).to_contain_text("We took out 1 name of people who did not agree to be named.")
    expect(main).not_to_contain_text("Bennett")
    assert ReportDraft.objects.get(project=project, section="reflections").edited_by == tom

    # 3. Tom downloads it three ways; each file reads back with his words and without Joe.
    files = {}
    for name, ext in (("Word document (.docx)", "docx"), ("PDF", "pdf"), ("Markdown (.md)", "md")):
        with page.expect_download() as download:
            page.get_by_role("link", name=name, exact=True).click()
        assert download.value.suggested_filename == f"gripp2-project-{project.pk}.{ext}"
        path = tmp_path / f"gripp2.{ext}"
        download.value.save_as(path)
        files[ext] = path
    from docx import Document

    word = "\n".join(p.text for p in Document(io.BytesIO(files["docx"].read_bytes())).paragraphs)
    pdf = read_pdf(files["pdf"])
    markdown = files["md"].read_text(encoding="utf-8")
    for text in (word, pdf, markdown):
        assert "A parent carer showed us that evening meetings work better for parents." in text
        assert "Reflections: what went well and what did not" in text
        assert CHINESE_NAME in text
        assert "Joe" not in text and "Bennett" not in text
    assert "- Ask first\n- Pay on time" in markdown

    # 4. Tom puts back the draft from the record.
    page.get_by_role("link", name="Change the words of “Reflections: what went well and what did not”").click()
    ui.seen("gripp2 edit with draft", key=False)
    page.get_by_role("button", name="Put back the draft from the record").click()
    ui.seen("gripp2 reset", key=False)
    expect(main).to_contain_text("shows the draft from the record again")
    expect(main).to_contain_text("Add here what the team and partners learned")
    assert not ReportDraft.objects.exists()

    # 5. The funder report and the standards evidence pack.
    page.get_by_role("link", name="Report for a funder").click()
    ui.seen("funder report")
    expect(main).to_contain_text("What changed because of partners")
    page.get_by_label("From").fill("31/02/2026")
    page.get_by_role("button", name="Show the report").click()
    ui.seen("funder report error", key=False)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real date, like 14/03/2027")
    page.get_by_role("link", name="UK Standards evidence").click()
    ui.seen("standards evidence")
    expect(page.locator("h2", has_text="6. Impact")).to_be_visible()
    ui.sign_out()

    # 6. Amira, a partner, finds none of it.
    ui.sign_in(amira)
    for path in (gripp2, f"/projects/{project.pk}/reports/funder/", f"/projects/{project.pk}/reports/standards/"):
        ui.goto(path, status=404)
