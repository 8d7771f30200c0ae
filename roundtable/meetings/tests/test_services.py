"""Meetings, papers, attendance, polls and reminders through the services, as a user would notice them."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from roundtable.accounts.models import CommunicationProfile
from roundtable.meetings import selectors, services
from roundtable.meetings.models import (
    Attendance,
    AttendanceStatus,
    CalendarSettings,
    Meeting,
    Paper,
    PaperRecipient,
    Poll,
    PollAnswer,
)
from roundtable.meetings.tests.conftest import PDF, at, make_person, meeting_data
from roundtable.notifications.models import Message
from roundtable.projects.models import Membership
from roundtable.projects.permissions import project_access


def pdf(name="agenda.pdf", body=PDF):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


class TestMeetings:
    def test_booking_tells_every_member_their_way_once(self, people, meeting):
        keys = set(Message.objects.filter(kind="meeting_scheduled").values_list("idempotency_key", flat=True))
        assert keys == {
            f"meeting:{meeting.pk}:scheduled:{u.pk}" for u in (people.partner, people.joe, people.professional)
        }
        body = Message.objects.filter(recipient=people.partner, kind="meeting_scheduled").get().body
        assert "Tuesday 24 March 2026, 8pm to 9:30pm" in body
        assert "9:45pm in case we run over" in body
        assert f"/meetings/{meeting.pk}/meeting.ics" in body

    def test_a_meeting_in_the_past_or_ending_before_it_starts_is_refused(self, people):
        with pytest.raises(ValidationError) as past:
            services.meeting_create(
                actor=people.organiser,
                project=people.project,
                data=meeting_data(starts_at=at(1, 20), ends_at=at(1, 21)),
            )
        assert "future" in str(past.value.message_dict["starts_at"])
        with pytest.raises(ValidationError) as backwards:
            services.meeting_create(
                actor=people.organiser, project=people.project, data=meeting_data(ends_at=at(24, 19))
            )
        assert "after the start" in str(backwards.value.message_dict["ends_at"])
        assert not Meeting.objects.exists()

    def test_a_change_of_time_raises_sequence_and_tells_everyone_not_urgent(self, people, meeting):
        changed = services.meeting_update(
            actor=people.organiser, meeting=meeting, data={"starts_at": at(25, 20), "ends_at": at(25, 21)}
        )
        assert changed.sequence == meeting.sequence + 1
        messages = Message.objects.filter(kind="meeting_changed")
        assert messages.count() == 3
        assert not any(m.urgent for m in messages)

    def test_a_same_day_change_is_urgent(self, people, clock):
        meeting = services.meeting_create(
            actor=people.organiser, project=people.project, data=meeting_data(starts_at=at(2, 20), ends_at=at(2, 21))
        )
        services.meeting_update(
            actor=people.organiser, meeting=meeting, data={"starts_at": at(2, 19), "ends_at": at(2, 21)}
        )
        assert all(m.urgent for m in Message.objects.filter(kind="meeting_changed"))

    def test_a_change_that_is_not_news_tells_nobody(self, people, meeting):
        services.meeting_update(actor=people.organiser, meeting=meeting, data={"purpose": "New words"})
        assert not Message.objects.filter(kind="meeting_changed").exists()

    def test_cancel_once_tells_everyone_once(self, people, meeting):
        services.meeting_cancel(actor=people.organiser, meeting=meeting, reason="Room flooded")
        again = services.meeting_cancel(actor=people.organiser, meeting=meeting, reason="Twice")
        assert again.is_cancelled and again.cancel_reason == "Room flooded"
        assert again.sequence == 1
        assert Message.objects.filter(kind="meeting_cancelled").count() == 3


class TestPapers:
    def test_deadline_is_the_longest_notice_anyone_asked_for(self, people, meeting):
        # Joe asked for 10 days; the project default is 7.
        people_list = services.invitees(people.project)
        assert services.notice_days_for(meeting, people_list) == 10
        assert services.release_deadline(meeting, people_list) == at(14, 20)

    def test_the_meeting_page_reads_the_same_needs_as_the_whole_invitee_rows(self, people, meeting):
        # The page reads three columns a member (selectors.invitee_needs), not whole rows; it must come to
        # what the whole rows say. Someone who left asked for more notice and a format: they count for nothing.
        left = make_person("lena@example.org", "Lena Left", formats=["large_print", "audio"], notice_days=30)
        Membership.objects.create(project=people.project, user=left, role="partner", status="left")
        CommunicationProfile.objects.filter(user=people.partner).update(formats=["large_print", "easy_read"])
        services.paper_add(actor=people.organiser, meeting=meeting, title="Agenda", upload=pdf())
        whole = services.invitees(people.project)
        needs = selectors.invitee_needs(people.project)
        assert needs.count == len(whole) == 3
        assert needs.formats == {people.partner.pk: ["large_print", "easy_read"], people.joe.pk: ["easy_read"]}
        organiser = project_access(people.organiser, people.project)
        page = selectors.meeting_page(meeting=meeting, access=organiser, user=people.organiser)
        assert page.invited == 3
        assert page.notice_days == services.notice_days_for(meeting, whole) == 10
        assert page.deadline == services.release_deadline(meeting, whole) == at(14, 20)
        papers = list(meeting.papers.all())
        assert page.missing_formats == selectors.missing_formats(meeting=meeting, people=whole, papers=papers)
        assert page.missing_formats == {"Large print": 1, "Easy Read": 2}

    def test_papers_on_time_are_not_late_and_reach_everyone(self, people, meeting):
        services.paper_add(actor=people.organiser, meeting=meeting, title="Agenda", upload=pdf())
        released = services.papers_release(actor=people.organiser, meeting=meeting)
        assert [p.is_late for p in released] == [False]
        assert PaperRecipient.objects.filter(is_late=False).count() == 3
        assert Message.objects.filter(kind="meeting_papers").count() == 3

    def test_late_papers_are_marked_and_counted_per_meeting_and_person(self, people, meeting, clock):
        services.paper_add(actor=people.organiser, meeting=meeting, title="Agenda", upload=pdf())
        clock.move_to(at(20, 9))
        services.paper_add(actor=people.organiser, meeting=meeting, title="Report", upload=pdf("r.pdf"))
        released = services.papers_release(actor=people.organiser, meeting=meeting)
        assert all(p.is_late for p in released) and len(released) == 2
        assert selectors.late_papers_by_meeting(project=people.project) == {meeting.pk: 2}
        by_person = dict(selectors.late_papers_by_person(project=people.project))
        assert by_person == {"Amira Hassan": 2, "Joe Bennett": 2, "Dr Ann Lee": 2}
        assert "later than we promised" in Message.objects.filter(kind="meeting_papers").first().body

    def test_the_message_says_what_each_paper_is_about(self, people, meeting):
        summary = "What families told us about sleep.\nRead pages 2 and 3 first."
        paper = services.paper_add(
            actor=people.organiser, meeting=meeting, title="Sleep diaries", summary=summary, upload=pdf()
        )
        services.paper_add(
            actor=people.organiser, meeting=meeting, title="Sleep diaries, Easy Read", upload=pdf("easy.pdf"),
            format="easy_read", summary=summary, version_of=paper,
        )  # fmt: skip
        services.paper_add(actor=people.organiser, meeting=meeting, title="Agenda", upload=pdf("a.pdf"))
        services.papers_release(actor=people.organiser, meeting=meeting)
        bodies = list(Message.objects.filter(kind="meeting_papers").values_list("body", flat=True))
        assert len(bodies) == 3
        for body in bodies:
            assert "- Sleep diaries (" in body
            assert "\n  What families told us about sleep.\n  Read pages 2 and 3 first.\n" in body
            # Another format of the same paper does not repeat the same summary.
            assert body.count("What families told us about sleep.") == 1
            assert "- Agenda (" in body

    def test_releasing_twice_sends_nothing_more(self, people, meeting):
        services.paper_add(actor=people.organiser, meeting=meeting, title="Agenda", upload=pdf())
        services.papers_release(actor=people.organiser, meeting=meeting)
        assert services.papers_release(actor=people.organiser, meeting=meeting) == []
        assert Message.objects.filter(kind="meeting_papers").count() == 3

    @pytest.mark.parametrize(
        ("name", "body", "words"),
        [
            ("virus.exe", b"MZ\x90\x00", "must be a PDF"),
            ("fake.pdf", b"MZ\x90\x00 not a pdf", "does not look like a real .pdf"),
            ("empty.pdf", b"", "empty"),
        ],
    )
    def test_files_of_the_wrong_kind_are_refused(self, people, meeting, name, body, words):
        with pytest.raises(ValidationError) as error:
            services.paper_add(actor=people.organiser, meeting=meeting, title="X", upload=pdf(name, body))
        assert words in str(error.value.message_dict["file"])
        assert not Paper.objects.exists()

    def test_a_file_over_the_limit_is_refused(self, people, meeting, settings):
        big = SimpleUploadedFile("big.pdf", PDF + b"0" * (20 * 1024 * 1024), content_type="application/pdf")
        with pytest.raises(ValidationError) as error:
            services.paper_add(actor=people.organiser, meeting=meeting, title="Big", upload=big)
        assert "smaller than 20 MB" in str(error.value.message_dict["file"])

    def test_missing_formats_warn_the_organiser(self, people, meeting):
        services.paper_add(actor=people.organiser, meeting=meeting, title="Agenda", upload=pdf())
        access = project_access(people.organiser, people.project)
        page = selectors.meeting_page(meeting=meeting, access=access, user=people.organiser)
        assert page.missing_formats == {"Easy Read": 1}
        paper = Paper.objects.get()
        services.paper_add(
            actor=people.organiser,
            meeting=meeting,
            title="Agenda (Easy Read)",
            upload=pdf("er.pdf"),
            format="easy_read",
            version_of=paper,
        )
        page = selectors.meeting_page(meeting=meeting, access=access, user=people.organiser)
        assert page.missing_formats == {}
        assert page.papers[0].versions[0].format == "easy_read"

    def test_organiser_is_messaged_before_the_deadline_about_missing_formats(self, people, meeting, clock):
        clock.move_to(at(12, 9))
        assert services.formats_missing_warn() == 1
        message = Message.objects.get(kind="meeting_formats_missing")
        assert message.recipient == people.organiser and "Easy Read: 1" in message.body
        services.formats_missing_warn()
        assert Message.objects.filter(kind="meeting_formats_missing").count() == 1


class TestAttendance:
    def test_the_record_is_exact(self, people, meeting, clock):
        clock.move_to(at(24, 22, 30))
        rows = [
            services.AttendanceRow(user=people.partner, role="partner", status="attended", mode="online"),
            services.AttendanceRow(user=people.joe, role="partner", status="apologies"),
            services.AttendanceRow(
                user=people.organiser, role="staff", status="attended", mode="online", paid_work_time=True
            ),
        ]
        recorded = services.attendance_record(
            actor=people.organiser, meeting=meeting, started_at=at(24, 20, 5), ended_at=at(24, 21, 40), rows=rows
        )
        assert recorded.overrun_used_minutes == 10
        amira = Attendance.objects.get(user=people.partner)
        assert amira.minutes_present(recorded) == 95
        assert Attendance.objects.get(user=people.organiser).paid_work_time
        assert Attendance.objects.get(user=people.joe).status == AttendanceStatus.APOLOGIES

    def test_someone_who_came_needs_a_way_they_came(self, people, meeting, clock):
        clock.move_to(at(24, 22, 30))
        with pytest.raises(ValidationError):
            services.attendance_record(
                actor=people.organiser,
                meeting=meeting,
                started_at=at(24, 20),
                ended_at=at(24, 21),
                rows=[services.AttendanceRow(user=people.partner, role="partner", status="attended")],
            )

    def test_attendance_cannot_be_recorded_before_the_meeting(self, people, meeting):
        with pytest.raises(ValidationError) as error:
            services.attendance_record(
                actor=people.organiser, meeting=meeting, started_at=at(24, 20), ended_at=at(24, 21), rows=[]
            )
        assert "started_at" in error.value.message_dict

    def test_attendance_cannot_end_in_the_future(self, people, meeting, clock):
        """Time is paid only once it has happened (issue 11): an end after now is refused, nothing is saved."""
        clock.move_to(at(24, 20, 30))  # the meeting started at 20:00; it is 20:30 now
        rows = [services.AttendanceRow(user=people.partner, role="partner", status="attended", mode="online")]
        with pytest.raises(ValidationError) as error:
            services.attendance_record(
                actor=people.organiser, meeting=meeting, started_at=at(24, 20), ended_at=at(24, 21, 30), rows=rows
            )
        assert "cannot be later than now" in error.value.message_dict["ended_at"][0]
        assert not Attendance.objects.exists()
        recorded = services.attendance_record(
            actor=people.organiser, meeting=meeting, started_at=at(24, 20), ended_at=at(24, 20, 30), rows=rows
        )
        assert recorded.actual_ended_at == at(24, 20, 30)


class TestPolls:
    def options(self):
        return [(at(10, 14), at(10, 15, 30)), (at(10, 20), at(10, 21, 30)), (at(14, 11), at(14, 12))]

    def test_a_poll_needs_an_option(self, people):
        with pytest.raises(ValidationError) as error:
            services.poll_create(actor=people.organiser, project=people.project, data={"title": "X"}, options=[])
        assert "options" in error.value.message_dict
        assert not Poll.objects.exists()

    def test_answers_are_prefilled_from_the_profile_with_the_reason(self, people):
        poll = services.poll_create(
            actor=people.organiser, project=people.project, data={"title": "Next"}, options=self.options()
        )
        access = project_access(people.partner, people.project)
        page = selectors.poll_page(poll=poll, access=access, person=people.partner)
        # Tuesday 2pm: no (only after 8pm). Tuesday 8pm: yes. Saturday 11am: no (weekdays only).
        assert [row.answer for row in page.mine] == ["no", "yes", "no"]
        assert "from 8pm" in page.mine[0].suggestion.note
        assert "Monday" in page.mine[2].suggestion.note
        assert Message.objects.filter(kind="meeting_poll").count() == 3

    def test_ranking_puts_partners_first_and_shows_the_cost(self, people):
        poll = services.poll_create(
            actor=people.organiser, project=people.project, data={"title": "Next"}, options=self.options()
        )
        o = list(poll.options.order_by("starts_at"))
        # Amira (partner) cannot do 2pm (childcare); Dr Lee (professional) cannot do 8pm.
        services.poll_answer(
            actor=people.partner,
            poll=poll,
            person=people.partner,
            answers={o[0].pk: ("no", "childcare", ""), o[1].pk: ("yes", "", ""), o[2].pk: ("no", "caring", "")},
        )
        services.poll_answer(
            actor=people.professional,
            poll=poll,
            person=people.professional,
            answers={o[0].pk: ("yes", "", ""), o[1].pk: ("no", "work", ""), o[2].pk: ("yes", "", "")},
        )
        access = project_access(people.organiser, people.project)
        page = selectors.poll_page(poll=poll, access=access, person=people.organiser)
        assert page.ranked[0].option == o[1]  # the evening: every partner can come
        assert page.ranked[0].left_out == ["Dr Ann Lee"]
        two_pm = next(s for s in page.ranked if s.option == o[0])
        assert two_pm.costs == {"Childcare": 1} and not two_pm.all_partners_can
        assert page.not_answered == ["Joe Bennett"]

    def test_booking_a_time_is_idempotent_and_tells_everyone(self, people):
        poll = services.poll_create(
            actor=people.organiser,
            project=people.project,
            data={"title": "Next", "format": "online"},
            options=self.options(),
        )
        option = poll.options.order_by("starts_at")[1]
        first = services.poll_schedule(actor=people.organiser, poll=poll, option=option)
        second = services.poll_schedule(actor=people.organiser, poll=poll, option=option)
        assert first.pk == second.pk and first.starts_at == at(10, 20)
        assert Meeting.objects.count() == 1
        poll.refresh_from_db()
        assert poll.status == Poll.Status.SCHEDULED
        assert Message.objects.filter(idempotency_key=f"meeting:{first.pk}:scheduled:{people.joe.pk}").exists()
        with pytest.raises(ValidationError):
            services.poll_answer(actor=people.joe, poll=poll, person=people.joe, answers={option.pk: ("yes", "", "")})

    def test_answering_for_someone_is_recorded_as_by_proxy(self, people):
        from roundtable.audit.models import AuditEvent

        poll = services.poll_create(
            actor=people.organiser, project=people.project, data={"title": "N"}, options=self.options()
        )
        option = poll.options.first()
        services.poll_answer(
            actor=people.organiser, poll=poll, person=people.joe, answers={option.pk: ("if_need_be", "work", "")}
        )
        answer = PollAnswer.objects.get()
        assert answer.user == people.joe and answer.answered_by == people.organiser
        assert AuditEvent.objects.filter(action="meeting.poll_answered_by_proxy", by_proxy=True).exists()


class TestReminders:
    def test_reminders_at_each_persons_lead_times_once(self, people, meeting, clock):
        services.calendar_reminders_set(user=people.partner, minutes=[60])
        services.calendar_reminders_set(user=people.joe, minutes=[1440, 60])
        clock.move_to(at(23, 20, 1))
        assert services.reminders_send_due() == 2  # Joe's day-before and Dr Lee's default day-before
        assert services.reminders_send_due() == 0
        clock.move_to(at(24, 19, 5))
        assert services.reminders_send_due() == 3  # everyone's hour-before
        keys = list(
            Message.objects.filter(kind="meeting_reminder", recipient=people.partner).values_list(
                "idempotency_key", flat=True
            )
        )
        assert len(keys) == 1 and ":reminder:60:" in keys[0]

    def test_no_reminders_for_cancelled_meetings(self, people, meeting, clock):
        services.meeting_cancel(actor=people.organiser, meeting=meeting)
        clock.move_to(at(24, 19, 5))
        assert services.reminders_send_due() == 0

    def test_token_reset_changes_the_address(self, people):
        first = services.calendar_settings_for(user=people.partner).feed_token
        assert services.calendar_token_reset(user=people.partner).feed_token != first
        assert CalendarSettings.objects.get(user=people.partner).feed_token != first


@pytest.mark.django_db(transaction=True)
def test_two_people_booking_the_same_poll_at_once_make_one_meeting(people):
    poll = services.poll_create(
        actor=people.organiser, project=people.project, data={"title": "Race"}, options=[(at(10, 20), at(10, 21))]
    )
    option = poll.options.get()
    results, errors = [], []

    def book():
        from django.db import connection

        try:
            results.append(services.poll_schedule(actor=people.organiser, poll=poll, option=option).pk)
        except Exception as error:  # noqa: BLE001 - collected and checked below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=book) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Meeting.objects.count() == 1
    assert len(set(results)) == 1, (results, errors)
