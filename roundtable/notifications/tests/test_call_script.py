"""Call scripts are written to be spoken (issue 12): no web addresses, each label said once."""

from __future__ import annotations

import pytest

from roundtable.notifications.channels.phone import call_script_for, spoken
from roundtable.notifications.services import message_queue
from roundtable.notifications.tests.conftest import make_person


@pytest.mark.parametrize(
    ("written", "said", "had_address"),
    [
        ("Join online: https://meet.example/abc", "", True),
        ("Read it at https://example.org/a.", "Read it at.", True),
        ("See (https://example.org) now", "See now", True),
        ("Add it to your calendar: https://rt.example/projects/1/meetings/2/meeting.ics", "", True),
        ("- Study outline (Easy Read) (Easy Read)", "Study outline (Easy Read)", False),
        ("When: Tuesday 24 March, 8pm.", "When: Tuesday 24 March, 8pm.", False),
    ],
)
def test_spoken_words(written, said, had_address):
    assert spoken(written) == (said, had_address)


def test_one_call_can_pass_on_several_messages(db):
    joe = make_person("joe@example.org", "Joe Bennett", ["phone"], phone="07700 900782", formats=["easy_read"])
    tom = make_person("tom@example.org", "Tom Reid", ["email"])
    first = message_queue(
        recipient=joe, organiser=tom, subject="New meeting", body="Join online: https://meet.example/abc",
        kind="meeting_scheduled", idempotency_key="a", group_label="Better sleep",
    )  # fmt: skip
    second = message_queue(
        recipient=joe, organiser=tom, subject="Papers for the meeting", body="- Outline (Easy Read) (Easy Read)",
        kind="meeting_papers", idempotency_key="b", group_label="Better sleep",
        link_url="https://rt.example/projects/1/meetings/2/",
    )  # fmt: skip
    script = call_script_for([first, second])
    assert script.count("Hello Joe") == 1
    assert script.index("New meeting") < script.index("Papers for the meeting")
    assert "http" not in script.replace("[Do not read out web addresses", "")
    assert "Outline (Easy Read)" in script and "(Easy Read) (Easy Read)" not in script
    assert "We will email the Easy Read version to you today" in script
    assert script.rstrip().endswith("[Write down what Joe said in the box below, in their words.]")
    with pytest.raises(ValueError):
        call_script_for([])
