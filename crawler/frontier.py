"""A crawl frontier shared by several machines through Redis (scrapy-redis).

Imported only when `renewals crawl --frontier redis://…` is used. The Redis URL, with
any password, comes from the environment (RENEWALS_FRONTIER), never from settings, so
Scrapy's settings log cannot show it.

- One worker seeds the sources each crawl generation: the first to take the seed key.
- scrapy-redis's queue and fingerprint set make every URL downloaded once in total.
- scrapy-redis removes a request from Redis when a worker pops it, so each worker
  records what it popped (its claims) and keeps a heartbeat; a worker that starts
  re-queues the claims of dead workers whose pages the database does not hold.
- Workers leave when the frontier has been empty for RENEWALS_FRONTIER_IDLE seconds.
"""

from __future__ import annotations

import logging
import os
import time
import uuid

from redis import Redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from sqlalchemy.orm import Session
from twisted.internet import task

from crawler.crawlstats import FINISHED_REASONS
from crawler.runner import FRONTIER_ENV
from storage.crawlstate import known_pages
from storage.urls import canonical_url

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5
HEARTBEAT_TTL = 3 * HEARTBEAT_SECONDS


def redis_from_environment() -> Redis:
    url = os.environ.get(FRONTIER_ENV)
    if not url:
        raise NotConfigured(f"set {FRONTIER_ENV} (renewals crawl --frontier redis://…)")
    return Redis.from_url(url)


class FrontierKeys:
    """The Redis keys of one spider's frontier."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.requests = f"{prefix}:requests"
        self.seen = f"{prefix}:seen"
        self.seeded = f"{prefix}:seeded"

    def claims(self, worker: str) -> str:
        return f"{self.prefix}:claims:{worker}"

    def alive(self, worker: str) -> str:
        return f"{self.prefix}:alive:{worker}"

    def claims_pattern(self) -> str:
        return f"{self.prefix}:claims:*"


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler, with seeding, claims and reconciliation."""

    def __init__(self, server: Redis, prefix: str, seed_ttl: int, stats=None):
        self.keys = FrontierKeys(prefix)
        super().__init__(
            server,
            persist=True,
            queue_key=self.keys.requests,
            queue_cls="scrapy_redis.queue.PriorityQueue",
            dupefilter=RFPDupeFilter(server, key=self.keys.seen),
        )
        self.stats = stats
        self.seed_ttl = seed_ttl
        self.worker = uuid.uuid4().hex[:12]
        self.heartbeat: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        prefix = settings.get("RENEWALS_FRONTIER_PREFIX") % {"spider": crawler.spidercls.name}
        seed_ttl = max(settings.getint("RENEWALS_FRONTIER_IDLE") * 2, HEARTBEAT_TTL)
        server = redis_from_environment()
        server.ping()
        return cls(server, prefix, seed_ttl, crawler.stats)

    def open(self, spider):
        super().open(spider)
        self._beat()
        self.heartbeat = task.LoopingCall(self._beat)
        self.heartbeat.start(HEARTBEAT_SECONDS, now=False)
        requeued = self._reconcile(spider)
        seeds = bool(self.server.set(self.keys.seeded, self.worker, nx=True, ex=self.seed_ttl))
        if seeds:
            self.df.clear()  # a new generation: feeds and sitemaps are read again
        spider.seeds_frontier = seeds
        spider.logger.info(
            "frontier worker %s: %s, %d requests re-queued from dead workers",
            self.worker,
            "seeding the sources" if seeds else "joining the crawl",
            requeued,
        )

    def _beat(self) -> None:
        self.server.set(self.keys.alive(self.worker), 1, ex=HEARTBEAT_TTL)
        self.server.expire(self.keys.seeded, self.seed_ttl)

    def next_request(self):
        request = super().next_request()
        if request is not None:
            self.server.hset(
                self.keys.claims(self.worker), self.df.request_fingerprint(request), self.queue._encode_request(request)
            )
        return request

    def _reconcile(self, spider) -> int:
        """Re-queue what dead workers popped and the database does not hold."""
        requeued = 0
        for key in self.server.scan_iter(match=self.keys.claims_pattern()):
            owner = key.decode().rsplit(":", 1)[-1]
            if owner == self.worker or self.server.exists(self.keys.alive(owner)):
                continue
            taken = f"{key.decode()}:reconciling:{self.worker}"
            try:
                self.server.rename(key, taken)  # only one worker takes over a dead worker's claims
            except Exception:  # noqa: BLE001 - another worker renamed it first
                continue
            requests = [self.queue._decode_request(value) for value in self.server.hvals(taken)]
            with Session(spider.engine) as session:
                stored = known_pages(session, [canonical_url(r.url) for r in requests])
            for request in requests:
                if canonical_url(request.url) not in stored:
                    self.queue.push(request)
                    requeued += 1
            self.server.delete(taken)
        if self.stats is not None:
            self.stats.set_value("renewals/frontier/requeued", requeued)
        return requeued

    def close(self, reason):
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        if reason in FINISHED_REASONS:
            self.server.delete(self.keys.claims(self.worker))  # everything popped was stored
        self.server.delete(self.keys.alive(self.worker))
        super().close(reason)


class FrontierIdleClose:
    """Keep a worker alive while the shared frontier may still receive requests;
    let it close once the frontier has been empty for RENEWALS_FRONTIER_IDLE seconds."""

    def __init__(self, crawler, idle_seconds: float):
        self.crawler = crawler
        self.idle_seconds = idle_seconds
        self.idle_since: float | None = None

    @classmethod
    def from_crawler(cls, crawler):
        if not os.environ.get(FRONTIER_ENV) or "SharedScheduler" not in crawler.settings.get("SCHEDULER", ""):
            raise NotConfigured
        extension = cls(crawler, crawler.settings.getfloat("RENEWALS_FRONTIER_IDLE"))
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.busy, signal=signals.response_received)
        return extension

    def busy(self) -> None:
        self.idle_since = None

    def spider_idle(self) -> None:
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_seconds:
            raise DontCloseSpider
