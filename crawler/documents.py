"""Local documents for `renewals ingest`, `extract` and `compare`: text files with an
optional `date` line, HTML files, and WARC archives of HTML responses."""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

# "date 2024-05" opens the document, alone on its line or followed by the text itself
DATE_LINE = re.compile(
    r"\A\ufeff?\s{0,20}date\s{1,5}(\d{4}-\d{2}(?:-\d{2})?)(?:[ \t]{0,20}\n|[ \t]{1,20}|\Z)", re.IGNORECASE
)
HTML_SUFFIXES = (".html", ".htm")
WARC_SUFFIXES = (".warc", ".warc.gz")
TEXT_SUFFIXES = (".txt", ".text", ".md")
STDIN = "-"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class DocumentError(Exception):
    """A document that cannot be read; the message names it."""


@dataclass
class Document:
    """One document: plain `text` with its date, or an HTML `body` to clean."""

    path: str
    url: str
    text: str | None = None
    body: bytes | None = None
    content_type: str | None = None
    published: str | None = None

    @property
    def is_html(self) -> bool:
        return self.body is not None


def split_date_line(text: str) -> tuple[str | None, str]:
    """(publication date, article text) of a text document."""
    match = DATE_LINE.match(text)
    if not match:
        return None, text.lstrip("\ufeff")
    return match.group(1), text[match.end() :]


def read_documents(paths: Iterable[str]) -> Iterator[Document]:
    """Every document under the given paths; directories are walked in name order."""
    for path in paths:
        if path == STDIN:
            yield _text_document("<stdin>", sys.stdin.read())
            continue
        target = Path(path)
        if target.is_dir():
            for child in sorted(p for p in target.rglob("*") if p.is_file() and _is_document(p)):
                yield from _read_file(child)
        elif target.is_file():
            yield from _read_file(target)
        else:
            raise DocumentError(f"{path}: no such file or directory")


def _is_document(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(HTML_SUFFIXES + WARC_SUFFIXES + TEXT_SUFFIXES)


def _read_file(path: Path) -> Iterator[Document]:
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        yield from _warc_documents(path)
        return
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise DocumentError(f"{path}: larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(f"{path}: cannot read: {error.strerror or error}") from None
    if name.endswith(HTML_SUFFIXES):
        yield Document(path=str(path), url=path.resolve().as_uri(), body=data)
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError(f"{path}: not UTF-8 text (convert it, or name it .html)") from None
    yield _text_document(str(path), text, path.resolve().as_uri())


def _text_document(path: str, text: str, url: str | None = None) -> Document:
    published, body = split_date_line(text)
    if url is None:
        url = "urn:sha256:" + hashlib.sha256(body.encode("utf-8")).hexdigest()
    return Document(path=path, url=url, text=body, published=published)


def _warc_documents(path: Path) -> Iterator[Document]:
    """The HTML responses of a WARC file, each with its target URL."""
    records = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.format != "warc":  # warcio reads any junk as a legacy ARC record
                    break
                records += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                if record.http_headers.get_statuscode() != "200":
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if "html" not in content_type.lower():
                    continue
                body = record.content_stream().read(MAX_DOCUMENT_BYTES + 1)
                if len(body) > MAX_DOCUMENT_BYTES:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                yield Document(path=f"{path}#{url}", url=url, body=body, content_type=content_type)
    except (ArchiveLoadFailed, OSError, EOFError, AttributeError, ValueError) as error:
        # warcio fails with AttributeError or ValueError on some truncated records
        raise DocumentError(f"{path}: not a readable WARC file: {error or type(error).__name__}") from None
    if not records:
        raise DocumentError(f"{path}: not a WARC file (no WARC record found)")
