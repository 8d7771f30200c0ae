"""The GRIPP2 section of a paper, drafted from the project's record (issue 15, "Reports").

GRIPP2 is the checklist journals ask for when a paper reports patient and public involvement
(Staniszewska et al., BMJ 2017;358:j3453; Res Involv Engagem 2017;3:13). Its short form (GRIPP2-SF)
has five items: aim, methods, results, outcomes, reflections. We draft those five from the record,
then four items of the long form (GRIPP2-LF) where the record allows: the people involved, the
stages of involvement, the cost of involvement, and thanks to partners by name as each agreed.

Each section is plain text (paragraphs split by a blank line; a line starting "- " is a list item).
An organiser can replace any section's words (``services.section_save``); ``gripp2_report`` gives
the organiser's words where they saved some, else the draft from the record. Either way, names of
people who did not agree to be named are taken out (``people.Naming.redact``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from roundtable.health.counting import hours_words, percent_words, share_percent
from roundtable.health.models_reports import ReportDraft
from roundtable.health.reports.people import Naming, project_naming
from roundtable.health.reports.record import (
    INCLUSIVE,
    MIN_PEOPLE_FOR_AVERAGE,
    PartnerHours,
    Record,
    partner_hours,
    project_record,
)
from roundtable.health.reports.text import clean_text
from roundtable.lib.i18n import day_words
from roundtable.lib.money import format_money
from roundtable.projects.models import MemberRole, Project

REPORT = "gripp2"


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    item: str  # the GRIPP2 item it answers


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("aim", "Aim of involvement", "GRIPP2-SF item 1; long form section 3"),
    SectionSpec("methods", "Methods: how partners took part", "GRIPP2-SF item 2; long form section 4"),
    SectionSpec("results", "Results: what involvement led to", "GRIPP2-SF item 3; long form section 7"),
    SectionSpec("outcomes", "Outcomes: how far involvement changed the work", "GRIPP2-SF item 4; long form section 8"),
    SectionSpec("reflections", "Reflections: what went well and what did not", "GRIPP2-SF item 5; long form section 9"),
    SectionSpec("people", "People involved", "GRIPP2-LF section 4: people involved"),
    SectionSpec("stages", "Stages of involvement", "GRIPP2-LF section 4: stages and level of involvement"),
    SectionSpec("costs", "Cost of involvement", "GRIPP2-LF section 6: economic assessment"),
    SectionSpec("thanks", "Thanks to partners", "Acknowledgements, named only as each person agreed"),
)
SECTION_KEYS = frozenset(spec.key for spec in SECTIONS)


@dataclass
class Section:
    """One section as shown and exported: ``text`` is what goes out (edited or drafted, names redacted)."""

    key: str
    title: str
    item: str
    text: str
    drafted: str
    edited: bool
    edited_by: str = ""
    edited_at: dt.datetime | None = None
    names_taken_out: int = 0


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 meeting', '3 meetings'; ``many`` for words that do not just add an s."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _money(amounts) -> str:
    return " and ".join(format_money(m.amount, m.currency) for m in amounts) or format_money(0, "GBP")


def _hours(value: Decimal) -> str:
    """Hours in words, by the one rule in ``health.counting`` ("7.5 hours", "1 hour", "under 0.1 hours")."""
    return hours_words(Decimal(value))


def _aim(project: Project, rec: Record) -> str:
    parts = []
    if project.purpose.strip():
        parts.append(f"The aim of the project was: {project.purpose.strip()}")
    if project.partner_activities.strip():
        parts.append(f"We asked partners with lived experience to: {project.partner_activities.strip()}")
    if project.ladder_step:
        parts.append(
            f"Before anyone joined, the role offer said how much say partners would have: "
            f"{project.get_ladder_step_display()} on the ladder of co-production. {project.ladder_explanation}"
        )
    if project.hours_per_month:
        parts.append(f"The offer asked for about {_hours(project.hours_per_month)} a month.")
    if rec.rate is not None:
        rate = rec.rate
        parts.append(
            f"Partners were offered pay for their time: {format_money(rate.amount, rate.currency)} "
            f"{rate.get_unit_display()}, with costs such as travel and childcare paid back."
        )
    elif project.unpaid_reason.strip():
        parts.append(f"The role was not paid. The reason given was: {project.unpaid_reason.strip()}")
    return "\n\n".join(parts) or "The record does not say what the aim of involvement was yet."


def _methods(rec: Record) -> str:
    lines = [
        f"Partners took part in {plural(rec.meetings, 'meeting')}. "
        f"Partners came to {plural(rec.meetings_with_partners, 'meeting')} of these; "
        f"{plural(rec.partners_attended, 'partner')} came at least once, "
        f"{plural(rec.partner_attendances, 'time')} in all.",
    ]
    ways = []
    if rec.papers:
        ways.append(f"- {plural(rec.papers, 'paper')} sent out before meetings ({rec.papers_late} late)")
    if rec.boards:
        ways.append(f"- {plural(rec.boards, 'idea board')}, with {plural(rec.notes, 'note')}")
    if rec.check_ins:
        ways.append(
            f"- {plural(rec.check_ins, 'check-in')} after meetings, with {plural(rec.check_in_answers, 'answer')}"
        )
    if rec.anonymous_feedback:
        ways.append(f"- {plural(rec.anonymous_feedback, 'piece')} of anonymous feedback")
    if rec.barriers:
        ways.append(f"- a log of barriers: {plural(rec.barriers, 'barrier')} raised")
    if rec.decisions:
        ways.append(
            f"- shared decisions: {plural(rec.decisions, 'decision')}, "
            f"with partners voting in {rec.decisions_partners_voted}"
        )
    if ways:
        lines.append("Other ways partners took part:\n" + "\n".join(ways))
    return "\n\n".join(lines)


def _results(rec: Record) -> str:
    parts = []
    if rec.responses:
        could_not = len(rec.responses) - rec.changed
        said = [f"- {r.title}: {r.what_we_did}" for r in rec.responses]
        answered = f'We answered {plural(len(rec.responses), "thing")} partners told us, with "you said, we did". '
        answered += f"We changed something for {rec.changed} of them."
        if could_not:
            answered += f" For {plural(could_not, 'other')}, we said why we could not."
        parts.append(answered + "\n" + "\n".join(said))
    else:
        parts.append('The record has no "you said, we did" answers yet.')
    if rec.contributions:
        kinds = [f"- {name}: {plural(count, 'time')}" for name, count, _hours_given in rec.contributions]
        parts.append("Partners' confirmed contributions:\n" + "\n".join(kinds))
    if rec.outputs:
        made = [f"- {title} ({kind}{', published' if published else ''})" for title, kind, published in rec.outputs]
        parts.append("What the project made:\n" + "\n".join(made))
    return "\n\n".join(parts)


def _outcomes(rec: Record) -> str:
    if not rec.outcomes:
        return "The record has no outcomes shared with partners yet."
    parts = []
    for outcome in rec.outcomes:
        parts.append(
            f"{outcome.title} ({day_words(timezone.localtime(outcome.on))}): {outcome.found}\n"
            f"What partners' ideas and time did: {outcome.input_effect}"
        )
    return "\n\n".join(parts)


def _reflections(rec: Record) -> str:
    good: list[str] = []
    hard: list[str] = []
    if rec.decisions:
        share = share_percent(rec.decisions_partners_voted, rec.decisions) or Decimal(0)
        (good if share >= 50 else hard).append(f"- Partners voted in {percent_words(share)} of decisions.")
    if rec.decisions_against_partners:
        hard.append(f"- {plural(rec.decisions_against_partners, 'decision')} went against what partners chose.")
    if rec.papers:
        (hard if rec.papers_late else good).append(
            f"- {rec.papers - rec.papers_late} of {plural(rec.papers, 'paper')} went out on time."
        )
    if rec.barriers:
        good.append(f"- We answered {rec.barriers_answered} of {plural(rec.barriers, 'barrier')} partners raised.")
        if rec.barriers_not_possible:
            hard.append(f"- We could not remove {plural(rec.barriers_not_possible, 'barrier')}.")
        if rec.barriers_overdue:
            hard.append(f"- {plural(rec.barriers_overdue, 'barrier')} waited past the date we promised an answer.")
        if rec.barriers_counted:
            (good if rec.barriers_on_time == rec.barriers_counted else hard).append(
                f"- {rec.barriers_on_time} of {plural(rec.barriers_counted, 'barrier')} that reached the date we"
                " promised were answered by it."
            )
    for label, value in (("heard", rec.heard), ("valued", rec.valued)):
        if value is not None:
            (good if value >= 4 else hard).append(f"- In check-ins, partners rated feeling {label} {value} out of 5.")
    parts = []
    if good:
        parts.append("What went well:\n" + "\n".join(good))
    if hard:
        parts.append("What did not go so well:\n" + "\n".join(hard))
    if rec.check_in_answers and rec.heard is None:
        parts.append(f"Fewer than {MIN_PEOPLE_FOR_AVERAGE} people answered check-ins, so we do not show averages.")
    parts.append("Add here what the team and partners learned, in your own words.")
    return "\n\n".join(parts)


def _people(rec: Record) -> str:
    roles = {MemberRole.PARTNER: ("partner with lived experience", "partners with lived experience"),
             MemberRole.PROFESSIONAL: ("professional member", "professional members")}  # fmt: skip
    lines = [f"- {plural(rec.members.get(role, 0), *words)}" for role, words in roles.items()]
    text = "People who took part:\n" + "\n".join(lines)
    if rec.left:
        text += f"\n\n{plural(rec.left, 'person', 'people')} left the project."
    return text


def _stages(project: Project, rec: Record) -> str:
    if not rec.steps:
        return "The record does not list the project's steps yet."
    steps = "\n".join(f"- {title}" for title in rec.steps)
    now = f"\n\nThe project is now at: {rec.current_step}." if rec.current_step else ""
    return f"The project's steps, shown to partners from the start:\n{steps}{now}"


def _costs(rec: Record, given: PartnerHours) -> str:
    lines = [
        f"Partners gave {_hours(rec.meeting_hours)} at meetings and claimed for {_hours(rec.claimed_hours)} "
        f"of time in all (meetings, preparation and other work).",
        f"Counting every hour partners gave, as the health check does, partners gave {given.given}. "
        f"Of these, {given.covered} were paid or the partner chose not to be paid. "
        f"{given.not_paid[:1].upper()}{given.not_paid[1:]} were not paid.",
        f"We paid {_money(rec.fees_paid)} for partners' time and {_money(rec.expenses_paid)} for their costs.",
    ]
    if rec.declined_claims:
        lines.append(f"{plural(rec.declined_claims, 'claim')} for time were turned down by the partner's own choice.")
    return "\n\n".join(lines)


def _thanks(naming: Naming) -> str:
    parts = []
    if naming.names:
        parts.append("We thank the people who worked with us: " + ", ".join(naming.names) + ".")
    if naming.unnamed:
        parts.append(f"We also thank {plural(naming.unnamed, 'person', 'people')} who chose not to be named.")
    return " ".join(parts) or "We thank everyone who worked with us."


def drafts_from_record(project: Project, *, as_of: dt.datetime | None = None) -> tuple[dict[str, str], Naming]:
    """Every section's draft from the record as at ``as_of`` (default now), by key, and who may be named.

    The drafts are already redacted (nobody appears by a name they did not agree to) and clean of control
    characters (``text.clean_text``), whatever people typed into the record.
    """
    as_of = as_of or timezone.now()
    rec = project_record(project, end=as_of + INCLUSIVE)
    naming = project_naming(project)
    texts = {
        "aim": _aim(project, rec),
        "methods": _methods(rec),
        "results": _results(rec),
        "outcomes": _outcomes(rec),
        "reflections": _reflections(rec),
        "people": _people(rec),
        "stages": _stages(project, rec),
        "costs": _costs(rec, partner_hours(project, as_of=as_of)),
        "thanks": _thanks(naming),
    }
    return {key: naming.redact(clean_text(text))[0] for key, text in texts.items()}, naming


def gripp2_report(project: Project, *, as_of: dt.datetime | None = None) -> list[Section]:
    """The GRIPP2 section as it stands: each section's saved words, else its draft from the record.

    Returns ``Section`` rows in GRIPP2's order; ``edited_by`` is the editor's name (staff), ``edited_at``
    aware UTC. Names a person did not agree to are replaced in saved words too (``names_taken_out``).
    """
    drafts, naming = drafts_from_record(project, as_of=as_of)
    saved = {
        row.section: row
        for row in ReportDraft.objects.filter(project=project, report=REPORT).select_related("edited_by")
    }
    sections = []
    for spec in SECTIONS:
        row = saved.get(spec.key)
        text, taken = naming.redact(clean_text(row.text)) if row else (drafts[spec.key], 0)
        sections.append(
            Section(
                key=spec.key,
                title=spec.title,
                item=spec.item,
                text=text,
                drafted=drafts[spec.key],
                edited=row is not None,
                edited_by=(row.edited_by.full_name if row and row.edited_by else ""),
                edited_at=row.edited_at if row else None,
                names_taken_out=taken,
            )
        )
    return sections
