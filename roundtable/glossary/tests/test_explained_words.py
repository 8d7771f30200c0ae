"""Glossary words explained where they appear on the project's pages, with every piece of user text escaped."""

from __future__ import annotations

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.glossary import services
from roundtable.glossary.selectors import display_terms
from roundtable.projects import services as project_services


def render(text, project, access=None) -> str:
    template = Template("{% load glossary %}{% explain_terms text project default='Nothing yet.' %}")
    terms = display_terms(project=project)  # the view's read; the tag itself reads nothing
    return template.render(Context({"text": text, "project": project, "access": access, "glossary_terms": terms}))


def test_terms_get_a_disclosure_under_the_text(people):
    services.glossary_entry_save(
        actor=people.organiser, project=people.project, term="cohort", meaning="The families in this study."
    )
    html = render("We will follow a cohort.\nWe share our findings.", people.project)
    assert html.startswith('<p class="govuk-body rt-pre">We will follow a cohort.\nWe share our findings.</p>')
    assert '<details class="govuk-details rt-explained">' in html and "<summary" in html
    assert "What these words mean: cohort, findings" in html
    assert "The families in this study." in html  # the project's own meaning wins over the built-in one
    assert "What the word often means" in html  # "findings" uses the built-in meaning, and says so


def test_no_terms_no_disclosure_and_a_default_for_empty_text(people):
    assert render("We meet on Tuesdays.", people.project) == '<p class="govuk-body rt-pre">We meet on Tuesdays.</p>'
    assert render("", people.project) == '<p class="govuk-body">Nothing yet.</p>'


def test_user_text_and_meanings_are_escaped(people):
    services.glossary_entry_save(
        actor=people.organiser, project=people.project, term="cohort", meaning='<script>alert("m")</script>'
    )
    html = render('<script>alert("x")</script> a <b>bold</b> cohort <img src=x onerror=alert(1)>', people.project)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&quot;m&quot;)&lt;/script&gt;" in html


def test_each_word_is_explained_once_per_page(people):
    template = Template("{% load glossary %}{% explain_terms a project %}{% explain_terms b project %}")
    context = {"a": "A cohort.", "b": "The same cohort again.", "project": people.project, "glossary_terms": []}
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context(context))
    assert len(queries) == 0
    assert html.count("<details") == 1


def test_a_partner_reads_explanations_on_the_project_page_and_can_ask(client, people):
    project_services.project_offer_update(
        actor=people.organiser,
        project=people.project,
        data={"purpose": "We will run a trial with <script>evil()</script> families.", "input_use": "A trial again."},
    )
    client.force_login(people.partner)
    html = client.get(reverse("projects:project", args=[people.project.pk])).content.decode()
    assert "What these words mean: trial" in html and html.count("rt-explained") == 1
    assert "<script>evil()" not in html and "&lt;script&gt;evil()" in html
    assert reverse("glossary:ask", args=[people.project.pk]) in html
    assert reverse("glossary:project", args=[people.project.pk]) in html


def test_the_public_offer_explains_words_but_offers_no_member_links(client, people):
    project_services.project_offer_update(
        actor=people.organiser, project=people.project, data={"purpose": "A trial.", "visibility": "open"}
    )
    html = client.get(reverse("projects:offer", args=[people.project.pk])).content.decode()
    assert "What these words mean: trial" in html
    assert reverse("glossary:ask", args=[people.project.pk]) not in html


def test_project_page_queries_do_not_grow_with_the_glossary(client, people):
    client.force_login(people.partner)
    url = reverse("projects:project", args=[people.project.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(30):
        services.glossary_entry_save(actor=people.organiser, project=people.project, term=f"word{i}", meaning="x")
        services.organisation_term_add(
            actor=people.organiser, organisation=people.organisation, term=f"org{i}", plain="y"
        )
    assert count() == before


def test_glossary_page_queries_do_not_grow(client, people):
    client.force_login(people.organiser)
    url = reverse("glossary:project", args=[people.project.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    services.term_question_ask(actor=people.partner, project=people.project, term="first")
    before = count()
    for i in range(15):
        services.glossary_entry_save(actor=people.organiser, project=people.project, term=f"word{i}", meaning="x")
        services.term_question_ask(actor=people.partner, project=people.project, term=f"q{i}")
    after = count()
    assert after == before and after <= 15
