"""Running the news spider in-process: the code path of `renewals crawl`, which is
the same spider and settings as `scrapy crawl news`."""

from __future__ import annotations

import logging
import signal
from dataclasses import dataclass

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.ossignal import install_shutdown_handlers, signal_names

from crawler.spiders.news import NewsSpider
from crawler.startup import resume_collector

logger = logging.getLogger(__name__)

SETTINGS_MODULE = "crawler.settings"
FRONTIER_ENV = "RENEWALS_FRONTIER"
FRONTIER_SCHEDULER = "crawler.frontier.SharedScheduler"
FRONTIER_IDLE_EXTENSION = "crawler.frontier.FrontierIdleClose"


@dataclass
class CrawlOutcome:
    outcome: str
    reason: str | None
    stats: dict


def crawl_settings(
    sources_path: str | None = None,
    max_pages: int | None = None,
    log_file: str | None = None,
    log_level: str = "INFO",
    frontier: bool = False,
    overrides: dict | None = None,
) -> Settings:
    """The project's settings with the command line's choices on top.

    The database and frontier URLs are not settings (Scrapy logs its settings, and
    URLs may carry passwords): they travel in RENEWALS_DB and RENEWALS_FRONTIER.
    """
    settings = Settings()
    settings.setmodule(SETTINGS_MODULE, priority="project")
    settings.set("RENEWALS_SOURCES", sources_path, priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    if log_file:
        settings.set("LOG_FILE", log_file, priority="cmdline")
    if max_pages:
        settings.set("CLOSESPIDER_PAGECOUNT", max_pages, priority="cmdline")
    if frontier:
        settings.set("SCHEDULER", FRONTIER_SCHEDULER, priority="cmdline")
        settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"), FRONTIER_IDLE_EXTENSION: 500}, priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawl(settings: Settings, since: str | None = None) -> CrawlOutcome:
    """Crawl every source and return the outcome the run recorded."""
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    crawler.signals.connect(resume_collector, signal=signals.spider_opened)  # see crawler.startup
    process.crawl(crawler, since=since)
    install_shutdown_handlers(_GracefulShutdown(crawler))
    process.start(install_signal_handlers=False)
    stats = crawler.stats.get_stats()
    outcome = stats.get("renewals/outcome", "failed")
    reason = stats.get("renewals/outcome_reason") or stats.get("finish_reason")
    return CrawlOutcome(outcome=outcome, reason=reason, stats=stats)


class _GracefulShutdown:
    """SIGINT/SIGTERM: close the spider and let the pipelines finish; a second signal
    stops at once.

    Scrapy's own handler stops the reactor as soon as the engine's slot is closed, so a
    signal that arrives while the spider is already closing (a cron timeout at the end
    of a run, say) cut the last batch's write and left the run unrecorded. Here the
    signal closes the spider as its end does, and the reactor stops when that is over.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    def __call__(self, signum: int, _frame) -> None:
        from twisted.internet import reactor

        install_shutdown_handlers(self._force)
        reactor.callFromThread(self._stop, signum)

    def _stop(self, signum: int) -> None:
        logger.info("Received %s, shutting down gracefully. Send again to force", signal_names[signum])
        engine = self.crawler.engine
        if engine is None or engine.spider is None:  # not crawling yet
            deferred_from_coro(self.crawler.stop_async())
        else:  # a no-op when the spider is already closing
            deferred_from_coro(engine.close_spider_async(reason="shutdown"))

    def _force(self, signum: int, _frame) -> None:
        from twisted.internet import reactor

        install_shutdown_handlers(signal.SIG_IGN)
        reactor.callFromThread(self._kill, signum)

    @staticmethod
    def _kill(signum: int) -> None:
        from twisted.internet import reactor

        logger.info("Received %s twice, forcing unclean shutdown", signal_names[signum])
        if reactor.running:
            reactor.stop()
