"""Two presses at once: accepting an invitation and publishing an offer are race-safe.

These run on PostgreSQL (CI runs the suite there too), where the threads really
run side by side and `select_for_update` makes one wait for the other. The
SQLite test database lives in memory and cannot be shared by two threads writing
at once, so there the test is skipped rather than faked.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from roundtable.projects import services
from roundtable.projects.models import Invitation, Membership

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not __import__("os").environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL: two writers at once",
    ),
]


def _twice_at_once(fn) -> list:
    results: list = []
    errors: list = []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(fn())
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def test_accepting_the_same_invitation_twice_at_once_makes_one_membership(people):
    invitation = services.invitation_create(actor=people.organiser, project=people.project, email="joe@example.com")
    results = _twice_at_once(lambda: services.invitation_accept(invitation=Invitation.objects.get(pk=invitation.pk)))
    users = {user.pk for user, _ in results}
    assert len(users) == 1
    assert Membership.objects.filter(project=people.project, user__email="joe@example.com").count() == 1


def test_publishing_twice_at_once_publishes_once(people):
    draft = services.project_create(
        actor=people.organiser, organisation=people.organisation, title="Race", visibility="open"
    )
    from roundtable.projects.tests.conftest import complete_offer

    complete_offer(draft, people.organiser, people.rate)
    _twice_at_once(lambda: services.project_publish(actor=people.organiser, project=draft))
    from roundtable.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="project.published", object_id=str(draft.pk)).count() == 1
