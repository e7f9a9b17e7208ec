"""Scrapy settings of the renewals crawler: polite, bounded, and the same for
`scrapy crawl news` and `renewals crawl`."""

BOT_NAME = "renewals"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "renewals/0.1 (+https://github.com/renewals-project/renewals; TV-series news crawler)"
ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"

CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
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
REDIRECT_MAX_TIMES = 5
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

ITEM_PIPELINES = {
    "crawler.pipelines.ProcessingPipeline": 100,
    "crawler.pipelines.StoragePipeline": 800,
}

# renewals settings (override on the command line with -s NAME=VALUE)
RENEWALS_SOURCES = None  # a sources file; None means the bundled default sources
RENEWALS_DATABASE_URL = None  # None means --db / RENEWALS_DB / sqlite:///renewals.db
RENEWALS_WORKERS = 0  # extraction processes; 0 means one per CPU core
RENEWALS_DOCUMENT_TIMEOUT = 20  # seconds one page may spend in cleaning + extraction
RENEWALS_BATCH_SIZE = 100  # articles per database transaction
RENEWALS_FLUSH_INTERVAL = 2.0  # seconds between timed flushes of a partial batch
RENEWALS_MAX_PENDING_BATCHES = 4  # queued batches before the pipeline applies backpressure
RENEWALS_PROGRESS = False  # a live progress line on stderr (set by `renewals crawl` on a terminal)
RENEWALS_PROGRESS_INTERVAL = 1.0
