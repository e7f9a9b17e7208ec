"""`renewals bench`: the whole crawl pipeline against trafilatura alone, on this machine.

The generated news site (crawler.bench.site), or a folder of real pages, is served on
loopback. The same pages are measured twice:

- the reference: `trafilatura.extract` on each page, one after the other in this one
  process, counted in CPU seconds (so that other load on the machine does not slow it
  down), and the fact extraction on the pipeline's cleaned text of each page;
- the full pipeline: the real `renewals crawl` command in a child process (same spider,
  pipelines and settings; only the politeness limits meant for remote hosts are lifted)
  into a temporary SQLite database, counted in wall seconds from the command's start to
  its exit, start-up included; its memory is sampled while it runs.

Then the same crawl again on the unchanged site (the incremental case: nothing to
download), and a crawl ten times as large to see whether memory stays flat.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from crawler.bench.site import NewsSite, SiteServer

# Polite defaults (AutoThrottle, 0.5 s between requests, 4 at a time per domain) are
# for remote outlets; the bench site is one loopback host that would be throttled by
# design. Everything else is the production configuration.
BENCH_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
}
REFERENCE_BASE = "http://127.0.0.1:65535"  # the site's address in the pages the reference reads
SAMPLE_INTERVAL = 0.1  # seconds between memory samples of the crawl's processes
TARGETS = {"ratio": 1.5, "second_run": 0.05, "memory": 1.2, "extraction": 0.10}


@dataclass
class Reference:
    """trafilatura alone, and the fact extraction, on the same pages, in one process."""

    pages: int
    trafilatura_cpu: float  # seconds
    trafilatura_wall: float
    extraction_cpu: float  # seconds over the pages that are articles
    articles: int  # pages the pipeline's cleaning keeps (extraction runs on these)

    def __add__(self, other: Reference) -> Reference:
        return Reference(
            self.pages + other.pages,
            self.trafilatura_cpu + other.trafilatura_cpu,
            self.trafilatura_wall + other.trafilatura_wall,
            self.extraction_cpu + other.extraction_cpu,
            self.articles + other.articles,
        )

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.trafilatura_cpu

    @property
    def trafilatura_ms(self) -> float:
        return 1000 * self.trafilatura_cpu / self.pages

    @property
    def extraction_ms(self) -> float:
        return 1000 * self.extraction_cpu / max(1, self.articles)


@dataclass
class CrawlRun:
    """One `renewals crawl` child process."""

    seconds: float  # wall time from spawn to exit
    exit_code: int
    crawl_seconds: float | None  # Scrapy's own elapsed time (spider open to close)
    peak_tree: int  # bytes: the highest sum of RSS over the crawl's processes
    peak_main: int  # bytes: the crawl process's own peak RSS
    cpu_total: float = 0.0  # CPU seconds of the crawl and all its processes (workers, forkserver)
    cpu_main: float = 0.0  # CPU seconds of the crawl process itself
    downloads: dict[str, int] = field(default_factory=dict)  # responses served, by kind
    summary: str = ""
    log: str = ""

    @property
    def article_downloads(self) -> int:
        return self.downloads.get("article", 0)


@dataclass
class Report:
    label: str
    pages: int
    page_kb: float
    workers: int
    reference: Reference | None = None
    first: CrawlRun | None = None
    second: CrawlRun | None = None
    scale_pages: int = 0
    scale_first: CrawlRun | None = None
    scale_second: CrawlRun | None = None


# the reference --------------------------------------------------------------------------


def measure_reference(
    site: NewsSite, base: str, progress: Callable[[str], None], numbers: range | None = None
) -> Reference:
    """trafilatura.extract on each page (of ``numbers``, all by default) in this process,
    then fact extraction on what the pipeline's cleaning keeps of the page (its text,
    language, date and title)."""
    import trafilatura

    from crawler.cleaning import NotAnArticle, clean_html
    from crawler.extract import extract_facts
    from crawler.processing import publication_date

    numbers = range(site.pages) if numbers is None else numbers
    bodies = [(base + site.path(n), site.article(n, base)) for n in numbers]
    if not bodies:
        return Reference(0, 0.0, 0.0, 0.0, 0)
    trafilatura.extract(bodies[0][1], url=bodies[0][0])  # first-call initialisations are no page's cost
    cpu, wall = time.process_time(), time.perf_counter()
    for url, body in bodies:
        trafilatura.extract(body, url=url)
    trafilatura_cpu, trafilatura_wall = time.process_time() - cpu, time.perf_counter() - wall
    progress(f"trafilatura alone: {len(bodies)} pages in {trafilatura_cpu:.1f} s of CPU")
    cleaned = []
    for (url, body), number in zip(bodies, numbers, strict=True):
        try:
            page = clean_html(body, url)
        except NotAnArticle:
            continue
        # the text the pipeline gives the extractor: italic titles marked
        cleaned.append((page.marked_text, page.lang or site.lang(number), publication_date(page.published), page.title))
    if cleaned:  # nor are the extractor's: its patterns compile and its lexicons load on first use
        extract_facts(*cleaned[0][:3], title=cleaned[0][3])
    cpu = time.process_time()
    for text, lang, published, title in cleaned:
        extract_facts(text, lang, published, title=title)
    extraction_cpu = time.process_time() - cpu
    return Reference(len(bodies), trafilatura_cpu, trafilatura_wall, extraction_cpu, len(cleaned))


# the crawl ------------------------------------------------------------------------------


def crawl_command(sources: Path, db_url: str, log_file: Path, workers: int) -> list[str]:
    settings = {**BENCH_SETTINGS, **({"RENEWALS_WORKERS": str(workers)} if workers else {})}
    command = [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sources), "--db", db_url]
    command += ["--log-file", str(log_file)]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return command


def run_crawl(command: list[str], server: SiteServer, log_file: Path) -> CrawlRun:
    """Run one crawl to its end, sampling the memory of its processes meanwhile."""
    server.reset_counts()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = MemorySampler(process.pid)
    sampler.start()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop()
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", log)
    downloads: dict[str, int] = {}
    for (kind, status_code), count in server.counts.items():
        if status_code == 200:
            downloads[kind] = downloads.get(kind, 0) + count
        elif status_code == 304:
            downloads["not_modified"] = downloads.get("not_modified", 0) + count
    return CrawlRun(
        seconds=seconds,
        exit_code=process.returncode,
        crawl_seconds=float(elapsed.group(1)) if elapsed else None,
        peak_tree=sampler.peak_tree,
        peak_main=sampler.peak_main,
        cpu_total=max(sampler.cpu_total, usage.ru_utime + usage.ru_stime),
        cpu_main=sampler.cpu_main,
        downloads=downloads,
        summary=stderr.strip().splitlines()[-1] if stderr.strip() else "",
        log=stderr,
    )


class MemorySampler(threading.Thread):
    """Samples the memory of a process and of its descendants (the worker pool) from /proc.

    The tree's memory is the sum of the resident sizes of its processes, which counts
    pages shared by the workers and their forkserver once per process: an upper bound.
    (PSS would share them out, but reading it costs the kernel ~20 ms per process and
    slows the processes it measures.) Without /proc (not Linux) nothing is sampled.
    """

    def __init__(self, pid: int):
        super().__init__(name="bench-memory", daemon=True)
        self.pid = pid
        self.peak_tree = 0
        self.peak_main = 0
        self.cpu_main = 0.0
        self.cpu: dict[int, float] = {}  # pid → CPU seconds
        self._done = threading.Event()
        self._ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def run(self) -> None:
        while not self._done.wait(SAMPLE_INTERVAL):
            pids = _descendants(self.pid)
            if not pids:
                continue
            self.peak_tree = max(self.peak_tree, sum(_status_kib(pid, "VmRSS") for pid in pids) * 1024)
            self.peak_main = max(self.peak_main, _status_kib(self.pid, "VmHWM") * 1024)
            for pid in pids:  # each process's own time: a worker that ended keeps its last sample
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_seconds(pid, self._ticks))
            self.cpu_main = self.cpu.get(self.pid, 0.0)

    @property
    def cpu_total(self) -> float:
        return sum(self.cpu.values())

    def stop(self) -> None:
        self._done.set()
        self.join()


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo.extend(int(child) for child in children.read().split())
        except OSError:
            if current == pid:
                return []
    return found


def _cpu_seconds(pid: int, ticks: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    except (OSError, IndexError, ValueError):
        return 0.0


def _status_kib(pid: int, name: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def crawl_twice(site: NewsSite, workers: int, tmp: Path, name: str, progress) -> tuple[CrawlRun, CrawlRun]:
    """A first crawl of the site into a new database, then a second one on the unchanged site."""
    with SiteServer(site) as server:
        sources = tmp / f"{name}-sources.toml"
        sources.write_text(site.sources_toml(server.base_url), encoding="utf-8")
        db_url = f"sqlite:///{tmp / name}.db"
        runs = []
        for attempt in ("first", "second"):
            log_file = tmp / f"{name}-{attempt}.log"
            run = run_crawl(crawl_command(sources, db_url, log_file, workers), server, log_file)
            if run.exit_code != 0:
                raise BenchError(
                    f"the {attempt} crawl of {site.pages} pages exited {run.exit_code}:\n{run.log[-3000:]}"
                )
            progress(f"{attempt} crawl of {site.pages} pages: {run.seconds:.1f} s ({run.summary})")
            runs.append(run)
    return runs[0], runs[1]


class BenchError(RuntimeError):
    """A crawl of the benchmark failed."""


def bench(
    pages: int | None = None,
    html_dir: Path | None = None,
    workers: int = 0,
    scale_pages: int | None = None,
    reference: bool = True,
    progress: Callable[[str], None] = lambda message: None,
) -> Report:
    """Measure the reference and the crawls; `scale_pages` 0 skips the large crawl."""
    probe = NewsSite(1, html_dir)
    if pages is None:
        pages = len(probe.real) if html_dir else 2000
    site = NewsSite(pages, html_dir)
    sizes = [len(site.article(n, REFERENCE_BASE)) for n in range(min(pages, 200))]
    label = f"{pages} pages from {html_dir}" if html_dir else f"{pages} generated pages"
    report = Report(label, pages, statistics.median(sizes) / 1024, workers or os.cpu_count() or 1)
    # the machine may be shared: half the reference runs before the crawls and half after,
    # so that a slow (or fast) spell weighs on both sides of the ratio
    halves = (range(pages // 2), range(pages // 2, pages))
    if reference:
        report.reference = measure_reference(site, REFERENCE_BASE, progress, halves[0])
    with tempfile.TemporaryDirectory(prefix="renewals-bench-") as folder:
        tmp = Path(folder)
        report.first, report.second = crawl_twice(site, workers, tmp, "first", progress)
        if reference:
            report.reference += measure_reference(site, REFERENCE_BASE, progress, halves[1])
        scale_pages = 10 * pages if scale_pages is None else scale_pages
        if scale_pages:
            report.scale_pages = scale_pages
            large = NewsSite(scale_pages, html_dir)
            report.scale_first, report.scale_second = crawl_twice(large, workers, tmp, "scale", progress)
    return report


# the report -----------------------------------------------------------------------------


def _verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def _mb(value: int) -> str:
    return f"{value / 2**20:.0f} MB"


def format_report(report: Report) -> list[str]:
    lines = [
        f"renewals bench: {report.label}, {report.page_kb:.0f} KB of HTML per page (median), "
        f"{report.workers} worker processes, {os.cpu_count()} CPU cores",
        "bench-only settings: "
        + ", ".join(f"{k}={v}" for k, v in BENCH_SETTINGS.items())
        + " (the polite defaults throttle a single host by design)",
    ]
    ref, first = report.reference, report.first
    if ref:
        lines.append(
            f"trafilatura alone (trafilatura.extract, one process): {ref.pages_per_second:.1f} pages/s "
            f"({ref.trafilatura_ms:.1f} ms of CPU per page)"
        )
    if first:
        rate = report.pages / first.seconds
        steady = f", {report.pages / first.crawl_seconds:.1f} pages/s inside Scrapy" if first.crawl_seconds else ""
        lines.append(
            f"full pipeline (renewals crawl: download, cleaning, extraction, dedup, storage): "
            f"{rate:.1f} pages/s ({report.pages} pages in {first.seconds:.1f} s wall, start-up included{steady})"
        )
        if first.cpu_total:
            cpu_ms = 1000 * first.cpu_total / report.pages
            lines.append(
                f"CPU per page in the full pipeline: {cpu_ms:.1f} ms "
                f"({1000 * first.cpu_main / report.pages:.1f} ms in the crawl process, the rest in its workers; "
                f"start-up included)"
            )
            if ref:
                cores = os.cpu_count() or 1
                lines.append(
                    f"load-independent view: {cores} idle cores would give the pipeline at most "
                    f"{1000 * cores / cpu_ms:.1f} pages/s, {cores * ref.trafilatura_ms / cpu_ms:.2f} x trafilatura "
                    f"alone (both counted in CPU time; other processes on this machine slow the wall-clock figures)"
                )
        if ref:
            ratio = rate / ref.pages_per_second
            lines.append(
                f"ratio full pipeline / trafilatura alone: {ratio:.2f} "
                f"[target >= {TARGETS['ratio']}: {_verdict(ratio >= TARGETS['ratio'])}]"
            )
            share = ref.extraction_ms / ref.trafilatura_ms
            lines.append(
                f"fact extraction: {ref.extraction_ms:.2f} ms per page vs trafilatura {ref.trafilatura_ms:.2f} ms: "
                f"{share:.0%} [target <= {TARGETS['extraction']:.0%}: {_verdict(share <= TARGETS['extraction'])}]"
            )
    for pages, one, two in (
        (report.pages, first, report.second),
        (report.scale_pages, report.scale_first, report.scale_second),
    ):
        if one and two:
            share = two.seconds / one.seconds
            lines.append(
                f"second run on the unchanged site after {pages} pages: {two.seconds:.2f} s = {share:.1%} of the "
                f"first ({one.seconds:.1f} s), {two.article_downloads} article pages downloaded "
                f"[target <= {TARGETS['second_run']:.0%}: {_verdict(share <= TARGETS['second_run'])}]"
            )
    for pages, run in ((report.pages, first), (report.scale_pages, report.scale_first)):
        if run:
            lines.append(
                f"peak memory, {pages} pages: {_mb(run.peak_tree)} for the crawl and its workers (RSS sum), "
                f"crawl process {_mb(run.peak_main)} (RSS)"
            )
    if first and report.scale_first and first.peak_tree:
        ratio = report.scale_first.peak_tree / first.peak_tree
        main = report.scale_first.peak_main / first.peak_main if first.peak_main else float("nan")
        lines.append(
            f"peak memory ratio {report.scale_pages}/{report.pages} pages: {ratio:.2f} "
            f"(crawl process alone {main:.2f}) "
            f"[target <= {TARGETS['memory']}: {_verdict(ratio <= TARGETS['memory'])}]"
        )
    return lines
