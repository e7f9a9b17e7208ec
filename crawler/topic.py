"""Is a page about series, films or television? Sources may be general news sites;
their other articles are dropped as `off_topic` (an article that yields a fact is
always kept, whatever this says)."""

from __future__ import annotations

import re

ENTERTAINMENT_SECTIONS = re.compile(
    r"(?:^|[/_\-.])(?:series?|seriestv|serie-tv|tv|tele|television|televisions|cinema|movies?|films?|"
    r"entertainment|divertissement|culture|medias?|streaming|ecrans|showbiz|people|anime)(?:$|[/_\-.])",
    re.IGNORECASE,
)
ENTERTAINMENT_WORDS = frozenset(
    """
    série séries serie series saison saisons season seasons épisode épisodes episode episodes
    film films movie movies cinéma cinema tournage tournée showrunner showrunners scénariste
    réalisateur réalisatrice director actor actress acteur actrice comédien comédienne casting cast
    streaming plateforme streamer netflix hbo disney prime canal apple hulu peacock paramount max
    chaîne network sitcom drama thriller comédie comedy téléfilm feuilleton sitcom anime manga
    diffusion diffusé diffusée premiere première finale renouvelée renouvelé renewed cancelled canceled
    annulée annulé trailer bande-annonce spin-off reboot remake sequel suite audiences ratings
    box-office box office studio studios animated animation franchise blockbuster theaters theatrical
    salles sortie critique review reviews starring emmy emmys oscar oscars festival cannes
    renewal renouvellement cancellation annulation show shows viewers téléspectateurs spectateurs
    télé tv television télévision
    """.split()
)
MIN_DISTINCT_WORDS = 3
MIN_WORDS_PER_THOUSAND = 5.0
MAX_WORDS_SCANNED = 5000
_WORD = re.compile(r"[\w+\-]+")


def names_entertainment_section(value: str) -> bool:
    """True when a URL or a category names an entertainment section ("/series/", "tv")."""
    return ENTERTAINMENT_SECTIONS.search(value) is not None


def looks_entertainment(text: str, url: str = "", categories: list[str] | tuple[str, ...] = ()) -> bool:
    """True when the URL path or the page's categories name an entertainment section,
    or enough of the text's words belong to the entertainment vocabulary."""
    if any(names_entertainment_section(value) for value in (url, *categories)):
        return True
    words = _WORD.findall(text[: MAX_WORDS_SCANNED * 12].lower())[:MAX_WORDS_SCANNED]
    if not words:
        return False
    hits = [w for w in words if w in ENTERTAINMENT_WORDS]
    return len(set(hits)) >= MIN_DISTINCT_WORDS and 1000 * len(hits) / len(words) >= MIN_WORDS_PER_THOUSAND
