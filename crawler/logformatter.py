"""Log lines for dropped pages: one short INFO line, not a WARNING with the whole item."""

import logging

from scrapy import logformatter


class QuietDropsLogFormatter(logformatter.LogFormatter):
    """Dropping a non-article page is routine; its reason is counted in the stats."""

    def dropped(self, item, exception, response, spider):
        return {
            "level": logging.INFO,
            "msg": "Dropped %(reason)s",
            "args": {"reason": exception},
        }
