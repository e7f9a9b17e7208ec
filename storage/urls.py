"""Canonical article URLs: one spelling per page, whatever link led to it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import courlan
from w3lib.url import canonicalize_url, url_query_cleaner

SESSION_PARAMETERS = ("sid", "phpsessid", "jsessionid", "sessionid", "session_id", "PHPSESSID", "JSESSIONID")
_PATH_SESSION = re.compile(r";jsessionid=[^/?#]{0,200}", re.IGNORECASE)


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking
    parameters (utm_*, fbclid, gclid, xtor, at_*…) or session ids, query sorted.

    Idempotent: ``canonical_url(canonical_url(u)) == canonical_url(u)``.
    """
    url = url.strip()
    if urlsplit(url).scheme not in ("http", "https"):
        return url
    normalized = courlan.normalize_url(_PATH_SESSION.sub("", url)) or url
    normalized = url_query_cleaner(normalized, SESSION_PARAMETERS, remove=True, unique=False, keep_fragments=True)
    return canonicalize_url(normalized, keep_fragments=False)


def preferred_url(fetched_url: str, declared_canonical: str | None) -> str:
    """The page's canonical URL: its `rel=canonical` when that points to the same
    site (an outlet's own choice of URL), else the fetched URL, canonicalised."""
    fetched = canonical_url(fetched_url)
    if not declared_canonical:
        return fetched
    try:
        declared = canonical_url(declared_canonical)
    except ValueError:
        return fetched
    if _site(declared) == _site(fetched) and urlsplit(declared).scheme in ("http", "https"):
        return declared
    return fetched


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")
