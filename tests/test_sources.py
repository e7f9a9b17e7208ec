import pytest

from crawler.sources import SourcesError, default_sources_path, load_sources

VALID = """
[[source]]
name = "ecrans"
lang = "fr"
feeds = ["https://ecrans.example/rss.xml"]
sitemaps = ["https://ecrans.example/robots.txt"]
start_urls = ["https://ecrans.example/series/"]
allow = ["/series/", "/news/\\\\d{4}/"]
deny = ["/tag/"]
"""


def write(tmp_path, text):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_is_loaded(tmp_path):
    (source,) = load_sources(write(tmp_path, VALID))
    assert source.name == "ecrans"
    assert source.lang == "fr"
    assert source.feeds == ("https://ecrans.example/rss.xml",)
    assert source.domains == frozenset({"ecrans.example"})
    assert source.keeps("https://ecrans.example/series/une-serie/")
    assert source.keeps("https://ecrans.example/news/2025/x")
    assert not source.keeps("https://ecrans.example/tag/series/")
    assert not source.keeps("https://ecrans.example/about/")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (VALID.replace('lang = "fr"', 'lang = "fr"\ncolour = "red"'), "unknown key 'colour'"),
        (VALID.replace('deny = ["/tag/"]', 'deny = ["/tag/(["]'), "invalid regex"),
        (VALID.replace('name = "ecrans"', ""), "missing 'name'"),
        (VALID + VALID, "duplicate name"),
        (VALID.replace("https://ecrans.example/rss.xml", "ftp://ecrans.example/rss.xml"), "not an http(s) URL"),
        (VALID.replace("https://ecrans.example/series/", "javascript:alert(1)"), "not an http(s) URL"),
        ("[[source]]\nname = 'x'\n", "at least one of"),
        (VALID.replace("https://ecrans.example/rss.xml", "https://user:pw@ecrans.example/rss.xml"), "credentials"),
        ("name = 'x'\n", "unknown top-level key"),
        ("[[source]\n", "invalid TOML"),
    ],
)
def test_invalid_file_names_file_source_and_problem(tmp_path, text, problem):
    path = write(tmp_path, text)
    with pytest.raises(SourcesError) as error:
        load_sources(path)
    message = str(error.value)
    assert str(path) in message
    assert problem in message


def test_error_names_the_source(tmp_path):
    with pytest.raises(SourcesError, match="source 'ecrans'"):
        load_sources(write(tmp_path, VALID.replace('lang = "fr"', 'lang = "fr"\nfoo = 1')))


def test_missing_file(tmp_path):
    with pytest.raises(SourcesError, match="file not found"):
        load_sources(tmp_path / "nope.toml")


def test_bundled_sources_cover_both_languages():
    sources = load_sources(default_sources_path())
    by_lang = {lang: [s for s in sources if s.lang == lang] for lang in ("fr", "en")}
    assert len(by_lang["fr"]) >= 8
    assert len(by_lang["en"]) >= 8
    assert all(s.feeds or s.sitemaps for s in sources)
