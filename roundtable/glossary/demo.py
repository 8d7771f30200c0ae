"""This app's chapter of the demo story, loaded after the foundation story.

Tom's sleep study has a few words explained; Amira asked what "cohort" means and
Tom answered (the answer is in the glossary and in her messages); Joe has asked
about "PPI" and is waiting, so Tom has a question to answer. The university adds
two words of its own to the writing check, and the council asks writers to
confirm they have read the advice.
"""

from __future__ import annotations

from roundtable.accounts.models import User
from roundtable.glossary import services
from roundtable.glossary.models import GlossaryEntry
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.projects.models import Project


def _person(key: str) -> User:
    return User.objects.get(email=f"{key}{DEMO_EMAIL_DOMAIN}")


def load() -> None:
    sleep = Project.objects.filter(title="Better sleep for autistic children").select_related("organisation").first()
    breaks = Project.objects.filter(title="Short breaks for disabled children").select_related("organisation").first()
    if sleep is None or GlossaryEntry.objects.filter(project=sleep).exists():
        return  # the foundation story is missing, or this chapter is already there
    tom, amira, joe, priya = _person("tom"), _person("amira"), _person("joe"), _person("priya")

    for term, meaning in (
        ("study", "The research project: a careful way of finding out what helps."),
        ("sleep diary", "A simple record you fill in each morning: when your child went to sleep and woke up."),
        ("data", "The information we collect, like the sleep diaries and what you tell us."),
    ):
        services.glossary_entry_save(actor=tom, project=sleep, term=term, meaning=meaning)

    question = services.term_question_ask(
        actor=amira, project=sleep, term="cohort", where_seen="The papers for the first meeting"
    )
    services.term_question_answer(
        actor=tom,
        question=question,
        meaning="A group of people we follow over time. In this study, it means the families taking part.",
    )
    services.term_question_ask(actor=joe, project=sleep, term="PPI", where_seen="An email from the university")

    services.organisation_term_add(
        actor=tom, organisation=sleep.organisation, term="work package", plain="one part of the project"
    )
    services.organisation_term_add(
        actor=tom,
        organisation=sleep.organisation,
        term="REF",
        plain="Research Excellence Framework: how research is judged",
    )
    if breaks is not None:
        services.writing_policy_set(actor=priya, organisation=breaks.organisation, require_confirmation=True)
