"""The statement, the involvement payments letter and the XLSX export, read back as a person would."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from roundtable.lib.tests.pdf_reading import EXACT, NAMES, name_prints, pdf_lines, pdf_tags, pdf_text
from roundtable.payments import services
from roundtable.payments.exports import run_csv, run_xlsx
from roundtable.payments.pdf import involvement_letter_pdf, statement_pdf
from roundtable.payments.selectors import letter_claims, statement_for

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
ADDRESS = "Room 4, Hall Building\nUniversity Road\nNorthfield NF1 2AB"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _paid_run(people, hours="0.5"):
    claim = services.claim_create(
        actor=people.partner, project=people.project, claimant=people.partner, kind="time", submission_key="doc",
        data={"work_date": dt.date(2026, 2, 10), "activity": "Reading the papers", "hours": Decimal(hours)},
    )  # fmt: skip
    services.claim_submit(actor=people.partner, claim=claim)
    services.claim_approve(actor=people.organiser, claim=claim)
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    return services.run_mark_paid(actor=people.finance, run=run, paid_on=dt.date(2026, 2, 20), reference="BACS 9")


def test_the_jobcentre_letter_comes_from_the_organisation_with_its_address_phone_signer_and_date(client, people):
    people.organisation.phone, people.organisation.postal_address = "0113 496 0000", ADDRESS
    people.organisation.save()
    _paid_run(people)
    client.force_login(people.partner)
    response = client.get(reverse("payments:letter"))
    text = pdf_text(response.content)
    assert "To whom it may concern" not in text
    for expected in (
        "University of Northfield", "Room 4, Hall Building", "Northfield NF1 2AB", "0113 496 0000",
        "2 March 2026",  # the date it was made (London)
        "Tom Reid", "Project contact, Better sleep",  # who signs it
        "Amira Hassan", "£12.50", "20 Feb 2026",
    ):  # fmt: skip
        assert expected in text, expected
    tags = pdf_tags(response.content)
    assert tags.marked and tags.lang.lower().startswith("en") and "Amira Hassan" in tags.title
    assert "H1" in tags.structure and "Table" in tags.structure


@pytest.mark.parametrize("script", list(NAMES))
def test_statement_and_jobcentre_letter_print_a_name_in_every_script(people, script):
    name = NAMES[script]
    run = _paid_run(people)
    people.partner.full_name = name
    people.partner.save()
    for pdf in (
        statement_pdf(run=run, person=people.partner, claims=statement_for(run=run, person=people.partner)),
        involvement_letter_pdf(person=people.partner, claims=letter_claims(person=people.partner)),
    ):
        text = pdf_text(pdf)
        assert name_prints(name, text, exact=script in EXACT), (script, text)
        assert pdf_tags(pdf).marked


def test_the_statement_is_tagged_and_large_print_when_asked(client, people):
    run = _paid_run(people)
    people.partner.profile.formats = ["large_print"]
    people.partner.profile.save()
    client.force_login(people.partner)
    pdf = client.get(reverse("payments:statement", args=[run.pk]) + "?format=pdf").content
    text = pdf_text(pdf)
    assert "Payment statement" in text and "Total: £12.50" in text and "BACS 9" in text
    tags = pdf_tags(pdf)
    assert tags.title == "Payment statement from University of Northfield"
    small = statement_pdf(run=run, person=people.partner, claims=statement_for(run=run, person=people.partner))
    [big_line] = [line for line in pdf_lines(pdf) if line.text.startswith("Total:")]
    [small_line] = [line for line in pdf_lines(small) if line.text.startswith("Total:")]
    assert big_line.height / small_line.height == pytest.approx(18 / 12, rel=0.05)
    assert [k for k in tags.structure if k in ("H1", "Table")] == ["H1", "Table"]


def test_exported_amounts_are_numbers_with_pence(people):
    run = _paid_run(people)  # £12.50: Excel shows 12.5 unless the cell has a two-decimal format
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(run_xlsx(run))).active
    assert sheet.cell(1, 8).value == "Amount"
    cell = sheet.cell(2, 8)
    assert isinstance(cell.value, int | float) and cell.value == 12.5
    assert cell.number_format == "0.00"
    assert run_csv(run).decode("utf-8-sig").splitlines()[1].split(",")[7] == "12.50"


def test_finance_is_warned_before_paying_when_a_name_cannot_be_printed(client, people):
    people.partner.full_name = "Amira \ue000 Hassan"
    people.partner.save()
    claim = services.claim_create(
        actor=people.partner, project=people.project, claimant=people.partner, kind="time", submission_key="w",
        data={"work_date": dt.date(2026, 2, 10), "activity": "Reading", "hours": Decimal("1")},
    )  # fmt: skip
    services.claim_submit(actor=people.partner, claim=claim)
    services.claim_approve(actor=people.organiser, claim=claim)
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    client.force_login(people.finance)
    page = client.get(reverse("payments:run", args=[people.organisation.slug, run.pk])).content.decode()
    assert "some letters in this name cannot be printed on the statement" in page and "U+E000" in page
    people.partner.full_name = "王小明"
    people.partner.save()
    page = client.get(reverse("payments:run", args=[people.organisation.slug, run.pk])).content.decode()
    assert "cannot be printed" not in page
