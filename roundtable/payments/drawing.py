"""The rows of the claims pages drawn in Python, one pass a list (the template tags in
``templatetags/rt_claims.py`` call these; they read nothing from the database).

The organiser's claims page shows three lists of up to 25 rows each, and a person's own claims page
("Your claims and payments") the claims they must check and a page of the rest; drawing each row with
template look-ups, ``{% url %}``, includes and filters cost more than the pages' queries (issue 19,
bench/payments.py). The markup is the same as the templates' was.
"""

from __future__ import annotations

from django.template.defaultfilters import date
from django.urls import reverse
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
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


def _money(amount, currency: str) -> str:
    """As the ``money`` filter: empty for no amount."""
    return "" if amount is None or amount == "" else format_money(amount, currency)


def _note(text: str) -> str:
    return f'<br><span class="govuk-body-s">{text}</span>'


def claim_notes(claim) -> SafeString:
    """The notes under a claim its claimant reads, each on a line of its own: paid for them in advance
    (and so not income), made by someone for them or sent by the team for them, and on hold with why.
    ``claim`` is a Claim with ``created_by`` read. Every word from the record is escaped; the sentences are
    our translations, as ``{% blocktranslate %}`` would give them."""
    out = []
    if claim.paid_in_advance:
        sentence = _("We paid %(a)s for you in advance, so you did not pay it. It is not income for you.")
        out.append(_note(sentence % {"a": escape(_money(claim.amount, claim.currency))}))
    if claim.by_proxy and claim.created_by_id and claim.created_by_id != claim.claimant_id:
        out.append(_note(_("%(who)s did this for you.") % {"who": escape(claim.created_by)}))
    elif claim.submitted_by_proxy:
        out.append(_note(_("Someone from the team sent this for you.")))
    if claim.held_at:
        sentence = _("We are holding this back for now: %(why)s")
        out.append(_note(sentence % {"why": escape(claim.held_reason)}))
    return mark_safe("".join(out))  # noqa: S308 - every word from the record escaped above


def _claim_path(pattern: str, pk: int) -> str:
    head, tail = pattern.rsplit("0", 1)
    return f"{head}{pk}{tail}"


def _allowance_tag(claim, warnings) -> str:
    if claim.pk not in warnings:
        return ""
    # Our own words, as {% translate %} gives them (a template's literal is not escaped).
    words = _("Check your Carer's Allowance")
    return f'<br><strong class="govuk-tag govuk-tag--red">{words}</strong>'


def draft_items(claims, warnings) -> SafeString:
    """The ``<li>`` of each claim its claimant must check (a draft from the register, or one queried): a
    link with what and the day, the amount, its status and notes, and the Carer's Allowance tag when
    ``warnings`` (by claim id) has one."""
    pattern = reverse("payments:claim", args=[0])
    out = []
    for claim in claims:
        what = claim.activity or claim.get_kind_display()
        out.append(
            f'\n  <li class="govuk-!-margin-bottom-4"><a class="govuk-link" href="{_claim_path(pattern, claim.pk)}">'
            f"{escape(what)}, {escape(date(claim.work_date, 'j F Y'))}</a>: "
            f"{escape(_money(claim.amount, claim.currency))} {claim_status(claim)}{claim_notes(claim)}\n"
            f"  {_allowance_tag(claim, warnings)}</li>\n"
        )
    return mark_safe("".join(out))  # noqa: S308 - every word from the record escaped above


def my_claim_rows(claims, warnings) -> SafeString:
    """The table row of each of a person's other claims: a link with what, the day and the project, the
    notes, the amount (what we paid in advance, or what is payable) and its status, with the Carer's
    Allowance tag when ``warnings`` (by claim id) has one. ``claims`` have ``project`` and ``created_by`` read."""
    pattern = reverse("payments:claim", args=[0])
    out = []
    for claim in claims:
        what = claim.activity or claim.get_expense_kind_display() or claim.get_kind_display()
        amount = claim.amount if claim.paid_in_advance else claim.payable
        out.append(
            '\n  <tr class="govuk-table__row">\n'
            f'    <td class="govuk-table__cell"><a class="govuk-link" href="{_claim_path(pattern, claim.pk)}">'
            f'{escape(what)}</a><br><span class="govuk-body-s">{escape(date(claim.work_date, "j M Y"))}, '
            f"{escape(claim.project.title)}</span>{claim_notes(claim)}</td>\n"
            f'    <td class="govuk-table__cell">{escape(_money(amount, claim.currency))}</td>\n'
            f'    <td class="govuk-table__cell">{claim_status(claim)}{_allowance_tag(claim, warnings)}</td>\n'
            "  </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every word from the record escaped above
