"""Output formats shared by every listing command: table, json, csv (and jsonl)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence

import click

FORMATS = ("table", "json", "csv")
MAX_CELL_WIDTH = 60


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
                f"Output format: {', '.join(choices)} "
                f"(default: table on a terminal, else {_machine_default(choices)})."
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


def emit(rows: list[dict], output_format: str, columns: Sequence[str], document: object = None) -> None:
    """Print rows as a table or csv (the given columns), or `document` (default: rows) as JSON."""
    if output_format == "json":
        click.echo(json.dumps(rows if document is None else document, ensure_ascii=False, indent=2))
    elif output_format == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif output_format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _cell(row.get(c), limit=None) for c in columns})
    else:
        click.echo(table(rows, columns))


def table(rows: list[dict], columns: Sequence[str]) -> str:
    """A plain aligned text table."""
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def _cell(value: object, limit: int | None = MAX_CELL_WIDTH) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        text = str(len(value)) if isinstance(value, list) else json.dumps(value, ensure_ascii=False)
    else:
        text = str(value).replace("\n", " ")
    if limit and len(text) > limit:
        return text[: limit - 1] + "…"
    return text
