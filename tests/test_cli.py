"""The command line: help, documentation, errors, and the JSON shapes of INTERFACE.md."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from crawler.cli import main
from crawler.extract.model import FACT_FIELDS

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
