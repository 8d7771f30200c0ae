"""The glossary's chapter of the demo story. Here in core, which loads the whole story: glossary may not import core."""

from __future__ import annotations

from roundtable.core.demo import load_demo
from roundtable.glossary import demo
from roundtable.glossary.models import GlossaryEntry, OrganisationTerm, TermQuestion, WritingPolicy
from roundtable.notifications.models import Message


def test_the_demo_chapter_tells_the_glossary_story(db):
    assert load_demo() is True
    assert set(GlossaryEntry.objects.values_list("term", flat=True)) >= {"cohort", "study", "sleep diary", "data"}
    assert TermQuestion.objects.get(term="cohort").status == "answered"
    assert TermQuestion.objects.get(term="PPI").status == "open"
    assert Message.objects.filter(kind="glossary_answer", recipient__email__startswith="amira@").exists()
    assert OrganisationTerm.objects.count() == 2
    assert WritingPolicy.objects.get().require_confirmation
    demo.load()  # safe to run twice
    assert GlossaryEntry.objects.count() == 4
