"""Reading the crawl's stats: the counts a run records and the progress line shows."""

from __future__ import annotations

STAT_PREFIX = "renewals"
FINISHED_REASONS = {"finished", "closespider_pagecount", "closespider_itemcount", "closespider_timeout"}
"""Close reasons of a run that did its work (limits reached count as done)."""


def error_counts(stats: dict) -> dict[str, int]:
    """Errors and drops by kind: `errors/…` and `dropped/…` of the crawler, download
    exceptions (robots.txt refusals excepted) and HTTP 4xx/5xx responses."""
    counts = {}
    for key, value in stats.items():
        if key.startswith(f"{STAT_PREFIX}/errors/") or key.startswith(f"{STAT_PREFIX}/dropped/"):
            counts[key.removeprefix(f"{STAT_PREFIX}/")] = value
        elif key.startswith("downloader/exception_type_count/") and not key.endswith(".IgnoreRequest"):
            counts["download/" + key.rsplit(".", 1)[-1]] = value
        elif key.startswith("downloader/response_status_count/") and key[-3:-2] in "45":
            counts["http/" + key[-3:]] = value
    return counts


def failure_count(stats: dict) -> int:
    """Errors only (pages dropped as not articles are no failure)."""
    return sum(value for kind, value in error_counts(stats).items() if not kind.startswith("dropped/"))


def summary(stats: dict) -> str:
    """One line: pages, new articles, duplicates, new facts, errors."""
    return (
        f"{stats.get(f'{STAT_PREFIX}/pages', 0)} pages, "
        f"{stats.get(f'{STAT_PREFIX}/articles_new', 0)} new articles, "
        f"{stats.get(f'{STAT_PREFIX}/duplicates', 0)} duplicates, "
        f"{stats.get(f'{STAT_PREFIX}/facts_new', 0)} new facts, "
        f"{failure_count(stats)} errors"
    )
