"""The project's test site (tests/sites/basic): each article page, cleaned as the
crawler cleans it, gives exactly the facts of expected.json, and none of the series
that the page only mentions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extract.evaluation import norm_title

SITE = Path(__file__).resolve().parents[1] / "sites" / "basic"
BASE = "http://127.0.0.1:8000"
EXPECTED = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
ARTICLES = {a["path"]: a for a in EXPECTED["articles"]}


def _facts(path: str):
    from crawler.processing import process_html

    html = (SITE / path.strip("/") / "index.html").read_text(encoding="utf-8").replace("{{BASE}}", BASE)
    page = process_html(BASE + path, html.encode("utf-8"))
    assert page.dropped is None, page.detail
    return page.facts


@pytest.mark.parametrize("path", sorted(ARTICLES))
def test_site_article_facts(path: str) -> None:
    article = ARTICLES[path]
    facts = _facts(path)
    got = {(f.series, f.season, f.status): f for f in facts}
    wanted = {(f["series"], f["season"], f["status"]): f for f in article["facts"]}
    assert set(got) == set(wanted)
    for key, want in wanted.items():
        for attr in ("platform", "certainty", "episodes", "release"):
            assert getattr(got[key], attr) == want[attr], f"{key} {attr}"
    named = {norm_title(f.series) for f in facts} | {norm_title(a) for f in facts for a in f.aliases}
    for other in article.get("mentioned_not_facts", ()):
        assert norm_title(other) not in named
