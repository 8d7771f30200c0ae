"""The demo has a round table with turns recorded on a past meeting (issue 14, "Demo data")."""

from roundtable.core.demo import load_demo
from roundtable.decisions import demo_rounds
from roundtable.decisions.models_rounds import Turn
from roundtable.decisions.round_tables_selectors import meeting_round_tables, round_table_evidence
from roundtable.projects.models import Project


def test_demo_round_table_on_workshop_1(db):
    load_demo()
    demo_rounds.load()  # core's story calls this once the merger adds it; a second load adds nothing
    demo_rounds.load()
    breaks = Project.objects.get(title="Short breaks for disabled children")
    assert Turn.objects.count() == 4
    turn = Turn.objects.select_related("round_table__meeting", "recorded_by").first()
    meeting = turn.round_table.meeting
    assert meeting.title == "Workshop 1: what works now" and turn.recorded_by.full_name.startswith("Priya")
    summary = meeting_round_tables(meeting=meeting, user=turn.recorded_by).rounds[0].summary
    assert summary.everyone_offered and (summary.spoke, summary.passed, summary.not_there) == (2, 1, 1)
    evidence = round_table_evidence(breaks)
    assert (evidence["partners_spoke"], evidence["partners_passed"], evidence["offered_share"]) == (1, 1, 1.0)
