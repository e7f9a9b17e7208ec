"""Fast, in-process checks behind the hostile-web cases (the crawls that prove them end
to end are in test_hostile_network.py, test_hostile_robots.py, test_hostile_content.py):
the project's Scrapy settings and middlewares, the XML reader, HTML cleaning."""

from __future__ import annotations

import codecs
import time

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Response
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.cleaning import NotAnArticle, clean_html, decode_html
from crawler.discovery import DiscoveryError, feed_entries, sitemap_entries
from crawler.middlewares import CheapMetaRefreshMiddleware, _retry_after
from crawler.processing import process_html
from crawler.spiders.news import _failure_kind
from tests.support.hostile_server import article

BASE = "https://ecrans.example/"


class _Crawler:
    """What the redirect middlewares use of a crawler, without a running reactor."""

    spider = None

    def __init__(self, settings: Settings):
        self.settings = settings


@pytest.fixture(scope="module")
def crawler():
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    return _Crawler(settings)


def _middleware(cls, crawler):
    middleware = cls(crawler.settings)
    middleware.crawler = crawler
    return middleware


# case 6: redirects ---------------------------------------------------------------------------


def _redirect(crawler, url: str, location: str, headers: dict | None = None):
    middleware = _middleware(RedirectMiddleware, crawler)
    request = Request(url, headers=headers or {})
    response = Response(url, status=302, headers={"Location": location}, request=request)
    return middleware.process_response(request, response)


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "data:text/html,<script>alert(1)</script>", "ftp://ecrans.example/x"]
)
def test_redirects_to_other_schemes_are_not_followed(crawler, location):
    result = _redirect(crawler, "https://ecrans.example/a", location)
    assert isinstance(result, Response)  # the 3xx itself, then refused by HttpErrorMiddleware


def test_meta_refresh_to_a_file_is_not_followed(crawler):
    middleware = _middleware(CheapMetaRefreshMiddleware, crawler)
    request = Request("https://ecrans.example/a")
    body = b'<html><head><meta http-equiv="refresh" content="0;url=file:///etc/passwd"></head></html>'
    response = HtmlResponse(request.url, body=body, request=request)
    assert middleware.process_response(request, response) is response


PADDING = "<p>" + "é" * 3000 + "</p>"  # 6000 bytes of UTF-8 before the tag, 3007 characters


@pytest.mark.parametrize(
    ("encoding", "tag"),
    [
        ("utf-8", '<META HTTP-EQUIV="Refresh" CONTENT="0; URL=/b">'),
        ("utf-8", "<meta http-equiv=refresh content='2;url=https://ecrans.example/b'>"),
        ("utf-16", '<meta http-equiv="refresh" content="0;url=/b">'),
        ("cp1252", '<meta http-equiv="refresh" content="0;url=/b">'),
    ],
)
def test_meta_refresh_redirects_are_followed_as_scrapy_does(crawler, encoding, tag):
    """The cheap look for the word "refresh" misses no redirect that Scrapy follows:
    any case, after multi-byte characters, in UTF-16 (NUL bytes between the letters)."""
    request = Request("https://ecrans.example/a")
    html = f"<html><head>{PADDING}{tag}</head><body><p>Moved</p></body></html>"
    response = HtmlResponse(request.url, body=html.encode(encoding), encoding=encoding, request=request)
    ours = _middleware(CheapMetaRefreshMiddleware, crawler).process_response(request, response)
    scrapys = _middleware(MetaRefreshMiddleware, crawler).process_response(request, response)
    assert isinstance(scrapys, Request)
    assert isinstance(ours, Request) and ours.url == scrapys.url
    assert ours.url.startswith("https://ecrans.example/b")  # (Scrapy writes UTF-16's BOM in the query)


def test_a_page_without_meta_refresh_is_not_decoded_to_look_for_one(crawler):
    request = Request("https://ecrans.example/a")
    body = f"<html><head><title>Saison 2</title></head><body>{PADDING * 40}</body></html>".encode()
    response = HtmlResponse(request.url, body=body, request=request)
    assert _middleware(CheapMetaRefreshMiddleware, crawler).process_response(request, response) is response
    assert response._cached_ubody is None  # Scrapy's own middleware decodes all 240 KB


def test_cross_host_redirects_drop_authorization_and_cookie(crawler):
    secrets = {"Authorization": "Basic cmVhZGVyOnMzY3JldA==", "Cookie": "session=abc"}
    other = _redirect(crawler, "https://ecrans.example/a", "https://cdn.other.example/b", secrets)
    assert isinstance(other, Request) and other.url == "https://cdn.other.example/b"
    assert b"Authorization" not in other.headers and b"Cookie" not in other.headers
    same = _redirect(crawler, "https://ecrans.example/a", "/b", secrets)
    assert same.headers[b"Authorization"] and same.headers[b"Cookie"]
    downgrade = _redirect(crawler, "https://ecrans.example/a", "http://ecrans.example/b", secrets)
    assert b"Authorization" not in downgrade.headers and b"Cookie" not in downgrade.headers


def test_only_http_and_https_can_be_downloaded(crawler):
    handlers = crawler.settings.getwithbase("DOWNLOAD_HANDLERS")
    for scheme in ("file", "data", "ftp", "s3"):
        assert handlers[scheme] is None, scheme
    assert handlers["https"]


# cases 2–6: how a failed download is counted ------------------------------------------------


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (DownloadCancelledError("Expected to receive 11534336 bytes"), "too_large"),
        (IgnoreRequest("body exceeded DOWNLOAD_MAXSIZE (10485760 B) during decompression"), "too_large"),
        (DownloadTimeoutError("took longer than 30.0 seconds"), "timeout"),
        (ResponseDataLossError(), "truncated"),
        (IgnoreRequest("max redirections reached"), "too_many_redirects"),
        (IgnoreRequest("Forbidden by robots.txt"), None),
    ],
)
def test_failure_kinds(error, kind):
    assert _failure_kind(error) == kind


def test_http_errors_are_counted_by_status():
    def http_error(status):
        return HttpError(Response("https://ecrans.example/", status=status), "Ignoring non-200 response")

    assert _failure_kind(http_error(302)) == "redirect_refused"
    assert _failure_kind(http_error(429)) == "http_429"


def test_retry_after_header():
    def response(value):
        return Response(BASE, status=429, headers={"Retry-After": value} if value else {})

    assert _retry_after(response("7")) == 7.0
    assert _retry_after(response(None)) is None
    assert _retry_after(response("not a date")) is None
    assert 0 <= _retry_after(response("Wed, 21 Oct 2015 07:28:00 GMT")) < 1  # in the past: now


# case 9: hostile XML --------------------------------------------------------------------------

LAUGHS = """<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE rss [<!ENTITY a "ha">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>
<rss version="2.0"><channel><item><link>https://ecrans.example/&e;</link></item></channel></rss>"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-be", "utf-32"])
def test_billion_laughs_are_refused_in_any_encoding(encoding):
    body = LAUGHS.format(encoding=encoding).encode(encoding)
    started = time.monotonic()
    with pytest.raises(DiscoveryError, match="entity"):
        feed_entries(body, BASE)
    assert time.monotonic() - started < 1


def test_external_entities_are_refused_and_external_dtds_not_loaded(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("SECRET", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        "<urlset><url><loc>https://ecrans.example/&x;</loc></url></urlset>"
    ).encode()
    with pytest.raises(DiscoveryError):
        sitemap_entries(xxe, BASE)
    external_dtd = (
        f'<?xml version="1.0"?><!DOCTYPE urlset SYSTEM "{secret.as_uri()}">'
        "<urlset><url><loc>https://ecrans.example/a&x;b</loc></url></urlset>"
    ).encode()
    kind, entries = sitemap_entries(external_dtd, BASE)
    assert kind == "urlset" and all("SECRET" not in e.url for e in entries)


@pytest.mark.parametrize("body", [b"", b"\x00\xff\xfe junk", b"<?xml version='1.0'?>", b"<rss><channel><item>"])
def test_invalid_xml_is_a_discovery_error_or_nothing(body):
    try:
        assert feed_entries(body, BASE) == []
    except DiscoveryError:
        pass


# case 12: script in feeds ---------------------------------------------------------------------


def test_feed_links_with_script_schemes_are_never_followed():
    body = b"""<rss version="2.0"><channel>
      <item><link>javascript:alert(1)</link></item>
      <item><link>  JavaScript:alert(2)</link></item>
      <item><link>vbscript:msgbox(3)</link></item>
      <item><link>data:text/html,&lt;script&gt;alert(4)&lt;/script&gt;</link></item>
      <item><link>file:///etc/passwd</link></item>
      <item><title><![CDATA[<script>alert(5)</script>]]></title><link>/ok</link></item>
    </channel></rss>"""
    assert [e.url for e in feed_entries(body, BASE)] == ["https://ecrans.example/ok"]


def test_script_in_a_page_is_not_stored():
    html = article("Les Veilleurs", 4).replace(
        "</article>",
        "<script>alert('x')</script><p onclick=\"alert('y')\">Voir <a href=\"javascript:alert('z')\">le dossier"
        "</a> et les coulisses du tournage.</p><noscript>alert('n')</noscript></article>",
    )
    page = clean_html(html.encode(), content_type="text/html; charset=utf-8")
    assert "alert" not in page.text and "<" not in page.text and "le dossier" in page.text


# cases 10–11: pathological HTML, binary, charsets ------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["deep", "colspan", "huge_paragraph", "long_attribute"],
)
def test_pathological_html_has_an_outcome_in_bounded_time(name):
    base = article()
    html = {
        "deep": "<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "</body></html>",
        "colspan": base.replace(
            "</article>", "<table><tr><td colspan='9007199254740992'>x</td></tr></table></article>"
        ),
        # 20 MB in one text node: past libxml2's text node limit
        "huge_paragraph": base.replace("</article>", "<p>" + "Netflix renouvelle. " * 1_000_000 + "</p></article>"),
        "long_attribute": base.replace("<article>", "<article data-x='" + "x" * (5 << 20) + "'>"),
    }[name]
    started = time.monotonic()
    page = process_html("https://ecrans.example/a", html.encode(), "text/html; charset=utf-8", "fr")
    assert time.monotonic() - started < 20  # RENEWALS_DOCUMENT_TIMEOUT; the pool enforces it in a crawl
    assert page.dropped or page.facts


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"%PDF-1.7\n\x00\x01", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary"),
        (b"PK\x03\x04\x14\x00", "binary"),
    ],
)
def test_empty_and_binary_bodies_are_refused(body, reason):
    with pytest.raises(NotAnArticle) as error:
        clean_html(body, content_type="text/html")
    assert error.value.reason == reason


QUOTE = "<p>« Quelle réussite ! » s’exclame l’équipe. Œuvre très attendue.</p>"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (QUOTE.encode("cp1252"), "text/html; charset=utf-8"),
        (QUOTE.encode("utf-8"), "text/html; charset=windows-1252"),
        (QUOTE.encode("utf-8"), "text/html; charset=iso-8859-1"),
        (codecs.BOM_UTF8 + QUOTE.encode("utf-8"), "text/html; charset=iso-8859-1"),
        (QUOTE.encode("utf-16"), None),
        (b'<meta charset="utf-8">' + QUOTE.encode("cp1252"), None),
        (QUOTE.encode("cp1252"), "text/html; charset=windows-1252"),
    ],
)
def test_wrong_charset_labels_keep_accents_and_guillemets(body, content_type):
    assert "« Quelle réussite ! » s’exclame l’équipe. Œuvre très" in decode_html(body, content_type)


def test_honest_latin1_is_left_alone():
    text = "<p>Ça été très réussi, à Noël</p>"
    assert "Ça été très réussi, à Noël" in decode_html(text.encode("latin-1"), "text/html; charset=iso-8859-1")
