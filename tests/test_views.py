"""The SQL views, the README's queries and the Datasette metadata, on SQLite and
PostgreSQL; reading the SQLite file while a crawl writes."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from crawler.extract.model import Fact
from storage.datasette import METADATA_PATH
from storage.db import alembic_config, open_database
from storage.queries import list_facts
from storage.writer import ArticleRecord, store_articles
from tests.fixtures_query import story

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
METADATA = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
CANNED = METADATA["databases"]["renewals"]["queries"]
FACTS_VIEW_COLUMNS = [
    "fact_id",
    "series_id",
    "series",
    "platform",
    "season",
    "status",
    "certainty",
    "episodes",
    "release",
    "first_reported",
    "last_reported",
    "source_count",
]
MENTIONS_VIEW_COLUMNS = [
    "mention_id",
    "fact_id",
    "series",
    "series_as_written",
    "season",
    "status",
    "certainty",
    "platform",
    "episodes",
    "release",
    "published",
    "url",
    "article_title",
    "site",
    "lang",
    "evidence",
]
POSTGRES_SPELLINGS = {  # as the README tells PostgreSQL users to write them
    "date('now', '-30 days')": "to_char(current_date - 30, 'YYYY-MM-DD')",
    "date('now')": "to_char(current_date, 'YYYY-MM-DD')",
}


def readme_queries() -> dict[str, str]:
    section = README.split("## Querying with SQL and Datasette", 1)[1].split("\n## ", 1)[0]
    return {title: sql for title, sql in re.findall(r"```sql\n-- ([^\n]+)\n(.+?);\n```", section, re.DOTALL)}


def recent_news() -> list[ArticleRecord]:
    """Facts dated relative to today, for the queries about 'the last 30 days' and 'upcoming'."""
    today = dt.date.today()
    recent = (today - dt.timedelta(days=5)).isoformat()
    future = (today + dt.timedelta(days=60)).isoformat()
    facts = [
        Fact("Midnight Ferry", "renewed", 2, platform="Netflix", evidence="Netflix renews Midnight Ferry."),
        Fact("Midnight Ferry", "release_date", 2, platform="Netflix", release=future, evidence="Due soon."),
        Fact("Polar Night", "release_date", 1, platform="Max", release=str(today.year), evidence="This year."),
    ]
    text_ = "Netflix renews Midnight Ferry for a second season, out soon; Polar Night arrives on Max this year."
    return [ArticleRecord(url="https://recent.example/news", text=text_, facts=facts, published=recent)]


@pytest.fixture
def engine(database_url):
    engine = open_database(database_url)
    story.build(engine)
    with Session(engine) as session, session.begin():
        store_articles(session, recent_news())
    yield engine
    engine.dispose()


def rows(engine, sql: str) -> list[dict]:
    if engine.dialect.name == "postgresql":
        for sqlite_spelling, postgres_spelling in POSTGRES_SPELLINGS.items():
            sql = sql.replace(sqlite_spelling, postgres_spelling)
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(text(sql))]


def test_views_have_their_documented_columns(engine):
    inspector = inspect(engine)
    assert {"facts_view", "mentions_view"} <= set(inspector.get_view_names())
    assert [c["name"] for c in inspector.get_columns("facts_view")] == FACTS_VIEW_COLUMNS
    assert [c["name"] for c in inspector.get_columns("mentions_view")] == MENTIONS_VIEW_COLUMNS
    for column in FACTS_VIEW_COLUMNS + MENTIONS_VIEW_COLUMNS:
        assert f"`{column}`" in README, column


def summary(fact: dict, sources: int) -> tuple:
    keys = ("series", "status", "platform", "release", "first_reported", "last_reported")
    return (fact["season"] or 0, sources, *(fact[k] for k in keys))


def test_views_agree_with_the_query_functions(engine):
    with Session(engine) as session:
        facts = list_facts(session)
    view = rows(engine, "SELECT * FROM facts_view")
    assert sorted(summary(f, len(f["sources"])) for f in facts) == sorted(summary(v, v["source_count"]) for v in view)
    mentions = rows(engine, "SELECT * FROM mentions_view WHERE series = 'Toujours là pour toi' ORDER BY published")
    assert [(m["series_as_written"], m["status"], m["published"]) for m in mentions] == [
        ("Toujours là pour toi", "renewed", "2025-01-10"),
        ("Firefly Lane", "renewed", "2025-01-12"),
        ("Firefly Lane", "cancelled", "2025-06-12"),
        ("Toujours là pour toi", "cancelled", "2025-06-13"),
    ]
    assert mentions[0]["url"] == story.FR + "toujours-la-renouvelee"
    assert mentions[0]["evidence"].startswith("Netflix a renouvelé")


def test_readme_queries_are_the_canned_queries():
    assert readme_queries() == {q["title"]: q["sql"] for q in CANNED.values()}
    assert len(CANNED) == 5
    for spelling in (*POSTGRES_SPELLINGS, *POSTGRES_SPELLINGS.values()):
        assert f"`{spelling}`" in README


def test_readme_queries_answer_their_question(engine):
    queries = {name: rows(engine, q["sql"]) for name, q in CANNED.items()}
    assert [(r["series"], r["season"]) for r in queries["netflix_renewed_last_30_days"]] == [("Midnight Ferry", 2)]
    assert [(r["series"], r["platform"], r["cancelled_on"]) for r in queries["cancelled_after_one_season"]] == [
        ("Copper Valley", "Hulu", "2025-05-02")
    ]
    single = {(r["series"], r["status"]) for r in queries["single_source_facts"]}
    assert ("Copper Valley", "cancelled") in single and ("Le Lac noir", "in_development") in single
    assert ("Toujours là pour toi", "renewed") not in single
    assert [
        (r["series"], r["season"], r["renewed_on"], r["cancelled_on"]) for r in queries["renewed_then_cancelled"]
    ] == [("Toujours là pour toi", 3, "2025-01-10", "2025-06-12")]
    assert [r["series"] for r in queries["upcoming_releases"]] == ["Polar Night", "Midnight Ferry"]


def test_downgrade_drops_the_views_and_upgrade_restores_them(database_url):
    from alembic import command

    engine = open_database(database_url)
    try:
        command.downgrade(alembic_config(engine), "0001")
        assert not {"facts_view", "mentions_view"} & set(inspect(engine).get_view_names())
        command.upgrade(alembic_config(engine), "head")
        assert {"facts_view", "mentions_view"} <= set(inspect(engine).get_view_names())
    finally:
        engine.dispose()


def test_sqlite_file_is_readable_during_a_write(sqlite_url):
    """What Datasette does during a crawl: read while a write transaction is open."""
    engine = open_database(sqlite_url)
    story.build(engine)
    path = make_url(sqlite_url).database
    with engine.connect() as writer:
        writer.execute(text("BEGIN IMMEDIATE"))
        writer.execute(text("DELETE FROM mentions"))
        reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.1)
        try:
            (count,) = reader.execute("SELECT COUNT(*) FROM facts_view").fetchone()
        finally:
            reader.close()
        writer.rollback()
    engine.dispose()
    assert count == story.STORY_FACTS


def test_metadata_path_is_printed_by_the_module():
    printed = subprocess.run(
        [sys.executable, "-m", "storage.datasette"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert Path(printed) == METADATA_PATH and METADATA_PATH.is_file()
    tables = METADATA["databases"]["renewals"]["tables"]
    assert tables["facts_view"]["description"] and tables["mentions_view"]["description"]


def test_datasette_serves_the_canned_queries(sqlite_url):
    datasette_app = pytest.importorskip("datasette.app", reason="install the [datasette] extra")
    engine = open_database(sqlite_url)
    story.build(engine)
    engine.dispose()
    path = make_url(sqlite_url).database
    assert Path(path).stem == "renewals"

    async def fetch(url: str):
        datasette = datasette_app.Datasette([path], metadata=METADATA)
        response = await datasette.client.get(url)
        assert response.status_code == 200, url
        return response

    renewed = asyncio.run(fetch("/renewals/renewed_then_cancelled.json?_shape=array")).json()
    assert [r["series"] for r in renewed] == ["Toujours là pour toi"]
    page = asyncio.run(fetch("/renewals/facts_view")).text
    assert METADATA["databases"]["renewals"]["tables"]["facts_view"]["description"][:40] in page
