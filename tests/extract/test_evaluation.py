"""The scoring function follows the corpus rule (matching, released apart, attributes)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from crawler.extract import Fact
from crawler.extract.evaluation import norm_title, score


def _write(folder: Path, name: str, lang: str, facts: list[dict], date: str | None = None) -> None:
    doc = {"url": "x", "date": date, "lang": lang, "text": f"text of {name}", "facts": facts, "notes": ""}
    (folder / f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")


def _gold(series, season, status, **kw) -> dict:
    base = {
        "series": series,
        "aliases": [],
        "platform": None,
        "season": season,
        "status": status,
        "certainty": "official",
        "episodes": None,
        "release": None,
        "evidence": "x",
    }
    base.update(kw)
    return base


def test_norm_title():
    assert norm_title("The Affair") == "affair"
    assert norm_title("L'Agence") == "agence"
    assert norm_title("Les Rescapés de l’Arianna") == "rescapes de l arianna"


def test_score_matching_rule(tmp_path):
    _write(
        tmp_path,
        "en_01",
        "en",
        [
            _gold("The Red Harbor", 3, "renewed", platform="Starz"),
            _gold("Salt Marsh", None, "cancelled", aliases=["Saltmarsh"]),
            _gold("Quiet Bay", 2, "released"),
        ],
        "2024-01",
    )
    _write(tmp_path, "fr_01", "fr", [_gold("Opale", 2, "filming", episodes=8)])
    _write(tmp_path, "fr_02", "fr", [])  # a negative file

    answers = {
        "text of en_01": [
            Fact("Red Harbor", "renewed", 3, platform="STARZ"),  # article dropped, platform case-insensitive
            Fact("Saltmarsh", "cancelled", None),  # matches an alias
            Fact("Red Harbor", "renewed", 3),  # duplicate: false positive
            Fact("Quiet Bay", "released", 2),  # released is scored apart
        ],
        "text of fr_01": [Fact("Opale", "filming", 3, episodes=8)],  # wrong season: FP and FN
        "text of fr_02": [Fact("Brume", "renewed", 2)],  # negatives only add FPs
    }

    def fake(text, lang=None, published=None, title=None):
        return answers.get(text, [])  # (and nothing for the warm-up call)

    report = score(tmp_path, extractor=fake)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (2, 3, 1)
    assert (report.by_lang["en"].tp, report.by_lang["en"].fp) == (2, 1)
    assert (report.by_lang["fr"].fp, report.by_lang["fr"].fn) == (2, 1)
    assert (report.released.tp, report.released.fp, report.released.fn) == (1, 0, 0)
    assert report.accuracy("platform") == 1.0  # Salt Marsh: None == None; Red Harbor: STARZ == Starz
    assert report.documents == 3
    text = report.format(verbose=True)
    assert "overall" in text and "released" in text and "ms/doc" in text


def test_the_time_per_document_leaves_out_the_extractors_first_use(tmp_path):
    _write(tmp_path, "en_01", "en", [])
    calls = []

    def slow_first(text, lang=None, published=None, title=None):
        if not calls:  # compiling patterns, loading lexicons: 0.3 s of CPU, once
            end = time.process_time() + 0.3
            while time.process_time() < end:
                pass
        calls.append(text)
        return []

    report = score(tmp_path, extractor=slow_first)
    assert report.documents == 1 and len(calls) == 2
    assert report.ms_per_document < 100


def test_evaluate_command_runs(tmp_path):
    from click.testing import CliRunner

    from crawler.cli import main

    _write(tmp_path, "en_01", "en", [])
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "overall" in result.output
    empty = CliRunner().invoke(main, ["evaluate", str(tmp_path / "nothing")])
    assert empty.exit_code != 0
