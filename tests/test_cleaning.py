import pytest

from crawler.cleaning import NotAnArticle, clean_html

PARAGRAPH = (
    "La chaîne publique a confirmé ce mardi la commande d'une troisième saison de la série "
    "policière, tournée sur les rives d'un lac savoyard, après des audiences solides tout l'hiver. "
)
PAGE = f"""<!doctype html>
<html lang="fr-FR"><head><meta charset="utf-8">
<title>Les Veilleurs du lac : une saison 3 – Écrans</title>
<meta property="og:site_name" content="Écrans &amp; Séries">
<meta property="article:published_time" content="2025-03-12T09:30:00+01:00">
<link rel="canonical" href="https://ecrans.example/fr/series/veilleurs/">
</head><body>
<nav><a href="/">Accueil</a> <a href="/fr/series/">Séries</a> <a href="/fr/cinema/">Cinéma</a></nav>
<div class="cookie-banner">Nous utilisons des cookies. <button>Accepter</button></div>
<article><h1>Les Veilleurs du lac : une saison 3</h1>
<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p><p>« Nous sommes ravis », a déclaré la productrice.</p></article>
<aside class="related"><h3>À lire aussi</h3><ul><li><a href="/x">Un autre article sans rapport</a></li></ul></aside>
<footer>© Écrans &amp; Séries — Mentions légales</footer>
</body></html>"""


def test_article_text_and_metadata():
    page = clean_html(PAGE.encode("utf-8"), "https://ecrans.example/fr/series/veilleurs/?utm_source=x")
    assert "troisième saison" in page.text
    assert "« Nous sommes ravis »" in page.text
    assert "cookies" not in page.text
    assert page.lang == "fr"
    assert page.published == "2025-03-12"
    assert page.title.startswith("Les Veilleurs du lac")
    assert page.canonical == "https://ecrans.example/fr/series/veilleurs/"
    assert page.site


def test_charset_from_http_header_wins_over_missing_meta():
    body = PAGE.replace('<meta charset="utf-8">', "").encode("cp1252")
    page = clean_html(body, content_type="text/html; charset=windows-1252")
    assert "troisième" in page.text and "«" in page.text


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"   \n ", "empty"),
        (b"%PDF-1.7 binary stuff", "binary"),
        (b"\x89PNG\r\n\x1a\n....", "binary"),
        (b"<html><body><p>Trop court.</p></body></html>", "too_short"),
    ],
)
def test_non_articles_are_refused_with_a_reason(body, reason):
    with pytest.raises(NotAnArticle) as error:
        clean_html(body)
    assert error.value.reason in (reason, "no_text") if reason == "too_short" else error.value.reason == reason


def test_section_pages_declared_as_website_are_not_articles():
    body = PAGE.replace("<head>", '<head><meta property="og:type" content="website">').encode()
    with pytest.raises(NotAnArticle) as error:
        clean_html(body)
    assert error.value.reason == "not_article"
    article = PAGE.replace("<head>", '<head><meta property="og:type" content="article">').encode()
    assert clean_html(article).text


def test_italic_titles_are_marked_for_the_extractor_and_the_text_stays_plain():
    body = (
        "<p><em>Le Phare des brumes</em> revient pour une saison 2 : la chaîne a confirmé la suite du "
        "<i>Phare des brumes</i>, dont le tournage commencera à l'automne, après une première saison "
        "très <i>vraiment</i> suivie.</p>"
        "<p>Le réalisateur a cité <i>Une phrase beaucoup trop longue pour être le titre d'une série, car elle "
        "continue bien au-delà de quatre-vingt-dix caractères</i> lors de la présentation.</p>"
        "<p>Le Phare des brumes reste la série la plus suivie de la saison, selon la chaîne.</p>"
    )
    page = clean_html(PAGE.replace(f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>", body).encode("utf-8"))
    assert "*" not in page.text
    assert page.marked_text.replace("*", "") == page.text
    assert page.marked_text.count("*Le Phare des brumes*") == 2  # wherever the title appears
    assert "*Phare des brumes*" in page.marked_text
    assert "*vraiment*" not in page.marked_text  # emphasis, not a title
    assert "*Une phrase" not in page.marked_text  # a quotation


FURNITURE_PAGE = f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Brume sur Arles</title>
<style>body {{ font-family: serif; }} .pub {{ display: none; }}</style>
<script>window.dataLayer = [{{"page": "article", "texte": "ne doit pas sortir"}}];</script>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Brume sur Arles",
"datePublished": "2025-06-02T08:00:00+02:00"}}</script>
</head><body>
<article><h1>Brume sur Arles</h1>
<p>{PARAGRAPH}</p>
<p>Le tournage reprendra cet été <aside class="encart">Publicité : abonnez-vous</aside>dans les Alpilles,
<svg viewBox="0 0 4 4"><text>icône</text></svg> a précisé la production.</p>
<p>{PARAGRAPH}</p></article>
<aside><h2>Les plus lus</h2><p>Un tout autre sujet, qui ne doit pas sortir non plus.</p></aside>
<footer><p>Mentions légales et conditions générales du site, à ne pas reprendre.</p></footer>
</body></html>"""


def test_page_furniture_removed_before_trafilatura_changes_none_of_its_text():
    """Cleaning deletes the elements trafilatura always deletes before handing it the
    page: the text must stay exactly what trafilatura makes of the whole page."""
    import trafilatura

    page = clean_html(FURNITURE_PAGE.encode("utf-8"), "https://ecrans.example/fr/series/brume/")
    whole = trafilatura.bare_extraction(
        FURNITURE_PAGE,
        fast=True,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    assert page.text == "\n".join(line for line in whole.text.split("\n") if line).strip()
    assert "dans les Alpilles" in page.text and "a précisé la production" in page.text  # the tails stay
    assert not any(word in page.text for word in ("Publicité", "icône", "ne doit pas sortir", "Mentions"))
    assert page.published == "2025-06-02"  # the JSON-LD was read


SHORT_ARTICLE_AMID_TEASERS = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Brume sur Annecy : une saison 2</title></head><body>
<div class="main"><article><h1>Brume sur Annecy : une saison 2</h1><p>{article}</p></article></div>
<div class="more">{teasers}</div></body></html>""".format(
    article="La chaîne a commandé une deuxième saison de la série policière tournée au bord du lac. " * 3,
    teasers="<div class='card'><p>Un autre article du site parle longuement d'un tout autre sujet, "
    "en phrases entières qui ressemblent à un texte suivi. Et une phrase encore.</p></div>" * 30,
)


def test_cleaning_skips_trafilaturas_recall_escalation_and_leaves_it_to_other_callers(monkeypatch):
    """A short article among much furniture text makes trafilatura render the whole page
    once more to weigh a "recall" retry; cleaning (article pages only) does without it,
    and trafilatura is left as it was for the rest of the process."""
    import trafilatura
    from trafilatura import core

    stock = core.ESCALATION_MAX_LENGTH
    renders = []
    page_text = core.html2txt
    monkeypatch.setattr(core, "html2txt", lambda *args, **kwargs: renders.append(1) or page_text(*args, **kwargs))

    page = clean_html(SHORT_ARTICLE_AMID_TEASERS.encode("utf-8"))
    assert "deuxième saison" in page.text and "autre article" not in page.text
    assert renders == []
    assert core.ESCALATION_MAX_LENGTH == stock

    trafilatura.bare_extraction(SHORT_ARTICLE_AMID_TEASERS, fast=True, include_comments=False)
    assert renders == [1]  # the page does call for the escalation in stock trafilatura

    def failing_extraction(*args, **kwargs):
        raise RuntimeError("extraction failed")

    monkeypatch.setattr(trafilatura, "bare_extraction", failing_extraction)
    with pytest.raises(RuntimeError):
        clean_html(SHORT_ARTICLE_AMID_TEASERS.encode("utf-8"))
    assert core.ESCALATION_MAX_LENGTH == stock


FORMS_AND_COMMENTS_PAGE = f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Les Veilleurs du lac : une saison 3</title></head><body>
<?xml-stylesheet href="style.xsl"?>
<article><h1>Les Veilleurs du lac : une saison 3</h1>
<!-- encart publicitaire retiré -->
<p>{PARAGRAPH}</p>
<form action="/newsletter"><label for="mail">Recevez notre lettre chaque matin</label>
<input id="mail" name="mail"><select name="freq"><option>Quotidienne</option></select>
<textarea name="avis">Votre avis</textarea><button>Valider</button></form>
<p>Le tournage de la nouvelle saison commencera au printemps sur les rives du lac, avec la même équipe.</p>
</article></body></html>"""


def test_forms_comments_and_processing_instructions_leave_only_the_article_text():
    page = clean_html(FORMS_AND_COMMENTS_PAGE.encode("utf-8"))
    assert "troisième saison" in page.text and "Le tournage de la nouvelle saison" in page.text
    for furniture in ("encart", "Recevez", "Quotidienne", "Votre avis", "Valider", "stylesheet"):
        assert furniture not in page.text
