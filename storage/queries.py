"""Read-side queries. Each takes the caller's session and returns plain dicts in the
shapes of INTERFACE.md."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session

from crawler.extract.model import Fact as ExtractedFact
from storage.compare import DATED, Claim, judge
from storage.models import Article, CrawlRun, Duplicate, Fact, Mention, Series, SeriesAlias
from storage.titles import title_key
from storage.writer import CERTAINTY_RANK

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
    query = _fact_query()
    if filters.series:
        query = query.where(Fact.series_id.in_({m.series_id for m in find_series(session, filters.series)}))
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
    return _with_sources(session, session.execute(query).all())


def iter_facts(session: Session, batch_size: int = 500) -> Iterator[dict]:
    """Every fact with its sources, in creation order, loaded a batch at a time so an
    export of any size runs in bounded memory."""
    last_id = 0
    while True:
        rows = session.execute(_fact_query().where(Fact.id > last_id).order_by(Fact.id).limit(batch_size)).all()
        if not rows:
            return
        yield from _with_sources(session, rows)
        last_id = rows[-1][0].id


def _fact_query() -> Select:
    return select(Fact, Series.title).join(Series, Fact.series_id == Series.id)


def _with_sources(session: Session, rows: Sequence) -> list[dict]:
    by_fact: dict[int, list[Row]] = {}
    for mention in _mentions(session, [fact.id for fact, _ in rows]):
        by_fact.setdefault(mention.fact_id, []).append(mention)
    facts = []
    for fact, title in rows:
        mentions = by_fact.get(fact.id, [])
        item = _fact_dict(fact, title, [_source(m) for m in mentions])
        if conflicts := _conflicts(mentions):
            item["conflicts"] = conflicts
        facts.append(item)
    return facts


CONFLICTING_ATTRIBUTES = ("platform", "episodes", "release")


def _conflicts(mentions: Sequence[Row]) -> dict[str, list]:
    """The attributes on which the sources disagree, with every value given.

    The fact shows the most recent official value; the others stay visible here.
    """
    conflicts = {}
    for name in CONFLICTING_ATTRIBUTES:
        values = sorted({getattr(m, name) for m in mentions if getattr(m, name) is not None}, key=str)
        if len(values) > 1:
            conflicts[name] = values
    return conflicts


EXACT, CONTAINS, CLOSE = "exact", "contains", "close"
CLOSE_SPELLING_CUTOFF = 0.8
"""Least difflib similarity of two title keys for a close spelling ("Strager Things")."""


@dataclass(frozen=True)
class SeriesMatch:
    """A series found by a title: the alias that matched, and how well."""

    series_id: int
    title: str
    alias: str
    how: str
    score: float


def find_series(session: Session, text: str) -> list[SeriesMatch]:
    """The series known by `text`, best first, one match per series.

    Accents, case, punctuation and a leading article never matter (title keys). Series
    with that exact alias or an alias containing it come first; only when there are
    none are close spellings looked for.
    """
    key = title_key(text)
    if not key:
        return []
    rows = session.execute(
        _alias_query().where(or_(SeriesAlias.key == key, SeriesAlias.key.like(f"%{_escape_like(key)}%", escape="\\")))
    ).all()
    matches = [
        SeriesMatch(series_id, title, alias, EXACT, 1.0)
        if alias_key == key
        else SeriesMatch(series_id, title, alias, CONTAINS, len(key) / len(alias_key))
        for series_id, alias_key, alias, title in rows
    ]
    return _best_per_series(matches or _close_spellings(session, key))


def _alias_query() -> Select:
    return select(SeriesAlias.series_id, SeriesAlias.key, SeriesAlias.title, Series.title).join(
        Series, SeriesAlias.series_id == Series.id
    )


def _close_spellings(session: Session, key: str) -> list[SeriesMatch]:
    """Aliases spelled like `key`. Only keys of a length that can reach the cutoff are
    loaded: a similarity of c needs the other length within [n·c/(2−c), n·(2−c)/c]."""
    cutoff = CLOSE_SPELLING_CUTOFF
    shortest = math.ceil(len(key) * cutoff / (2 - cutoff))
    longest = math.floor(len(key) * (2 - cutoff) / cutoff)
    rows = session.execute(_alias_query().where(func.length(SeriesAlias.key).between(shortest, longest))).all()
    matcher = difflib.SequenceMatcher(b=key, autojunk=False)
    matches = []
    for series_id, alias_key, alias, title in rows:
        matcher.set_seq1(alias_key)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            score = matcher.ratio()
            if score >= cutoff:
                matches.append(SeriesMatch(series_id, title, alias, CLOSE, score))
    return matches


def _best_per_series(matches: Iterable[SeriesMatch]) -> list[SeriesMatch]:
    rank = {EXACT: 0, CONTAINS: 1, CLOSE: 2}
    best: dict[int, SeriesMatch] = {}
    for match in sorted(matches, key=lambda m: (rank[m.how], -m.score, m.title)):
        best.setdefault(match.series_id, match)
    return list(best.values())


STATUS_ORDER = {  # a season's statuses in the order they usually happen
    status: rank
    for rank, status in enumerate(
        ("in_development", "renewed", "final_season", "filming", "release_date", "released", "cancelled")
    )
}


def series_timeline(session: Session, series_id: int) -> dict:
    """One series season by season: each season's facts (with their sources) in the
    order they were first reported; facts without a season come last. A release date
    that changed shows as one entry per announced date, so the change is visible."""
    title = session.scalar(select(Series.title).where(Series.id == series_id))
    aliases = session.scalars(
        select(SeriesAlias.title).where(SeriesAlias.series_id == series_id).order_by(SeriesAlias.id)
    ).all()
    rows = session.execute(_fact_query().where(Fact.series_id == series_id)).all()
    mentions: dict[int, list[Row]] = {}
    for mention in _mentions(session, [fact.id for fact, _ in rows]):
        mentions.setdefault(mention.fact_id, []).append(mention)
    events = [event for fact, name in rows for event in _events(fact, name, mentions.get(fact.id, []))]
    seasons: dict[int | None, list[dict]] = {}
    for event in sorted(events, key=_timeline_order):
        seasons.setdefault(event["season"], []).append(event)
    return {
        "series": title,
        "aliases": [alias for alias in dict.fromkeys(aliases) if alias != title],
        "seasons": [{"season": season, "facts": facts} for season, facts in seasons.items()],
    }


def _events(fact: Fact, title: str, mentions: list[Row]) -> list[dict]:
    """The fact as timeline entries: one, or one per release date its sources gave."""
    groups: dict[str | None, list[Row]] = {}
    for mention in mentions:
        release = mention.release if fact.status in DATED and mention.release else fact.release
        groups.setdefault(release, []).append(mention)
    if len(groups) <= 1:
        return [_fact_dict(fact, title, [_source(m) for m in mentions])]
    events = []
    for release, group in groups.items():
        dates = [m.published for m in group if m.published]
        event = _fact_dict(fact, title, [_source(m) for m in group])
        event.update(
            release=release,
            first_reported=min(dates, default=None),
            last_reported=max(dates, default=None),
            certainty=max((m.certainty for m in group), key=lambda c: CERTAINTY_RANK.get(c, 0)),
        )
        events.append(event)
    return events


def _timeline_order(fact: dict) -> tuple:
    season = fact["season"]
    return (season is None, season or 0, fact["first_reported"] or "9999", STATUS_ORDER.get(fact["status"], 99))


def fact_sources(session: Session, fact_ids: Sequence[int]) -> dict[int, list[dict]]:
    """The supporting articles of each fact, oldest report first."""
    sources: dict[int, list[dict]] = {}
    for mention in _mentions(session, fact_ids):
        sources.setdefault(mention.fact_id, []).append(_source(mention))
    return sources


def _mentions(session: Session, fact_ids: Sequence[int]) -> Sequence[Row]:
    """The mentions of these facts with their article's URL, oldest report first."""
    if not fact_ids:
        return []
    return session.execute(
        select(
            Mention.fact_id,
            Article.url,
            Mention.published,
            Mention.evidence,
            Mention.certainty,
            Mention.platform,
            Mention.episodes,
            Mention.release,
        )
        .join(Article, Mention.article_id == Article.id)
        .where(Mention.fact_id.in_(list(fact_ids)))
        .order_by(Mention.published.nulls_last(), Mention.id)
    ).all()


def _source(mention: Row) -> dict:
    return {"url": mention.url, "published": mention.published, "evidence": mention.evidence}


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


def compare_facts(session: Session, facts: Sequence[ExtractedFact], as_of: str, own_url: str | None) -> list[dict]:
    """Each fact of one document with its verdict against other sources (see
    storage.compare), the claims that decide it as `sources` and their facts as `db`.
    `own_url` is the document's stored URL: its own mentions are no evidence."""
    claims_by_series: dict[int | None, list[Claim]] = {}
    results = []
    for fact in facts:
        series_id = _known_series(session, fact)
        if series_id not in claims_by_series:
            claims_by_series[series_id] = _claims(session, series_id, own_url)
        verdict = judge(fact, as_of, claims_by_series[series_id])
        results.append(
            {
                **fact.to_dict(),
                "verdict": verdict.verdict,
                "sources": [{"url": c.url, "published": c.published, "evidence": c.evidence} for c in verdict.claims],
                "db": _deciding_facts(session, verdict.claims),
            }
        )
    return results


def _known_series(session: Session, fact: ExtractedFact) -> int | None:
    """The series of any of the fact's titles, by exact title key: a verdict must not
    rest on a guessed spelling."""
    keys = [key for key in (title_key(t) for t in (fact.series, *fact.aliases)) if key]
    if not keys:
        return None
    found = dict(session.execute(select(SeriesAlias.key, SeriesAlias.series_id).where(SeriesAlias.key.in_(keys))).all())
    return next((found[key] for key in keys if key in found), None)


def _claims(session: Session, series_id: int | None, own_url: str | None) -> list[Claim]:
    if series_id is None:
        return []
    query = (
        select(
            Fact.id,
            Fact.season,
            Fact.status,
            Mention.platform,
            Mention.release,
            Mention.published,
            Article.url,
            Mention.evidence,
        )
        .join(Mention, Mention.fact_id == Fact.id)
        .join(Article, Mention.article_id == Article.id)
        .where(Fact.series_id == series_id)
        .order_by(Mention.published.nulls_last(), Mention.id)
    )
    if own_url:
        query = query.where(Article.url != own_url)
    return [Claim(*row) for row in session.execute(query).all()]


def _deciding_facts(session: Session, claims: Sequence[Claim]) -> list[dict]:
    """The stored facts behind the claims, each with the evidence of its first claim."""
    evidence: dict[int, str] = {}
    for claim in claims:
        evidence.setdefault(claim.fact_id, claim.evidence)
    if not evidence:
        return []
    rows = session.execute(_fact_query().where(Fact.id.in_(evidence)).order_by(Fact.first_reported, Fact.id)).all()
    facts = []
    for fact, title in rows:
        row = _fact_dict(fact, title, [])
        del row["sources"]
        row["evidence"] = evidence[fact.id]
        facts.append(row)
    return facts
