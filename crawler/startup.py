"""The garbage collector during start-up.

A command loads Scrapy, Twisted and SQLAlchemy: hundreds of thousands of objects that
live as long as the process. Each full collection while they pile up walks all of
them again, a sixth of an incremental crawl's time. The collector is paused while a
command loads and resumes once its work begins, with what loading allocated frozen
out of its way (the pattern of the ``gc.freeze`` documentation); a long crawl then
collects as usual, and its collections skip the frozen start-up objects.
"""

from __future__ import annotations

import gc


def pause_collector() -> None:
    """Stop automatic collection until :func:`resume_collector`."""
    gc.disable()


def resume_collector(*_args, **_kwargs) -> None:
    """Freeze what has been allocated so far and collect again from now on (a no-op
    when the collector is running; usable as a signal handler)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
