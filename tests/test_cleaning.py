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
