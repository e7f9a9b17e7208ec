"""Item pipelines: processing in a worker pool, then batched storage off the reactor.

The reactor thread only moves data: cleaning and extraction run in worker processes
with a hard per-page time limit, and database transactions run in one writer thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures.process import BrokenProcessPool

from itemadapter import ItemAdapter
from pebble import ProcessExpired, ProcessPool
from scrapy import signals
from scrapy.exceptions import DropItem
from sqlalchemy.orm import Session

from crawler.crawlstats import FINISHED_REASONS, STAT_PREFIX, error_counts
from crawler.processing import WORKER_MODULES, ProcessedPage, article_record, process_html
from crawler.signals import pages_wanted
from crawler.startup import children_skip_main, worker_started
from storage.batches import write_batch
from storage.crawlstate import save_validators
from storage.db import open_database
from storage.runs import COMPLETED, FAILED, INTERRUPTED, finish_run, start_run
from storage.urls import canonical_url
from storage.writer import ArticleRecord, BatchResult

logger = logging.getLogger(__name__)

WORKER_MAX_TASKS = 500  # recycle worker processes to bound their memory
POOL_CHECK_INTERVAL = 1.0  # seconds between checks, by a waiting page, that its pool still works
POOL_ATTEMPTS = 3  # pools a page is offered to before it is dropped as worker_crashed
POOL_JOIN_TIMEOUT = 30.0  # seconds the spider waits for a stopped pool's threads and workers
# A worker killed inside pebble's channel lock (the milliseconds in which it takes a page)
# leaves the lock held: the other workers then wait 60 s for every page, and pebble can
# no longer stop a page over its time limit. Such a pool is replaced when pages have
# waited this long with none processed, or when a page outlives its limit by this much.
POOL_STALL_TIMEOUT = 10.0
# Pages dropped unprocessed (the crawl stopping, a dead worker): not remembered, and the
# run keeps no feed validators, so that the next run reads the feeds and finds them again.
UNPROCESSED_DROPS = {"interrupted", "worker_crashed"}
REFETCHED_DROPS = {"not_article", *UNPROCESSED_DROPS}  # hubs stay fetchable for their links


class ProcessingPipeline:
    """Cleans each page and extracts its facts in a pool of worker processes.

    The pool starts with the first page, so a run with nothing to download (the
    incremental case) starts no worker. Workers are forked by a forkserver that has
    imported the processing modules once (`renewals crawl` starts it as it starts:
    crawler.startup.start_forkserver), so starting or replacing a worker (after
    WORKER_MAX_TASKS pages, or after a timeout or a crash) costs milliseconds.
    """

    def __init__(self, stats, workers: int, timeout: float):
        self.stats = stats
        self.workers = workers
        self.timeout = timeout
        self.pool: WatchedPool | None = None
        self.starting: asyncio.Future | None = None
        self.closed = False

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        pipeline = cls(
            crawler.stats,
            workers=settings.getint("RENEWALS_WORKERS") or os.cpu_count() or 1,
            timeout=settings.getfloat("RENEWALS_DOCUMENT_TIMEOUT"),
        )
        crawler.signals.connect(pipeline.pages_wanted, signal=pages_wanted)
        return pipeline

    def pages_wanted(self) -> None:
        """Start the pool while the first pages download (see crawler.signals)."""
        if not self.closed:
            self._start_in_background()

    def _start_in_background(self) -> asyncio.Future:
        """The pool's start, in a thread: forking the first workers waits for the
        forkserver's imports, which must not block the reactor."""
        if self.starting is None:
            self.starting = asyncio.ensure_future(asyncio.get_running_loop().run_in_executor(None, self._start_pool))
        return self.starting

    async def _started_pool(self) -> WatchedPool:
        """The pool, once started (by the first wanted page, or else by the first page)."""
        return await asyncio.shield(self._start_in_background())

    def _start_pool(self) -> WatchedPool:
        children_skip_main()
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(WORKER_MODULES))
        pool = WatchedPool(
            ProcessPool(
                max_workers=self.workers, max_tasks=WORKER_MAX_TASKS, context=context, initializer=worker_started
            )
        )
        pool.schedule(os.getpid).result()  # the workers are up
        logger.info("started %d worker processes", self.workers)
        self.pool = pool
        return pool

    async def _restart_pool(self, broken: WatchedPool, why: str = "broke") -> WatchedPool:
        """Pebble gives a pool up for good when a worker dies while no page is being
        processed (an idle worker killed, by the OOM killer say); the crawl needs one."""
        if self.pool is broken:
            logger.warning("the worker pool %s; starting a new one", why)
            self.pool, self.starting = None, None
            broken.stop_in_background()
        return await self._started_pool()

    async def close_spider(self) -> None:
        self.closed = True
        if self.starting is not None:
            await asyncio.wait([self.starting])
            failed = not self.starting.cancelled() and self.starting.exception() is not None
            if failed and self.pool is None:  # no page ever waited for it
                logger.warning("the worker pool did not start: %s", self.starting.exception())
        if self.pool is not None:
            joined = self.pool.stop_in_background()
            if not await asyncio.get_running_loop().run_in_executor(None, joined.wait, POOL_JOIN_TIMEOUT):
                logger.warning("the worker pool did not stop within %gs; leaving it behind", POOL_JOIN_TIMEOUT)

    async def process_item(self, item):
        adapter = ItemAdapter(item)
        announced = adapter.get("announced")
        if self.closed:  # a page still in the scraper when the spider closed
            self._drop(adapter, "interrupted", "the crawl was stopping")
        args = (
            adapter["url"],
            adapter["body"],
            adapter.get("content_type"),
            adapter.get("lang_hint"),
            announced.date().isoformat() if announced else None,
        )
        adapter["body"] = None  # only the pool holds the page now, until it is processed
        try:
            processed = await self._in_pool(args)
        except concurrent.futures.TimeoutError:
            self._drop(adapter, "timeout", f"processing took over {self.timeout:g}s")
        except (ProcessExpired, BrokenProcessPool) as error:
            self._drop(adapter, "worker_crashed", str(error))
        except Exception as error:  # a bug in cleaning or extraction must not stop the crawl
            logger.exception("processing failed for %s", adapter["url"])
            self._drop(adapter, "processing_error", repr(error))
        if processed.dropped:
            self._drop(adapter, processed.dropped, processed.detail)
        self.stats.inc_value(f"{STAT_PREFIX}/facts_extracted", len(processed.facts))
        adapter["processed"] = processed
        return item

    async def _in_pool(self, args: tuple) -> ProcessedPage:
        """Processes one page in the pool, offering it to a new pool when the pool breaks
        or stalls under it. A page whose own worker dies is not retried (ProcessExpired):
        it may be what killed it. But when every worker dies while none is processing a
        page, pebble fails all the pages it holds with BrokenProcessPool, and leaves
        waiting forever those still in its queue: none of them has been processed."""
        for _ in range(POOL_ATTEMPTS):
            pool = await self._started_pool()
            try:
                future = pool.schedule(process_html, args=args, timeout=self.timeout)
            except RuntimeError:  # the pool broke (see _restart_pool)
                await self._restart_pool(pool)
                continue
            result = asyncio.wrap_future(future)
            waiting_since, started = time.monotonic(), None
            while not result.done() and pool.active:
                await asyncio.wait([result], timeout=POOL_CHECK_INTERVAL)
                if result.done():
                    break
                if not future.running():
                    if pool.stalled(waiting_since):
                        await self._restart_pool(pool, f"processed no page for {POOL_STALL_TIMEOUT:g}s")
                    continue
                started = started or time.monotonic()
                if time.monotonic() - started > self.timeout + POOL_STALL_TIMEOUT:
                    await self._restart_pool(pool, "could not stop a page over its time limit")
                    raise concurrent.futures.TimeoutError
            if result.done() and not result.cancelled():
                try:
                    return result.result()
                except BrokenProcessPool:
                    pass
            else:  # waiting in a broken pool, or in a stalled one that was stopped
                future.cancel()
            await self._restart_pool(pool)
        raise BrokenProcessPool(f"the worker pool broke {POOL_ATTEMPTS} times")

    def _drop(self, adapter: ItemAdapter, reason: str, detail: str):
        self.stats.inc_value(f"{STAT_PREFIX}/dropped/{reason}")
        adapter["dropped"] = reason
        url = adapter["url"]
        raise DropItem(f"{reason}: {url} ({detail})" if detail else f"{reason}: {url}")


class StoragePipeline:
    """Stores processed pages in batches, one transaction each, in a writer thread.

    Also records the crawl run: a row when the spider opens, its outcome and counts
    when it closes.
    """

    def __init__(self, crawler, database_url: str | None, batch_size: int, flush_interval: float, max_pending: int):
        self.crawler = crawler
        self.stats = crawler.stats
        self.database_url = database_url
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self.max_pending = max_pending
        self.executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="renewals-db")
        self.buffer: list[ArticleRecord] = []
        self.dropped: list[tuple[str, str]] = []
        self.pending: list[asyncio.Future] = []
        self.totals = BatchResult()
        self.failure: str | None = None
        self.engine = None
        self.run_id: int | None = None
        self.flusher: asyncio.Task | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        pipeline = cls(
            crawler,
            database_url=settings.get("RENEWALS_DATABASE_URL"),
            batch_size=settings.getint("RENEWALS_BATCH_SIZE"),
            flush_interval=settings.getfloat("RENEWALS_FLUSH_INTERVAL"),
            max_pending=settings.getint("RENEWALS_MAX_PENDING_BATCHES"),
        )
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    async def _in_writer(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.executor, function, *args)

    async def open_spider(self) -> None:
        self.engine = await self._in_writer(open_database, self.database_url)
        self.run_id = await self._in_writer(self._start_run)
        self.flusher = asyncio.ensure_future(self._flush_periodically())

    def _start_run(self) -> int:
        with Session(self.engine) as session, session.begin():
            return start_run(session, "crawl")

    async def process_item(self, item):
        adapter = ItemAdapter(item)
        self.buffer.append(article_record(adapter["processed"], adapter["source"]))
        if len(self.buffer) >= self.batch_size:
            self._flush()
        while len(self.pending) > self.max_pending:
            await asyncio.wait([self.pending[0]])
        return item

    def item_dropped(self, item) -> None:
        """Remember dropped pages so later runs skip them, except hubs and the pages
        dropped unprocessed (see REFETCHED_DROPS)."""
        adapter = ItemAdapter(item)
        reason = adapter.get("dropped")
        if reason and reason not in REFETCHED_DROPS:
            self.dropped.append((canonical_url(adapter["url"]), reason))

    async def _flush_periodically(self) -> None:
        while True:
            await asyncio.sleep(self.flush_interval)
            self._flush()

    def _flush(self) -> None:
        if not (self.buffer or self.dropped) or self.failure:
            return
        batch, self.buffer = self.buffer, []
        dropped, self.dropped = self.dropped, []
        future = asyncio.ensure_future(self._in_writer(self._write, batch, dropped))
        self.pending.append(future)
        future.add_done_callback(self._written)

    def _write(self, batch: list[ArticleRecord], dropped: list[tuple[str, str]]) -> BatchResult:
        return write_batch(self.engine, batch, self.run_id, dropped)

    def _written(self, future: asyncio.Future) -> None:
        self.pending.remove(future)
        if future.cancelled():
            return
        error = future.exception()
        if error is None:
            result = future.result()
            result.new_article_urls = []  # the run records counts: no list of URLs that grows with the crawl
            self.totals.add(result)
            for name in ("articles_new", "duplicates", "facts_new", "mentions_new"):
                self.stats.inc_value(f"{STAT_PREFIX}/{name}", getattr(result, name))
            return
        if self.failure is None:
            self.failure = f"database write failed: {_first_line(error)}"
            logger.error("%s; stopping the crawl", self.failure)
            self.stats.inc_value(f"{STAT_PREFIX}/errors/database")
            asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="database_error"))

    async def close_spider(self) -> None:
        if self.flusher is not None:
            self.flusher.cancel()
        self._flush()
        while self.pending:
            await asyncio.wait(list(self.pending))

    async def spider_closed(self, spider, reason: str) -> None:
        if self.engine is None or self.run_id is None:
            return
        if self.failure:
            outcome, why = FAILED, self.failure
        elif reason in FINISHED_REASONS:
            outcome, why = COMPLETED, None
        elif reason == "shutdown":
            outcome, why = INTERRUPTED, "stopped by a signal"
        else:
            outcome, why = FAILED, reason
        self.stats.set_value(f"{STAT_PREFIX}/outcome", outcome)
        self.stats.set_value(f"{STAT_PREFIX}/outcome_reason", why)
        unprocessed = any(self.stats.get_value(f"{STAT_PREFIX}/dropped/{drop}") for drop in UNPROCESSED_DROPS)
        complete = reason == "finished" and outcome == COMPLETED and not unprocessed
        validators = getattr(spider, "fresh_validators", {}) if complete else {}
        try:
            await self._in_writer(self._finish_run, outcome, why, validators)
        except Exception as error:  # the database went away: the run cannot be recorded
            unrecorded = f"cannot record the run in the database: {_first_line(error)}"
            logger.error("%s", unrecorded)
            self.stats.set_value(f"{STAT_PREFIX}/outcome", FAILED)
            self.stats.set_value(f"{STAT_PREFIX}/outcome_reason", f"{why}; {unrecorded}" if why else unrecorded)
        finally:
            self.executor.shutdown(wait=False)
            self.engine.dispose()

    def _finish_run(self, outcome: str, reason: str | None, validators: dict) -> None:
        with Session(self.engine) as session, session.begin():
            save_validators(session, validators)
            finish_run(
                session,
                self.run_id,
                outcome,
                reason=reason,
                pages=self.stats.get_value(f"{STAT_PREFIX}/pages", 0),
                articles_new=self.totals.articles_new,
                duplicates=self.totals.duplicates,
                facts_new=self.totals.facts_new,
                errors=error_counts(self.stats.get_stats()),
            )


class WatchedPool:
    """A pebble pool and the pages it holds, to tell a stalled pool from a busy one."""

    def __init__(self, pool: ProcessPool):
        self.pool = pool
        self.futures: set[concurrent.futures.Future] = set()
        self.lock = threading.Lock()  # the futures finish in pebble's threads
        self.last_finished = time.monotonic()

    @property
    def active(self) -> bool:
        return self.pool.active

    def schedule(self, function, args: tuple = (), timeout: float | None = None) -> concurrent.futures.Future:
        future = self.pool.schedule(function, args=args, timeout=timeout)
        with self.lock:
            self.futures.add(future)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, future: concurrent.futures.Future) -> None:
        with self.lock:
            self.futures.discard(future)
            self.last_finished = time.monotonic()

    def stalled(self, waiting_since: float) -> bool:
        """True when a page has waited POOL_STALL_TIMEOUT while the pool processed
        nothing: no page running now, and none finished in that time."""
        with self.lock:
            quiet_since = max(self.last_finished, waiting_since)
            held = tuple(self.futures)
        return time.monotonic() - quiet_since > POOL_STALL_TIMEOUT and not any(f.running() for f in held)

    def stop_in_background(self) -> threading.Event:
        """Stops the pool and joins it in a daemon thread, set when done: joining a pool
        whose scheduler is stuck writing to a dead worker can take long, and must block
        neither the reactor nor the interpreter's exit. The pages it still holds are
        cancelled: a stopped pebble pool would leave them pending for ever."""
        with self.lock:
            held = tuple(self.futures)
        for future in held:
            future.cancel()
        joined = threading.Event()

        def join() -> None:
            self.pool.stop()
            self.pool.join()
            joined.set()

        threading.Thread(target=join, name="renewals-pool-stop", daemon=True).start()
        return joined


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
