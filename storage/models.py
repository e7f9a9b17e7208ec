"""SQLAlchemy models: the schema of the renewals database.

Every uniqueness rule the deduplication relies on is a database constraint, so that
concurrent writers converge on one row through dialect upserts.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

NO_SEASON = 0
"""`facts.season_key` for a fact without a season number: NULLs never collide in a
unique constraint, so the key column holds a sentinel instead."""


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Source(Base):
    """A news outlet declared in a sources file."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    lang: Mapped[str | None] = mapped_column(String(8))


class Article(Base):
    """One stored article, unique by canonical URL and by the hash of its cleaned text."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10), index=True)
    lang: Mapped[str | None] = mapped_column(String(8))
    site: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), unique=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    fetched_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)

    mentions: Mapped[list[Mention]] = relationship(back_populates="article")


class ArticleBand(Base):
    """One LSH band of an article's MinHash signature: the near-duplicate index."""

    __tablename__ = "article_bands"
    __table_args__ = (Index("ix_article_bands_hash", "hash"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    hash: Mapped[int] = mapped_column(BigInteger)


class Duplicate(Base):
    """A page recognised as a copy of a stored article and not stored again."""

    __tablename__ = "duplicates"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    duplicate_of: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class DroppedPage(Base):
    """A fetched page that is not an article (or not on topic), so later runs skip it."""

    __tablename__ = "dropped_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    reason: Mapped[str] = mapped_column(String(40))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class HttpValidator(Base):
    """ETag and Last-Modified of a feed or sitemap, for conditional requests."""

    __tablename__ = "http_validators"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Series(Base):
    """A TV series under its canonical title; every title it is known by is an alias."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(300), unique=True)

    aliases: Mapped[list[SeriesAlias]] = relationship(back_populates="series")


class SeriesAlias(Base):
    """A normalised title pointing at its series (French, English or variant spelling)."""

    __tablename__ = "series_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    title: Mapped[str] = mapped_column(Text)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"), index=True)

    series: Mapped[Series] = relationship(back_populates="aliases")


class Fact(Base):
    """One renewal fact, unique by (series, season, status), supported by mentions."""

    __tablename__ = "facts"
    __table_args__ = (
        UniqueConstraint("series_id", "season_key", "status"),
        Index("ix_facts_status_last_reported", "status", "last_reported"),
        Index("ix_facts_platform_last_reported", "platform", "last_reported"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"))
    season: Mapped[int | None] = mapped_column(Integer)
    season_key: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    certainty: Mapped[str] = mapped_column(String(10))
    platform: Mapped[str | None] = mapped_column(String(100))
    episodes: Mapped[int | None] = mapped_column(Integer)
    release: Mapped[str | None] = mapped_column(String(10))
    first_reported: Mapped[str | None] = mapped_column(String(10))
    last_reported: Mapped[str | None] = mapped_column(String(10), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    series: Mapped[Series] = relationship()
    mentions: Mapped[list[Mention]] = relationship(back_populates="fact")


class Mention(Base):
    """One article's support for one fact, with what that article said."""

    __tablename__ = "mentions"
    __table_args__ = (UniqueConstraint("fact_id", "article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    series_title: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)
    certainty: Mapped[str] = mapped_column(String(10))
    platform: Mapped[str | None] = mapped_column(String(100))
    episodes: Mapped[int | None] = mapped_column(Integer)
    release: Mapped[str | None] = mapped_column(String(10))
    published: Mapped[str | None] = mapped_column(String(10))

    fact: Mapped[Fact] = relationship(back_populates="mentions")
    article: Mapped[Article] = relationship(back_populates="mentions")


class CrawlRun(Base):
    """One `renewals crawl` or `renewals ingest` run and how it ended."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    command: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(20), default="running")
    reason: Mapped[str | None] = mapped_column(Text)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    articles_new: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    facts_new: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[dict] = mapped_column(JSON, default=dict)
