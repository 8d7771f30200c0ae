"""How quick the plain-language check is, on a 10,000-word document and on a role offer.

    python -m bench.plain_language

``run()`` returns rows ``{"name", "median_ms", "p95_ms"}`` (``make bench`` prints
them). Floors measured in the same run: ``str.split()`` of the same document, and
splitting it into words with the check's own word pattern, so the figures can be
read as ratios on a noisy machine.

textstat caches each result by the text it was given. To measure real work and
not a cache hit, every run shuffles the document's sentences (same words, new
text) and empties textstat's caches first, except the pronouncing dictionary,
which a running server loads once (its load time is its own row).
"""

from __future__ import annotations

import random
import statistics
import sys
import time

SENTENCES = [
    "We want to find out what helps autistic children sleep better.",
    "Parent carers will help us plan the study and choose what to measure.",
    "You will be paid £27.50 an hour for meetings, and we pay for childcare and travel.",
    "The randomised controlled trial will recruit a cohort of 120 families across three sites.",
    "The PPI group will be consulted prior to dissemination of the findings.",
    "Come to an online meeting once a month, on a Tuesday evening after 8pm.",
    "Subsequently, the multidisciplinary steering committee will evaluate the methodological "
    "considerations associated with the implementation of the intervention.",
    "We will send you the papers a week before each meeting, in the way you asked.",
    "If you cannot come, tell us, and we will find another way for you to take part.",
    "Qualitative interviews and a thematic analysis will inform the feasibility study.",
    "Talk to CAMHS or your GP if you are worried about your child's sleep.",
    "Your ideas will shape the questions we ask, and we will show you how each idea was used.",
]


def document(words: int = 10_000, seed: int = 0) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(SENTENCES)
        out.append(sentence)
        count += len(sentence.split())
        if rng.random() < 0.15:
            out.append("\n\n")
    return " ".join(out)


def _clear_textstat_caches() -> None:
    keep = {"get_cmudict", "get_pyphen", "get_lang_cfg", "get_lang_root", "get_lang_easy_words"}
    for name, module in list(sys.modules.items()):
        if not name.startswith("textstat"):
            continue
        for obj in vars(module).values():
            if callable(obj) and hasattr(obj, "cache_clear") and getattr(obj, "__name__", "") not in keep:
                obj.cache_clear()


def _time(fn, texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        _clear_textstat_caches()
        started = time.perf_counter()
        fn(text)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _row(name: str, times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[max(0, min(len(ordered) - 1, round(0.95 * len(ordered) + 0.5) - 1))]
    return {"name": name, "median_ms": round(statistics.median(times), 3), "p95_ms": round(p95, 3)}


def run(runs: int = 20) -> list[dict]:
    from textstat.backend.utils import get_cmudict

    from roundtable.lib import plain_language as pl

    get_cmudict.cache_clear()
    started = time.perf_counter()
    pl.warm_up()
    load_ms = (time.perf_counter() - started) * 1000

    big = [document(10_000, seed) for seed in range(runs)]
    offer = [document(300, seed) for seed in range(runs * 5)]
    pl.check(big[0])  # warm up: the jargon index, regexes
    words = pl._WORD
    return [
        _row("plain language: split() floor, 10,000 words", _time(str.split, big)),
        _row("plain language: tokenise floor, 10,000 words", _time(words.findall, big)),
        _row("plain language: full check, 10,000 words", _time(pl.check, big)),
        _row("plain language: scores only, 10,000 words", _time(pl.scores, big)),
        _row("plain language: jargon only, 10,000 words", _time(pl.find_jargon, big)),
        _row("plain language: full check, a 300-word role offer", _time(pl.check, offer)),
        {
            "name": "plain language: first load of the pronouncing dictionary",
            "median_ms": round(load_ms, 1),
            "p95_ms": round(load_ms, 1),
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<62} median {row['median_ms']:>9.2f} ms   p95 {row['p95_ms']:>9.2f} ms")
