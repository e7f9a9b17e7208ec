"""The query test database: five series told by French and English sources, stored
with their facts given (not extracted), so query and verdict tests do not depend on
the extractor.

- "Toujours là pour toi" / "Firefly Lane" (Netflix): season 3 renewed by a French and
  an English source, then the series cancelled (no season), again in both languages.
- "Harbor Lights" / "Les Lumières du port" (Apple TV+): season 3 renewed, a release
  date of 2025-09-12 from two sources, then moved to 2025-11-07.
- "Les Veilleurs du lac" / "The Lake Watchers" (France 2): season 3 renewed by two
  sources, then filming.
- "Copper Valley" (Hulu): season 1 released, season 2 cancelled (one source).
- "Le Lac noir" (TF1): reportedly in development.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from crawler.extract.model import Fact
from storage.writer import ArticleRecord, store_articles

FR = "https://series-fr.example/"
EN = "https://tv-news.example/"
SCREEN = "https://screen.example/"


def _article(url: str, published: str, lang: str, text: str, *facts: Fact) -> ArticleRecord:
    return ArticleRecord(url=url, text=text, facts=facts, published=published, lang=lang)


def _fact(series: str, status: str, season: int | None, platform: str, evidence: str, **extra) -> Fact:
    return Fact(series=series, status=status, season=season, platform=platform, evidence=evidence, **extra)


def _story() -> list[ArticleRecord]:
    def told(url, published, lang, series, status, season, platform, evidence, **extra):
        return _article(url, published, lang, evidence, _fact(series, status, season, platform, evidence, **extra))

    return [
        told(
            FR + "toujours-la-renouvelee",
            "2025-01-10",
            "fr",
            "Toujours là pour toi",
            "renewed",
            3,
            "Netflix",
            "Netflix a renouvelé « Toujours là pour toi » (Firefly Lane en VO) pour une troisième saison.",
            aliases=("Firefly Lane",),
        ),
        told(
            EN + "firefly-lane-renewed",
            "2025-01-12",
            "en",
            "Firefly Lane",
            "renewed",
            3,
            "Netflix",
            "Firefly Lane will return for a third season on Netflix, the streamer said on Sunday.",
        ),
        told(
            EN + "firefly-lane-cancelled",
            "2025-06-12",
            "en",
            "Firefly Lane",
            "cancelled",
            None,
            "Netflix",
            "Netflix has cancelled Firefly Lane after two seasons; the third season will not happen.",
        ),
        told(
            FR + "toujours-la-annulee",
            "2025-06-13",
            "fr",
            "Toujours là pour toi",
            "cancelled",
            None,
            "Netflix",
            "Netflix a annulé « Toujours là pour toi » après deux saisons, malgré le renouvellement annoncé.",
        ),
        told(
            SCREEN + "harbor-lights-renewed",
            "2024-11-02",
            "en",
            "Harbor Lights",
            "renewed",
            3,
            "Apple TV+",
            "Apple TV+ has renewed Harbor Lights for a third season.",
        ),
        told(
            SCREEN + "harbor-lights-date",
            "2025-03-01",
            "en",
            "Harbor Lights",
            "release_date",
            3,
            "Apple TV+",
            "Apple TV+ has set a September 12, 2025 premiere date for season 3 of Harbor Lights.",
            release="2025-09-12",
        ),
        told(
            FR + "lumieres-du-port-date",
            "2025-03-05",
            "fr",
            "Les Lumières du port",
            "release_date",
            3,
            "Apple TV+",
            "« Les Lumières du port » (Harbor Lights en VO) reviendra le 12 septembre 2025 sur Apple TV+.",
            release="2025-09-12",
            aliases=("Harbor Lights",),
        ),
        told(
            EN + "harbor-lights-moved",
            "2025-06-10",
            "en",
            "Harbor Lights",
            "release_date",
            3,
            "Apple TV+",
            "Apple TV+ has moved the season 3 premiere of Harbor Lights to November 7, 2025.",
            release="2025-11-07",
        ),
        told(
            FR + "veilleurs-renouvelee",
            "2025-03-12",
            "fr",
            "Les Veilleurs du lac",
            "renewed",
            3,
            "France 2",
            "France 2 a renouvelé « Les Veilleurs du lac » pour une saison 3.",
        ),
        told(
            SCREEN + "lake-watchers-renewed",
            "2025-03-14",
            "en",
            "The Lake Watchers",
            "renewed",
            3,
            "France 2",
            "France 2 has renewed The Lake Watchers (Les Veilleurs du lac) for a third season.",
            aliases=("Les Veilleurs du lac",),
        ),
        told(
            FR + "veilleurs-tournage",
            "2025-09-01",
            "fr",
            "Les Veilleurs du lac",
            "filming",
            3,
            "France 2",
            "Le tournage de la saison 3 de « Les Veilleurs du lac » a commencé, a annoncé France 2.",
        ),
        told(
            EN + "copper-valley-season-1",
            "2024-10-01",
            "en",
            "Copper Valley",
            "released",
            1,
            "Hulu",
            "Hulu released the first season of Copper Valley on October 1.",
        ),
        told(
            EN + "copper-valley-cancelled",
            "2025-05-02",
            "en",
            "Copper Valley",
            "cancelled",
            2,
            "Hulu",
            "Hulu will not renew Copper Valley for a second season.",
        ),
        told(
            FR + "lac-noir-projet",
            "2025-02-01",
            "fr",
            "Le Lac noir",
            "in_development",
            None,
            "TF1",
            "TF1 développerait une série « Le Lac noir », selon nos confrères.",
            certainty="reported",
        ),
    ]


STORY_FACTS = 9
STORY_SERIES = 5


def build(engine: Engine) -> None:
    """Store the story, one article per batch in order, so canonical titles are fixed."""
    for record in _story():
        with Session(engine) as session, session.begin():
            result = store_articles(session, [record])
            assert result.articles_new == 1, record.url
