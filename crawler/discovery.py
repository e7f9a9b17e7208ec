"""Reading feeds and sitemaps: the URLs they announce and when each last changed.

XML comes from untrusted servers, so the parser never resolves entities, never touches
the network and refuses huge trees; a document it cannot read raises DiscoveryError.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

ARTICLE_SCHEMES = ("http", "https")
MAX_ENTRIES = 50_000  # the sitemap protocol's own limit per file


class DiscoveryError(Exception):
    """A feed or sitemap that cannot be read."""


@dataclass(frozen=True)
class Entry:
    """A URL announced by a feed or sitemap, with its date when given."""

    url: str
    updated: dt.datetime | None = None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=True,
    )


def parse_xml(body: bytes) -> etree._Element:
    """Parse untrusted XML safely; entity declarations are refused outright."""
    if b"<!ENTITY" in body:
        raise DiscoveryError("XML with entity declarations is refused")
    try:
        root = etree.fromstring(body, parser=_parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise DiscoveryError(f"invalid XML: {error}") from None
    if root is None:
        raise DiscoveryError("empty or invalid XML")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):  # declarations the byte check missed (UTF-16)
        raise DiscoveryError("XML with entity declarations is refused")
    return root


def _local(tag) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _children(element, name: str) -> Iterator:
    return (child for child in element if _local(child.tag) == name)


def _text(element, *names: str) -> str | None:
    for name in names:
        for child in _children(element, name):
            if child.text and child.text.strip():
                return child.text.strip()
    return None


def parse_date(value: str | None) -> dt.datetime | None:
    """An aware UTC datetime from an RFC 822 or ISO 8601 date; naive input is taken as UTC."""
    if not value:
        return None
    value = value.strip()
    parsed = None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def article_link(base_url: str, href: str | None) -> str | None:
    """An absolute http(s) URL, or None for javascript:, data:, mailto: and the like."""
    if not href:
        return None
    url = urljoin(base_url, href.strip())
    return url if urlsplit(url).scheme in ARTICLE_SCHEMES else None


def feed_entries(body: bytes, base_url: str) -> list[Entry]:
    """Entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed."""
    root = parse_xml(body)
    kind = _local(root.tag)
    if kind == "feed":
        items = list(_children(root, "entry"))
    elif kind == "rss":
        items = [item for channel in _children(root, "channel") for item in _children(channel, "item")]
    elif kind == "rdf":
        items = list(_children(root, "item"))
    else:
        raise DiscoveryError(f"not a feed (root element <{kind}>)")
    entries = []
    for item in items[:MAX_ENTRIES]:
        url = article_link(base_url, _entry_href(item))
        if url:
            updated = parse_date(_text(item, "updated", "pubdate", "published", "date", "modified"))
            entries.append(Entry(url, updated))
    return entries


def _entry_href(item) -> str | None:
    for link in _children(item, "link"):
        href = link.get("href")
        if href and link.get("rel", "alternate") == "alternate":
            return href
        if link.text and link.text.strip():
            return link.text.strip()
    guid = next(_children(item, "guid"), None)
    if guid is not None and guid.get("isPermaLink", "true") == "true" and guid.text:
        return guid.text.strip()
    return None


def sitemap_entries(body: bytes, base_url: str) -> tuple[str, list[Entry]]:
    """("index", child sitemaps) or ("urlset", pages) of a sitemap or Google News sitemap."""
    root = parse_xml(body)
    kind = _local(root.tag)
    if kind == "sitemapindex":
        child = "sitemap"
    elif kind == "urlset":
        child = "url"
    else:
        raise DiscoveryError(f"not a sitemap (root element <{kind}>)")
    entries = []
    for element in list(_children(root, child))[:MAX_ENTRIES]:
        url = article_link(base_url, _text(element, "loc"))
        if not url:
            continue
        news_dates = [_text(news, "publication_date") for news in _children(element, "news")]
        updated = parse_date(_text(element, "lastmod") or next(filter(None, news_dates), None))
        entries.append(Entry(url, updated))
    return ("index" if kind == "sitemapindex" else "urlset"), entries


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt."""
    urls = []
    for line in body.decode("utf-8", errors="replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap":
            url = article_link(base_url, value.strip())
            if url:
                urls.append(url)
    return urls
