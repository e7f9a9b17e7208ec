"""Cases 1–6: hostile and broken HTTP responses, served at the socket level by a
loopback HostileServer, all in one crawl of the real `renewals crawl` process; each
test below checks one outcome of that crawl. Then the run's time limit, and
credentials on cross-host redirects, each with a crawl of its own.

Every failure must be a counted outcome in the run's `errors` (`renewals stats`),
never a stored item from a partial body, and the good pages among them must be
stored: the crawl goes on.
"""

from __future__ import annotations

import time

import pytest

from tests.support.crawling import crawl
from tests.support.hostile_server import (
    HostileServer,
    article,
    bomb,
    bomb_body,
    broken_chunked,
    crawl_measured,
    feed_route,
    gzip_bytes,
    hang_up,
    last_run,
    never_answer,
    not_found,
    oversized,
    redirect,
    respond,
    sequence,
    stored_urls,
    trickle,
    truncated,
    unfinished_chunked,
    urlset,
)

pytestmark = pytest.mark.slow

SECRET = "root:x:0:0:TOP-SECRET-MARKER"
STORM_PAGES = [f"/storm/{n}.html" for n in range(12)]
BACKOFF = 0.3  # RENEWALS_RETRY_BACKOFF of the crawl: retries wait 0.3 s, then 0.6 s
TIMEOUT = 5  # DOWNLOAD_TIMEOUT of the crawl: short, yet ample for 11 MB on loopback under load

GOOD = {
    "/good/plain.html": respond(article("Les Gardiens du phare", 3)),
    # the first answer is cut short, the retry gets the whole page
    "/good/flaky.html": sequence(truncated(article("Marée basse", 2)), respond(article("Marée basse", 2))),
    # a page compressed as servers do, far under the limit
    "/good/gzip.html": respond(
        gzip_bytes(article("Le Village du bout du monde", 4).encode()), headers={"Content-Encoding": "gzip"}
    ),
}
BOMBS = {  # case 1: 1 GiB of zeros behind 1 MB (gzip, deflate) or 2 KB (br)
    "/bomb/gzip.html": bomb("gzip"),
    "/bomb/deflate.html": bomb("deflate"),
    "/bomb/br.html": bomb("br"),
}
TOO_LARGE = {  # case 2: 11 MiB against DOWNLOAD_MAXSIZE = 10 MiB
    "/big/content-length.html": oversized(11 * 1024 * 1024, chunked=False),
    "/big/chunked.html": oversized(11 * 1024 * 1024, chunked=True),
}
BROKEN = {  # case 3: partial bodies
    "/broken/truncated.html": truncated(article("Coupée net", 2)),
    "/broken/bad-chunk-size.html": broken_chunked(article("Morceaux", 2)),
    "/broken/unfinished-chunks.html": unfinished_chunked(article("Inachevée", 2)),
    "/broken/hang-up.html": hang_up(),
}
SLOW = {  # case 4: DOWNLOAD_TIMEOUT = 5 s in this crawl
    "/slow/never.html": never_answer(),
    "/slow/trickle.html": trickle(0.25),
}
STORM = {  # case 5
    "/storm/429.html": respond("slow down", status=429, headers={"Retry-After": "1"}, content_type="text/plain"),
    **{path: respond("busy", status=503, content_type="text/plain") for path in STORM_PAGES},
}
PAGES = {**GOOD, **BOMBS, **TOO_LARGE, **BROKEN, **SLOW, **STORM}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    secret = tmp / "passwd"
    secret.write_text(SECRET, encoding="utf-8")
    redirects = {  # case 6
        "/redirect/file.html": redirect(secret.as_uri()),
        "/redirect/data.html": redirect("data:text/html;charset=utf-8,%3Cp%3EDonn%C3%A9e%3C%2Fp%3E"),
        "/redirect/ftp.html": redirect("ftp://127.0.0.1:21/pub/article.html"),
        "/redirect/meta-file.html": respond(
            f'<html><head><meta http-equiv="refresh" content="0;url={secret.as_uri()}"></head><body></body></html>'
        ),
        "/redirect/loop.html": redirect("/redirect/loop.html?1"),
    }
    with HostileServer() as site:
        for path, behaviour in {**PAGES, **redirects}.items():
            site.route(path, behaviour)

        def endless_redirect(conn):  # /redirect/loop.html?N -> ?N+1, forever
            n = int(conn.request.path.rsplit("?", 1)[1])
            redirect(f"/redirect/loop.html?{n + 1}")(conn)

        for n in range(1, 12):
            site.route(f"/redirect/loop.html?{n}", endless_redirect)
        site.route("/robots.txt", not_found())
        links = ["{{BASE}}" + path for path in [*PAGES, *redirects]]
        site.route("/feed.xml", feed_route(links))
        # feeds and sitemaps that are bombs too, and a good gzipped sitemap
        site.route("/bomb-feed.xml", bomb("gzip", content_type="application/rss+xml"))
        site.route("/bomb-sitemap.xml", bomb("br", content_type="application/xml"))
        site.route("/bomb-sitemap.xml.gz", respond(bomb_body("gzip", 1 << 30), content_type="application/x-gzip"))
        site.route(
            "/sitemap.xml.gz",
            respond(
                gzip_bytes(urlset(site.url("/good/from-sitemap.html")).encode()), content_type="application/x-gzip"
            ),
        )
        site.route("/good/from-sitemap.html", respond(article("Les Phares du Nord", 5)))
        sources = tmp / "sources.toml"
        sources.write_text(
            f"""
[[source]]
name = "hostile"
lang = "fr"
feeds = ["{site.url("/feed.xml")}", "{site.url("/bomb-feed.xml")}"]
sitemaps = ["{site.url("/bomb-sitemap.xml")}", "{site.url("/bomb-sitemap.xml.gz")}", "{site.url("/sitemap.xml.gz")}"]
""",
            encoding="utf-8",
        )
        db = f"sqlite:///{tmp / 'hostile.db'}"
        started = time.monotonic()
        result, peak_mib = crawl_measured(
            sources,
            db,
            "-s",
            f"DOWNLOAD_TIMEOUT={TIMEOUT}",
            "-s",
            f"RENEWALS_RETRY_BACKOFF={BACKOFF}",
            "--log-file",
            str(tmp / "crawl.log"),
        )
        elapsed = time.monotonic() - started
        yield {
            "site": site,
            "result": result,
            "peak_mib": peak_mib,
            "elapsed": elapsed,
            "run": last_run(db),
            "stored": stored_urls(db),
            "log": (tmp / "crawl.log").read_text(encoding="utf-8", errors="replace"),
            "db": db,
        }


def errors(hostile) -> dict[str, int]:
    return hostile["run"]["errors"]


def test_the_crawl_completes_and_stores_the_good_pages(hostile):
    assert hostile["result"].returncode == 0, hostile["result"].stderr[-3000:]
    assert hostile["run"]["outcome"] == "completed"
    base = hostile["site"].base_url
    assert hostile["stored"] == {base + p for p in [*GOOD, "/good/from-sitemap.html"]}
    assert "Traceback" not in hostile["log"]


def test_1_decompression_bombs_are_dropped_with_bounded_memory(hostile):
    site = hostile["site"]
    for path in [*BOMBS, "/bomb-feed.xml", "/bomb-sitemap.xml", "/bomb-sitemap.xml.gz"]:
        assert site.count(path) == 1, f"{path} requested {site.count(path)} times"
    # pages, the Content-Encoding feed and sitemap: over DOWNLOAD_MAXSIZE while decompressing;
    # the gzip file sitemap: refused by the spider's own size-limited gunzip
    assert errors(hostile)["errors/fetch/too_large"] == len(BOMBS) + 2 + len(TOO_LARGE)
    assert errors(hostile)["errors/sitemap"] == 1
    # 1 GiB was never inflated: the crawler and its workers peaked far below it
    assert 0 < hostile["peak_mib"] < 500, f"peak RSS {hostile['peak_mib']:.0f} MiB"


def test_2_bodies_over_the_size_limit_are_cancelled_and_counted(hostile):
    for path in TOO_LARGE:
        assert hostile["site"].count(path) == 1  # no retry: it would be as large again
    assert errors(hostile)["download/DownloadCancelledError"] == len(TOO_LARGE)
    assert "larger than download max size" in hostile["log"]


def test_3_partial_bodies_are_retried_then_counted_never_stored(hostile):
    site = hostile["site"]
    for path in BROKEN:
        assert site.count(path) == 3, f"{path}: {site.count(path)} requests"  # 1 + RETRY_TIMES
        assert site.url(path) not in hostile["stored"]
    assert site.count("/good/flaky.html") == 2
    assert errors(hostile)["errors/fetch/truncated"] == 3
    assert errors(hostile)["errors/fetch/connection_lost"] == 1


def test_4_silent_and_trickling_servers_time_out(hostile):
    site = hostile["site"]
    for path in SLOW:
        assert site.count(path) == 3
    assert errors(hostile)["errors/fetch/timeout"] == len(SLOW)
    # 3 attempts of 5 s plus back-off, in parallel with everything else
    assert hostile["elapsed"] < 120


def test_5_429_and_503_storms_get_bounded_retries_with_back_off(hostile):
    site = hostile["site"]
    for path in STORM:
        times = [request.time for request in site.log(path)]
        assert len(times) == 3, f"{path}: {len(times)} requests"
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert gaps[0] >= BACKOFF * 0.9 and gaps[1] >= 2 * BACKOFF * 0.9, gaps
    retry_after = [r.time for r in site.log("/storm/429.html")]
    assert retry_after[1] - retry_after[0] >= 0.95  # Retry-After: 1 outweighs the 0.3 s back-off
    assert errors(hostile)["errors/fetch/http_503"] == len(STORM_PAGES)
    assert errors(hostile)["errors/fetch/http_429"] == 1
    assert errors(hostile)["http/503"] == 3 * len(STORM_PAGES)


def test_6_redirects_to_other_schemes_are_not_followed(hostile):
    site = hostile["site"]
    for path in ("/redirect/file.html", "/redirect/data.html", "/redirect/ftp.html"):
        assert site.count(path) == 1
    assert errors(hostile)["errors/fetch/redirect_refused"] == 3
    assert site.url("/redirect/meta-file.html") not in hostile["stored"]
    from sqlalchemy import create_engine, text

    engine = create_engine(hostile["db"])
    with engine.connect() as connection:
        texts = [row[0] for row in connection.execute(text("SELECT text FROM articles"))]
        urls = [
            row[0] for row in connection.execute(text("SELECT url FROM articles UNION SELECT url FROM dropped_pages"))
        ]
    engine.dispose()
    assert not any(SECRET in t or "Donnée" in t for t in texts)
    assert all(url.startswith("http://") for url in urls)


def test_6_redirect_loops_stop_at_the_redirect_limit(hostile):
    site = hostile["site"]
    loop = [p for p in site.paths() if p.startswith("/redirect/loop.html")]
    assert len(loop) == 6  # the page and REDIRECT_MAX_TIMES = 5 redirects
    assert errors(hostile)["errors/fetch/too_many_redirects"] == 1


def test_4_the_run_as_a_whole_has_a_time_limit(tmp_path):
    """`--max-time` (CLOSESPIDER_TIMEOUT, 6 h by default) ends the run, and caps the
    downloads in flight: a server that never answers cannot hold it open."""
    with HostileServer() as site:
        site.route("/robots.txt", not_found())
        site.route("/never.html", never_answer())
        site.route("/ok.html", respond(article()))
        site.route("/feed.xml", feed_route(["{{BASE}}/ok.html", "{{BASE}}/never.html"]))
        sources = tmp_path / "sources.toml"
        sources.write_text(f'[[source]]\nname = "s"\nfeeds = ["{site.url("/feed.xml")}"]\n', encoding="utf-8")
        db = f"sqlite:///{tmp_path / 'r.db'}"
        started = time.monotonic()
        result = crawl(sources, db, "-s", "DOWNLOAD_TIMEOUT=600", "--max-time", "4", check=False)
        elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-2000:]
    assert elapsed < 40, f"the run took {elapsed:.0f}s"
    run = last_run(db)
    assert run["outcome"] == "completed" and run["articles_new"] == 1
    assert run["errors"]["download/DownloadTimeoutError"] >= 1  # cut at the limit, not after 600 s


def test_6_credentials_are_not_carried_to_another_host(tmp_path):
    """HTTP auth for the feed's host and cookies on: a redirect to another host is
    followed without the Authorization header or the cookie; on the same host both stay."""
    with HostileServer() as first, HostileServer() as second:
        other = second.base_url.replace("127.0.0.1", "localhost")  # another host name
        for site in (first, second):
            site.route("/robots.txt", not_found())
        first.route(
            "/moved.html",
            redirect(other + "/landed.html", headers={"Set-Cookie": "session=abc123; Path=/"}),
        )
        first.route("/same-host.html", redirect("/kept.html", headers={"Set-Cookie": "session=abc123; Path=/"}))
        first.route("/kept.html", respond(article("Même hôte", 2)))
        second.route("/landed.html", respond(article("Autre hôte", 2)))
        first.route("/feed.xml", feed_route(["{{BASE}}/moved.html", "{{BASE}}/same-host.html"]))
        sources = tmp_path / "sources.toml"
        sources.write_text(f'[[source]]\nname = "s"\nfeeds = ["{first.url("/feed.xml")}"]\n', encoding="utf-8")
        db = f"sqlite:///{tmp_path / 'r.db'}"
        result = crawl(
            sources,
            db,
            "-s",
            "HTTPAUTH_USER=reader",
            "-s",
            "HTTPAUTH_PASS=s3cret",
            "-s",
            f"HTTPAUTH_DOMAIN={first.base_url.removeprefix('http://')}",
            "-s",
            "COOKIES_ENABLED=True",
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        (moved,) = first.log("/moved.html")
        assert moved.header("Authorization", "").startswith("Basic ")  # auth was on for the first host
        (kept,) = first.log("/kept.html")
        assert kept.header("Authorization") and kept.header("Cookie") == "session=abc123"  # same host: kept
        (landed,) = second.log("/landed.html")
        assert landed.header("Authorization") is None and landed.header("Cookie") is None
        assert all(r.header("Authorization") is None for r in second.requests)
    assert {first.url("/kept.html"), other + "/landed.html"} <= stored_urls(db)
