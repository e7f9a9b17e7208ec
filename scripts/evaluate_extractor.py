#!/usr/bin/env python3
"""Score the renewal-fact extractor on a labelled folder of JSON articles.

Usage: scripts/evaluate_extractor.py GOLD_DIR [--verbose] [--show FILE ...]

Prints precision, recall and F1 overall, per language and per status (the six
forward-looking statuses; ``released`` on its own line), attribute accuracy
on matched facts and the mean extraction time per document. ``--show`` also
prints the facts extracted from plain-text articles (for example the seed
documents), whose first line may be ``date YYYY-MM-DD``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.extract import extract_facts  # noqa: E402
from crawler.extract.evaluation import score  # noqa: E402


def show(path: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    print(f"== {path}")
    for f in extract_facts(text):
        print(f"   {f.series!r} season={f.season} {f.status} platform={f.platform} {f.certainty} "
              f"episodes={f.episodes} release={f.release}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_dir", help="folder of labelled *.json articles")
    parser.add_argument("--verbose", "-v", action="store_true", help="list false positives and negatives per file")
    parser.add_argument("--show", nargs="*", default=[], metavar="FILE", help="plain-text articles to extract and print")
    args = parser.parse_args(argv)
    if not Path(args.gold_dir).is_dir():
        parser.error(f"not a directory: {args.gold_dir}")
    report = score(args.gold_dir)
    print(report.format(verbose=args.verbose))
    for path in args.show:
        show(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
