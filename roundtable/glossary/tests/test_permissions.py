"""Every glossary URL × every role × the status they get. Outsiders 404, members without the role 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.glossary import services

ROLES = ["admin", "organiser", "finance", "partner", "professional", "outsider", "anonymous"]

# (name, method, {role: status})
TABLE = {
    "project": ("get", dict(admin=200, organiser=200, finance=200, partner=200, professional=200, outsider=404)),
    "ask": ("get", dict(admin=200, organiser=200, finance=200, partner=200, professional=200, outsider=404)),
    "add": ("get", dict(admin=200, organiser=200, finance=403, partner=403, professional=403, outsider=404)),
    "edit": ("get", dict(admin=200, organiser=200, finance=403, partner=403, professional=403, outsider=404)),
    "remove": ("post", dict(admin=302, organiser=302, finance=403, partner=403, professional=403, outsider=404)),
    "answer": ("get", dict(admin=200, organiser=200, finance=403, partner=403, professional=403, outsider=404)),
    "organisation": ("get", dict(admin=200, organiser=200, finance=403, partner=404, professional=404, outsider=404)),
}


def _url(name, people, entry, question):
    if name == "organisation":
        return reverse("glossary:organisation", args=[people.organisation.slug])
    if name in ("edit", "remove"):
        return reverse(f"glossary:{name}", args=[people.project.pk, entry.pk])
    if name == "answer":
        return reverse("glossary:answer", args=[people.project.pk, question.pk])
    return reverse(f"glossary:{name}", args=[people.project.pk])


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_permission_table(client, people, name, role):
    entry = services.glossary_entry_save(actor=people.organiser, project=people.project, term="bias", meaning="Unfair.")
    question = services.term_question_ask(actor=people.partner, project=people.project, term="cohort")
    method, expected = TABLE[name]
    url = _url(name, people, entry, question)
    if role != "anonymous":
        client.force_login(getattr(people, role))
    response = getattr(client, method)(url)
    if role == "anonymous":
        assert response.status_code == 302 and "/sign-in/" in response.url
    else:
        assert response.status_code == expected[role], f"{role} {method.upper()} {url}"


def test_only_admins_change_the_writing_policy(client, people):
    url = reverse("glossary:organisation", args=[people.organisation.slug])
    client.force_login(people.organiser)
    assert client.post(url, {"form": "policy", "require_confirmation": "on"}).status_code == 403
    client.force_login(people.admin)
    assert client.post(url, {"form": "policy", "require_confirmation": "on"}).status_code == 302
    from roundtable.glossary.models import WritingPolicy

    assert WritingPolicy.objects.get(organisation=people.organisation).require_confirmation


def test_another_projects_question_is_not_found(client, people):
    from roundtable.projects import services as project_services

    other = project_services.project_create(
        actor=people.organiser, organisation=people.organisation, title="Other", visibility="invite_only"
    )
    question = services.term_question_ask(actor=people.partner, project=people.project, term="cohort")
    client.force_login(people.organiser)
    assert client.get(reverse("glossary:answer", args=[other.pk, question.pk])).status_code == 404


def test_organisation_words_add_and_remove(client, people):
    url = reverse("glossary:organisation", args=[people.organisation.slug])
    client.force_login(people.organiser)
    assert client.post(url, {"form": "term", "term": "Hub", "plain": "the family centre"}).status_code == 302
    bad = client.post(url, {"form": "term", "term": "", "plain": "x"})
    assert bad.status_code == 400 and "Enter the word or phrase" in bad.content.decode()
    from roundtable.glossary.models import OrganisationTerm

    item = OrganisationTerm.objects.get()
    assert "Hub" in client.get(url).content.decode()
    assert client.post(url, {"form": "remove", "term_id": item.pk}).status_code == 302
    assert not OrganisationTerm.objects.exists()
