"""Shared fixtures: databases of every supported kind, and test-site helpers.

PostgreSQL tests use the server named by $RENEWALS_TEST_POSTGRES_URL (`.ci/services
start` provides one). Without it they are skipped, except in CI (CI=true), where a
missing server is an error.
"""

from __future__ import annotations

import gc
import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "RENEWALS_TEST_POSTGRES_URL"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_collection_finish(session):
    """Importing the command line pauses the garbage collector until a command runs
    (crawler.startup); the test modules import it without running one."""
    gc.enable()


def _server_missing(env_var: str, what: str):
    message = f'{what} not available: set {env_var} (run `eval "$(.ci/services start)"`)'
    if IN_CI:
        pytest.fail(message + " — required in CI")
    pytest.skip(message)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'renewals.db'}"


@pytest.fixture
def postgres_url() -> str:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        _server_missing(POSTGRES_ENV, "PostgreSQL")
    name = f"renewals_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any connection failure means no server
        admin.dispose()
        _server_missing(POSTGRES_ENV, f"PostgreSQL ({error.__class__.__name__})")
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request) -> str:
    """Every test using this runs on SQLite and on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")
