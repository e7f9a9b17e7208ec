"""The CPU-heavy part of the pipeline — cleaning and fact extraction — as plain
functions of plain data, so that they run the same in a worker process, in
`renewals ingest` and in tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from crawler.extract import detect_language, extract_facts
from crawler.extract.model import Fact
from storage import neardup
from storage.urls import preferred_url

if TYPE_CHECKING:  # storage.writer loads SQLAlchemy, which the workers never use
    from storage.writer import ArticleRecord

# What processing imports when first used, not at import: trafilatura, the extractor's
# compiled lexicons and datasketch (with scipy) take seconds of CPU to import, which the
# crawl process (it only schedules pages and reads results) and commands that never
# clean a page do not pay. The crawl's forkserver imports them once for all its
# workers, so that a new worker's first page does not pay them either.
WORKER_MODULES = ("crawler.processing", "crawler.cleaning", "crawler.topic", "crawler.extract.assemble", "datasketch")


@dataclass
class ProcessedPage:
    """The outcome of one page: an article with its facts, or the reason it was dropped."""

    url: str
    text: str = ""
    title: str | None = None
    published: str | None = None
    lang: str | None = None
    site: str | None = None
    canonical: str | None = None  # the URL to store it under: its same-site rel=canonical, else its own
    categories: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    signature: bytes | None = None
    digest: str | None = None
    bands: list[tuple[int, int]] | None = None
    dropped: str | None = None
    detail: str = ""


def process_html(
    url: str,
    body: bytes | str,
    content_type: str | None = None,
    lang_hint: str | None = None,
    announced: str | None = None,
) -> ProcessedPage:
    """Clean a page and extract its facts. `announced` is the feed or sitemap date."""
    from crawler.cleaning import NotAnArticle, clean_html
    from crawler.topic import looks_entertainment, names_entertainment_section

    try:  # the page's categories only serve to tell its topic, which its URL may tell already
        page = clean_html(body, url, content_type, category_links=not names_entertainment_section(url))
    except NotAnArticle as error:
        return ProcessedPage(url=url, dropped=error.reason, detail=str(error))
    published = page.published or announced
    processed = ProcessedPage(
        url=url,
        text=page.text,
        title=page.title,
        published=published,
        lang=page.lang or lang_hint or detect_language(page.text),
        site=page.site,
        canonical=preferred_url(url, page.canonical),
        categories=page.categories,
    )
    processed.facts = _facts_of_marked_text(page, processed.lang, publication_date(published))
    if not processed.facts and not looks_entertainment(page.text, url, page.categories):
        return ProcessedPage(url=url, dropped="off_topic", detail="not about series, films or television")
    _fingerprint(processed)
    return processed


def _fingerprint(page: ProcessedPage) -> None:
    """What storage deduplicates by, computed where the CPU is cheap (see ArticleRecord)."""
    page.signature = neardup.signature(page.text)
    page.digest = neardup.text_hash(page.text)
    page.bands = neardup.band_keys(page.signature) if page.signature else []


def _facts_of_marked_text(page, lang: str | None, published: dt.date | None) -> list[Fact]:
    """The facts of a cleaned page, read in its text with italics marked; the marks are
    taken out of the evidence, which quotes the page's plain text."""
    from crawler.cleaning import ITALIC_MARK

    facts = extract_facts(page.marked_text, lang, published, title=page.title)
    if page.marked_text == page.text:
        return facts
    return [replace(fact, evidence=fact.evidence.replace(ITALIC_MARK, "")) for fact in facts]


def process_text(
    url: str,
    text: str,
    published: str | None = None,
    lang_hint: str | None = None,
    title: str | None = None,
) -> ProcessedPage:
    """Extract the facts of a plain-text document (no cleaning needed)."""
    text = text.strip()
    if not text:
        return ProcessedPage(url=url, dropped="empty")
    lang = lang_hint or detect_language(text)
    facts = extract_facts(text, lang, publication_date(published), title=title)
    processed = ProcessedPage(url=url, text=text, title=title, published=published, lang=lang, facts=facts)
    _fingerprint(processed)
    return processed


def article_record(page: ProcessedPage, source: str | None = None) -> ArticleRecord:
    """What storage needs of a processed page, under its preferred canonical URL."""
    from storage.writer import ArticleRecord

    return ArticleRecord(
        url=page.url,
        text=page.text,
        facts=page.facts,
        title=page.title,
        published=page.published,
        lang=page.lang,
        site=page.site,
        source=source,
        canonical=page.canonical,
        signature=page.signature,
        digest=page.digest,
        bands=page.bands,
    )


def publication_date(value: str | None) -> dt.date | None:
    """The date of `YYYY-MM-DD` or `YYYY-MM` (first of the month), else None."""
    if not value:
        return None
    try:
        if len(value) == 7:
            return dt.date.fromisoformat(value + "-01")
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
