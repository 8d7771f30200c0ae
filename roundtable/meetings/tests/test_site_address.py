"""Every link we send uses the site address: `make demo PORT=8080` gave links to port 8000 (issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from roundtable.cli import demo_environment
from roundtable.meetings import services
from roundtable.meetings.models import CalendarSettings
from roundtable.meetings.tests.conftest import meeting_data
from roundtable.notifications.channels.email import render_email
from roundtable.notifications.channels.phone import call_script
from roundtable.notifications.channels.text import render_text
from roundtable.notifications.models import Message

ROOT = Path(__file__).resolve().parents[3]
DEMO = "http://127.0.0.1:8080"


def test_the_demo_takes_its_site_address_from_its_port():
    env: dict[str, str] = {}
    demo_environment(8080, env)
    assert env["SITE_URL"] == DEMO
    given = {"SITE_URL": "https://demo.example.org"}
    demo_environment(8080, given)
    assert given["SITE_URL"] == "https://demo.example.org"


def test_the_demo_processes_read_that_address(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ROUNDTABLE_", "SITE_URL"))}
    env["ROUNDTABLE_DATA_DIR"] = str(tmp_path)
    demo_environment(8080, env)
    code = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "roundtable.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == DEMO, result.stderr


@pytest.fixture
def on_8080(settings):
    settings.SITE_URL = DEMO


def test_links_in_emails_texts_and_calls_use_the_site_address(people, on_8080):
    meeting = services.meeting_create(actor=people.organiser, project=people.project, data=meeting_data())
    message = Message.objects.get(recipient=people.partner, kind="meeting_scheduled")
    assert message.link_url.startswith(DEMO + "/")
    subject, text, html = render_email(message)
    assert f"{DEMO}/projects/{people.project.pk}/meetings/{meeting.pk}/" in text
    assert f'href="{DEMO}/profile/"' in html
    texted = render_text(message)
    assert DEMO in texted
    script = call_script(Message.objects.get(recipient=people.joe, kind="meeting_scheduled"))
    everything = "\n".join([message.body, text, html, texted, script])
    assert ":8000" not in everything


def test_calendar_feeds_use_the_site_address(people, meeting, on_8080):
    client = Client()
    client.force_login(people.partner, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("meetings:my_calendar")).content.decode()
    token = CalendarSettings.objects.get(user=people.partner).feed_token
    assert f"{DEMO}/calendar/{token}.ics" in page
    assert "webcal://127.0.0.1:8080/calendar/" in page
    feed = client.get(reverse("meetings:feed", args=[token])).content.decode()
    download = client.get(reverse("meetings:meeting_ics", args=[people.project.pk, meeting.pk])).content.decode()
    for ics in (feed, download):
        unfolded = ics.replace("\r\n ", "")
        assert f"{DEMO}/projects/{people.project.pk}/meetings/{meeting.pk}/" in unfolded
        assert ":8000" not in unfolded and "testserver" not in unfolded
