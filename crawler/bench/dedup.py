"""Near-duplicate detection: error rates on labelled pairs, and lookup cost at scale.

Pairs are built from a folder of articles (JSON files with a `text`, such as the
evaluation corpus, or plain .txt files): each article gives syndicated copies derived
by editing it (other page furniture, another headline, a sentence added or cut, the
end cut off), which must be recognised, and pairs of distinct articles — the hardest
ones about the same series — which must not be.
"""

from __future__ import annotations

import json
import os
import random
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage import neardup
from storage.db import open_database
from storage.models import Article
from storage.writer import ArticleRecord, find_near_duplicate, store_articles

FURNITURE = (
    "Publié le {day} mars à 10h{minute:02d}. Mis à jour il y a {minute} minutes.",
    "Abonnez-vous à notre newsletter pour recevoir toute l'actualité des séries.",
    "Read more: our complete guide to everything streaming this month.",
    "Cet article vous a plu ? Partagez-le sur les réseaux sociaux.",
)
_SENTENCE_END = re.compile(r"(?<=[.!?»])\s+")


@dataclass
class PairReport:
    copies: int
    copies_missed: int
    distinct: int
    distinct_merged: int

    @property
    def false_negative_rate(self) -> float:
        return self.copies_missed / self.copies if self.copies else 0.0

    @property
    def false_positive_rate(self) -> float:
        return self.distinct_merged / self.distinct if self.distinct else 0.0


def load_texts(folder: Path) -> list[tuple[str, str, set[str]]]:
    """(name, text, series titles) of each article of a folder."""
    articles = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            series = {f["series"].lower() for f in data.get("facts", [])}
            articles.append((path.stem, data["text"], series))
        elif path.suffix == ".txt":
            articles.append((path.stem, path.read_text(encoding="utf-8"), set()))
    return [a for a in articles if neardup.signature(a[1]) is not None]


def edits(text: str, rng: random.Random) -> dict[str, str]:
    """Syndicated copies of a text, by kind of edit."""
    sentences = _SENTENCE_END.split(text.strip())
    furniture = rng.choice(FURNITURE).format(day=rng.randint(1, 28), minute=rng.randint(0, 59))
    middle = len(sentences) // 2
    return {
        "furniture": f"{furniture}\n{text}\n{rng.choice(FURNITURE).format(day=3, minute=5)}",
        "headline": f"EXCLUSIF : la nouvelle que tout le monde attendait\n{text}",
        "sentence_added": " ".join(
            sentences[:middle] + ["Contacté, le diffuseur n'a pas souhaité commenter."] + sentences[middle:]
        ),
        "sentence_cut": " ".join(sentences[:middle] + sentences[middle + 1 :]) if len(sentences) > 2 else text,
        "end_cut": " ".join(sentences[: max(1, int(len(sentences) * 0.8))]),
    }


def evaluate_pairs(folder: Path, seed: int = 7) -> tuple[PairReport, dict[str, int]]:
    """Store each article, then its copies and the other articles, in a fresh database,
    and count how the storage classified each pair."""
    rng = random.Random(seed)
    articles = load_texts(folder)
    missed_by_kind: dict[str, int] = {}
    copies = missed = 0
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(f"sqlite:///{tmp}/pairs.db")
        for name, text, _ in articles:
            with Session(engine) as session, session.begin():
                store_articles(session, [ArticleRecord(url=f"https://origin.example/{name}", text=text)])
        for name, text, _ in articles:
            for kind, copy in edits(text, rng).items():
                copies += 1
                with Session(engine) as session, session.begin():
                    result = store_articles(
                        session, [ArticleRecord(url=f"https://copy.example/{kind}/{name}", text=copy)]
                    )
                if result.duplicates != 1:
                    missed += 1
                    missed_by_kind[kind] = missed_by_kind.get(kind, 0) + 1
        engine.dispose()
    distinct, merged = _distinct_pairs(articles)
    return PairReport(copies, missed, distinct, merged), missed_by_kind


def _distinct_pairs(articles: list[tuple[str, str, set[str]]]) -> tuple[int, int]:
    """Every pair of distinct articles: how many would be taken for copies."""
    signatures = [neardup.signature(text) for _, text, _ in articles]
    pairs = merged = 0
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            pairs += 1
            if neardup.similarity(signatures[i], signatures[j]) >= neardup.NEAR_DUPLICATE_JACCARD:
                merged += 1
    return pairs, merged


def same_topic_pairs(articles: list[tuple[str, str, set[str]]]) -> int:
    return sum(1 for i, a in enumerate(articles) for b in articles[i + 1 :] if a[2] & b[2])


# scale --------------------------------------------------------------------------

VOCABULARY = [
    f"{stem}{n}" for stem in ("saison", "serie", "show", "plateau", "scene", "role", "studio") for n in range(800)
]


def synthetic_text(rng: random.Random, words: int = 300) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(words))


@dataclass
class ScalePoint:
    articles: int
    lookup_ms: float
    bytes_per_article: float


def scale(
    sizes: list[int], probes: int = 500, batch: int = 1000, progress: Callable[[str], None] = print
) -> list[ScalePoint]:
    """Grow a database to each size and time near-duplicate lookups of new articles."""
    rng = random.Random(11)
    points = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scale.db"
        engine = open_database(f"sqlite:///{path}")
        stored = 0
        for size in sorted(sizes):
            while stored < size:
                count = min(batch, size - stored)
                records = [
                    ArticleRecord(url=f"https://scale.example/{stored + i}", text=synthetic_text(rng))
                    for i in range(count)
                ]
                with Session(engine) as session, session.begin():
                    store_articles(session, records)
                stored += count
                progress(f"{stored} articles stored")
            probes_texts = [synthetic_text(rng) for _ in range(probes)]
            with Session(engine) as session:
                assert session.scalar(select(func.count()).select_from(Article)) == size
                started = time.perf_counter()
                for number, text in enumerate(probes_texts):
                    find_near_duplicate(session, text, f"https://probe.example/{size}/{number}")
                elapsed = time.perf_counter() - started
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            points.append(ScalePoint(size, 1000 * elapsed / probes, os.path.getsize(path) / size))
        engine.dispose()
    return points
