"""Commands that read the database: `renewals facts` and `renewals stats`."""

from __future__ import annotations

import json

import click
from sqlalchemy.orm import Session

from crawler.cli.common import db_option, iso_date, main, open_db
from crawler.extract.model import FACT_FIELDS, STATUSES
from crawler.output import emit, format_option, resolve_format
from storage.queries import FactFilter, database_stats, list_facts

FACT_TABLE_COLUMNS = (
    "last_reported",
    "series",
    "season",
    "status",
    "certainty",
    "platform",
    "episodes",
    "release",
    "sources",
)
FACT_CSV_COLUMNS = (*FACT_FIELDS, "first_reported", "last_reported", "source_count", "source_urls")
RUN_COLUMNS = (
    "started",
    "finished",
    "command",
    "outcome",
    "pages",
    "articles_new",
    "duplicates",
    "facts_new",
    "errors",
)


@main.command()
@db_option
@click.option("--series", help="A series title or alias (accents and case ignored).")
@click.option("--platform", help="Netflix, Prime Video, France 2…")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES), help="Repeatable.")
@click.option("--certainty", type=click.Choice(["official", "reported"]))
@click.option("--season", type=int)
@click.option("--since", callback=iso_date, metavar="YYYY-MM-DD", help="Reported on or after this date.")
@click.option("--until", callback=iso_date, metavar="YYYY-MM-DD", help="First reported on or before this date.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many facts.")
@format_option()
def facts(db_url, series, platform, statuses, certainty, season, since, until, limit, output_format):
    """List deduplicated facts, most recently reported first, with their sources.

    \b
    Example:
      renewals facts --platform Netflix --status renewed --since 2025-01-01 --format json
    """
    output_format = resolve_format(output_format)
    engine = open_db(db_url)
    with Session(engine) as session:
        rows = list_facts(
            session,
            FactFilter(series, platform, statuses, certainty, season, since, until, limit),
        )
    if output_format == "csv":
        for row in rows:
            row["source_count"] = len(row["sources"])
            row["source_urls"] = " ".join(s["url"] for s in row["sources"])
        emit(rows, "csv", FACT_CSV_COLUMNS)
    else:
        emit(rows, output_format, FACT_TABLE_COLUMNS)


@main.command()
@db_option
@click.option("--runs", default=10, show_default=True, type=click.IntRange(min=0), help="How many recent runs to show.")
@format_option(("table", "json"))
def stats(db_url, runs, output_format):
    """Counts of articles, duplicates, facts, series and mentions, and the recent runs.

    \b
    Example:
      renewals stats --format json
    """
    output_format = resolve_format(output_format, ("table", "json"))
    engine = open_db(db_url)
    with Session(engine) as session:
        summary = database_stats(session, runs)
    if output_format == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    for name in ("articles", "duplicates", "facts", "series", "mentions"):
        click.echo(f"{name:<11} {summary[name]}")
    if summary["runs"]:
        click.echo("\nrecent runs:")
        emit(summary["runs"], "table", RUN_COLUMNS)
