"""The `renewals` command line."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys

import click
from sqlalchemy.orm import Session

from crawler.documents import Document, DocumentError, read_documents
from crawler.extract.model import FACT_FIELDS, STATUSES
from crawler.output import emit, format_option, resolve_format
from crawler.processing import ProcessedPage, process_html, process_text
from crawler.sources import SourcesError, load_sources
from storage.db import DatabaseError, database_url, open_database
from storage.queries import FactFilter, database_stats, list_facts
from storage.runs import COMPLETED, FAILED, finish_run, start_run
from storage.writer import ArticleRecord, BatchResult, store_articles

EXIT_FAILED = 1
INGEST_BATCH_SIZE = 100
FACT_TABLE_COLUMNS = ("last_reported", "series", "season", "status", "certainty", "platform", "episodes", "release", "sources")
FACT_CSV_COLUMNS = (*FACT_FIELDS, "first_reported", "last_reported", "source_count", "source_urls")
RUN_COLUMNS = ("started", "finished", "command", "outcome", "pages", "articles_new", "duplicates", "facts_new", "errors")

db_option = click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="SQLAlchemy database URL (default: $RENEWALS_DB, else sqlite:///renewals.db).",
)


def iso_date(_ctx, _param, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _open(db_url: str | None):
    try:
        return open_database(db_url)
    except DatabaseError as error:
        raise click.ClickException(f"{error}. Check --db or $RENEWALS_DB.") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="renewals")
def main() -> None:
    """Crawl entertainment news into a database of TV-series renewal facts.

    \b
    Example:
      renewals crawl                      # crawl the bundled French and English sources
      renewals facts --status renewed     # what got renewed lately
    """


# crawl ---------------------------------------------------------------------------


@main.command()
@db_option
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False), help="Sources file (TOML); default: the bundled sources.")
@click.option("--since", callback=iso_date, metavar="YYYY-MM-DD", help="Skip feed and sitemap entries older than this date.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop after this many downloaded pages.")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Write the log to this file.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request (DEBUG).")
@click.option("-q", "--quiet", is_flag=True, help="Log warnings and errors only.")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
def crawl(db_url, sources_path, since, max_pages, log_file, verbose, quiet, overrides):
    """Crawl every source into the database.

    Exits 0 when the run completed and 1 when it failed. The run and its counts are
    recorded in the database (see `renewals stats`).

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
    _open(url).dispose()
    settings = crawl_settings(
        url,
        sources_path,
        max_pages=max_pages,
        log_file=log_file,
        log_level="DEBUG" if verbose else "WARNING" if quiet else "INFO",
        overrides=dict(_setting(o) for o in overrides),
    )
    result = run_crawl(settings, since=since)
    stats = result.stats
    click.echo(
        f"{result.outcome}: {stats.get('renewals/pages', 0)} pages, "
        f"{stats.get('renewals/articles_new', 0)} new articles, "
        f"{stats.get('renewals/duplicates', 0)} duplicates, "
        f"{stats.get('renewals/facts_new', 0)} new facts",
        err=True,
    )
    if result.outcome != COMPLETED:
        click.echo(f"Error: crawl {result.outcome}: {result.reason}", err=True)
        sys.exit(EXIT_FAILED)


def _setting(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise click.BadParameter(f"{text!r}: use NAME=VALUE", param_hint="--set")
    return name, value


# documents -------------------------------------------------------------------------


def process_document(document: Document) -> ProcessedPage:
    if document.is_html:
        return process_html(document.url, document.body, document.content_type, None, document.published)
    return process_text(document.url, document.text, document.published)


def _documents(paths) -> list[Document]:
    try:
        return list(read_documents(paths))
    except DocumentError as error:
        raise click.ClickException(str(error)) from None


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@format_option(("jsonl", "json", "table"))
def extract(paths, output_format):
    """Extract facts from local documents without touching the database.

    PATH is a text file (optional first line `date YYYY-MM-DD`), an .html file, a
    .warc/.warc.gz file, a directory of those, or - for standard input.

    \b
    Example:
      renewals extract article.txt --format jsonl
    """
    output_format = resolve_format(output_format, ("jsonl", "json", "table"))
    results = []
    for document in _documents(paths):
        page = process_document(document)
        results.append(
            {
                "path": document.path,
                "published": page.published,
                "lang": page.lang,
                "title": page.title,
                "facts": [fact.to_dict() for fact in page.facts],
            }
        )
    if output_format == "table":
        rows = [{"path": r["path"], **fact} for r in results for fact in r["facts"]]
        emit(rows, "table", ("path", "series", "season", "status", "certainty", "platform", "episodes", "release"))
    else:
        emit(results, output_format, ())


@main.command()
@db_option
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
def ingest(db_url, paths):
    """Store local documents as crawled pages are stored: cleaned, deduplicated,
    facts extracted.

    \b
    Example:
      renewals ingest saved-articles/ news.warc.gz
    """
    documents = _documents(paths)
    engine = _open(db_url)
    totals = BatchResult()
    dropped = 0
    with Session(engine) as session, session.begin():
        run_id = start_run(session, "ingest")
    try:
        batch: list[ArticleRecord] = []
        for document in documents:
            page = process_document(document)
            if page.dropped:
                dropped += 1
                click.echo(f"skipped {document.path}: {page.dropped}", err=True)
                continue
            batch.append(_record(page))
            if len(batch) >= INGEST_BATCH_SIZE:
                totals.add(_store(engine, batch, run_id))
                batch = []
        totals.add(_store(engine, batch, run_id))
    except Exception as error:
        with Session(engine) as session, session.begin():
            finish_run(session, run_id, FAILED, reason=str(error).splitlines()[0] if str(error) else repr(error))
        raise click.ClickException(f"ingest failed: {error}") from None
    with Session(engine) as session, session.begin():
        finish_run(
            session,
            run_id,
            COMPLETED,
            pages=len(documents),
            articles_new=totals.articles_new,
            duplicates=totals.duplicates,
            facts_new=totals.facts_new,
            errors={"dropped": dropped} if dropped else {},
        )
    click.echo(
        f"{len(documents)} documents: {totals.articles_new} new articles, "
        f"{totals.duplicates} duplicates, {totals.facts_new} new facts, {dropped} skipped",
        err=True,
    )


def _record(page: ProcessedPage) -> ArticleRecord:
    return ArticleRecord(
        url=page.url,
        text=page.text,
        facts=page.facts,
        title=page.title,
        published=page.published,
        lang=page.lang,
        site=page.site,
    )


def _store(engine, batch: list[ArticleRecord], run_id: int) -> BatchResult:
    if not batch:
        return BatchResult()
    with Session(engine) as session, session.begin():
        return store_articles(session, batch, run_id)


# queries ---------------------------------------------------------------------------


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
    engine = _open(db_url)
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
    engine = _open(db_url)
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


# database --------------------------------------------------------------------------


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command()
@db_option
def upgrade(db_url):
    """Create the schema or migrate it to the latest version (every writing command
    also does this).

    \b
    Example:
      renewals db upgrade --db postgresql+psycopg://user@localhost/renewals
    """
    _open(db_url).dispose()
    click.echo("database is up to date", err=True)


if __name__ == "__main__":
    logging.basicConfig()
    main()
