"""Series title keys: the spelling-independent form that links aliases."""

from __future__ import annotations

import re
import unicodedata

LEADING_ARTICLES = ("the ", "a ", "an ", "le ", "la ", "les ", "l ", "un ", "une ", "des ")
MAX_KEY_LENGTH = 300
_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def title_key(title: str) -> str:
    """Lower case, no accents or punctuation, one leading article dropped.

    "L'Agence", "l’agence" and "Agence" share a key; so do "The Office" and "Office".
    """
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()
    for article in LEADING_ARTICLES:
        if text.startswith(article) and len(text) > len(article):
            text = text[len(article) :]
            break
    return text[:MAX_KEY_LENGTH]
