"""Read-side queries on SQLite and PostgreSQL: finding series by any title, timelines,
filters and the streaming export."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from storage.db import open_database
from storage.queries import CLOSE, CONTAINS, EXACT, FactFilter, find_series, iter_facts, list_facts, series_timeline
from tests.fixtures_query import story


@pytest.fixture
def session(database_url):
    engine = open_database(database_url)
    story.build(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def titles(matches):
    return [(m.title, m.how) for m in matches]


def test_any_alias_in_any_case_or_accents_finds_the_series(session):
    for text in (
        "Firefly Lane",
        "firefly lane",
        "Toujours là pour toi",
        "TOUJOURS LA POUR TOI",
        "toujours-la pour toi !",
    ):
        assert titles(find_series(session, text)) == [("Toujours là pour toi", EXACT)], text


def test_close_spellings_find_the_series(session):
    for text, title in [
        ("Firefly Lne", "Toujours là pour toi"),
        ("Fierfly Lane", "Toujours là pour toi"),
        ("Toujour la pour toa", "Toujours là pour toi"),
        ("Harbour Lights", "Harbor Lights"),
    ]:
        (match,) = find_series(session, text)
        assert (match.title, match.how) == (title, CLOSE), text
        assert match.score >= 0.8


def test_part_of_a_title_finds_every_series_containing_it(session):
    assert sorted(titles(find_series(session, "lac"))) == [
        ("Le Lac noir", CONTAINS),
        ("Les Veilleurs du lac", CONTAINS),
    ]
    assert find_series(session, "Completely Unknown Show") == []
    assert find_series(session, "«»") == []


def test_exact_alias_ranks_before_titles_containing_it(session):
    matches = find_series(session, "The Lake Watchers")
    assert titles(matches) == [("Les Veilleurs du lac", EXACT)]
    assert matches[0].alias == "The Lake Watchers"


def test_facts_filter_by_series_uses_every_alias_and_close_spellings(session):
    by_english = list_facts(session, FactFilter(series="Firefly Lane"))
    assert [(f["series"], f["status"]) for f in by_english] == [
        ("Toujours là pour toi", "cancelled"),
        ("Toujours là pour toi", "renewed"),
    ]
    assert list_facts(session, FactFilter(series="Firefly Lnae")) == by_english
    assert [f["series"] for f in list_facts(session, FactFilter(series="lac", statuses=["renewed"]))] == [
        "Les Veilleurs du lac"
    ]
    assert list_facts(session, FactFilter(series="nothing like it")) == []


def test_facts_filters_combine(session):
    facts = list_facts(session, FactFilter(platform="apple tv+", season=3, since="2025-05-01"))
    assert [(f["status"], f["release"]) for f in facts] == [("release_date", "2025-11-07")]
    facts = list_facts(session, FactFilter(statuses=["cancelled", "in_development"], until="2025-05-31"))
    assert [f["series"] for f in facts] == ["Copper Valley", "Le Lac noir"]
    assert [f["series"] for f in list_facts(session, FactFilter(certainty="reported"))] == ["Le Lac noir"]
    dates = [f["last_reported"] for f in list_facts(session)]
    assert dates == sorted(dates, reverse=True)


def test_timeline_of_a_renewed_then_cancelled_series(session):
    (match,) = find_series(session, "firefly lane")
    timeline = series_timeline(session, match.series_id)
    assert timeline["series"] == "Toujours là pour toi"
    assert timeline["aliases"] == ["Firefly Lane"]
    assert [s["season"] for s in timeline["seasons"]] == [3, None]
    (renewed,) = timeline["seasons"][0]["facts"]
    assert (renewed["status"], renewed["first_reported"], renewed["platform"]) == ("renewed", "2025-01-10", "Netflix")
    assert [(s["url"], s["published"]) for s in renewed["sources"]] == [
        (story.FR + "toujours-la-renouvelee", "2025-01-10"),
        (story.EN + "firefly-lane-renewed", "2025-01-12"),
    ]
    assert "Firefly Lane" in renewed["sources"][0]["evidence"]
    (cancelled,) = timeline["seasons"][1]["facts"]
    assert (cancelled["status"], cancelled["first_reported"], len(cancelled["sources"])) == (
        "cancelled",
        "2025-06-12",
        2,
    )


def test_timeline_shows_a_changed_release_date_as_two_entries(session):
    (match,) = find_series(session, "Les Lumières du port")
    timeline = series_timeline(session, match.series_id)
    assert timeline["series"] == "Harbor Lights"
    assert timeline["aliases"] == ["Les Lumières du port"]
    (season,) = timeline["seasons"]
    assert [(f["status"], f["release"], f["first_reported"], f["last_reported"]) for f in season["facts"]] == [
        ("renewed", None, "2024-11-02", "2024-11-02"),
        ("release_date", "2025-09-12", "2025-03-01", "2025-03-05"),
        ("release_date", "2025-11-07", "2025-06-10", "2025-06-10"),
    ]
    first_date, new_date = season["facts"][1:]
    assert [s["url"] for s in first_date["sources"]] == [
        story.SCREEN + "harbor-lights-date",
        story.FR + "lumieres-du-port-date",
    ]
    assert first_date["evidence"].startswith("Apple TV+ has set a September 12")
    assert [s["url"] for s in new_date["sources"]] == [story.EN + "harbor-lights-moved"]


def test_export_iterates_every_fact_in_batches(session):
    exported = list(iter_facts(session, batch_size=2))
    assert len(exported) == story.STORY_FACTS
    assert len({(f["series"], f["season"], f["status"]) for f in exported}) == story.STORY_FACTS
    assert sorted(exported, key=repr) == sorted(list_facts(session), key=repr)
    assert sum(len(f["sources"]) for f in exported) == 14
