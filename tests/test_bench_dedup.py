from crawler.bench.dedup import edits, evaluate_pairs, scale
from tests.test_storage import DISPATCH, OWN_ARTICLE

OTHER = (
    "Hulu a confirmé vendredi l'arrêt de la série dramatique tournée dans le Montana, faute d'audiences "
    "suffisantes pour justifier une troisième saison. Les deux premières saisons resteront disponibles sur "
    "la plateforme, qui n'a pas précisé si un téléfilm de conclusion était envisagé pour les fans déçus. "
    "La créatrice a remercié l'équipe sur les réseaux sociaux et promis de nouveaux projets très bientôt."
)


def test_edited_copies_are_found_and_distinct_articles_kept(tmp_path):
    for name, text in {"dispatch": DISPATCH, "own": OWN_ARTICLE, "other": OTHER}.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    report, missed = evaluate_pairs(tmp_path)
    assert report.copies == 3 * 5
    assert report.copies_missed == 0, missed
    assert (report.distinct, report.distinct_merged) == (3, 0)


def test_every_edit_changes_the_text():
    import random

    for kind, copy in edits(DISPATCH, random.Random(1)).items():
        assert copy != DISPATCH, kind


def test_scale_reports_each_size():
    points = scale([30, 60], probes=5, batch=25, progress=lambda _: None)
    assert [p.articles for p in points] == [30, 60]
    assert all(p.lookup_ms > 0 and p.bytes_per_article > 0 for p in points)
