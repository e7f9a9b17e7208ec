"""`renewals bench`: measurements on this machine."""

from __future__ import annotations

from pathlib import Path

import click

from crawler.cli.common import main


@main.group()
def bench() -> None:
    """Measure this machine: near-duplicate detection quality and cost.

    \b
    Example:
      renewals bench dedup path/to/articles/
    """


@bench.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def dedup(folder: Path) -> None:
    """Error rates of near-duplicate detection on pairs built from FOLDER's articles
    (.json files with a "text" field, or .txt files): edited copies that must be
    recognised, distinct articles that must not be merged.

    \b
    Example:
      renewals bench dedup ../shared/corpus/renewals/dev
    """
    from crawler.bench.dedup import evaluate_pairs, load_texts, same_topic_pairs

    report, missed = evaluate_pairs(folder)
    articles = load_texts(folder)
    click.echo(f"articles: {len(articles)}")
    click.echo(
        f"edited copies: {report.copies}, missed: {report.copies_missed} "
        f"(false negative rate {report.false_negative_rate:.2%}) {missed or ''}"
    )
    click.echo(
        f"distinct pairs: {report.distinct} ({same_topic_pairs(articles)} about the same series), "
        f"taken for copies: {report.distinct_merged} (false positive rate {report.false_positive_rate:.2%})"
    )


@bench.command()
@click.option("--sizes", default="10000,200000", show_default=True, help="Database sizes, comma-separated.")
@click.option("--probes", default=500, show_default=True, type=click.IntRange(min=1))
def storage(sizes: str, probes: int) -> None:
    """Near-duplicate lookup cost per article and database size per article as the
    archive grows (synthetic articles in a temporary SQLite database).

    \b
    Example:
      renewals bench storage --sizes 10000,200000
    """
    from crawler.bench.dedup import scale

    try:
        points = [int(size) for size in sizes.split(",")]
    except ValueError:
        raise click.BadParameter("use numbers separated by commas, e.g. 10000,200000", param_hint="--sizes") from None
    results = scale(points, probes=probes, progress=lambda message: click.echo(message, err=True))
    for point in results:
        click.echo(
            f"{point.articles:>8} articles: {point.lookup_ms:.2f} ms per near-duplicate lookup, "
            f"{point.bytes_per_article / 1024:.1f} KiB per article"
        )
    if len(results) > 1:
        click.echo(f"lookup cost ratio largest/smallest: {results[-1].lookup_ms / results[0].lookup_ms:.2f}")
