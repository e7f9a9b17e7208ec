"""`renewals ingest`: text documents, HTML files and WARC archives through the same
pipeline as crawled pages."""

from __future__ import annotations

import io
import json

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.support.crawling import BASIC_SITE, expected, renewals

ARTICLES = {a["path"]: a for a in expected()["articles"]}
WARC_PAGES = ["/fr/series/les-veilleurs-du-lac-saison-3/", "/en/tv/harbor-lights-renewed-season-4/"]
BASE = "https://ecrans.example"


def page_html(path: str) -> bytes:
    html = (BASIC_SITE / path.strip("/") / "index.html").read_text(encoding="utf-8")
    return html.replace("{{BASE}}", BASE).encode("utf-8")


def write_warc(path, pages) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "ecrans.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(BASE + "/", "request", http_headers=request))


def test_ingest_warc_html_and_text_documents(tmp_path):
    warc = tmp_path / "news.warc.gz"
    write_warc(warc, [(BASE + path, page_html(path)) for path in WARC_PAGES])
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "brume.html").write_bytes(page_html("/fr/series/brume-sur-arles-annulee/"))
    (folder / "note.txt").write_text(
        "date 2025-06-02\nNetflix has renewed « Le Cercle de minuit » for a third season, the streamer announced on Monday.\n",
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'r.db'}"

    result = renewals("ingest", "--db", db, str(warc), str(folder))
    assert "4 documents: 4 new articles" in result.stderr
    stats = json.loads(renewals("stats", "--db", db, "--format", "json").stdout)
    assert stats["articles"] == 4
    assert stats["runs"][0]["command"] == "ingest" and stats["runs"][0]["outcome"] == "completed"

    facts = json.loads(renewals("facts", "--db", db, "--format", "json").stdout)
    urls = {source["url"] for fact in facts for source in fact["sources"]}
    assert {BASE + path for path in WARC_PAGES} <= urls
    found = {(f["series"], f["season"], f["status"]) for f in facts}
    for path in [*WARC_PAGES, "/fr/series/brume-sur-arles-annulee/"]:
        for fact in ARTICLES[path]["facts"]:
            assert (fact["series"], fact["season"], fact["status"]) in found

    again = renewals("ingest", "--db", db, str(warc), str(folder))
    assert "0 new articles" in again.stderr
    assert json.loads(renewals("stats", "--db", db, "--format", "json").stdout)["facts"] == stats["facts"]
