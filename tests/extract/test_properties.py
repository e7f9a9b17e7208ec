"""Property-based tests: arbitrary text never raises and stays within time bounds."""

from __future__ import annotations

import datetime
import re
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract import STATUSES, assemble, extract_facts, titles

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


# --------------------------------------------------------------------------- fast forms of plain patterns
# Some patterns are written for the regular-expression engine's speed; each must find
# exactly what its plain form finds.

_CAPS_PIECES = st.sampled_from(
    ["L", "l", "D", "d", "'", "A", "É", "Œ", "b", " ", "  ", ": ", " : ", "1", "23", "12345", "of ", "the ", "-"]
    + ["#", "@", "/", "x", "Ab", "\n"]
)


def _plain_caps() -> re.Pattern:
    up = titles._UP
    word = rf"(?:[lLdD]'(?=[{up}]))?[{up}][\w'\-.&+/!]{{0,30}}"
    first = rf"(?<![\w'\-#@])(?:{word}|\d{{1,4}}(?= [{up}]))"
    return re.compile(first + rf"(?:(?: | ?: )(?:{titles._CONN} ){{0,2}}(?:{word}|\d{{1,4}}(?![\w/])))" + "{0,9}")


_PLAIN_CAPS = _plain_caps()


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(_CAPS_PIECES, max_size=16), start=st.integers(0, 4))
def test_capitalised_runs_pattern_finds_what_its_plain_form_finds(pieces, start):
    text = "".join(pieces)
    start = min(start, len(text))
    fast = [m.span() for m in titles._CAPS.finditer(text, start)]
    assert fast == [m.span() for m in _PLAIN_CAPS.finditer(text, start)]


_PLAIN_CREDIT = re.compile(r"(?:^|\n)\s*(?:via|source\s?:)\s+(?:[A-Z][\w.]+\s?){1,3}\s*$", re.MULTILINE)
_CREDIT_PIECES = st.sampled_from(["via", "source", ":", " ", "\n", "\t", "\xa0", "Deadline", "A.B", "x", "."])


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(_CREDIT_PIECES, max_size=10))
def test_credit_line_test_agrees_with_its_plain_pattern(pieces):
    text = "".join(pieces)
    assert assemble._credit_line(text) == bool(_PLAIN_CREDIT.search(text))


_PLAIN_CONDITIONAL = re.compile(
    r"\b(?:if|si|s'il|s'ils|whether|hoping|hope|hopes|hoped|espère|espèrent|espérer|espérons|would love|"
    r"wish|souhait\w*|rêve\w*|dream\w*|imagine\w*|expect fans|want to see|unless|à moins)\b[^.;,]{0,70}$"
)
_CONDITIONAL_PIECES = st.sampled_from(
    ["if", "s'il", "hope", "hopes", "would love", "souhaite", "dreamers", "unless", "à moins", "x", "abc ", " "]
    + [".", ",", ";", "'", "é", "wishing", "y" * 30, "y" * 7, "renewed ", "\n", "_"]
)


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(_CONDITIONAL_PIECES, max_size=14))
def test_conditional_test_agrees_with_its_plain_pattern(pieces):
    text = "".join(pieces)
    assert assemble._conditional_before(text) == bool(_PLAIN_CONDITIONAL.search(text))
