"""One batch, one transaction: what the crawl's writer thread and `renewals ingest`
commit together, retried when concurrent writers deadlock."""

from __future__ import annotations

import time
from collections.abc import Sequence

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from storage.crawlstate import record_dropped
from storage.writer import ArticleRecord, BatchResult, store_articles

ATTEMPTS = 4
RETRY_PAUSE = 0.05  # seconds, doubled on each attempt
RETRIABLE_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock detected


def write_batch(
    engine: Engine,
    records: Sequence[ArticleRecord],
    run_id: int | None = None,
    dropped: Sequence[tuple[str, str]] = (),
) -> BatchResult:
    """Store articles and remember dropped pages in one transaction.

    A transaction that lost a deadlock or serialization race against another writer
    is rolled back whole and replayed; the upserts make the replay converge.
    """
    for attempt in range(ATTEMPTS):
        try:
            with Session(engine) as session, session.begin():
                record_dropped(session, list(dropped), run_id)
                return store_articles(session, records, run_id)
        except OperationalError as error:
            if attempt == ATTEMPTS - 1 or not _retriable(error):
                raise
            time.sleep(RETRY_PAUSE * 2**attempt)
    raise AssertionError("unreachable")


def _retriable(error: OperationalError) -> bool:
    sqlstate = getattr(error.orig, "sqlstate", None)
    return sqlstate in RETRIABLE_SQLSTATES or "database is locked" in str(error.orig)
