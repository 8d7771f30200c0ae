"""The demo story's conversation: a busy one on the sleep study, with replies by web, phone and post, a
reply reported and hidden with a reason, the contact and who can read it, all readable on its pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.accounts.models import User
from roundtable.conversation.models import Reply, Report, Topic
from roundtable.core.demo import load_demo
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.meetings.tests.conftest import clock  # noqa: F401, F811 - the frozen clock the meetings tests use
from roundtable.projects.models import Project

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def test_the_demo_has_a_busy_conversation(db, client, clock, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    assert load_demo()
    sleep = Project.objects.get(title="Better sleep for autistic children")
    topics = Topic.objects.filter(project=sleep)
    assert topics.count() == 3
    replies = Reply.objects.filter(project=sleep)
    assert replies.count() > 50
    assert {"web", "phone", "post"} <= set(replies.values_list("channel", flat=True))
    assert replies.filter(hidden_at__isnull=False).count() == 1 and Report.objects.count() == 1
    client.force_login(User.objects.get(email=f"amira{DEMO_EMAIL_DOMAIN}"))
    listing = client.get(reverse("conversation:topics", args=[sleep.pk])).content.decode()
    assert "The sleep diary: what should it ask?" in listing and "Dr Tom Reid answers" not in listing
    assert "Everyone in this project can read this, including staff." in listing and "Dr Tom Reid." in listing
    diary = topics.get(title__startswith="The sleep diary")
    page = client.get(reverse("conversation:topic", args=[sleep.pk, diary.number]), {"page": 2}).content.decode()
    assert "Hidden by Dr Tom Reid: It named a child and their home." in page and "Max Green" not in page
    later = topics.get(title__startswith="Could meetings")
    page = client.get(reverse("conversation:topic", args=[sleep.pk, later.number])).content.decode()
    assert "By phone, typed in by Dr Tom Reid" in page and "By post, typed in by Dr Tom Reid" in page
