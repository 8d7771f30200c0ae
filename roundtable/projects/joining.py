"""Bringing people back to finish joining: "Yes, I'd like to join" is not the last step.

Joining is finished when the person has chosen what to share with the project
(``Membership.sharing_chosen_at``). Until then, "What needs you" on My projects and the project page
lists it (core/needs.py), and the worker reminds them once, their way, through the outbox.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g

from roundtable.lib.i18n import in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.notifications.services import message_queue
from roundtable.projects.models import Membership

# A day after "Yes, I'd like to join", if joining is unfinished, we remind the person once, their way
# (issue 13: a closed tab or a lost signal).
ONBOARDING_REMINDER_AFTER = timedelta(hours=24)


def onboarding_reminders_due(*, now=None) -> int:
    """For the worker: remind each person whose joining is unfinished, once. Returns how many were queued.

    Unfinished: an active membership they accepted themselves (not added by proxy: an organiser
    finishes those on the phone) with no ``sharing_chosen_at``, at least ``ONBOARDING_REMINDER_AFTER``
    after ``joined_at``. Each membership is claimed with a conditional update, so two workers never
    send two reminders; the message's idempotency key ``onboarding-reminder:<membership id>`` makes
    sure of it in the outbox too.
    """
    now = now or timezone.now()
    due = Membership.objects.filter(
        status=Membership.Status.ACTIVE,
        added_by_proxy=False,
        sharing_chosen_at__isnull=True,
        onboarding_reminded_at__isnull=True,
        joined_at__lte=now - ONBOARDING_REMINDER_AFTER,
    ).select_related("project__contact", "user__profile")
    sent = 0
    for membership in due[:500]:
        with transaction.atomic():
            claimed = Membership.objects.filter(pk=membership.pk, onboarding_reminded_at__isnull=True).update(
                onboarding_reminded_at=now
            )
            if not claimed:
                continue
            project = membership.project
            finish = reverse("projects:sharing", args=[project.pk]) + "?welcome=1"
            with in_language_of(membership.user):
                message_queue(
                    recipient=membership.user,
                    organiser=project.contact,
                    kind="onboarding_reminder",
                    subject=_g("Finish joining %(project)s") % {"project": project.title},
                    body=_g(
                        "You said yes to joining %(project)s. Thank you. A few steps are left: tell us how to reach "
                        "you and what you need, and choose what the project can see. You can skip any question."
                    )
                    % {"project": project.title},
                    link_url=absolute_url(
                        reverse("accounts:setup") + "?" + urlencode({"next": finish, "welcome": "1"})
                    ),
                    link_text=_g("Finish joining"),
                    group_label=project.title,
                    idempotency_key=f"onboarding-reminder:{membership.pk}",
                )
            sent += 1
    return sent
