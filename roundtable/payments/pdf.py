"""PDFs a person keeps: a statement for a payment run, and the involvement payments letter for the Jobcentre.

HTML templates (``payments/pdf/*.html``) made into tagged PDFs by ``lib/pdf.py`` (WeasyPrint with
Debian's Noto fonts), so names in any script shape and print, and screen readers get the title,
language, headings and tables in reading order. Amounts are formatted by ``lib/money.format_money``
(pounds and pence, for example "£6.40").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.lib.i18n import day_words
from roundtable.lib.money import format_money
from roundtable.lib.pdf import render_pdf_template

# Free, independent benefits advice for the whole of the UK (Citizens Advice's national phone line).
ADVICE_LINE = "Citizens Advice, 0800 144 8848"


def statement_pdf(*, run, person, claims, large: bool = False) -> bytes:
    """A payment run's statement for one person: each claim, what was paid and the total.

    ``claims`` are the person's Claim rows in ``run``; ``large`` prints 18 point. Returns PDF bytes.
    """
    rows = []
    total = Decimal("0")
    for c in claims:
        what = f"{c.project.title}: {c.activity or c.get_expense_kind_display() or c.get_kind_display()}"
        if c.paid_in_advance:
            what += " " + _("(we paid %(amount)s for you in advance, not to you)") % {
                "amount": format_money(c.amount, c.currency)
            }
        elif c.choice == "donate":
            what += " " + _("(given to %(charity)s)") % {"charity": c.charity}
        rows.append(
            {"day": day_words(c.work_date, short=True), "what": what, "amount": format_money(c.payable, c.currency)}
        )
        total += c.payable
    organisation = run.organisation
    return render_pdf_template(
        "payments/pdf/statement.html",
        {
            "organisation": organisation,
            "person_name": str(person),
            "paid_on": day_words(run.paid_on) if run.paid_on else "",
            "reference": run.reference,
            "rows": rows,
            "total": format_money(total, run.currency),
            "advice": ADVICE_LINE,
            "large_print": large,
        },
    )


@dataclass
class _Sender:
    """One organisation's part of the involvement letter: its letterhead, signer and payments."""

    name: str
    address_lines: list[str]
    phone: str
    signer: str
    signer_role: str
    roles: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)


def _signer(claims) -> tuple[str, str]:
    """Who signs for an organisation: the contact of the person's most recent project, else who approved."""
    for c in reversed(claims):
        contact = getattr(c.project, "contact", None)
        if contact is not None:
            return contact.full_name, _("Project contact, %(project)s") % {"project": c.project.title}
    for c in reversed(claims):
        if c.approved_by_id:
            return c.approved_by.full_name, _("Approved these payments")
    return "", ""


def _senders(claims) -> list[_Sender]:
    by_org: dict[int, list] = {}
    for c in claims:
        by_org.setdefault(c.project.organisation_id, []).append(c)
    senders = []
    for group in by_org.values():
        org = group[0].project.organisation
        signer, role = _signer(group)
        sender = _Sender(
            name=org.name,
            address_lines=[line.strip() for line in org.postal_address.splitlines() if line.strip()],
            phone=org.phone,
            signer=signer,
            signer_role=role,
            roles=sorted({c.project.title for c in group}),
        )
        for c in group:
            kind = _("cost paid back") if c.kind == "expense" else _("fee")
            sender.rows.append(
                {
                    "paid_on": day_words(c.paid_on, short=True) if c.paid_on else "",
                    "what": _("%(kind)s, for work on %(day)s")
                    % {"kind": kind, "day": day_words(c.work_date, short=True)},
                    "amount": format_money(c.payable, c.currency),
                }
            )
        senders.append(sender)
    return senders


def involvement_letter_pdf(*, person, claims, large: bool = False) -> bytes:
    """A letter the person can show the Jobcentre: the role, that it is service-user involvement, each payment.

    One page for each organisation that paid them, on its letterhead: the organisation's name,
    postal address and phone number, today's date (London), who signs it and their role. ``claims``
    are the person's paid claims (``selectors.letter_claims``). Returns PDF bytes.
    """
    return render_pdf_template(
        "payments/pdf/involvement.html",
        {
            "person_name": str(person),
            "senders": _senders(claims),
            "today": day_words(timezone.localdate()),
            "advice": ADVICE_LINE,
            "large_print": large,
        },
    )
