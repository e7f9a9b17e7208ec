"""Scrapy extensions of the renewals crawler."""

from __future__ import annotations

import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.crawlstats import summary

CLEAR_LINE = "\r\x1b[K"


class ProgressLine:
    """A live line on the terminal: pages, articles, facts, errors.

    Enabled by RENEWALS_PROGRESS, which `renewals crawl` sets only when stderr is a
    terminal; cron gets plain log lines.
    """

    def __init__(self, stats, interval: float, stream=None):
        self.stats = stats
        self.interval = interval
        self.stream = stream or sys.stderr
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("RENEWALS_PROGRESS"):
            raise NotConfigured
        extension = cls(crawler.stats, crawler.settings.getfloat("RENEWALS_PROGRESS_INTERVAL"))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval, now=True)

    def show(self) -> None:
        self.stream.write(f"{CLEAR_LINE}crawling: {summary(self.stats.get_stats())}")
        self.stream.flush()

    def spider_closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.stream.write(CLEAR_LINE)
        self.stream.flush()
