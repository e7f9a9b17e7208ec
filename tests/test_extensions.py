import io

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.crawlstats import error_counts, summary
from crawler.extensions import ProgressLine


def test_progress_line_is_off_unless_asked():
    with pytest.raises(NotConfigured):
        ProgressLine.from_crawler(get_crawler(settings_dict={"RENEWALS_PROGRESS": False}))


def test_progress_line_shows_counts_and_clears_itself():
    stats = MemoryStatsCollector(get_crawler())
    for key, value in {
        "renewals/pages": 12,
        "renewals/articles_new": 9,
        "renewals/facts_new": 7,
        "renewals/dropped/not_article": 3,
        "downloader/response_status_count/503": 2,
    }.items():
        stats.set_value(key, value)
    stream = io.StringIO()
    line = ProgressLine(stats, 1.0, stream)
    line.show()
    line.spider_closed()
    output = stream.getvalue()
    assert "12 pages, 9 new articles, 0 duplicates, 7 new facts, 2 errors" in output
    assert output.startswith("\r") and output.endswith("\x1b[K")


def test_error_counts_by_kind():
    stats = {
        "renewals/errors/feed": 1,
        "renewals/dropped/timeout": 2,
        "downloader/exception_type_count/twisted.internet.error.TimeoutError": 3,
        "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest": 4,
        "downloader/response_status_count/404": 5,
        "downloader/response_status_count/200": 6,
    }
    assert error_counts(stats) == {
        "errors/feed": 1,
        "dropped/timeout": 2,
        "download/TimeoutError": 3,
        "http/404": 5,
    }
    assert summary(stats).endswith("9 errors")


def test_the_crawl_loads_scrapys_extensions_but_not_its_consoles():
    """Scrapy imports every extension of its base list; the telnet and remote-control
    consoles (and aiohttp with them) are left out of it, the others stay."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from scrapy.settings import Settings, default_settings\n"
        "settings = Settings()\n"
        "settings.setmodule('crawler.settings', priority='project')\n"
        "enabled = settings.get_component_priority_dict_with_base('EXTENSIONS')\n"
        "names = {c if isinstance(c, str) else f'{c.__module__}.{c.__name__}' for c in enabled}\n"
        "wanted = set(default_settings.EXTENSIONS_BASE) - {'scrapy.extensions.telnet.TelnetConsole',"
        " 'scrapy.extensions.remote_control.RemoteControl'}\n"
        "assert wanted <= names, wanted - names\n"
        "assert not any('telnet' in n or 'remote_control' in n for n in names), names\n"
        "assert 'aiohttp' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
