import datetime as dt

import pytest

from crawler.discovery import DiscoveryError, feed_entries, robots_sitemaps, sitemap_entries

BASE = "https://ecrans.example/"


def test_rss_entries_with_dates_and_no_javascript_links():
    body = b"""<?xml version="1.0" encoding="utf-8"?>
    <rss version="2.0"><channel><title>S</title>
      <item><title>A</title><link>https://ecrans.example/a</link>
        <pubDate>Tue, 11 Mar 2025 10:00:00 +0100</pubDate></item>
      <item><title>B</title><link>javascript:alert(1)</link></item>
      <item><title>C</title><guid isPermaLink="true">https://ecrans.example/c</guid></item>
    </channel></rss>"""
    entries = feed_entries(body, BASE)
    assert [e.url for e in entries] == ["https://ecrans.example/a", "https://ecrans.example/c"]
    assert entries[0].updated == dt.datetime(2025, 3, 11, 9, 0, tzinfo=dt.UTC)


def test_atom_entries():
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><link rel="alternate" href="/news/x"/><updated>2025-02-01T08:00:00Z</updated></entry>
    </feed>"""
    (entry,) = feed_entries(body, BASE)
    assert entry.url == "https://ecrans.example/news/x"
    assert entry.updated.tzinfo is not None


def test_google_news_sitemap_dates():
    body = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://ecrans.example/en/x</loc>
        <news:news><news:publication_date>2025-04-02T10:00:00+02:00</news:publication_date></news:news>
      </url></urlset>"""
    kind, (entry,) = sitemap_entries(body, BASE)
    assert kind == "urlset"
    assert entry.updated == dt.datetime(2025, 4, 2, 8, 0, tzinfo=dt.UTC)


def test_sitemap_index():
    body = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://ecrans.example/s1.xml</loc><lastmod>2025-01-01</lastmod></sitemap>
    </sitemapindex>"""
    kind, entries = sitemap_entries(body, BASE)
    assert kind == "index"
    assert entries[0].url == "https://ecrans.example/s1.xml"


def test_robots_sitemap_lines():
    body = b"User-agent: *\nDisallow: /private/\nSitemap: https://ecrans.example/news.xml\nsitemap: /other.xml\n"
    assert robots_sitemaps(body, BASE) == ["https://ecrans.example/news.xml", "https://ecrans.example/other.xml"]


def test_entity_declarations_are_refused():
    body = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
    <rss version="2.0"><channel><item><link>&b;</link></item></channel></rss>"""
    with pytest.raises(DiscoveryError, match="entity"):
        feed_entries(body, BASE)


def test_not_a_feed():
    with pytest.raises(DiscoveryError):
        feed_entries(b"<html><body>hello</body></html>", BASE)
    with pytest.raises(DiscoveryError):
        sitemap_entries(b"\x00\x01 binary", BASE)
