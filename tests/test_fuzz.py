"""Case 18: property-based tests (hypothesis) of the code that reads untrusted input:
URL canonicalisation, the sources-file loader, the document reader and the fact
extractor (see `fuzz` below for the number of examples)."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import string
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from crawler.documents import DocumentError, read_documents
from crawler.extract import STATUSES, extract_facts
from crawler.sources import Source, SourcesError, load_sources, parse_sources
from storage.urls import canonical_url

# derandomized: the same examples every run, so CI is deterministic; raise the count
# with RENEWALS_FUZZ_EXAMPLES=1000 (and drop derandomize locally) to search harder
fuzz = settings(
    max_examples=int(os.environ.get("RENEWALS_FUZZ_EXAMPLES", "60")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
EXTRACTION_TIME_LIMIT = 20.0  # RENEWALS_DOCUMENT_TIMEOUT: what a page may take in a crawl


# URL canonicalisation ------------------------------------------------------------------------------

_unreserved = string.ascii_letters + string.digits + "-._~"
_segment = st.text(alphabet=_unreserved + "%!$&'()*+,;=:@é€ 中", max_size=12)
_host = st.one_of(
    st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9-]{0,10}[A-Za-z0-9])?(\.[A-Za-z]{2,6}){1,2}", fullmatch=True),
    st.sampled_from(["127.0.0.1", "[::1]", "WWW.Example.COM", "xn--caf-dma.fr", "café.fr", "localhost"]),
)
_query_key = st.one_of(
    st.sampled_from(["utm_source", "utm_medium", "fbclid", "gclid", "xtor", "at_medium", "page", "id", "sessionid"]),
    st.text(alphabet=_unreserved, min_size=1, max_size=6),
)
_query = st.lists(st.tuples(_query_key, st.text(alphabet=_unreserved + "%+/ é", max_size=8)), max_size=5)


@st.composite
def urls(draw) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    host = draw(_host)
    port = draw(st.one_of(st.none(), st.sampled_from([80, 443, 8080]), st.integers(1, 65535)))
    path = "/".join(draw(st.lists(_segment, max_size=5)))
    query = "&".join(f"{k}={v}" for k, v in draw(_query))
    fragment = draw(st.one_of(st.none(), _segment))
    url = f"{scheme}://{host}{f':{port}' if port else ''}/{path}"
    if query or draw(st.booleans()):
        url += "?" + query
    if fragment is not None:
        url += "#" + fragment
    return url


@fuzz
@given(urls())
def test_canonical_url_is_idempotent(url):
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert "#" not in once and "utm_" not in once


@fuzz
@given(st.text(max_size=200))
def test_canonical_url_of_any_text_is_idempotent_or_a_value_error(text):
    try:
        once = canonical_url(text)
    except ValueError:
        return
    assert canonical_url(once) == once


# the sources file ----------------------------------------------------------------------------------

_toml_scalar = st.one_of(
    st.text(max_size=30),
    st.integers(-5, 20),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.sampled_from(["https://ecrans.example/rss.xml", "ftp://x/", "/relative", "https://", "[unclosed(", "fr"]),
)
_toml_value = st.recursive(
    _toml_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
)
_source_keys = st.sampled_from(
    ["name", "lang", "feeds", "sitemaps", "start_urls", "allow", "deny", "max_depth", "colour"]
) | st.text(max_size=8)
_source_tables = st.dictionaries(_source_keys, _toml_value, max_size=8)
_documents = st.one_of(
    st.dictionaries(st.just("source"), st.lists(_source_tables | _toml_value, max_size=3)),
    st.dictionaries(st.text(max_size=8), _toml_value, max_size=3),
)


@fuzz
@given(_documents)
def test_sources_loader_returns_sources_or_a_message(data):
    try:
        sources = parse_sources(data, "sources.toml")
    except SourcesError as error:
        assert str(error).startswith("sources.toml: ") and len(str(error)) > len("sources.toml: ")
        return
    assert sources and all(isinstance(s, Source) and s.name for s in sources)


_toml_text = st.one_of(
    st.text(max_size=300),
    st.builds(
        lambda name, key, value: f'[[source]]\nname = "{name}"\n{key} = {value}\n',
        st.text(alphabet=string.printable, max_size=10),
        st.sampled_from(["feeds", "allow", "lang", "max_depth", "deny", "start_urls"]),
        st.sampled_from(['["https://a.example/"]', '["("]', "[1, 2]", '"x"', "99", "-1", "{a = 1}", '"""', "[[]]"]),
    ),
)


@fuzz
@given(st.one_of(_toml_text.map(lambda t: t.encode("utf-8")), st.binary(max_size=300)))
def test_sources_file_never_raises_anything_but_a_message(content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sources.toml"
        path.write_bytes(content)
        try:
            load_sources(path)
        except SourcesError as error:
            assert str(path) in str(error)


# the document reader ---------------------------------------------------------------------------------

_warc_like = st.builds(
    lambda head, body: head + body,
    st.sampled_from([b"WARC/1.0\r\n", b"WARC/1.1\r\n\r\n", b""]),
    st.binary(max_size=500),
)
TRUNCATED_WARC_RESPONSE = b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nabc"


@fuzz
@given(
    suffix=st.sampled_from([".txt", ".md", ".html", ".htm", ".warc", ".warc.gz"]),
    content=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", errors="replace")),
        st.builds(lambda d, t: f"date {d}\n{t}".encode(), st.text(max_size=12), st.text(max_size=200)),
        _warc_like,
    ),
    compress=st.booleans(),
)
def test_document_reader_returns_documents_or_a_message(suffix, content, compress):
    if suffix == ".warc.gz" and compress:
        content = gzip.compress(content)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(content)
        try:
            documents = list(read_documents([str(path)]))
        except DocumentError as error:
            assert str(path) in str(error)
            return
    for document in documents:
        assert (document.text is None) != (document.body is None)
        if document.published is not None:
            assert len(document.published) in (7, 10)


def test_truncated_warc_response_record_is_a_message(tmp_path):
    path = tmp_path / "cut.warc"
    path.write_bytes(TRUNCATED_WARC_RESPONSE)
    with pytest.raises(DocumentError, match="cut.warc"):
        list(read_documents([str(path)]))


# the fact extractor ----------------------------------------------------------------------------------

NEWS_WORDS = (
    "Netflix Prime Video Disney+ HBO Max Canal+ TF1 « » \" ' ( ) — – . , ; : ! ? \n saison season saisons S2 S03 "
    "3 4 10 2025 2026 mars March renouvelée renewed annulée cancelled final finale dernière tournage filming "
    "épisodes episodes date sortie release selon reportedly officiellement officially la le les The of pour for "
    "série series Stranger Things « Les Gardiens du phare » The Bear Lupin Dix pour cent prochaine next"
).split(" ")


@st.composite
def news_texts(draw) -> str:
    """Text from news-like tokens and arbitrary unicode, up to 1 MB."""
    tokens = draw(st.lists(st.one_of(st.sampled_from(NEWS_WORDS), st.text(max_size=12)), min_size=1, max_size=300))
    piece = " ".join(tokens)
    size = draw(st.sampled_from([len(piece), 10_000, 200_000, 1_000_000]))
    return (piece * (size // max(len(piece), 1) + 1))[:size]


@fuzz
@given(
    text=st.one_of(st.text(max_size=2000), news_texts()),
    lang=st.sampled_from([None, "fr", "en", "de", ""]),
    published=st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))),
    title=st.one_of(st.none(), st.text(max_size=200)),
)
def test_fact_extractor_never_fails_and_is_bounded_in_time(text, lang, published, title):
    assume(len(text) <= 1_000_000)
    started = time.monotonic()
    facts = extract_facts(text, lang, published, title=title)
    assert time.monotonic() - started < EXTRACTION_TIME_LIMIT
    for fact in facts:
        assert fact.status in STATUSES and fact.series and fact.evidence is not None


@pytest.mark.parametrize(
    "text",
    [
        "a" * 1_000_000,
        "« " * 500_000,
        "Saison " * 142_000,
        ("Netflix a renouvelé « Toto » pour une saison 3. " * 21_000)[:1_000_000],
        "\n" * 1_000_000,
        "".join(chr(c) for c in range(0x20, 0x2FFF)) * 80,
    ],
    ids=["letters", "guillemets", "saison", "repeated_fact", "newlines", "unicode"],
)
def test_fact_extractor_on_1_mb_adversarial_texts(text):
    started = time.monotonic()
    extract_facts(text[:1_000_000], None, None)
    assert time.monotonic() - started < EXTRACTION_TIME_LIMIT
