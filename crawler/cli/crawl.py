"""`renewals crawl`: the spider, run in-process with the project's settings."""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit

import click
from sqlalchemy.orm import Session

from crawler.cli.common import EXIT_FAILED, db_option, iso_date, main, open_db
from crawler.crawlstats import summary
from crawler.processing import WORKER_MODULES
from crawler.sources import SourcesError, load_sources
from crawler.startup import pause_collector, resume_collector, start_forkserver, stop_forkserver
from storage.db import DATABASE_ENV_VAR, database_url, redacted
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
@click.option(
    "--max-time",
    type=click.IntRange(min=1),
    metavar="SECONDS",
    help="Stop the run after this many seconds (default: 6 hours); the next run goes on from there.",
)
@click.option(
    "--frontier",
    envvar="RENEWALS_FRONTIER",
    metavar="redis://HOST[:PORT]/DB",
    help="Share the frontier with other machines through Redis (also $RENEWALS_FRONTIER).",
)
@click.option(
    "--idle-timeout",
    type=click.IntRange(min=1),
    metavar="SECONDS",
    help="With --frontier: leave once the shared frontier has been empty this long (default 30).",
)
@click.option("--log-file", type=click.Path(dir_okay=False), help="Write the log to this file.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request (DEBUG).")
@click.option("-q", "--quiet", is_flag=True, help="Log warnings and errors only, no progress line.")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
def crawl(
    db_url, sources_path, since, max_pages, max_time, frontier, idle_timeout, log_file, verbose, quiet, overrides
):
    """Crawl every source into the database.

    Exits 0 when the run completed, 1 when it failed, 75 when another crawl is
    running on the same database. The run and its counts are recorded in the
    database (see `renewals stats`).

    \b
    Example:
      renewals crawl --sources my-sources.toml --since 2025-01-01 --max-pages 500
      renewals crawl --frontier redis://queue.example/0 --db postgresql+psycopg://crawler@db.example/renewals
    """
    pause_collector()  # while Scrapy loads: the run resumes collection once the spider opens
    click.get_current_context().call_on_close(resume_collector)  # and so does any other way out
    try:
        load_sources(sources_path)
    except SourcesError as error:
        raise click.ClickException(f"{error}. Fix the sources file; nothing was crawled.") from None
    start_forkserver(WORKER_MODULES)  # the workers' imports, while Scrapy and the database load
    click.get_current_context().call_on_close(stop_forkserver)
    from crawler.runner import FRONTIER_ENV, crawl_settings, run_crawl

    url = database_url(db_url)
    engine = open_db(url)
    if frontier:
        check_frontier(frontier)
        os.environ[FRONTIER_ENV] = frontier
    os.environ[DATABASE_ENV_VAR] = url
    interactive = sys.stderr.isatty() and not (quiet or verbose)
    settings = crawl_settings(
        sources_path,
        max_pages=max_pages,
        log_file=log_file,
        log_level=_log_level(verbose, quiet or (interactive and not log_file)),
        frontier=bool(frontier),
        overrides={
            "RENEWALS_PROGRESS": interactive,
            **({"CLOSESPIDER_TIMEOUT": max_time} if max_time else {}),
            **({"RENEWALS_FRONTIER_IDLE": idle_timeout} if idle_timeout else {}),
            **dict(_setting(o) for o in overrides),
        },
    )
    try:
        if frontier:  # workers share the database on purpose: no crawl lock
            result = run_crawl(settings, since=since)
        else:
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


def check_frontier(url: str) -> None:
    """Fail early, with what to do, when the shared frontier cannot be used."""
    if urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        raise click.ClickException(f"--frontier must be a redis:// URL, not {redacted(url)!r}")
    try:
        import scrapy_redis  # noqa: F401
        from redis import Redis
        from redis.exceptions import RedisError
    except ImportError:
        raise click.ClickException("--frontier needs Redis support: pip install 'renewals[redis]'") from None
    try:
        Redis.from_url(url, socket_connect_timeout=5).ping()
    except RedisError as error:
        raise click.ClickException(f"cannot reach the frontier {redacted(url)}: {error}") from None


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
