"""What the crawler remembers between runs: which pages it already has, which pages
it dropped, and the HTTP validators of feeds and sitemaps for conditional requests.

All of it lives in the database, so memory does not grow with the archive and a
killed run leaves nothing stale behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Article, DroppedPage, Duplicate, HttpValidator, utcnow
from storage.upsert import dialect_insert

LOOKUP_CHUNK = 500


def _chunks(items: list[str], size: int = LOOKUP_CHUNK) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def known_pages(session: Session, urls: Iterable[str]) -> dict[str, dt.datetime]:
    """Canonical URLs already stored, recorded as duplicates or dropped → when seen."""
    urls = list(dict.fromkeys(urls))
    known: dict[str, dt.datetime] = {}
    for chunk in _chunks(urls):
        for model, column in (
            (Article, Article.fetched_at),
            (Duplicate, Duplicate.seen_at),
            (DroppedPage, DroppedPage.seen_at),
        ):
            for url, seen in session.execute(select(model.url, column).where(model.url.in_(chunk))):
                known[url] = max(seen, known.get(url, seen))
    return known


def record_dropped(session: Session, pages: list[tuple[str, str]], run_id: int | None = None) -> None:
    """Remember pages that are not articles (url, reason) so later runs skip them."""
    rows = {url: {"url": url, "reason": reason[:40], "run_id": run_id, "seen_at": utcnow()} for url, reason in pages}
    if not rows:
        return
    statement = dialect_insert(session, DroppedPage)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["url"],
            set_={"reason": statement.excluded.reason, "seen_at": statement.excluded.seen_at},
        ),
        list(rows.values()),
    )


def load_validators(session: Session) -> dict[str, tuple[str | None, str | None]]:
    """url → (ETag, Last-Modified) of every feed and sitemap seen by a completed run."""
    return {
        url: (etag, modified)
        for url, etag, modified in session.execute(
            select(HttpValidator.url, HttpValidator.etag, HttpValidator.last_modified)
        )
    }


def save_validators(session: Session, validators: dict[str, tuple[str | None, str | None]]) -> None:
    """Store the validators of a completed run (only then: a killed run must re-read)."""
    if not validators:
        return
    statement = dialect_insert(session, HttpValidator)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["url"],
            set_={
                "etag": statement.excluded.etag,
                "last_modified": statement.excluded.last_modified,
                "updated_at": statement.excluded.updated_at,
            },
        ),
        [
            {"url": url, "etag": etag, "last_modified": modified, "updated_at": utcnow()}
            for url, (etag, modified) in validators.items()
        ],
    )
