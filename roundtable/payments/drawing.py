"""The rows of the organiser's claims page drawn in Python, one pass a list (the template tags in
``templatetags/rt_claims.py`` call these; they read nothing from the database).

The page shows three lists of up to 25 rows each; drawing each row with template look-ups, ``{% url %}``
and filters cost more than the page's queries (issue 19, bench/payments.py). The markup is the same as
the template's was.
"""

from __future__ import annotations

from django.template.defaultfilters import date
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from roundtable.lib.money import format_money

# Status -> the GOV.UK tag colour beside its name; any other status is grey.
COLOURS = {"paid": "green", "queried": "yellow", "draft": "yellow", "approved": "blue"}


def claim_status(claim) -> SafeString:
    """``<strong class="govuk-tag ...">Status</strong>``, then "Paid for you in advance" and "On hold"
    tags when they apply. ``claim`` is a Claim (reads ``status``, ``paid_in_advance`` and ``held_at``)."""
    tags = [(COLOURS.get(claim.status, "grey"), claim.get_status_display())]
    if claim.paid_in_advance:
        tags.append(("green", _("Paid for you in advance")))
    if claim.held_at:
        tags.append(("red", _("On hold")))
    return format_html_join(" ", '<strong class="govuk-tag govuk-tag--{}">{}</strong>', tags)


def _claim_links(claims) -> list[tuple[object, str, str, str, str]]:
    """(claim, link, "Who: what", day, amount) for each claim; one reverse() for the list."""
    pattern = reverse("payments:claim", args=[0])
    head, tail = pattern.rsplit("0", 1)
    return [
        (
            claim,
            f"{head}{claim.pk}{tail}",
            f"{claim.claimant}: {claim.activity or claim.get_expense_kind_display()}",
            date(claim.work_date, "j M Y"),
            format_money(claim.payable, claim.currency) if claim.payable is not None else "",
        )
        for claim in claims
    ]


def waiting_items(claims) -> SafeString:
    """The ``<li>`` of each claim waiting for approval: a link to it with who, what and the day, then the
    amount. ``claims`` are Claims with their claimant read."""
    return format_html_join(
        "",
        '\n  <li><a class="govuk-link" href="{}">{}, {}</a> {}</li>\n',
        ((link, label, day, amount) for _claim, link, label, day, amount in _claim_links(claims)),
    )


def other_rows(claims) -> SafeString:
    """The table row of each other claim: a link with who and what, the day, the amount and its status tag."""
    return format_html_join(
        "",
        '\n<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a><br>'
        '<span class="govuk-body-s">{}</span></td><td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td></tr>\n',
        ((link, label, day, amount, claim_status(claim)) for claim, link, label, day, amount in _claim_links(claims)),
    )


def member_items(members, *, project_id: int, organiser: bool) -> SafeString:
    """The ``<li>`` of each member: for an organiser, links to claim time or costs for them; for anyone
    else, their name."""
    if not organiser:
        return format_html_join("", "<li>{}</li>", ((str(member),) for member in members))
    time_url = reverse("payments:claim_new", args=[project_id, "time"])
    costs_url = reverse("payments:claim_new", args=[project_id, "expense"])
    return format_html_join(
        "",
        '<li><a class="govuk-link" href="{}?for={}">{}</a> · <a class="govuk-link" href="{}?for={}">{}</a></li>',
        (
            (
                time_url,
                member.pk,
                _("Claim time for %(who)s") % {"who": member},
                costs_url,
                member.pk,
                _("Claim costs for %(who)s") % {"who": member},
            )
            for member in members
        ),
    )
