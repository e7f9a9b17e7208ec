"""How the crawl's processes start: the garbage collector, and what children import.

A command loads Scrapy, Twisted and SQLAlchemy: hundreds of thousands of objects that
live as long as the process. Each full collection while they pile up walks all of
them again, a sixth of an incremental crawl's time. The collector is paused while a
command loads and resumes once its work begins, with what loading allocated frozen
out of its way (the pattern of the ``gc.freeze`` documentation). A worker freezes
what it inherited from the forkserver (the cleaning and extraction modules) likewise.

A crawl then allocates requests, responses and items by the thousand: at Python's
default threshold (700) the young generation was collected about 600 times per
thousand pages, 0.45 ms of the crawl process's CPU per page; at YOUNG_THRESHOLD it
is a tenth of that, for no measurable memory.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.machinery
import os
import signal
import sys
from collections.abc import Iterable

YOUNG_THRESHOLD = 20_000  # allocations (net of deallocations) between young collections


def pause_collector() -> None:
    """Stop automatic collection until :func:`resume_collector`."""
    gc.disable()


def resume_collector(*_args, **_kwargs) -> None:
    """Freeze what has been allocated so far and collect again from now on (a no-op
    when the collector is running; usable as a signal handler)."""
    if not gc.isenabled():
        gc.freeze()
        gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        gc.enable()


def worker_started() -> None:
    """A worker process's initializer: the modules it inherited stay out of collections."""
    gc.freeze()


def children_skip_main() -> None:
    """Child processes (the crawl's workers, the bench's renderers) need the functions
    of their package, never the parent's __main__.

    Run as a console script (`renewals`, `scrapy`), the parent's __main__ has no module
    spec, and multiprocessing then re-runs the script in every new child, importing the
    whole command line first (seconds of CPU per child; the crawl recycles its workers). A
    spec named __main__, as `python -m` gives, tells it there is nothing to re-import.
    """
    main = sys.modules.get("__main__")
    if main is not None and getattr(main, "__spec__", None) is None:
        main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)


def start_forkserver(modules: Iterable[str]) -> None:
    """Start multiprocessing's forkserver now, importing `modules` once for all the
    children it will fork, instead of when the first child is wanted: its imports (two
    seconds of CPU: trafilatura, the extractor, datasketch) then run on another core
    while the command loads its own, where they held up the crawl's first pages.
    With one core they would only slow the command down: the first child starts it then.
    The command stops it as it ends (stop_forkserver)."""
    if (os.cpu_count() or 1) < 2:
        return
    import multiprocessing
    import multiprocessing.forkserver

    children_skip_main()
    multiprocessing.get_context("forkserver").set_forkserver_preload(list(modules))
    multiprocessing.forkserver.ensure_running()


def stop_forkserver() -> None:
    """Stop the forkserver at the end of the command that started it. One still importing
    (a run that had nothing to download) would otherwise outlive the command until its
    imports are done, holding the command's stderr: cron, and anything reading the
    command's output, would wait for it. multiprocessing has no public way to stop it;
    without its process id (another Python) it is left to end by itself."""
    from multiprocessing import forkserver

    pid = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    if pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
