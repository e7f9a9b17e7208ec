"""Fixture cases: one folder per construct under tests/extract/cases/<name>/.

Each folder holds ``input.txt`` (optionally starting with a ``date YYYY-MM-DD``
line, passed to the extractor as is, with the date also given as
``published``) or ``input.html`` (a page, cleaned and read as the crawler does),
and ``expected.json``::

    {"lang": "fr" | "en" | null,
     "exact": true,            # no other fact than the listed ones
     "facts": [{"series": ..., "season": ..., "status": ...,
                "platform"?, "certainty"?, "episodes"?, "release"?, "aliases"?}],
     "absent": ["a series that must not appear"]}

Series are compared with the corpus title normalisation; listed attributes
must be equal.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

from crawler.extract import extract_facts
from crawler.extract.evaluation import norm_title

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "expected.json").exists())
PAGE_URL = "http://127.0.0.1:8000/series/case/"


def _load(name: str):
    """(text, expected, facts) of one case: the facts of its text, or of its page."""
    folder = CASES / name
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    if (folder / "input.html").exists():
        from crawler.processing import process_html

        page = process_html(PAGE_URL, (folder / "input.html").read_bytes(), lang_hint=expected.get("lang"))
        assert page.dropped is None, page.detail
        return page.text, expected, page.facts
    text = (folder / "input.txt").read_text(encoding="utf-8")
    published = None
    m = re.match(r"\s*date\s+(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if m:
        published = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    return text, expected, extract_facts(text, expected.get("lang"), published)


def _keys(fact) -> set[str]:
    keys = {norm_title(fact.series)}
    keys.update(norm_title(a) for a in fact.aliases)
    return keys


@pytest.mark.parametrize("name", NAMES)
def test_case(name: str) -> None:
    text, expected, facts = _load(name)
    for f in facts:
        assert f.evidence and f.evidence in text, f"evidence must be a substring of the text: {f.evidence!r}"
        assert len(f.evidence) <= 200
    got = {(norm_title(f.series), f.season, f.status): f for f in facts}
    wanted = {}
    for e in expected["facts"]:
        key = (norm_title(e["series"]), e["season"], e["status"])
        wanted[key] = e
        match = got.get(key)
        if match is None:
            # the expected title may be one of the prediction's aliases
            match = next(
                (
                    f
                    for f in facts
                    if norm_title(e["series"]) in _keys(f) and f.season == e["season"] and f.status == e["status"]
                ),
                None,
            )
        assert match is not None, f"missing {key}; got {sorted(got)}"
        for attr in ("platform", "certainty", "episodes", "release"):
            if attr in e:
                assert getattr(match, attr) == e[attr], f"{key} {attr}: {getattr(match, attr)!r} != {e[attr]!r}"
        for alias in e.get("aliases", ()):
            assert norm_title(alias) in _keys(match), f"{key}: alias {alias!r} not in {match.aliases!r}"
    if expected.get("exact", True):
        extra = [
            k
            for k, f in got.items()
            if k not in wanted
            and f.status != "released"
            and not any(
                norm_title(e["series"]) in _keys(f) and f.season == e["season"] and f.status == e["status"]
                for e in expected["facts"]
            )
        ]
        assert not extra, f"unexpected facts {extra}"
    for name_ in expected.get("absent", ()):
        assert all(norm_title(name_) not in _keys(f) for f in facts), f"{name_!r} must not be a fact"
