"""A person's own claims page ("Your claims and payments") shows every claim they have, a page at a time
(issue 19: lists that grow are paged), with the claims they must check always first.

The old page read the newest 100 claims and said nothing of the rest, so someone with a long history could
not find an older claim to check what was paid. Its rows are now drawn in Python (payments/drawing.py);
the last test checks they say what the old template said, tag for tag."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roundtable.payments import selectors, services
from roundtable.payments.models import Claim, ClaimStatus
from roundtable.payments.selectors import MY_CLAIMS_PER_PAGE

pytestmark = pytest.mark.django_db

# A fixed moment: the Carer's Allowance check works out pay days from today (a Monday in term time, London).
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _claims(people, *, status: str, count: int, activity: str, **fields) -> list[Claim]:
    start = dt.date(2026, 1, 1)
    base = {
        "organisation": people.organisation, "project": people.project, "claimant": people.partner,
        "kind": "time", "hours": Decimal("1"), "amount": Decimal("25.00"), "payable": Decimal("25.00"),
        "currency": "GBP",
    }  # fmt: skip
    return Claim.objects.bulk_create(
        [
            Claim(
                **{**base, **fields},
                status=status,
                work_date=start + dt.timedelta(days=n),
                activity=f"{activity} {n}" if activity else "",
            )
            for n in range(count)
        ]
    )


def _page(client, people, query: str = "") -> str:
    client.force_login(people.partner)
    response = client.get(reverse("payments:mine") + query)
    assert response.status_code == 200
    return response.content.decode()


def test_every_claim_can_be_reached_a_page_at_a_time_and_those_to_check_come_first(client, people):
    _claims(people, status=ClaimStatus.DRAFT, count=2, activity="Check")
    _claims(people, status=ClaimStatus.APPROVED, count=2 * MY_CLAIMS_PER_PAGE + 3, activity="Paid")
    total = 2 * MY_CLAIMS_PER_PAGE + 3
    first = _page(client, people)
    assert "Check 0," in first and "Check 1," in first
    assert f"Paid {total - 1}<" in first and f"Paid {total - MY_CLAIMS_PER_PAGE}<" in first  # newest first
    assert f"Paid {total - MY_CLAIMS_PER_PAGE - 1}<" not in first
    assert f"You have {total} claims. Showing 1 to {MY_CLAIMS_PER_PAGE}, newest first." in first
    assert 'href="?page=2#claims"' in first

    seen = set()
    for page in (1, 2, 3):
        html = _page(client, people, f"?page={page}")
        assert "Check 0," in html  # the claims to check stay on every page
        seen.update(int(n) for n in re.findall(r">Paid (\d+)<", html))
    assert seen == set(range(total))  # every claim once, none left out


def test_a_page_past_the_last_or_made_up_shows_a_real_page(client, people):
    _claims(people, status=ClaimStatus.APPROVED, count=3, activity="Sent")
    for query in ("?page=9", "?page=x", "?page=-1", "?page=99999999999999"):
        assert "Sent 2<" in _page(client, people, query), query


def test_the_queries_stay_the_same_with_many_claims(client, people):
    services.benefit_record_set(actor=people.partner, user=people.partner, data={"carers_allowance": True})
    counts = []
    for extra in (3, 3 * MY_CLAIMS_PER_PAGE):
        _claims(people, status=ClaimStatus.DRAFT, count=1, activity="Check")
        _claims(people, status=ClaimStatus.APPROVED, count=extra, activity="Sent")
        _page(client, people)
        from django.db import connection

        with CaptureQueriesContext(connection) as ctx:
            _page(client, people)
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


# What the page's template drew for each claim before the rows moved into Python (issue 19).
OLD_DRAFTS = """{% load i18n rt_money rt_claims %}{% for c in data.drafts %}
  <li class="govuk-!-margin-bottom-4"><a class="govuk-link" href="{% url 'payments:claim' c.pk %}">{{ c.activity|default:c.get_kind_display }}, {{ c.work_date|date:"j F Y" }}</a>: {{ c.amount|money:c.currency }} {% include "payments/includes/status.html" %}NOTES
  {% if c.pk in data.warnings %}<br><strong class="govuk-tag govuk-tag--red">{% translate "Check your Carer's Allowance" %}</strong>{% endif %}</li>
{% endfor %}"""  # noqa: E501
OLD_ROWS = """{% load i18n rt_money rt_claims %}{% for c in data.claims %}
  <tr class="govuk-table__row">
    <td class="govuk-table__cell"><a class="govuk-link" href="{% url 'payments:claim' c.pk %}">{{ c.activity|default:c.get_expense_kind_display|default:c.get_kind_display }}</a><br><span class="govuk-body-s">{{ c.work_date|date:"j M Y" }}, {{ c.project.title }}</span>NOTES</td>
    <td class="govuk-table__cell">{% if c.paid_in_advance %}{{ c.amount|money:c.currency }}{% else %}{{ c.payable|money:c.currency }}{% endif %}</td>
    <td class="govuk-table__cell">{% include "payments/includes/status.html" %}{% if c.pk in data.warnings %}<br><strong class="govuk-tag govuk-tag--red">{% translate "Check your Carer's Allowance" %}</strong>{% endif %}</td>
  </tr>
  {% endfor %}"""  # noqa: E501
OLD_NOTES = """{% load i18n rt_money %}{% if c.paid_in_advance %}<br><span class="govuk-body-s">{% blocktranslate with a=c.amount|money:c.currency %}We paid {{ a }} for you in advance, so you did not pay it. It is not income for you.{% endblocktranslate %}</span>{% endif %}{% if c.by_proxy and c.created_by and c.created_by_id != c.claimant_id %}<br><span class="govuk-body-s">{% blocktranslate with who=c.created_by %}{{ who }} did this for you.{% endblocktranslate %}</span>{% elif c.submitted_by_proxy %}<br><span class="govuk-body-s">{% translate "Someone from the team sent this for you." %}</span>{% endif %}{% if c.held_at %}<br><span class="govuk-body-s">{% blocktranslate with why=c.held_reason %}We are holding this back for now: {{ why }}{% endblocktranslate %}</span>{% endif %}"""  # noqa: E501


def _squeezed(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def test_the_rows_drawn_in_python_say_what_the_template_said(client, people):
    from roundtable.payments import drawing

    people.project.title = 'Short breaks & "respite" <review>'
    people.project.save(update_fields=["title"])
    _claims(people, status=ClaimStatus.DRAFT, count=1, activity="Register <check>")
    _claims(people, status=ClaimStatus.QUERIED, count=1, activity="", created_by=people.organiser)
    _claims(people, status=ClaimStatus.APPROVED, count=1, activity="Train", kind="expense", expense_kind="travel",
            paid_in_advance=True, amount=Decimal("42.10"), payable=Decimal("0"))  # fmt: skip
    _claims(people, status=ClaimStatus.SUBMITTED, count=1, activity="", kind="expense", expense_kind="childcare",
            submitted_by_proxy=True)  # fmt: skip
    _claims(people, status=ClaimStatus.APPROVED, count=1, activity="Interview", held_at=timezone.now(),
            held_reason="Bank details <missing> & 'checked'")  # fmt: skip
    _claims(people, status=ClaimStatus.REFUSED, count=1, activity="Meeting")
    data = selectors.my_payments(user=people.partner)
    data.warnings = {claim.pk: object() for claim in [*data.drafts, *data.claims][::2]}
    assert len(data.drafts) == 2 and len(data.claims) == 4
    old_notes = {}
    for claim in [*data.drafts, *data.claims]:
        old_notes[claim.pk] = Template(OLD_NOTES).render(Context({"c": claim}))
        assert _squeezed(drawing.claim_notes(claim)) == _squeezed(old_notes[claim.pk])
    notes = "".join(old_notes.values())
    assert "We paid £42.10 for you in advance" in notes and f"{people.organiser} did this for you." in notes
    assert "Someone from the team sent this for you." in notes and "&lt;missing&gt; &amp; &#x27;checked&#x27;" in notes

    def old(template: str, claims) -> str:
        html = ""
        for claim in claims:  # each row with its own notes, as the include drew them
            one = template.replace("NOTES", old_notes[claim.pk].replace("{", "{% templatetag openbrace %}"))
            html += Template(one).render(Context({"data": {**vars(data), "drafts": [claim], "claims": [claim]}}))
        return html

    assert _squeezed(drawing.draft_items(data.drafts, data.warnings)) == _squeezed(old(OLD_DRAFTS, data.drafts))
    assert _squeezed(drawing.my_claim_rows(data.claims, data.warnings)) == _squeezed(old(OLD_ROWS, data.claims))
    page = _page(client, people)
    assert "Short breaks &amp; &quot;respite&quot; &lt;review&gt;" in page and "Register &lt;check&gt;" in page
