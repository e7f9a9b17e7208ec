"""One crawl at a time per database, with locks that die with their process.

SQLite: an exclusive `flock` on a file beside the database; the kernel releases it
when the process exits, however it exits, so a lock is never stale. PostgreSQL: a
session-level advisory lock, released when the holding connection closes.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, text


class LockHeld(Exception):
    """Another process holds the lock."""


@contextlib.contextmanager
def exclusive_lock(engine: Engine, name: str = "crawl", wait: bool = False) -> Iterator[None]:
    """Hold the `name` lock of this database for the duration of the block; when it is
    held elsewhere, raise LockHeld, or with `wait` block until it is released."""
    if engine.dialect.name == "sqlite":
        with _file_lock(_sqlite_lock_path(engine, name), wait):
            yield
    elif engine.dialect.name == "postgresql":
        with _advisory_lock(engine, name, wait):
            yield
    else:
        raise NotImplementedError(f"no lock for {engine.dialect.name}")


def _sqlite_lock_path(engine: Engine, name: str) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        return Path(os.environ.get("TMPDIR", "/tmp")) / f"renewals-memory-{os.getpid()}.{name}.lock"
    return Path(database).with_name(Path(database).name + f".{name}.lock")


@contextlib.contextmanager
def _file_lock(path: Path, wait: bool) -> Iterator[None]:
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockHeld(f"another process holds {path}") from None
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(handle)  # closing the descriptor releases the lock


def _lock_key(name: str) -> int:
    digest = hashlib.blake2b(f"renewals:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextlib.contextmanager
def _advisory_lock(engine: Engine, name: str, wait: bool) -> Iterator[None]:
    key = _lock_key(name)
    with engine.connect() as connection:
        if wait:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        elif not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar():
            raise LockHeld(f"another process holds the database's {name} lock")
        connection.commit()
        try:
            yield
        finally:
            # the lock also dies with its connection: a server that went away must not
            # turn the run's own error into a traceback here
            with contextlib.suppress(Exception):
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()
