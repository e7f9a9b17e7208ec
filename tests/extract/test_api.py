"""The public helpers next to extract_facts: language detection and timing."""

from __future__ import annotations

import json

from crawler.extract import detect_language, extract_facts
from crawler.extract.timing import time_document, time_folder


def test_detect_language_french_and_english():
    assert detect_language("La chaîne a confirmé que la série reviendra pour une troisième saison.") == "fr"
    assert detect_language("The network said that the show will return for a third season.") == "en"


def test_detect_language_too_little_to_tell():
    assert detect_language("") is None
    assert detect_language("Netflix") is None
    assert detect_language("12 345 — ***") is None
    assert detect_language(None) is None  # type: ignore[arg-type]


def test_detect_language_reads_only_the_head():
    head = "Le tournage de la saison 2 a commencé et les comédiens sont de retour. " * 30
    tail = "the and is of to in for with that will " * 5000
    assert detect_language(head + tail) == "fr"


def test_time_folder_reports_per_document_times(tmp_path):
    (tmp_path / "a.json").write_text(
        json.dumps(
            {
                "lang": "en",
                "date": "2025-03",
                "text": "HBO has renewed 'Copper Lane' for a second season.",
            }
        ),
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text("date 2025-03-02\nArte a renouvelé « Opale » pour une saison 2.", encoding="utf-8")
    report = time_folder(tmp_path, repeat=2)
    assert report["documents"] == 2
    assert 0 < report["ms_median"] <= report["ms_max"]
    assert time_document("Nothing to see here.", "en", None, repeat=1) >= 0


def test_timing_leaves_results_unchanged():
    text = "HBO has renewed 'Copper Lane' for a second season."
    before = extract_facts(text, "en")
    time_document(text, "en", None, repeat=2)
    assert extract_facts(text, "en") == before
