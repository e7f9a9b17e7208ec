"""The sources file: news outlets described as data, validated before any crawl starts."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_SOURCES = "default_sources.toml"
URL_LIST_KEYS = ("feeds", "sitemaps", "start_urls")
PATTERN_LIST_KEYS = ("allow", "deny")
ALLOWED_KEYS = {"name", "lang", "max_depth", *URL_LIST_KEYS, *PATTERN_LIST_KEYS}
DEFAULT_MAX_DEPTH = 2
MAX_NAME_LENGTH = 200


class SourcesError(ValueError):
    """The sources file is unusable; the message names the file, the source and the problem."""


@dataclass(frozen=True)
class Source:
    """One outlet: where to discover its articles and which URLs to keep."""

    name: str
    lang: str | None = None
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    allow: tuple[re.Pattern, ...] = ()
    deny: tuple[re.Pattern, ...] = ()
    max_depth: int = DEFAULT_MAX_DEPTH
    domains: frozenset[str] = field(default=frozenset())

    def keeps(self, url: str) -> bool:
        """Whether a discovered URL is one of this source's articles or sections."""
        if any(p.search(url) for p in self.deny):
            return False
        return not self.allow or any(p.search(url) for p in self.allow)


def default_sources_path() -> Path:
    return Path(str(resources.files("crawler").joinpath(DEFAULT_SOURCES)))


def load_sources(path: str | Path | None = None) -> list[Source]:
    """Read and validate a sources file (the bundled one when `path` is None)."""
    path = Path(path) if path is not None else default_sources_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SourcesError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise SourcesError(f"{path}: invalid TOML: {error}") from None
    return parse_sources(data, str(path))


def parse_sources(data: dict, origin: str) -> list[Source]:
    """Validate the parsed TOML of a sources file."""
    extra = set(data) - {"source"}
    if extra:
        raise SourcesError(f"{origin}: unknown top-level key {sorted(extra)[0]!r} (expected [[source]] tables)")
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise SourcesError(f"{origin}: no [[source]] table")
    sources, names = [], set()
    for index, entry in enumerate(entries, start=1):
        source = _parse_source(entry, f"{origin}: source #{index}")
        if source.name in names:
            raise SourcesError(f"{origin}: source {source.name!r}: duplicate name")
        names.add(source.name)
        sources.append(source)
    return sources


def _parse_source(entry: object, where: str) -> Source:
    if not isinstance(entry, dict):
        raise SourcesError(f"{where}: expected a table")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SourcesError(f"{where}: missing 'name'")
    if len(name) > MAX_NAME_LENGTH:
        raise SourcesError(f"{where}: 'name' is longer than {MAX_NAME_LENGTH} characters")
    where = f"{where.rsplit(': ', 1)[0]}: source {name!r}"
    unknown = set(entry) - ALLOWED_KEYS
    if unknown:
        raise SourcesError(f"{where}: unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(ALLOWED_KEYS))})")
    lang = entry.get("lang")
    if lang is not None and (not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2,3}", lang)):
        raise SourcesError(f'{where}: \'lang\' must be a language code such as "fr" or "en"')
    max_depth = entry.get("max_depth", DEFAULT_MAX_DEPTH)
    if not isinstance(max_depth, int) or isinstance(max_depth, bool) or not 0 <= max_depth <= 10:
        raise SourcesError(f"{where}: 'max_depth' must be an integer from 0 to 10")
    urls = {key: _urls(entry, key, where) for key in URL_LIST_KEYS}
    if not any(urls.values()):
        raise SourcesError(f"{where}: give at least one of 'feeds', 'sitemaps' or 'start_urls'")
    patterns = {key: _patterns(entry, key, where) for key in PATTERN_LIST_KEYS}
    domains = frozenset(
        urlsplit(u).netloc.lower().rpartition("@")[2].removeprefix("www.") for values in urls.values() for u in values
    )
    return Source(name=name, lang=lang, max_depth=max_depth, domains=domains, **urls, **patterns)


def _string_list(entry: dict, key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SourcesError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _urls(entry: dict, key: str, where: str) -> tuple[str, ...]:
    urls = _string_list(entry, key, where)
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SourcesError(f"{where}: '{key}' holds {url!r}, which is not an http(s) URL")
        if parts.username or parts.password:
            raise SourcesError(f"{where}: '{key}' holds a URL with credentials; sources files carry no secrets")
    return urls


def _patterns(entry: dict, key: str, where: str) -> tuple[re.Pattern, ...]:
    compiled = []
    for pattern in _string_list(entry, key, where):
        try:
            compiled.append(re.compile(pattern))
        except re.error as error:
            raise SourcesError(f"{where}: '{key}' holds an invalid regex {pattern!r}: {error}") from None
    return tuple(compiled)
