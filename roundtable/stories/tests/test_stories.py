"""Tell your story once: writing parts (and their recordings), sharing for a purpose, the access log, withdrawal
ending access at once, requests and saying no, quotes with consent, stories recorded by proxy, escaping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roundtable.audit.models import AuditEvent
from roundtable.credits.tests.factories import OutputFactory
from roundtable.notifications.models import Message, OrganiserTask
from roundtable.notifications.services import message_deliver
from roundtable.projects import services as project_services
from roundtable.projects.models import Membership
from roundtable.stories import services
from roundtable.stories.models import StoryQuote, StoryRead, StoryRequest, StoryShare
from roundtable.stories.tests.conftest import MP3
from roundtable.stories.tests.factories import EVIL, StoryPartFactory, StoryRequestFactory, StoryShareFactory

ESCAPED = "&lt;script&gt;alert(&quot;story&quot;)&lt;/script&gt;"


def _read_url(share) -> str:
    return reverse("stories:read", args=[share.project_id, share.pk])


def test_every_read_by_anyone_but_the_owner_writes_an_access_log_row(client, people):
    part = StoryPartFactory(owner=people.partner, content_note="")
    share = StoryShareFactory(part=part, project=people.project)
    assert not StoryRead.objects.exists()
    client.force_login(people.organiser)
    response = client.get(_read_url(share))
    assert response.status_code == 200 and ESCAPED in response.content.decode()
    client.force_login(people.admin)
    client.get(_read_url(share))
    reads = list(StoryRead.objects.order_by("pk"))
    assert [(r.reader, r.part, r.purpose, r.owner) for r in reads] == [
        (people.organiser, part, share.purpose, people.partner),
        (people.admin, part, share.purpose, people.partner),
    ]
    # The owner sees each read on their story page: who, which part, what for.
    client.force_login(people.partner)
    html = client.get(reverse("stories:mine")).content.decode()
    assert html.count(people.organiser.full_name) >= 1 and people.admin.full_name in html
    assert EVIL not in html and ESCAPED in html
    # Someone who may not read it gets 404 and writes nothing.
    client.force_login(people.professional)
    assert client.get(_read_url(share)).status_code == 404
    assert StoryRead.objects.count() == 2


def test_a_content_note_comes_first_and_skipping_reads_nothing(client, people):
    share = StoryShareFactory(part=StoryPartFactory(owner=people.partner), project=people.project)
    client.force_login(people.organiser)
    html = client.get(_read_url(share)).content.decode()
    assert "talks about a hospital stay" in html and "The nights were long" not in html and "Skip it" in html
    assert not StoryRead.objects.exists()
    html = client.get(_read_url(share) + "?open=1").content.decode()
    assert "The nights were long" in html and StoryRead.objects.count() == 1


def test_withdrawing_ends_access_at_once_and_pages_are_never_kept(client, people):
    share = StoryShareFactory(part=StoryPartFactory(owner=people.partner, content_note=""), project=people.project)
    client.force_login(people.organiser)
    first = client.get(_read_url(share))
    assert first.status_code == 200 and "no-store" in first["Cache-Control"]
    client.force_login(people.partner)
    response = client.post(reverse("stories:share_withdraw", args=[share.pk]))
    assert response.status_code == 302
    client.force_login(people.organiser)
    assert client.get(_read_url(share)).status_code == 404
    assert client.get(reverse("stories:read_audio", args=[share.project_id, share.pk])).status_code == 404
    page = client.get(reverse("stories:project", args=[people.project.pk])).content.decode()
    assert "Getting a diagnosis" not in page and "Nobody shares a story" in page
    assert StoryRead.objects.count() == 1


def test_a_share_past_its_last_day_is_closed(client, people, clock):
    share = StoryShareFactory(
        part=StoryPartFactory(owner=people.partner, content_note=""),
        project=people.project,
        until=dt.date(2026, 3, 3),
    )
    client.force_login(people.organiser)
    clock.move_to(dt.datetime(2026, 3, 3, 23, 30, tzinfo=dt.UTC) - dt.timedelta(hours=1))  # still the 3rd in London
    assert client.get(_read_url(share)).status_code == 200
    clock.move_to(dt.datetime(2026, 3, 4, 0, 1, tzinfo=dt.UTC))
    assert client.get(_read_url(share)).status_code == 404


def test_nothing_is_shared_by_default(client, people):
    StoryPartFactory(owner=people.partner)
    client.force_login(people.organiser)
    html = client.get(reverse("stories:project", args=[people.project.pk])).content.decode()
    assert "Getting a diagnosis" not in html and not StoryShare.objects.exists()


def _part_form(**overrides):
    data = {"title": "Getting a diagnosis", "text": "It took two years.", "content_note": ""}
    data.update(overrides)
    return data


def test_a_recording_is_checked_like_other_uploads(client, people, settings):
    client.force_login(people.partner)
    url = reverse("stories:part_new")
    fake = SimpleUploadedFile("night.mp3", b"MZ\x90\x00 not sound at all" * 4)
    response = client.post(url, _part_form(audio=fake))
    html = response.content.decode()
    assert (
        response.status_code == 400 and "does not look like a real .mp3 file" in html and "It took two years." in html
    )
    pdf = SimpleUploadedFile("night.pdf", b"%PDF-1.4\n%x\n")
    response = client.post(url, _part_form(audio=pdf))
    assert response.status_code == 400 and "The recording must be a sound file" in response.content.decode()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    big = SimpleUploadedFile("night.mp3", MP3 + b"\x00" * (21 * 1024 * 1024))
    response = client.post(url, _part_form(audio=big))
    assert response.status_code == 400 and "smaller than 20 MB" in response.content.decode()
    good = SimpleUploadedFile("night.mp3", MP3)
    response = client.post(url, _part_form(text="", audio=good))
    assert response.status_code == 302
    part = people.partner.story_parts.get()
    assert part.audio_type == "audio/mpeg" and part.audio.name.startswith("stories/")
    audio = client.get(reverse("stories:part_audio", args=[part.pk]))
    assert audio.status_code == 200 and audio["Content-Type"] == "audio/mpeg"


def test_a_part_needs_a_title_and_words_or_a_recording(client, people):
    client.force_login(people.partner)
    response = client.post(reverse("stories:part_new"), _part_form(title="", text=""))
    html = response.content.decode()
    assert (
        response.status_code == 400
        and "Give this part a title." in html
        and "Write some words, or add a recording." in html
    )


def test_sharing_needs_a_purpose_and_a_last_day_that_has_not_passed(client, people):
    part = StoryPartFactory(owner=people.partner)
    client.force_login(people.partner)
    url = reverse("stories:share_new", args=[part.pk])
    response = client.post(url, {"project": people.project.pk, "purpose": "", "until": "01/03/2026"})
    html = response.content.decode()
    assert response.status_code == 400 and "Say what the story is for." in html
    response = client.post(url, {"project": people.project.pk, "purpose": "To plan", "until": "01/03/2026"})
    assert response.status_code == 400 and "The last day must be today or later." in response.content.decode()
    assert not StoryShare.objects.exists()
    response = client.post(url, {"project": people.project.pk, "purpose": "To plan", "until": "02/03/2026"})
    assert response.status_code == 302
    share = StoryShare.objects.get()
    assert share.until == dt.date(2026, 3, 2) and share.purpose == "To plan"
    assert AuditEvent.objects.filter(action="story.shared", subject=people.partner).exists()


def test_a_person_can_share_only_with_a_project_they_belong_to(people):
    part = StoryPartFactory(owner=people.partner)
    other = Membership.objects.get(user=people.partner, project=people.project)
    project_services.membership_leave(actor=people.partner, membership=other)
    with pytest.raises(Exception, match="only share with a project you belong to"):
        services.share_create(actor=people.partner, part=part, project=people.project, purpose="To plan")


def test_a_request_goes_through_the_outbox_without_story_words_and_shows_what_is_already_shared(client, people):
    shared = StoryShareFactory(part=StoryPartFactory(owner=people.partner), project=people.project)
    client.force_login(people.organiser)
    response = client.post(
        reverse("stories:request_new", args=[people.project.pk]),
        {"person": people.partner.pk, "purpose": "To help design the study questions", "content_note": ""},
    )
    assert response.status_code == 302
    request = StoryRequest.objects.get()
    message = Message.objects.get(kind="story_request")
    assert message.recipient == people.partner and "The nights were long" not in message.body
    assert "To help design the study questions" in message.body
    client.force_login(people.partner)
    html = client.get(reverse("stories:request", args=[request.pk])).content.decode()
    assert "What you already share with them" in html and ESCAPED in html and EVIL not in html
    assert shared.purpose not in html  # shown, but escaped: the purpose carries a script
    # Asking the same person again while they think about it is refused.
    client.force_login(people.organiser)
    response = client.post(
        reverse("stories:request_new", args=[people.project.pk]),
        {"person": people.partner.pk, "purpose": "Again", "content_note": ""},
    )
    assert response.status_code == 400 and "Please wait for their answer." in response.content.decode()


def test_saying_no_needs_no_reason_and_is_never_counted(client, people):
    request = StoryRequestFactory(project=people.project, person=people.partner, actor=people.organiser)
    client.force_login(people.partner)
    response = client.post(reverse("stories:request_decline", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == StoryRequest.Status.DECLINED and not request.answered_by_proxy
    assert not AuditEvent.objects.filter(action__icontains="declin").exists()
    client.force_login(people.organiser)
    html = client.get(reverse("stories:project", args=[people.project.pk])).content.decode()
    assert "No, thank you" in html and "declined" not in html.lower()
    # Saying no twice changes nothing.
    assert services.request_decline(actor=people.partner, request=request).status == StoryRequest.Status.DECLINED


def test_a_request_to_someone_who_has_left_is_refused(client, people):
    membership = Membership.objects.get(user=people.joe, project=people.project)
    client.force_login(people.organiser)
    url = reverse("stories:request_new", args=[people.project.pk])
    form = client.get(url).content.decode()
    assert people.joe.full_name in form
    project_services.membership_leave(actor=people.joe, membership=membership)
    with pytest.raises(Exception, match="has left this project"):
        services.request_create(actor=people.organiser, project=people.project, person=people.joe, purpose="To plan")
    assert not StoryRequest.objects.exists()


def test_a_request_to_someone_by_phone_becomes_a_call_task_and_their_no_is_recorded_by_proxy(client, people, grace):
    request = StoryRequestFactory(project=people.project, person=grace, actor=people.organiser)
    message = Message.objects.get(kind="story_request", recipient=grace)
    message_deliver(message_id=message.pk)
    task = OrganiserTask.objects.get(message=message)
    assert task.kind in ("post", "call") and "To help design the study questions" in message.body
    client.force_login(people.organiser)
    url = reverse("stories:proxy", args=[people.project.pk, grace.pk])
    assert "They said no" in client.get(url).content.decode()
    response = client.post(reverse("stories:proxy_decline", args=[people.project.pk, grace.pk, request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == StoryRequest.Status.DECLINED and request.answered_by_proxy


def test_a_story_recorded_by_proxy_goes_to_the_person_to_check_before_it_can_be_shared(client, people, grace):
    client.force_login(people.organiser)
    url = reverse("stories:proxy", args=[people.project.pk, grace.pk])
    response = client.post(url, {"title": "Raising my grandson", "text": f"Nights are hard. {EVIL}"})
    assert response.status_code == 302
    part = grace.story_parts.get()
    assert part.by_proxy and part.recorded_by == people.organiser and part.waiting_for_check
    copy = Message.objects.get(kind="story_copy")
    assert copy.recipient == grace and "Nights are hard." in copy.body  # her own words, to her only
    assert AuditEvent.objects.filter(action="story.part_saved", by_proxy=True, subject=grace).exists()
    assert not AuditEvent.objects.filter(summary__contains="Nights are hard").exists()
    share_url = reverse("stories:proxy_share", args=[people.project.pk, grace.pk, part.pk])
    client.post(share_url, {"purpose": "To plan the study"})
    assert not StoryShare.objects.exists()
    client.post(reverse("stories:proxy_confirm", args=[people.project.pk, grace.pk, part.pk]))
    client.post(share_url, {"purpose": "To plan the study"})
    share = StoryShare.objects.get()
    assert share.shared_by_proxy and share.owner == grace
    html = client.get(url).content.decode()
    assert EVIL not in html and "Nights are hard." in html


def test_nobody_may_record_a_story_for_someone_who_uses_the_web(people):
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from the rule
        services.part_save(
            actor=people.organiser, owner=people.partner, title="x", text="y", proxy_project=people.project
        )


def test_a_quote_needs_consent_names_the_person_as_they_chose_and_is_refused_after_withdrawal(client, people):
    part = StoryPartFactory(owner=people.partner, content_note="")
    share = StoryShareFactory(part=part, project=people.project)
    output = OutputFactory(project=people.project, created_by=people.organiser)
    client.force_login(people.organiser)
    url = reverse("stories:quote_new", args=[people.project.pk, share.pk])
    response = client.post(url, {"output": output.pk, "text": "Words nobody wrote"})
    assert response.status_code == 400 and "These words are not in this part." in response.content.decode()
    response = client.post(url, {"output": output.pk, "text": "The nights were long."})
    assert response.status_code == 302
    quote = StoryQuote.objects.get()
    message = Message.objects.get(kind="story_quote")
    assert quote.state == StoryQuote.State.ASKED and "The nights were long" not in message.body
    page = client.get(reverse("stories:project", args=[people.project.pk])).content.decode()
    assert "Waiting for an answer" in page
    client.force_login(people.partner)
    client.post(reverse("stories:quote_answer", args=[quote.pk]), {"answer": "yes"})
    quote.refresh_from_db()
    assert quote.state == StoryQuote.State.AGREED
    client.force_login(people.organiser)
    page = client.get(reverse("stories:project", args=[people.project.pk])).content.decode()
    assert f"({people.partner.short_name})" in page  # Amira chose her first name
    # Withdrawal: the quote is listed for the organiser to take out, and they are told without the words.
    services.share_withdraw(actor=people.partner, share=share)
    quote.refresh_from_db()
    assert quote.state == StoryQuote.State.WITHDRAWN
    told = Message.objects.get(kind="story_quote_withdrawn")
    assert told.recipient == people.organiser and "nights" not in told.body
    page = client.get(reverse("stories:project", args=[people.project.pk])).content.decode()
    assert "Quotes to take out" in page
    client.post(reverse("stories:quote_removed", args=[people.project.pk, quote.pk]))
    quote.refresh_from_db()
    assert quote.removed_at is not None
    with pytest.raises(Exception, match="no longer shared with your project"):
        services.quote_create(actor=people.organiser, share=share, output=output, text="The nights were long.")


def test_deleting_a_part_removes_it_and_its_log_and_leaves_quotes_marked_withdrawn(client, people):
    part = StoryPartFactory(owner=people.partner, content_note="")
    share = StoryShareFactory(part=part, project=people.project)
    services.share_open(reader=people.organiser, share=share)
    output = OutputFactory(project=people.project, created_by=people.organiser)
    quote = services.quote_create(actor=people.organiser, share=share, output=output, text="The nights were long.")
    client.force_login(people.partner)
    assert client.post(reverse("stories:part_delete", args=[part.pk])).status_code == 302
    assert (
        not people.partner.story_parts.exists() and not StoryShare.objects.exists() and not StoryRead.objects.exists()
    )
    quote.refresh_from_db()
    assert quote.state == StoryQuote.State.WITHDRAWN and quote.part is None and quote.output == output


def test_story_words_never_reach_a_message_to_anyone_else_or_an_audit_row(people, grace):
    part = StoryPartFactory(owner=people.partner)
    share = StoryShareFactory(part=part, project=people.project)
    StoryRequestFactory(project=people.project, person=people.joe, actor=people.organiser)
    services.share_open(reader=people.organiser, share=share)
    output = OutputFactory(project=people.project, created_by=people.organiser)
    services.quote_create(actor=people.organiser, share=share, output=output, text="The nights were long.")
    services.share_withdraw(actor=people.partner, share=share)
    for message in Message.objects.all():
        assert "nights were long" not in message.body and "Getting a diagnosis" not in message.subject
    for event in AuditEvent.objects.all():
        assert "nights were long" not in event.summary and "nights" not in str(event.details)
