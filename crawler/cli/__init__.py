"""The `renewals` command line: one module per group of commands."""

from crawler.cli import crawl, database, documents, query  # noqa: F401  (they register their commands)
from crawler.cli.common import main

__all__ = ["main"]
