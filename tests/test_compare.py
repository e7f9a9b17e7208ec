"""`renewals compare`: the verdict rules, verdicts against the story database in both
languages on SQLite and PostgreSQL, and end to end through documents and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session

from crawler.cli import main
from crawler.extract.model import FACT_FIELDS
from crawler.extract.model import Fact as ExtractedFact
from storage.compare import CONFIRMED, CONTRADICTED, OUTDATED, UNVERIFIED, Claim, judge
from storage.db import open_database
from storage.queries import compare_facts
from tests.fixtures_query import story

DOCUMENTS = Path(__file__).parent / "fixtures_query"


def claim(status, published, season=3, release=None, platform=None, fact_id=1):
    return Claim(fact_id, season, status, platform, release, published, f"https://x.example/{published}", "said so")


def fact(status, season=3, release=None, platform=None):
    return ExtractedFact("Show", status, season, platform=platform, release=release)


class TestRules:
    def test_same_fact_from_another_source_confirms(self):
        verdict = judge(fact("renewed"), "2025-05-01", [claim("renewed", "2025-04-01")])
        assert verdict.verdict == CONFIRMED and len(verdict.claims) == 1

    def test_a_later_stage_or_a_cancellation_makes_it_outdated(self):
        for later in ("filming", "release_date", "released", "cancelled"):
            verdict = judge(fact("renewed"), "2025-05-01", [claim("renewed", "2025-04-01"), claim(later, "2025-06-01")])
            assert verdict.verdict == OUTDATED, later
            assert [c.status for c in verdict.claims] == [later]

    def test_an_earlier_stage_reported_later_does_not(self):
        verdict = judge(fact("filming"), "2025-05-01", [claim("renewed", "2025-06-01")])
        assert verdict.verdict == UNVERIFIED

    def test_a_revival_outdates_a_cancellation(self):
        verdict = judge(fact("cancelled", None), "2025-05-01", [claim("renewed", "2025-06-01", season=None)])
        assert verdict.verdict == OUTDATED

    def test_a_new_release_date_outdates_the_old_one(self):
        claims = [
            claim("release_date", "2025-03-01", release="2025-09-12"),
            claim("release_date", "2025-06-10", release="2025-11-07"),
        ]
        assert judge(fact("release_date", release="2025-09-12"), "2025-03-03", claims).verdict == OUTDATED
        late = judge(fact("release_date", release="2025-09-12"), "2025-07-01", claims)
        assert (late.verdict, [c.release for c in late.claims]) == (CONTRADICTED, ["2025-11-07"])
        # the old date was superseded before the document: no contradiction with it
        assert judge(fact("release_date", release="2025-11-07"), "2025-07-01", claims).verdict == CONFIRMED

    def test_release_dates_agree_at_the_coarser_precision(self):
        claims = [claim("release_date", "2025-03-01", release="2025-09-12")]
        assert judge(fact("release_date", release="2025-09"), "2025-04-01", claims).verdict == CONFIRMED
        assert judge(fact("release_date", release="2025-10"), "2025-04-01", claims).verdict == CONTRADICTED

    def test_a_cancellation_known_before_contradicts_going_ahead(self):
        for status in ("renewed", "final_season", "filming", "release_date", "released"):
            verdict = judge(fact(status), "2025-07-01", [claim("cancelled", "2025-06-01", season=None)])
            assert verdict.verdict == CONTRADICTED, status
        assert judge(fact("in_development"), "2025-07-01", [claim("cancelled", "2025-06-01")]).verdict == UNVERIFIED

    def test_a_cancellation_after_a_renewal_is_news_not_a_contradiction(self):
        assert judge(fact("cancelled"), "2025-07-01", [claim("renewed", "2025-01-01")]).verdict == UNVERIFIED
        released = [claim("released", "2025-01-01")]
        assert judge(fact("cancelled"), "2025-07-01", released).verdict == CONTRADICTED

    def test_another_platform_contradicts(self):
        claims = [claim("renewed", "2025-01-01", platform="Hulu")]
        assert judge(fact("renewed", platform="Netflix"), "2025-02-01", claims).verdict == CONTRADICTED
        assert judge(fact("renewed", platform="hulu"), "2025-02-01", claims).verdict == CONFIRMED
        assert judge(fact("renewed"), "2025-02-01", claims).verdict == CONFIRMED

    def test_other_seasons_and_undated_claims(self):
        other_season = [claim("cancelled", "2025-01-01", season=2)]
        assert judge(fact("renewed"), "2025-02-01", other_season).verdict == UNVERIFIED
        undated = [claim("renewed", None), claim("cancelled", None)]
        assert judge(fact("renewed"), "2025-02-01", undated).verdict == CONFIRMED
        assert judge(fact("renewed", None), "2025-02-01", [claim("renewed", "2025-01-01")]).verdict == CONFIRMED
        assert judge(fact("renewed"), "2025-02-01", []).verdict == UNVERIFIED


@pytest.fixture
def session(database_url):
    engine = open_database(database_url)
    story.build(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def check(session, as_of, document_fact, own_url=None):
    (result,) = compare_facts(session, [document_fact], as_of, own_url)
    return result


def test_verdicts_in_english(session):
    confirmed = check(session, "2025-06-20", ExtractedFact("Firefly Lane", "cancelled", None, platform="Netflix"))
    assert confirmed["verdict"] == CONFIRMED
    assert [s["url"] for s in confirmed["sources"]] == [
        story.EN + "firefly-lane-cancelled",
        story.FR + "toujours-la-annulee",
    ]
    assert [(f["series"], f["status"]) for f in confirmed["db"]] == [("Toujours là pour toi", "cancelled")]

    old_date = ExtractedFact("Harbor Lights", "release_date", 3, platform="Apple TV+", release="2025-09-12")
    outdated = check(session, "2025-03-03", old_date)
    assert outdated["verdict"] == OUTDATED
    assert [s["url"] for s in outdated["sources"]] == [story.EN + "harbor-lights-moved"]
    assert [(f["status"], f["release"]) for f in outdated["db"]] == [("release_date", "2025-11-07")]
    assert outdated["db"][0]["evidence"].endswith("to November 7, 2025.")

    contradicted = check(session, "2025-07-01", old_date)
    assert contradicted["verdict"] == CONTRADICTED
    assert [s["published"] for s in contradicted["sources"]] == ["2025-06-10"]

    elsewhere = check(session, "2025-09-05", ExtractedFact("The Lake Watchers", "filming", 3, platform="TF1"))
    assert (elsewhere["verdict"], elsewhere["db"][0]["platform"]) == (CONTRADICTED, "France 2")

    unknown = check(session, "2025-07-01", ExtractedFact("The Quiet Coast", "renewed", 2, platform="HBO"))
    assert (unknown["verdict"], unknown["sources"], unknown["db"]) == (UNVERIFIED, [], [])


def test_verdicts_in_french(session):
    new_date = ExtractedFact("Les Lumières du port", "release_date", 3, platform="Apple TV+", release="2025-11-07")
    confirmed = check(session, "2025-06-15", new_date)
    assert confirmed["verdict"] == CONFIRMED
    assert [s["url"] for s in confirmed["sources"]] == [story.EN + "harbor-lights-moved"]

    renewal = ExtractedFact("Toujours là pour toi", "renewed", 3, platform="Netflix")
    outdated = check(session, "2025-02-01", renewal)
    assert outdated["verdict"] == OUTDATED
    assert [(f["status"], f["season"]) for f in outdated["db"]] == [("cancelled", None)]
    assert len(outdated["sources"]) == 2

    contradicted = check(session, "2025-07-01", renewal)
    assert contradicted["verdict"] == CONTRADICTED
    assert [s["url"] for s in contradicted["sources"]] == [
        story.EN + "firefly-lane-cancelled",
        story.FR + "toujours-la-annulee",
    ]

    after_release = check(session, "2025-06-01", ExtractedFact("Copper Valley", "cancelled", 1, platform="Hulu"))
    assert (after_release["verdict"], after_release["db"][0]["status"]) == (CONTRADICTED, "released")

    unverified = check(session, "2025-07-01", ExtractedFact("Le Lac noir", "renewed", 2, platform="TF1"))
    assert unverified["verdict"] == UNVERIFIED


def test_a_stored_document_is_no_evidence_for_itself(session):
    cancellation = ExtractedFact("Copper Valley", "cancelled", 2, platform="Hulu")
    assert check(session, "2025-05-02", cancellation)["verdict"] == CONFIRMED
    own_url = story.EN + "copper-valley-cancelled"
    assert check(session, "2025-05-02", cancellation, own_url=own_url)["verdict"] == UNVERIFIED


def test_compare_output_keeps_the_fact_shape(session):
    result = check(session, "2025-06-20", ExtractedFact("Firefly Lane", "cancelled", None, platform="Netflix"))
    assert tuple(result)[: len(FACT_FIELDS)] == FACT_FIELDS
    assert set(result) == {*FACT_FIELDS, "verdict", "sources", "db"}
    assert set(result["sources"][0]) == {"url", "published", "evidence"}
    assert set(result["db"][0]) == {*FACT_FIELDS, "first_reported", "last_reported"}


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_compare_documents_end_to_end(database_url, lang):
    """Documents stored with `renewals ingest`, others checked with `renewals compare`:
    each file under check/ is named after its expected verdict."""
    folder = DOCUMENTS / lang
    assert invoke("ingest", "--db", database_url, str(folder / "stored")).exit_code == 0
    result = invoke(
        "compare", "--db", database_url, "--format", "json", *sorted(map(str, (folder / "check").iterdir()))
    )
    verdicts = {Path(r["path"]).stem: [f["verdict"] for f in r["facts"]] for r in json.loads(result.output)}
    assert verdicts == {v: [v] for v in (CONFIRMED, OUTDATED, CONTRADICTED, UNVERIFIED)}


def test_undated_document_is_compared_as_of_today(tmp_path):
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert invoke("ingest", "--db", db, str(DOCUMENTS / "en" / "stored")).exit_code == 0
    undated = tmp_path / "undated.txt"
    undated.write_text("Netflix has renewed Firefly Lane for a third season.\n", encoding="utf-8")
    (record,) = json.loads(invoke("compare", "--db", db, "--format", "json", str(undated)).output)
    assert (record["published"], record["as_of"]) == (None, dt.date.today().isoformat())
    assert [f["verdict"] for f in record["facts"]] == [CONTRADICTED]
    stored = str(DOCUMENTS / "en" / "stored" / "2025-06-12-firefly-lane-cancelled.txt")
    (itself,) = json.loads(invoke("compare", "--db", db, "--format", "json", stored).output)
    assert [f["verdict"] for f in itself["facts"]] == [UNVERIFIED]


def test_compare_table_is_coloured_by_verdict_on_a_terminal(tmp_path, monkeypatch):
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert invoke("ingest", "--db", db, str(DOCUMENTS / "fr" / "stored")).exit_code == 0
    monkeypatch.chdir(DOCUMENTS / "fr")  # short relative paths: the table cuts cells over 60 characters
    checks = sorted(str(path.relative_to(DOCUMENTS / "fr")) for path in (DOCUMENTS / "fr" / "check").iterdir())
    plain = invoke("compare", "--db", db, "--format", "table", *checks).output
    lines = plain.splitlines()
    assert lines[0].split() == ["path", "series", "season", "status", "platform", "release", "verdict", "database"]
    assert "\x1b[" not in plain
    by_file = {Path(line.split()[0]).stem: line for line in lines[2:]}
    assert "cancelled (2025-06-13)" in by_file["contradicted"] and "filming" in by_file["outdated"]
    coloured = CliRunner().invoke(main, ["compare", "--db", db, "--format", "table", *checks], color=True).output
    colour_of = {Path(line.split()[0].split("m", 1)[-1]).stem: line[:5] for line in coloured.splitlines()[2:]}
    assert colour_of["confirmed"] == "\x1b[32m" and colour_of["contradicted"] == "\x1b[31m"
    assert colour_of["outdated"] == "\x1b[33m" and not colour_of["unverified"].startswith("\x1b")


def test_compare_a_missing_document_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["compare", "--db", f"sqlite:///{tmp_path / 'r.db'}", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "no such file" in result.output and "Nothing was compared" in result.output
