"""Items passed from the spider to the pipelines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class ArticlePage:
    """A downloaded candidate article; `body` is dropped once the page is processed."""

    url: str
    source: str
    body: bytes | None
    content_type: str | None = None
    lang_hint: str | None = None
    announced: dt.datetime | None = None
    processed: object | None = field(default=None, repr=False)
    dropped: str | None = None
