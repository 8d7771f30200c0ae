"""The demo story's replies: by email, text, post and phone, and one kept aside in the quarantine, all on
the organisation's replies page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.accounts.models import User
from roundtable.core.demo import load_demo
from roundtable.feedback.models import Feedback
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.meetings.tests.conftest import clock  # noqa: F401, F811 - the frozen clock the meetings tests use
from roundtable.replies.models import InboundReply

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def test_the_demo_has_replies_by_every_channel_and_one_kept_aside(db, client, clock, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    settings.TEXT_FILE_PATH = tmp_path / "texts"
    assert load_demo()
    landed = InboundReply.objects.filter(status="landed")
    assert set(landed.values_list("channel", flat=True)) >= {"email", "post", "phone"}
    assert InboundReply.objects.filter(channel="text").exists()
    assert set(Feedback.objects.filter(author__isnull=False, by_proxy=True).values_list("channel", flat=True)) == {
        "post",
        "phone",
    }
    kept = InboundReply.objects.filter(status="quarantined")
    assert set(kept.values_list("reason", flat=True)) == {"forged", "expired"}
    tom = User.objects.get(email=f"tom{DEMO_EMAIL_DOMAIN}")
    slug = InboundReply.objects.filter(organisation__isnull=False).first().organisation.slug
    client.force_login(tom)
    page = client.get(reverse("replies:org_replies", args=[slug]))
    html = page.content.decode()
    assert page.status_code == 200 and "Is the group still running?" in html  # kept aside, readable here
