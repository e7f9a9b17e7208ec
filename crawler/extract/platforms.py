"""Networks and platforms: names, spelling variants and nicknames, normalised."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .text import anchor_windows, ascii_words_among, lower_same_length

# (canonical name, regex of the variants).  Matched on the normalised text; case
# rules are written into each variant ((?i:...) where case does not matter).
_PLATFORMS: list[tuple[str, str]] = [
    ("Netflix", r"(?i:netflix)"),
    (
        "Netflix",
        r"(?i:la (?:firme|plateforme|plate-forme|soci[ée]t[ée]) au (?:grand )?N rouge|le N rouge|"
        r"(?:le |du )?g[ée]ant de Los Gatos|la firme de Los Gatos)",
    ),
    ("Prime Video", r"(?i:amazon prime video|amazon prime|prime video)|Amazon(?! Studios| MGM Studios)"),
    ("Disney+", r"(?i:disney\s?\+|disney plus)"),
    (
        "Disney+",
        r"(?i:la maison de mickey|the house of mouse|the mouse house|(?:le groupe|la firme) aux grandes oreilles)",
    ),
    ("HBO Max", r"HBO\s?Max"),
    (
        "Max",
        r"(?<=on )Max\b|(?<=sur )Max\b|(?<=chez )Max\b|(?<=streamer )Max\b|(?<=streaming service )Max\b"
        r"|(?<=the )Max(?= (?:comedy|drama|series|show|original|thriller|hit|anime|docuseries|sitcom|miniseries)\b)"
        r"|Max(?=['\u2019]s (?:comedy|drama|series|show|hit|original|thriller)\b)",
    ),
    ("HBO", r"HBO(?!\s?Max)"),
    (
        "Apple TV+",
        r"(?i:apple\s?tv\s?\+|apple tv plus|apple\s?tv)|(?<![\w])TV\+|(?i:la firme de cupertino)|Apple(?! Music| Store| Watch)",
    ),
    ("Hulu", r"Hulu"),
    ("Peacock", r"Peacock(?! network)"),
    (
        "Paramount+",
        r"(?i:paramount\s?\+|paramount plus)|Paramount(?! Network| Pictures| Global| Television| Studios| Animation| Players)",
    ),
    ("Paramount Network", r"Paramount Network"),
    ("Canal+", r"(?i:canal\s?\+|canal plus|la cha[iî]ne crypt[ée]e)"),
    ("France 2", r"France\s?2(?!\d|[,.]\d)"),
    ("France 3", r"France\s?3(?!\d|[,.]\d)"),
    ("France 4", r"France\s?4(?!\d|[,.]\d)"),
    ("France 5", r"France\s?5(?!\d|[,.]\d)"),
    ("France.tv", r"(?i:france\.tv)"),
    ("TF1", r"(?i:tf1)\+?|(?<=sur )la Une\b|(?<=de )la Une\b"),
    ("M6", r"M6\+?|(?<=pour )la Six\b|(?<=sur )la Six\b"),
    ("W9", r"W9"),
    ("TMC", r"TMC"),
    ("TFX", r"TFX"),
    ("6ter", r"6ter"),
    ("C8", r"C8"),
    ("Arte", r"ARTE|Arte(?!misia)|(?i:la cha[iî]ne franco-allemande)"),
    ("OCS City", r"OCS City"),
    ("OCS", r"OCS(?! City)"),
    ("Salto", r"Salto"),
    ("RTBF", r"RTBF"),
    ("RTS", r"RTS(?=\s|\.|,)"),
    ("TV5Monde", r"TV5\s?Monde"),
    ("BBC One", r"BBC\s?(?:One|1)(?!\d)"),
    ("BBC Two", r"BBC\s?(?:Two|2)(?!\d)"),
    ("BBC Three", r"BBC\s?(?:Three|3)(?!\d)"),
    ("BBC Four", r"BBC\s?(?:Four|4)(?!\d)"),
    ("BBC iPlayer", r"BBC\s?iPlayer|iPlayer"),
    ("BBC America", r"BBC America"),
    ("BBC Scotland", r"BBC Scotland"),
    ("BBC", r"BBC(?!\s?(?:One|Two|Three|Four|America|Scotland|iPlayer|News|Studios|[1-4]))"),
    ("ITVX", r"ITVX"),
    ("ITV2", r"ITV\s?2(?!\d)"),
    ("ITV3", r"ITV\s?3(?!\d)"),
    ("ITV4", r"ITV\s?4(?!\d)"),
    ("ITV", r"ITV(?!\s?[234X]|\s?Studios)"),
    ("Channel 4", r"Channel\s?4(?!\d)|All\s?4(?!\d)"),
    ("Channel 5", r"Channel\s?5(?!\d)"),
    ("E4", r"E4(?!\d)"),
    ("More4", r"More4"),
    ("Sky Atlantic", r"Sky Atlantic"),
    ("Sky One", r"Sky One|Sky 1(?!\d)"),
    ("Sky Max", r"Sky Max"),
    ("BritBox", r"BritBox"),
    ("UKTV", r"UKTV"),
    ("CBS", r"CBS(?!\s(?:Studios|TV Studios|Television Studios|News|Sports))|(?i:the tiffany network)"),
    ("NBC", r"NBC(?!\s?(?:Universal|News|Sports))|(?i:the peacock network)"),
    ("ABC", r"ABC(?!\s(?:Studios|Signature|News))|(?i:the alphabet net(?:work)?)"),
    (
        "FOX",
        r"(?<!J\. )(?<!Century )(?<!Michael )FOX(?! News| Sports)|(?<!J\. )(?<!Century )(?<!Michael )Fox(?! News| Sports| Searchlight| Entertainment Group|\w)",
    ),
    ("The CW", r"(?:The |the )?CW(?!\w)"),
    ("PBS", r"PBS"),
    ("AMC", r"AMC\+?(?! Studios| Networks)"),
    ("FXX", r"FXX"),
    ("FX", r"FX(?![X\w])(?! Productions)"),
    ("Showtime", r"Showtime"),
    ("Starz", r"Starz|STARZ"),
    ("TNT", r"TNT"),
    ("TBS", r"TBS"),
    ("USA Network", r"USA Network"),
    ("Syfy", r"Syfy|SyFy|SYFY"),
    ("Freeform", r"Freeform"),
    ("Lifetime", r"Lifetime"),
    ("Bravo", r"Bravo(?!,)"),
    ("BET", r"BET\+?"),
    ("Comedy Central", r"Comedy Central"),
    ("Adult Swim", r"Adult Swim"),
    ("Cartoon Network", r"Cartoon Network"),
    ("Nickelodeon", r"Nickelodeon"),
    ("Disney Channel", r"Disney Channel"),
    ("National Geographic", r"National Geographic|Nat Geo"),
    ("Discovery", r"Discovery\+?(?! Channel)|Discovery Channel"),
    ("MGM+", r"MGM\+|Epix|EPIX"),
    ("Hallmark", r"Hallmark(?: Channel)?"),
    ("TLC", r"TLC"),
    ("MTV", r"MTV"),
    ("Cinemax", r"Cinemax"),
    ("SundanceTV", r"SundanceTV|Sundance TV"),
    ("IFC", r"IFC"),
    ("YouTube", r"YouTube Premium|YouTube Red"),
    ("Tubi", r"Tubi"),
    ("Roku", r"Roku Channel"),
    ("Freevee", r"Freevee|IMDb TV"),
    ("Quibi", r"Quibi"),
    ("Pop TV", r"Pop TV"),
    ("CTV", r"CTV"),
    ("CBC", r"CBC"),
    ("Crave", r"Crave(?!\w)"),
    ("Crunchyroll", r"(?i:crunchyroll)"),
    ("Funimation", r"Funimation"),
    ("ADN", r"ADN|Animation Digital Network"),
    ("HIDIVE", r"HIDIVE"),
    ("Wakanim", r"Wakanim"),
    ("NHK", r"NHK"),
    ("TV Tokyo", r"TV Tokyo"),
    ("Tokyo MX", r"Tokyo MX"),
    ("BS11", r"BS11"),
    ("Fuji TV", r"Fuji TV"),
    ("Rai", r"Rai(?:\s?(?:1|2|3|Uno|Due))?(?!\w)"),
    ("ZDF", r"ZDF"),
    ("Viaplay", r"Viaplay"),
    ("SVT", r"SVT"),
    ("Telemundo", r"Telemundo"),
    ("Univision", r"Univision"),
    ("Stan", r"(?<=on )Stan\b"),
]

# Group names the matcher can tell apart: one named group per entry.
_PARTS = []
_CANONICAL: dict[str, str] = {}
for _i, (_name, _rx) in enumerate(_PLATFORMS):
    _PARTS.append(f"(?P<p{_i}>{_rx})")
    _CANONICAL[f"p{_i}"] = _name

PLATFORM_RE = re.compile(r"(?<![\w+])(?:" + "|".join(_PARTS) + r")(?![\w+])")


def _dispatch() -> dict[str, re.Pattern]:
    """For each lower-cased two-letter start, the alternation of the names that can begin
    with it (in their order: the first that matches wins, as in PLATFORM_RE)."""
    from .cues import _prefixes

    starts: list[set | None] = []
    for _name, rx in _PLATFORMS:
        pf = _prefixes(rx, 2)
        starts.append(None if pf is None else {p.lower() for p in pf})
    keys = {k for st in starts if st for k in st}
    table = {}
    for k in keys:
        parts = [_PARTS[i] for i, st in enumerate(starts) if st is None or k in st]
        table[k] = re.compile(r"(?<![\w+])(?:" + "|".join(parts) + r")(?![\w+])")
    return table


_BY_START = _dispatch()

# Production companies or studios: a platform name followed by these is not a platform.
_NOT_PLATFORM_AFTER = re.compile(
    r"\s?(?:Studios?|Pictures|Films|Productions|Records|Games|Music|Books|Press|Store|Originals? Studios)\b"
)
# A platform's word inside a title: "A Discovery of Witches", "The History of Swear Words"
_TITLE_ARTICLES = ("A ", "An ", "The ", "Un ", "Une ", "Le ", "La ")
_TITLE_COMPLEMENT = re.compile(r" (?:of|de|du|des) [A-Z\u00c0-\u00de]")

# Generic anaphoric names of the current platform (no new platform).
GENERIC_PLATFORM_RE = re.compile(
    r"(?i)\b(?:la plate-?forme(?: de streaming| de svod| am[ée]ricaine)?|le service(?: de streaming)?|"
    r"le g[ée]ant(?: am[ée]ricain)?(?: du streaming| de la svod| de la vod)|la cha[iî]ne(?: publique| am[ée]ricaine| anglaise| britannique| priv[ée]e)?|"
    r"le diffuseur|the streamer|the streaming (?:service|giant|platform)|the network|the cabler|"
    r"the (?:premium )?cable network|the broadcaster|the channel|the platform)\b"
)

# Platforms that are umbrella brands of a more specific one.
PARENT_OF = {"BBC": ("BBC One", "BBC Two", "BBC Three", "BBC Four"), "ITV": ("ITV2",), "HBO": ("HBO Max",)}


class PlatformMention(NamedTuple):  # immutable and cheap to create
    start: int
    end: int
    name: str


# First words of the platform names: the full pattern is only tried where one occurs.
_TRIGGERS = frozenset(
    """
netflix amazon prime disney hbo max apple appletv tv hulu peacock paramount canal france tf1 m6 w9 tmc tfx 6ter
c8 arte ocs salto rtbf rts tv5 tv5monde bbc bbc1 bbc2 bbc3 bbc4 iplayer itv itv2 itv3 itv4 itvx channel all all4 e4
more4 sky britbox uktv cbs nbc abc fox cw pbs amc fx fxx showtime starz tnt tbs usa syfy freeform lifetime bravo
bet comedy adult cartoon nickelodeon national nat discovery mgm epix hallmark tlc mtv cinemax sundancetv sundance
ifc youtube tubi roku freevee imdb quibi pop ctv cbc crave crunchyroll funimation adn animation hidive wakanim nhk
tokyo bs11 fuji rai zdf viaplay svt telemundo univision stan
""".split()
)
_TRIGGER_BYTES = frozenset(t.encode("ascii") for t in _TRIGGERS)
_NICKNAME_HINTS = (
    "rouge",
    "gatos",
    "cupertino",
    "alphabet",
    "crypt",
    "franco-allemande",
    "mickey",
    "oreilles",
    "tiffany",
    "peacock network",
    "la une",
    "la six",
    "mouse",
)
_NICKNAMES = re.compile(
    r"(?i)(?<![\w])(?P<Netflix>la (?:firme|plateforme|plate-forme|soci[ée]t[ée]) au (?:grand )?N rouge|le N rouge|"
    r"(?:le |du )?g[ée]ant de Los Gatos|la firme de Los Gatos)"
    r"|(?P<Apple>la firme de cupertino)"
    r"|(?P<ABC>the alphabet net(?:work)?)"
    r"|(?P<CanalP>la cha[iî]ne crypt[ée]e)"
    r"|(?P<Arte>la cha[iî]ne franco-allemande)"
    r"|(?P<Disney>la maison de mickey|the house of mouse|the mouse house|(?:le groupe|la firme) aux grandes oreilles)"
    r"|(?P<CBS>the tiffany network)"
    r"|(?P<NBC>the peacock network)"
    r"|(?<=sur )(?P<TF1>la Une)\b|(?<=de )(?P<TF1b>la Une)\b"
    r"|(?<=pour )(?P<M6>la Six)\b|(?<=sur )(?P<M6b>la Six)\b"
)
_NICK_NAME = {
    "Netflix": "Netflix",
    "Apple": "Apple TV+",
    "ABC": "ABC",
    "CanalP": "Canal+",
    "Arte": "Arte",
    "Disney": "Disney+",
    "CBS": "CBS",
    "NBC": "NBC",
    "TF1": "TF1",
    "TF1b": "TF1",
    "M6": "M6",
    "M6b": "M6",
}


def find_platforms(norm: str, start: int = 0, end: int | None = None, low: str | None = None) -> list[PlatformMention]:
    """All platform mentions in ``norm[start:end]`` (``low``: its lower-cased form, when known)."""
    if start == 0 and end is None and len(norm) <= 120:
        return list(_find_short(norm))
    return _find(norm, start, len(norm) if end is None else end, low)


@lru_cache(maxsize=4096)
def _find_short(text: str) -> tuple[PlatformMention, ...]:
    return tuple(_find(text, 0, len(text)))


_WORD_CHAR = re.compile(r"[\w+]")


def _find(norm: str, start: int, end: int, low: str | None = None) -> list[PlatformMention]:
    out: list[PlatformMention] = []
    last_end = -1
    if low is None:
        low = lower_same_length(norm)
    # the trigger words present (a fast presence test), then their occurrences: a token
    # (a maximal run of word characters and '+') equal to a trigger, '+' signs aside
    present = ascii_words_among(_TRIGGER_BYTES, low, start, end)
    points = []
    for t in present:
        i = low.find(t, start, end)
        while i >= 0:
            j = i + len(t)
            if not (i > 0 and _WORD_CHAR.match(low, i - 1)):
                k = j
                while k < end and low[k] == "+":
                    k += 1
                if not (k < end and _WORD_CHAR.match(low, k)):
                    points.append((i, t))
            i = low.find(t, j, end)
    points.sort()
    for a, t in points:
        if a >= 4 and t == "cw" and norm[a - 4 : a] in ("The ", "the "):
            a -= 4
        if a < last_end:
            continue
        rx = _BY_START.get(low[a : a + 2])
        m = rx.match(norm, a, end) if rx is not None else None
        if not m:
            continue
        if _NOT_PLATFORM_AFTER.match(norm, m.end()):
            continue
        if norm.endswith(_TITLE_ARTICLES, max(0, a - 4), a) and _TITLE_COMPLEMENT.match(norm, m.end()):
            continue
        name = _CANONICAL[m.lastgroup] if m.lastgroup else None
        if name is None:
            continue
        out.append(PlatformMention(m.start(), m.end(), name))
        last_end = m.end()
    hint = (
        any(h in low[start:end] for h in _NICKNAME_HINTS)
        if end - start < 400
        else any(low.find(h, start, end) >= 0 for h in _NICKNAME_HINTS)
    )
    if hint:
        # a nickname contains one of the hints, at most 50 characters from its start
        for a, b in anchor_windows(low, start, end, _NICKNAME_HINTS, 50, 40):
            for m in _NICKNAMES.finditer(norm, a, b):
                if any(not (m.end() <= p.start or m.start() >= p.end) for p in out):
                    continue
                out.append(PlatformMention(m.start(), m.end(), _NICK_NAME[m.lastgroup]))
        out.sort(key=lambda p: p.start)
    return out


def canonical_platform(name: str) -> str | None:
    """Normalise a platform name written on its own (for example in a list heading)."""
    mentions = find_platforms(name.strip())
    if len(mentions) == 1 and mentions[0].end - mentions[0].start >= len(name.strip()) - 1:
        return mentions[0].name
    return None
