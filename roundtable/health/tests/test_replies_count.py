"""A reply that lands as feedback is a thing people told us: "you said, we did" answers it (its author told)
and the health check's sign 2 counts it (issue 17: "it counts as an input for 'you said, we did' and the
health check")."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from roundtable.feedback import services as feedback_services
from roundtable.feedback.models import Feedback
from roundtable.health.registry import HealthContext
from roundtable.health.signs.minimisation import SIGN
from roundtable.notifications.models import Message
from roundtable.projects.services import announcement_send
from roundtable.replies.services import reply_enter_by_proxy
from roundtable.replies.tests.conftest import NOW, clock, people  # noqa: F401, F811  (the replies fixtures)


def test_a_landed_reply_waits_for_an_answer_counts_in_sign_2_and_can_be_answered(people, clock, client):  # noqa: F811
    announcement_send(actor=people.organiser, project=people.project, subject="New room", body="Room 4 now")
    message = Message.objects.get(recipient=people.partner, idempotency_key__startswith="announcement:")
    reply_enter_by_proxy(actor=people.organiser, message=message, text="Room 4 has no lift.", channel="phone")
    feedback = Feedback.objects.get()
    clock.move_to(NOW + timedelta(days=15))
    client.force_login(people.organiser)
    waiting = client.get(reverse("feedback:unanswered", args=[people.project.pk])).content.decode()
    assert "Room 4 has no lift." in waiting and "reply about" in waiting
    later = NOW + timedelta(days=15)
    finding = SIGN.measure(HealthContext(project=people.project, as_of=later))
    assert finding.evidence == 1 and finding.value == 0
    assert next(f.value for f in finding.figures if f.label.startswith("Feedback and replies")) == "1"
    feedback_services.response_create(
        actor=people.organiser, project=people.project, title="Lift", outcome="changed",
        what_we_did="We moved to room 2, which has a lift.", inputs=[f"feedback:{feedback.pk}"],
    )  # fmt: skip
    assert SIGN.measure(HealthContext(project=people.project, as_of=later + timedelta(hours=1))).value == 100
    assert Message.objects.filter(recipient=people.partner, idempotency_key__startswith="response:").exists()
