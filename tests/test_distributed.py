"""Several workers on one Redis frontier and one PostgreSQL database.

Needs real servers: $RENEWALS_TEST_REDIS_URL and $RENEWALS_TEST_POSTGRES_URL
(`.ci/services start`); skipped without them outside CI, never skipped in CI.
"""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import time
import uuid

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import _server_missing
from tests.support.crawling import FAST_SETTINGS, basic_sources, command, copy_site, expected, renewals, snapshot
from tests.support.site_server import SiteServer

REDIS_ENV = "RENEWALS_TEST_REDIS_URL"
ARTICLE_PATHS = {a["path"] for a in expected()["articles"] if a["robots_allowed"]}
IDLE = "4"


@pytest.fixture
def frontier():
    url = os.environ.get(REDIS_ENV)
    if not url:
        _server_missing(REDIS_ENV, "Redis")
    from redis import Redis

    server = Redis.from_url(url)
    try:
        server.ping()
    except Exception as error:  # noqa: BLE001
        _server_missing(REDIS_ENV, f"Redis ({error.__class__.__name__})")
    prefix = f"renewals-test-{uuid.uuid4().hex[:8]}"
    yield url, prefix
    for key in server.scan_iter(match=f"{prefix}:*"):
        server.delete(key)


@pytest.fixture
def site(tmp_path):
    with SiteServer(copy_site(tmp_path)) as server:
        yield server


def worker(sources, db, url, prefix, *extra) -> subprocess.Popen:
    args = command(
        "crawl",
        "--sources",
        str(sources),
        "--db",
        db,
        "--frontier",
        url,
        "--idle-timeout",
        IDLE,
        *FAST_SETTINGS,
        "-s",
        f"RENEWALS_FRONTIER_PREFIX={prefix}:%(spider)s",
        *extra,
    )
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> str:
    _, stderr = process.communicate(timeout=180)
    assert process.returncode == 0, stderr[-3000:]
    return stderr


def requests_by_worker(site: SiteServer) -> collections.Counter:
    return collections.Counter(r.header("X-Worker", "?") for r in site.requests if r.path in ARTICLE_PATHS)


def test_workers_share_the_frontier_and_download_each_article_once(site, tmp_path, frontier, postgres_url):
    url, prefix = frontier
    sources = basic_sources(tmp_path, site.base_url)
    for path in ARTICLE_PATHS:
        site.set_delay(path, 3)  # slow pages and few downloads per worker: every worker gets a share
    workers = [
        worker(
            sources,
            postgres_url,
            url,
            prefix,
            "-s",
            "CONCURRENT_REQUESTS=2",
            "-s",
            f'DEFAULT_REQUEST_HEADERS={{"X-Worker": "w{n}"}}',
        )
        for n in (1, 2, 3)
    ]
    logs = [finish(process) for process in workers]

    counts = collections.Counter(r.path for r in site.requests if r.path in ARTICLE_PATHS)
    assert set(counts) == ARTICLE_PATHS
    assert all(count == 1 for count in counts.values()), counts
    per_worker = requests_by_worker(site)
    print("article requests per worker:", dict(sorted(per_worker.items())), "total:", sum(per_worker.values()))
    assert len(per_worker) >= 2, per_worker
    assert sum(1 for log in logs if "seeding the sources" in log) == 1

    content = snapshot(postgres_url)
    assert len(content["articles"]) == len(ARTICLE_PATHS)
    stats = json.loads(renewals("stats", "--db", postgres_url, "--format", "json").stdout)
    assert [r["outcome"] for r in stats["runs"]] == ["completed"] * 3
    assert sum(r["articles_new"] for r in stats["runs"]) == len(ARTICLE_PATHS)
    engine = create_engine(postgres_url)
    with engine.connect() as connection:
        duplicates = connection.execute(
            text(
                "SELECT count(*) FROM (SELECT series_id, season_key, status FROM facts GROUP BY 1, 2, 3 HAVING count(*) > 1) d"
            )
        ).scalar()
    engine.dispose()
    assert duplicates == 0


def test_killed_worker_loses_no_url(site, tmp_path, frontier, postgres_url):
    url, prefix = frontier
    sources = basic_sources(tmp_path, site.base_url)
    slow = sorted(p for p in ARTICLE_PATHS if p.startswith("/en/"))
    for path in slow:
        site.set_delay(path, 30)
    victim = worker(sources, postgres_url, url, prefix)
    deadline = time.monotonic() + 60
    while not any(site.count(p) for p in slow) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert any(site.count(p) for p in slow), "the worker never claimed a slow page"
    time.sleep(1)
    os.kill(victim.pid, signal.SIGKILL)
    victim.communicate()
    for path in slow:
        site.set_delay(path, 0)

    time.sleep(16)  # the dead worker's heartbeat expires
    log = finish(worker(sources, postgres_url, url, prefix))
    assert "re-queued from dead workers" in log
    content = snapshot(postgres_url)
    assert {row[0].removeprefix(site.base_url) for row in content["articles"]} == ARTICLE_PATHS


def test_without_frontier_redis_is_not_needed(site, tmp_path):
    """A crawl runs with the redis packages made unimportable."""
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('redis', 'scrapy_redis'):\n"
        "            raise ImportError(f'{name} is blocked for this test')\n"
        "sys.meta_path.insert(0, Block())\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": f"{blocker}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    db = f"sqlite:///{tmp_path / 'r.db'}"
    result = subprocess.run(
        command("crawl", "--sources", str(basic_sources(tmp_path, site.base_url)), "--db", db, *FAST_SETTINGS),
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "blocked" not in result.stderr
    frontier_needed = subprocess.run(
        command("crawl", "--db", db, "--frontier", "redis://127.0.0.1:1/0"),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert frontier_needed.returncode == 1
    assert "pip install 'renewals[redis]'" in frontier_needed.stderr
