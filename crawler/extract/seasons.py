"""Season mentions: digits, number words, ordinals, S2, Part 3, ranges and counts."""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from .lexicon import CARDINAL_WORDS_RE, number_value, ordinal_value
from .text import word_hits


class SeasonMention(NamedTuple):  # immutable and cheap to create
    start: int
    end: int
    values: tuple[int, ...]  # the season numbers (empty for "new season")
    kind: str  # "num": a numbered season; "count": N seasons; "more": N more seasons; "new"
    final: bool = False  # "fourth and final season"


_CARD = rf"(?:\d{{1,2}}|{CARDINAL_WORDS_RE})"
_CARD_NO_UN = rf"(?:\d{{1,2}}|(?!un\b|une\b|a\b){CARDINAL_WORDS_RE})"
# generic words, validated with number_value(): cheaper than trying every number word
# (possessive runs: a word is never cut short, the next character is a space or a hyphen)
_ORD = r"(?:\d{1,2}(?:st|nd|rd|th|ème|eme|è|e|nde|er|ère|re)|[a-zéè][a-zéèê]{3,12}+(?:-[a-zéèê]{3,12}+){0,2})"
_GCARD = r"(?:\d{1,2}|a single|[a-zéè][a-zéè]{1,10}+(?:-[a-zéè]{2,10}+){0,2})"
_SEASON_NOUN = (
    r"(?:seasons?|saisons?|series|instal?lments?|chapters?|chapitres?|iterations?|volets?|"
    r"cycles?|outings?)"
)

# season 3, saisons 4 et 5, season two, saison deux
_NUMBERED = re.compile(
    rf"\b(?:season|saison)s?\s?(?:n°\s?|no\.\s?|#)?(?P<a>{_CARD_NO_UN})(?!\d|\w)"
    rf"(?:\s?(?:and|et|&|-|à|to|/)\s?(?:(?:season|saison)\s)?(?P<b>{_CARD_NO_UN})(?!\d|\w))?"
)
# British "series 3" / "series three"
_SERIES_NUM = re.compile(
    rf"\bseries\s(?P<a>{_CARD_NO_UN})(?![\w])"
    rf"(?:\s?(?:and|&|-|to)\s?(?P<b>{_CARD_NO_UN})(?![\w]))?"
)
# British "two more series"
_COUNT_SERIES = re.compile(rf"\b(?P<a>{_GCARD})\s(?:more|additional|further)\sseries\b")
# third season, fifth and final season, troisième et dernière saison, 2e saison
_ORDINAL = re.compile(
    rf"\b(?P<a>{_ORD})(?:\s(?:and|et)\s(?P<fin>final|last|dernière|derniere|ultime))?[\s-]{_SEASON_NOUN}(?![\w])"
    rf"|\b(?P<pa>{_ORD})\s(?:and|et)\s(?P<pfin>final|last|dernière|derniere|ultime)\s(?:part|partie)(?![\w])"
)
# sophomore season / freshman season
_SOPHOMORE = re.compile(r"\b(?P<a>sophomore|freshman)\s(?:season|run|outing)\b")
# two more seasons, après 14 saisons, (10 saisons), three seasons, a single season
_COUNT = re.compile(
    rf"\b(?P<a>{_GCARD})[\s-](?P<more>more\s|additional\s|further\s|autres\s|nouvelles\s|"
    rf"supplémentaires\s|longues\s|full\s|whole\s|seule\s|petite\s|complete\s|entières\s)?"
    rf"(?:seasons?|saisons?)\b(?P<more2>\s(?:supplémentaires|additionnelles|de plus)\b|"
    rf"(?<=season)\s(?:renewal|pickup|pick-up|order|extension)\b)?"
)
# a new season / une nouvelle saison / another season / next season / une suite
_NEW = re.compile(
    r"\b(?:(?:a|the|its|une?|la|sa|cette) )?(?:new|another|next|nouvelle|prochaine|autre)\s(?:season|saison|series)\b"
    r"|\b(?:one more|une autre|une saison de plus|another) season\b"
)
# S2 (case sensitive, on the normalised text); the literal comes first for a fast scan
_S_NUM = re.compile(r"S(?<![\w']S)(?P<a>\d{1,2})(?![\w])")
# Part 3 / Partie 5 (capitalised)
_PART = re.compile(r"Part(?<![\w]Part)(?:ie|e)?\s(?P<a>\d{1,2}|[A-Z][a-z]{2,8})(?![\w])")
# "Season 3 premieres in March. A fourth is already in the works": an ordinal standing for
# the season just named, as the subject of a statement (its verb follows) that opens a
# sentence or a clause
_ELLIPTIC_ORDINAL = re.compile(
    # after a sentence or clause break: the punctuation first lets the scan skip ahead
    r"[.!?;,:]\s{1,3}(?:et |and |but |mais )?(?:une|la|cette|a|the|this)\s(?P<a>\d{1,2}(?:nd|rd|th|e|ème)|(?:deux|trois|quatr|cinqu|six|sept|huit|neuv|dix)i[èe]me|"
    r"seconde|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"\s(?:(?:est|sera|serait|devrait|pourrait|a|is|will|would|could|has|was)\b|(?:and|et)\s(?P<fin>final|last|dernière)\b)"
)
ELLIPSIS_REACH = 300  # characters from a season mention to an ordinal that stands for it
# nouns that an ordinal after them may stand for instead of a season
_OTHER_UNIT = re.compile(
    r"\b(?:épisodes?|episodes?|films?|movies?|parts?|parties?|chapters?|chapitres?|tomes?|volumes?)\b"
)
_ANCHORS = (
    "season",
    "saison",
    "series",
    "final part",
    "last part",
    "dernière partie",
    "instal",
    "chapter",
    "chapitre",
    "volet",
    "iteration",
    "cycle",
    "outing",
    "sophomore",
    "freshman",
)


def find_seasons(
    low: str, norm: str, start: int = 0, end: int | None = None, spans: list[tuple[int, int]] | None = None
) -> list[SeasonMention]:
    """All season mentions in ``[start, end)`` (only inside ``spans`` when given); ``low``
    is the lower-cased ``norm``."""
    end = len(low) if end is None else end
    out: list[SeasonMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(m: SeasonMention) -> None:
        out.append(m)
        taken.append((m.start, m.end))

    whole = spans if spans is not None else [(start, end)]
    windows: list[tuple[int, int]] = []
    hits: list[tuple[int, str, int]] = []  # (position, anchor, index of its window)
    starts = [a for a, _ in whole]
    for p, w in word_hits(low, whole, _ANCHORS):
        k = bisect.bisect_right(starts, p) - 1
        sa, sb = whole[k]
        a, b = max(sa, p - 48), min(sb, p + 40)
        if windows and a <= windows[-1][1] and windows[-1][0] >= sa:
            windows[-1] = (windows[-1][0], max(windows[-1][1], b))
        else:
            windows.append((a, b))
        hits.append((p, w, len(windows) - 1))

    def scan(rx, text):
        for a, b in windows:
            yield from rx.finditer(text, a, b)

    def at_anchors(rx, words):
        # the patterns that start with their anchor word: tried there only (as finditer
        # would: left to right, not inside the previous match)
        last = -1
        for p, w, wi in hits:
            if w in words and p >= last:
                m = rx.match(low, p, windows[wi][1])
                if m:
                    last = m.end()
                    yield m

    for m in scan(_ORDINAL, low):
        v = ordinal_value(m.group("a") or m.group("pa"))
        if v is None or v > 60:
            continue
        # "first series" is usually not a season in English prose; keep "saison"/"season"
        add(SeasonMention(m.start(), m.end(), (v,), "num", bool(m.group("fin") or m.group("pfin"))))
    for m in at_anchors(_NUMBERED, ("season", "saison")):
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
                vals = (
                    list(range(a, bv + 1)) if "-" in m.group(0) or "à" in m.group(0) or "to" in m.group(0) else [a, bv]
                )
            elif bv and bv != a and bv < 60:
                vals = [a, bv]
        add(SeasonMention(m.start(), m.end(), tuple(vals), "num"))
    for m in at_anchors(_SERIES_NUM, ("series",)):
        if not free(m.start(), m.end()):
            continue
        a = number_value(m.group("a"))
        if a is None or a > 40:
            continue
        vals = [a]
        bv = number_value(m.group("b")) if m.group("b") else None
        if bv and a < bv <= a + 5:
            vals = list(range(a, bv + 1))
        add(SeasonMention(m.start(), m.end(), tuple(vals), "num"))
    for m in scan(_COUNT_SERIES, low):
        v = number_value(m.group("a"))
        if v and v <= 10 and free(m.start(), m.end()):
            add(SeasonMention(m.start(), m.end(), (v,), "more"))
    for m in at_anchors(_SOPHOMORE, ("sophomore", "freshman")):
        if free(m.start(), m.end()):
            add(SeasonMention(m.start(), m.end(), (2 if m.group("a") == "sophomore" else 1,), "num"))
    for m in (x for a, b in whole for x in _S_NUM.finditer(norm, a, b)):
        if free(m.start(), m.end()):
            v = int(m.group("a"))
            if 0 < v < 60:
                add(SeasonMention(m.start(), m.end(), (v,), "num"))
    for m in (x for a, b in whole for x in _PART.finditer(norm, a, b)):
        if free(m.start(), m.end()):
            v = number_value(m.group("a"))
            if v and v < 20:
                add(SeasonMention(m.start(), m.end(), (v,), "num"))
    for m in scan(_COUNT, low):
        if not free(m.start(), m.end()):
            continue
        tok = m.group("a")
        v = 1 if tok in ("a single", "single", "one", "une", "un") else number_value(tok)
        if v is None or v > 60:
            continue
        kind = (
            "more"
            if (m.group("more") or "").strip()
            in ("more", "additional", "further", "autres", "nouvelles", "supplémentaires")
            or m.group("more2")
            else "count"
        )
        add(SeasonMention(m.start(), m.end(), (v,), kind))
    for m in scan(_NEW, low):
        if free(m.start(), m.end()):
            add(SeasonMention(m.start(), m.end(), (), "new"))
    out.sort(key=lambda s: s.start)
    _elliptic_ordinals(low, out)
    return out


def _elliptic_ordinals(low: str, out: list[SeasonMention]) -> None:
    """Adds the ordinals that stand for a season ("a fourth is in the works"): after a
    numbered season, within reach and before the next season mention, above its number."""
    found = []
    for i, last in enumerate(out):
        if last.kind != "num":
            continue
        end = min(last.end + ELLIPSIS_REACH, out[i + 1].start if i + 1 < len(out) else len(low))
        for m in _ELLIPTIC_ORDINAL.finditer(low, last.end, end):
            v = ordinal_value(m.group("a"))
            if (
                v is None
                or not max(last.values) < v <= max(last.values) + 3
                or _OTHER_UNIT.search(low, last.end, m.start())
            ):
                continue
            fin_end = m.end("fin") if m.group("fin") else m.end("a")
            found.append(SeasonMention(m.start("a"), fin_end, (v,), "num", bool(m.group("fin"))))
    for mention in found:
        bisect.insort(out, mention, key=lambda s: s.start)
