# ruff: noqa: F811 - fixtures come from reports_world and tests take them by name
"""The funder report and the UK Standards evidence pack: figures for any dates from the record, money
with its currency, nobody named who did not agree, plain errors for bad dates, 404 for everyone else."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from roundtable.health.models import Rating
from roundtable.health.registry import Finding
from roundtable.health.reports import funder, standards
from roundtable.health.reports.forms import last_twelve_months
from roundtable.health.selectors import measure_project
from roundtable.health.tests.reports_world import CHINESE_NAME, client_for, clock, media, people, world  # noqa: F401
from roundtable.payments import services as pay
from roundtable.payments.models import ClaimStatus
from roundtable.payments.tests.factories import ClaimFactory
from roundtable.projects.models import StaffRole
from roundtable.projects.tests.factories import StaffMembershipFactory

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
FUNDER = "reports:funder"


def paid_claim(world, *, hours="2", work_date=dt.date(2026, 2, 20), paid_on=dt.date(2026, 2, 27)):
    """A time claim by Amira, sent, approved and paid in a run (all through the payments services)."""
    claim = ClaimFactory(
        project=world.project, claimant=world.partner, hours=Decimal(hours), work_date=work_date, activity="Read"
    )
    pay.claim_submit(actor=world.partner, claim=claim)
    pay.claim_approve(actor=world.organiser, claim=claim)
    run = pay.run_create(actor=world.finance, organisation=world.organisation)
    pay.payee_reference_set(actor=world.finance, run=run, person=world.partner, reference="P-1")
    pay.run_mark_paid(actor=world.finance, run=run, paid_on=paid_on, reference="BACS 1")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    return claim


def rows(table):
    return {row.label: row.value for row in table}


def test_the_funder_report_adds_up_the_record_in_the_dates(world):
    paid_claim(world)
    report = funder.funder_report(world.project, start=dt.date(2026, 2, 1), end=dt.date(2026, 3, 2))
    assert rows(report.people)["Partners with lived experience"] == "4"  # Amira, Joe, 王秀英, Kwame
    assert rows(report.people)["Professional members"] == "1"
    assert rows(report.people)["Staff who organise the work"] == "2"  # Priya (admin) and Tom, each once
    assert rows(report.hours)["Hours partners spent at meetings"] == "6"  # 1.5 hours, four partners
    assert rows(report.hours)["Hours partners claimed (meetings, preparation and other work)"] == "2"
    assert rows(report.payments)["Paid for partners' time"] == "£50.00"
    assert rows(report.activities)["Meetings held"] == "1"
    assert rows(report.activities)["Times partners came to a meeting"] == "4"
    assert [r["title"] for r in report.responses] == ["Meetings clashed with tea time"]
    assert [o["input_effect"] for o in report.outcomes] == ["Partners chose the questions we asked families."]


def test_the_funder_report_shows_hours_given_and_not_paid_as_the_health_check_does(world):
    paid_claim(world)
    report = funder.funder_report(world.project, start=dt.date(2026, 2, 1), end=dt.date(2026, 3, 2))
    hours = rows(report.hours)
    sign = {s.number: f for s, f in measure_project(world.project)}[7]
    figures = {figure.label: figure.value for figure in sign.figures}
    assert (
        hours["Partner hours given, from the project's start to the end of these dates"]
        == (figures["Partner hours recorded"])
    )
    assert hours["Hours partners gave that were not paid"] == figures["Hours not paid"]
    # 6 hours at the meeting, 4.5 hours of contributions and 2 hours of claimed work; only those 2 were paid.
    assert hours["Partner hours given, from the project's start to the end of these dates"].startswith("12.5 hours")
    assert hours["Of these, hours paid or that partners chose not to be paid for"] == "2 hours"
    assert hours["Hours partners gave that were not paid"] == "10.5 hours"
    assert hours["Hours partners claimed (meetings, preparation and other work)"] == "2"
    page = (
        client_for(world.organiser)
        .get(reverse(FUNDER, args=[world.project.pk]), {"start": "01/02/2026", "end": "02/03/2026"})
        .content.decode()
    )
    assert "Hours partners gave that were not paid" in page and "10.5 hours" in page


def test_hours_given_count_up_to_the_end_of_the_dates(world):
    before = funder.funder_report(world.project, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    assert rows(before.hours)["Hours partners gave that were not paid"] == "0 hours"


def test_a_professional_members_claim_is_not_partner_time(world):
    ClaimFactory(project=world.project, claimant=world.professional, hours=Decimal("3"), work_date=dt.date(2026, 2, 20))
    ClaimFactory(project=world.project, claimant=world.partner, hours=Decimal("1"), work_date=dt.date(2026, 2, 20))
    for claim in world.project.claims.all():
        pay.claim_submit(actor=claim.claimant, claim=claim)
    report = funder.funder_report(world.project, start=dt.date(2026, 2, 1), end=dt.date(2026, 3, 2))
    assert rows(report.hours)["Hours partners claimed (meetings, preparation and other work)"] == "1"


def test_someone_with_two_organising_roles_counts_once(world):
    StaffMembershipFactory(organisation=world.organisation, user=world.organiser, role=StaffRole.ADMIN)
    report = funder.funder_report(world.project, start=dt.date(2026, 2, 1), end=dt.date(2026, 3, 2))
    assert rows(report.people)["Staff who organise the work"] == "2"


def test_dates_outside_the_record_show_nothing(world):
    paid_claim(world)
    report = funder.funder_report(world.project, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert rows(report.payments)["Paid for partners' time"] == "£0.00"
    assert rows(report.activities)["Meetings held"] == "0"
    assert report.responses == [] and report.outcomes == []


def test_a_payment_counts_by_the_day_it_was_paid(world):
    paid_claim(world, work_date=dt.date(2026, 1, 30), paid_on=dt.date(2026, 2, 2))
    january = funder.funder_report(world.project, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    february = funder.funder_report(world.project, start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28))
    assert rows(january.payments)["Paid for partners' time"] == "£0.00"
    assert rows(january.hours)["Hours partners claimed (meetings, preparation and other work)"] == "2"
    assert rows(february.payments)["Paid for partners' time"] == "£50.00"


def test_the_page_defaults_to_the_last_twelve_months(world):
    response = client_for(world.organiser).get(reverse(FUNDER, args=[world.project.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert last_twelve_months(dt.date(2026, 3, 2)) == (dt.date(2025, 3, 3), dt.date(2026, 3, 2))
    assert "From 3 March 2025 to 2 March 2026" in page
    assert 'value="03/03/2025"' in page and 'value="02/03/2026"' in page
    assert "Meetings clashed with tea time" in page


def test_the_page_names_only_people_who_agreed(world):
    page = client_for(world.organiser).get(reverse(FUNDER, args=[world.project.pk])).content.decode()
    assert CHINESE_NAME in page and "Amira" in page
    assert "Joe" not in page and "Bennett" not in page and "Kwame" not in page
    assert "And 1 person who chose not to be named." in page


def test_an_end_before_the_start_is_a_plain_error_at_the_field(world):
    url = reverse(FUNDER, args=[world.project.pk])
    response = client_for(world.organiser).get(url, {"start": "01/03/2026", "end": "01/02/2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="govuk-error-message"') == 1
    assert "The end date must be the same as or after the start date." in page
    assert "<title>Error: Report for a funder" in page
    assert "People involved" not in page  # no report under a bad form
    pdf = client_for(world.organiser).get(url, {"start": "01/03/2026", "end": "01/02/2026", "format": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"].startswith("text/html")  # the form again, not a file


@pytest.mark.parametrize("start,end", [("31/02/2026", "01/03/2026"), ("", "01/03/2026"), ("soon", "later")])
def test_dates_that_are_not_dates_are_plain_errors(world, start, end):
    response = client_for(world.organiser).get(reverse(FUNDER, args=[world.project.pk]), {"start": start, "end": end})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a real date, like 14/03/2027" in page or "Enter the date" in page


@pytest.mark.parametrize("fmt", [None, "pdf", "docx"])
@pytest.mark.parametrize(
    "start,end,field",
    [
        ("01/01/2026", "31/12/9999", "end"),  # the tester's example: the day after 31/12/9999 overflowed
        ("31/12/9999", "31/12/9999", "start"),
        ("31/12/1999", "01/03/2026", "start"),
        ("01/03/2026", "03/03/2027", "end"),  # a year and a day after today (2 March 2026)
    ],
)
def test_dates_out_of_range_are_a_plain_error_at_the_field_never_a_500(world, start, end, field, fmt):
    query = {"start": start, "end": end, **({"format": fmt} if fmt else {})}
    response = client_for(world.organiser).get(reverse(FUNDER, args=[world.project.pk]), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")  # the form again, not a file
    page = response.content.decode()
    assert "Enter a date between 01/01/2000 and 02/03/2027." in page
    assert response.context["form"].errors[field] == ["Enter a date between 01/01/2000 and 02/03/2027."]
    assert "People involved" not in page


def test_the_last_day_allowed_still_makes_a_report(world):
    response = client_for(world.organiser).get(
        reverse(FUNDER, args=[world.project.pk]), {"start": "01/01/2000", "end": "02/03/2027", "format": "pdf"}
    )
    assert response["Content-Type"] == "application/pdf"


def test_the_window_refuses_the_last_day_a_date_can_hold():
    with pytest.raises(ValueError):
        funder.london_window(dt.date(2026, 1, 1), dt.date.max)


def test_the_pdf_reads_back_with_money_names_and_dates(world):
    paid_claim(world)
    url = reverse(FUNDER, args=[world.project.pk])
    response = client_for(world.organiser).get(url, {"start": "01/02/2026", "end": "02/03/2026", "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "From 1 February 2026 to 2 March 2026" in text
    assert "£50.00" in text
    assert CHINESE_NAME in text
    assert "Bennett" not in text and "Kwame" not in text


@pytest.mark.parametrize("who", ["outsider", "partner", "professional", "finance"])
def test_the_funder_report_and_the_standards_pack_are_staff_only(world, who):
    client = client_for(getattr(world, who))
    for name in (FUNDER, "reports:standards"):
        assert client.get(reverse(name, args=[world.project.pk])).status_code == 404
    assert client.get(reverse(FUNDER, args=[world.project.pk]), {"format": "pdf"}).status_code == 404


def test_a_lead_may_read_both(world):
    client = client_for(world.lead)
    assert client.get(reverse(FUNDER, args=[world.project.pk])).status_code == 200
    assert client.get(reverse("reports:standards", args=[world.project.pk])).status_code == 200


# --- UK Standards evidence pack --------------------------------------------------------------------


def test_the_six_standards_in_their_published_order_each_with_linked_evidence(world):
    pack = standards.standards_pack(world.project)
    assert [(s.number, s.name) for s in pack] == [
        (1, "Inclusive opportunities"),
        (2, "Working together"),
        (3, "Support and learning"),
        (4, "Governance"),
        (5, "Communications"),
        (6, "Impact"),
    ]
    for standard in pack:
        assert standard.evidence
        for item in standard.evidence:
            assert item.url.startswith(f"/projects/{world.project.pk}/") or item.url.startswith("/payments/")
    impact = {item.text: item.met for item in pack[5].evidence}
    assert impact["We changed something 1 time because of what partners said."] is True
    assert impact["1 outcome shared, sent 5 times to members."] is True


def test_a_project_with_no_record_shows_gaps_and_not_enough(people):
    pack = standards.standards_pack(people.project)
    impact = {item.text: item.met for item in pack[5].evidence}
    assert impact["We changed something 0 times because of what partners said."] is None
    working = {item.text: item.met for item in pack[1].evidence}
    assert working["0 meetings held; partners came 0 times."] is None
    governance = {item.text: item.met for item in pack[3].evidence}
    assert governance["The offer promised: Co-production."] is True


def test_paid_work_with_unpaid_hours_at_risk_is_a_gap_not_shows_it(world):
    # The tester's case: one claim paid, but most partner hours were never paid (sign 7 at risk).
    paid_claim(world)
    signs = {sign.number: finding for sign, finding in measure_project(world.project)}
    assert signs[7].rating == Rating.AT_RISK
    pack = standards.standards_pack(world.project)
    pay_evidence = pack[2].evidence[0]
    assert pay_evidence.text == "Partners were paid for their time and costs."
    assert pay_evidence.met is False
    assert [(c.number, c.rating, c.summary) for c in pay_evidence.signs][0] == (7, Rating.AT_RISK, signs[7].summary)
    page = client_for(world.organiser).get(reverse("reports:standards", args=[world.project.pk])).content.decode()
    assert (
        "The health check, sign 7 (Unpaid work under the guise of volunteering: people gave their time and were"
        " not paid): At risk." in page
    )


def test_a_complete_role_offer_is_a_gap_when_partners_joined_before_it_was_published(world):
    # The offer is complete today, but every partner joined before it was published: sign 5 is not good.
    from roundtable.projects.models import MemberRole, Membership

    world.project.refresh_from_db()
    Membership.objects.filter(project=world.project, role=MemberRole.PARTNER).update(
        joined_at=world.project.published_at - dt.timedelta(days=1)
    )
    sign5 = {s.number: f for s, f in measure_project(world.project)}[5]
    assert sign5.rating in (Rating.AT_RISK, Rating.ATTENTION)
    offer = standards.standards_pack(world.project)[0].evidence[0]
    assert offer.text == "The role offer says everything people need before they join."
    assert offer.met is False
    assert offer.signs[0].summary == sign5.summary


def test_no_evidence_that_reads_a_worrying_sign_shows_it(world):
    paid_claim(world)
    signs = {sign.number: finding for sign, finding in measure_project(world.project)}
    for standard in standards.standards_pack(world.project):
        for item in standard.evidence:
            for check in item.signs:
                assert check.rating == signs[check.number].rating
                if check.rating in (Rating.AT_RISK, Rating.ATTENTION):
                    assert item.met is not True, (standard.number, item.text)


@pytest.mark.parametrize(
    "rating,met,shown",
    [(Rating.GOOD, True, True), (Rating.NOT_ENOUGH, True, True), (Rating.ATTENTION, True, False),
     (Rating.AT_RISK, None, False), (Rating.GOOD, None, None)],
)  # fmt: skip
def test_a_sign_at_risk_or_needing_attention_makes_the_evidence_a_gap(rating, met, shown):
    evidence = standards.Evidence("Partners were paid for their time and costs.", "/x/", "See", met)
    finding = Finding(rating=rating, value=None, evidence=1, summary="Partners gave 6 hours.")
    standards.agree_with_signs(evidence, {5: ("Transparency", finding)}, (5,))
    assert evidence.met is shown
    plain = "We did not tell people what to expect, or what changed"  # sign 5's subtitle, from the registry
    assert evidence.signs == [standards.SignCheck(5, "Transparency", rating, "Partners gave 6 hours.", plain)]


def test_the_standards_page_links_each_piece_of_evidence(world):
    page = client_for(world.organiser).get(reverse("reports:standards", args=[world.project.pk])).content.decode()
    assert "6. Impact" in page and "4. Governance" in page
    assert f'href="/projects/{world.project.pk}/you-said-we-did/"' in page
    assert "Bennett" not in page


# --- The project page links to the reports ---------------------------------------------------------


def test_the_project_page_links_to_the_reports_for_staff_who_may_open_them(world):
    url = reverse("projects:project", args=[world.project.pk])
    page = client_for(world.organiser).get(url).content.decode()
    assert f'href="/projects/{world.project.pk}/reports/gripp2/"' in page
    partner_page = client_for(world.partner).get(url).content.decode()
    assert "/reports/" not in partner_page
