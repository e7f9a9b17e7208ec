"""`renewals compare`: fact-check local documents against the database."""

from __future__ import annotations

import datetime as dt

import click
from sqlalchemy.orm import Session

from crawler.cli.common import db_option, main, open_db
from crawler.cli.documents import process_document, read_all
from crawler.output import emit, format_option, resolve_format
from crawler.processing import article_record
from storage.compare import CONFIRMED, CONTRADICTED, OUTDATED
from storage.queries import compare_facts

COMPARE_FORMATS = ("table", "json")
COMPARE_COLUMNS = ("path", "series", "season", "status", "platform", "release", "verdict", "database")
VERDICT_COLOURS = {CONFIRMED: "green", OUTDATED: "yellow", CONTRADICTED: "red"}


@main.command()
@db_option
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@format_option(COMPARE_FORMATS)
def compare(db_url, paths, output_format):
    """Check every fact of local documents against the database.

    Each fact gets a verdict: confirmed (another source in the database says the
    same), outdated (the database has later news of that season), contradicted (the
    database already held an incompatible fact on the document's date) or unverified.
    A document without a date is compared as of today. Documents are read as by
    `renewals extract`; nothing is stored.

    \b
    Example:
      renewals compare article.txt saved-page.html --format json
    """
    output_format = resolve_format(output_format, COMPARE_FORMATS)
    documents = read_all(paths, "Nothing was compared.")
    today = dt.date.today().isoformat()
    engine = open_db(db_url)
    results = []
    with Session(engine) as session:
        for document in documents:
            page = process_document(document)
            if page.dropped:
                click.echo(f"skipped {document.path}: {page.dropped}", err=True)
                continue
            as_of = page.published or today
            facts = compare_facts(session, page.facts, as_of, article_record(page).stored_url)
            results.append({"path": document.path, "published": page.published, "as_of": as_of, "facts": facts})
    if output_format == "json":
        emit([], "json", (), document=results)
    else:
        rows = [{"path": r["path"], **fact, "database": _basis(fact)} for r in results for fact in r["facts"]]
        emit(rows, "table", COMPARE_COLUMNS, colour=lambda row: VERDICT_COLOURS.get(row["verdict"]))


def _basis(fact: dict) -> str:
    """What the database holds that decides the verdict, in a few words."""
    return "; ".join(
        " ".join(
            part
            for part in (
                db["status"],
                f"S{db['season']}" if db["season"] not in (None, fact["season"]) else "",
                db["release"] or "",
                f"({_span(db['first_reported'], db['last_reported'])})",
            )
            if part
        )
        for db in fact["db"]
    )


def _span(first: str | None, last: str | None) -> str:
    return first if first == last else f"{first or '?'}…{last or '?'}"
