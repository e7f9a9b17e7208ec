"""The `renewals` command line: one module per group of commands."""

from crawler.startup import pause_collector

pause_collector()  # while the commands and their libraries load; `main` resumes it

from crawler.cli import bench, compare, crawl, database, documents, evaluate, export, query  # noqa: E402, F401  (register commands)
from crawler.cli.common import main  # noqa: E402

__all__ = ["main"]
