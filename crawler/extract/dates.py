"""Date and window expressions, resolved against the publication date.

A mention records what the text gives (year, month, day, a season of the year,
a relative year) and ``resolve`` turns it into "YYYY", "YYYY-MM" or
"YYYY-MM-DD", choosing the year from the publication date when the text omits
it (forward for announcements, backward for past airings).
"""

from __future__ import annotations

import bisect
import datetime
import re
from typing import NamedTuple

from .lexicon import MONTH_FULL_RE, MONTHS, YEAR_SEASONS
from .text import word_hits

_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_DAY = r"(?:1er|[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
)
_MONTH = rf"(?:{MONTH_FULL_RE})"
_SEASONW = r"(?:spring|summer|fall|autumn|winter|printemps|été|automne|hiver|rentrée|rentree)"
_PREFIX = (
    r"(?:(?:early|late|mid|the end of|the beginning of|début|debut|fin|mi|courant|d'ici|by|au|à l'|"
    r"l'|en|in|au début de|à la fin de|from|dès|à partir de|pour|for|à|to|until|jusqu'en)[\s-])"
)

_PATTERNS = [
    # 12 mars 2024 / le 12 mars / mardi 16 juin 2015 / 24 octobre prochain
    (
        "dmy",
        re.compile(
            rf"\b(?:(?P<wd>{_WEEKDAY}),?\s)?(?P<d>{_DAY})\s(?P<m>{_MONTH})\.?(?:,?\s(?P<y>{_YEAR}))?(?P<next>\sprochain)?\b"
        ),
    ),
    # March 24 / Sunday, August 25 / Sept. 28 / December 21, 2025
    ("mdy", re.compile(rf"\b(?:(?P<wd>{_WEEKDAY}),?\s)?(?P<m>{_MONTH})\.?\s(?P<d>{_DAY})\b(?:,?\s(?P<y>{_YEAR}))?")),
    # juillet 2025 / fin février 2025 / in January 2020
    ("my", re.compile(rf"\b(?P<pre>{_PREFIX})?(?P<m>{_MONTH})\.?\s(?:de\s|of\s)?(?P<y>{_YEAR})\b")),
    # automne 2022 / fall 2015 / l'été 2019 / rentrée 2015
    ("sy", re.compile(rf"\b(?P<pre>{_PREFIX})?(?P<s>{_SEASONW})\s(?:de\s|of\s)?(?P<y>{_YEAR})\b")),
    # l'automne prochain / cet automne / this fall / next spring / au printemps prochain / à la rentrée
    (
        "srel",
        re.compile(
            rf"(?:\b(?P<this>cet|ce|cette|this|next|le|l'|au|à la|la)\s?)(?P<s>{_SEASONW})(?P<next>\sprochaine?|\snext)?\b"
        ),
    ),
    # next year / l'an prochain / l'année prochaine / early next year / cette année / this year
    (
        "yrel",
        re.compile(
            r"\b(?P<pre>early |late |later |mid-|début |fin |courant |plus tard |d'ici )?(?:(?P<nexten>next year)|"
            r"(?P<thisen>this year|later this year)|(?P<nextfr>l'an prochain|l'année prochaine|l'an\s?prochain)|"
            r"(?P<thisfr>cette année|dans l'année|courant de l'année))\b"
        ),
    ),
    # en 2020 / in 2024 / d'ici 2026 / début 2018 / delayed to 2024
    ("y", re.compile(rf"\b(?P<pre>{_PREFIX}|(?:the|l'année|year|l'an)\s)(?P<y>{_YEAR})\b(?!\s?-\s?\d)")),
    # in February / en novembre / au mois de novembre / this February
    (
        "m",
        re.compile(
            rf"\b(?P<pre>en|in|au mois de|courant|this|next|ce mois de|fin|début|early|late)\s(?P<m>{_MONTH})(?P<next>\sprochain)?\b"
        ),
    ),
]


class DateMention(NamedTuple):  # immutable and cheap to create
    start: int
    end: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    rel_year: int | None = None  # +1 next year, 0 this year
    season_month: int | None = None  # for "spring" style windows
    forward: bool = False  # "prochain", "next"


def _month(tok: str) -> int | None:
    return MONTHS.get(tok.rstrip(".").lower())


_YEAR_TOKEN = re.compile(r"(?:19[5-9]|20[0-4])\d(?!\d)")
# Every match of a pattern holds one of its anchors: a month name, a season of the year,
# a year word, or a year in digits.  Each pattern only runs in windows around its own.
_MONTH_ANCHORS = (
    "jan",
    "fév",
    "fev",
    "feb",
    "mar",
    "apr",
    "avr",
    "mai",
    "may",
    "jun",
    "jui",
    "jul",
    "aug",
    "aoû",
    "aou",
    "sep",
    "oct",
    "nov",
    "dec",
    "déc",
)
_SEASON_ANCHORS = tuple(YEAR_SEASONS)
_YEARWORD_ANCHORS = ("year", "l'an", "année")
_PATTERN_ANCHORS = {
    "dmy": "month",
    "mdy": "month",
    "my": "month",
    "sy": "season",
    "srel": "season",
    "yrel": "yearword",
    "y": "year",
    "m": "month",
}
# every month name starts with one of the anchors: a month anchor that does not start a
# word which is a month name (the "mar" of "summary", the "nov" of "novel") holds no date
assert all(any(k.startswith(a) for a in _MONTH_ANCHORS) for k in MONTHS)
_LETTERS = re.compile(r"[^\W\d_]+")


def _month_word_at(low: str, p: int) -> bool:
    """True when a month name is the word that starts at ``p``."""
    if p and (low[p - 1].isalnum() or low[p - 1] == "_"):
        return False
    m = _LETTERS.match(low, p)
    return m is not None and m.group() in MONTHS


_ANCHOR_GROUP = {
    **{w: "month" for w in _MONTH_ANCHORS},
    **{w: "season" for w in _SEASON_ANCHORS},
    **{w: "yearword" for w in _YEARWORD_ANCHORS},
}


_RX_FIND_DATES_1 = re.compile(r"\d+")


def find_dates(
    low: str, start: int = 0, end: int | None = None, spans: list[tuple[int, int]] | None = None
) -> list[DateMention]:
    """The date expressions of ``low[start:end]`` (only inside ``spans`` when given)."""
    end = len(low) if end is None else end
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    windows: dict[str, list[tuple[int, int]]] = {"month": [], "season": [], "yearword": [], "year": []}
    whole = spans if spans is not None else [(start, end)]
    hits = [
        (p, kind)
        for p, w in word_hits(low, whole, _ANCHOR_GROUP)
        if (kind := _ANCHOR_GROUP[w]) != "month" or _month_word_at(low, p)
    ]
    hits += [(m.start(), "year") for a, b in whole for m in _YEAR_TOKEN.finditer(low, a, b)]
    hits.sort()
    starts = [a for a, _ in whole]
    for p, kind in hits:
        k = bisect.bisect_right(starts, p) - 1
        sa, sb = whole[k]
        group = windows[kind]
        a, b = max(sa, p - 32), min(sb, p + 34)
        if group and a <= group[-1][1] and group[-1][0] >= sa:
            group[-1] = (group[-1][0], max(group[-1][1], b))
        else:
            group.append((a, b))
    for kind, rx in _PATTERNS:
        for m in (x for a, b in windows[_PATTERN_ANCHORS[kind]] for x in rx.finditer(low, a, b)):
            a, b = m.start(), m.end()
            if any(not (b <= s or a >= e) for s, e in taken):
                continue
            g = m.groupdict()
            if kind in ("dmy", "mdy"):
                mon = _month(g["m"])
                d = int(_RX_FIND_DATES_1.match(g["d"]).group(0)) if g["d"][0].isdigit() else 1
                if mon is None or not 1 <= d <= 31:
                    continue
                if kind == "mdy" and g["m"] in ("may", "mar") and not g.get("y") and not g.get("wd"):
                    continue  # ambiguous words
                y = int(g["y"]) if g.get("y") else None
                out.append(DateMention(a, b, "day", y, mon, d, forward=bool(g.get("next"))))
            elif kind == "my":
                mon = _month(g["m"])
                if mon is None:
                    continue
                out.append(DateMention(a, b, "month", int(g["y"]), mon))
            elif kind == "sy":
                out.append(DateMention(a, b, "year", int(g["y"]), season_month=YEAR_SEASONS.get(g["s"])))
            elif kind == "srel":
                this = (g.get("this") or "").strip()
                nxt = bool(g.get("next")) or this == "next"
                if (
                    not nxt
                    and this not in ("cet", "ce", "cette", "this", "à la")
                    and not (
                        g["s"].startswith("rentr") and this == "la" and low[max(0, a - 5) : a] in ("pour ", " dès ")
                    )
                ):
                    continue  # "pour la rentrée" is the coming one; "le printemps" is not a date
                out.append(
                    DateMention(a, b, "season", season_month=YEAR_SEASONS.get(g["s"]), forward=True, rel_year=None)
                )
            elif kind == "yrel":
                rel = 1 if (g.get("nexten") or g.get("nextfr")) else 0
                out.append(DateMention(a, b, "relyear", rel_year=rel))
            elif kind == "y":
                out.append(DateMention(a, b, "year", int(g["y"])))
            elif kind == "m":
                mon = _month(g["m"])
                if mon is None:
                    continue
                out.append(DateMention(a, b, "monthonly", month=mon, forward=bool(g.get("next")) or g["pre"] == "next"))
            taken.append((a, b))
    out.sort(key=lambda d: d.start)
    return out


def resolve(mention: DateMention, published: datetime.date | None, future: bool = True) -> str | None:
    """The release string for ``mention`` ("YYYY", "YYYY-MM", "YYYY-MM-DD") or None.

    ``future`` tells which way to resolve a missing year: an announcement points
    forward from the publication date, an airing report backward.
    """
    k = mention.kind
    if k == "day":
        y = mention.year
        if y is None:
            if published is None:
                return None
            y = _pick_year(published, mention.month, mention.day, future or mention.forward)
        return f"{y:04d}-{mention.month:02d}-{mention.day:02d}"
    if k == "month":
        return f"{mention.year:04d}-{mention.month:02d}"
    if k == "year":
        return f"{mention.year:04d}"
    if k == "relyear":
        if published is None:
            return None
        return f"{published.year + (mention.rel_year or 0):04d}"
    if k == "season":
        if published is None:
            return None
        sm = mention.season_month or 1
        y = published.year
        if sm < published.month - 1 and sm != 1:
            y += 1
        elif sm == 1 and published.month > 2:
            y += 1
        return f"{y:04d}"
    if k == "monthonly":
        if published is None:
            return None
        y = _pick_year(published, mention.month, 28 if future else 1, future or mention.forward)
        return f"{y:04d}-{mention.month:02d}"
    return None


def _pick_year(published: datetime.date, month: int, day: int, future: bool) -> int:
    y = published.year
    try:
        cand = datetime.date(y, month, min(day, 28))
    except ValueError:
        return y
    if future:
        if (published - cand).days > 20:
            return y + 1
        return y
    if (cand - published).days > 20:
        return y - 1
    return y


_BYLINE = re.compile(
    rf"\b(?:(?:{_WEEKDAY}),?\s)?(?P<d>{_DAY})\s(?P<m>{_MONTH})\.?\s(?P<y>{_YEAR})\b"
    rf"|\b(?P<m2>{_MONTH})\.?\s(?P<d2>{_DAY}),?\s(?P<y2>{_YEAR})\b"
    r"|\b(?P<d3>[0-3]\d)/(?P<m3>[01]\d)/(?P<y3>20[0-4]\d)\b"
)


def byline_date(low: str, start: int = 0, limit: int = 700) -> datetime.date | None:
    """A full date near the top of the text (a byline such as "Publié le 2 avril 2015")."""
    m = _BYLINE.search(low, start, min(len(low), start + limit))
    if not m:
        return None
    try:
        if m.group("y"):
            d = int(_RX_FIND_DATES_1.match(m.group("d")).group(0)) if m.group("d")[0].isdigit() else 1
            return datetime.date(int(m.group("y")), _month(m.group("m")), d)
        if m.group("y2"):
            d = int(_RX_FIND_DATES_1.match(m.group("d2")).group(0)) if m.group("d2")[0].isdigit() else 1
            return datetime.date(int(m.group("y2")), _month(m.group("m2")), d)
        return datetime.date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    except (ValueError, TypeError):
        return None
