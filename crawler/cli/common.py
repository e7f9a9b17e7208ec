"""The `renewals` command group and what its commands share: the database option,
date parsing, opening the database with a helpful error."""

from __future__ import annotations

import datetime as dt

import click

from crawler.startup import resume_collector
from storage.db import DatabaseError, open_database

EXIT_FAILED = 1

db_option = click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="SQLAlchemy database URL (default: $RENEWALS_DB, else sqlite:///renewals.db).",
)


def iso_date(_ctx, _param, value: str | None) -> str | None:
    """A click callback: validate a YYYY-MM-DD option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def open_db(db_url: str | None):
    """Open (and migrate) the database, or fail with what to check."""
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
    resume_collector()  # paused while the commands loaded (crawler.startup)
