"""Scoring of the extractor against a labelled folder (the corpus README rule).

A predicted fact matches a gold fact of the same file when the normalised
titles match (or the prediction matches a gold alias), the seasons are equal
(None equals None only) and the statuses are equal; matching is greedy and
one-to-one.  Headline figures cover the six forward-looking statuses;
``released`` is scored on its own line.  Attribute accuracies are computed over
the matched headline pairs.
"""

from __future__ import annotations

import datetime
import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import extract_facts
from .model import STATUSES

HEADLINE = tuple(s for s in STATUSES if s != "released")
_ARTICLES = ("the ", "a ", "an ", "le ", "la ", "les ", "l ", "un ", "une ", "des ")


def norm_title(s: str) -> str:
    """The README normalisation of a series title."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    for a in _ARTICLES:
        if s.startswith(a):
            s = s[len(a) :]
            break
    return s


def _norm_platform(p) -> str | None:
    if p is None:
        return None
    return re.sub(r"[^\w]", "", str(p).lower())


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, label: str) -> str:
        return (
            f"{label:<16} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}"
            f"  (tp={self.tp} fp={self.fp} fn={self.fn})"
        )


@dataclass
class FileResult:
    name: str
    lang: str
    false_positives: list = field(default_factory=list)
    false_negatives: list = field(default_factory=list)
    attribute_errors: list = field(default_factory=list)


@dataclass
class Report:
    overall: Counts = field(default_factory=Counts)
    by_lang: dict = field(default_factory=dict)
    by_status: dict = field(default_factory=dict)
    released: Counts = field(default_factory=Counts)
    attributes: dict = field(default_factory=dict)  # name -> [correct, total]
    files: list = field(default_factory=list)
    documents: int = 0
    seconds: float = 0.0

    @property
    def ms_per_document(self) -> float:
        return 1000.0 * self.seconds / self.documents if self.documents else 0.0

    def accuracy(self, name: str) -> float:
        ok, total = self.attributes.get(name, (0, 0))
        return ok / total if total else 0.0

    def format(self, verbose: bool = False) -> str:
        lines = []
        if verbose:
            for f in self.files:
                if not (f.false_positives or f.false_negatives or f.attribute_errors):
                    continue
                lines.append(f"--- {f.name}")
                for x in f.false_positives:
                    lines.append(f"  FP {x}")
                for x in f.false_negatives:
                    lines.append(f"  FN {x}")
                for x in f.attribute_errors:
                    lines.append(f"  ATTR {x}")
            lines.append("")
        lines.append(f"documents: {self.documents}   mean extraction time: {self.ms_per_document:.2f} ms/doc")
        lines.append(self.overall.line("overall"))
        for lang in sorted(self.by_lang):
            lines.append(self.by_lang[lang].line(f"  {lang}"))
        for st in HEADLINE:
            if st in self.by_status:
                lines.append(self.by_status[st].line(f"  {st}"))
        lines.append(self.released.line("released (sep.)"))
        for name in ("platform", "episodes", "release", "certainty"):
            ok, total = self.attributes.get(name, (0, 0))
            lines.append(f"attribute {name:<10} accuracy={self.accuracy(name):.3f} ({ok}/{total})")
        return "\n".join(lines)


def _published(value) -> datetime.date | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", str(value))
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def _describe(f: dict) -> str:
    return f"{f.get('series')!r} s={f.get('season')} {f.get('status')} [{f.get('platform')}]"


def _match(preds: list[dict], golds: list[dict]):
    """Greedy one-to-one matching; returns (pairs, unmatched preds, unmatched golds)."""
    used = [False] * len(golds)
    pairs = []
    fps = []
    gold_keys = []
    for g in golds:
        keys = {norm_title(g.get("series") or "")}
        keys.update(norm_title(a) for a in g.get("aliases") or [])
        gold_keys.append(keys)
    for p in preds:
        pk = norm_title(p.get("series") or "")
        hit = None
        for i, g in enumerate(golds):
            if used[i]:
                continue
            if g.get("status") != p.get("status") or g.get("season") != p.get("season"):
                continue
            if pk in gold_keys[i]:
                hit = i
                break
        if hit is None:
            fps.append(p)
        else:
            used[hit] = True
            pairs.append((p, golds[hit]))
    fns = [g for i, g in enumerate(golds) if not used[i]]
    return pairs, fps, fns


WARM_UP_TEXT = "Netflix has renewed the series for a second season."


def score(gold_dir: str | Path, extractor=extract_facts) -> Report:
    """Run ``extractor`` on every ``*.json`` file of ``gold_dir`` and score it.

    The time per document is CPU time (the machine may be shared), after one warm-up
    call: compiling the patterns and loading the lexicons on first use is no document's
    cost (it is a third of a second, once per process).
    """
    report = Report()
    extractor(WARM_UP_TEXT, "en", None)
    for path in sorted(Path(gold_dir).glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        lang = doc.get("lang")
        text = doc.get("text") or ""
        t0 = time.process_time()
        facts = extractor(text, lang, _published(doc.get("date")))
        report.seconds += time.process_time() - t0
        report.documents += 1
        preds = [f.to_dict() if hasattr(f, "to_dict") else dict(f) for f in facts]
        golds = doc.get("facts") or []
        result = FileResult(path.name, lang or "?")
        report.files.append(result)
        lang_counts = report.by_lang.setdefault(lang or "?", Counts())
        for group in ("headline", "released"):
            if group == "headline":
                ps = [p for p in preds if p.get("status") in HEADLINE]
                gs = [g for g in golds if g.get("status") in HEADLINE]
            else:
                ps = [p for p in preds if p.get("status") == "released"]
                gs = [g for g in golds if g.get("status") == "released"]
            pairs, fps, fns = _match(ps, gs)
            if group == "released":
                report.released.tp += len(pairs)
                report.released.fp += len(fps)
                report.released.fn += len(fns)
                result.false_positives += [_describe(p) + " (released)" for p in fps]
                result.false_negatives += [_describe(g) + " (released)" for g in fns]
                continue
            for counts in (report.overall, lang_counts):
                counts.tp += len(pairs)
                counts.fp += len(fps)
                counts.fn += len(fns)
            for p, g in pairs:
                report.by_status.setdefault(g["status"], Counts()).tp += 1
                for name in ("platform", "episodes", "release", "certainty"):
                    pv, gv = p.get(name), g.get(name)
                    if name == "platform":
                        ok = _norm_platform(pv) == _norm_platform(gv)
                    else:
                        ok = pv == gv
                    acc = report.attributes.setdefault(name, [0, 0])
                    acc[0] += ok
                    acc[1] += 1
                    if not ok:
                        result.attribute_errors.append(f"{_describe(g)} {name}: got {pv!r} want {gv!r}")
            for p in fps:
                report.by_status.setdefault(p["status"], Counts()).fp += 1
                result.false_positives.append(_describe(p) + f"  <- {p.get('evidence', '')[:90]!r}")
            for g in fns:
                report.by_status.setdefault(g["status"], Counts()).fn += 1
                result.false_negatives.append(_describe(g) + f"  <- {g.get('evidence', '')[:90]!r}")
    return report
