"""An evidence pack against the six UK Standards for Public Involvement (NIHR, CSO, Health and Care
Research Wales, Public Health Agency; final version November 2019), in their published order: 1 inclusive
opportunities, 2 working together, 3 support and learning, 4 governance, 5 communications, 6 impact.

For each standard: what it asks, in plain words, and what the project's record shows, each with a link
to the page it comes from. Each piece of evidence says whether it shows the standard being met
(``met`` True), a gap (False), or nothing yet (None). Nobody is named.

Where a piece of evidence covers the same ground as one of the health check's ten signs, it reads the
same measure (``selectors.measure_project``) and shows the sign's rating and summary, so the pack and
the health check never disagree: a sign "at risk" or "needs attention" makes the evidence a gap.
``SIGNS_FOR`` lists which signs each piece reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from roundtable.health.models import Rating
from roundtable.health.registry import Finding, signs
from roundtable.health.reports.gripp2 import plural
from roundtable.health.reports.record import INCLUSIVE, project_record
from roundtable.health.selectors import measure_project
from roundtable.projects.models import Project
from roundtable.updates.models import ProgressUpdate


@dataclass(frozen=True)
class SignCheck:
    """What the health check found for one sign that a piece of evidence overlaps (no names)."""

    number: int
    title: str
    rating: Rating
    summary: str
    plain: str = ""  # the sign in plain words (Sign.plain)

    @property
    def rating_label(self) -> str:
        return Rating(self.rating).label


@dataclass
class Evidence:
    text: str
    url: str
    link_text: str
    met: bool | None = None
    signs: list[SignCheck] = field(default_factory=list)


# The ratings that mean the health check sees a problem: evidence reading such a sign is never "Shows it".
WORRYING = (Rating.AT_RISK, Rating.ATTENTION)

# Which of the ten signs each overlapping piece of evidence reads, by topic.
SIGNS_FOR: dict[str, tuple[int, ...]] = {
    "role offer": (5,),  # sign 5, transparency
    "barriers": (4,),  # sign 4, barriers (listening)
    "pay": (7, 9),  # sign 7, unpaid work; sign 9, the only one not paid
    "papers": (6,),  # sign 6, papers in advance
    "decisions": (1,),  # sign 1, doing to, not with
    "you said, we did": (2,),  # sign 2, minimisation (listening)
    "outcome": (10,),  # sign 10, the outcome shared
}


def agree_with_signs(evidence: Evidence, findings: dict[int, tuple[str, Finding]], numbers: tuple[int, ...]) -> None:
    """Attach the health check's findings for sign ``numbers`` to ``evidence``, and make it a gap
    (``met`` False) when any of them is "at risk" or "needs attention". ``findings``: sign number to
    (sign title, Finding), as ``selectors.measure_project`` gives them. Changes ``evidence`` in place."""
    plain = {sign.number: str(sign.plain) for sign in signs()}
    for number in numbers:
        if number not in findings:
            continue
        title, finding = findings[number]
        evidence.signs.append(SignCheck(number, title, finding.rating, finding.summary, plain.get(number, "")))
        if finding.rating in WORRYING:
            evidence.met = False


@dataclass
class Standard:
    number: int
    name: str
    asks: str
    evidence: list[Evidence] = field(default_factory=list)


def _offer_gaps(project: Project) -> list[str]:
    gaps = []
    for label, value in (
        ("what the project is for", project.purpose),
        ("what partners will do", project.partner_activities),
        ("how much say partners will have", project.ladder_step),
        ("what will happen to partners' ideas", project.input_use),
        ("how we will share the outcome", project.outcome_promise),
    ):
        if not str(value or "").strip():
            gaps.append(label)
    if not project.pay_rate_id and not project.unpaid_reason.strip():
        gaps.append("pay, or why the role is unpaid")
    return gaps


def standards_pack(project: Project, *, as_of: dt.datetime | None = None) -> list[Standard]:
    """The six standards in their published order, each with the record's evidence as at ``as_of`` (default now)."""
    as_of = as_of or timezone.now()
    rec = project_record(project, end=as_of + INCLUSIVE)
    findings = {sign.number: (sign.title, finding) for sign, finding in measure_project(project, as_of=as_of)}
    pk = project.pk
    offer = reverse("projects:offer", args=[pk])
    meetings = reverse("meetings:list", args=[pk])
    barriers = reverse("feedback:barriers", args=[pk])
    boards = reverse("feedback:boards", args=[pk])
    responses = reverse("feedback:responses", args=[pk])
    decisions = reverse("decisions:log", args=[pk])
    updates = reverse("updates:list", args=[pk])
    claims = reverse("payments:project_claims", args=[pk])
    ledger = reverse("credits:ledger", args=[pk])
    outputs = reverse("credits:outputs", args=[pk])
    gaps = _offer_gaps(project)
    updates_count = ProgressUpdate.objects.filter(project=project, published_at__lt=rec.end).count()
    told = sum(o.told for o in rec.outcomes)
    paid = bool(rec.fees_paid or rec.expenses_paid)

    one = Standard(
        1, "Inclusive opportunities", "Offer involvement that people can get to, and reach the people the work needs."
    )
    one.evidence = [
        Evidence(
            "The role offer says everything people need before they join."
            if not gaps
            else "The role offer does not yet say: " + ", ".join(gaps) + ".",
            offer, "Read the role offer", not gaps,
        ),
        Evidence(
            f"{plural(rec.partners, 'partner')} with lived experience took part.", meetings, "See meetings",
            rec.partners > 0,
        ),
        Evidence(
            f"{plural(rec.barriers, 'barrier')} to taking part were raised; {rec.barriers_answered} were answered.",
            barriers, "See the barrier log",
            None if not rec.barriers else rec.barriers_answered == rec.barriers,
        ),
    ]  # fmt: skip
    two = Standard(2, "Working together", "Value every contribution, and build good working relationships.")
    two.evidence = [
        Evidence(
            f"{plural(rec.meetings, 'meeting')} held; partners came {plural(rec.partner_attendances, 'time')}.",
            meetings, "See meetings", None if not rec.meetings else rec.partner_attendances > 0,
        ),
        Evidence(f"{plural(rec.boards, 'idea board')} with {plural(rec.notes, 'note')}.", boards, "See idea boards",
                 None if not rec.boards else rec.notes > 0),
        Evidence(
            f"{plural(sum(count for _name, count, _hours in rec.contributions), 'contribution')} "
            "confirmed in the project's ledger.",
            ledger, "See contributions", bool(rec.contributions) or None,
        ),
    ]  # fmt: skip
    if rec.heard is not None:
        two.evidence.append(
            Evidence(
                f"Partners rated feeling heard {rec.heard} out of 5 in check-ins.",
                meetings,
                "See meetings",
                rec.heard >= 4,
            )
        )
    three = Standard(
        3, "Support and learning", "Give people the support and training they need, partners and staff alike."
    )
    three.evidence = [
        Evidence(
            "Partners were paid for their time and costs." if paid else "No payments to partners are recorded yet.",
            claims, "See claims and payments", paid or (None if not project.pay_rate_id else False),
        ),
        Evidence(
            "The offer names a contact for help between meetings."
            if project.contact_id else "The offer does not name a contact for help between meetings.",
            offer, "Read the role offer", bool(project.contact_id),
        ),
        Evidence(
            f"{rec.papers - rec.papers_late} of {plural(rec.papers, 'paper')} reached people in time to get ready.",
            meetings, "See meetings", None if not rec.papers else rec.papers_late == 0,
        ),
    ]  # fmt: skip
    four = Standard(5, "Communications", "Use plain words, and keep talking both ways, in good time.")
    four.evidence = [
        Evidence(
            f"{plural(updates_count, 'progress update')} sent to partners.", updates, "See updates",
            updates_count > 0 or None,
        ),
        Evidence(
            f'{plural(len(rec.responses), "answer")} of "you said, we did" to what partners told us.',
            responses, 'See "you said, we did"', bool(rec.responses) or None,
        ),
        Evidence(f"{plural(rec.check_ins, 'check-in')} after meetings asked how it went.", meetings, "See meetings",
                 rec.check_ins > 0 or None),
    ]  # fmt: skip
    five = Standard(6, "Impact", "Record and share the difference involvement made.")
    five.evidence = [
        Evidence(f"We changed something {plural(rec.changed, 'time')} because of what partners said.", responses,
                 'See "you said, we did"', rec.changed > 0 or None),
        Evidence(f"{plural(len(rec.outcomes), 'outcome')} shared, sent {plural(told, 'time')} to members.", updates,
                 "See outcomes", bool(rec.outcomes) or None),
        Evidence(f"{plural(len(rec.outputs), 'output')} made, such as papers and leaflets.", outputs, "See outputs",
                 bool(rec.outputs) or None),
    ]  # fmt: skip
    six = Standard(4, "Governance", "Put partners where decisions are made, so the work serves the public.")
    six.evidence = [
        Evidence(
            f"Partners voted in {rec.decisions_partners_voted} of {plural(rec.decisions, 'decision')}.",
            decisions, "See decisions",
            None if not rec.decisions else rec.decisions_partners_voted * 2 >= rec.decisions,
        ),
        Evidence(
            f"{plural(rec.decisions_against_partners, 'decision')} went against what partners chose; "
            f"{rec.decisions_without_partners} were made without them.",
            decisions, "See decisions",
            None if not rec.decisions else not (rec.decisions_against_partners or rec.decisions_without_partners),
        ),
        Evidence(
            f"The offer promised: {project.get_ladder_step_display()}."
            if project.ladder_step else "The offer does not say how much say partners will have.",
            offer, "Read the role offer", bool(project.ladder_step),
        ),
    ]  # fmt: skip
    for evidence, topic in (
        (one.evidence[0], "role offer"),
        (one.evidence[2], "barriers"),
        (three.evidence[0], "pay"),
        (three.evidence[2], "papers"),
        (six.evidence[0], "decisions"),
        (six.evidence[1], "decisions"),
        (four.evidence[1], "you said, we did"),
        (five.evidence[0], "you said, we did"),
        (five.evidence[1], "outcome"),
    ):
        agree_with_signs(evidence, findings, SIGNS_FOR[topic])
    return [one, two, three, six, four, five]
