"""Tests of SiteServer itself and of the basic test site's consistency."""

from __future__ import annotations

import http.client
import json
import pathlib
import re
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from .site_server import SiteServer

BASIC = pathlib.Path(__file__).resolve().parents[1] / "sites" / "basic"
EXPECTED = json.loads((BASIC / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with SiteServer(BASIC) as server:
        yield server


def get(server: SiteServer, path: str, method: str = "GET", headers: dict[str, str] | None = None):
    """One request on a fresh connection: (status, headers, body). Never follows redirects."""
    conn = http.client.HTTPConnection(urlsplit(server.base_url).netloc, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


# -- serving ---------------------------------------------------------------------------


def test_base_url_is_loopback_without_trailing_slash(site: SiteServer) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", site.base_url)
    assert site.url("/fr/rss.xml") == site.base_url + "/fr/rss.xml"


def test_base_url_before_start_raises() -> None:
    with pytest.raises(RuntimeError):
        _ = SiteServer(BASIC).base_url


def test_index_and_folder_index(site: SiteServer) -> None:
    status, headers, body = get(site, "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    assert b"/fr/series/" in body
    status, _, body = get(site, "/fr/series/page/2/")
    assert status == 200 and b"la-derniere-escale-date" in body


def test_template_substitution(site: SiteServer) -> None:
    base = site.base_url.encode()
    _, _, page = get(site, "/fr/series/les-veilleurs-du-lac-saison-3/")
    assert b"{{BASE}}" not in page
    assert b'<link rel="canonical" href="' + base + b'/fr/series/les-veilleurs-du-lac-saison-3/">' in page

    status, headers, robots = get(site, "/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert b"Sitemap: " + base + b"/news-sitemap.xml" in robots

    _, headers, sitemap = get(site, "/news-sitemap.xml")
    assert headers["Content-Type"] == "application/xml"
    assert b"<loc>" + base + b"/en/tv/harbor-lights-renewed-season-4/</loc>" in sitemap
    assert b"{{BASE}}" not in sitemap


def test_content_types_by_extension(tmp_path: pathlib.Path) -> None:
    for name in ("a.html", "b.xml", "c.rss", "d.txt", "e.bin"):
        (tmp_path / name).write_text("{{BASE}}", encoding="utf-8")
    with SiteServer(tmp_path) as server:
        types = {
            name: get(server, "/" + name)[1]["Content-Type"] for name in ("a.html", "b.xml", "c.rss", "d.txt", "e.bin")
        }
        assert types == {
            "a.html": "text/html; charset=utf-8",
            "b.xml": "application/xml",
            "c.rss": "application/rss+xml",
            "d.txt": "text/plain; charset=utf-8",
            "e.bin": "application/octet-stream",
        }
        assert get(server, "/e.bin")[2] == b"{{BASE}}"  # not a template
        assert get(server, "/d.txt")[2] == server.base_url.encode()


def test_missing_files_are_404(site: SiteServer) -> None:
    assert get(site, "/nope/")[0] == 404
    assert get(site, "/fr/series/nope.html")[0] == 404
    assert get(site, "/../../../etc/passwd")[0] == 404
    assert get(site, "/%2e%2e/%2e%2e/etc/passwd")[0] == 404


def test_folder_without_slash_redirects(site: SiteServer) -> None:
    status, headers, _ = get(site, "/fr/series")
    assert status == 301
    assert headers["Location"] == site.base_url + "/fr/series/"


def test_query_string_ignored_for_lookup_but_logged(site: SiteServer) -> None:
    status, _, body = get(site, "/fr/series/?utm_source=test")
    assert status == 200 and b"Page suivante" in body
    assert site.paths() == ["/fr/series/?utm_source=test"]


def test_head_has_headers_but_no_body(site: SiteServer) -> None:
    _, get_headers, body = get(site, "/fr/rss.xml")
    status, headers, head_body = get(site, "/fr/rss.xml", method="HEAD")
    assert status == 200 and head_body == b""
    assert headers["Content-Length"] == str(len(body))
    assert headers["ETag"] == get_headers["ETag"]
    assert site.requests[-1].method == "HEAD"


def test_other_methods_are_405(site: SiteServer) -> None:
    status, headers, _ = get(site, "/", method="POST")
    assert status == 405 and headers["Allow"] == "GET, HEAD"
    assert site.requests[-1].method == "POST"


# -- conditional requests ----------------------------------------------------------------


def test_etag_and_last_modified_present(site: SiteServer) -> None:
    _, headers, _ = get(site, "/fr/rss.xml")
    assert re.fullmatch(r'"[0-9a-f]+"', headers["ETag"])
    mtime = int((BASIC / "fr" / "rss.xml").stat().st_mtime)
    assert parsedate_to_datetime(headers["Last-Modified"]).timestamp() == mtime


def test_if_none_match_gives_304(site: SiteServer) -> None:
    _, headers, _ = get(site, "/fr/series/")
    status, headers304, body = get(site, "/fr/series/", headers={"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    assert headers304["ETag"] == headers["ETag"]
    assert get(site, "/fr/series/", headers={"If-None-Match": '"other", ' + headers["ETag"]})[0] == 304
    assert get(site, "/fr/series/", headers={"If-None-Match": "W/" + headers["ETag"]})[0] == 304
    assert get(site, "/fr/series/", headers={"If-None-Match": '"stale"'})[0] == 200


def test_if_none_match_wins_over_if_modified_since(site: SiteServer) -> None:
    _, headers, _ = get(site, "/fr/series/")
    both = {"If-None-Match": '"stale"', "If-Modified-Since": headers["Last-Modified"]}
    assert get(site, "/fr/series/", headers=both)[0] == 200


def test_if_modified_since_gives_304(site: SiteServer) -> None:
    _, headers, _ = get(site, "/news-sitemap.xml")
    last_modified = parsedate_to_datetime(headers["Last-Modified"])
    same = {"If-Modified-Since": headers["Last-Modified"]}
    later = {"If-Modified-Since": format_datetime(last_modified + timedelta(days=1), usegmt=True)}
    earlier = {"If-Modified-Since": format_datetime(last_modified - timedelta(seconds=1), usegmt=True)}
    assert get(site, "/news-sitemap.xml", headers=same)[0] == 304
    assert get(site, "/news-sitemap.xml", headers=later)[0] == 304
    assert get(site, "/news-sitemap.xml", headers=earlier)[0] == 200
    assert get(site, "/news-sitemap.xml", headers={"If-Modified-Since": "garbage"})[0] == 200


def test_touch_changes_last_modified_and_defeats_304(site: SiteServer) -> None:
    path = "/en/tv/nightjar-rumour/"
    _, before, _ = get(site, path)
    assert get(site, path, headers={"If-Modified-Since": before["Last-Modified"]})[0] == 304

    new_time = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    site.touch(path, new_time)
    status, after, body = get(site, path, headers={"If-Modified-Since": before["Last-Modified"]})
    assert status == 200 and body
    assert after["Last-Modified"] == "Wed, 02 Jan 2030 03:04:05 GMT"
    assert after["ETag"] != before["ETag"]
    assert get(site, path, headers={"If-None-Match": before["ETag"]})[0] == 200
    assert get(site, path, headers={"If-Modified-Since": after["Last-Modified"]})[0] == 304
    assert get(site, path, headers={"If-None-Match": after["ETag"]})[0] == 304


def test_touch_naive_datetime_is_utc_and_missing_path_raises(site: SiteServer) -> None:
    site.touch("/robots.txt", datetime(2031, 5, 6, 7, 8, 9))
    assert get(site, "/robots.txt")[1]["Last-Modified"] == "Tue, 06 May 2031 07:08:09 GMT"
    with pytest.raises(FileNotFoundError):
        site.touch("/nope/", datetime(2031, 1, 1))


# -- request log -------------------------------------------------------------------------


def test_request_log_order_and_count(site: SiteServer) -> None:
    for path in ("/robots.txt", "/fr/series/", "/missing", "/fr/series/", "/fr/series/?page=2"):
        get(site, path, headers={"User-Agent": "renewals-test/1.0"})
    assert site.paths() == ["/robots.txt", "/fr/series/", "/missing", "/fr/series/", "/fr/series/?page=2"]
    assert site.count("/fr/series/") == 2
    assert site.count("/fr/series/?page=2") == 1
    assert site.count("/fr/series/secret-interdit/") == 0
    record = site.requests[0]
    assert record.method == "GET"
    assert record.headers["user-agent"] == "renewals-test/1.0"
    assert record.header("User-Agent") == "renewals-test/1.0"
    assert abs(record.time - time.time()) < 60
    site.clear_requests()
    assert site.paths() == [] and site.requests == []


def test_requests_are_logged_before_the_response(site: SiteServer) -> None:
    site.set_override("/slow", body="late", delay=0.5)
    done = threading.Event()
    worker = threading.Thread(target=lambda: (get(site, "/slow"), done.set()))
    worker.start()
    deadline = time.monotonic() + 5
    while site.count("/slow") == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert site.count("/slow") == 1 and not done.is_set()
    worker.join(5)
    assert done.is_set()


def test_log_is_thread_safe_under_concurrency(site: SiteServer) -> None:
    threads = [threading.Thread(target=get, args=(site, f"/fr/series/?n={i}")) for i in range(25)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(site.paths()) == sorted(f"/fr/series/?n={i}" for i in range(25))


def test_keep_alive_connection_serves_several_requests(site: SiteServer) -> None:
    conn = http.client.HTTPConnection(urlsplit(site.base_url).netloc, timeout=10)
    try:
        for path in ("/", "/fr/rss.xml", "/missing", "/robots.txt"):
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
        assert site.paths() == ["/", "/fr/rss.xml", "/missing", "/robots.txt"]
    finally:
        conn.close()


# -- overrides ---------------------------------------------------------------------------


def test_set_override(site: SiteServer) -> None:
    site.set_override("/fr/rss.xml", status=503, body=b"down", headers={"Retry-After": "120"})
    status, headers, body = get(site, "/fr/rss.xml")
    assert (status, body, headers["Retry-After"]) == (503, b"down", "120")
    assert headers["Content-Type"] == "application/xml"  # guessed from the path
    assert "ETag" not in headers

    site.set_override("/new-page/", body="<a href='{{BASE}}/x'>x</a>", headers={"Content-Type": "text/html"})
    status, headers, body = get(site, "/new-page/")
    assert status == 200 and body == f"<a href='{site.base_url}/x'>x</a>".encode()

    site.set_override("/fr/series/?page=9", status=404)
    assert get(site, "/fr/series/?page=9")[0] == 404
    assert get(site, "/fr/series/?page=1")[0] == 200  # exact query override only

    site.set_override("/en/tv/", status=500)
    assert get(site, "/en/tv/?utm=1")[0] == 500  # bare-path override covers queries

    site.set_override("/moved", status=301, headers={"Location": site.url("/fr/series/")})
    assert get(site, "/moved")[1]["Location"] == site.base_url + "/fr/series/"

    site.clear_override("/fr/rss.xml")
    assert get(site, "/fr/rss.xml")[0] == 200
    site.clear_override()
    assert get(site, "/en/tv/")[0] == 200
    assert site.count("/fr/rss.xml") == 2


# -- lifecycle ---------------------------------------------------------------------------


def test_stop_is_clean_with_idle_keep_alive_connection() -> None:
    server = SiteServer(BASIC).start()
    netloc = urlsplit(server.base_url).netloc
    conn = http.client.HTTPConnection(netloc, timeout=10)
    conn.request("GET", "/")
    conn.getresponse().read()  # connection stays open, its handler thread waits for more
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 5
    server.stop()  # idempotent
    conn.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("SiteServer")]
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://{netloc}/", timeout=2)


def test_stop_does_not_wait_for_a_slow_override() -> None:
    server = SiteServer(BASIC).start()
    server.set_override("/slow", delay=30)
    outcome: list[object] = []

    def fetch() -> None:
        try:
            outcome.append(get(server, "/slow")[0])
        except (OSError, http.client.HTTPException) as error:  # the server hung up
            outcome.append(error)

    worker = threading.Thread(target=fetch, daemon=True)
    worker.start()
    while server.count("/slow") == 0:
        time.sleep(0.01)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 5
    worker.join(5)
    assert outcome and isinstance(outcome[0], Exception)


def test_quiet(capfd: pytest.CaptureFixture[str]) -> None:
    with SiteServer(BASIC) as server:
        get(server, "/")
        get(server, "/missing")
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_urllib_client_and_404_error(site: SiteServer) -> None:
    with urllib.request.urlopen(site.url("/fr/rss.xml"), timeout=10) as response:
        assert response.status == 200
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(site.url("/nope"), timeout=10)
    assert info.value.code == 404


# -- the basic site agrees with expected.json --------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith("#"):
            self.hrefs.append(href)


def _site_links(server: SiteServer, path: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    out = set()
    for href in parser.hrefs:
        parts = urlsplit(urljoin(server.url(path), href))
        assert f"{parts.scheme}://{parts.netloc}" == server.base_url, f"{path} links off-site: {href}"
        out.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return sorted(out)


def test_every_page_is_served_and_its_links_match_expected(site: SiteServer) -> None:
    for page in EXPECTED["pages"]:
        status, headers, body = get(site, page["path"])
        assert status == 200, page["path"]
        html = body.decode("utf-8")
        assert f'<html lang="{page["lang"]}"' in html
        assert _site_links(site, page["path"], html) == page["links"], page["path"]
        for target in page["links"]:
            assert get(site, target)[0] == 200, f"{page['path']} -> {target}"


def test_articles_match_expected(site: SiteServer) -> None:
    assert len(EXPECTED["articles"]) == 10
    for article in EXPECTED["articles"]:
        html = get(site, article["path"])[2].decode("utf-8")
        assert f'<meta property="article:published_time" content="{article["published"]}">' in html
        assert f'<link rel="canonical" href="{site.url(article["path"])}">' in html
        ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
        assert ld["datePublished"] == article["published"]
        body = re.search(r'<div class="entry-content">(.*?)</div>', html, re.S).group(1)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("&amp;", "&")
        assert 250 <= len(text.split()) <= 600, article["path"]
        for sentence in article["key_sentences"]:
            assert sentence in text, (article["path"], sentence)
        for fact in article["facts"]:
            assert set(fact) == {"series", "season", "status", "platform", "certainty", "episodes", "release"}


def test_discovery_files_match_expected(site: SiteServer) -> None:
    robots = get(site, "/robots.txt")[2].decode()
    assert "Disallow: /fr/series/secret-interdit/" in robots

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}
    sitemap = ET.fromstring(get(site, "/news-sitemap.xml")[2])
    locs = [urlsplit(loc.text).path for loc in sitemap.iterfind("s:url/s:loc", ns)]
    assert locs == EXPECTED["discovery"]["/news-sitemap.xml"]["urls"]
    assert len(sitemap.findall("s:url/news:news/news:publication_date", ns)) == 4

    rss = ET.fromstring(get(site, "/fr/rss.xml")[2])
    links = [link.text for link in rss.iterfind("channel/item/link")]
    assert [urlsplit(link).path for link in links] == EXPECTED["discovery"]["/fr/rss.xml"]["urls"]
    assert all(link.startswith(site.base_url + "/") for link in links)
    assert all(item.find("pubDate") is not None and item.find("guid") is not None for item in rss.iter("item"))
