"""`renewals extract` and `renewals ingest`: local documents through the same
cleaning, extraction and storage as crawled pages."""

from __future__ import annotations

import click
from sqlalchemy.orm import Session

from crawler.cli.common import db_option, main, open_db
from crawler.documents import Document, DocumentError, read_documents
from crawler.output import emit, format_option, resolve_format
from crawler.processing import ProcessedPage, article_record, process_html, process_text
from storage.batches import write_batch
from storage.runs import COMPLETED, FAILED, finish_run, start_run
from storage.writer import ArticleRecord, BatchResult

INGEST_BATCH_SIZE = 100


def process_document(document: Document) -> ProcessedPage:
    if document.is_html:
        return process_html(document.url, document.body, document.content_type, None, document.published)
    return process_text(document.url, document.text, document.published)


def read_all(paths, consequence: str = "Nothing was done.") -> list[Document]:
    """Every document under `paths`, or a ClickException naming the one that is unreadable."""
    try:
        return list(read_documents(paths))
    except DocumentError as error:
        raise click.ClickException(f"{error}. {consequence}") from None


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@format_option(("jsonl", "json", "table"))
def extract(paths, output_format):
    """Extract facts from local documents without touching the database.

    PATH is a text file (optional first line `date YYYY-MM-DD`), an .html file, a
    .warc/.warc.gz file, a directory of those, or - for standard input.

    \b
    Example:
      renewals extract article.txt --format jsonl
    """
    output_format = resolve_format(output_format, ("jsonl", "json", "table"))
    results = []
    for document in read_all(paths):
        page = process_document(document)
        results.append(
            {
                "path": document.path,
                "published": page.published,
                "lang": page.lang,
                "title": page.title,
                "facts": [fact.to_dict() for fact in page.facts],
            }
        )
    if output_format == "table":
        rows = [{"path": r["path"], **fact} for r in results for fact in r["facts"]]
        emit(rows, "table", ("path", "series", "season", "status", "certainty", "platform", "episodes", "release"))
    else:
        emit(results, output_format, ())


@main.command()
@db_option
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
def ingest(db_url, paths):
    """Store local documents as crawled pages are stored: cleaned, deduplicated,
    facts extracted.

    \b
    Example:
      renewals ingest saved-articles/ news.warc.gz
    """
    documents = read_all(paths)
    engine = open_db(db_url)
    totals = BatchResult()
    dropped = 0
    with Session(engine) as session, session.begin():
        run_id = start_run(session, "ingest")
    try:
        batch: list[ArticleRecord] = []
        for document in documents:
            page = process_document(document)
            if page.dropped:
                dropped += 1
                click.echo(f"skipped {document.path}: {page.dropped}", err=True)
                continue
            batch.append(article_record(page))
            if len(batch) >= INGEST_BATCH_SIZE:
                totals.add(write_batch(engine, batch, run_id))
                batch = []
        totals.add(write_batch(engine, batch, run_id))
    except Exception as error:
        with Session(engine) as session, session.begin():
            finish_run(session, run_id, FAILED, reason=str(error).splitlines()[0] if str(error) else repr(error))
        raise click.ClickException(f"ingest failed: {error}") from None
    with Session(engine) as session, session.begin():
        finish_run(
            session,
            run_id,
            COMPLETED,
            pages=len(documents),
            articles_new=totals.articles_new,
            duplicates=totals.duplicates,
            facts_new=totals.facts_new,
            errors={"dropped": dropped} if dropped else {},
        )
    click.echo(
        f"{len(documents)} documents: {totals.articles_new} new articles, "
        f"{totals.duplicates} duplicates, {totals.facts_new} new facts, {dropped} skipped",
        err=True,
    )
