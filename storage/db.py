"""Engines and schema migrations.

Every writing command calls :func:`open_database`, which connects with the pragmas the
crawler needs and brings the schema to the latest Alembic revision.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

DEFAULT_DATABASE_URL = "sqlite:///renewals.db"
DATABASE_ENV_VAR = "RENEWALS_DB"
SQLITE_BUSY_TIMEOUT_MS = 30_000
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SCHEMA_REVISION = "0002"
"""The newest migration: a database at this revision needs no Alembic at all, so a
command on an up-to-date database starts without importing it (tested to match)."""


class DatabaseError(Exception):
    """The database cannot be opened or migrated; the message says why."""


def database_url(explicit: str | None = None) -> str:
    """The URL from `--db`, else `RENEWALS_DB`, else a SQLite file in the working directory."""
    return explicit or os.environ.get(DATABASE_ENV_VAR) or DEFAULT_DATABASE_URL


def redacted(url: str) -> str:
    """The URL with any password masked, for logs and error messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


def create_db_engine(url: str) -> Engine:
    """An engine with WAL, a busy timeout and foreign keys on SQLite."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _configure_sqlite)
            return engine
        return create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ImportError) as error:
        raise DatabaseError(f"invalid database URL {redacted(url)}: {error}") from None


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(engine: Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (idempotent). Processes starting together on a
    new database take turns, so only the first one creates the tables."""
    from alembic import command

    from storage.locks import exclusive_lock

    with exclusive_lock(engine, "migrate", wait=True):
        command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the database (None for a new database)."""
    with engine.connect() as connection:
        if not engine.dialect.has_table(connection, "alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def open_database(url: str | None = None, migrate: bool = True) -> Engine:
    """Connect to the configured database and migrate it; a clear error if either fails."""
    resolved = database_url(url)
    engine = create_db_engine(resolved)
    try:
        if migrate and current_revision(engine) != SCHEMA_REVISION:
            upgrade(engine)
        else:
            engine.connect().close()
    except Exception as error:  # driver errors vary by backend; report them all the same way
        engine.dispose()
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise DatabaseError(f"cannot open database {redacted(resolved)}: {reason}") from error
    return engine
