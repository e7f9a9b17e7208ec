"""The generic news spider: every outlet of the sources file, by feeds, sitemaps and
section pages, with no site-specific code."""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import datetime as dt
from collections.abc import AsyncIterator, Iterable, Iterator

import scrapy
from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotSupported,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip, gzip_magic_number
from sqlalchemy.orm import Session
from twisted.internet.error import ConnectionDone, ConnectionLost
from twisted.python.failure import Failure

from crawler.crawlstats import STAT_PREFIX
from crawler.discovery import DiscoveryError, Entry, feed_entries, robots_sitemaps, sitemap_entries
from crawler.items import ArticlePage
from crawler.signals import pages_wanted
from crawler.sources import Source, load_sources
from storage.crawlstate import known_pages, load_validators
from storage.db import create_db_engine, database_url
from storage.urls import canonical_url

ROBOTS_PATH = "/robots.txt"
MAX_SITEMAP_NESTING = 3
ANNOUNCED_POLL_INTERVAL = 0.05  # seconds between looks at a busy engine for room for announced articles


class NewsSpider(scrapy.Spider):
    """Discovers article URLs from each source and yields the downloaded pages."""

    name = "news"

    def __init__(self, sources: str | None = None, since: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.sources_path = sources
        self.since = _parse_since(since)
        self.sources: dict[str, Source] = {}
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.fresh_validators: dict[str, tuple[str | None, str | None]] = {}
        self.engine = None
        self.announced: collections.deque[tuple[str, str, dt.datetime | None]] = collections.deque()
        self.queueing = False  # whether start() makes the announced articles' requests
        self.pages_announced = False  # whether pages_wanted was sent
        self.reader = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="renewals-read")

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        kwargs.setdefault("sources", crawler.settings.get("RENEWALS_SOURCES"))
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.sources = {s.name: s for s in load_sources(spider.sources_path)}
        spider.engine = create_db_engine(database_url(crawler.settings.get("RENEWALS_DATABASE_URL")))
        crawler.signals.connect(spider._release, signal=signals.spider_closed)
        return spider

    def _release(self) -> None:
        self.reader.shutdown(wait=False)
        self.engine.dispose()

    async def _read(self, function, *args):
        """Run a database read in the reader thread, off the reactor."""

        def call():
            with Session(self.engine) as session:
                return function(session, *args)

        return await asyncio.get_running_loop().run_in_executor(self.reader, call)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not getattr(self, "seeds_frontier", True):
            return  # another worker of a shared frontier seeds the sources
        self.validators = await self._read(load_validators)
        for source in self.sources.values():
            for request in self.source_requests(source):
                yield request
        async for request in self._announced_requests():
            yield request

    async def _announced_requests(self) -> AsyncIterator[scrapy.Request]:
        """Requests for the articles that feeds and sitemaps announce, made only as the
        engine can take them: a sitemap of 50,000 URLs waits here as 50,000 small
        entries, not as 50,000 requests in the scheduler. Ends when nothing is left to
        discover (the engine is idle apart from this)."""
        engine = self.crawler.engine
        self.queueing = True
        try:
            while True:
                if self.announced and not engine.needs_backout():
                    yield self._article_request(*self.announced.popleft())
                elif self.announced or not _engine_idle(engine):
                    await asyncio.sleep(ANNOUNCED_POLL_INTERVAL)
                else:
                    return
        finally:
            self.queueing = False

    def source_requests(self, source: Source) -> Iterator[scrapy.Request]:
        meta = {"source": source.name}
        for url in source.feeds:
            yield self._conditional(url, self.parse_feed, meta)
        for url in source.sitemaps:
            yield self._conditional(url, self.parse_sitemap, {**meta, "nesting": 0})
        for url in source.start_urls:
            yield scrapy.Request(url, self.parse_section, meta={**meta, "hops": 0}, errback=self._download_failed)

    def _conditional(self, url: str, callback, meta: dict) -> scrapy.Request:
        """A feed or sitemap request that costs nothing when unchanged (304)."""
        etag, modified = self.validators.get(url, (None, None))
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        return scrapy.Request(
            url,
            callback,
            headers=headers,
            meta={**meta, "handle_httpstatus_list": [304]},
            errback=self._download_failed,
        )

    def _unchanged(self, response: Response) -> bool:
        if response.status == 304:
            self.crawler.stats.inc_value(f"{STAT_PREFIX}/not_modified")
            return True
        return False

    def _remember_validators(self, response: Response) -> None:
        """Keep the validators of a feed or page-listing sitemap for the next run.

        Only such leaves: a sitemap index or robots.txt is re-read every run, since
        its children can change while it does not.
        """
        etag, modified = _header(response, b"ETag"), _header(response, b"Last-Modified")
        if etag or modified:
            self.fresh_validators[response.request.url] = (etag, modified)

    # discovery ---------------------------------------------------------------

    async def parse_feed(self, response: Response) -> AsyncIterator[scrapy.Request]:
        if self._unchanged(response):
            return
        try:
            entries = feed_entries(self._xml_body(response), response.url)
        except DiscoveryError as error:
            self._discovery_failed(response, "feed", error)
            return
        self._remember_validators(response)
        for request in await self.article_requests(response, entries):
            yield request

    async def parse_sitemap(self, response: Response) -> AsyncIterator[scrapy.Request]:
        if self._unchanged(response):
            return
        source = response.meta["source"]
        if response.url.endswith(ROBOTS_PATH):
            for url in robots_sitemaps(response.body, response.url):
                yield self._conditional(url, self.parse_sitemap, {"source": source, "nesting": 0})
            return
        try:
            kind, entries = sitemap_entries(self._xml_body(response), response.url)
        except DiscoveryError as error:
            self._discovery_failed(response, "sitemap", error)
            return
        if kind == "index":
            nesting = response.meta.get("nesting", 0) + 1
            if nesting > MAX_SITEMAP_NESTING:
                self.crawler.stats.inc_value(f"{STAT_PREFIX}/errors/sitemap_nesting")
                return
            for entry in entries:
                if self._is_recent(entry):
                    yield self._conditional(entry.url, self.parse_sitemap, {"source": source, "nesting": nesting})
            return
        self._remember_validators(response)
        for request in await self.article_requests(response, entries):
            yield request

    async def parse_section(self, response: Response) -> AsyncIterator[scrapy.Request]:
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
        # canonical spellings, so that tracking parameters and reordered queries (a
        # crawler trap's favourite) collapse into one request
        links = [Entry(canonical_url(link.url)) for link in extractor.extract_links(response)]
        for entry in await self._unseen(links):
            self._want_pages()
            yield scrapy.Request(
                entry.url,
                self.parse_page,
                meta={"source": source.name, "hops": hops},
                errback=self._download_failed,
            )

    async def article_requests(self, response: Response, entries: Iterable[Entry]) -> list[scrapy.Request]:
        """Requests for the announced articles that are new, or changed since stored;
        while start() is running, it makes them (see _announced_requests) and this
        returns none."""
        source = self.sources[response.meta["source"]]
        wanted = []
        for entry in entries:
            if not self._is_recent(entry):
                self.crawler.stats.inc_value(f"{STAT_PREFIX}/skipped/older_than_since")
            elif not source.keeps(entry.url):
                self.crawler.stats.inc_value(f"{STAT_PREFIX}/skipped/not_allowed")
            else:
                wanted.append(entry)
        unseen = [(entry.url, source.name, entry.updated) for entry in await self._unseen(wanted)]
        if self.queueing:
            self.announced.extend(unseen)
            return []
        return [self._article_request(*entry) for entry in unseen]

    def _article_request(self, url: str, source: str, updated: dt.datetime | None) -> scrapy.Request:
        self._want_pages()
        return scrapy.Request(
            url,
            self.parse_article,
            meta={"source": source, "announced": updated},
            errback=self._download_failed,
        )

    def _want_pages(self) -> None:
        """Announce, once, that pages are coming (crawler.signals.pages_wanted)."""
        if not self.pages_announced:
            self.pages_announced = True
            self.crawler.signals.send_catch_log(signal=pages_wanted)

    async def _unseen(self, entries: list[Entry]) -> list[Entry]:
        """Entries not stored yet, or announced as updated after they were stored."""
        if not entries:
            return []
        urls = [canonical_url(e.url) for e in entries]
        known = await self._read(known_pages, urls)
        unseen = []
        for entry, url in zip(entries, urls, strict=True):
            seen = known.get(url)
            if seen is None or (entry.updated is not None and entry.updated > seen):
                unseen.append(entry)
            else:
                self.crawler.stats.inc_value(f"{STAT_PREFIX}/skipped/already_stored")
        return unseen

    # pages -------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[ArticlePage]:
        source = self.sources[response.meta["source"]]
        self.crawler.stats.inc_value(f"{STAT_PREFIX}/pages")
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value(f"{STAT_PREFIX}/dropped/not_html")
            return
        yield ArticlePage(
            url=response.url,
            source=source.name,
            body=response.body,
            content_type=_header(response, b"Content-Type"),
            lang_hint=source.lang,
            announced=response.meta.get("announced"),
        )

    async def parse_page(self, response: Response) -> AsyncIterator[ArticlePage | scrapy.Request]:
        """A page reached from a section: a candidate article and a hub for more links."""
        for item in self.parse_article(response):
            yield item
        async for request in self.parse_section(response):
            yield request

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

    def _discovery_failed(self, response: Response, kind: str, error: Exception) -> None:
        self.crawler.stats.inc_value(f"{STAT_PREFIX}/errors/{kind}")
        self.logger.warning("cannot read %s %s: %s", kind, response.url, error)

    def _download_failed(self, failure: Failure) -> None:
        """A request that failed for good (after its retries): counted as
        `renewals/errors/fetch/<kind>` and logged on one line, never a traceback."""
        kind = _failure_kind(failure.value)
        if kind is None:
            return
        self.crawler.stats.inc_value(f"{STAT_PREFIX}/errors/fetch/{kind}")
        text = str(failure.value).strip()
        self.logger.warning(
            "cannot fetch %s: %s (%s)", failure.request.url, kind, text.splitlines()[0][:300] if text else ""
        )


def _failure_kind(error: BaseException) -> str | None:
    """A short name for why a download failed; None when it is no error (robots.txt
    refusal, offsite link: counted by Scrapy as skipped requests)."""
    if isinstance(error, HttpError):
        status = error.response.status
        return "redirect_refused" if 300 <= status < 400 else f"http_{status}"
    if isinstance(error, IgnoreRequest):
        text = str(error)
        if "DOWNLOAD_MAXSIZE" in text:
            return "too_large"  # decompressed beyond the limit: a compression bomb
        return "too_many_redirects" if "redirections" in text else None
    for kinds, name in (
        (DownloadCancelledError, "too_large"),  # over DOWNLOAD_MAXSIZE, by Content-Length or as received
        (DownloadTimeoutError, "timeout"),
        (ResponseDataLossError, "truncated"),
        ((DownloadFailedError, ConnectionLost, ConnectionDone), "connection_lost"),
        (DownloadConnectionRefusedError, "connection_refused"),
        (CannotResolveHostError, "dns"),
        ((NotSupported, UnsupportedURLSchemeError), "unsupported_scheme"),
    ):
        if isinstance(error, kinds):
            return name
    return type(error).__name__


def _engine_idle(engine) -> bool:
    """Nothing downloading, scraping or scheduled: no feed or sitemap left to announce more."""
    busy = engine.downloader.active or not engine.scraper.slot.is_idle()
    return not busy and not engine.scheduler.has_pending_requests()


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _parse_since(since: str | dt.date | None) -> dt.datetime | None:
    if since is None or since == "":
        return None
    day = since if isinstance(since, dt.date) else dt.date.fromisoformat(since)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
