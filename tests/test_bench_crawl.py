"""`renewals bench`: the generated site it serves, and the shape of its report (never
its timings: speed is measured by the bench, not asserted by tests)."""

from __future__ import annotations

import gzip
import statistics
import urllib.request
from collections import Counter

import lxml.html
import pytest

from crawler.bench.markup import REAL_PAGE_PROFILE, REAL_PROFILE_TOLERANCE
from crawler.bench.site import RENDER_CHUNK, NewsSite, SiteServer
from crawler.discovery import feed_entries, sitemap_entries
from crawler.sources import parse_sources
from tests.support.crawling import renewals


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_generated_pages_are_realistic_and_deterministic():
    site = NewsSite(40)
    base = "http://127.0.0.1:8000"
    pages = [site.article(n, base) for n in range(40)]
    assert pages == [NewsSite(40).article(n, base) for n in range(40)]  # the same bytes in every run
    assert all(60_000 < len(page) < 250_000 for page in pages)
    assert len(set(pages)) == 40
    langs = {site.lang(n) for n in range(40)}
    assert langs == {"fr", "en"}
    french = next(page for n, page in enumerate(pages) if site.lang(n) == "fr").decode()
    assert '<html lang="fr"' in french and "saison" in french and "<nav" in french and "<footer" in french


def page_profile(page: bytes) -> Counter:
    """The measures of REAL_PAGE_PROFILE for one page."""
    profile = Counter()
    for element in lxml.html.fromstring(page).iter():
        if not isinstance(element.tag, str):
            profile["comments"] += 1
            continue
        profile["elements"] += 1
        profile[element.tag] += 1
        profile["attributes"] += len(element.attrib)
        profile["class_chars"] += len(element.get("class", ""))
        profile["depth"] = max(profile["depth"], sum(1 for _ in element.iterancestors()) + 1)
        if element.tag in ("script", "style"):
            profile["script_kb"] += len(element.text or "") / 1024
    return profile


def test_generated_pages_have_the_markup_of_real_news_pages():
    # trafilatura's cost follows the markup: pages simpler than real ones would flatter
    # the reference and the pipeline alike
    site = NewsSite(30)
    profiles = [page_profile(site.article(n, "http://127.0.0.1:8000")) for n in range(30)]
    for measure, real in REAL_PAGE_PROFILE.items():
        generated = statistics.median(profile[measure] for profile in profiles)
        assert abs(generated - real) <= REAL_PROFILE_TOLERANCE * real, (measure, generated, real)


def test_the_site_serves_feeds_sitemaps_and_articles_with_conditional_requests():
    site = NewsSite(30)
    with SiteServer(site) as server:
        base = server.base_url
        status, _, robots = fetch(base + "/robots.txt")
        assert status == 200 and f"Sitemap: {base}/en/sitemap_index.xml".encode() in robots
        announced = []
        for lang, index in (("fr", "/fr/sitemap_index.xml"), ("en", "/en/sitemap_index.xml")):
            _, _, body = fetch(base + index)
            kind, children = sitemap_entries(body, base + index)
            assert kind == "index"
            for child in children:
                status, headers, body = fetch(child.url)
                kind, entries = sitemap_entries(body, child.url)
                announced += [entry.url for entry in entries]
                again, _, empty = fetch(child.url, {"If-None-Match": headers["ETag"]})
                assert (again, empty) == (304, b"")
            _, _, feed = fetch(f"{base}/{lang}/rss.xml")
            assert {e.url for e in feed_entries(feed, base)} <= set(announced)
        assert sorted(announced) == sorted(base + path for path in site.article_paths())
        status, headers, page = fetch(announced[0])
        assert status == 200 and headers["Content-Type"].startswith("text/html") and len(page) > 60_000
        number = site.article_paths().index(announced[0][len(base) :])
        assert page == site.article(number, base) and "Content-Encoding" not in headers
        # rendered before the crawl and served compressed, as outlets do, to clients that accept it
        status, headers, packed = fetch(announced[0], {"Accept-Encoding": "gzip, deflate, br"})
        assert headers["Content-Encoding"] == "gzip" and len(packed) < len(page) / 3
        assert gzip.decompress(packed) == page
        assert fetch(base + "/fr/series/nothing-99/")[0] == 404
        assert server.counts[("article", 200)] == 2
        sources = parse_sources(__import__("tomllib").loads(site.sources_toml(base)), "bench")
        assert [s.name for s in sources] == ["bench-fr", "bench-en"]


def test_a_large_site_is_rendered_by_a_process_pool_as_the_site_would_make_its_pages():
    site = NewsSite(RENDER_CHUNK + 3)  # two chunks: the pool's path
    base = "http://127.0.0.1:8000"
    rendered = site.render(base)
    assert len(rendered) == site.pages
    for number in (0, RENDER_CHUNK - 1, RENDER_CHUNK, site.pages - 1):  # in order, across chunks
        assert gzip.decompress(rendered[number]) == site.article(number, base)


def test_a_folder_of_real_pages_replaces_the_generated_articles(tmp_path):
    (tmp_path / "a.html").write_bytes(b"<html><body><p>one</p></body></html>")
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(b"<html><body><p>two</p></body></html>"))
    (tmp_path / "notes.txt").write_text("not a page")
    site = NewsSite(5, html_dir=tmp_path)
    assert [site.article(n, "http://x") for n in range(3)] == [
        b"<html><body><p>one</p></body></html>",
        b"<html><body><p>two</p></body></html>",
        b"<html><body><p>one</p></body></html>",
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match="no .html"):
        NewsSite(5, html_dir=empty)


@pytest.mark.slow
def test_bench_report_shape():
    result = renewals("bench", "--pages", "30", "--scale-pages", "60")
    report = result.stdout
    for needle in (
        "renewals bench: 30 generated pages",
        "trafilatura alone",
        "full pipeline",
        "ratio full pipeline / trafilatura alone",
        "fact extraction",
        "second run on the unchanged site after 30 pages",
        "second run on the unchanged site after 60 pages",
        "peak memory, 30 pages",
        "peak memory, 60 pages",
        "peak memory ratio 60/30 pages",
        "AUTOTHROTTLE_ENABLED=False",
    ):
        assert needle in report, f"{needle!r} missing from:\n{report}"
    # the second crawl of the unchanged site downloads no article page
    assert report.count("0 article pages downloaded") == 2, report


def test_bench_help_has_an_example_and_keeps_its_subcommands():
    help_text = renewals("bench", "--help").stdout
    assert "Example:" in help_text and "--pages" in help_text and "--html-dir" in help_text
    assert "dedup" in help_text and "storage" in help_text


def test_the_reference_in_two_halves_reads_every_page_once():
    """`renewals bench` measures half the reference before its crawls and half after
    (a shared machine's slow spell then weighs on both sides of the ratio)."""
    from crawler.bench.crawl import REFERENCE_BASE, measure_reference

    site = NewsSite(6)
    whole = measure_reference(site, REFERENCE_BASE, lambda message: None)
    halves = measure_reference(site, REFERENCE_BASE, lambda message: None, range(3)) + measure_reference(
        site, REFERENCE_BASE, lambda message: None, range(3, 6)
    )
    assert (halves.pages, halves.articles) == (whole.pages, whole.articles) == (6, 6)
    assert halves.trafilatura_cpu > 0 and halves.extraction_cpu > 0
    empty = measure_reference(site, REFERENCE_BASE, lambda message: None, range(0))
    assert (empty + whole).pages == 6
