"""A member asks what a word means; an organiser answers; the answer is in the glossary and on its way to the asker."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from roundtable.audit.models import AuditEvent
from roundtable.glossary import services
from roundtable.glossary.models import GlossaryEntry, TermQuestion
from roundtable.notifications.models import Message


def test_member_asks_organiser_answers_end_to_end(client, people):
    project = people.project
    # 1. Amira, a partner, asks from the glossary page.
    client.force_login(people.partner)
    page = client.get(reverse("glossary:project", args=[project.pk]))
    assert page.status_code == 200 and "Ask what a word means" in page.content.decode()
    response = client.post(
        reverse("glossary:ask", args=[project.pk]), {"term": "  “cohort” ", "where_seen": "the role offer"}
    )
    assert response.status_code == 302
    question = TermQuestion.objects.get()
    assert (question.term, question.asked_by, question.status) == ("cohort", people.partner, "open")
    # The organiser (the project's contact) is told, their way, with a link to answer.
    to_organiser = Message.objects.get(kind="glossary_question")
    assert to_organiser.recipient == people.organiser
    assert "cohort" in to_organiser.subject and "the role offer" in to_organiser.body
    assert to_organiser.link_url.endswith(reverse("glossary:answer", args=[project.pk, question.pk]))
    # Amira sees her question waiting; she does not see other people's.
    page = client.get(reverse("glossary:project", args=[project.pk])).content.decode()
    assert "Waiting for an answer" in page and "Questions for you to answer" not in page

    # 2. Tom, the organiser, sees it and answers.
    client.force_login(people.organiser)
    page = client.get(reverse("glossary:project", args=[project.pk])).content.decode()
    assert "Questions for you to answer" in page and "Amira Hassan" in page
    answer_url = reverse("glossary:answer", args=[project.pk, question.pk])
    assert client.get(answer_url).status_code == 200
    response = client.post(
        answer_url, {"term": "cohort", "meaning": "A group of people we follow over time, like the families here."}
    )
    assert response.status_code == 302

    # 3. The answer is in the glossary, the question is answered, and a message is queued for Amira.
    entry = GlossaryEntry.objects.get(project=project)
    assert (entry.term, entry.source) == ("cohort", GlossaryEntry.Source.QUESTION)
    question.refresh_from_db()
    assert (question.status, question.entry, question.answered_by) == ("answered", entry, people.organiser)
    to_amira = Message.objects.get(kind="glossary_answer")
    assert to_amira.recipient == people.partner
    assert "A group of people we follow over time" in to_amira.body
    assert to_amira.idempotency_key == f"glossary-answer:{question.pk}"
    assert AuditEvent.objects.filter(action="glossary.answer").exists()

    # 4. Amira sees it answered, and the word is explained on the role offer where it appears.
    client.force_login(people.partner)
    page = client.get(reverse("glossary:project", args=[project.pk])).content.decode()
    assert "Answered" in page and "A group of people we follow over time" in page
    from roundtable.projects import services as project_services

    project_services.project_offer_update(
        actor=people.organiser, project=project, data={"purpose": "We will follow a cohort of 40 families."}
    )
    page = client.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert "What these words mean:" in page and "A group of people we follow over time" in page


def test_answering_tells_everyone_who_asked_about_the_same_word(people):
    q1 = services.term_question_ask(actor=people.partner, project=people.project, term="Cohort")
    q2 = services.term_question_ask(actor=people.professional, project=people.project, term="cohort")
    services.term_question_answer(actor=people.organiser, question=q1, meaning="A group followed over time.")
    assert set(TermQuestion.objects.values_list("status", flat=True)) == {"answered"}
    assert set(Message.objects.filter(kind="glossary_answer").values_list("recipient", flat=True)) == {
        people.partner.pk,
        people.professional.pk,
    }
    # Answering again changes nothing and sends nothing more.
    services.term_question_answer(actor=people.organiser, question=q2, meaning="Something else")
    assert Message.objects.filter(kind="glossary_answer").count() == 2
    assert GlossaryEntry.objects.get().meaning == "A group followed over time."


def test_asking_twice_is_one_question_and_one_message(people):
    first = services.term_question_ask(actor=people.partner, project=people.project, term="PPI")
    again = services.term_question_ask(actor=people.partner, project=people.project, term="ppi")
    assert first == again
    assert Message.objects.filter(kind="glossary_question").count() == 1


def test_without_a_contact_every_organiser_and_admin_is_told(people):
    people.project.contact = None
    people.project.save(update_fields=["contact"])
    services.term_question_ask(actor=people.partner, project=people.project, term="bias")
    recipients = set(Message.objects.filter(kind="glossary_question").values_list("recipient", flat=True))
    assert recipients == {people.admin.pk, people.organiser.pk}  # not finance


def test_a_word_already_explained_is_not_asked_again(client, people):
    services.glossary_entry_save(actor=people.organiser, project=people.project, term="bias", meaning="Unfairness.")
    with pytest.raises(ValidationError):
        services.term_question_ask(actor=people.partner, project=people.project, term="Bias")
    client.force_login(people.partner)
    response = client.post(reverse("glossary:ask", args=[people.project.pk]), {"term": "BIAS"})
    assert response.status_code == 400
    assert "already explained" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"term": ""}, "term", "Enter the word or phrase"),
        ({"term": "x" * 81}, "term", "This is 1 character too long. Please cut it to 80 or fewer."),
        ({"term": "  ?! "}, "term", "Enter the word or phrase"),
    ],
)
def test_bad_questions_get_a_clear_message_and_keep_what_was_typed(client, people, data, field, message):
    client.force_login(people.partner)
    data = {"where_seen": "the May papers", **data}
    response = client.post(reverse("glossary:ask", args=[people.project.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "govuk-error-summary" in html
    assert 'value="the May papers"' in html
    assert not TermQuestion.objects.exists()


def test_an_empty_answer_is_refused_at_the_field(client, people):
    question = services.term_question_ask(actor=people.partner, project=people.project, term="bias")
    client.force_login(people.organiser)
    response = client.post(
        reverse("glossary:answer", args=[people.project.pk, question.pk]), {"term": "bias", "meaning": " "}
    )
    assert response.status_code == 200
    assert "Say what it means in plain words" in response.content.decode()
    question.refresh_from_db()
    assert question.status == "open" and not Message.objects.filter(kind="glossary_answer").exists()


def test_organiser_adds_changes_and_removes_words(client, people):
    client.force_login(people.organiser)
    add = reverse("glossary:add", args=[people.project.pk])
    assert client.post(add, {"term": "Steering group", "meaning": "People who guide the project."}).status_code == 302
    entry = GlossaryEntry.objects.get()
    # Adding the same word in another case changes the meaning rather than making a second entry.
    client.post(add, {"term": "steering GROUP", "meaning": "A group that guides the work."})
    assert GlossaryEntry.objects.get().meaning == "A group that guides the work."
    edit = reverse("glossary:edit", args=[people.project.pk, entry.pk])
    assert client.post(edit, {"term": "Steering group", "meaning": "Changed."}).status_code == 302
    assert GlossaryEntry.objects.get().meaning == "Changed."
    assert client.post(reverse("glossary:remove", args=[people.project.pk, entry.pk])).status_code == 302
    assert not GlossaryEntry.objects.exists()
