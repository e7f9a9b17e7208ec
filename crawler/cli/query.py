"""Commands that read the database: `renewals facts`, `series` and `stats`."""

from __future__ import annotations

import json

import click
from sqlalchemy.orm import Session

from crawler.cli.common import db_option, iso_date, main, open_db
from crawler.extract.model import STATUSES
from crawler.output import FACT_CSV_COLUMNS, emit, fact_csv_row, format_option, resolve_format
from storage.queries import EXACT, FactFilter, SeriesMatch, database_stats, find_series, list_facts, series_timeline

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
TIMELINE_COLUMNS = (
    "season",
    "status",
    "first_reported",
    "certainty",
    "platform",
    "episodes",
    "release",
    "published",
    "url",
    "evidence",
)
MAX_CANDIDATES_SHOWN = 10
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
@click.option("--series", help="A series title or alias (accents and case ignored, close spellings found).")
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
        emit([fact_csv_row(row) for row in rows], "csv", FACT_CSV_COLUMNS)
    else:
        emit(rows, output_format, FACT_TABLE_COLUMNS)


@main.command()
@db_option
@click.argument("title")
@format_option()
def series(db_url, title, output_format):
    """The timeline of one series, season by season: each status with its first
    report date, certainty, platform, episodes, release and sources.

    TITLE is any known title of the series, French or English; accents, case and
    small misspellings do not matter.

    \b
    Example:
      renewals series "Toujours là pour toi"
    """
    output_format = resolve_format(output_format)
    engine = open_db(db_url)
    with Session(engine) as session:
        timeline = series_timeline(session, _one_series(find_series(session, title), title).series_id)
    if output_format == "json":
        emit([], "json", (), document=timeline)
    elif output_format == "csv":
        facts = [fact for season in timeline["seasons"] for fact in season["facts"]]
        emit([fact_csv_row(fact) for fact in facts], "csv", FACT_CSV_COLUMNS)
    else:
        aliases = f"  (also: {', '.join(timeline['aliases'])})" if timeline["aliases"] else ""
        click.echo(f"{timeline['series']}{aliases}")
        emit(_timeline_rows(timeline), "table", TIMELINE_COLUMNS)


def _one_series(matches: list[SeriesMatch], title: str) -> SeriesMatch:
    """The series a title designates, or an error that says how to be precise."""
    if not matches:
        raise click.ClickException(
            f"no series is known as {title!r}. Check the spelling, or list titles with `renewals facts`."
        )
    exact = [m for m in matches if m.how == EXACT]
    if len(exact) == 1 or len(matches) == 1:
        return exact[0] if exact else matches[0]
    shown = ", ".join(repr(m.title) for m in matches[:MAX_CANDIDATES_SHOWN])
    more = f" and {len(matches) - MAX_CANDIDATES_SHOWN} more" if len(matches) > MAX_CANDIDATES_SHOWN else ""
    raise click.ClickException(f"{title!r} matches several series: {shown}{more}. Give one of these titles in full.")


def _timeline_rows(timeline: dict) -> list[dict]:
    """One row per source, the season and fact fields shown only on their first row."""
    rows = []
    for season in timeline["seasons"]:
        label = season["season"] if season["season"] is not None else "-"
        for fact in season["facts"]:
            for index, source in enumerate(fact["sources"] or [{}]):
                row = {
                    "published": source.get("published"),
                    "url": source.get("url"),
                    "evidence": source.get("evidence"),
                }
                if index == 0:
                    row.update({key: fact[key] for key in TIMELINE_COLUMNS[1:7]}, season=label)
                    label = ""
                rows.append(row)
    return rows


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
