"""A Scrapy extension for the tests: writes, when the spider closes, whether the
garbage collector was running during the crawl and whether start-up objects were
frozen, and its young-generation threshold (see crawler.startup)."""

from __future__ import annotations

import gc
import json
import os

from scrapy import signals

PROBE_FILE_ENV = "RENEWALS_TEST_COLLECTOR_PROBE"


class CollectorProbe:
    def __init__(self, path: str):
        self.path = path

    @classmethod
    def from_crawler(cls, crawler):
        probe = cls(os.environ[PROBE_FILE_ENV])
        crawler.signals.connect(probe.spider_closed, signal=signals.spider_closed)
        return probe

    def spider_closed(self, spider):
        state = {"enabled": gc.isenabled(), "frozen": gc.get_freeze_count(), "threshold": gc.get_threshold()[0]}
        with open(self.path, "w", encoding="utf-8") as out:
            json.dump(state, out)
