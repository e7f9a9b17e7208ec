"""Extraction time per document on a folder, for ``renewals bench``.

``time_folder(folder)`` reads the ``*.json`` articles of a labelled folder (``text``,
``lang``, ``date``) and the ``*.txt`` plain-text documents (an optional first line
``date YYYY-MM-DD``), extracts each one ``repeat`` times and keeps its best CPU time
(``time.process_time``: the machine is shared).  The extractor's memo caches are
emptied before every run, so a document is always timed as if seen for the first time.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from . import extract_facts
from .assemble import clear_caches
from .evaluation import _published


def _documents(folder: Path):
    for path in sorted(folder.iterdir()):
        if path.suffix == ".json":
            doc = json.loads(path.read_text(encoding="utf-8"))
            yield doc.get("text") or "", doc.get("lang"), _published(doc.get("date"))
        elif path.suffix == ".txt":
            yield path.read_text(encoding="utf-8"), None, None


def time_document(text: str, lang: str | None = None, published=None, repeat: int = 5) -> float:
    """The best CPU time, in milliseconds, of ``repeat`` cold extractions of one document."""
    extract_facts(text, lang, published)  # compiled patterns and lazy tables are no document's cost
    best = float("inf")
    for _ in range(max(1, repeat)):
        clear_caches()
        start = time.process_time()
        extract_facts(text, lang, published)
        best = min(best, time.process_time() - start)
    return 1000.0 * best


def time_folder(folder: str | Path, repeat: int = 5) -> dict:
    """Per-document extraction time on ``folder``: mean, median and max in milliseconds."""
    times, sizes = [], []
    for text, lang, published in _documents(Path(folder)):
        times.append(time_document(text, lang, published, repeat))
        sizes.append(len(text.encode("utf-8")))
    if not times:
        return {"documents": 0, "ms_per_document": 0.0, "ms_median": 0.0, "ms_max": 0.0, "kb_per_document": 0.0}
    return {
        "documents": len(times),
        "ms_per_document": round(statistics.fmean(times), 3),
        "ms_median": round(statistics.median(times), 3),
        "ms_max": round(max(times), 3),
        "kb_per_document": round(statistics.fmean(sizes) / 1024, 2),
    }
