"""Unit tests of the extractor's modules (examples written for the tests)."""

from __future__ import annotations

import datetime
import re

import pytest

from crawler.extract import Fact, extract_facts
from crawler.extract.cues import find_cues
from crawler.extract.dates import find_dates, resolve
from crawler.extract.lexicon import number_value, ordinal_value
from crawler.extract.platforms import find_platforms
from crawler.extract.seasons import find_seasons
from crawler.extract.text import at_word_start, leading_date_line, lower_same_length, normalise, segment
from crawler.extract.titles import find_candidates, title_key

# ----------------------------------------------------------------------------- text


def test_normalise_keeps_length():
    text = "L’équipe — « Titre » “quoted” ‘x’ \u00a0fin…"
    assert len(normalise(text)) == len(text)
    assert "'" in normalise(text) and "-" in normalise(text)


def test_lower_same_length_with_special_letters():
    text = "İstanbul ÉTÉ"
    assert len(lower_same_length(text)) == len(text)


def test_leading_date_line():
    off, date, precision = leading_date_line(" date 2024-05 Texte")
    assert date == datetime.date(2024, 5, 1) and precision == "month"
    assert off > 0
    assert leading_date_line("No date here")[1] is None


def test_segment_keeps_abbreviations_and_lines():
    text = "NBC renewed A.P. Bio and Lopez vs. Lopez. Then it stopped.\nHeading line\nLast one!"
    sents = segment(text)
    pieces = [text[s.start : s.end] for s in sents]
    assert pieces[0].startswith("NBC renewed A.P. Bio and Lopez vs. Lopez.")
    assert any(p == "Heading line" for p in pieces)
    assert [s.heading for s in sents if text[s.start : s.end] == "Heading line"] == [True]


def test_segment_ends_sentences_after_long_words_but_not_after_the_longest_abbreviation():
    text = "It lasts approx. Ten minutes of recap. Then the premiere. Écrit par J. R. R. Martin."
    pieces = [text[s.start : s.end] for s in segment(text)]
    assert pieces == ["It lasts approx. Ten minutes of recap.", "Then the premiere.", "Écrit par J. R. R. Martin."]


def test_segment_bounds_long_runs():
    text = "a" * 5000
    assert all(s.end - s.start <= 700 for s in segment(text))


# ----------------------------------------------------------------------------- numbers and seasons


HEDGES = r"could|could be|might|(?<!in )(?<!\d )may(?! \d)|maybe|il y a fort à parier|ils|rumou?rs?|à confirmer"
HEDGED_TEXTS = [
    "It could be renewed, maybe in May; a rumour, or rumors.",
    "Dismay: in may 2 may 3 may, it might. Il y a fort à parier qu'ils reviennent, à confirmer.",
    "couldn't, mightier, xmay, 12 may be, illustres, à confirmer!",
]


@pytest.mark.parametrize("text", HEDGED_TEXTS)
def test_at_word_start_matches_what_the_plain_alternation_matches(text):
    plain = re.compile(rf"\b(?:{HEDGES})\b")
    grouped = re.compile(at_word_start(HEDGES) + r"\b")
    assert grouped.pattern.startswith(r"\b(?:c(?:")  # "could", "could be": one branch
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)] != []


def test_at_word_start_refuses_an_alternative_it_cannot_group():
    with pytest.raises(ValueError, match="must start with a letter"):
        at_word_start(r"could|\d+ seasons")


@pytest.mark.parametrize(
    "token,value",
    [
        ("2", 2),
        ("deux", 2),
        ("deuxième", 2),
        ("seconde", 2),
        ("2e", 2),
        ("2ème", 2),
        ("2nd", 2),
        ("second", 2),
        ("two", 2),
        ("vingt-deuxième", 22),
        ("twenty-first", 21),
        ("huit", 8),
        ("eight", 8),
    ],
)
def test_number_value(token, value):
    assert number_value(token) == value


def test_ordinal_value_rejects_cardinals():
    assert ordinal_value("third") == 3
    assert ordinal_value("three") is None


@pytest.mark.parametrize(
    "text,values,kind",
    [
        ("la saison 2 arrive", (2,), "num"),
        ("une deuxième saison", (2,), "num"),
        ("une seconde saison", (2,), "num"),
        ("la 2e saison", (2,), "num"),
        ("la 2ème saison", (2,), "num"),
        ("la saison deux", (2,), "num"),
        ("the second season", (2,), "num"),
        ("season two", (2,), "num"),
        ("the 2nd season", (2,), "num"),
        ("series 3 begins", (3,), "num"),
        ("a fourth and final season", (4,), "num"),
        ("les saisons 4 et 5", (4, 5), "num"),
        ("two more seasons", (2,), "more"),
        ("après 14 saisons", (14,), "count"),
        ("a new season", (), "new"),
    ],
)
def test_find_seasons(text, values, kind):
    found = find_seasons(text.lower(), text)
    assert found and found[0].values == values and found[0].kind == kind


def test_find_seasons_short_forms():
    text = "'Lake Effect' S2 and Midnight Cartel Part 3 and Partie 5"
    vals = [m.values for m in find_seasons(text.lower(), text)]
    assert (2,) in vals and (3,) in vals and (5,) in vals


def test_final_flag():
    text = "la troisième et dernière saison"
    assert find_seasons(text, text)[0].final


def test_no_season_in_years_or_sports():
    text = "the 2019-2020 season and last season's playoffs"
    assert all(m.kind != "num" for m in find_seasons(text.lower(), text))


# ----------------------------------------------------------------------------- dates

PUB = datetime.date(2023, 12, 14)


@pytest.mark.parametrize(
    "text,future,expected",
    [
        ("le 12 mars", True, "2024-03-12"),
        ("le 7 juillet 2025", True, "2025-07-07"),
        ("on january 26", True, "2024-01-26"),
        ("l'automne prochain", True, "2024"),
        ("early next year", True, "2024"),
        ("in february", True, "2024-02"),
        ("fin février 2025", True, "2025-02"),
        ("à l'automne 2022", True, "2022"),
        ("le 5 décembre", False, "2023-12-05"),
    ],
)
def test_dates_resolved(text, future, expected):
    ds = find_dates(text)
    assert ds, text
    assert resolve(ds[0], PUB, future) == expected


def test_dates_without_publication_keep_only_explicit_years():
    assert resolve(find_dates("le 12 mars")[0], None) is None
    assert resolve(find_dates("en juillet 2025")[0], None) == "2025-07"


# ----------------------------------------------------------------------------- platforms


@pytest.mark.parametrize(
    "text,name",
    [
        ("sur Netflix", "Netflix"),
        ("la firme au N rouge", "Netflix"),
        ("la plateforme au N rouge", "Netflix"),
        ("Amazon Prime Video", "Prime Video"),
        ("Disney Plus", "Disney+"),
        ("Apple TV Plus", "Apple TV+"),
        ("Paramount +", "Paramount+"),
        ("Canal +", "Canal+"),
        ("la chaîne cryptée", "Canal+"),
        ("la chaîne franco-allemande", "Arte"),
        ("The CW", "The CW"),
        ("Fox", "FOX"),
        ("BBC One", "BBC One"),
        ("HBO Max", "HBO Max"),
        ("France 2", "France 2"),
        ("TF1", "TF1"),
        ("M6", "M6"),
        ("Channel 4", "Channel 4"),
        ("E4", "E4"),
        ("Crunchyroll", "Crunchyroll"),
        ("le géant de Los Gatos", "Netflix"),
    ],
)
def test_platform_names(text, name):
    found = find_platforms(text)
    assert found and found[0].name == name


def test_platform_not_studio_or_person():
    assert find_platforms("CBS Studios produced it") == []
    assert [p.name for p in find_platforms("The Michael J. Fox Show")] == []


# ----------------------------------------------------------------------------- titles


def _titles(text: str, lang: str = "en") -> set[str]:
    norm = normalise(text)
    low = lower_same_length(norm)
    return {c.text for c in find_candidates(norm, low, segment(norm), lang)}


def test_quoted_titles_of_every_kind():
    text = "« Opale » and \u201cSalt Marsh\u201d and \"Iron Creek\" and 'Copper Sky' and *Late Shift* and _Night Ferry_ rule."
    found = _titles(text)
    for t in ("Opale", "Salt Marsh", "Iron Creek", "Copper Sky", "Late Shift", "Night Ferry"):
        assert t in found


def test_quoted_speech_is_not_a_title():
    found = _titles('She said: "We are thrilled to be back for more episodes."')
    assert not any("thrilled" in t for t in found)


def test_capitalised_titles_and_french_sentence_case():
    assert "Mayor of Kingstown" in _titles("Paramount+ has renewed Mayor of Kingstown for a third season.")
    assert "Section de recherches" in _titles("TF1 arrête Section de recherches après 14 saisons.", "fr")


def test_title_key_drops_article_and_accents():
    assert title_key("Les Rescapés de l'Arianna") == title_key("rescapes de l arianna")
    assert title_key("The Affair") == "affair"


# ----------------------------------------------------------------------------- cues


def _statuses(text: str) -> set[tuple[str, str]]:
    low = lower_same_length(normalise(text))
    return {(c.status, c.kind) for c in find_cues(low)}


@pytest.mark.parametrize(
    "text,status",
    [
        ("la série ne sera pas renouvelée", "cancelled"),
        ("il n'y aura pas de saison 3", "cancelled"),
        ("the show won't return", "cancelled"),
        ("Netflix is not moving forward with it", "cancelled"),
        ("the drama was axed", "cancelled"),
        ("la série a tiré sa révérence", "cancelled"),
        ("the series ended after four seasons", "cancelled"),
        ("renewed for a fourth and final season", "final_season"),
        ("la troisième et dernière saison", "final_season"),
        ("une saison 2 serait en projet", "in_development"),
        ("the series is in development", "in_development"),
        ("la saison 2 est en tournage", "filming"),
        ("filming has wrapped", "filming"),
        ("la série a été renouvelée", "renewed"),
        ("FX has ordered a second season", "renewed"),
    ],
)
def test_cues(text, status):
    assert status in {s for s, _ in _statuses(text)}


# ----------------------------------------------------------------------------- facts


def _facts(text, lang=None, published=None, title=None):
    return {(f.series, f.season, f.status): f for f in extract_facts(text, lang, published, title)}


def test_fact_shape_and_evidence():
    text = "Starz has renewed Red Harbor for a third season."
    facts = extract_facts(text, "en", datetime.date(2024, 1, 1))
    assert facts and isinstance(facts[0], Fact)
    f = facts[0]
    assert (f.series, f.season, f.status, f.platform, f.certainty) == ("Red Harbor", 3, "renewed", "Starz", "official")
    assert f.evidence in text and len(f.evidence) <= 200
    assert set(f.to_dict()) == {
        "series",
        "platform",
        "season",
        "status",
        "certainty",
        "episodes",
        "release",
        "evidence",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Hulu has reportedly renewed Quiet Bay for a second season.",
        "According to Variety, Hulu renewed Quiet Bay for a second season.",
        "Sources say Hulu renewed Quiet Bay for a second season.",
        "Selon Variety, Hulu a renouvelé Quiet Bay pour une deuxième saison.",
    ],
)
def test_reported_certainty(text):
    facts = extract_facts(text, None, datetime.date(2024, 1, 1))
    assert facts and all(f.certainty == "reported" for f in facts)


def test_question_headline_makes_reported():
    facts = extract_facts(
        "Stone Valley season 3 renewed?\nThe cast hopes so.", "en", None, title="Stone Valley season 3 renewed?"
    )
    assert all(f.certainty == "reported" for f in facts)


def test_language_detection_without_hint():
    fr = extract_facts("La chaîne a renouvelé « Opale » pour une saison 2 et les fans sont ravis.")
    en = extract_facts("The network has renewed 'Opale' for a second season and fans are happy.")
    assert fr and en and fr[0].season == en[0].season == 2


def test_one_fact_per_series_season_status():
    text = (
        "Netflix renewed Blue Fjord for a second season. Blue Fjord will indeed return for a second season, "
        "Netflix confirmed."
    )
    facts = extract_facts(text, "en", datetime.date(2024, 1, 1))
    keys = [(f.series, f.season, f.status) for f in facts]
    assert len(keys) == len(set(keys))


def test_film_only_article_gives_nothing():
    text = (
        "The sequel film topped the box office this weekend. The movie grossed $50 million and a third film "
        "is in development at the studio, with the director returning for the sequel."
    )
    assert extract_facts(text, "en") == []


def test_empty_and_whitespace():
    assert extract_facts("") == []
    assert extract_facts("   \n\n ") == []
    assert extract_facts("date 2024-05") == []


def test_non_string_rejected():
    with pytest.raises(TypeError):
        extract_facts(None)  # type: ignore[arg-type]


def test_link_lines_to_other_articles_state_nothing_whatever_their_case():
    text = (
        "Netflix has renewed Harbor Lights for a fourth season, the streamer announced on Monday.\n"
        "YOU MAY ALSO LIKE: Copper Valley renewed for season 2 at HBO\n"
        "The new episodes will be filmed in Maine this spring."
    )
    facts = extract_facts(text, "en", datetime.date(2025, 3, 3))
    assert [(f.series, f.season, f.status, f.platform) for f in facts] == [("Harbor Lights", 4, "renewed", "Netflix")]
