# ruff: noqa: F811 - fixtures come from reports_world and tests take them by name
"""The GRIPP2 section: drafted from the record, named only as each person agreed, edited and reset by
an organiser, exported as Markdown, Word and PDF (each read back), and 404 for everyone else."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from roundtable.audit.models import AuditEvent
from roundtable.health.models import ReportDraft
from roundtable.health.reports import gripp2, services
from roundtable.health.reports.people import project_naming as people_naming
from roundtable.health.selectors import measure_project
from roundtable.health.tests.reports_world import CHINESE_NAME, client_for, clock, media, people, world  # noqa: F401
from roundtable.lib.dates import zone

# WeasyPrint warns that a later version will need HarfBuzz-Subset; the PDFs print the same today.
pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
URL = "reports:gripp2"


def section(project, key):
    return next(s for s in gripp2.gripp2_report(project) if s.key == key)


def pdf_text(body: bytes) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=body, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def docx_text(body: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(body)).paragraphs)


# --- The draft from the record ---------------------------------------------------------------------


def test_each_short_form_item_is_drafted_from_the_record(world):
    report = {s.key: s.text for s in gripp2.gripp2_report(world.project)}
    assert [s.key for s in gripp2.SECTIONS][:5] == ["aim", "methods", "results", "outcomes", "reflections"]
    assert "Find out what helps children sleep." in report["aim"]
    assert "Co-production on the ladder of co-production" in report["aim"]
    assert "£25.00 per hour" in report["aim"]
    assert "Partners took part in 1 meeting." in report["methods"]
    assert "4 partners came at least once, 4 times in all." in report["methods"]
    assert 'We answered 1 thing partners told us, with "you said, we did".' in report["results"]
    assert "We changed something for 1 of them." in report["results"]
    assert "we could not" not in report["results"]
    assert "Meetings clashed with tea time: We moved meetings to 8pm." in report["results"]
    assert "Calm bedtimes help most." in report["outcomes"]
    assert "What partners' ideas and time did: Partners chose the questions we asked families." in report["outcomes"]
    assert "We answered 1 of 1 barrier partners raised." in report["reflections"]
    assert "4 partners with lived experience" in report["people"]
    assert "Get to know each other" in report["stages"]
    assert "Partners gave 6 hours at meetings" in report["costs"]


def test_the_cost_counts_unpaid_hours_as_the_health_check_does(world):
    costs = section(world.project, "costs").text
    figures = {
        f.label: f.value for s, finding in measure_project(world.project) if s.number == 7 for f in finding.figures
    }
    assert f"partners gave {figures['Partner hours recorded']}." in costs
    assert f"{figures['Hours not paid']} were not paid." in costs
    assert "10.5 hours were not paid." in costs  # nothing was claimed: all 10.5 hours given are unpaid


def test_the_aim_quotes_the_rate_in_force_after_an_uplift(world):
    import datetime as dt
    from decimal import Decimal

    from roundtable.projects.tests.factories import PayRateFactory

    PayRateFactory(organisation=world.organisation, amount=Decimal("27.50"), effective_from=dt.date(2025, 12, 16))
    PayRateFactory(organisation=world.organisation, amount=Decimal("30.00"), effective_from=dt.date(2026, 4, 1))
    aim = section(world.project, "aim").text
    assert "£27.50 per hour" in aim and "£25.00" not in aim and "£30.00" not in aim


def test_reflections_name_what_did_not_go_well(world, clock):
    from roundtable.feedback import services as feedback_services

    raised = feedback_services.barrier_raise(
        actor=world.partner, project=world.project, category="costs", description="Taxis cost too much."
    )
    feedback_services.barrier_answer(
        actor=world.organiser, barrier=raised, status="not_possible", reason="Our budget is spent."
    )
    feedback_services.response_create(
        actor=world.organiser, project=world.project, title="Taxis cost too much", outcome="could_not",
        what_we_did="Our budget is spent.", inputs=[f"barrier:{raised.pk}"],
    )  # fmt: skip
    late = feedback_services.barrier_raise(
        actor=world.partner, project=world.project, category="access", description="No lift at the venue."
    )
    clock.move_to(dt.datetime.combine(late.due_on + dt.timedelta(days=2), dt.time(10), tzinfo=zone()))
    report = {s.key: s.text for s in gripp2.gripp2_report(world.project)}
    assert "What did not go so well:\n- We could not remove 1 barrier.\n" in report["reflections"]
    assert "- 1 barrier waited past the date we promised an answer." in report["reflections"]
    assert "We changed something for 1 of them. For 1 other, we said why we could not." in report["results"]


def test_an_empty_record_says_so_rather_than_making_things_up(people):
    report = {s.key: s.text for s in gripp2.gripp2_report(people.project)}
    assert report["outcomes"] == "The record has no outcomes shared with partners yet."
    assert 'The record has no "you said, we did" answers yet.' in report["results"]
    assert "Partners took part in 0 meetings." in report["methods"]


# --- Naming consent --------------------------------------------------------------------------------


def test_thanks_names_people_only_as_each_agreed(world):
    thanks = section(world.project, "thanks").text
    assert CHINESE_NAME in thanks  # full name, as she chose
    assert "Amira" in thanks and "Amira Hassan" not in thanks  # first name only
    assert "Dr Ann Lee" in thanks
    assert "Kwame" not in thanks  # "not my name"
    assert "Joe" not in thanks and "Bennett" not in thanks  # "do not mention me at all"
    assert "1 person who chose not to be named" in thanks


def test_a_stricter_choice_for_one_of_the_projects_outputs_wins(world):
    from roundtable.credits import services as credit_services
    from roundtable.credits.models import Contribution

    # 王秀英 is happy to be named in general, but asked to be left out of the paper.
    contribution = Contribution.objects.get(project=world.project, person=world.xiuying)
    paper = credit_services.output_create(
        actor=world.organiser, project=world.project, kind="paper", title="Sleep paper", contributions=[contribution]
    )
    credit_services.output_naming_set(actor=world.xiuying, output=paper, naming="not_named")
    thanks = section(world.project, "thanks").text
    assert CHINESE_NAME not in thanks
    assert "Amira" in thanks and "Dr Ann Lee" in thanks


def test_an_organisers_own_words_cannot_name_someone_who_did_not_agree(world):
    services.section_save(
        actor=world.organiser, project=world.project, section="reflections",
        text="Joe Bennett and Kwame Mensah told us about tea time. Amira Hassan agreed.",
    )  # fmt: skip
    shown = section(world.project, "reflections")
    assert "Joe" not in shown.text and "Kwame" not in shown.text and "Hassan" not in shown.text
    assert shown.text == "A parent carer and a parent carer told us about tea time. Amira agreed."
    assert shown.names_taken_out == 3


@pytest.mark.parametrize(
    "written,shown",
    [
        ("amira hassan came.", "Amira came."),  # first name only: her family name goes, in any case
        ("AMIRA HASSAN came.", "Amira came."),
        ("We thank HASSAN.", "We thank Amira."),
        ("We thank Mrs Hassan.", "We thank Amira."),
        ("We thank the Hassan family.", "We thank the family of Amira."),
        ("The Hassan family came.", "The family of Amira came."),
        ("Amira\nHassan came.", "Amira came."),
        ("joe bennett came.", "A parent carer came."),  # not to be mentioned: every spelling goes
        ("We thank Mr Bennett and the Bennett family.", "We thank a parent carer and the family of a parent carer."),
        ("BENNETT and mensah came.", "A parent carer and a parent carer came."),
        ("Dr Mensah came.", "A parent carer came."),
        ("Hassanah and Bennettson came.", "Hassanah and Bennettson came."),  # whole words only
        ("Dr Ann Lee and Ann came.", "Dr Ann Lee and Ann came."),  # she agreed to her full name
    ],
)
def test_names_are_taken_out_in_any_case_and_on_their_own(world, written, shown):
    naming = people_naming(world.project)
    assert naming.redact(written)[0] == shown


def test_a_given_name_shared_with_someone_not_to_be_mentioned_goes_but_an_agreed_full_name_stays(world):
    from roundtable.accounts.tests.factories import person
    from roundtable.projects.tests.factories import MembershipFactory

    MembershipFactory(project=world.project, user=person("ann@example.com", "Ann Jones", naming="not_named"))
    naming = people_naming(world.project)
    assert naming.redact("Dr Ann Lee met ann jones, Ann and Ms Jones.")[0] == (
        "Dr Ann Lee met a parent carer, a parent carer and a parent carer."
    )


@pytest.mark.parametrize("fmt", ["page", "md", "docx", "pdf"])
def test_other_spellings_of_a_name_are_taken_out_in_every_format(world, fmt):
    text = "Thanks to amira hassan, Mrs Hassan, HASSAN, the Hassan family, joe BENNETT and Mr Mensah."
    services.section_save(actor=world.organiser, project=world.project, section="aim", text=text)
    query = {"format": fmt} if fmt != "page" else {}
    body = client_for(world.organiser).get(reverse(URL, args=[world.project.pk]), query).content
    shown = {"page": lambda b: b.decode(), "md": lambda b: b.decode("utf-8"), "docx": docx_text, "pdf": pdf_text}
    out = shown[fmt](body)
    for name in ("hassan", "bennett", "mensah", "joe"):
        assert not re.search(rf"\b{name}\b", out, re.IGNORECASE), name
    assert "Amira" in out


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_nobody_who_chose_not_to_be_named_appears_in_any_format(world, fmt):
    services.section_save(actor=world.organiser, project=world.project, section="aim", text="Thanks to Joe Bennett.")
    response = client_for(world.organiser).get(reverse(URL, args=[world.project.pk]), {"format": fmt})
    assert response.status_code == 200
    body = response.content
    text = {"md": lambda b: b.decode("utf-8"), "docx": docx_text, "pdf": pdf_text}[fmt](body)
    assert "Joe" not in text and "Bennett" not in text and "Kwame" not in text
    assert CHINESE_NAME in text


def test_the_page_never_shows_a_name_that_was_not_agreed(world):
    services.section_save(actor=world.organiser, project=world.project, section="aim", text="Thanks to Joe Bennett.")
    page = client_for(world.organiser).get(reverse(URL, args=[world.project.pk])).content.decode()
    assert "Bennett" not in page and "Kwame" not in page
    assert "We took out 1 name of people who did not agree to be named." in page


# --- Exports, read back ----------------------------------------------------------------------------


def test_markdown_export_has_a_heading_per_section(world):
    response = client_for(world.organiser).get(reverse(URL, args=[world.project.pk]), {"format": "md"})
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="gripp2-project-{world.project.pk}.md"'
    text = response.content.decode("utf-8")
    assert text.startswith("# Patient and public involvement (GRIPP2): Better sleep\n")
    for spec in gripp2.SECTIONS:
        assert f"\n## {spec.title}\n" in text
    assert "\n- Meetings clashed with tea time: We moved meetings to 8pm.\n" in text


def test_word_export_reads_back_with_headings_and_list_items(world):
    from docx import Document

    body = client_for(world.organiser).get(reverse(URL, args=[world.project.pk]), {"format": "docx"}).content
    document = Document(io.BytesIO(body))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [spec.title for spec in gripp2.SECTIONS]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Meetings clashed with tea time: We moved meetings to 8pm." in bullets
    assert document.core_properties.title == "Patient and public involvement (GRIPP2): Better sleep"


def test_pdf_export_reads_back_with_a_name_in_chinese_script(world, tmp_path):
    response = client_for(world.organiser).get(reverse(URL, args=[world.project.pk]), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Aim of involvement" in text
    assert CHINESE_NAME in text
    # Drawn, not just stored: the Chinese font (fonts-noto-cjk, lib/pdf.py) is embedded for it.
    (tmp_path / "gripp2.pdf").write_bytes(response.content)
    fonts = subprocess.run(["pdffonts", str(tmp_path / "gripp2.pdf")], capture_output=True, check=True).stdout
    assert b"Noto-Sans-CJK" in fonts
    assert "Calm bedtimes help most." in text


def test_an_edited_section_is_what_every_format_exports(world):
    client = client_for(world.organiser)
    url = reverse("reports:gripp2_section", args=[world.project.pk, "reflections"])
    client.post(url, {"text": "We learned to ask before we planned.\n\n- Evenings work best"})
    md = client.get(reverse(URL, args=[world.project.pk]), {"format": "md"}).content.decode()
    assert (
        "## Reflections: what went well and what did not\n\n"
        "We learned to ask before we planned.\n\n- Evenings work best\n" in md
    )
    assert "We learned to ask before we planned." in docx_text(
        client.get(reverse(URL, args=[world.project.pk]), {"format": "docx"}).content
    )
    assert "We learned to ask before we planned." in pdf_text(
        client.get(reverse(URL, args=[world.project.pk]), {"format": "pdf"}).content
    )


# A vertical tab, a form feed and \x01, as pasted from another program: XML (so Word) cannot hold them.
PASTED = "First line\x0bsecond line\x0cthird line and a stray\x01 mark.\tTabbed."


def test_saving_a_section_takes_out_control_characters_and_keeps_the_breaks(world):
    draft = services.section_save(actor=world.organiser, project=world.project, section="aim", text=PASTED)
    assert draft.text == "First line\nsecond line\nthird line and a stray mark.\tTabbed."


@pytest.mark.parametrize("fmt", ["docx", "md", "pdf"])
def test_words_saved_with_control_characters_still_export(world, fmt):
    # Saved through the form, and also as a row kept before saving cleaned them.
    client = client_for(world.organiser)
    client.post(reverse("reports:gripp2_section", args=[world.project.pk, "aim"]), {"text": PASTED})
    ReportDraft.objects.create(
        project=world.project, report=gripp2.REPORT, section="methods", text="Old\x0bwords\x01 here.",
        edited_by=world.organiser, edited_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )  # fmt: skip
    response = client.get(reverse(URL, args=[world.project.pk]), {"format": fmt})
    assert response.status_code == 200
    text = {"md": lambda b: b.decode("utf-8"), "docx": docx_text, "pdf": pdf_text}[fmt](response.content)
    assert "second line" in text and "third line and a stray mark." in text
    assert "Old" in text and "words here." in text
    assert not any(char in text for char in "\x0b\x01")


def test_words_from_the_record_with_control_characters_still_export_to_word(world):
    from roundtable.feedback import services as feedback_services

    barrier = feedback_services.barrier_raise(
        actor=world.joe, project=world.project, category="meeting_times", description="Papers come late."
    )
    feedback_services.response_create(
        actor=world.organiser, project=world.project, title="Papers came\x0clate",
        outcome="changed", what_we_did="We send them\x0b a week ahead\x01.", inputs=[f"barrier:{barrier.pk}"],
    )  # fmt: skip
    response = client_for(world.organiser).get(reverse(URL, args=[world.project.pk]), {"format": "docx"})
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "We send them" in text and "a week ahead." in text
    assert "\x0b" not in text and "\x0c" not in text and "\x01" not in text


def test_an_unknown_format_is_not_found(world):
    response = client_for(world.organiser).get(reverse(URL, args=[world.project.pk]), {"format": "exe"})
    assert response.status_code == 404


# --- Editing and reset -----------------------------------------------------------------------------


def test_an_organiser_edits_a_section_and_the_page_says_who_and_when(world):
    client = client_for(world.organiser)
    url = reverse("reports:gripp2_section", args=[world.project.pk, "aim"])
    assert "Find out what helps children sleep." in client.get(url).content.decode()  # starts from the draft
    response = client.post(url, {"text": "Our own aim, in our words."})
    assert response.status_code == 302
    draft = ReportDraft.objects.get(project=world.project, section="aim")
    assert (draft.text, draft.edited_by, draft.report) == ("Our own aim, in our words.", world.organiser, "gripp2")
    page = client.get(reverse(URL, args=[world.project.pk])).content.decode()
    assert "Our own aim, in our words." in page
    assert "Words changed by Tom Reid on 2 March 2026." in page
    assert AuditEvent.objects.filter(action="report.section_saved", actor=world.organiser).count() == 1


def test_saving_again_replaces_the_words_and_reset_puts_back_the_draft(world):
    services.section_save(actor=world.organiser, project=world.project, section="aim", text="First words.")
    services.section_save(actor=world.lead, project=world.project, section="aim", text="Second words.")
    assert ReportDraft.objects.filter(project=world.project).count() == 1
    assert section(world.project, "aim").edited_by == "Lena Lead"
    response = client_for(world.organiser).post(reverse("reports:gripp2_reset", args=[world.project.pk, "aim"]))
    assert response.status_code == 302
    assert not ReportDraft.objects.exists()
    aim = section(world.project, "aim")
    assert aim.edited is False and aim.text == aim.drafted and "Find out what helps children sleep." in aim.text
    assert services.section_reset(actor=world.organiser, project=world.project, section="aim") is False


def test_an_empty_section_gets_a_plain_error_at_the_field(world):
    url = reverse("reports:gripp2_section", args=[world.project.pk, "aim"])
    response = client_for(world.organiser).post(url, {"text": "   "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Write something in this section, or put back the draft from the record." in page
    assert page.count('class="govuk-error-message"') == 1
    assert not ReportDraft.objects.exists()


def test_the_services_refuse_people_who_may_not_write_and_unknown_sections(world):
    with pytest.raises(PermissionDenied):
        services.section_save(actor=world.partner, project=world.project, section="aim", text="Hello")
    with pytest.raises(PermissionDenied):
        services.section_save(actor=world.finance, project=world.project, section="aim", text="Hello")
    with pytest.raises(ValidationError):
        services.section_save(actor=world.organiser, project=world.project, section="nonsense", text="Hello")


# --- Who may see it --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["organiser", "admin", "lead"])
def test_organisers_admins_and_leads_may_open_and_edit(world, who):
    user = getattr(world, who)
    client = client_for(user)
    assert client.get(reverse(URL, args=[world.project.pk])).status_code == 200
    url = reverse("reports:gripp2_section", args=[world.project.pk, "aim"])
    assert client.post(url, {"text": f"Words by {who}."}).status_code == 302


@pytest.mark.parametrize("who", ["outsider", "partner", "professional", "finance"])
def test_everyone_else_gets_not_found_for_every_gripp2_address(world, who):
    client = client_for(getattr(world, who))
    pk = world.project.pk
    for url in (
        reverse(URL, args=[pk]),
        reverse(URL, args=[pk]) + "?format=pdf",
        reverse("reports:gripp2_section", args=[pk, "aim"]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("reports:gripp2_section", args=[pk, "aim"]), {"text": "x"}).status_code == 404
    assert client.post(reverse("reports:gripp2_reset", args=[pk, "aim"])).status_code == 404
    assert not ReportDraft.objects.exists()


def test_an_unknown_section_is_not_found(world):
    url = reverse("reports:gripp2_section", args=[world.project.pk, "nonsense"])
    assert client_for(world.organiser).get(url).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(world):
    response = client_for(None).get(reverse(URL, args=[world.project.pk]))
    assert response.status_code == 302


# --- Speed -----------------------------------------------------------------------------------------


def test_the_draft_reads_a_fixed_number_of_queries_whatever_the_amount_of_record(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from roundtable.feedback import services as feedback_services
    from roundtable.updates import services as update_services

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            gripp2.gripp2_report(world.project)
        return len(queries)

    before = count()
    for n in range(3):
        barrier = feedback_services.barrier_raise(
            actor=world.partner, project=world.project, category="costs", description=f"Bus fares {n}"
        )
        feedback_services.response_create(
            actor=world.organiser, project=world.project, title=f"Bus fares {n}", outcome="changed",
            what_we_did="We pay fares first.", inputs=[f"barrier:{barrier.pk}"],
        )  # fmt: skip
        update_services.outcome_publish(
            actor=world.organiser, project=world.project, title=f"Finding {n}", found="Found.", input_effect="Shaped."
        )
    services.section_save(actor=world.organiser, project=world.project, section="aim", text="Our aim.")
    after = count()
    assert after == before
