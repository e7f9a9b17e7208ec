"""Log lines for crawled, scraped and dropped pages."""

import logging

from scrapy import logformatter


class QuietDropsLogFormatter(logformatter.LogFormatter):
    """Dropping a non-article page is routine: one short INFO line, not a WARNING with
    the whole item (its reason is counted in the stats).

    The per-page DEBUG lines ("Crawled", "Scraped") are only formed when DEBUG is
    logged: Scrapy's root logger lets every record through to its handler, which
    discards them, after a log record has been built for each page twice.
    """

    def __init__(self, per_page_lines: bool = True):
        self.per_page_lines = per_page_lines

    @classmethod
    def from_crawler(cls, crawler):
        level = crawler.settings.get("LOG_LEVEL")
        numeric = level if isinstance(level, int) else logging.getLevelName(str(level).upper())
        return cls(per_page_lines=not isinstance(numeric, int) or numeric <= logging.DEBUG)

    def crawled(self, request, response, spider):
        return super().crawled(request, response, spider) if self.per_page_lines else None

    def scraped(self, item, response, spider):
        return super().scraped(item, response, spider) if self.per_page_lines else None

    def dropped(self, item, exception, response, spider):
        return {
            "level": logging.INFO,
            "msg": "Dropped %(reason)s",
            "args": {"reason": exception},
        }
