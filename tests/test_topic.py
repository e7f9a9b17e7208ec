from crawler.processing import process_html
from crawler.topic import looks_entertainment

POLITICS = (
    "The finance minister presented the budget to parliament on Tuesday, promising lower taxes for "
    "small businesses and a new investment plan for railways. Opposition leaders criticised the "
    "forecasts as optimistic and called for a debate on public spending before the vote next month. "
) * 3
SERIES_NEWS = (
    "La plateforme a confirmé une deuxième saison pour la série, dont le tournage commencera au "
    "printemps. Les huit épisodes seront diffusés l'an prochain, avec la même actrice principale. "
) * 2
FILM_NEWS = (
    "The animated sequel topped the box office this weekend, and the studio is already planning a third "
    "film in the franchise, according to its director."
)


def test_general_news_is_off_topic():
    assert not looks_entertainment(POLITICS, "https://news.example/politics/budget-vote")


def test_series_and_film_news_are_on_topic():
    assert looks_entertainment(SERIES_NEWS, "https://news.example/article/123")
    assert looks_entertainment(FILM_NEWS, "https://news.example/article/456")


def test_section_or_category_is_enough():
    assert looks_entertainment(POLITICS, "https://news.example/culture/series/123")
    assert looks_entertainment(POLITICS, "https://news.example/a/1", categories=["Television"])
    assert not looks_entertainment(POLITICS, "https://news.example/a/1", categories=["Economy"])


def _page_with_category_link(category: str) -> bytes:
    paragraphs = "".join(f"<p>{sentence.strip()}.</p>" for sentence in POLITICS.split(".") if sentence.strip())
    return (
        "<html><head><title>Behind the scenes</title></head><body><article><h1>Behind the scenes</h1>"
        f'<div class="entry-meta">Filed under <a href="/category/{category.lower()}/">{category}</a></div>'
        f"{paragraphs}</article></body></html>"
    ).encode()


def test_a_category_link_keeps_a_page_of_a_general_news_site():
    kept = process_html("https://news.example/2026/11/behind-the-scenes", _page_with_category_link("Television"))
    assert kept.dropped is None and kept.categories == ["Television"]
    dropped = process_html("https://news.example/2026/11/behind-the-scenes", _page_with_category_link("Economy"))
    assert dropped.dropped == "off_topic"


def test_a_url_that_names_its_section_spares_the_scan_for_category_links():
    page = process_html("https://news.example/tv/behind-the-scenes", _page_with_category_link("Economy"))
    assert page.dropped is None and page.categories == []
