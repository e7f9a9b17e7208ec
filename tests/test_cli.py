"""The command line: help, documentation, errors, and the JSON shapes of INTERFACE.md."""

from __future__ import annotations

import gc
import json
import os
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from crawler.cli import main
from crawler.extract.model import FACT_FIELDS
from crawler.startup import YOUNG_THRESHOLD
from storage.db import open_database
from tests.fixtures_query import story

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def all_commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        path = f"{prefix} {name}".strip()
        if isinstance(command, click.Group):
            yield from all_commands(command, path)
        else:
            yield path, command


COMMANDS = dict(all_commands(main))


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_has_help_with_an_example_and_is_documented(path):
    result = CliRunner().invoke(main, [*path.split(), "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"renewals {path}" in result.output
    assert f"renewals {path}" in README


def invoke(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_extract_jsonl_shape(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(
        "date 2025-03-12\nC'est officiel : France 2 a renouvelé la série « Les Veilleurs du lac » "
        "pour une saison 3, a annoncé la chaîne ce mardi.\n",
        encoding="utf-8",
    )
    result = invoke("extract", str(doc), "--format", "jsonl")
    assert result.exit_code == 0
    (line,) = result.output.strip().splitlines()
    record = json.loads(line)
    assert set(record) == {"path", "published", "lang", "title", "facts"}
    assert record["published"] == "2025-03-12"
    assert record["lang"] == "fr"
    (fact,) = record["facts"]
    assert tuple(fact) == FACT_FIELDS
    assert (fact["series"], fact["season"], fact["status"], fact["platform"]) == (
        "Les Veilleurs du lac",
        3,
        "renewed",
        "France 2",
    )


def test_extract_reads_stdin():
    result = invoke("extract", "-", "--format", "json", input="Hulu has cancelled Copper Valley after two seasons.\n")
    (record,) = json.loads(result.output)
    assert record["path"] == "<stdin>"
    assert [(f["series"], f["status"]) for f in record["facts"]] == [("Copper Valley", "cancelled")]


def test_missing_document_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_ingest_then_facts_and_stats(tmp_path):
    db = f"sqlite:///{tmp_path / 'r.db'}"
    first = tmp_path / "a.txt"
    first.write_text(
        "date 2025-05-02\nHulu has cancelled Copper Valley after two seasons, the streamer said on Friday.\n",
        encoding="utf-8",
    )
    second = tmp_path / "b.txt"
    second.write_text(
        "date 2025-05-04\nThe drama Copper Valley has been cancelled by Hulu after two seasons, its creator confirmed on Sunday.\n",
        encoding="utf-8",
    )
    assert invoke("ingest", "--db", db, str(first), str(second)).exit_code == 0
    assert invoke("ingest", "--db", db, str(first)).exit_code == 0

    facts = json.loads(invoke("facts", "--db", db, "--format", "json").output)
    (fact,) = facts
    assert set(fact) == {*FACT_FIELDS, "first_reported", "last_reported", "sources"}
    assert (fact["series"], fact["status"], fact["platform"]) == ("Copper Valley", "cancelled", "Hulu")
    assert (fact["first_reported"], fact["last_reported"]) == ("2025-05-02", "2025-05-04")
    assert [s["published"] for s in fact["sources"]] == ["2025-05-02", "2025-05-04"]
    assert set(fact["sources"][0]) == {"url", "published", "evidence"}

    stats = json.loads(invoke("stats", "--db", db, "--format", "json").output)
    assert {k: stats[k] for k in ("articles", "duplicates", "facts", "series", "mentions")} == {
        "articles": 2,
        "duplicates": 0,
        "facts": 1,
        "series": 1,
        "mentions": 2,
    }
    assert [r["outcome"] for r in stats["runs"]] == ["completed", "completed"]
    assert set(stats["runs"][0]) >= {"started", "finished", "outcome", "pages", "articles_new", "facts_new", "errors"}

    csv_lines = invoke("facts", "--db", db, "--format", "csv").output.splitlines()
    assert csv_lines[0].startswith("series,platform,season,status")
    assert len(csv_lines) == 2


def test_bad_database_url_is_a_click_error(tmp_path):
    result = CliRunner().invoke(main, ["stats", "--db", "nonsense://"])
    assert result.exit_code == 1
    assert "Error:" in result.output and "--db" in result.output


@pytest.fixture
def story_db(tmp_path):
    """The bilingual story database of tests/fixtures_query (SQLite)."""
    url = f"sqlite:///{tmp_path / 'story.db'}"
    engine = open_database(url)
    story.build(engine)
    engine.dispose()
    return url


def test_series_timeline_table(story_db):
    result = invoke("series", "--db", story_db, "firefly lne", "--format", "table")
    lines = result.output.splitlines()
    assert lines[0] == "Toujours là pour toi  (also: Firefly Lane)"
    assert lines[1].split()[:7] == "season status first_reported certainty platform episodes release".split()
    rows = [line.split() for line in lines[3:]]
    assert [row[:5] for row in rows if not row[0].startswith("20")] == [
        ["3", "renewed", "2025-01-10", "official", "Netflix"],
        ["-", "cancelled", "2025-06-12", "official", "Netflix"],
    ]
    assert len(rows) == 4  # one line per source
    assert "https://tv-news.example/firefly-lane-renewed" in result.output


def test_series_timeline_json_and_csv(story_db):
    timeline = json.loads(invoke("series", "--db", story_db, "Les Lumières du port", "--format", "json").output)
    assert set(timeline) == {"series", "aliases", "seasons"}
    (season,) = timeline["seasons"]
    assert [(f["status"], f["release"]) for f in season["facts"]] == [
        ("renewed", None),
        ("release_date", "2025-09-12"),
        ("release_date", "2025-11-07"),
    ]
    assert set(season["facts"][1]) == {*FACT_FIELDS, "first_reported", "last_reported", "sources"}
    lines = invoke("series", "--db", story_db, "Harbor Lights", "--format", "csv").output.splitlines()
    assert lines[0] == ",".join((*FACT_FIELDS, "first_reported", "last_reported", "source_count", "source_urls"))
    assert len(lines) == 4 and lines[3].startswith("Harbor Lights,Apple TV+,3,release_date,official,,2025-11-07,")


def test_series_errors_say_what_to_do(story_db):
    ambiguous = CliRunner().invoke(main, ["series", "--db", story_db, "lac"])
    assert ambiguous.exit_code == 1
    assert "matches several series" in ambiguous.output
    assert "'Le Lac noir'" in ambiguous.output and "'Les Veilleurs du lac'" in ambiguous.output
    unknown = CliRunner().invoke(main, ["series", "--db", story_db, "Nothing Like It"])
    assert unknown.exit_code == 1 and "no series is known as 'Nothing Like It'" in unknown.output


def test_facts_finds_a_close_spelling(story_db):
    facts = json.loads(invoke("facts", "--db", story_db, "--series", "Fierfly Lane", "--format", "json").output)
    assert [(f["series"], f["status"]) for f in facts] == [
        ("Toujours là pour toi", "cancelled"),
        ("Toujours là pour toi", "renewed"),
    ]


def test_export_jsonl_csv_and_file(story_db, tmp_path):
    lines = invoke("export", "--db", story_db, "--format", "jsonl").output.splitlines()
    exported = [json.loads(line) for line in lines]
    assert len(exported) == 9
    assert set(exported[0]) == {*FACT_FIELDS, "first_reported", "last_reported", "sources"}
    assert (exported[0]["series"], exported[0]["status"]) == ("Toujours là pour toi", "renewed")  # creation order

    out = tmp_path / "facts.csv"
    result = CliRunner().invoke(main, ["export", "--db", story_db, "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0 and "9 facts written" in result.output
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].endswith("source_count,source_urls") and len(rows) == 10
    assert not list(tmp_path.glob(".facts.csv.*"))

    missing_dir = CliRunner().invoke(main, ["export", "--db", story_db, "--out", str(tmp_path / "no" / "f.csv")])
    assert missing_dir.exit_code == 1
    assert "cannot write" in missing_dir.output and "Choose another --out" in missing_dir.output


def test_table_cells_keep_the_end_of_paths_and_urls_and_the_start_of_text():
    from crawler.output import MAX_CELL_WIDTH, table

    long_path = "/srv/" + "deeply/nested/" * 6 + "fr/check/confirmed.txt"
    evidence = "Netflix a renouvelé la série pour une troisième saison, " * 3
    lines = table([{"path": long_path, "evidence": evidence}], ["path", "evidence"]).splitlines()
    path_cell, evidence_cell = lines[2].split("  ", 1)
    assert path_cell == "…" + long_path[1 - MAX_CELL_WIDTH :]
    assert path_cell.endswith("fr/check/confirmed.txt") and len(path_cell) == MAX_CELL_WIDTH
    assert evidence_cell.strip().startswith("Netflix a renouvelé") and evidence_cell.strip().endswith("…")


def test_a_command_collects_garbage_again_once_it_runs(tmp_path):
    """The collector is paused while the commands load (crawler.startup); running one
    turns it back on, with what loading allocated frozen."""
    gc.disable()
    try:
        assert invoke("stats", "--db", f"sqlite:///{tmp_path / 'stats.db'}").exit_code == 0
        assert gc.isenabled()
    finally:
        gc.enable()


def test_the_crawl_collects_garbage_while_it_crawls(tmp_path):
    """`renewals crawl` loads Scrapy with the collector paused and resumes it when the
    spider opens: a long crawl must not run without it."""
    from tests.support.collector_probe import PROBE_FILE_ENV
    from tests.support.crawling import BASIC_SITE, basic_sources, command
    from tests.support.site_server import SiteServer

    probe = tmp_path / "probe.json"
    with SiteServer(BASIC_SITE) as site:
        result = subprocess.run(
            command(
                "crawl",
                "--sources",
                str(basic_sources(tmp_path, site.base_url)),
                "--db",
                f"sqlite:///{tmp_path / 'crawl.db'}",
                "--max-pages",
                "3",
                "-s",
                'EXTENSIONS={"tests.support.collector_probe.CollectorProbe": 0}',
            ),
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, PROBE_FILE_ENV: str(probe)},
        )
    assert result.returncode == 0, result.stderr[-2000:]
    state = json.loads(probe.read_text(encoding="utf-8"))
    assert state["enabled"] is True
    assert state["frozen"] > 10_000  # the modules, classes and settings loaded before the crawl
    assert state["threshold"] == YOUNG_THRESHOLD
