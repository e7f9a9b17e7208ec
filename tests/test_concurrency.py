"""Two processes storing the same articles and facts at the same moment end with
exactly one row of each, on SQLite and on PostgreSQL."""

from __future__ import annotations

import multiprocessing
import random

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.extract.model import Fact
from storage.batches import write_batch
from storage.db import open_database
from storage.models import Article, Mention, Series, SeriesAlias
from storage.models import Fact as StoredFact
from storage.writer import ArticleRecord

ARTICLES = 60
BATCH = 12
WORDS = (
    "saison série plateforme tournage épisode acteur chaîne annonce suite public audience réalisatrice "
    "studio scénario diffusion printemps automne trailer casting production drama network season renewed"
).split()
SERIES = [("Le Cercle de minuit", "The Midnight Circle"), ("Brume sur Arles", "Arles Mist"), ("Harbor Lights", None)]


def make_records() -> list[ArticleRecord]:
    records = []
    for number in range(ARTICLES):
        rng = random.Random(number)
        text = " ".join(rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(120))
        title, alias = SERIES[number % len(SERIES)]
        fact = Fact(
            series=title if number % 2 else (alias or title),
            status="renewed",
            season=2 + number % 2,
            platform="Netflix",
            evidence=f"evidence {number}",
            aliases=(title,) if alias and number % 2 == 0 else (),
        )
        records.append(
            ArticleRecord(
                url=f"https://site{number % 7}.example/a/{number}",
                text=text,
                facts=[fact],
                published=f"2025-03-{1 + number % 28:02d}",
            )
        )
    return records


def writer(url: str, seed: int, barrier) -> None:
    engine = open_database(url, migrate=False)
    records = make_records()
    random.Random(seed).shuffle(records)
    barrier.wait()
    for start in range(0, len(records), BATCH):
        write_batch(engine, records[start : start + BATCH])
    engine.dispose()


def test_concurrent_writers_converge_on_one_row_each(database_url):
    open_database(database_url).dispose()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    processes = [context.Process(target=writer, args=(database_url, seed, barrier)) for seed in (1, 2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0

    engine = open_database(database_url, migrate=False)
    with Session(engine) as session:
        count = lambda model: session.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert count(Article) == ARTICLES
        assert count(Series) == len(SERIES)
        assert count(SeriesAlias) == sum(1 + (alias is not None) for _, alias in SERIES)
        assert count(StoredFact) == len({(n % len(SERIES), n % 2) for n in range(ARTICLES)})
        assert count(Mention) == ARTICLES
    engine.dispose()
