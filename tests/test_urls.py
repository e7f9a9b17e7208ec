import pytest

from storage.urls import canonical_url, preferred_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM:443/a/b?b=2&a=1#top", "https://example.com/a/b?a=1&b=2"),
        ("http://example.com:80/x", "http://example.com/x"),
        ("https://example.com/x?utm_source=rss&utm_medium=feed&id=3", "https://example.com/x?id=3"),
        ("https://example.com/x?fbclid=abc&gclid=def", "https://example.com/x"),
        ("https://example.com/x?xtor=RSS-1&at_medium=social", "https://example.com/x"),
        ("https://example.com/x?sid=42&page=2&PHPSESSID=ab", "https://example.com/x?page=2"),
        ("https://example.com/x;jsessionid=0AF3?p=1", "https://example.com/x?p=1"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent():
    url = "HTTPS://Example.COM:443/séries/a?b=2&a=1&utm_campaign=x#frag"
    assert canonical_url(canonical_url(url)) == canonical_url(url)


def test_non_http_urls_are_left_alone():
    assert canonical_url("file:///tmp/a.txt") == "file:///tmp/a.txt"


def test_rel_canonical_on_same_site_wins():
    assert preferred_url("https://www.ex.com/a?page=1", "https://ex.com/a") == "https://ex.com/a"


def test_rel_canonical_to_another_site_is_ignored():
    assert preferred_url("https://ex.com/a", "https://other.org/a") == "https://ex.com/a"
