"""`renewals export`: the whole fact table with its sources, for other tools."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

import click
from sqlalchemy.orm import Session

from crawler.cli.common import db_option, main, open_db
from crawler.output import FACT_CSV_COLUMNS, fact_csv_row, format_option, resolve_format, write_rows
from storage.queries import iter_facts

EXPORT_FORMATS = ("jsonl", "csv")


@main.command()
@db_option
@format_option(EXPORT_FORMATS)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file (replaced only once the export is complete); default: standard output.",
)
def export(db_url, output_format, out):
    """Export every fact with its sources.

    jsonl: one fact per line, shaped as in `renewals facts --format json`. csv: one
    fact per row, its sources as `source_count` and space-separated `source_urls`.

    \b
    Example:
      renewals export --format csv --out facts.csv
    """
    output_format = resolve_format(output_format, EXPORT_FORMATS)
    engine = open_db(db_url)
    with Session(engine) as session:
        facts = iter_facts(session)
        rows = (fact_csv_row(fact) for fact in facts) if output_format == "csv" else facts
        if out is None:
            write_rows(rows, output_format, FACT_CSV_COLUMNS, sys.stdout)
            return
        count = _write_file(out, rows, output_format)
    click.echo(f"{count} facts written to {out}", err=True)


def _write_file(path: Path, rows: Iterable[dict], output_format: str) -> int:
    """Write beside `path`, then rename: readers never see half an export."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as stream:
            count = write_rows(rows, output_format, FACT_CSV_COLUMNS, stream)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}. Choose another --out.") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return count
