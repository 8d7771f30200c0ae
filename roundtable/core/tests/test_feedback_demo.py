from roundtable.core.demo import load_demo
from roundtable.feedback.models import Barrier, Board, Response, Theme


def test_demo_chapter_has_a_board_barriers_in_every_status_and_responses(db):
    load_demo()
    assert Board.objects.filter(notes__isnull=False).exists() and Theme.objects.exists()
    assert set(Barrier.objects.values_list("status", flat=True)) == {"open", "responded", "resolved", "not_possible"}
    joes = Barrier.objects.get(raised_by__email__startswith="joe@", category="meeting_times")
    assert "pick-up" in joes.description
    stories = ("Better sleep for autistic children", "Short breaks for disabled children")  # health adds more
    assert Response.objects.filter(project__title__in=stories).count() == 2
    assert any(b.is_overdue for b in Barrier.objects.all())
