"""Running the news spider in-process: the code path of `renewals crawl`, which is
the same spider and settings as `scrapy crawl news`."""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.spiders.news import NewsSpider

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
    process.crawl(crawler, since=since)
    process.start()
    stats = crawler.stats.get_stats()
    outcome = stats.get("renewals/outcome", "failed")
    reason = stats.get("renewals/outcome_reason") or stats.get("finish_reason")
    return CrawlOutcome(outcome=outcome, reason=reason, stats=stats)
