"""The worker pool of the crawl: a page whose processing hangs is abandoned and its
worker replaced, a worker that dies is replaced, and the crawl goes on; batches are
written when the spider closes, even when it is interrupted."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler
from sqlalchemy import create_engine, text

from crawler.bench.crawl import _cpu_seconds, _descendants
from crawler.bench.site import NewsSite, SiteServer
from crawler.items import ArticlePage
from crawler.pipelines import ProcessingPipeline
from crawler.signals import pages_wanted
from tests.support.crawling import command, renewals

SITE = NewsSite(12)
TICKS = os.sysconf("SC_CLK_TCK")
BASE = "http://127.0.0.1:8000"


class Stats(dict):
    def inc_value(self, key, count=1):
        self[key] = self.get(key, 0) + count


def slow_page(paragraphs: int = 40_000) -> bytes:
    """A real page that takes seconds to clean and extract (about ten on a busy 2-core
    machine): 4 MB of paragraphs, each in its own block and each a renewal statement."""
    blocks = "".join(
        f"<div class='c{k % 50}'><p>Paragraph {k}: the network renewed the show for season {k % 9 + 2}, "
        f"said Alex Martin.</p></div>"
        for k in range(paragraphs)
    )
    return f"<html><head><title>Everything</title></head><body><article>{blocks}</article></body></html>".encode()


def page(number: int) -> ArticlePage:
    return ArticlePage(url=BASE + SITE.path(number), source="bench", body=SITE.article(number, BASE), lang_hint="en")


def workers(root: int | None = None) -> set[int]:
    """The pool's worker processes: the children of the forkserver (a child of `root`,
    this process by default)."""
    return {pid for server in forkservers(root) for pid in _descendants(server) if pid != server}


def _at_work(pid: int) -> bool:
    """Whether a worker is processing a page: running (not blocked waiting for one) and
    past its start (a tenth of a second of CPU, far more than its initializer takes)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except OSError:
        return False
    return fields[0] == b"R" and int(fields[11]) + int(fields[12]) >= os.sysconf("SC_CLK_TCK") // 10


def forkservers(root: int | None = None) -> set[int]:
    ours = set()
    for pid in _descendants(root or os.getpid()):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                if b"forkserver" in cmdline.read():
                    ours.add(pid)
        except OSError:
            pass
    return ours


async def outcome(pipeline: ProcessingPipeline, item: ArticlePage) -> str:
    try:
        await pipeline.process_item(item)
    except DropItem:
        return f"dropped:{item.dropped}"
    return "processed" if item.processed.text else "empty"


def test_a_page_that_hangs_extraction_is_dropped_and_its_worker_replaced():
    async def scenario():
        stats = Stats()
        pipeline = ProcessingPipeline(stats, workers=1, timeout=1.0)
        try:
            hanging = ArticlePage(url=f"{BASE}/en/tv/everything/", source="bench", body=slow_page())
            started = time.monotonic()
            assert await outcome(pipeline, hanging) == "dropped:timeout"
            assert time.monotonic() - started < 30  # abandoned, not waited for
            assert hanging.body is None  # the body is not kept once handed to the pool
            pipeline.timeout = 120  # generous again: the next pages must not time out on a busy machine
            results = await asyncio.gather(*(outcome(pipeline, page(n)) for n in range(4)))
            assert results == ["processed"] * 4
            assert stats == {
                "renewals/dropped/timeout": 1,
                "renewals/facts_extracted": stats["renewals/facts_extracted"],
            }
        finally:
            await pipeline.close_spider()

    asyncio.run(scenario())


@pytest.mark.parametrize("kill_after", [0.04, 0.5], ids=["while-sending-the-page", "while-processing-it"])
def test_killed_workers_are_replaced_and_the_pool_goes_on(kill_after):
    # Workers killed while the slow page is still being written to one of them break
    # pebble's pool with its scheduler stuck on the dead pipe: the page, which no worker
    # took, and the pages queued after it go to a new pool. Killed while processing it,
    # the page is dropped (it may be what killed its worker) and the pool goes on.
    async def scenario():
        stats = Stats()
        pipeline = ProcessingPipeline(stats, workers=2, timeout=120)
        try:
            assert await outcome(pipeline, page(0)) == "processed"
            before = workers()
            assert len(before) == 2
            victim = asyncio.ensure_future(
                outcome(pipeline, ArticlePage(url=f"{BASE}/en/tv/x/", source="bench", body=slow_page()))
            )
            await asyncio.sleep(kill_after)
            for pid in before:
                os.kill(pid, signal.SIGKILL)
            queued = [asyncio.ensure_future(outcome(pipeline, page(n))) for n in range(1, 5)]
            assert await asyncio.gather(*queued) == ["processed"] * 4
            dropped = await victim == "dropped:worker_crashed"
            assert dropped or victim.result() == "processed"
            assert stats.get("renewals/dropped/worker_crashed", 0) == dropped
            assert workers() and not workers() & before  # replaced
        finally:
            await pipeline.close_spider()

    asyncio.run(scenario())


def test_a_page_whose_worker_dies_while_processing_it_is_dropped():
    async def scenario():
        stats = Stats()
        pipeline = ProcessingPipeline(stats, workers=1, timeout=120)
        try:
            assert await outcome(pipeline, page(0)) == "processed"
            (worker,) = workers()
            idle = _cpu_seconds(worker, TICKS)
            victim = asyncio.ensure_future(
                outcome(pipeline, ArticlePage(url=f"{BASE}/en/tv/x/", source="bench", body=slow_page()))
            )
            # receiving the page costs milliseconds, processing it seconds
            while _cpu_seconds(worker, TICKS) - idle < 0.3:
                await asyncio.sleep(0.05)
            os.kill(worker, signal.SIGKILL)
            assert await victim == "dropped:worker_crashed"
            assert await outcome(pipeline, page(1)) == "processed"
            assert stats["renewals/dropped/worker_crashed"] == 1
        finally:
            await pipeline.close_spider()

    asyncio.run(scenario())


def _hold_until_killed(lock, holding) -> None:
    lock.acquire()
    holding.set()
    time.sleep(600)


def test_a_pool_whose_channel_lock_died_with_its_holder_is_replaced(monkeypatch):
    # The state a worker killed while taking a page leaves behind: pebble's channel lock
    # held by a dead process. The workers would then wait 60 s for every page.
    monkeypatch.setattr("crawler.pipelines.POOL_STALL_TIMEOUT", 2.0)

    async def scenario():
        pipeline = ProcessingPipeline(Stats(), workers=2, timeout=120)
        try:
            assert await outcome(pipeline, page(0)) == "processed"
            stalled = pipeline.pool
            channel = stalled.pool._pool_manager.worker_manager.workers_channel
            context = multiprocessing.get_context("forkserver")
            holding = context.Event()
            holder = context.Process(target=_hold_until_killed, args=(channel.mutex.reader_mutex, holding))
            holder.start()
            assert holding.wait(30)
            holder.kill()
            holder.join()
            started = time.monotonic()
            results = await asyncio.gather(*(outcome(pipeline, page(n)) for n in range(1, 5)))
            assert results == ["processed"] * 4
            assert pipeline.pool is not stalled and not stalled.active
            assert time.monotonic() - started < 40  # well before pebble's 60 s lock timeout
        finally:
            await pipeline.close_spider()

    asyncio.run(scenario())


def test_no_worker_process_starts_before_the_first_page():
    async def scenario():
        before = set(_descendants(os.getpid()))
        pipeline = ProcessingPipeline(Stats(), workers=2, timeout=60)
        await asyncio.sleep(0.2)
        assert pipeline.pool is None and set(_descendants(os.getpid())) == before
        await pipeline.close_spider()

    asyncio.run(scenario())


def test_the_pool_starts_when_pages_are_wanted_before_any_arrives():
    """The spider's pages_wanted signal starts the workers while the first pages
    download (crawler.signals)."""
    crawler = get_crawler(settings_dict={"RENEWALS_WORKERS": 2})
    crawler.stats = Stats()

    async def scenario():
        pipeline = ProcessingPipeline.from_crawler(crawler)
        assert pipeline.pool is None and not workers()
        crawler.signals.send_catch_log(signal=pages_wanted)
        deadline = time.monotonic() + 60
        while pipeline.pool is None:
            assert time.monotonic() < deadline, "the pool did not start"
            await asyncio.sleep(0.05)
        started = workers()
        await pipeline.close_spider()
        return started

    assert len(asyncio.run(scenario())) == 2


def test_a_pool_that_could_not_start_before_any_page_came_is_reported_at_close(caplog):
    pipeline = ProcessingPipeline(Stats(), workers=2, timeout=60)

    def no_fork():
        raise OSError("cannot fork")

    pipeline._start_pool = no_fork

    async def scenario():
        pipeline.pages_wanted()
        await pipeline.close_spider()

    with caplog.at_level("WARNING", logger="crawler.pipelines"):
        asyncio.run(scenario())
    assert "the worker pool did not start: cannot fork" in caplog.text


def test_the_spider_wants_pages_once_when_it_asks_for_the_first():
    from crawler.spiders.news import NewsSpider

    received = []
    crawler = get_crawler(NewsSpider)
    crawler.signals.connect(lambda: received.append("wanted"), signal=pages_wanted, weak=False)
    spider = NewsSpider()
    spider.crawler = crawler
    assert received == []
    for n in range(3):
        spider._article_request(BASE + SITE.path(n), "bench", None)
    assert received == ["wanted"]


def test_a_run_with_nothing_to_download_starts_no_worker(tmp_path):
    with SiteServer(SITE) as server:
        first, _, _, first_log = _crawl_from(server, tmp_path)
        assert first.returncode == 0, first.stderr[-2000:]
        assert "started 2 worker processes" in first_log
        (tmp_path / "crawl.log").unlink()
        second, stats, _, second_log = _crawl_from(server, tmp_path)
    assert second.returncode == 0, second.stderr[-2000:]
    assert stats["runs"][0]["pages"] == 0
    assert "worker processes" not in second_log


def test_the_crawl_command_starts_the_workers_forkserver_before_scrapy(tmp_path):
    """The forkserver's imports (trafilatura, the extractor) run on another core while
    the command loads Scrapy (crawler.startup.start_forkserver): it is up before Scrapy
    opens the log file, and its workers start with the first pages."""
    log = tmp_path / "crawl.log"
    seen = {}

    def watch(process, log_path):
        _wait(process, log_path.exists, timeout=60)
        seen["forkserver_at_log"] = bool(forkservers(process.pid))

    result, stats, _, text = _crawl(SITE, tmp_path, during=watch)
    assert result.returncode == 0, result.stderr[-2000:]
    assert seen["forkserver_at_log"], "no forkserver when Scrapy opened its log"
    assert stats["runs"][0]["articles_new"] == SITE.pages
    assert log.exists() and "started 2 worker processes" in text


def test_one_core_leaves_the_forkserver_to_the_first_page(monkeypatch):
    from crawler import startup

    monkeypatch.setattr(startup.os, "cpu_count", lambda: 1)
    before = set(_descendants(os.getpid()))
    startup.start_forkserver(["json"])
    assert set(_descendants(os.getpid())) == before


def test_workers_keep_what_they_inherited_out_of_collections():
    """A worker freezes the modules it inherited from the forkserver (crawler.startup):
    its collections then skip them."""
    import gc

    async def scenario():
        pipeline = ProcessingPipeline(Stats(), workers=2, timeout=60)
        pool = await pipeline._started_pool()
        frozen = pool.schedule(gc.get_freeze_count).result()
        await pipeline.close_spider()
        return frozen

    assert asyncio.run(scenario()) > 10_000


# whole crawls ------------------------------------------------------------------------------------


def _crawl(site: NewsSite, tmp_path, *settings: str, during=None):
    with SiteServer(site) as server:
        return _crawl_from(server, tmp_path, *settings, during=during)


def _crawl_from(server: SiteServer, tmp_path, *settings: str, during=None):
    """A crawl of the server's site; `during(process, log_path)`, if given, runs while
    the crawl does (to interrupt it, say)."""
    sources = tmp_path / "sources.toml"
    sources.write_text(server.site.sources_toml(server.base_url), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'crawl.db'}"
    log = tmp_path / "crawl.log"
    args = ["crawl", "--sources", str(sources), "--db", db, "--log-file", str(log)]
    for setting in ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "RENEWALS_WORKERS=2", *settings):
        args += ["-s", setting]
    if during is None:
        result = renewals(*args, check=False)
    else:
        process = subprocess.Popen(command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        during(process, log)
        stdout, stderr = process.communicate(timeout=120)
        result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    stats = json.loads(renewals("stats", "--db", db, "--format", "json").stdout)
    return result, stats, db, log.read_text(encoding="utf-8")


def _wait(process: subprocess.Popen, condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, "the crawl ended first"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _logged(log, text: str):
    return lambda: log.exists() and text in log.read_text(encoding="utf-8")


def _stored(db: str) -> int:
    engine = create_engine(db)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM articles")).scalar_one()
    engine.dispose()
    return count


@pytest.mark.slow
def test_a_crawl_with_a_hanging_page_stores_every_other_page(tmp_path):
    class WithHangingPage(NewsSite):
        def article(self, number: int, base: str) -> bytes:
            return slow_page() if number == 3 else super().article(number, base)

    site = WithHangingPage(10)
    result, stats, db, _ = _crawl(site, tmp_path, "RENEWALS_DOCUMENT_TIMEOUT=1")
    assert result.returncode == 0, result.stderr[-3000:]
    run = stats["runs"][0]
    assert run["outcome"] == "completed"
    assert run["errors"] == {"dropped/timeout": 1}
    assert _stored(db) == 9


@pytest.mark.slow
def test_batches_are_written_when_the_spider_closes(tmp_path):
    # one batch for the whole crawl, and no timed flush before the end
    site = NewsSite(30)
    result, stats, db, _ = _crawl(site, tmp_path, "RENEWALS_BATCH_SIZE=10000", "RENEWALS_FLUSH_INTERVAL=3600")
    assert result.returncode == 0, result.stderr[-3000:]
    assert _stored(db) == 30 == stats["runs"][0]["articles_new"]


@pytest.mark.slow
def test_an_interrupted_crawl_writes_every_processed_page_and_the_next_run_the_rest(tmp_path):
    def interrupt_mid_crawl(process, log):
        _wait(process, lambda: server.counts[("article", 200)] >= 50)
        process.send_signal(signal.SIGINT)

    with SiteServer(NewsSite(400)) as server:
        result, stats, db, log = _crawl_from(
            server, tmp_path, "RENEWALS_BATCH_SIZE=10000", "RENEWALS_FLUSH_INTERVAL=3600", during=interrupt_mid_crawl
        )
        run = stats["runs"][0]
        processed = int(_stat(log, "item_scraped_count") or 0)
        assert run["outcome"] == "interrupted", result.stderr[-3000:]
        assert 0 < processed < 400
        assert _stored(db) == processed == run["articles_new"]
        result, stats, db, _ = _crawl_from(server, tmp_path)
    assert stats["runs"][0]["outcome"] == "completed", result.stderr[-3000:]  # the latest run first
    assert _stored(db) == 400 == sum(run["articles_new"] for run in stats["runs"])


@pytest.mark.slow
def test_a_signal_while_the_spider_closes_loses_nothing(tmp_path):
    # A signal once the crawl has reached its end (a cron timeout, say) must let the
    # last batch be written and the run recorded, not cut them.
    def interrupt_while_closing(process, log):
        _wait(process, _logged(log, "Closing spider (finished)"))
        process.send_signal(signal.SIGINT)

    result, stats, db, _ = _crawl(
        NewsSite(400),
        tmp_path,
        "RENEWALS_BATCH_SIZE=10000",
        "RENEWALS_FLUSH_INTERVAL=3600",
        during=interrupt_while_closing,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert stats["runs"][0]["outcome"] == "completed"
    assert _stored(db) == 400 == stats["runs"][0]["articles_new"]


@pytest.mark.slow
def test_pages_lost_with_killed_workers_are_fetched_by_the_next_run(tmp_path):
    # Once: killed while one of them takes a page, the workers leave pebble's channel lock
    # held, and the crawl goes on only because the stalled pool is replaced.
    def kill_the_workers(process, log):
        # once the pool is up with pages queued for it, its workers are always busy
        _wait(process, lambda: server.counts[("article", 200)] >= 60 and len(workers(process.pid)) >= 2)
        for pid in workers(process.pid):
            os.kill(pid, signal.SIGKILL)
        # Pebble loses a page with its worker when it sees that worker die holding it; all of
        # them dead at once, it may fail the whole pool instead, and the pages are retried
        # (none lost). Then one worker at work in the pool that replaced them dies too.
        _wait(process, lambda: _logged(log, "Dropped worker_crashed")() or kill_one_at_work(process.pid))

    def kill_one_at_work(root: int) -> bool:
        for pid in workers(root):
            if _at_work(pid):
                os.kill(pid, signal.SIGKILL)
                return True
        return False

    with SiteServer(NewsSite(300)) as server:
        result, stats, db, _ = _crawl_from(server, tmp_path, during=kill_the_workers)
        first = stats["runs"][0]
        assert first["outcome"] == "completed", result.stderr[-3000:]
        crashed = first["errors"].get("dropped/worker_crashed", 0)
        assert crashed >= 1 and _stored(db) == 300 - crashed, first
        result, stats, db, _ = _crawl_from(server, tmp_path)
    assert stats["runs"][0]["outcome"] == "completed", result.stderr[-3000:]
    assert stats["runs"][0]["articles_new"] == crashed
    assert _stored(db) == 300


def _stat(log: str, name: str) -> str | None:
    for line in log.splitlines():
        if f"'{name}':" in line:
            return line.split(":", 1)[1].strip().rstrip(",")
    return None


if sys.platform != "linux":  # the tests find worker processes through /proc
    pytestmark = pytest.mark.skip(reason="Linux only")


def test_a_forkserver_stopped_while_importing_releases_the_commands_output():
    """A run with nothing to download ends while its forkserver still imports: stopped,
    it no longer holds the command's stderr, which cron reads to its end."""
    script = (
        "import time\n"
        "from crawler.startup import start_forkserver, stop_forkserver\n"
        "start_forkserver(['tests.support.slow_import'])\n"
        "time.sleep(0.5)\n"
        "stop_forkserver()\n"
    )
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=50)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 30  # not the minute of the forkserver's import
