from __future__ import annotations

import datetime as dt
import json
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roundtable.accounts.models import Naming
from roundtable.credits import selectors, services, statements
from roundtable.credits.certificate import certificate_pdf
from roundtable.credits.models import Contribution, ContributionType, Output
from roundtable.credits.naming import orcid_is_valid, orcid_normalise
from roundtable.credits.tests.conftest import EVIL, evil
from roundtable.lib.tests.pdf_reading import EXACT, name_prints, pdf_tags
from roundtable.lib.tests.pdf_reading import NAMES as SCRIPT_NAMES
from roundtable.lib.tests.pdf_reading import pdf_text as read_back
from roundtable.meetings.models import Attendance
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.notifications.models import Message
from roundtable.projects.tests.conftest import make_person


def meeting_with(people, *who, title="Planning"):
    start = timezone.now() - dt.timedelta(days=3)
    meeting = MeetingFactory(
        project=people.project, title=evil(title), starts_at=start, ends_at=start + dt.timedelta(minutes=90),
        already_held=True,
    )  # fmt: skip
    for person in who:
        Attendance.objects.create(
            project=people.project, meeting=meeting, user=person, role="partner", status="attended", mode="online"
        )
    return meeting


def kind(slug):
    return ContributionType.objects.get(slug=slug)


def confirmed(people, person, slug="reviewing", degree="lead"):
    return services.contribution_add(
        actor=people.organiser,
        project=people.project,
        person=person,
        type=kind(slug),
        degree=degree,
        date=timezone.localdate(),
        description=evil("Read the draft"),
        hours=Decimal("2"),
    )


def test_types_map_to_credit_roles(db):
    assert ContributionType.objects.count() >= 13
    assert kind("co_writing").credit_roles == ["writing-original-draft", "writing-review-editing"]
    assert kind("reviewing").credit_roles == ["writing-review-editing"]


def test_suggest_from_attendance_is_idempotent_and_visible_to_the_person(people, client):
    meeting_with(people, people.partner, people.joe)
    assert services.contributions_suggest(project=people.project) == 2
    assert services.contributions_suggest() == 0
    row = Contribution.objects.get(person=people.partner)
    assert row.status == "suggested" and row.hours == Decimal("1.50") and row.meeting_id
    client.force_login(people.partner)
    page = client.get(reverse("credits:mine")).content.decode()
    assert "Came to the meeting" in page and EVIL not in page


def test_person_adds_own_and_organiser_confirms(people):
    own = services.contribution_add(
        actor=people.partner,
        project=people.project,
        person=people.partner,
        type=kind("ideas"),
        degree="equal",
        date=timezone.localdate(),
        description="x",
    )
    assert own.status == "suggested"
    with pytest.raises(PermissionDenied):
        services.contribution_check(actor=people.partner, contribution=own, confirm=True)
    with pytest.raises(PermissionDenied):
        services.contribution_add(
            actor=people.partner,
            project=people.project,
            person=people.joe,
            type=kind("ideas"),
            degree="equal",
            date=timezone.localdate(),
            description="x",
        )
    once = services.contribution_check(actor=people.organiser, contribution=own, confirm=True)
    twice = services.contribution_check(actor=people.organiser, contribution=own, confirm=True)
    assert once.status == twice.status == "confirmed"


def test_add_form_keeps_input_and_says_what_is_wrong(people, client):
    client.force_login(people.partner)
    url = reverse("credits:add", args=[people.project.pk])
    tomorrow = (timezone.localdate() + dt.timedelta(days=5)).strftime("%d/%m/%Y")
    response = client.post(
        url,
        {
            "type": kind("ideas").pk,
            "degree": "lead",
            "date": tomorrow,
            "hours": "99",
            "description": "My idea about evenings",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hours must be between 0 and 24." in page and "My idea about evenings" in page
    response = client.post(
        url, {"type": kind("ideas").pk, "degree": "lead", "date": tomorrow, "hours": "1", "description": "My idea"}
    )
    assert "The date cannot be in the future." in response.content.decode()


@pytest.mark.parametrize(
    "value, ok",
    [
        ("0000-0002-1825-0097", True),
        ("https://orcid.org/0000-0001-5109-3700", True),
        ("0000-0002-1694-233X", True),
        ("0000-0002-1825-0098", False),
        ("1234", False),
    ],
)
def test_orcid_checksum(value, ok):
    assert orcid_is_valid(orcid_normalise(value)) is ok


def test_orcid_form_message_at_the_field(people, client):
    client.force_login(people.partner)
    page = client.post(reverse("credits:mine"), {"orcid": "0000-0002-1825-0098"}).content.decode()
    assert "This is not a real ORCID iD" in page and "0000-0002-1825-0098" in page


NAMES = {"full_name": "Amira Hassan", "first_name": "Amira"}


@pytest.mark.parametrize("naming", Naming.values)
def test_consent_matrix_every_output_names_no_more_than_agreed(people, client, naming):
    people.partner.full_name = "Amira Hassan"
    people.partner.save()
    services.orcid_set(actor=people.partner, orcid="0000-0002-1825-0097")
    profile = people.partner.profile
    profile.naming, profile.pseudonym = naming, "Rosa"
    profile.save()
    mine = confirmed(people, people.partner)
    theirs = confirmed(people, people.joe, slug="ideas")
    output = services.output_create(
        actor=people.organiser,
        project=people.project,
        kind="report",
        title=evil("Sleep report"),
        contributions=[mine, theirs],
    )
    output = selectors.output_detail(project=people.project, output_id=output.pk)
    texts = {
        "paragraph": statements.acknowledgement(output),
        "statement": statements.roles_statement(output),
        "json": statements.roles_json(output),
    }
    client.force_login(people.organiser)
    texts["people page"] = client.get(reverse("credits:people", args=[people.project.pk])).content.decode()
    for where, text in texts.items():
        assert "Hassan" not in text or naming == "full_name", where
        assert "0000-0002-1825-0097" not in text or naming == "full_name", where
        if naming in ("anonymous", "not_named"):
            assert "Amira" not in text, where
        if naming == "pseudonym":
            assert "Amira" not in text and "Rosa" in text, where
        if naming in NAMES:
            assert NAMES[naming] in text, where
        if naming == "not_named":
            assert "parent carer" not in text or where == "people page", where
        assert "Joe Bennett" in text, where  # Joe agreed to his full name
    data = json.loads(texts["json"])
    if naming == "full_name":
        assert data["contributors"][0]["orcid"] == "https://orcid.org/0000-0002-1825-0097"
        assert (
            data["contributors"][0]["credit"][0]["id"]
            == "https://credit.niso.org/contributor-roles/writing-review-editing/"
        )


def test_people_are_told_and_can_change_their_name_until_published(people, client):
    mine = confirmed(people, people.partner)
    output = services.output_create(
        actor=people.organiser, project=people.project, kind="paper", title="Sleep", contributions=[mine]
    )
    with pytest.raises(ValidationError):
        services.output_publish(actor=people.organiser, output=output, link="https://example.org/x")
    assert services.output_tell(actor=people.organiser, output=output) == 1
    services.output_tell(actor=people.organiser, output=output)
    message = Message.objects.get(recipient=people.partner, kind="credits_naming")
    assert "Amira" in message.body
    client.force_login(people.partner)
    url = reverse("credits:naming", args=[output.pk])
    page = client.post(url, {"naming": "pseudonym", "pseudonym": ""}).content.decode()
    assert "Write the made-up name you want us to use." in page
    client.post(url, {"naming": "anonymous"})
    output = services.output_publish(actor=people.organiser, output=output, link="https://example.org/x")
    output = selectors.output_detail(project=people.project, output_id=output.pk)
    assert "Amira" not in statements.acknowledgement(output) and "1 parent carer" in statements.acknowledgement(output)
    with pytest.raises(ValidationError):
        services.output_naming_set(actor=people.partner, output=output, naming="full_name")
    client.force_login(people.joe)
    assert client.get(url).status_code == 404


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_certificate_text_has_name_hours_and_roles_in_any_script(people, client):
    confirmed(people, people.partner)
    data = selectors.certificate_data(user=people.partner)
    for script, name in SCRIPT_NAMES.items():  # was Polish and Arabic only; a Chinese name printed blank
        pdf = certificate_pdf(name=name, organisations=data)
        text = read_back(pdf)
        assert name_prints(name, text, exact=script in EXACT), (script, text)
        assert "Time given: 2 hours" in text and "Reading and checking" in text and "University of Northfield" in text
        tags = pdf_tags(pdf)
        assert (
            tags.marked
            and tags.title == f"Certificate of contribution: {name}"
            and tags.structure[:3] == ["Document", "Sect", "H1"]
        )
    client.force_login(people.partner)
    response = client.get(reverse("credits:certificate"))
    assert response["Content-Type"] == "application/pdf"
    assert "Amira Hassan" in pdf_text(response.content)


def test_certificate_still_there_after_leaving(people, client):
    confirmed(people, people.partner)
    people.partner.memberships.update(status="left")
    client.force_login(people.partner)
    assert "Time given: 2 hours" in pdf_text(client.get(reverse("credits:certificate")).content)
    assert people.project.title in client.get(reverse("credits:mine")).content.decode()


def test_certificate_kept_once_made_but_never_stale(people, client):
    confirmed(people, people.partner)
    client.force_login(people.partner)
    url = reverse("credits:certificate")
    first = client.get(url).content
    assert client.get(url).content == first  # the same certificate, kept
    confirmed(people, people.partner, slug="co_writing")
    people.partner.full_name = "عائشة Hassan"
    people.partner.save(update_fields=["full_name"])
    text = pdf_text(client.get(url).content)
    assert "Time given: 4 hours" in text and name_prints("عائشة Hassan", text, exact=False)


def test_certificate_sums_each_project_from_many_entries(people):
    for _ in range(3):
        confirmed(people, people.partner)
    confirmed(people, people.partner, slug="co_writing")
    [organisation] = selectors.certificate_data(user=people.partner)
    [project] = organisation.projects
    assert project.hours == Decimal("8") and len(project.types) == 2 and project.title == people.project.title


def _urls(people, output):
    p = people.project.pk
    return {
        "mine": (reverse("credits:mine"), {"partner": 200, "organiser": 200, "outsider": 200, "anon": 302}),
        "people": (
            reverse("credits:people", args=[p]),
            {"partner": 200, "organiser": 200, "outsider": 404, "anon": 302},
        ),
        "add": (reverse("credits:add", args=[p]), {"partner": 200, "organiser": 200, "outsider": 404, "anon": 302}),
        "ledger": (
            reverse("credits:ledger", args=[p]),
            {"partner": 403, "organiser": 200, "outsider": 404, "anon": 302},
        ),
        "outputs": (
            reverse("credits:outputs", args=[p]),
            {"partner": 403, "organiser": 200, "outsider": 404, "anon": 302},
        ),
        "new": (
            reverse("credits:output_new", args=[p]),
            {"partner": 403, "organiser": 200, "outsider": 404, "anon": 302},
        ),
        "output": (
            reverse("credits:output", args=[p, output.pk]),
            {"partner": 403, "organiser": 200, "outsider": 404, "anon": 302},
        ),
        "json": (
            reverse("credits:output_json", args=[p, output.pk]),
            {"partner": 403, "organiser": 200, "outsider": 404, "anon": 302},
        ),
        "naming": (
            reverse("credits:naming", args=[output.pk]),
            {"partner": 200, "organiser": 404, "outsider": 404, "anon": 302},
        ),
    }


def test_permission_table(people, client):
    mine = confirmed(people, people.partner)
    output = services.output_create(
        actor=people.organiser, project=people.project, kind="talk", title=evil("Talk"), contributions=[mine]
    )
    who = {"partner": people.partner, "organiser": people.organiser, "outsider": people.outsider, "anon": None}
    for name, (url, expected) in _urls(people, output).items():
        for role, status in expected.items():
            client.logout()
            if who[role]:
                client.force_login(who[role])
            response = client.get(url)
            assert response.status_code == status, (name, role, response.status_code)
            if status == 200 and "html" in response["Content-Type"]:
                assert EVIL not in response.content.decode(), (name, role)


def test_organiser_records_and_publishes_through_pages(people, client):
    mine = confirmed(people, people.partner)
    client.force_login(people.organiser)
    url = reverse("credits:output_new", args=[people.project.pk])
    page = client.post(url, {"kind": "report", "title": "My report"}).content.decode()
    assert "Choose at least one contribution." in page and "My report" in page
    response = client.post(url, {"kind": "report", "title": "My report", "contributions": [mine.pk]})
    output = Output.objects.get()
    assert response.status_code == 302
    page_url = reverse("credits:output", args=[people.project.pk, output.pk])
    client.post(page_url, {"action": "tell"})
    page = client.post(page_url, {"action": "publish", "link": "not a link"}).content.decode()
    assert "Write the whole web link" in page
    client.post(page_url, {"action": "publish", "link": "https://example.org/r"})
    output.refresh_from_db()
    assert output.status == "published" and output.link == "https://example.org/r"


def _many(people, n):
    for i in range(n):
        Contribution.objects.create(
            person=people.partner,
            project=people.project,
            type=kind("ideas"),
            date=dt.date(2026, 1, 1) + dt.timedelta(days=i),
            source="person",
            hours=1,
        )


@pytest.mark.parametrize("n", [2, 40])
def test_query_counts_do_not_grow(people, n):
    _many(people, n)
    with CaptureQueriesContext(connection) as mine_q:
        selectors.my_contributions(user=people.partner)
    with CaptureQueriesContext(connection) as people_q:
        selectors.project_people(project=people.project)
    with CaptureQueriesContext(connection) as cert_q:
        selectors.certificate_data(user=people.partner)
    assert (len(mine_q), len(people_q), len(cert_q)) == (3, 2, 1)


def test_snippet_needs_no_queries(people):
    from django.template.loader import render_to_string

    from roundtable.projects.permissions import project_access

    access = project_access(people.organiser, people.project)
    with CaptureQueriesContext(connection) as q:
        html = render_to_string("credits/panels/project.html", {"project": people.project, "access": access})
    assert len(q) == 0 and "Help to credit" in html


def test_another_person_never_sees_my_contributions(people, client):
    make_person("x@example.com", "X Person")
    confirmed(people, people.partner)
    client.force_login(people.joe)
    assert "Read the draft" not in client.get(reverse("credits:mine")).content.decode()
