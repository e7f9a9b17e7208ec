"""Cleaning: HTML page → article text and metadata, with trafilatura.

Pages that are not articles are refused with a short reason that becomes a counted
stat (`renewals/dropped/<reason>`), never an exception that stops the crawl.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import threading
from dataclasses import dataclass, field

import trafilatura
from courlan import extract_domain
from htmldate import find_date
from lxml import etree
from lxml import html as lxml_html
from trafilatura import core as trafilatura_core
from trafilatura import metadata as trafilatura_metadata
from trafilatura.settings import DEFAULT_CONFIG, set_date_params
from w3lib.encoding import html_to_unicode

MIN_TEXT_CHARS = 200
BINARY_SNIFF_BYTES = 1024
BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")
_BLANK_LINES = re.compile(r"\n{2,}")
ITALIC_MARK = "*"  # an italic title reaches the extractor as in Markdown: "*Title*"
ITALIC_TAGS = ("i", "em")
MAX_ITALIC_CHARS = 90  # longer italics are quotations, not titles
MAX_ITALIC_TITLES = 200
ARTICLE_TYPES = ("article", "news", "newsarticle", "blogposting", "reportagenewsarticle")
# Elements that every path of trafilatura's extraction deletes before reading any text
# (its tree cleaning, its baseline and its page-text measure alike); JSON-LD scripts stay,
# trafilatura reads them. Deleting them first spares its XPath pruning, which tests
# each element with Python regular expressions, a fifth of its work on a typical page.
DISCARDED_TAGS = ("aside", "fencedframe", "footer", "script", "style", "svg")
JSON_LD_TYPE = "application/ld+json"
# trafilatura (2.3 on) retries a short extraction in "recall" mode when it covers under a
# fifth of the page's text, for layouts that are not articles. To decide, it renders the
# whole page to text once more: a third of the cleaning time on real news pages, where the
# retry changed no text (181 pages of a public benchmark). Cleaning keeps article pages only.
RECALL_ESCALATION_SETTING = "ESCALATION_MAX_LENGTH"
_XML_DECLARATION = re.compile(r"^\s{0,100}<\?xml[^>]{0,200}\?>")
_LANG_CODE = re.compile(r"^([a-zA-Z]{2,3})\b")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_WESTERN_SINGLE_BYTE = {"cp1252", "iso8859-1", "iso8859-15", "ascii"}


# Read the public-suffix list now, not on the first page: importing this module is what
# the crawl's forkserver does once for all its workers (processing.WORKER_MODULES).
extract_domain("https://www.example.com/")


_parsers = threading.local()


class NotAnArticle(Exception):
    """The page holds no article text; `reason` is a short stat key."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass
class CleanedPage:
    """The article part of a page."""

    text: str
    title: str | None = None
    published: str | None = None
    lang: str | None = None
    site: str | None = None
    canonical: str | None = None
    categories: list[str] = field(default_factory=list)
    marked_text: str = ""  # `text` with the page's italic titles marked (ITALIC_MARK), for the extractor

    def __post_init__(self):
        self.marked_text = self.marked_text or self.text


def clean_html(
    body: bytes | str, url: str | None = None, content_type: str | None = None, category_links: bool = True
) -> CleanedPage:
    """Extract the main text and metadata of an HTML page, or raise NotAnArticle.

    Bytes are decoded as browsers do (BOM, then the Content-Type charset, then the
    page's <meta charset>, then a guess), so accents survive a wrong or missing label.
    Categories come from the page's metadata, and from its category links unless
    `category_links` is False (that scan costs a tenth of the cleaning).
    """
    if isinstance(body, bytes):
        if not body or body.isspace():  # not strip(): it would copy the page to say so
            raise NotAnArticle("empty")
        if _looks_binary(body[:BINARY_SNIFF_BYTES]):
            raise NotAnArticle("binary")
        body = decode_html(body, content_type)
    if not body or body.isspace():
        raise NotAnArticle("empty")
    tree = _parse(body)
    page_type = _declared_type(tree)
    if page_type and page_type not in ARTICLE_TYPES:
        raise NotAnArticle("not_article", f"og:type {page_type}")
    lang = _page_language(tree)
    canonical = _canonical_link(tree)
    metadata = page_metadata(tree, url, category_links)
    italics = _italic_titles(tree)  # before trafilatura, which prunes the tree
    _delete_discarded(tree)
    with _no_recall_escalation():
        document = trafilatura.bare_extraction(
            tree,
            url=url or metadata.url,
            fast=True,  # no readability/jusText comparison: as good on real news pages, a third faster
            with_metadata=False,  # page_metadata() has the fields we use, at a fraction of the cost
            include_comments=False,
            include_tables=True,
            deduplicate=False,
        )
    if document is None or not document.text:
        raise NotAnArticle("no_text")
    text = _BLANK_LINES.sub("\n", document.text).strip()
    if len(text) < MIN_TEXT_CHARS:
        raise NotAnArticle("too_short", f"{len(text)} characters")
    return CleanedPage(
        text=text,
        marked_text=_mark_italics(text, italics),
        title=metadata.title or None,
        published=metadata.date or None,
        lang=lang,
        site=metadata.sitename or metadata.hostname or None,
        canonical=canonical,
        categories=list(metadata.categories or []),
    )


@contextlib.contextmanager
def _no_recall_escalation():
    """trafilatura without its recall escalation (RECALL_ESCALATION_SETTING) for the
    duration: the setting is a module constant, set back afterwards so that other callers
    in the process (the bench's stock reference) get the library's own behaviour. Cleaning
    runs one page at a time per process (worker processes, or the command's own thread)."""
    stock = getattr(trafilatura_core, RECALL_ESCALATION_SETTING, None)
    if stock is None:  # a trafilatura without the escalation
        yield
        return
    setattr(trafilatura_core, RECALL_ESCALATION_SETTING, 0)
    try:
        yield
    finally:
        setattr(trafilatura_core, RECALL_ESCALATION_SETTING, stock)


def _italic_titles(tree) -> set[str]:
    """The texts set in italics on the page that can be titles: the press sets titles of
    series in italics, often the only sign that common words form one ("*Industry*
    returns", "*Un si grand soleil*"). Emphasis (lower case) and quotations (long) are not."""
    titles = set()
    for element in tree.iter(ITALIC_TAGS):
        text = " ".join("".join(element.itertext()).split())
        if 2 <= len(text) <= MAX_ITALIC_CHARS and (text[0].isupper() or text[0].isdigit()) and ITALIC_MARK not in text:
            titles.add(text)
            if len(titles) == MAX_ITALIC_TITLES:
                break
    return titles


def _delete_discarded(tree) -> None:
    """Delete the DISCARDED_TAGS elements, keeping the text that follows each (its tail)."""
    for element in list(tree.iter(DISCARDED_TAGS)):
        if element.tag == "script" and (element.get("type") or "").strip().lower() == JSON_LD_TYPE:
            continue
        element.drop_tree()


def _mark_italics(text: str, titles: set[str]) -> str:
    """`text` with each whole-word occurrence of an italic title between ITALIC_MARKs;
    the longest title wins where two overlap. The pattern is an alternation of literals:
    linear in the text."""
    if not titles:
        return text
    alternatives = "|".join(re.escape(title) for title in sorted(titles, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w*])(?:{alternatives})(?![\w*])")
    return pattern.sub(lambda m: f"{ITALIC_MARK}{m.group(0)}{ITALIC_MARK}", text)


def page_metadata(tree, url: str | None = None, category_links: bool = True) -> trafilatura.settings.Document:
    """Title, date, site name, host name and categories of a page, as trafilatura's
    `extract_metadata` finds them, without what the crawler does not use (author, tags,
    licence): those take two thirds of its time on real news pages."""
    try:
        return _page_metadata(tree, url, category_links)
    except AttributeError:  # a trafilatura whose internals moved: its whole metadata extraction
        return trafilatura_metadata.extract_metadata(tree, url)


def _page_metadata(tree, url: str | None, category_links: bool) -> trafilatura.settings.Document:
    """The steps of trafilatura.metadata.extract_metadata (trafilatura 2.x) for the fields we use."""
    meta = trafilatura_metadata
    date_config = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
    found = meta.examine_meta(tree)
    try:
        found = meta.extract_meta_json(tree, found)
    except Exception:  # noqa: BLE001 - trafilatura ignores its own JSON-LD reading errors too
        pass
    if not found.title:
        found.title = meta.extract_title(tree)
    if not found.url:
        found.url = meta.extract_url(tree, url)
    if found.url:
        found.hostname = extract_domain(found.url, fast=True)
    date_config["url"] = found.url
    found.date = find_date(tree, **date_config)
    if not found.sitename:
        found.sitename = meta.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url:
        match = meta.META_URL.match(found.url)
        if match:
            found.sitename = match[1]
    if not found.categories and category_links:
        found.categories = meta.extract_catstags("category", tree)
    found.clean_and_trim()
    return found


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """The page as text, decoded by BOM, HTTP charset, <meta> charset, then detection.

    A wrong label is overruled where the bytes leave no doubt: bytes that are not
    UTF-8 although labelled so are read as Windows-1252 (the usual culprit), and
    valid multi-byte UTF-8 labelled Windows-1252 or Latin-1 is read as UTF-8
    (such sequences are mojibake, never real Western text).
    """
    encoding, text = html_to_unicode(content_type, body)
    if body.startswith(_BOMS):
        return text
    name = codecs.lookup(encoding).name
    if name == "utf-8" and "\ufffd" in text and not _is_utf8(body):
        return html_to_unicode("text/html; charset=windows-1252", body)[1]
    if name in _WESTERN_SINGLE_BYTE and _is_utf8(body) and any(byte >= 0x80 for byte in body):
        return html_to_unicode("text/html; charset=utf-8", body)[1]
    return text


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_binary(head: bytes) -> bool:
    if head.startswith(_BOMS):  # UTF-16/32 text has NUL bytes
        return False
    return head.startswith(BINARY_SIGNATURES) or b"\x00" in head


def _parse(body: str):
    """The page's tree, parsed from UTF-8: libxml2 reads a Python string holding any
    non-ASCII character as UCS-4, which makes parsing a French page half as slow again."""
    body = _XML_DECLARATION.sub("", body, count=1)
    try:
        tree = lxml_html.document_fromstring(body.encode("utf-8", "surrogatepass"), parser=_utf8_parser())
    except (etree.ParserError, ValueError) as error:
        raise NotAnArticle("unparsable", str(error)) from None
    if tree is None:
        raise NotAnArticle("unparsable")
    return tree


def _utf8_parser() -> lxml_html.HTMLParser:
    """This thread's HTML parser for UTF-8 bytes (an lxml parser serves one thread at a time).

    Its elements are all of lxml.html's one element class, chosen in C: lxml.html's own
    lookup calls back into Python for every element it hands out (to give forms and inputs
    classes of their own that trafilatura never uses), 4 % of the cleaning's instructions."""
    parser = getattr(_parsers, "utf8", None)
    if parser is None:
        parser = _parsers.utf8 = lxml_html.HTMLParser(encoding="utf-8")
        parser.set_element_class_lookup(
            etree.ElementDefaultClassLookup(
                element=lxml_html.HtmlElement,
                comment=lxml_html.HtmlComment,
                pi=lxml_html.HtmlProcessingInstruction,
                entity=lxml_html.HtmlEntity,
            )
        )
    return parser


def _page_language(tree) -> str | None:
    declared = tree.get("lang") or next(
        iter(tree.xpath("//meta[@property='og:locale']/@content | //meta[@http-equiv='content-language']/@content")),
        None,
    )
    match = _LANG_CODE.match(declared.strip()) if declared else None
    return match.group(1).lower() if match else None


def _declared_type(tree) -> str | None:
    """The page's Open Graph type: section and home pages say "website"."""
    for value in tree.xpath("//meta[@property='og:type']/@content"):
        value = value.strip().lower()
        if value:
            return value
    return None


def _canonical_link(tree) -> str | None:
    for href in tree.xpath("//link[@rel='canonical']/@href"):
        href = href.strip()
        if href:
            return href
    return None
