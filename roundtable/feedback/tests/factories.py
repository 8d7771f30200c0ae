"""Factories for listening: barriers, boards and notes, anonymous feedback and "you said, we did".

Each makes its row through the feedback services (docs/testing.md), so the people involved are told and
the acts audited as on the web:

* ``BarrierFactory(project=..., raised_by=...)``: ``barrier_raise`` (due in ``BARRIER_DAYS`` days); with
  ``answer="responded" | "resolved" | "not_possible"`` it is then moved on by ``barrier_answer`` as the
  project's creator (``response`` and ``reason`` as given).
* ``BoardFactory(project=...)``: ``boards.board_create`` (hidden from other members by default);
  ``NoteFactory(board=..., author=...)``: ``boards.note_add`` in the board's first column.
* ``FeedbackFactory(project=...)``: ``feedback_submit`` through the project's secret link (the time is kept
  to the hour only, as on the web).
* ``ResponseFactory(project=..., answers=[...])``: ``response_create`` linking the given inputs (barriers,
  notes, themes, feedback or check-in answers); ``ResponseLinkFactory(response=..., input=...)`` links one
  more with ``response_link_add`` and returns its ``ResponseLink``.

Check-ins have their own factories (``factories_checkins.py``). Nothing here reads the real clock for
anything a test checks: freeze it (``time_machine``).
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from roundtable.feedback import boards, services
from roundtable.feedback.models import (
    Anonymity,
    Barrier,
    BarrierCategory,
    Board,
    CheckInAnswer,
    Feedback,
    Note,
    Response,
    ResponseLink,
    Theme,
)
from roundtable.projects.tests.factories import MembershipFactory, ProjectFactory

KINDS = {Barrier: "barrier", Note: "note", Theme: "theme", Feedback: "feedback", CheckInAnswer: "answer"}


def input_value(obj) -> str:
    """The form value ("kind:pk") that names one input for ``response_create``."""
    return f"{KINDS[type(obj)]}:{obj.pk}"


class BarrierFactory(DjangoModelFactory):
    """A barrier raised by ``raised_by`` (a new partner of the project unless given); see the module."""

    class Meta:
        model = Barrier

    project = factory.SubFactory(ProjectFactory)
    raised_by = factory.LazyAttribute(lambda o: MembershipFactory(project=o.project).user)
    category = BarrierCategory.MEETING_TIMES
    description = factory.Iterator(
        ["Meetings are at school pick-up time", "Ni allaf ddod heb ofal plant", "I can't use Zoom on my phone"]
    )
    shared = False
    # Not fields: what happens after ``barrier_raise``.
    answer = ""
    response = "We have moved the meetings to 8pm."
    reason = "The room is only free in the day."

    @classmethod
    def _create(cls, model_class, *args, project, raised_by, category, description, shared, answer, response, reason):
        barrier = services.barrier_raise(
            actor=raised_by, project=project, category=category, description=description, shared=shared
        )
        if answer:
            barrier = services.barrier_answer(
                actor=project.created_by,
                barrier=barrier,
                status=answer,
                response=response if answer != Barrier.Status.NOT_POSSIBLE else "",
                reason=reason if answer == Barrier.Status.NOT_POSSIBLE else "",
            )
        return barrier


class BoardFactory(DjangoModelFactory):
    """A project board made by ``created_by`` (the project's creator unless given)."""

    class Meta:
        model = Board

    project = factory.SubFactory(ProjectFactory)
    created_by = factory.LazyAttribute(lambda o: o.project.created_by)
    title = factory.Iterator(["After the meeting", "Syniadau", "What would help?"])
    anonymity = Anonymity.HIDDEN

    @classmethod
    def _create(cls, model_class, *args, project, created_by, title, anonymity, **kwargs):
        return boards.board_create(actor=created_by, project=project, title=title, anonymity=anonymity, **kwargs)


class NoteFactory(DjangoModelFactory):
    """A note on ``board`` (its first column) by ``author`` (a new partner of the project unless given)."""

    class Meta:
        model = Note

    board = factory.SubFactory(BoardFactory)
    author = factory.LazyAttribute(lambda o: MembershipFactory(project=o.board.project).user)
    text = factory.Iterator(["Evenings are better", "Mae angen mwy o amser", "Papers came too late"])

    @classmethod
    def _create(cls, model_class, *args, board, author, text):
        return boards.note_add(actor=author, board=board, column=board.columns.first(), text=text)


class FeedbackFactory(DjangoModelFactory):
    """Something said through the project's secret link (made by its creator if there is none yet)."""

    class Meta:
        model = Feedback

    project = factory.SubFactory(ProjectFactory)
    text = factory.Iterator(["Nobody explained the words", "Rwy'n teimlo nad oes neb yn gwrando", "Thank you"])

    @classmethod
    def _create(cls, model_class, *args, project, text):
        link = services.feedback_link_get(actor=project.created_by, project=project)
        return services.feedback_submit(link=link, text=text)


class ResponseFactory(DjangoModelFactory):
    """A "you said, we did" made by ``created_by`` (the project's creator) answering ``answers`` (at least
    one input of the project: a barrier, note, theme, feedback or check-in answer)."""

    class Meta:
        model = Response

    project = factory.SubFactory(ProjectFactory)
    created_by = factory.LazyAttribute(lambda o: o.project.created_by)
    title = factory.Iterator(["Meeting times", "Amser cyfarfodydd", "Papers in time"])
    outcome = Response.Outcome.CHANGED
    what_we_did = "We moved the meetings to the evening."
    # Not a field: the inputs it answers (by default one new piece of anonymous feedback).
    answers = factory.LazyAttribute(lambda o: [FeedbackFactory(project=o.project)])

    @classmethod
    def _create(cls, model_class, *args, project, created_by, title, outcome, what_we_did, answers):
        return services.response_create(
            actor=created_by,
            project=project,
            title=title,
            outcome=outcome,
            what_we_did=what_we_did,
            inputs=[input_value(obj) for obj in answers],
        )


class ResponseLinkFactory(DjangoModelFactory):
    """One more input (``input``) linked to ``response`` with ``response_link_add`` by its maker."""

    class Meta:
        model = ResponseLink

    response = factory.SubFactory(ResponseFactory)
    input = None  # not a field: the barrier, note, theme, feedback or check-in answer

    @classmethod
    def _create(cls, model_class, *args, response, input):
        kind = KINDS[type(input)]
        services.response_link_add(actor=response.created_by, response=response, linked=[(kind, input)])
        return ResponseLink.objects.get(response=response, **{kind: input})
