"""Season mentions: digits, number words, ordinals, S2, Part 3, ranges and counts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import CARDINAL_WORDS_RE, DIGIT_ORDINAL, ORDINAL_WORDS_RE, number_value


@dataclass(frozen=True)
class SeasonMention:
    start: int
    end: int
    values: tuple[int, ...]  # the season numbers (empty for "new season")
    kind: str  # "num": a numbered season; "count": N seasons; "more": N more seasons; "new"
    final: bool = False  # "fourth and final season"


_CARD = rf"(?:\d{{1,2}}|{CARDINAL_WORDS_RE})"
_CARD_NO_UN = rf"(?:\d{{1,2}}|(?!un\b|une\b|a\b){CARDINAL_WORDS_RE})"
_ORD = rf"(?:{DIGIT_ORDINAL}|{ORDINAL_WORDS_RE})"
_SEASON_NOUN = (r"(?:seasons?|saisons?|series|instal?lments?|chapters?|chapitres?|iterations?|volets?|"
                r"cycles?|outings?)")

# season 3, saisons 4 et 5, season two, saison deux
_NUMBERED = re.compile(
    rf"\b(?:season|saison)s?\s?(?:n°\s?|no\.\s?|#)?(?P<a>{_CARD_NO_UN})(?!\d|\w)"
    rf"(?:\s?(?:and|et|&|-|à|to|/)\s?(?:(?:season|saison)\s)?(?P<b>{_CARD_NO_UN})(?!\d|\w))?"
)
# British "series 3" / "series three"
_SERIES_NUM = re.compile(rf"\bseries\s(?P<a>{_CARD_NO_UN})(?![\w])")
# third season, fifth and final season, troisième et dernière saison, 2e saison
_ORDINAL = re.compile(
    rf"\b(?P<a>{_ORD})(?:\s(?:and|et)\s(?P<fin>final|last|dernière|derniere|ultime))?[\s-]{_SEASON_NOUN}(?![\w])"
)
# sophomore season / freshman season
_SOPHOMORE = re.compile(r"\b(?P<a>sophomore|freshman)\s(?:season|run|outing)\b")
# two more seasons, après 14 saisons, (10 saisons), three seasons, a single season
_COUNT = re.compile(
    rf"\b(?P<a>{_CARD}|a single|single|one)\s(?P<more>more\s|additional\s|further\s|autres\s|nouvelles\s|"
    rf"supplémentaires\s|longues\s|full\s|whole\s|wild\s|tension-filled\s|seule\s|petite\s)?"
    rf"(?:\w+\s)?(?:seasons?|saisons?)\b"
)
# a new season / une nouvelle saison / another season / next season / une suite
_NEW = re.compile(
    r"\b(?:(?:a|the|its|une?|la|sa|cette) )?(?:new|another|next|nouvelle|prochaine|autre)\s(?:season|saison|series)\b"
    r"|\b(?:one more|une autre|une saison de plus|another) season\b"
)
# S2 (case sensitive, on the normalised text)
_S_NUM = re.compile(r"(?<![\w'])S(?P<a>\d{1,2})(?![\w])")
# Part 3 / Partie 5 (capitalised)
_PART = re.compile(rf"(?<![\w])(?:Part|Partie|Parte)\s(?P<a>\d{{1,2}}|[A-Z][a-z]{{2,8}})(?![\w])")


def find_seasons(low: str, norm: str, start: int = 0, end: int | None = None) -> list[SeasonMention]:
    """All season mentions in ``[start, end)``; ``low`` is the lower-cased ``norm``."""
    end = len(low) if end is None else end
    out: list[SeasonMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(m: SeasonMention) -> None:
        out.append(m)
        taken.append((m.start, m.end))

    for m in _ORDINAL.finditer(low, start, end):
        v = number_value(m.group("a"))
        if v is None or v > 60:
            continue
        # "first series" is usually not a season in English prose; keep "saison"/"season"
        add(SeasonMention(m.start(), m.end(), (v,), "num", bool(m.group("fin"))))
    for m in _NUMBERED.finditer(low, start, end):
        if not free(m.start(), m.end()):
            continue
        a = number_value(m.group("a"))
        if a is None or a > 60:
            continue
        vals = [a]
        b = m.group("b")
        if b:
            bv = number_value(b)
            if bv and a < bv <= a + 5:
                vals = list(range(a, bv + 1)) if "-" in m.group(0) or "à" in m.group(0) or "to" in m.group(0) else [a, bv]
            elif bv and bv != a and bv < 60:
                vals = [a, bv]
        add(SeasonMention(m.start(), m.end(), tuple(vals), "num"))
    for m in _SERIES_NUM.finditer(low, start, end):
        if not free(m.start(), m.end()):
            continue
        a = number_value(m.group("a"))
        if a is None or a > 40:
            continue
        add(SeasonMention(m.start(), m.end(), (a,), "num"))
    for m in _SOPHOMORE.finditer(low, start, end):
        if free(m.start(), m.end()):
            add(SeasonMention(m.start(), m.end(), (2 if m.group("a") == "sophomore" else 1,), "num"))
    for m in _S_NUM.finditer(norm, start, end):
        if free(m.start(), m.end()):
            v = int(m.group("a"))
            if 0 < v < 60:
                add(SeasonMention(m.start(), m.end(), (v,), "num"))
    for m in _PART.finditer(norm, start, end):
        if free(m.start(), m.end()):
            v = number_value(m.group("a"))
            if v and v < 20:
                add(SeasonMention(m.start(), m.end(), (v,), "num"))
    for m in _COUNT.finditer(low, start, end):
        if not free(m.start(), m.end()):
            continue
        tok = m.group("a")
        v = 1 if tok in ("a single", "single", "one", "une", "un") else number_value(tok)
        if v is None or v > 60:
            continue
        kind = "more" if (m.group("more") or "").strip() in ("more", "additional", "further", "autres", "nouvelles", "supplémentaires") else "count"
        add(SeasonMention(m.start(), m.end(), (v,), kind))
    for m in _NEW.finditer(low, start, end):
        if free(m.start(), m.end()):
            add(SeasonMention(m.start(), m.end(), (), "new"))
    out.sort(key=lambda s: s.start)
    return out
