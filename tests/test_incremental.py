"""Crawling for cron: incremental runs, conditional requests, changed pages, the
crawl lock, and a killed run completed by the next one."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import time

import pytest
from sqlalchemy import create_engine, text

from tests.support.crawling import (
    FAST_SETTINGS,
    basic_sources,
    command,
    copy_site,
    crawl,
    expected,
    renewals,
    snapshot,
)
from tests.support.site_server import SiteServer

ARTICLE_PATHS = {a["path"] for a in expected()["articles"] if a["robots_allowed"]}


@pytest.fixture
def site(tmp_path):
    with SiteServer(copy_site(tmp_path)) as server:
        yield server


def article_requests(site: SiteServer) -> list[str]:
    return [path for path in site.paths() if path in ARTICLE_PATHS]


def test_second_run_downloads_no_article_page_and_reads_feeds_conditionally(site, tmp_path):
    sources, db = basic_sources(tmp_path, site.base_url), f"sqlite:///{tmp_path / 'r.db'}"
    crawl(sources, db)
    assert sorted(article_requests(site)) == sorted(ARTICLE_PATHS)
    site.clear_requests()

    crawl(sources, db)
    assert article_requests(site) == []
    (feed,) = [r for r in site.requests if r.path == "/fr/rss.xml"]
    assert feed.header("If-None-Match") or feed.header("If-Modified-Since")
    runs = json.loads(renewals("stats", "--db", db, "--format", "json").stdout)["runs"]
    assert [r["outcome"] for r in runs] == ["completed", "completed"]
    assert runs[0]["articles_new"] == 0


def test_newer_lastmod_refetches_and_updates_the_article(site, tmp_path):
    sources, db = basic_sources(tmp_path, site.base_url), f"sqlite:///{tmp_path / 'r.db'}"
    crawl(sources, db)
    before = snapshot(db)
    site.clear_requests()

    path = "/en/tv/harbor-lights-renewed-season-4/"
    page = site.root / path.strip("/") / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "windswept photography", "windswept photography and its haunting score"
        ),
        encoding="utf-8",
    )
    sitemap = site.root / "news-sitemap.xml"
    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    content = sitemap.read_text(encoding="utf-8")
    start = content.index(path)
    end = content.index("</url>", start)
    block = content[start:end]
    updated = block.replace(
        block[block.index("<news:publication_date>") : block.index("</news:publication_date>")],
        f"<news:publication_date>{tomorrow}",
    )
    if "<lastmod>" in updated:
        updated = updated.replace(
            updated[updated.index("<lastmod>") : updated.index("</lastmod>")], f"<lastmod>{tomorrow}"
        )
    sitemap.write_text(content[:start] + updated + content[end:], encoding="utf-8")

    crawl(sources, db)
    assert article_requests(site) == [path]
    after = snapshot(db)
    assert len(after["articles"]) == len(before["articles"])
    assert after["articles"] != before["articles"]
    assert {f[:3] for f in after["facts"]} == {f[:3] for f in before["facts"]}
    assert len(after["mentions"]) == len(before["mentions"])


def test_second_crawl_exits_75_and_a_killed_crawl_leaves_no_stale_lock(site, tmp_path):
    sources, db = basic_sources(tmp_path, site.base_url), f"sqlite:///{tmp_path / 'r.db'}"
    site.set_delay("/fr/rss.xml", 120)  # the first crawl hangs on its feed
    first = subprocess.Popen(
        command("crawl", "--sources", str(sources), "--db", db, *FAST_SETTINGS),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while site.count("/fr/rss.xml") == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert site.count("/fr/rss.xml"), "the first crawl never reached its feed"
        second = crawl(sources, db, check=False)
        assert second.returncode == 75, second.stderr[-2000:]
        assert "another crawl is running" in second.stderr
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    site.set_delay("/fr/rss.xml", 0)

    crawl(sources, db)  # the kernel released the dead crawl's lock
    runs = json.loads(renewals("stats", "--db", db, "--format", "json").stdout)["runs"]
    assert [r["outcome"] for r in runs] == ["completed", "interrupted"]


def test_killed_crawl_is_completed_by_the_next_run(site, tmp_path):
    sources = basic_sources(tmp_path, site.base_url)
    reference_db = f"sqlite:///{tmp_path / 'reference.db'}"
    crawl(sources, reference_db)
    site.clear_requests()

    db = f"sqlite:///{tmp_path / 'killed.db'}"
    for path in ARTICLE_PATHS:
        if path.startswith("/en/"):
            site.set_delay(path, 30)
    victim = subprocess.Popen(
        command("crawl", "--sources", str(sources), "--db", db, *FAST_SETTINGS),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    engine = create_engine(db)
    try:
        deadline = time.monotonic() + 60
        stored = 0
        while time.monotonic() < deadline:
            try:
                with engine.connect() as connection:
                    stored = connection.execute(text("SELECT count(*) FROM articles")).scalar()
            except Exception:  # noqa: BLE001 - the schema may not exist yet
                stored = 0
            if stored >= 3:
                break
            time.sleep(0.2)
        assert stored >= 3, "the crawl stored nothing before the deadline"
    finally:
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        engine.dispose()
    for path in ARTICLE_PATHS:
        site.set_delay(path, 0)

    crawl(sources, db)
    assert snapshot(db) == snapshot(reference_db)
    runs = json.loads(renewals("stats", "--db", db, "--format", "json").stdout)["runs"]
    assert [r["outcome"] for r in runs] == ["completed", "interrupted"]
    engine = create_engine(db)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    engine.dispose()


OFF_TOPIC_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Budget : le gouvernement présente ses arbitrages</title>
<meta property="og:type" content="article"></head><body>
<nav><a href="/">Accueil</a></nav><article><h1>Budget : le gouvernement présente ses arbitrages</h1>
<p>Le ministre des Finances a présenté mardi le projet de loi de finances devant l'Assemblée nationale,
en promettant une baisse des impôts pour les petites entreprises et un plan d'investissement pour le rail.</p>
<p>L'opposition a dénoncé des prévisions de croissance trop optimistes et réclamé un débat sur la dépense
publique avant le vote prévu le mois prochain. Les syndicats seront reçus à Matignon la semaine prochaine.</p>
</article></body></html>"""


def test_off_topic_articles_are_dropped_counted_and_not_refetched(site, tmp_path):
    page = site.root / "fr" / "politique" / "budget" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(OFF_TOPIC_PAGE, encoding="utf-8")
    feed = site.root / "fr" / "rss.xml"
    item = "<item><title>Budget</title><link>{{BASE}}/fr/politique/budget/</link></item>"
    feed.write_text(feed.read_text(encoding="utf-8").replace("<item>", item + "<item>", 1), encoding="utf-8")
    sources, db = basic_sources(tmp_path, site.base_url), f"sqlite:///{tmp_path / 'r.db'}"

    crawl(sources, db)
    stats = json.loads(renewals("stats", "--db", db, "--format", "json").stdout)
    assert stats["runs"][0]["errors"].get("dropped/off_topic") == 1
    assert stats["articles"] == len(ARTICLE_PATHS)
    site.clear_requests()
    crawl(sources, db)
    assert site.count("/fr/politique/budget/") == 0
