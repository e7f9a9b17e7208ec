"""Output formats shared by every listing command: table, json, csv (and jsonl)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TextIO

import click

from crawler.extract.model import FACT_FIELDS

FORMATS = ("table", "json", "csv")
MAX_CELL_WIDTH = 60
END_KEPT_COLUMNS = ("path", "url")  # cut at the start: the file name or the article's slug tells rows apart
FACT_CSV_COLUMNS = (*FACT_FIELDS, "first_reported", "last_reported", "source_count", "source_urls")
"""The flat shape of a stored fact, shared by every command that writes facts as CSV."""


def format_option(choices: Sequence[str] = FORMATS) -> Callable:
    """The `--format` option; its default is `table` on a terminal and the first
    machine format otherwise, so pipes and cron get parseable output."""

    def decorator(command: Callable) -> Callable:
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(list(choices)),
            default=None,
            help=(
                f"Output format: {', '.join(choices)} (default: table on a terminal, else {_machine_default(choices)})."
            ),
        )(command)

    return decorator


def resolve_format(requested: str | None, choices: Sequence[str] = FORMATS) -> str:
    if requested:
        return requested
    if "table" in choices and sys.stdout.isatty():
        return "table"
    return _machine_default(choices)


def _machine_default(choices: Sequence[str]) -> str:
    return next(c for c in choices if c != "table")


def emit(
    rows: list[dict],
    output_format: str,
    columns: Sequence[str],
    document: object = None,
    colour: Callable[[dict], str | None] | None = None,
) -> None:
    """Print rows as a table or csv (the given columns), or `document` (default: rows) as JSON.

    `colour` names the colour of a table row; colours show on a terminal only.
    """
    if output_format == "json":
        click.echo(json.dumps(rows if document is None else document, ensure_ascii=False, indent=2))
    elif output_format in ("jsonl", "csv"):
        write_rows(rows, output_format, columns, sys.stdout)
    else:
        click.echo(table(rows, columns, colour))


def write_rows(rows: Iterable[dict], output_format: str, columns: Sequence[str], stream: TextIO) -> int:
    """Stream rows as JSON lines or CSV (the given columns) to `stream`; returns the row count."""
    count = 0
    if output_format == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _cell(row.get(c), limit=None) for c in columns})
        count += 1
    return count


def fact_csv_row(fact: dict) -> dict:
    """A stored fact with its sources flattened into `source_count` and `source_urls`."""
    return {
        **fact,
        "source_count": len(fact["sources"]),
        "source_urls": " ".join(source["url"] for source in fact["sources"]),
    }


def table(rows: list[dict], columns: Sequence[str], colour: Callable[[dict], str | None] | None = None) -> str:
    """A plain aligned text table, each row in the colour `colour` gives it (if any)."""
    cells = [[_cell(row.get(c), keep_end=c in END_KEPT_COLUMNS) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row, values in zip(rows, cells, strict=True):
        line = "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()
        tint = colour(row) if colour else None
        lines.append(click.style(line, fg=tint) if tint else line)
    return "\n".join(lines)


def _cell(value: object, limit: int | None = MAX_CELL_WIDTH, keep_end: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        text = str(len(value)) if isinstance(value, list) else json.dumps(value, ensure_ascii=False)
    else:
        text = str(value).replace("\n", " ")
    if limit and len(text) > limit:
        return "…" + text[1 - limit :] if keep_end else text[: limit - 1] + "…"
    return text
