"""Running the real `renewals` command against the test site, and reading the result."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

SITES = Path(__file__).parents[1] / "sites"
BASIC_SITE = SITES / "basic"
FAST_SETTINGS = (
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "RENEWALS_FLUSH_INTERVAL=0.2",
    "-s",
    "RENEWALS_WORKERS=2",
)
COMMAND_TIMEOUT = 240


def expected(site: Path = BASIC_SITE) -> dict:
    return json.loads((site / "expected.json").read_text(encoding="utf-8"))


def copy_site(destination: Path, site: Path = BASIC_SITE) -> Path:
    """A private copy of a test site that a test may edit."""
    target = destination / site.name
    shutil.copytree(site, target)
    return target


def basic_sources(tmp_path: Path, base: str) -> Path:
    """A sources file for the basic site: a French feed and section, an English robots.txt."""
    path = tmp_path / "sources.toml"
    path.write_text(
        f"""
[[source]]
name = "ecrans-fr"
lang = "fr"
feeds = ["{base}/fr/rss.xml"]
start_urls = ["{base}/fr/series/"]
allow = ["/fr/"]

[[source]]
name = "screens-en"
lang = "en"
sitemaps = ["{base}/robots.txt"]
""",
        encoding="utf-8",
    )
    return path


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", *args]


def renewals(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run `renewals ARGS` in a new process; fail the test with its stderr if it fails."""
    result = subprocess.run(command(*args), capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
    if check and result.returncode != 0:
        raise AssertionError(f"renewals {' '.join(args)} exited {result.returncode}:\n{result.stderr[-4000:]}")
    return result


def crawl(sources: Path, db_url: str, *extra: str, check: bool = True) -> subprocess.CompletedProcess:
    return renewals("crawl", "--sources", str(sources), "--db", db_url, *FAST_SETTINGS, *extra, check=check)


def snapshot(db_url: str) -> dict[str, set]:
    """The content of a database, without ids or timestamps, to compare two crawls."""
    engine = create_engine(db_url)
    queries = {
        "articles": "SELECT url, text_hash FROM articles",
        "duplicates": "SELECT d.url, d.kind, a.url FROM duplicates d JOIN articles a ON a.id = d.duplicate_of",
        "facts": (
            "SELECT s.title, f.season, f.status, f.certainty, f.platform, f.episodes, f.release,"
            " f.first_reported, f.last_reported FROM facts f JOIN series s ON s.id = f.series_id"
        ),
        "mentions": (
            "SELECT a.url, s.title, f.season, f.status, m.evidence FROM mentions m"
            " JOIN facts f ON f.id = m.fact_id JOIN series s ON s.id = f.series_id"
            " JOIN articles a ON a.id = m.article_id"
        ),
    }
    with engine.connect() as connection:
        result = {name: set(map(tuple, connection.execute(text(sql)))) for name, sql in queries.items()}
    engine.dispose()
    return result
