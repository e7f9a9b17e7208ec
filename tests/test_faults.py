"""Cases 13–17: faults of processes and databases, with the real `renewals crawl` in
a subprocess.

13 kill -9 mid-run, then a rerun: SQLite is tests/test_incremental.py::
   test_killed_crawl_is_completed_by_the_next_run; PostgreSQL is here.
14 the database unavailable at start: PostgreSQL unreachable is tests/test_crawl_e2e.py::
   test_unreachable_database_fails_before_any_request; SQLite cases are here.
15 the database lost mid-run: a private PostgreSQL server stopped (immediate shutdown,
   as a crash) while the crawl runs, then started again for the next run.
16 two crawls at once: tests/test_incremental.py::test_second_crawl_on_the_same_database_exits_75;
   a hung run killed leaves no stale lock: here, on SQLite and PostgreSQL.
17 the disk full while writing: the SQLite database on a tiny tmpfs mounted for the test
   (root only; skipped where mount is not permitted).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.crawling import (
    COMMAND_TIMEOUT,
    FAST_SETTINGS,
    basic_sources,
    command,
    copy_site,
    crawl,
    expected,
    renewals,
    snapshot,
)
from tests.support.hostile_server import (
    FILLER_WORDS,
    HostileServer,
    article,
    feed_route,
    never_answer,
    not_found,
    respond,
)
from tests.support.site_server import SiteServer

pytestmark = pytest.mark.slow

ARTICLE_PATHS = {a["path"] for a in expected()["articles"] if a["robots_allowed"]}
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture
def site(tmp_path):
    with SiteServer(copy_site(tmp_path)) as server:
        yield server


def runs(db_url: str) -> list[dict]:
    return json.loads(renewals("stats", "--db", db_url, "--format", "json").stdout)["runs"]


def wait_for(predicate, timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def stored_count(db_url: str) -> int:
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM articles")).scalar()
    except Exception:  # noqa: BLE001 - no schema yet, or the server is going away
        return 0
    finally:
        engine.dispose()


def start_crawl(sources: Path, db_url: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        command("crawl", "--sources", str(sources), "--db", db_url, *FAST_SETTINGS, *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def assert_consistent_subset(partial: dict[str, set], reference: dict[str, set]) -> None:
    """No half-written batch: every stored article has exactly the mentions it has in a
    complete crawl, and every fact and duplicate is one of the complete crawl's."""
    assert partial["articles"] <= reference["articles"]
    stored = {url for url, _ in partial["articles"]}
    assert partial["mentions"] == {m for m in reference["mentions"] if m[0] in stored}
    assert {f[:3] for f in partial["facts"]} <= {f[:3] for f in reference["facts"]}


def postgres_integrity(db_url: str) -> None:
    """The PostgreSQL counterpart of `PRAGMA integrity_check`: amcheck verifies every
    B-tree index of the schema against its table, and no row is an orphan."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
            indexes = connection.execute(
                text(
                    "SELECT c.oid, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    " JOIN pg_am am ON am.oid = c.relam"
                    " WHERE am.amname = 'btree' AND c.relnamespace = 'public'::regnamespace"
                )
            ).all()
            assert indexes
            for oid, _name in indexes:
                connection.execute(text("SELECT bt_index_check(CAST(:oid AS regclass), true)"), {"oid": oid})
            orphans = connection.execute(
                text(
                    "SELECT (SELECT count(*) FROM mentions m LEFT JOIN facts f ON f.id = m.fact_id"
                    "         LEFT JOIN articles a ON a.id = m.article_id WHERE f.id IS NULL OR a.id IS NULL)"
                    "     + (SELECT count(*) FROM facts f LEFT JOIN series s ON s.id = f.series_id WHERE s.id IS NULL)"
                    "     + (SELECT count(*) FROM duplicates d LEFT JOIN articles a ON a.id = d.duplicate_of"
                    "         WHERE a.id IS NULL)"
                )
            ).scalar()
            assert orphans == 0
            connection.commit()
    finally:
        engine.dispose()


def sqlite_integrity(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
    finally:
        engine.dispose()


# a private PostgreSQL server, to stop under a running crawl -------------------------------------


def _pg_bin() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


class PrivatePostgres:
    """initdb + pg_ctl in a temporary folder, on a free loopback port (as the `postgres`
    user when run as root, which PostgreSQL refuses to run as)."""

    def __init__(self, binaries: Path):
        self.bin = binaries
        self.root = Path(tempfile.mkdtemp(prefix="renewals-pg-"))
        self.root.chmod(0o755)
        self.data = self.root / "data"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "renewals", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data} -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.data / "log"), "-w", "-o", options, "start"
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://renewals@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return self.url(name)

    def cleanup(self) -> None:
        with contextlib.suppress(Exception):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def private_postgres():
    binaries = _pg_bin()
    if binaries is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        message = "PostgreSQL server binaries not installed (.ci/services start installs them)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    server = PrivatePostgres(binaries)
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.cleanup()


# 13: kill -9 then rerun, PostgreSQL --------------------------------------------------------------


def test_13_killed_crawl_on_postgresql_is_completed_by_the_next_run(site, tmp_path, postgres_url):
    sources = basic_sources(tmp_path, site.base_url)
    reference_db = f"sqlite:///{tmp_path / 'reference.db'}"
    crawl(sources, reference_db)
    for path in ARTICLE_PATHS:
        if path.startswith("/en/"):
            site.set_delay(path, 30)
    victim = start_crawl(sources, postgres_url)
    try:
        wait_for(lambda: stored_count(postgres_url) >= 3, what="3 stored articles")
    finally:
        os.kill(victim.pid, signal.SIGKILL)
        victim.communicate()
    for path in ARTICLE_PATHS:
        site.set_delay(path, 0)
    partial = snapshot(postgres_url)
    assert_consistent_subset(partial, snapshot(reference_db))
    postgres_integrity(postgres_url)

    crawl(sources, postgres_url)  # the advisory lock died with the killed process
    assert snapshot(postgres_url) == snapshot(reference_db)
    assert [r["outcome"] for r in runs(postgres_url)] == ["completed", "interrupted"]
    postgres_integrity(postgres_url)


# 14: the database unavailable at start, SQLite -----------------------------------------------------


@pytest.mark.parametrize("problem", ["missing_folder", "not_a_database", "a_folder"])
def test_14_unusable_sqlite_database_fails_at_once_with_one_line(site, tmp_path, problem):
    if problem == "missing_folder":
        db = f"sqlite:///{tmp_path / 'no-such-folder' / 'r.db'}"
    elif problem == "not_a_database":
        junk = tmp_path / "junk.db"
        junk.write_bytes(b"this is not an SQLite database, just text\n" * 200)
        db = f"sqlite:///{junk}"
    else:
        (tmp_path / "folder.db").mkdir()
        db = f"sqlite:///{tmp_path / 'folder.db'}"
    started = time.monotonic()
    result = crawl(basic_sources(tmp_path, site.base_url), db, check=False)
    assert result.returncode == 1
    assert time.monotonic() - started < 30
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot open database" in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert site.paths() == []


# 15: the database lost mid-run -----------------------------------------------------------------


def test_15_postgresql_lost_mid_run_fails_the_run_and_the_next_run_completes(site, tmp_path, private_postgres):
    sources = basic_sources(tmp_path, site.base_url)
    reference = private_postgres.create_database("reference")
    crawl(sources, reference)
    db = private_postgres.create_database("victim")
    for path in ARTICLE_PATHS:
        if path.startswith("/en/"):
            site.set_delay(path, 6)  # still downloading when the server goes away
    victim = start_crawl(sources, db, "-s", "RENEWALS_BATCH_SIZE=2")
    try:
        wait_for(lambda: stored_count(db) >= 3, what="3 stored articles")
        private_postgres.stop("immediate")  # as a crash: connections cut, no goodbye
        _, stderr = victim.communicate(timeout=COMMAND_TIMEOUT)
    finally:
        if victim.poll() is None:
            victim.kill()
            victim.communicate()
    for path in ARTICLE_PATHS:
        site.set_delay(path, 0)
    assert victim.returncode == 1, stderr[-3000:]
    assert "database write failed" in stderr or "cannot record the run" in stderr, stderr[-3000:]
    last = stderr.strip().splitlines()[-1]

    private_postgres.start()
    partial, complete = snapshot(db), snapshot(reference)
    assert_consistent_subset(partial, complete)
    assert partial["articles"] < complete["articles"]
    postgres_integrity(db)

    crawl(sources, db)
    assert snapshot(db) == complete
    outcomes = [r["outcome"] for r in runs(db)]
    # the lost run could not record its end: the next run marks it so
    assert outcomes[0] == "completed" and outcomes[1] in ("failed", "interrupted")
    postgres_integrity(db)
    assert last.startswith("Error: crawl failed: ") and "database" in last, last


# 16: a hung run killed leaves no stale lock ------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_16_a_hung_crawl_killed_leaves_no_stale_lock(tmp_path, backend, request):
    db = f"sqlite:///{tmp_path / 'r.db'}" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    with HostileServer() as server:
        server.route("/robots.txt", not_found())
        server.route("/hung.html", never_answer())
        server.route("/ok.html", respond(article()))
        server.route("/feed.xml", feed_route(["{{BASE}}/hung.html", "{{BASE}}/ok.html"]))
        sources = tmp_path / "sources.toml"
        sources.write_text(f'[[source]]\nname = "s"\nfeeds = ["{server.url("/feed.xml")}"]\n', encoding="utf-8")
        hung = start_crawl(sources, db, "-s", "DOWNLOAD_TIMEOUT=3600")
        try:
            wait_for(lambda: server.count("/hung.html") == 1, what="the hung request")
            second = crawl(sources, db, check=False)
            assert second.returncode == 75, second.stderr  # the hung run still holds the lock
        finally:
            os.kill(hung.pid, signal.SIGKILL)
            hung.communicate()
        server.route("/hung.html", respond(article("Suspendue", 2)))
        started = time.monotonic()
        rerun = crawl(sources, db, check=False)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert time.monotonic() - started < 60
    assert [r["outcome"] for r in runs(db)] == ["completed", "interrupted"]


# 17: the disk full while writing -------------------------------------------------------------------


@contextlib.contextmanager
def tmpfs(size: str):
    """A private tmpfs of `size` (e.g. "1500k"), mounted for the test, unmounted after."""
    folder = Path(tempfile.mkdtemp(prefix="renewals-tmpfs-"))
    if os.geteuid() != 0 or shutil.which("mount") is None:
        folder.rmdir()
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


def bulky_site(server: HostileServer, pages: int = 40) -> list[str]:
    """Articles of ~30 KB of distinct text each."""
    import random

    links = []
    for n in range(pages):
        draw = random.Random(n)
        extra = " ".join(draw.choice(FILLER_WORDS) + draw.choice(["", "s", "x"]) for _ in range(4000))
        server.route(f"/a/{n}.html", respond(article(f"Série numéro {n}", 2 + n % 5, extra=extra)))
        links.append("{{BASE}}" + f"/a/{n}.html")
    server.route("/feed.xml", feed_route(links))
    server.route("/robots.txt", not_found())
    return links


def test_17_disk_full_fails_clearly_and_leaves_a_consistent_database(tmp_path):
    """The database on a 1.5 MB tmpfs: 40 articles of 30 KB cannot fit. The run fails
    with SQLite's own reason, the database opens and passes integrity_check with whole
    batches only; given room again, the next run completes what is missing."""
    with HostileServer() as server:
        bulky_site(server)
        sources = tmp_path / "sources.toml"
        sources.write_text(
            f'[[source]]\nname = "bulk"\nlang = "fr"\nfeeds = ["{server.url("/feed.xml")}"]\n', encoding="utf-8"
        )
        reference_db = f"sqlite:///{tmp_path / 'reference.db'}"
        crawl(sources, reference_db, "-s", "RENEWALS_BATCH_SIZE=4")
        reference = snapshot(reference_db)
        assert len(reference["articles"]) == 40

        with tmpfs("1500k") as disk:
            db = f"sqlite:///{disk / 'renewals.db'}"
            full = crawl(sources, db, "-s", "RENEWALS_BATCH_SIZE=4", check=False)
            assert full.returncode == 1
            assert "Traceback" not in full.stderr
            last = full.stderr.strip().splitlines()[-1]
            assert last.startswith("Error: crawl failed: database write failed:") and "disk is full" in last, last

            sqlite_integrity(db)
            partial = snapshot(db)
            assert_consistent_subset(partial, reference)
            assert 0 < len(partial["articles"]) < 40

            subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
            crawl(sources, db, "-s", "RENEWALS_BATCH_SIZE=4")
            assert snapshot(db) == reference
            sqlite_integrity(db)
            outcomes = [r["outcome"] for r in runs(db)]
            assert outcomes[0] == "completed" and outcomes[1] in ("failed", "interrupted")
