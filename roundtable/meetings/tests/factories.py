"""Factories for meetings, their agenda items and papers, made through the meetings services.

``MeetingFactory()`` books an online meeting of a new published project three weeks from now, 8pm
to 9:30pm, as the project's creator, and tells every member (``meeting_create``);
``MeetingFactory(already_held=True, starts_at=...)`` records one that took place (nobody is told).
``AgendaItemFactory`` and ``PaperFactory`` add to a meeting (``agenda_item_add``, ``paper_add``).
``long_title=True`` fills a title to its 200-character limit around a 150-letter word.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from roundtable.lib.sample_text import stretch
from roundtable.meetings import services
from roundtable.meetings.models import AgendaItem, Meeting, MeetingFormat, Paper, PaperFormat
from roundtable.projects.tests.factories import ProjectFactory

# The smallest file the upload check takes for a PDF.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _evening_in_three_weeks() -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(weeks=3)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(20, 0)))


class MeetingFactory(DjangoModelFactory):
    """A meeting booked by ``meeting_create`` as ``created_by`` (the project's creator unless given).

    Any other ``Meeting`` field the booking form has (``purpose``, ``venue_name``, ``overrun_minutes``,
    ...) can be passed; ``notify=False`` books it without telling anyone.
    """

    class Meta:
        model = Meeting

    project = factory.SubFactory(ProjectFactory)
    created_by = factory.LazyAttribute(lambda o: o.project.created_by)
    title = factory.Iterator(["Planning the study", "Cynllunio'r gwaith", "Reading the draft report"])
    format = MeetingFormat.ONLINE
    starts_at = factory.LazyFunction(_evening_in_three_weeks)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=90))
    # Not fields: how ``meeting_create`` is called.
    notify = True
    already_held = False

    class Params:
        long_title = factory.Trait(title=factory.LazyFunction(lambda: stretch("Planning the study", 200)))

    @classmethod
    def _create(cls, model_class, *args, project, created_by, notify, already_held, **data):
        return services.meeting_create(
            actor=created_by, project=project, data=data, notify=notify, already_held=already_held
        )


class AgendaItemFactory(DjangoModelFactory):
    """An item at the end of a meeting's agenda, added by ``agenda_item_add`` as the meeting's creator."""

    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Iterator(["Welcome and introductions", "What helps at bedtime", "Round the table"])
    minutes = 30
    kind = AgendaItem.Kind.ITEM

    @classmethod
    def _create(cls, model_class, *args, meeting, **data):
        return services.agenda_item_add(actor=meeting.created_by, meeting=meeting, data=data)


class PaperFactory(DjangoModelFactory):
    """A paper uploaded to a meeting by ``paper_add`` as the meeting's creator (not released yet).

    ``content`` is the file's bytes (a small valid PDF) and ``file_name`` its name.
    """

    class Meta:
        model = Paper

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Iterator(["Draft report", "Papur trafod", "Notes from last time"])
    summary = ""
    format = PaperFormat.STANDARD
    version_of = None
    # Not fields: the uploaded file.
    content = PDF
    file_name = "paper.pdf"

    @classmethod
    def _create(cls, model_class, *args, meeting, content, file_name, **kwargs):
        upload = SimpleUploadedFile(file_name, content, content_type="application/pdf")
        return services.paper_add(actor=meeting.created_by, meeting=meeting, upload=upload, **kwargs)
