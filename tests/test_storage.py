"""Storage on SQLite and PostgreSQL: dedup of articles, series and facts."""

import struct

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from crawler.extract.model import Fact as ExtractedFact
from storage import neardup
from storage.db import DatabaseError, open_database
from storage.models import Article, Base, Duplicate, Fact, Mention, Series
from storage.queries import FactFilter, database_stats, list_facts
from storage.writer import ArticleRecord, store_articles

TEXT_A = "Les Veilleurs du lac est renouvelée pour une saison 3 par France 2. " * 5
TEXT_B = "France 2 confirme une troisième saison pour Les Veilleurs du lac. " * 5
TEXT_D = "Saison 3 commandée : la chaîne publique garde Les Veilleurs du lac à l'antenne. " * 5
TEXT_C = "Harbor Lights renewed for season 4 at Apple TV+. " * 5


def renewal(series="Les Veilleurs du lac", certainty="official", platform="France 2", **kw):
    return ExtractedFact(
        series=series,
        status="renewed",
        season=3,
        platform=platform,
        certainty=certainty,
        evidence=f"{series} renouvelée",
        **kw,
    )


def store(engine, *records):
    with Session(engine) as session, session.begin():
        return store_articles(session, records)


def count(engine, model):
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def engine(database_url):
    engine = open_database(database_url)
    yield engine
    engine.dispose()


def test_migrations_match_models(engine):
    tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert tables == set(Base.metadata.tables)
    for name, table in Base.metadata.tables.items():
        columns = {c["name"] for c in inspect(engine).get_columns(name)}
        assert columns == set(table.columns.keys()), name


def test_upgrade_is_idempotent(database_url):
    open_database(database_url).dispose()
    open_database(database_url).dispose()


def test_same_fact_from_three_articles_is_one_fact_with_three_sources(engine):
    result = store(
        engine,
        ArticleRecord(
            url="https://a.example/1", text=TEXT_A, facts=[renewal(certainty="reported")], published="2025-03-02"
        ),
        ArticleRecord(url="https://b.example/2", text=TEXT_B, facts=[renewal()], published="2025-03-05"),
    )
    assert (result.articles_new, result.facts_new, result.mentions_new) == (2, 1, 2)
    store(
        engine,
        ArticleRecord(
            url="https://c.example/3",
            text=TEXT_D,
            facts=[renewal(series="les veilleurs du lac")],
            published="2025-03-01",
        ),
    )
    with Session(engine) as session:
        (fact,) = list_facts(session)
    assert fact["series"] == "Les Veilleurs du lac"
    assert fact["certainty"] == "official"
    assert (fact["first_reported"], fact["last_reported"]) == ("2025-03-01", "2025-03-05")
    assert [s["url"] for s in fact["sources"]] == ["https://c.example/3", "https://a.example/1", "https://b.example/2"]
    assert count(engine, Series) == 1


def test_restoring_the_same_articles_changes_nothing(engine):
    records = [
        ArticleRecord(url="https://a.example/1", text=TEXT_A, facts=[renewal()], published="2025-03-02"),
        ArticleRecord(url="https://a.example/2", text=TEXT_C, facts=[ExtractedFact("Harbor Lights", "renewed", 4)]),
    ]
    store(engine, *records)
    again = store(engine, *records)
    assert (again.articles_new, again.duplicates, again.facts_new, again.mentions_new) == (0, 0, 0, 0)
    assert (count(engine, Article), count(engine, Fact), count(engine, Mention)) == (2, 2, 2)


def test_url_variants_and_exact_copies_are_duplicates(engine):
    store(engine, ArticleRecord(url="https://a.example/x", text=TEXT_A, facts=[renewal()]))
    result = store(
        engine,
        ArticleRecord(url="https://A.example:443/x?utm_source=rss#top", text=TEXT_A, facts=[renewal()]),
        ArticleRecord(url="https://mirror.example/copy", text="  " + TEXT_A.upper() + "\n", facts=[renewal()]),
    )
    assert (result.articles_new, result.duplicates, result.mentions_new) == (0, 2, 0)
    with Session(engine) as session:
        kinds = sorted(session.scalars(select(Duplicate.kind)))
        assert kinds == ["exact", "url"]
        assert database_stats(session)["duplicates"] == 2
    assert count(engine, Mention) == 1


def test_copies_within_one_batch(engine):
    result = store(
        engine,
        ArticleRecord(url="https://a.example/x", text=TEXT_A, facts=[renewal()]),
        ArticleRecord(url="https://b.example/y", text=TEXT_A, facts=[renewal()]),
    )
    assert (result.articles_new, result.duplicates) == (1, 1)


def test_aliases_link_french_and_english_titles(engine):
    store(
        engine,
        ArticleRecord(
            url="https://a.example/1",
            text=TEXT_A,
            facts=[ExtractedFact("Toujours là pour toi", "renewed", 2, aliases=("Firefly Lane",))],
        ),
    )
    store(
        engine,
        ArticleRecord(url="https://b.example/2", text=TEXT_C, facts=[ExtractedFact("Firefly Lane", "renewed", 2)]),
    )
    assert count(engine, Series) == 1
    assert count(engine, Fact) == 1
    with Session(engine) as session:
        (fact,) = list_facts(session, FactFilter(series="firefly lane"))
        assert len(fact["sources"]) == 2
        assert list_facts(session, FactFilter(series="TOUJOURS LA POUR TOI"))


def test_fact_without_season_is_unique_too(engine):
    cancel = ExtractedFact("Copper Valley", "cancelled", None, platform="Hulu")
    store(engine, ArticleRecord(url="https://a.example/1", text=TEXT_A, facts=[cancel]))
    store(engine, ArticleRecord(url="https://a.example/2", text=TEXT_C, facts=[cancel]))
    assert count(engine, Fact) == 1
    assert count(engine, Mention) == 2


def test_facts_filters(engine):
    store(
        engine,
        ArticleRecord(url="https://a.example/1", text=TEXT_A, facts=[renewal()], published="2025-03-02"),
        ArticleRecord(
            url="https://a.example/2",
            text=TEXT_C,
            published="2025-05-01",
            facts=[
                ExtractedFact("Harbor Lights", "renewed", 4, platform="Apple TV+"),
                ExtractedFact("Copper Valley", "cancelled", 3, platform="Hulu", certainty="reported"),
            ],
        ),
    )
    with Session(engine) as session:
        assert [f["series"] for f in list_facts(session, FactFilter(platform="apple tv+"))] == ["Harbor Lights"]
        assert [f["series"] for f in list_facts(session, FactFilter(statuses=["cancelled"]))] == ["Copper Valley"]
        assert [f["series"] for f in list_facts(session, FactFilter(since="2025-04-01", certainty="official"))] == [
            "Harbor Lights"
        ]
        assert [f["season"] for f in list_facts(session, FactFilter(until="2025-04-01"))] == [3]
        assert len(list_facts(session, FactFilter(limit=1))) == 1


def test_unreachable_database_is_a_clear_error():
    with pytest.raises(DatabaseError, match="cannot open database"):
        open_database("postgresql+psycopg://nobody:secret@127.0.0.1:9/none")
    with pytest.raises(DatabaseError) as error:
        open_database("postgresql+psycopg://nobody:secret@127.0.0.1:9/none")
    assert "secret" not in str(error.value)


DISPATCH = (
    "La plateforme a confirmé mardi la commande d'une deuxième saison de la série d'espionnage "
    "tournée entre Marseille et Gênes. Le tournage doit débuter au printemps sous la direction de la "
    "même réalisatrice, qui promet une intrigue plus sombre et des personnages secondaires plus présents. "
    "La première saison, mise en ligne à l'automne, s'est hissée pendant trois semaines dans le classement "
    "des programmes les plus regardés en Europe, selon les chiffres communiqués par le service. "
    "Les huit nouveaux épisodes reprendront l'histoire là où le dernier l'avait laissée, avec le retour "
    "de l'agent infiltré et de son ancienne partenaire, désormais passée dans le camp adverse. "
    "Aucune date de diffusion n'a encore été avancée, mais la production évoque une sortie l'an prochain. "
    "Le scénariste principal a indiqué travailler depuis plusieurs mois sur les textes avec une équipe élargie."
)
SYNDICATED = (
    "EXCLUSIF - Notre partenaire revient sur l'annonce de la journée. "
    + DISPATCH.replace(
        "Le scénariste principal a indiqué travailler depuis plusieurs mois sur les textes avec une équipe élargie.", ""
    )
    + " Retrouvez toutes nos informations sur les séries dans notre rubrique dédiée."
)
OWN_ARTICLE = (
    "Bonne nouvelle pour les amateurs d'espionnage : la série franco-italienne aura bien une suite. "
    "Le service de streaming l'a annoncé ce mardi dans un communiqué, sans préciser de date. "
    "Nous avions rencontré l'équipe lors du festival de Séries Mania, où la créatrice nous confiait déjà "
    "avoir des idées pour prolonger l'aventure de ses deux agents. Le succès européen de la première "
    "saison a visiblement convaincu les dirigeants. Reste à savoir si toute la distribution reviendra : "
    "plusieurs comédiens sont engagés sur d'autres tournages cette année, ce qui pourrait compliquer "
    "le calendrier. Nous suivrons ce dossier de près et vous tiendrons informés des prochaines étapes."
)


def test_syndicated_copy_is_a_near_duplicate_but_own_article_is_not(engine):
    fact = ExtractedFact("Les Agents du Sud", "renewed", 2, platform="Netflix")
    store(engine, ArticleRecord(url="https://agence.example/depeche", text=DISPATCH, facts=[fact]))
    result = store(
        engine,
        ArticleRecord(url="https://partenaire.example/copie", text=SYNDICATED, facts=[fact]),
        ArticleRecord(url="https://magazine.example/article", text=OWN_ARTICLE, facts=[fact]),
    )
    assert (result.articles_new, result.duplicates, result.mentions_new) == (1, 1, 1)
    with Session(engine) as session:
        duplicate = session.scalars(select(Duplicate)).one()
        assert (duplicate.url, duplicate.kind) == ("https://partenaire.example/copie", "near")
        original = session.get(Article, duplicate.duplicate_of)
        assert original.url == "https://agence.example/depeche"
        (listed,) = list_facts(session)
        assert len(listed["sources"]) == 2


def test_near_duplicates_within_one_batch(engine):
    result = store(
        engine,
        ArticleRecord(url="https://agence.example/depeche", text=DISPATCH),
        ArticleRecord(url="https://partenaire.example/copie", text=SYNDICATED),
    )
    assert (result.articles_new, result.duplicates) == (1, 1)


def test_changed_page_updates_the_article_and_replaces_its_facts(engine):
    store(engine, ArticleRecord(url="https://a.example/1", text=TEXT_A, facts=[renewal()], published="2025-03-02"))
    store(engine, ArticleRecord(url="https://b.example/2", text=TEXT_D, facts=[renewal()], published="2025-03-03"))
    cancelled = ExtractedFact("Les Veilleurs du lac", "cancelled", 4, platform="France 2")
    result = store(
        engine, ArticleRecord(url="https://a.example/1", text=TEXT_C, facts=[cancelled], published="2025-03-09")
    )
    assert (result.articles_new, result.articles_updated, result.duplicates) == (0, 1, 0)
    with Session(engine) as session:
        facts = {(f["status"], f["season"]): f for f in list_facts(session)}
        assert set(facts) == {("renewed", 3), ("cancelled", 4)}
        assert [s["url"] for s in facts[("renewed", 3)]["sources"]] == ["https://b.example/2"]
        assert facts[("renewed", 3)]["first_reported"] == "2025-03-03"
        assert session.scalar(select(Article.text).where(Article.url == "https://a.example/1")) == TEXT_C
    # the renewal loses its last source when the other page changes too: the fact goes
    store(engine, ArticleRecord(url="https://b.example/2", text=TEXT_B, facts=[], published="2025-03-10"))
    with Session(engine) as session:
        assert [(f["status"], f["season"]) for f in list_facts(session)] == [("cancelled", 4)]


def test_an_article_linking_two_known_titles_merges_their_series(engine):
    store(
        engine,
        ArticleRecord(
            url="https://a.example/1",
            text=TEXT_A,
            published="2025-01-10",
            facts=[ExtractedFact("Toujours là pour toi", "renewed", 2)],
        ),
    )
    store(
        engine,
        ArticleRecord(
            url="https://b.example/2",
            text=TEXT_C,
            published="2025-01-12",
            facts=[ExtractedFact("Firefly Lane", "renewed", 2), ExtractedFact("Firefly Lane", "final_season", 2)],
        ),
    )
    assert count(engine, Series) == 2
    store(
        engine,
        ArticleRecord(
            url="https://c.example/3",
            text=TEXT_D,
            published="2025-01-15",
            facts=[ExtractedFact("Firefly Lane", "renewed", 2, aliases=("Toujours là pour toi",))],
        ),
    )
    assert count(engine, Series) == 1
    with Session(engine) as session:
        facts = {f["status"]: f for f in list_facts(session, FactFilter(series="toujours la pour toi"))}
        assert set(facts) == {"renewed", "final_season"}
        assert facts["renewed"]["series"] == "Toujours là pour toi"
        assert len(facts["renewed"]["sources"]) == 3
        assert (facts["renewed"]["first_reported"], facts["renewed"]["last_reported"]) == ("2025-01-10", "2025-01-15")


def test_conflicting_values_stay_visible(engine):
    store(
        engine,
        ArticleRecord(
            url="https://a.example/1",
            text=TEXT_A,
            published="2025-03-01",
            facts=[ExtractedFact("Harbor Lights", "release_date", 4, platform="Apple TV+", release="2025-09")],
        ),
        ArticleRecord(
            url="https://b.example/2",
            text=TEXT_C,
            published="2025-03-05",
            facts=[ExtractedFact("Harbor Lights", "release_date", 4, platform="Apple TV+", release="2025-10-03")],
        ),
        ArticleRecord(
            url="https://c.example/3",
            text=TEXT_D,
            published="2025-03-06",
            facts=[
                ExtractedFact(
                    "Harbor Lights", "release_date", 4, platform="Apple TV+", release="2025-10-03", certainty="reported"
                )
            ],
        ),
    )
    with Session(engine) as session:
        (fact,) = list_facts(session)
    assert fact["release"] == "2025-10-03"
    assert fact["conflicts"] == {"release": ["2025-09", "2025-10-03"]}


def test_schema_revision_constant_is_the_newest_migration():
    from alembic.script import ScriptDirectory

    from storage.db import SCHEMA_REVISION, alembic_config, create_db_engine

    engine = create_db_engine("sqlite://")
    assert ScriptDirectory.from_config(alembic_config(engine)).get_current_head() == SCHEMA_REVISION


def test_the_closest_signature_is_found_among_many_at_once():
    copy, own = neardup.signature(SYNDICATED), neardup.signature(OWN_ARTICLE)
    original = neardup.signature(DISPATCH)
    index, score = neardup.closest(original, [own, copy[:-4], copy, own])
    equal = sum(a == b for a, b in zip(struct.iter_unpack("<I", original), struct.iter_unpack("<I", copy), strict=True))
    assert index == 2 and score == equal / neardup.NUM_PERM >= neardup.NEAR_DUPLICATE_JACCARD
    assert neardup.similarity(original, copy) == score
    assert neardup.closest(original, [copy[:-4]]) == (-1, 0.0)  # a signature of another length is no match


def test_signatures_stay_those_of_the_stored_index():
    """Stored articles keep their signatures and band rows: a change in how signatures
    are computed (the permutations, datasketch's scheme) would make every new page
    miss its stored copies. The first values of a fixed text's signature are pinned."""
    text = " ".join(f"Phrase numéro {n} d'un article sur la saison {n % 7} d'une série." for n in range(40))
    first = neardup.signature(text)
    assert [value for (value,) in struct.iter_unpack("<I", first)][:4] == [19236238, 4602897, 41933707, 3502298]
    assert neardup.signature(text) == first  # the permutations drawn once serve every text


def test_exact_copy_hashes_stay_those_of_the_stored_articles():
    """Stored articles keep their text hash: a change in how whitespace is folded would
    make every exact copy of a stored article a new article. A fixed text's hash is pinned,
    over spaces of several kinds (non-breaking, em, line separator)."""
    text = "  Les Veilleurs\u00a0du lac :\tune saison 3\n\n« Nous sommes ravis »\u2003a dit la\u2028productrice.  "
    assert neardup.text_hash(text) == "56cf6fa816fb706af439a37dac456c1c4d053797f4e2c7d193ac19973130fb58"
    assert neardup.text_hash(text.replace("\u00a0", "\n ").upper()) == neardup.text_hash(text)


def test_fingerprints_computed_in_the_workers_are_the_ones_storage_computes():
    """The crawl's workers hash the text and compute the LSH band keys, and storage
    trusts them: they must equal what storage would compute itself."""
    from crawler.processing import article_record, process_text
    from storage.writer import text_hash

    text = " ".join(f"Phrase numéro {n} d'un article sur la saison {n % 7} d'une série." for n in range(40))
    record = article_record(process_text("https://example.org/a", text, "2025-01-02", "fr"))
    assert record.digest == text_hash(record.text)
    assert record.signature == neardup.signature(record.text)
    assert record.bands == neardup.band_keys(record.signature)
