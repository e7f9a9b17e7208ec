"""End to end: `renewals crawl` against a local news site written for the tests."""

from __future__ import annotations

import json

import pytest

from tests.support.crawling import BASIC_SITE, basic_sources, crawl, expected, renewals
from tests.support.site_server import SiteServer

EXPECTED = expected()


@pytest.fixture
def site():
    with SiteServer(BASIC_SITE) as server:
        yield server


def test_crawl_stores_articles_and_facts_and_obeys_robots(site, tmp_path):
    db = f"sqlite:///{tmp_path / 'crawl.db'}"
    crawl(basic_sources(tmp_path, site.base_url), db)

    allowed = [a for a in EXPECTED["articles"] if a["robots_allowed"]]
    disallowed = [a for a in EXPECTED["articles"] if not a["robots_allowed"]]
    assert disallowed, "the test site must have a page that robots.txt disallows"
    for article in disallowed:
        assert site.count(article["path"]) == 0, f"{article['path']} was requested despite robots.txt"
    assert site.count("/robots.txt") >= 1
    for article in allowed:
        assert site.count(article["path"]) == 1, f"{article['path']} requested {site.count(article['path'])} times"

    stats = json.loads(renewals("stats", "--db", db, "--format", "json").stdout)
    assert stats["articles"] == len(allowed)
    assert stats["runs"][0]["outcome"] == "completed"
    assert stats["runs"][0]["articles_new"] == len(allowed)

    facts = json.loads(renewals("facts", "--db", db, "--format", "json").stdout)
    found = {(f["series"], f["season"], f["status"]) for f in facts}
    wanted = {(f["series"], f["season"], f["status"]) for a in allowed for f in a["facts"]}
    assert found == wanted
    for fact in facts:
        assert fact["sources"] and fact["sources"][0]["url"].startswith(site.base_url)
        assert fact["sources"][0]["evidence"]


def test_invalid_sources_file_stops_before_any_request(site, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        f'[[source]]\nname = "x"\nfeeds = ["{site.base_url}/fr/rss.xml"]\ncolour = "red"\n', encoding="utf-8"
    )
    result = renewals("crawl", "--sources", str(bad), "--db", f"sqlite:///{tmp_path / 'x.db'}", check=False)
    assert result.returncode == 1
    assert "unknown key 'colour'" in result.stderr and str(bad) in result.stderr
    assert site.paths() == []


def test_unreachable_database_fails_before_any_request(site, tmp_path):
    result = renewals(
        "crawl",
        "--sources",
        str(basic_sources(tmp_path, site.base_url)),
        "--db",
        "postgresql+psycopg://nobody:secret@127.0.0.1:9/none",
        check=False,
    )
    assert result.returncode == 1
    assert "cannot open database" in result.stderr and "secret" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert site.paths() == []


def test_robots_txt_holds_for_requests_waiting_on_it(site, tmp_path):
    """Many requests to a new host wait together for its robots.txt; every one of
    them must get the rules (Scrapy's middleware handed None to all but the first)."""
    paths = [a["path"] for a in EXPECTED["articles"]]
    sources = tmp_path / "sources.toml"
    urls = ", ".join(f'"{site.base_url}{path}"' for path in paths * 3)
    sources.write_text(f'[[source]]\nname = "all"\nstart_urls = [{urls}]\nmax_depth = 0\n', encoding="utf-8")
    site.set_delay("/robots.txt", 1)
    crawl(sources, f"sqlite:///{tmp_path / 'r.db'}")
    for article in EXPECTED["articles"]:
        if not article["robots_allowed"]:
            assert site.count(article["path"]) == 0
