"""`renewals bench`: measurements on this machine."""

from __future__ import annotations

from pathlib import Path

import click

from crawler.cli.common import main


@main.group(invoke_without_command=True)
@click.option(
    "--pages",
    type=click.IntRange(min=1),
    help="Pages of the site to crawl (default: 2000 generated pages, or every page of --html-dir).",
)
@click.option(
    "--html-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Serve these real pages (.html or .html.gz files) instead of generated ones.",
)
@click.option("--workers", type=click.IntRange(min=0), default=0, help="Extraction processes (default: one per core).")
@click.option(
    "--scale-pages",
    type=click.IntRange(min=0),
    help="Pages of the larger crawl that checks memory stays flat (default: 10 x --pages; 0 skips it).",
)
@click.pass_context
def bench(ctx: click.Context, pages: int | None, html_dir: Path | None, workers: int, scale_pages: int | None) -> None:
    """Measure this machine. Without a subcommand: serve a generated news site on
    loopback, crawl it end to end with `renewals crawl` into a temporary database, and
    print its pages/second beside trafilatura alone on the same pages, the time of a
    second crawl of the unchanged site, and the peak memory of a crawl ten times as large.

    \b
    Example:
      renewals bench --pages 2000
      renewals bench --html-dir ../shared/corpus/article-extraction-benchmark/html --pages 2000
      renewals bench dedup path/to/articles/
    """
    if ctx.invoked_subcommand is not None:
        return
    from crawler.bench.crawl import BenchError, format_report
    from crawler.bench.crawl import bench as run_bench

    try:
        report = run_bench(
            pages=pages,
            html_dir=html_dir,
            workers=workers,
            scale_pages=scale_pages,
            progress=lambda message: click.echo(message, err=True),
        )
    except BenchError as error:
        raise click.ClickException(str(error)) from None
    except ValueError as error:  # an --html-dir without pages
        raise click.BadParameter(str(error), param_hint="--html-dir") from None
    for line in format_report(report):
        click.echo(line)


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
@click.option(
    "--probes",
    default=500,
    show_default=True,
    type=click.IntRange(min=1),
    help="New articles looked up for near-duplicates at each database size.",
)
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
