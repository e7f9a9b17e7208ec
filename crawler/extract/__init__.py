"""Renewal-fact extraction from entertainment news text (French and English).

The public entry point is :func:`extract_facts`, a pure function of its
arguments: no I/O; the only global state is memo caches (bounded) that never
change a result.  The pipeline is split into small
modules, one concern each:

- ``text``: length-preserving normalisation, bounded sentence segmentation;
- ``lexicon``: number words and ordinals, months, stopwords, common capitals;
- ``platforms``: network and platform names, variants and nicknames;
- ``seasons``: season mentions (digits, words, ordinals, S2, ranges, counts);
- ``dates``: date and window expressions, resolved against the publication date;
- ``titles``: series title candidates (quoted, italic, capitalised, anchored);
- ``cues``: status cues, hedges, history markers (French and English);
- ``assemble``: linking cues to series, seasons, platforms and dates; dedup;
- ``timing``: extraction time per document on a folder (``renewals bench``).

:func:`detect_language` tells French from English text by its stopwords.
"""

from __future__ import annotations

import datetime

from .model import CERTAINTIES, FACT_FIELDS, STATUSES, Fact
from .text import detect_language

__all__ = ["extract_facts", "detect_language", "Fact", "STATUSES", "CERTAINTIES", "FACT_FIELDS"]


def extract_facts(
    text: str,
    lang: str | None = None,
    published: datetime.date | None = None,
    title: str | None = None,
) -> list[Fact]:
    """Extract renewal facts from one article.

    ``lang`` is "fr", "en" or None (detected from stopwords).  ``published`` is
    the publication date used to resolve relative dates; ``title`` is the
    headline when known.  The text may start with a ``date YYYY-MM[-DD]`` line.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    # imported on first use: compiling the lexicons takes about half a second, which the
    # commands that only read the vocabulary, and the crawl's own process, need not pay
    # (the crawl's workers have it from their forkserver: processing.WORKER_MODULES)
    from .assemble import extract

    return extract(text, lang, published, title)
