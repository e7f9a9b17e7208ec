"""The generic news spider: every outlet of the sources file, by feeds, sitemaps and
section pages, with no site-specific code."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterable, Iterator

import scrapy
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.gz import gunzip, gzip_magic_number

from crawler.discovery import DiscoveryError, Entry, feed_entries, robots_sitemaps, sitemap_entries
from crawler.items import ArticlePage
from crawler.sources import Source, load_sources

STAT_PREFIX = "renewals"
ROBOTS_PATH = "/robots.txt"
MAX_SITEMAP_NESTING = 3


class NewsSpider(scrapy.Spider):
    """Discovers article URLs from each source and yields the downloaded pages."""

    name = "news"

    def __init__(self, sources: str | None = None, since: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.sources_path = sources
        self.since = _parse_since(since)
        self.sources: dict[str, Source] = {}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        kwargs.setdefault("sources", crawler.settings.get("RENEWALS_SOURCES"))
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.sources = {s.name: s for s in load_sources(spider.sources_path)}
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for source in self.sources.values():
            for request in self.source_requests(source):
                yield request

    def source_requests(self, source: Source) -> Iterator[scrapy.Request]:
        meta = {"source": source.name}
        for url in source.feeds:
            yield scrapy.Request(url, self.parse_feed, meta=meta, dont_filter=True)
        for url in source.sitemaps:
            yield scrapy.Request(url, self.parse_sitemap, meta={**meta, "nesting": 0}, dont_filter=True)
        for url in source.start_urls:
            yield scrapy.Request(url, self.parse_section, meta={**meta, "hops": 0}, dont_filter=True)

    # discovery ---------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        try:
            entries = feed_entries(self._xml_body(response), response.url)
        except DiscoveryError as error:
            yield from self._discovery_failed(response, "feed", error)
            return
        yield from self.article_requests(response, entries)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        source = response.meta["source"]
        if response.url.endswith(ROBOTS_PATH):
            for url in robots_sitemaps(response.body, response.url):
                yield scrapy.Request(url, self.parse_sitemap, meta={"source": source, "nesting": 0})
            return
        try:
            kind, entries = sitemap_entries(self._xml_body(response), response.url)
        except DiscoveryError as error:
            yield from self._discovery_failed(response, "sitemap", error)
            return
        if kind == "index":
            nesting = response.meta.get("nesting", 0) + 1
            if nesting > MAX_SITEMAP_NESTING:
                self.crawler.stats.inc_value(f"{STAT_PREFIX}/errors/sitemap_nesting")
                return
            for entry in entries:
                if self._is_recent(entry):
                    yield scrapy.Request(
                        entry.url, self.parse_sitemap, meta={"source": source, "nesting": nesting}
                    )
            return
        yield from self.article_requests(response, entries)

    def parse_section(self, response: Response) -> Iterator[scrapy.Request]:
        """A section page: follow the source's links one hop further."""
        source = self.sources[response.meta["source"]]
        hops = response.meta.get("hops", 0) + 1
        if hops > source.max_depth or not hasattr(response, "text"):
            return
        extractor = LinkExtractor(
            allow=[p.pattern for p in source.allow],
            deny=[p.pattern for p in source.deny],
            allow_domains=sorted(source.domains),
        )
        for link in extractor.extract_links(response):
            yield scrapy.Request(
                link.url, self.parse_page, meta={"source": source.name, "hops": hops}
            )

    def article_requests(self, response: Response, entries: Iterable[Entry]) -> Iterator[scrapy.Request]:
        source = self.sources[response.meta["source"]]
        for entry in entries:
            if not self._is_recent(entry):
                self.crawler.stats.inc_value(f"{STAT_PREFIX}/skipped/older_than_since")
                continue
            if not source.keeps(entry.url):
                self.crawler.stats.inc_value(f"{STAT_PREFIX}/skipped/not_allowed")
                continue
            yield scrapy.Request(
                entry.url,
                self.parse_article,
                meta={"source": source.name, "announced": entry.updated},
            )

    # pages -------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[ArticlePage]:
        source = self.sources[response.meta["source"]]
        self.crawler.stats.inc_value(f"{STAT_PREFIX}/pages")
        yield ArticlePage(
            url=response.url,
            source=source.name,
            body=response.body,
            content_type=_header(response, b"Content-Type"),
            lang_hint=source.lang,
            announced=response.meta.get("announced"),
        )

    def parse_page(self, response: Response) -> Iterator[ArticlePage | scrapy.Request]:
        """A page reached from a section: a candidate article and a hub for more links."""
        yield from self.parse_article(response)
        yield from self.parse_section(response)

    # helpers -----------------------------------------------------------------

    def _is_recent(self, entry: Entry) -> bool:
        return self.since is None or entry.updated is None or entry.updated >= self.since

    def _xml_body(self, response: Response) -> bytes:
        """The XML of a feed or sitemap, gunzipped within the download size limit."""
        if not gzip_magic_number(response):
            return response.body
        try:
            return gunzip(response.body, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        except (OSError, EOFError, ValueError) as error:  # corrupt data or over the size limit
            raise DiscoveryError(f"cannot gunzip: {error or type(error).__name__}") from None

    def _discovery_failed(self, response: Response, kind: str, error: Exception) -> Iterator:
        self.crawler.stats.inc_value(f"{STAT_PREFIX}/errors/{kind}")
        self.logger.warning("cannot read %s %s: %s", kind, response.url, error)
        return iter(())


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _parse_since(since: str | dt.date | None) -> dt.datetime | None:
    if since is None or since == "":
        return None
    day = since if isinstance(since, dt.date) else dt.date.fromisoformat(since)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
