"""The personal feed and every one-off .ics, as served, read the same in ical.js, Python icalendar and zoneinfo,
for meetings either side of the clock changes on 25 October 2026, 28 March 2027 and 31 October 2027."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from roundtable.lib.tests.ics_readers import disagreements, expected
from roundtable.meetings import services
from roundtable.meetings.tests.conftest import LONDON, meeting_data
from roundtable.projects import services as project_services

STARTS = [
    dt.datetime(2026, 10, 21, 20, tzinfo=LONDON),  # the feed's meeting that was out by an hour
    dt.datetime(2026, 10, 24, 18, tzinfo=LONDON),
    dt.datetime(2026, 10, 25, 1, 30, tzinfo=LONDON, fold=1),  # 1:30 GMT, the second 1:30 that night
    dt.datetime(2026, 10, 26, 19, tzinfo=LONDON),
    dt.datetime(2027, 3, 27, 19, tzinfo=LONDON),
    dt.datetime(2027, 3, 28, 0, 30, tzinfo=LONDON),  # ends in BST after starting in GMT
    dt.datetime(2027, 3, 29, 18, tzinfo=LONDON),
    dt.datetime(2027, 6, 15, 18, tzinfo=LONDON),  # the one-off that ical.js read as 7pm
    dt.datetime(2027, 10, 30, 20, tzinfo=LONDON),
    dt.datetime(2027, 10, 31, 1, 30, tzinfo=LONDON),  # 1:30 BST, the first 1:30 that night
    dt.datetime(2027, 11, 1, 18, tzinfo=LONDON),
]


def test_every_feed_and_download_reads_the_same_in_every_parser(people, tmp_path):
    project_services.milestone_add(
        actor=people.organiser, project=people.project, title="Plan agreed", due=dt.date(2027, 3, 28)
    )
    meetings = [
        services.meeting_create(
            actor=people.organiser,
            project=people.project,
            data=meeting_data(title=f"Meeting {n}", starts_at=start, ends_at=start + dt.timedelta(hours=1)),
        )
        for n, start in enumerate(STARTS)
    ]
    truth = {f"meeting-{m.uid}@roundtable": (m.starts_at, m.booked_until) for m in meetings}
    client = Client()
    client.force_login(people.partner, backend="django.contrib.auth.backends.ModelBackend")
    bodies, truths = [], []
    for meeting in meetings:
        response = client.get(f"/projects/{people.project.pk}/meetings/{meeting.pk}/meeting.ics")
        assert response.status_code == 200
        uid = f"meeting-{meeting.uid}@roundtable"
        bodies.append(response.content)
        truths.append(expected({uid: truth[uid]}))
    milestone = people.project.milestones.get(title="Plan agreed")
    truth[f"milestone-{milestone.pk}@roundtable"] = (dt.date(2027, 3, 28), dt.date(2027, 3, 29))
    for person in (people.partner, people.organiser):
        token = services.calendar_settings_for(user=person).feed_token
        bodies.append(Client().get(f"/calendar/{token}.ics").content)
        truths.append(expected(truth))
    assert disagreements(bodies, truths, tmp_path) == []
