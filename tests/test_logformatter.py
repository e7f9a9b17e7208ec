"""The crawl's log lines: per-page lines only at DEBUG, drops as one INFO line."""

from __future__ import annotations

import logging

import pytest
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.logformatter import QuietDropsLogFormatter

URL = "http://127.0.0.1:8000/series/article.html"


def formatter(level):
    return QuietDropsLogFormatter.from_crawler(get_crawler(settings_dict={"LOG_LEVEL": level}))


def page():
    return HtmlResponse(URL, body=b"<html><body><p>Text</p></body></html>", request=Request(URL))


@pytest.mark.parametrize("level", ["INFO", "WARNING", logging.INFO])
def test_no_per_page_line_is_formed_above_debug(level):
    response = page()
    assert formatter(level).crawled(response.request, response, None) is None
    assert formatter(level).scraped({"url": URL}, response, None) is None


@pytest.mark.parametrize("level", ["DEBUG", "debug", logging.DEBUG])
def test_per_page_lines_at_debug(level):
    response = page()
    crawled = formatter(level).crawled(response.request, response, None)
    assert crawled["level"] == logging.DEBUG and crawled["msg"].startswith("Crawled")
    assert formatter(level).scraped({"url": URL}, response, None)["msg"].startswith("Scraped")


def test_a_drop_is_one_info_line_with_its_reason():
    line = formatter("INFO").dropped({"url": URL}, DropItem("not_article: no text"), page(), None)
    assert line["level"] == logging.INFO
    assert line["msg"] % line["args"] == "Dropped not_article: no text"
