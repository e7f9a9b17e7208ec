"""Scrapy settings of the renewals crawler: polite, bounded, and the same for
`scrapy crawl news` and `renewals crawl`."""

from scrapy.settings import default_settings

BOT_NAME = "renewals"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "renewals/0.1 (+https://github.com/renewals-project/renewals; TV-series news crawler)"
ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"

CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts this many tasks for every response, whatever it yields; a page yields
# one item (the pipelines then wait for the worker pool), so the default 100 only
# costs the reactor thread CPU (a third of its time per page).
CONCURRENT_ITEMS = 8
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5  # redirects to other schemes (file:, data:, ftp:) are never followed
# Only http(s) is ever downloaded: no file:, data:, ftp: or s3: handler, whatever a page links to.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.RobotsPolicyMiddleware": 100,
    "crawler.middlewares.RunDeadlineMiddleware": 360,  # after DownloadTimeoutMiddleware (350)
    "crawler.middlewares.PageBudgetMiddleware": 370,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.CheapMetaRefreshMiddleware": 580,
}
CLOSESPIDER_TIMEOUT = 6 * 3600  # a whole run's time limit (seconds); `renewals crawl --max-time` sets it
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.logformatter.QuietDropsLogFormatter"

EXTENSIONS = {
    "crawler.extensions.ProgressLine": 500,
}
# Scrapy imports every extension of its base list, even one disabled in EXTENSIONS: the
# consoles we never run leave it (aiohttp alone is a tenth of an incremental run's time)
EXTENSIONS_BASE = {
    name: order
    for name, order in default_settings.EXTENSIONS_BASE.items()
    if name not in ("scrapy.extensions.telnet.TelnetConsole", "scrapy.extensions.remote_control.RemoteControl")
}

ITEM_PIPELINES = {
    "crawler.pipelines.ProcessingPipeline": 100,
    "crawler.pipelines.StoragePipeline": 800,
}

# renewals settings (override on the command line with -s NAME=VALUE)
RENEWALS_SOURCES = None  # a sources file; None means the bundled default sources
RENEWALS_DATABASE_URL = None  # None means $RENEWALS_DB, else sqlite:///renewals.db
RENEWALS_WORKERS = 0  # extraction processes; 0 means one per CPU core
RENEWALS_DOCUMENT_TIMEOUT = 20  # seconds one page may spend in cleaning + extraction
RENEWALS_BATCH_SIZE = 100  # articles per database transaction
RENEWALS_FLUSH_INTERVAL = 2.0  # seconds between timed flushes of a partial batch
RENEWALS_MAX_PENDING_BATCHES = 4  # queued batches before the pipeline applies backpressure
RENEWALS_RETRY_BACKOFF = 1.0  # seconds before the first retry, doubled for each next one
RENEWALS_RETRY_BACKOFF_MAX = 60.0  # longest wait before a retry, even when Retry-After asks more
RENEWALS_FRONTIER_PREFIX = "renewals:%(spider)s"  # Redis keys of the shared frontier (--frontier)
RENEWALS_FRONTIER_IDLE = 30  # seconds a worker waits on an empty shared frontier before leaving
RENEWALS_PROGRESS = False  # a live progress line on stderr (set by `renewals crawl` on a terminal)
RENEWALS_PROGRESS_INTERVAL = 1.0
