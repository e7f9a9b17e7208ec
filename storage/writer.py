"""Deduplicating writes: articles, duplicates, series, facts and mentions.

Every uniqueness decision is taken by a constraint through a dialect upsert, so two
writers storing the same page converge on one row. The caller owns the session and
commits once per batch.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crawler.extract.model import Fact as ExtractedFact
from storage.models import (
    NO_SEASON,
    Article,
    Duplicate,
    Fact,
    Mention,
    Series,
    SeriesAlias,
    Source,
)
from storage.titles import title_key
from storage.urls import canonical_url

MAX_EVIDENCE_LENGTH = 1000
_WHITESPACE = re.compile(r"\s+")


@dataclass
class ArticleRecord:
    """A cleaned page or document, ready to store, with the facts extracted from it."""

    url: str
    text: str
    facts: Sequence[ExtractedFact] = ()
    title: str | None = None
    published: str | None = None
    lang: str | None = None
    site: str | None = None
    source: str | None = None
    canonical: str | None = None

    @property
    def stored_url(self) -> str:
        return self.canonical or canonical_url(self.url)


@dataclass
class BatchResult:
    """What one batch added to the database."""

    articles_new: int = 0
    duplicates: int = 0
    facts_new: int = 0
    mentions_new: int = 0
    new_article_urls: list[str] = field(default_factory=list)

    def add(self, other: BatchResult) -> None:
        self.articles_new += other.articles_new
        self.duplicates += other.duplicates
        self.facts_new += other.facts_new
        self.mentions_new += other.mentions_new
        self.new_article_urls.extend(other.new_article_urls)


def text_hash(text: str) -> str:
    """The hash of a text with its whitespace folded: equal for exact copies."""
    folded = _WHITESPACE.sub(" ", text).strip().lower()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _insert(session: Session, model):
    """The dialect's INSERT, which has ``on_conflict_do_nothing/update``."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise NotImplementedError(f"unsupported database dialect: {dialect}")


def store_articles(
    session: Session, records: Iterable[ArticleRecord], run_id: int | None = None
) -> BatchResult:
    """Store a batch of articles and their facts; pages already stored become duplicates."""
    result = BatchResult()
    unique_records: dict[str, ArticleRecord] = {}
    in_batch_copies: list[tuple[ArticleRecord, str]] = []
    seen_hashes: dict[str, str] = {}
    for record in records:
        url = record.stored_url
        digest = text_hash(record.text)
        if url in unique_records:
            continue
        if digest in seen_hashes:
            in_batch_copies.append((record, digest))
            continue
        unique_records[url] = record
        seen_hashes[digest] = url
    if not unique_records:
        return result

    source_ids = _source_ids(session, {r.source for r in unique_records.values() if r.source})
    rows = [
        {
            "url": url,
            "source_id": source_ids.get(record.source),
            "title": record.title,
            "published": record.published,
            "lang": record.lang,
            "site": record.site,
            "text": record.text,
            "text_hash": digest,
            "run_id": run_id,
        }
        for digest, url in seen_hashes.items()
        for record in [unique_records[url]]
    ]
    inserted = session.execute(
        _insert(session, Article).on_conflict_do_nothing().returning(Article.id, Article.url),
        rows,
    ).all()
    new_ids = {url: article_id for article_id, url in inserted}
    result.articles_new = len(new_ids)
    result.new_article_urls = list(new_ids)

    copies = [
        (unique_records[row["url"]].url, row["url"], row["text_hash"])
        for row in rows
        if row["url"] not in new_ids
    ]
    copies += [(record.url, record.stored_url, digest) for record, digest in in_batch_copies]
    result.duplicates = _record_duplicates(session, copies)

    new_records = [(new_ids[url], record) for url, record in unique_records.items() if url in new_ids]
    facts_new, mentions_new = _store_facts(session, new_records)
    result.facts_new = facts_new
    result.mentions_new = mentions_new
    return result


def _source_ids(session: Session, names: set[str]) -> dict[str, int]:
    if not names:
        return {}
    session.execute(
        _insert(session, Source).on_conflict_do_nothing(), [{"name": n} for n in sorted(names)]
    )
    return dict(session.execute(select(Source.name, Source.id).where(Source.name.in_(names))).all())


def _record_duplicates(session: Session, copies: list[tuple[str, str, str]]) -> int:
    """Record pages not stored because their article is: returns how many are new.

    Each copy is (fetched URL, canonical URL, text hash). A page whose canonical URL is
    stored is a URL variant (recorded under its fetched URL; a re-fetch of the stored
    URL itself is no duplicate); otherwise its text is stored under another URL.
    """
    if not copies:
        return 0
    by_url = dict(
        session.execute(
            select(Article.url, Article.id).where(Article.url.in_({c[1] for c in copies}))
        ).all()
    )
    by_text = dict(
        session.execute(
            select(Article.text_hash, Article.id).where(Article.text_hash.in_({c[2] for c in copies}))
        ).all()
    )
    rows: dict[str, dict] = {}
    for fetched, url, digest in copies:
        if url in by_url:
            variant = fetched.strip()
            if variant != url:
                rows.setdefault(variant, {"url": variant, "duplicate_of": by_url[url], "kind": "url"})
        elif digest in by_text:
            rows.setdefault(url, {"url": url, "duplicate_of": by_text[digest], "kind": "exact"})
    if not rows:
        return 0
    inserted = session.execute(
        _insert(session, Duplicate).on_conflict_do_nothing().returning(Duplicate.id),
        list(rows.values()),
    ).all()
    return len(inserted)


def _store_facts(session: Session, articles: list[tuple[int, ArticleRecord]]) -> tuple[int, int]:
    """Upsert the facts of newly stored articles and one mention per (fact, article)."""
    pairs = [(article_id, record, fact) for article_id, record in articles for fact in record.facts]
    if not pairs:
        return 0, 0
    series_ids = _series_ids(session, [fact for _, _, fact in pairs])

    fact_rows: dict[tuple[int, int, str], dict] = {}
    for _, record, fact in pairs:
        key = (series_ids[title_key(fact.series)], _season_key(fact.season), fact.status)
        fact_rows.setdefault(
            key,
            {
                "series_id": key[0],
                "season": fact.season,
                "season_key": key[1],
                "status": fact.status,
                "certainty": fact.certainty,
                "platform": fact.platform,
                "episodes": fact.episodes,
                "release": fact.release,
                "first_reported": record.published,
                "last_reported": record.published,
            },
        )
    inserted = session.execute(
        _insert(session, Fact)
        .on_conflict_do_nothing(index_elements=["series_id", "season_key", "status"])
        .returning(Fact.id),
        list(fact_rows.values()),
    ).all()
    fact_ids = _fact_ids(session, fact_rows.keys())

    mention_rows: dict[tuple[int, int], dict] = {}
    for article_id, record, fact in pairs:
        key = (series_ids[title_key(fact.series)], _season_key(fact.season), fact.status)
        mention_rows.setdefault(
            (fact_ids[key], article_id),
            {
                "fact_id": fact_ids[key],
                "article_id": article_id,
                "series_title": fact.series,
                "evidence": fact.evidence[:MAX_EVIDENCE_LENGTH],
                "certainty": fact.certainty,
                "platform": fact.platform,
                "episodes": fact.episodes,
                "release": fact.release,
                "published": record.published,
            },
        )
    mentions = session.execute(
        _insert(session, Mention).on_conflict_do_nothing().returning(Mention.fact_id),
        list(mention_rows.values()),
    ).all()
    refresh_facts(session, {fact_id for (fact_id,) in mentions})
    return len(inserted), len(mentions)


def _season_key(season: int | None) -> int:
    return NO_SEASON if season is None else season


def _fact_ids(session: Session, keys: Iterable[tuple[int, int, str]]) -> dict[tuple[int, int, str], int]:
    keys = list(keys)
    series = {k[0] for k in keys}
    rows = session.execute(
        select(Fact.series_id, Fact.season_key, Fact.status, Fact.id).where(Fact.series_id.in_(series))
    ).all()
    wanted = set(keys)
    return {(s, k, st): i for s, k, st, i in rows if (s, k, st) in wanted}


def _series_ids(session: Session, facts: list[ExtractedFact]) -> dict[str, int]:
    """Map every title key of these facts to a series, creating series and aliases.

    A fact's aliases join the series of the first of its titles already known, so a
    French title and its English title end on one series.
    """
    titles: dict[str, str] = {}
    groups: list[list[str]] = []
    for fact in facts:
        keys = []
        for title in (fact.series, *fact.aliases):
            key = title_key(title)
            if key and key not in keys:
                keys.append(key)
                titles.setdefault(key, title)
        groups.append(keys)
    all_keys = set(titles)
    known = _alias_map(session, all_keys)

    new_series = {}
    for keys in groups:
        if keys and not any(k in known for k in keys):
            new_series.setdefault(keys[0], {"title": titles[keys[0]], "key": keys[0]})
    if new_series:
        session.execute(_insert(session, Series).on_conflict_do_nothing(), list(new_series.values()))
        created = dict(
            session.execute(select(Series.key, Series.id).where(Series.key.in_(new_series))).all()
        )
    else:
        created = {}

    alias_rows = {}
    for keys in groups:
        if not keys:
            continue
        series_id = next((known[k] for k in keys if k in known), None) or created[keys[0]]
        for key in keys:
            if key not in known:
                alias_rows.setdefault(key, {"key": key, "title": titles[key], "series_id": series_id})
    if alias_rows:
        session.execute(_insert(session, SeriesAlias).on_conflict_do_nothing(), list(alias_rows.values()))
    return _alias_map(session, all_keys)


def _alias_map(session: Session, keys: set[str]) -> dict[str, int]:
    if not keys:
        return {}
    return dict(
        session.execute(
            select(SeriesAlias.key, SeriesAlias.series_id).where(SeriesAlias.key.in_(keys))
        ).all()
    )


CERTAINTY_RANK = {"reported": 0, "official": 1}


def refresh_facts(session: Session, fact_ids: set[int]) -> None:
    """Recompute each fact's summary from its mentions.

    Report dates span the mentions; certainty is `official` once any mention is;
    platform, episodes and release come from the most recent official mention that
    states them (else the most recent mention). Recomputing from the mentions keeps the
    result independent of arrival order and of concurrent writers.
    """
    if not fact_ids:
        return
    rows = session.execute(
        select(
            Mention.fact_id,
            Mention.published,
            Mention.certainty,
            Mention.platform,
            Mention.episodes,
            Mention.release,
            Mention.id,
        ).where(Mention.fact_id.in_(fact_ids))
    ).all()
    by_fact: dict[int, list] = {}
    for row in rows:
        by_fact.setdefault(row.fact_id, []).append(row)
    updates = []
    for fact_id, mentions in by_fact.items():
        dates = [m.published for m in mentions if m.published]
        ranked = sorted(
            mentions,
            key=lambda m: (CERTAINTY_RANK.get(m.certainty, 0), m.published or "", m.id),
            reverse=True,
        )
        updates.append(
            {
                "id": fact_id,
                "first_reported": min(dates) if dates else None,
                "last_reported": max(dates) if dates else None,
                "certainty": ranked[0].certainty,
                "platform": next((m.platform for m in ranked if m.platform), None),
                "episodes": next((m.episodes for m in ranked if m.episodes), None),
                "release": next((m.release for m in ranked if m.release), None),
            }
        )
    session.execute(update(Fact), updates)
