"""The `renewals` command line: one module per group of commands."""

from crawler.cli import bench, compare, crawl, database, documents, evaluate, export, query  # noqa: F401  (register commands)
from crawler.cli.common import main

__all__ = ["main"]
