"""Read-side queries. Each takes the caller's session and returns plain dicts in the
shapes of INTERFACE.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from storage.models import Article, CrawlRun, Duplicate, Fact, Mention, Series, SeriesAlias
from storage.titles import title_key

FACT_COLUMNS = ("series", "platform", "season", "status", "certainty", "episodes", "release", "evidence")


@dataclass
class FactFilter:
    """Filters of `renewals facts`; None means no filter."""

    series: str | None = None
    platform: str | None = None
    statuses: Sequence[str] = ()
    certainty: str | None = None
    season: int | None = None
    since: str | None = None
    until: str | None = None
    limit: int | None = None


def list_facts(session: Session, filters: FactFilter | None = None) -> list[dict]:
    """Deduplicated facts, most recently reported first, each with its sources."""
    filters = filters or FactFilter()
    query = select(Fact, Series.title).join(Series, Fact.series_id == Series.id)
    if filters.series:
        key = title_key(filters.series)
        matching = select(SeriesAlias.series_id).where(
            or_(SeriesAlias.key == key, SeriesAlias.key.like(f"%{_escape_like(key)}%", escape="\\"))
        )
        query = query.where(Fact.series_id.in_(matching))
    if filters.platform:
        query = query.where(func.lower(Fact.platform) == filters.platform.lower())
    if filters.statuses:
        query = query.where(Fact.status.in_(list(filters.statuses)))
    if filters.certainty:
        query = query.where(Fact.certainty == filters.certainty)
    if filters.season is not None:
        query = query.where(Fact.season == filters.season)
    if filters.since:
        query = query.where(Fact.last_reported >= filters.since)
    if filters.until:
        query = query.where(Fact.first_reported <= filters.until)
    query = query.order_by(Fact.last_reported.desc().nulls_last(), Fact.id.desc())
    if filters.limit:
        query = query.limit(filters.limit)
    rows = session.execute(query).all()
    sources = fact_sources(session, [fact.id for fact, _ in rows])
    return [_fact_dict(fact, title, sources.get(fact.id, [])) for fact, title in rows]


def fact_sources(session: Session, fact_ids: Sequence[int]) -> dict[int, list[dict]]:
    """The supporting articles of each fact, oldest report first."""
    if not fact_ids:
        return {}
    rows = session.execute(
        select(Mention.fact_id, Article.url, Mention.published, Mention.evidence)
        .join(Article, Mention.article_id == Article.id)
        .where(Mention.fact_id.in_(list(fact_ids)))
        .order_by(Mention.published.nulls_last(), Mention.id)
    ).all()
    sources: dict[int, list[dict]] = {}
    for fact_id, url, published, evidence in rows:
        sources.setdefault(fact_id, []).append({"url": url, "published": published, "evidence": evidence})
    return sources


def _fact_dict(fact: Fact, title: str, sources: list[dict]) -> dict:
    return {
        "series": title,
        "platform": fact.platform,
        "season": fact.season,
        "status": fact.status,
        "certainty": fact.certainty,
        "episodes": fact.episodes,
        "release": fact.release,
        "evidence": sources[0]["evidence"] if sources else "",
        "first_reported": fact.first_reported,
        "last_reported": fact.last_reported,
        "sources": sources,
    }


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def database_stats(session: Session, runs: int = 10) -> dict:
    """Counts of the database and the most recent runs."""

    def count(model) -> int:
        return session.scalar(select(func.count()).select_from(model))

    recent = session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(runs)).all()
    return {
        "articles": count(Article),
        "duplicates": count(Duplicate),
        "facts": count(Fact),
        "series": count(Series),
        "mentions": count(Mention),
        "runs": [
            {
                "command": run.command,
                "started": run.started_at.isoformat(),
                "finished": run.finished_at.isoformat() if run.finished_at else None,
                "outcome": run.outcome,
                "reason": run.reason,
                "pages": run.pages,
                "articles_new": run.articles_new,
                "duplicates": run.duplicates,
                "facts_new": run.facts_new,
                "errors": run.errors or {},
            }
            for run in recent
        ],
    }
