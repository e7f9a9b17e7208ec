"""Deduplicating writes: articles, duplicates, series, facts and mentions.

Every uniqueness decision is taken by a constraint through a dialect upsert, so two
writers storing the same page converge on one row. The caller owns the session and
commits once per batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crawler.extract.model import Fact as ExtractedFact
from storage import neardup
from storage.models import (
    NO_SEASON,
    Article,
    ArticleBand,
    Duplicate,
    Fact,
    Mention,
    Series,
    SeriesAlias,
    Source,
    utcnow,
)
from storage.neardup import text_hash
from storage.titles import title_key
from storage.upsert import dialect_insert
from storage.urls import canonical_url

MAX_EVIDENCE_LENGTH = 1000


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
    signature: bytes | None = None
    # text_hash(text) and band_keys(signature), when the caller has them: the crawl's
    # workers compute them, which keeps that CPU off the crawl's writer thread
    digest: str | None = None
    bands: list[tuple[int, int]] | None = None

    @property
    def stored_url(self) -> str:
        return self.canonical or canonical_url(self.url)


@dataclass
class BatchResult:
    """What one batch added to the database."""

    articles_new: int = 0
    articles_updated: int = 0
    duplicates: int = 0
    facts_new: int = 0
    mentions_new: int = 0
    new_article_urls: list[str] = field(default_factory=list)

    def add(self, other: BatchResult) -> None:
        self.articles_new += other.articles_new
        self.articles_updated += other.articles_updated
        self.duplicates += other.duplicates
        self.facts_new += other.facts_new
        self.mentions_new += other.mentions_new
        self.new_article_urls.extend(other.new_article_urls)


@dataclass
class _Candidate:
    record: ArticleRecord
    url: str
    digest: str
    signature: bytes | None
    bands: list[tuple[int, int]]


def store_articles(session: Session, records: Iterable[ArticleRecord], run_id: int | None = None) -> BatchResult:
    """Store a batch of articles and their facts.

    A page is not stored again when its canonical URL is stored (a URL variant), its
    text is (an exact copy), or a text close to it is (a near-duplicate such as a
    syndicated copy); it is recorded as a duplicate of the stored article instead and
    adds no mention to any fact.
    """
    result = BatchResult()
    candidates: dict[str, _Candidate] = {}
    by_digest: dict[str, str] = {}
    links: list[tuple[str, str, str]] = []  # (duplicate URL, kind, original canonical URL)
    for record in records:
        url = record.stored_url
        if url in candidates:
            continue
        digest = record.digest or text_hash(record.text)
        if digest in by_digest:
            links.append((url, "exact", by_digest[digest]))
            continue
        if record.signature is not None:
            sig, bands = record.signature, record.bands
        else:
            sig, bands = neardup.signature(record.text), None
        if bands is None:
            bands = neardup.band_keys(sig) if sig else []
        candidates[url] = _Candidate(record, url, digest, sig, bands)
        by_digest[digest] = url
    if not candidates:
        return result

    near = _near_duplicates(session, list(candidates.values()))
    for url, original in near.items():
        links.append((url, "near", original))
        del candidates[url]

    source_ids = _source_ids(session, {c.record.source for c in candidates.values() if c.record.source})
    rows = [_article_row(candidates[url], source_ids, run_id) for url in sorted(candidates)]
    inserted = (
        session.execute(
            dialect_insert(session, Article).on_conflict_do_nothing().returning(Article.id, Article.url),
            rows,
        ).all()
        if rows
        else []
    )
    new_ids = {url: article_id for article_id, url in inserted}
    result.articles_new = len(new_ids)
    result.new_article_urls = list(new_ids)
    updated_ids, unsupported = _update_changed(
        session, [c for c in candidates.values() if c.url not in new_ids], run_id
    )
    result.articles_updated = len(updated_ids)
    written = {**new_ids, **updated_ids}
    _index_bands(session, [(written[c.url], c) for c in candidates.values() if c.url in written])

    for c in candidates.values():
        if c.url not in written:
            links.append((c.record.url.strip(), "stored", c.url))
    result.duplicates = _record_duplicates(session, links, by_digest)

    articles = [(written[c.url], c.record) for c in candidates.values() if c.url in written]
    result.facts_new, result.mentions_new = _store_facts(session, articles)
    refresh_facts(session, unsupported)
    return result


def _index_bands(session: Session, articles: list[tuple[int, _Candidate]]) -> None:
    rows = [
        {"article_id": article_id, "band": band, "hash": value}
        for article_id, candidate in articles
        for band, value in candidate.bands
    ]
    if rows:  # 64 rows per article: a Core executemany, without the ORM's per-row bookkeeping
        session.connection().execute(dialect_insert(session, ArticleBand.__table__).on_conflict_do_nothing(), rows)


def _update_changed(
    session: Session, conflicted: list[_Candidate], run_id: int | None
) -> tuple[dict[str, int], set[int]]:
    """Replace stored articles whose page changed (same URL, new text): their text and
    index rows are replaced and their mentions removed. Returns canonical URL → id of
    the updated articles, and the facts that lost mentions (to refresh once the new
    mentions are in: a fact left with none is removed)."""
    if not conflicted:
        return {}, set()
    stored = {
        url: (article_id, digest)
        for article_id, url, digest in session.execute(
            select(Article.id, Article.url, Article.text_hash).where(Article.url.in_([c.url for c in conflicted]))
        )
    }
    updated: dict[str, int] = {}
    for candidate in conflicted:
        article_id, digest = stored.get(candidate.url, (None, candidate.digest))
        if article_id is None or digest == candidate.digest:
            continue
        record = candidate.record
        try:
            with session.begin_nested():
                session.execute(
                    update(Article)
                    .where(Article.id == article_id)
                    .values(
                        text=record.text,
                        text_hash=candidate.digest,
                        minhash=candidate.signature,
                        title=record.title,
                        published=record.published,
                        lang=record.lang,
                        site=record.site,
                        fetched_at=utcnow(),
                        run_id=run_id,
                    )
                )
        except IntegrityError:  # the new text is stored under another URL: a copy, not an update
            continue
        updated[candidate.url] = article_id
    if not updated:
        return {}, set()
    ids = list(updated.values())
    session.execute(delete(ArticleBand).where(ArticleBand.article_id.in_(ids)))
    affected = set(session.scalars(select(Mention.fact_id).where(Mention.article_id.in_(ids))))
    session.execute(delete(Mention).where(Mention.article_id.in_(ids)))
    return updated, affected


def _article_row(candidate: _Candidate, source_ids: dict[str, int], run_id: int | None) -> dict:
    record = candidate.record
    return {
        "url": candidate.url,
        "source_id": source_ids.get(record.source),
        "title": record.title,
        "published": record.published,
        "lang": record.lang,
        "site": record.site,
        "text": record.text,
        "text_hash": candidate.digest,
        "minhash": candidate.signature,
        "run_id": run_id,
    }


def _near_duplicates(session: Session, candidates: list[_Candidate]) -> dict[str, str]:
    """Canonical URL of each candidate that nearly copies a stored article or an
    earlier candidate of the batch → the URL of what it copies."""
    # Core queries (the ORM's per-row bookkeeping is most of a lookup's cost otherwise)
    connection = session.connection()
    hashes = {value for c in candidates for _, value in c.bands}
    stored: dict[tuple[int, int], set[int]] = {}
    if hashes:
        for article_id, band, value in connection.execute(
            select(ArticleBand.article_id, ArticleBand.band, ArticleBand.hash).where(ArticleBand.hash.in_(hashes))
        ):
            stored.setdefault((band, value), set()).add(article_id)
    stored_ids = set().union(*stored.values()) if stored else set()
    signatures: dict[int, bytes] = {}
    urls: dict[int, str] = {}
    if stored_ids:
        for article_id, minhash, url in connection.execute(
            select(Article.id, Article.minhash, Article.url).where(Article.id.in_(stored_ids))
        ):
            signatures[article_id], urls[article_id] = minhash, url

    near: dict[str, str] = {}
    batch_bands: dict[tuple[int, int], list[_Candidate]] = {}
    for candidate in candidates:
        if candidate.signature is None:
            continue
        match = _best_match(
            candidate.signature,
            {
                (signatures[i], urls[i])
                for key in candidate.bands
                for i in stored.get(key, ())
                if signatures.get(i) and urls[i] != candidate.url  # a page's own older version is no copy
            },
        ) or _best_match(
            candidate.signature,
            {(other.signature, other.url) for key in candidate.bands for other in batch_bands.get(key, ())},
        )
        if match:
            near[candidate.url] = match
            continue
        for key in candidate.bands:
            batch_bands.setdefault(key, []).append(candidate)
    return near


def find_near_duplicate(session: Session, text: str, url: str = "") -> str | None:
    """The URL of a stored article that `text` nearly copies, if any."""
    sig = neardup.signature(text)
    if sig is None:
        return None
    candidate = _Candidate(ArticleRecord(url=url, text=text), url, text_hash(text), sig, neardup.band_keys(sig))
    return _near_duplicates(session, [candidate]).get(url)


def _best_match(sig: bytes, others: set[tuple[bytes, str]]) -> str | None:
    if not others:
        return None
    ordered = sorted(others, key=lambda other: other[1])  # ties go to the same URL every time
    index, score = neardup.closest(sig, [other_sig for other_sig, _ in ordered])
    return ordered[index][1] if index >= 0 and score >= neardup.NEAR_DUPLICATE_JACCARD else None


def _source_ids(session: Session, names: set[str]) -> dict[str, int]:
    if not names:
        return {}
    session.execute(dialect_insert(session, Source).on_conflict_do_nothing(), [{"name": n} for n in sorted(names)])
    return dict(session.execute(select(Source.name, Source.id).where(Source.name.in_(names))).all())


def _record_duplicates(session: Session, links: list[tuple[str, str, str]], digests: dict[str, str]) -> int:
    """Record pages that were not stored; returns how many duplicates are new.

    Each link is (URL, kind, canonical URL of the original). A page that conflicted on
    insert ("stored") is a URL variant when its canonical URL is stored (a re-fetch of
    the stored URL itself is no duplicate), else an exact copy of the stored text.
    """
    if not links:
        return 0
    originals = {original for _, _, original in links}
    by_url = dict(session.execute(select(Article.url, Article.id).where(Article.url.in_(originals))).all())
    wanted_digests = {digest for digest, url in digests.items() if url in originals}
    by_text = (
        dict(session.execute(select(Article.text_hash, Article.id).where(Article.text_hash.in_(wanted_digests))).all())
        if wanted_digests
        else {}
    )
    url_digest = {url: digest for digest, url in digests.items()}
    rows: dict[str, dict] = {}
    for url, kind, original in links:
        if kind == "stored":
            if original in by_url:
                if url != original:
                    rows.setdefault(url, {"url": url, "duplicate_of": by_url[original], "kind": "url"})
                continue
            article_id, kind, url = by_text.get(url_digest.get(original)), "exact", original
        else:
            article_id = by_url.get(original) or by_text.get(url_digest.get(original))
        if article_id is not None:
            rows.setdefault(url, {"url": url, "duplicate_of": article_id, "kind": kind})
    if not rows:
        return 0
    inserted = session.execute(
        dialect_insert(session, Duplicate).on_conflict_do_nothing().returning(Duplicate.id),
        sorted(rows.values(), key=lambda row: row["url"]),
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
    # Core inserts: the ORM's bulk insert splits rows by which values are None, down to
    # one statement per row
    fact_table, mention_table = Fact.__table__, Mention.__table__
    inserted = session.execute(
        dialect_insert(session, fact_table)
        .on_conflict_do_nothing(index_elements=["series_id", "season_key", "status"])
        .returning(fact_table.c.id),
        [fact_rows[key] for key in sorted(fact_rows)],
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
        dialect_insert(session, mention_table).on_conflict_do_nothing().returning(mention_table.c.fact_id),
        [mention_rows[key] for key in sorted(mention_rows)],
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

    Titles given together (a fact's title and its aliases, e.g. French and English)
    belong to one series. When they turn out to be on two series already, because
    another writer created one concurrently or an article links them for the first
    time, the series are merged into the older one.
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
        if keys:
            groups.append(keys)
    components = _linked(groups)
    known = _alias_map(session, set(titles))

    new_series = {
        keys[0]: {"title": titles[keys[0]], "key": keys[0]} for keys in components if not known.keys() & set(keys)
    }
    created = {}
    if new_series:
        session.execute(
            dialect_insert(session, Series).on_conflict_do_nothing(), [new_series[k] for k in sorted(new_series)]
        )
        created = dict(session.execute(select(Series.key, Series.id).where(Series.key.in_(new_series))).all())

    alias_rows = {}
    for keys in components:
        ids = [known[k] for k in keys if k in known]
        series_id = min(ids) if ids else created[keys[0]]
        for key in keys:
            if key not in known:
                alias_rows[key] = {"key": key, "title": titles[key], "series_id": series_id}
    if alias_rows:
        session.execute(
            dialect_insert(session, SeriesAlias).on_conflict_do_nothing(), [alias_rows[k] for k in sorted(alias_rows)]
        )
    mapping = _alias_map(session, set(titles))
    for keys in components:
        ids = {mapping[k] for k in keys}
        if len(ids) > 1:
            winner = min(ids)
            _merge_series(session, winner, ids - {winner})
            mapping.update({k: winner for k, v in mapping.items() if v in ids})
    return mapping


def _linked(groups: list[list[str]]) -> list[list[str]]:
    """Groups of keys merged when they share a key, keys in order of appearance."""
    components: list[list[str]] = []
    for group in groups:
        overlapping = [c for c in components if set(c) & set(group)]
        merged = [key for c in overlapping for key in c]
        merged += [key for key in group if key not in merged]
        components = [c for c in components if c not in overlapping] + [merged]
    return components


def _merge_series(session: Session, winner: int, losers: set[int]) -> None:
    """Move the facts, mentions and aliases of `losers` onto `winner`."""
    touched: set[int] = set()
    for loser in sorted(losers):
        for fact_id, season_key, status in session.execute(
            select(Fact.id, Fact.season_key, Fact.status).where(Fact.series_id == loser)
        ).all():
            target = session.scalar(
                select(Fact.id).where(Fact.series_id == winner, Fact.season_key == season_key, Fact.status == status)
            )
            if target is None:
                session.execute(update(Fact).where(Fact.id == fact_id).values(series_id=winner))
                continue
            supported = select(Mention.article_id).where(Mention.fact_id == target)
            session.execute(
                update(Mention)
                .where(Mention.fact_id == fact_id, Mention.article_id.not_in(supported))
                .values(fact_id=target)
            )
            session.execute(delete(Mention).where(Mention.fact_id == fact_id))
            session.execute(delete(Fact).where(Fact.id == fact_id))
            touched.add(target)
        session.execute(update(SeriesAlias).where(SeriesAlias.series_id == loser).values(series_id=winner))
        session.execute(delete(Series).where(Series.id == loser))
    refresh_facts(session, touched)


def _alias_map(session: Session, keys: set[str]) -> dict[str, int]:
    if not keys:
        return {}
    return dict(session.execute(select(SeriesAlias.key, SeriesAlias.series_id).where(SeriesAlias.key.in_(keys))).all())


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
    orphans = set(fact_ids) - set(by_fact)
    if orphans:
        session.execute(delete(Fact).where(Fact.id.in_(orphans)))
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
    if updates:
        session.execute(update(Fact), updates)
