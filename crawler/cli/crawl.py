"""`renewals crawl`: the spider, run in-process with the project's settings."""

from __future__ import annotations

import sys

import click
from sqlalchemy.orm import Session

from crawler.cli.common import EXIT_FAILED, db_option, iso_date, main, open_db
from crawler.crawlstats import summary
from crawler.sources import SourcesError, load_sources
from storage.db import database_url
from storage.locks import LockHeld, exclusive_lock
from storage.runs import COMPLETED, close_abandoned_runs

EXIT_LOCKED = 75  # EX_TEMPFAIL: cron may simply try again later


@main.command()
@db_option
@click.option(
    "--sources",
    "sources_path",
    type=click.Path(dir_okay=False),
    help="Sources file (TOML); default: the bundled sources.",
)
@click.option(
    "--since", callback=iso_date, metavar="YYYY-MM-DD", help="Skip feed and sitemap entries older than this date."
)
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop after this many downloaded pages.")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Write the log to this file.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request (DEBUG).")
@click.option("-q", "--quiet", is_flag=True, help="Log warnings and errors only, no progress line.")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
def crawl(db_url, sources_path, since, max_pages, log_file, verbose, quiet, overrides):
    """Crawl every source into the database.

    Exits 0 when the run completed, 1 when it failed, 75 when another crawl is
    running on the same database. The run and its counts are recorded in the
    database (see `renewals stats`).

    \b
    Example:
      renewals crawl --sources my-sources.toml --since 2025-01-01 --max-pages 500
    """
    from crawler.runner import crawl_settings, run_crawl

    try:
        load_sources(sources_path)
    except SourcesError as error:
        raise click.ClickException(f"{error}. Fix the sources file; nothing was crawled.") from None
    url = database_url(db_url)
    engine = open_db(url)
    interactive = sys.stderr.isatty() and not (quiet or verbose)
    settings = crawl_settings(
        url,
        sources_path,
        max_pages=max_pages,
        log_file=log_file,
        log_level=_log_level(verbose, quiet or (interactive and not log_file)),
        overrides={"RENEWALS_PROGRESS": interactive, **dict(_setting(o) for o in overrides)},
    )
    try:
        with exclusive_lock(engine, "crawl"):
            with Session(engine) as session, session.begin():
                close_abandoned_runs(session, "crawl")
            result = run_crawl(settings, since=since)
    except LockHeld as error:
        click.echo(f"Error: {error}: another crawl is running on this database; not starting.", err=True)
        sys.exit(EXIT_LOCKED)
    finally:
        engine.dispose()
    click.echo(f"{result.outcome}: {summary(result.stats)}", err=True)
    if result.outcome != COMPLETED:
        click.echo(f"Error: crawl {result.outcome}: {result.reason}", err=True)
        sys.exit(EXIT_FAILED)


def _log_level(verbose: bool, quiet: bool) -> str:
    """DEBUG with -v; WARNING with -q or on a terminal (the progress line shows the
    rest); INFO otherwise, so cron and log files get one line per event."""
    if verbose:
        return "DEBUG"
    return "WARNING" if quiet else "INFO"


def _setting(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise click.BadParameter(f"{text!r}: use NAME=VALUE", param_hint="--set")
    return name, value
