"""The plain-language check: known texts with scores worked out by hand, jargon, acronyms, sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roundtable.lib import plain_language as pl
from roundtable.lib.jargon import ACRONYMS, TERMS, WORDY


def flesch(words: int, sentences: int, syllables: int) -> tuple[float, float]:
    """The published formulas, written out again here so the test does not trust the code under test."""
    wps, spw = words / sentences, syllables / words
    return round(206.835 - 1.015 * wps - 84.6 * spw, 1), round(0.39 * wps + 11.8 * spw - 15.59, 1)


# --- Known texts, counted by hand ---------------------------------------------------------------


def test_a_very_easy_text():
    # 11 words, 2 sentences; every word one syllable except sun-ny: 12 syllables.
    s = pl.scores("The cat sat on the mat. It was a sunny day.")
    assert (s.words, s.sentences, s.syllables) == (11, 2, 12)
    ease, grade = flesch(11, 2, 12)
    assert (s.flesch_reading_ease, s.flesch_kincaid_grade) == (ease, grade) == (109.0, -0.6)
    assert s.reading_age == 5  # never below 5


def test_a_very_hard_text():
    # the(1) e-val-u-a-tion(5) dem-on-strat-ed(4) con-sid-er-a-ble(5) het-er-o-ge-ne-i-ty(7) = 22 syllables, 5 words.
    s = pl.scores("The evaluation demonstrated considerable heterogeneity.")
    assert (s.words, s.sentences, s.syllables) == (5, 1, 22)
    assert (s.flesch_reading_ease, s.flesch_kincaid_grade) == flesch(5, 1, 22) == (-170.5, 38.3)
    assert s.reading_age == 43


def test_a_plain_promise():
    # 9 words, one sentence, travel has 2 syllables: 10 syllables.
    s = pl.scores("We will pay you for your time and travel.")
    assert (s.words, s.sentences, s.syllables) == (9, 1, 10)
    assert (s.flesch_reading_ease, s.flesch_kincaid_grade) == flesch(9, 1, 10) == (103.7, 1.0)
    report = pl.check("We will pay you for your time and travel.")
    assert report.meets_target and report.band == "good" and report.plain_english
    assert report.advice_count == 0


def test_a_hard_text_misses_the_target():
    report = pl.check(
        "Subsequently, the multidisciplinary steering committee will evaluate the methodological "
        "considerations associated with the implementation of the intervention."
    )
    assert report.reading_age > pl.TARGET_READING_AGE
    assert report.band == "hard"
    assert not report.plain_english


def test_empty_and_tiny_texts():
    assert pl.scores("") == pl.Scores(0, 0, 0, 0.0, 0.0)
    assert pl.check("   \n ").empty
    tiny = pl.check("Hello there.")
    assert not tiny.scored and tiny.meets_target  # too short to give a reading age


def test_lines_without_full_stops_are_sentences():
    sentences = pl.split_sentences("Come to four workshops\nTry out the new form\n\nTell us what is hard")
    assert [s.text for s in sentences] == ["Come to four workshops", "Try out the new form", "Tell us what is hard"]
    assert pl.scores("Come to four workshops\nTry out the new form").sentences == 2


def test_abbreviations_do_not_end_a_sentence():
    sentences = pl.split_sentences("Bring something to read, e.g. a book. Then rest.")
    assert [s.text for s in sentences] == ["Bring something to read, e.g. a book.", "Then rest."]


def test_sentence_positions_point_into_the_text():
    text = "First one.  Second one!\n- Third one"
    for sentence in pl.split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


# --- Long sentences and the passive -------------------------------------------------------------


def test_long_sentences_are_found():
    long = " ".join(["word"] * 26) + "."
    report = pl.check(f"Short one. {long}")
    assert [n.words for n in report.long_sentences] == [26]
    exactly = " ".join(["word"] * 25) + "."
    assert pl.check(exactly).long_sentences == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("You will be paid £25 an hour.", ["will be paid"]),
        ("The decision was made by the council.", ["was made by"]),
        ("The papers are sent a week before.", ["are sent"]),
        ("The form was quickly checked.", ["was quickly checked"]),
        ("We will pay you £25 an hour.", []),
        ("I am interested in this.", []),
        ("We are based in Northfield.", []),
        ("She is tired after the school run.", []),
    ],
)
def test_likely_passive(sentence, expected):
    assert pl.passive_phrases(sentence) == expected


# --- Jargon -------------------------------------------------------------------------------------


def found(text: str, extra=()) -> list[str]:
    return [m.term.term for m in pl.find_jargon(text, extra)]


def test_the_built_in_list_is_big_enough_and_each_term_has_a_plain_alternative():
    assert len(TERMS) >= 150
    terms = [t.lower() for t, _, _ in TERMS]
    assert len(terms) == len(set(terms)), "a term is listed twice"
    for term, plain, forms in TERMS:
        assert plain.strip() and plain.lower() != term.lower(), term
        assert isinstance(forms, tuple), term
    assert len(pl.builtin_glossary()) == len(TERMS)
    for acronym in (t for t, _, _ in TERMS if pl._is_acronym_form(t)):
        assert acronym in ACRONYMS, f"{acronym} has no spelled-out form"


def test_jargon_found():
    assert found("This is a trial of a new service.") == ["trial"]
    assert found("Two trials, and the Trial's results.") == ["trial", "trial"]
    assert found("We will study a cohort of families.") == ["cohort"]
    assert found("Therapies and diagnoses") == ["diagnosis"]  # "diagnoses" is listed as a form
    assert found("Co-production means equal partners. So does coproduction.") == ["co-production", "co-production"]


def test_a_word_inside_another_word_is_not_jargon():
    assert found("The patrial rules.") == []
    assert found("We are trialling a new booking form.") == []  # an everyday verb, not the noun
    assert found("Biased? Unbiased!") == []  # only "bias" itself
    assert found("a protocolled thing") == []


def test_the_longest_phrase_wins():
    assert found("A randomised controlled trial.") == ["randomised controlled trial"]
    assert found("A cohort study and a cohort.") == ["cohort study", "cohort"]
    assert found("a control\ngroup") == []  # a line break splits a phrase


def test_acronyms_match_only_in_capitals():
    assert found("Please send it to SEND services.") == ["SEND"]
    assert found("Ask the PI. A pi is a number.") == ["PI"]
    assert found("Two EHCPs and one EHCP's review.") == ["EHCP", "EHCP"]


def test_an_organisation_adds_and_overrides_terms():
    extra = [pl.Term(term="workstream", plain="our own meaning", source="organisation"), pl.Term("Hub", "the centre")]
    matches = pl.find_jargon("The hub runs a workstream.", extra)
    assert [(m.term.term, m.term.plain) for m in matches] == [("Hub", "the centre"), ("workstream", "our own meaning")]


def test_wordy_words_get_plainer_choices():
    report = pl.check("In order to participate, please ensure you arrive prior to 8pm.")
    assert {(w.text, w.plainer) for w in report.wordy} == {
        ("In order to", WORDY["in order to"]),
        ("participate", "take part"),
        ("ensure", "make sure"),
        ("prior to", "before"),
    }


def test_jargon_in_the_project_glossary_is_explained_not_a_problem():
    report = pl.check("We will study a cohort. Dissemination comes later.", explained=["Cohort"])
    assert {j.term.term: j.explained for j in report.jargon} == {"cohort": True, "dissemination": False}
    assert [j.term.term for j in report.jargon_to_change] == ["dissemination"]


# --- Acronyms -----------------------------------------------------------------------------------


def acronyms(text: str) -> dict[str, bool]:
    return {a.acronym: a.spelled_out for a in pl.find_acronyms(text)}


def test_acronyms_spelled_out_or_not():
    assert acronyms("Patient and public involvement (PPI) matters. PPI is good.") == {"PPI": True}
    assert acronyms("The NIHR (National Institute for Health and Care Research) pays.") == {"NIHR": True}
    assert acronyms("Education, Health and Care Plans (EHCPs) help.") == {"EHCP": True}
    assert acronyms("Talk to CAMHS about it.") == {"CAMHS": False}
    assert acronyms("The XYZ (something else entirely) group.") == {"XYZ": False}  # initials do not match


def test_everyday_short_forms_and_shouting_are_not_acronyms():
    assert acronyms("Ask your GP or the NHS. Please do NOT come if you are ill. I am OK.") == {}


def test_acronym_expansions_are_suggested():
    [camhs] = pl.find_acronyms("Talk to CAMHS.")
    assert camhs.expansion == ACRONYMS["CAMHS"]
    [unknown] = pl.find_acronyms("Talk to the QXT.")
    assert unknown.expansion == "" and not unknown.spelled_out


def test_acronyms_are_not_double_counted_as_jargon():
    report = pl.check("Talk to CAMHS about it.")
    assert [a.acronym for a in report.unexplained_acronyms] == ["CAMHS"]
    assert report.jargon_to_change == []
    assert report.advice_count == 1


# --- Properties ---------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_text_can_be_checked(text):
    report = pl.check(text)
    assert report.scores.words >= 0
    assert report.advice_count >= 0
    for sentence in pl.split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
    for match in pl.find_jargon(text):
        assert text[match.start : match.end] == match.text


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["cat", "sat", "mat", "dog", "ran"]), min_size=1, max_size=30))
def test_one_syllable_words_in_one_sentence(words):
    text = " ".join(words) + "."
    s = pl.scores(text)
    assert (s.words, s.sentences, s.syllables) == (len(words), 1, len(words))
    assert (s.flesch_reading_ease, s.flesch_kincaid_grade) == flesch(len(words), 1, len(words))


# --- The verdict follows from what the check found (issue 13) -------------------------------------

JARGON_IN_SHORT_SENTENCES = (
    "We will meet the cohort. We want to upskill you. Tell the PPI lead. "
    "Read the KPI list. Help the stakeholders. We will leverage it."
)


def test_an_easy_reading_age_full_of_problems_is_not_called_easy():
    report = pl.check(JARGON_IN_SHORT_SENTENCES)
    assert report.band == "good"  # the reading age alone is fine...
    assert report.advice_count >= pl.HARD_FINDINGS  # ...but there is a lot to look at
    assert report.verdict == "hard"


@pytest.mark.parametrize(
    ("band", "findings", "expected"),
    [
        ("good", 0, "good"),
        ("good", 1, "close"),
        ("good", pl.HARD_FINDINGS - 1, "close"),
        ("good", pl.HARD_FINDINGS, "hard"),
        ("close", 1, "close"),
        ("hard", 1, "hard"),
    ],
)
def test_the_verdict_is_easy_only_with_nothing_to_look_at(band, findings, expected):
    assert pl.verdict(band=band, findings=findings) == expected


def test_a_plain_text_is_still_easy_to_read():
    assert pl.check("We will pay you for your time and travel.").verdict == "good"


def test_a_glossary_extended_with_own_words_finds_what_one_built_whole_finds():
    own = [
        pl.Term(term="cohort", plain="our group", source="organisation"),  # replaces a built-in meaning
        pl.Term(term="EHCP", plain="the plan for your child", source="project"),
        pl.Term(term="steering group meeting", plain="the planning meeting", source="project"),
    ]
    text = "The cohort and its cohorts met at the steering group meeting about EHCPs and PPI."
    whole = pl.Glossary([*pl.builtin_terms(), *own])
    extended = pl.builtin_glossary().extended(own)
    assert [(m.term, m.text) for m in extended.find(text)] == [(m.term, m.text) for m in whole.find(text)]
    assert len(extended) == len(whole)
    assert all(m.term.source == "builtin" for m in pl.builtin_glossary().find(text))  # left unchanged
