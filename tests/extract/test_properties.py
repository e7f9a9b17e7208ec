"""Property-based tests: arbitrary text never raises and stays within time bounds."""

from __future__ import annotations

import datetime
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract import STATUSES, extract_facts

# Text that looks like news: words the extractor reacts to, mixed with noise.
_WORDS = [
    "saison",
    "season",
    "series",
    "renewed",
    "renouvelée",
    "annulée",
    "cancelled",
    "final",
    "dernière",
    "tournage",
    "filming",
    "premiere",
    "Netflix",
    "TF1",
    "Canal+",
    "la série",
    "the show",
    "2",
    "third",
    "deuxième",
    "«",
    "»",
    '"',
    "'",
    "*",
    "_",
    "(",
    ")",
    ":",
    ";",
    ",",
    ".",
    "?",
    "\n",
    "\n\n",
    "date 2024-05",
    "Les Veilleurs",
    "Harbor Lights",
    "won't return",
    "n'aura pas de saison",
    "en préparation",
    "le 12 mars",
    "next year",
    "l'automne prochain",
    "8 épisodes",
    "—",
    "-",
    "selon Variety",
    "reportedly",
    "Part 3",
    "S2",
]
news_like = st.lists(st.sampled_from(_WORDS) | st.text(max_size=12), max_size=120).map(" ".join)
dates = st.none() | st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2040, 12, 31))


def _check(facts, text):
    for f in facts:
        assert f.status in STATUSES
        assert f.certainty in ("official", "reported")
        assert f.season is None or isinstance(f.season, int)
        assert f.episodes is None or isinstance(f.episodes, int)
        assert f.evidence in text and len(f.evidence) <= 200
        assert f.series


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=3000), lang=st.sampled_from([None, "fr", "en"]), published=dates)
def test_arbitrary_text_never_raises(text, lang, published):
    _check(extract_facts(text, lang, published), text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=news_like, lang=st.sampled_from([None, "fr", "en"]), published=dates, title=st.none() | st.text(max_size=80)
)
def test_news_like_text_never_raises(text, lang, published, title):
    _check(extract_facts(text, lang, published, title), text)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chunk=news_like)
def test_large_input_time_bound(chunk):
    # one megabyte built from the generated chunk: bounded work per sentence and overall
    chunk = (chunk or "saison 2") + "\n"
    text = (chunk * (1_000_000 // len(chunk) + 1))[:1_000_000]
    start = time.process_time()
    facts = extract_facts(text, None, datetime.date(2024, 1, 1))
    assert time.process_time() - start < 2.0
    _check(facts, text)


def test_pathological_inputs_time_bound():
    samples = [
        "a" * 1_000_000,
        "«" * 500_000 + "»" * 500_000,
        ("'" + "x" * 69) * 15_000,
        ("Saison " * 150_000),
        ("The " * 250_000),
        ("A, " * 333_333),
        ("*" * 1_000_000),
        ("la série " + "Très " * 30) * 5_000,
    ]
    for text in samples:
        start = time.process_time()
        extract_facts(text)
        assert time.process_time() - start < 2.0, text[:40]
