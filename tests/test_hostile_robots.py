"""Case 7: robots.txt that is missing, fails, times out, or is huge — the documented
policy (RFC 9309, see crawler/middlewares.py RobotsPolicyMiddleware and the README):

* missing (404) or other 4xx: everything is allowed;
* 5xx / 429 after retries, a timeout, a network error, a file over DOWNLOAD_MAXSIZE
  or a decompression bomb: the site is unreachable, nothing of it is crawled this run,
  counted as `errors/robots_unreachable`;
* over 512 KiB: only the first 512 KiB are obeyed.

One crawl over seven loopback sites, one per robots.txt behaviour.
"""

from __future__ import annotations

import contextlib

import pytest

from tests.support.crawling import crawl
from tests.support.hostile_server import (
    HostileServer,
    article,
    bomb,
    feed_route,
    last_run,
    never_answer,
    not_found,
    oversized,
    respond,
    stored_urls,
)

pytestmark = pytest.mark.slow

PRIVATE_RULES = b"User-agent: *\nDisallow: /private/\n"
FILLER = b"# " + b"x" * 97 + b"\n"  # 100-byte comment lines


def huge_robots(size: int, late_rule: bytes = b"") -> bytes:
    """A robots.txt of `size` bytes: /private/ disallowed first, `late_rule` at the very end."""
    body = PRIVATE_RULES + FILLER * ((size - len(PRIVATE_RULES) - len(late_rule)) // len(FILLER))
    return body + late_rule


def chunked_huge(size: int):
    """20 MB of robots.txt without Content-Length, the rules in the first bytes."""

    def behaviour(conn):
        conn.head(200, {"Content-Type": "text/plain", "Transfer-Encoding": "chunked"})
        conn.send(b"%x\r\n%s\r\n" % (len(PRIVATE_RULES), PRIVATE_RULES))
        sent = len(PRIVATE_RULES)
        while sent < size and not conn.server.stopping.is_set():
            conn.send(b"%x\r\n%s\r\n" % (len(FILLER) * 100, FILLER * 100))
            sent += len(FILLER) * 100
        conn.send(b"0\r\n\r\n")

    return behaviour


ROBOTS = {
    "missing": not_found(),
    "error_500": respond("oops", status=500, content_type="text/plain"),
    "timeout": never_answer(),
    "huge_chunked": chunked_huge(20 * 1024 * 1024),
    "huge_declared": oversized(20 * 1024 * 1024, chunked=False, content_type="text/plain"),
    # 700 KB: the rule after the first 512 KiB (disallowing /public/) is not read
    "large_cut": respond(huge_robots(700 * 1024, b"Disallow: /public/\n"), content_type="text/plain"),
    "bomb": bomb("gzip", content_type="text/plain"),
}
REACHABLE = {"missing": ("public", "private"), "huge_chunked": ("public",), "large_cut": ("public",)}


@pytest.fixture(scope="module")
def robots_crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("robots")
    with contextlib.ExitStack() as stack:
        sites = {name: stack.enter_context(HostileServer()) for name in ROBOTS}
        lines = []
        for index, (name, site) in enumerate(sites.items()):
            site.route("/robots.txt", ROBOTS[name])
            site.route("/public/a.html", respond(article(f"Public {name}", 2 + index)))
            site.route("/private/b.html", respond(article(f"Private {name}", 2 + index)))
            site.route("/feed.xml", feed_route(["{{BASE}}/public/a.html", "{{BASE}}/private/b.html"]))
            lines.append(f'[[source]]\nname = "{name}"\nlang = "fr"\nfeeds = ["{site.url("/feed.xml")}"]\n')
        sources = tmp / "sources.toml"
        sources.write_text("\n".join(lines), encoding="utf-8")
        db = f"sqlite:///{tmp / 'robots.db'}"
        result = crawl(sources, db, "-s", "DOWNLOAD_TIMEOUT=4", "-s", "RENEWALS_RETRY_BACKOFF=0.2", check=False)
        yield {"result": result, "sites": sites, "db": db, "run": last_run(db), "stored": stored_urls(db)}


def test_the_crawl_completes_despite_every_broken_robots_txt(robots_crawl):
    assert robots_crawl["result"].returncode == 0, robots_crawl["result"].stderr[-3000:]
    assert robots_crawl["run"]["outcome"] == "completed"


@pytest.mark.parametrize("name", sorted(ROBOTS))
def test_robots_policy_per_case(robots_crawl, name):
    site = robots_crawl["sites"][name]
    allowed = REACHABLE.get(name, ())
    assert site.count("/feed.xml") == (1 if allowed else 0)
    for section in ("public", "private"):
        path = "/public/a.html" if section == "public" else "/private/b.html"
        assert site.count(path) == (1 if section in allowed else 0), f"{name}: {path}"
        assert (site.url(path) in robots_crawl["stored"]) == (section in allowed)


def test_unreachable_robots_txt_is_retried_then_counted(robots_crawl):
    sites = robots_crawl["sites"]
    assert sites["error_500"].count("/robots.txt") == 3  # RETRY_TIMES = 2
    assert sites["timeout"].count("/robots.txt") == 3
    assert sites["huge_declared"].count("/robots.txt") == 1
    assert sites["missing"].count("/robots.txt") == 1
    errors = robots_crawl["run"]["errors"]
    assert errors["errors/robots_unreachable"] == 4  # 500, timeout, over DOWNLOAD_MAXSIZE, bomb
