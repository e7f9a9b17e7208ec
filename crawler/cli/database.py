"""`renewals db`: database maintenance."""

from __future__ import annotations

import click

from crawler.cli.common import db_option, main, open_db


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
    open_db(db_url).dispose()
    click.echo("database is up to date", err=True)
