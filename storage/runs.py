"""Crawl runs: each run is a row, so its outcome is read from the database rather
than from a process exit code."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import CrawlRun, utcnow

RUNNING = "running"
COMPLETED = "completed"
FAILED = "failed"
INTERRUPTED = "interrupted"
OUTCOMES = (COMPLETED, FAILED, INTERRUPTED)


def start_run(session: Session, command: str) -> int:
    """Record a run as started and return its id."""
    run = CrawlRun(command=command, outcome=RUNNING, errors={})
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session,
    run_id: int,
    outcome: str,
    *,
    reason: str | None = None,
    pages: int = 0,
    articles_new: int = 0,
    duplicates: int = 0,
    facts_new: int = 0,
    errors: dict[str, int] | None = None,
) -> None:
    """Record how a run ended."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown run outcome {outcome!r}")
    session.execute(
        update(CrawlRun)
        .where(CrawlRun.id == run_id)
        .values(
            finished_at=utcnow(),
            outcome=outcome,
            reason=reason,
            pages=pages,
            articles_new=articles_new,
            duplicates=duplicates,
            facts_new=facts_new,
            errors=errors or {},
        )
    )


def close_abandoned_runs(session: Session, command: str) -> int:
    """Mark runs left `running` by a killed process as interrupted.

    Call only while holding the crawl lock: then no other run of `command` is alive.
    """
    result = session.execute(
        update(CrawlRun)
        .where(CrawlRun.outcome == RUNNING, CrawlRun.command == command)
        .values(outcome=INTERRUPTED, finished_at=utcnow(), reason="process ended without recording an outcome")
    )
    return result.rowcount or 0


def recent_runs(session: Session, limit: int = 10) -> list[CrawlRun]:
    return list(session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)))
