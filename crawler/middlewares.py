"""Downloader middlewares that make the crawler safe to run unattended against the open
web: retries that back off instead of hammering a struggling server, and a robots.txt
policy (RFC 9309) for the cases Scrapy leaves open — a robots.txt that is missing,
failing, slow or huge; and a run time limit that no download outlives.
"""

from __future__ import annotations

import email.utils
import logging
import re
import time

from scrapy import Request, signals
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured, StopDownload
from scrapy.http import HtmlResponse, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet import task
from twisted.internet.defer import Deferred

from crawler.crawlstats import STAT_PREFIX

logger = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 §2.5: parse at least 500 KiB, may ignore the rest
DEADLINE_GRACE = 1.0  # seconds a download may still take once the run's time limit is reached
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
_USERINFO = re.compile(r"[^\s/@]+@")  # credentials in a URL's authority, kept out of the log
ALLOW_ALL = b""
# Scrapy looks for a meta refresh in a page's first 4096 characters: 16 KiB of bytes in
# any ASCII-compatible encoding (4 bytes at most per character)
REFRESH_WINDOW = 4 * 4096


class _RunClock:
    """Seconds left before the run's time limit (CLOSESPIDER_TIMEOUT), from spider_opened."""

    def __init__(self, crawler):
        self.limit = crawler.settings.getfloat("CLOSESPIDER_TIMEOUT")
        self.started: float | None = None
        crawler.signals.connect(self._opened, signal=signals.spider_opened)

    def _opened(self) -> None:
        self.started = time.monotonic()

    def remaining(self) -> float | None:
        if not self.limit or self.started is None:
            return None
        return self.started + self.limit - time.monotonic()


class RunDeadlineMiddleware:
    """Makes the run's time limit hard: CLOSESPIDER_TIMEOUT closes the spider, which
    then waits for the downloads in flight; capping each download's timeout at the
    time left (DEADLINE_GRACE at least) means none of them outlives the limit by more.
    """

    def __init__(self, crawler):
        self.clock = _RunClock(crawler)
        self.default_timeout = crawler.settings.getfloat("DOWNLOAD_TIMEOUT")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        remaining = self.clock.remaining()
        if remaining is not None:
            timeout = request.meta.get("download_timeout", self.default_timeout)
            request.meta["download_timeout"] = max(DEADLINE_GRACE, min(timeout, remaining))


class PageBudgetMiddleware:
    """Makes `--max-pages` hard: CLOSESPIDER_PAGECOUNT closes the spider once that many
    responses arrived, but requests already queued in the downloader would still go
    out; past the budget, none does. robots.txt fetches are not pages."""

    def __init__(self, budget: int, stats):
        self.budget = budget
        self.stats = stats
        self.started = 0

    @classmethod
    def from_crawler(cls, crawler):
        budget = crawler.settings.getint("CLOSESPIDER_PAGECOUNT")
        if budget <= 0:
            raise NotConfigured
        return cls(budget, crawler.stats)

    def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt"):
            return
        if self.started >= self.budget:
            self.stats.inc_value(f"{STAT_PREFIX}/skipped/page_budget")
            raise IgnoreRequest("the run's page budget (--max-pages) is spent")
        self.started += 1


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's bounded retries (RETRY_TIMES, RETRY_HTTP_CODES), spaced out.

    Before retry n (1, 2, …) the request waits RENEWALS_RETRY_BACKOFF × 2^(n-1)
    seconds, or the server's Retry-After when longer, never more than
    RENEWALS_RETRY_BACKOFF_MAX. The wait holds no download slot of the site, and ends at the run's time limit.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff = settings.getfloat("RENEWALS_RETRY_BACKOFF", 1.0)
        self.backoff_max = settings.getfloat("RENEWALS_RETRY_BACKOFF_MAX", 60.0)

    @classmethod
    def from_crawler(cls, crawler):
        middleware = super().from_crawler(crawler)
        middleware.clock = _RunClock(crawler)
        return middleware

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._pause(result, _retry_after(response))
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._pause(result, None)
        return result

    async def _pause(self, retry: Request, retry_after: float | None) -> None:
        attempt = retry.meta.get("retry_times", 1)
        delay = min(max(self.backoff * 2 ** (attempt - 1), retry_after or 0.0), self.backoff_max)
        remaining = self.clock.remaining()
        if remaining is not None:  # never wait past the run's time limit
            delay = min(delay, max(0.0, remaining))
        if delay > 0:
            from twisted.internet import reactor

            self.crawler.stats.inc_value(f"{STAT_PREFIX}/retry_backoff_seconds", round(delay, 3))
            await maybe_deferred_to_future(task.deferLater(reactor, delay))


def _retry_after(response: Response) -> float | None:
    """Seconds asked by a Retry-After header (delay-seconds or HTTP-date), else None."""
    value = response.headers.get(b"Retry-After")
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


class RobotsPolicyMiddleware(RobotsTxtMiddleware):
    """robots.txt as RFC 9309 says, with Scrapy's parser (ROBOTSTXT_PARSER):

    * 2xx: obeyed; only its first 512 KiB are read (a larger file is cut there);
    * 4xx other than 429 (missing, forbidden): no rules, everything is allowed;
    * 429, 5xx after retries, a timeout, a network error, or a file too large to
      download at all (over DOWNLOAD_MAXSIZE, or a decompression bomb): the site is
      unreachable, so nothing of it is crawled in this run (complete disallow),
      counted as ``renewals/errors/robots_unreachable``;
    * redirects are followed (up to REDIRECT_MAX_TIMES, http(s) only).
    """

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler)
        crawler.signals.connect(middleware._bytes_received, signal=signals.bytes_received)
        return middleware

    def _bytes_received(self, data: bytes, request: Request, spider=None) -> None:
        if request.meta.get("renewals_robots"):
            received = request.meta.get("renewals_robots_bytes", 0) + len(data)
            request.meta["renewals_robots_bytes"] = received
            if received > ROBOTS_MAX_BYTES:
                raise StopDownload(fail=False)

    async def robot_parser(self, request: Request):
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots_request = Request(
                f"{url.scheme}://{netloc}/robots.txt",
                priority=self.DOWNLOAD_PRIORITY,
                meta={"dont_obey_robotstxt": True, "renewals_robots": True},
                callback=NO_CALLBACK,
            )
            try:
                response = await self.crawler.engine.download_async(robots_request)
            except Exception as error:  # noqa: BLE001 - every failure has the same policy
                self._robots_error(error, netloc)
            else:
                await self._parse_robots(response, netloc, request)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            # Deferred.asFuture() leaves a Deferred firing None for whoever awaits it next
            # (then robots.txt would allow everything): each waiter gets its own Deferred.
            waiter: Deferred = Deferred()
            parser.addBoth(lambda result: (waiter.callback(result), result)[1])
            return await maybe_deferred_to_future(waiter)
        return parser

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        self._stats.inc_value("robotstxt/response_count")
        self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        status = response.status
        if 200 <= status < 300:
            body = response.body
            if len(body) > ROBOTS_MAX_BYTES:
                body = body[:ROBOTS_MAX_BYTES].rpartition(b"\n")[0]
                self._stats.inc_value(f"{STAT_PREFIX}/robots_truncated")
                logger.warning("robots.txt of %s is over %d bytes: only its start is obeyed", netloc, ROBOTS_MAX_BYTES)
        elif status == 429 or status >= 500:
            self._unreachable(netloc, f"HTTP {status}")
            return
        else:  # 3xx left unfollowed, 4xx: no usable rules
            body = ALLOW_ALL
        self._settle(netloc, body)
        await self.crawler.signals.send_catch_log_async(
            signal=signals.robots_parsed, robotparser=self._parsers[netloc], request=request
        )

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        if isinstance(exc, IgnoreRequest) and "DOWNLOAD_MAXSIZE" not in str(exc):
            self._settle(netloc, ALLOW_ALL)  # e.g. too many redirects: no robots.txt found
            return
        self._unreachable(netloc, _describe(exc))

    def _unreachable(self, netloc: str, why: str) -> None:
        self._stats.inc_value(f"{STAT_PREFIX}/errors/robots_unreachable")
        logger.warning(
            "robots.txt of %s unreachable (%s): nothing of that site is crawled this run",
            _USERINFO.sub("", netloc),
            _USERINFO.sub("", why),
        )
        self._settle(netloc, DISALLOW_ALL)

    def _settle(self, netloc: str, body: bytes) -> None:
        parser = build_from_crawler(self._parserimpl, self.crawler, body)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)


def _describe(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class CheapMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, without decoding every page to look for one.

    Scrapy decodes the whole body of each HTML page (``response.text``, with encoding
    detection) to read its first 4096 characters, on the reactor thread: 0.3 ms per
    article page that the crawl process does not otherwise spend (the workers decode
    the page). A page without the word "refresh" in any case in its first bytes has no
    meta refresh; UTF-16 and UTF-32 pages (NUL bytes among ASCII text) take Scrapy's way.
    """

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if isinstance(response, HtmlResponse):
            head = response.body[:REFRESH_WINDOW]
            if b"\x00" not in head and b"refresh" not in head.lower():
                return response
        return super().process_response(request, response)
