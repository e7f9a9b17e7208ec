"""`renewals evaluate`: score the fact extractor on labelled articles."""

from __future__ import annotations

from pathlib import Path

import click

from crawler.cli.common import main


@main.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="List the false positives and negatives of each file.")
def evaluate(gold_dir: Path, verbose: bool) -> None:
    """Score the extractor on GOLD_DIR, a folder of labelled JSON articles (text, lang,
    date and gold facts): precision, recall and F1 overall, per language and per
    status (`released` apart), attribute accuracy on matched facts, time per document.

    \b
    Example:
      renewals evaluate ../shared/corpus/renewals/dev --verbose
    """
    from crawler.extract.evaluation import score

    report = score(gold_dir)
    if not report.documents:
        raise click.ClickException(f"{gold_dir} holds no labelled .json article")
    click.echo(report.format(verbose=verbose))
