"""Assembly: from cues, titles, seasons, platforms and dates to facts.

The whole text is segmented and scanned once for status cues (and, with a
word-presence test, for platform names).  Most sentences of an article state
nothing: only the sentences that can matter are read closely -- the statements
(sentences with a cue that can state something), the sentence before each, the
lead and the bare title lines -- for dates, seasons and capitalised titles;
known titles are then found again everywhere by plain substring search.  A text
with no statement and no status label stops after the cue scan.  Each cue is
linked to the series, season, platform and date it is about; a context (the
article's main series, the current platform, the season last discussed) carries
across sentences.  Finally the drafts are deduplicated to one fact per (series,
season, status).
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from . import cues as C
from .dates import DateMention, byline_date, find_dates, resolve
from .lexicon import COMMON_CAPS, FIRST_NAMES, ORDINALS, OUTLETS, PLACES, STOP_EN, STOP_FR, number_value
from .model import Fact
from .platforms import PARENT_OF, PlatformMention, find_platforms
from .seasons import SeasonMention, find_seasons
from .text import (
    EndPattern,
    Sentence,
    anchor_windows,
    leading_date_line,
    lower_same_length,
    normalise,
    segment,
    stopword_counts,
)
from .titles import _CAPS as _CAPS_RUN
from .titles import Candidate, Series, find_candidates, fr_sentence_case_end, person_like, title_key

FORWARD = ("renewed", "final_season", "in_development", "filming", "release_date")
STATUS_RANK = {
    "final_season": 0,
    "renewed": 1,
    "cancelled": 2,
    "filming": 3,
    "release_date": 4,
    "in_development": 5,
    "released": 6,
}

# ----------------------------------------------------------------------------- helpers

_PASSIVE_BEFORE = EndPattern(
    r"(?:been|été|is|was|are|were|est|sont|être|be|being|get|got|gets|getting|officially|officiellement|"
    r"has been|have been|a été|ont été|bien|just|now|to be|désormais|finally|enfin|also|aussi|également|quietly|recently)\s$"
)
_ACTIVE_BEFORE = EndPattern(
    r"(?:has|have|had|a|ont|avait|avaient|to|de|d'|will|va|vont|vient de|viennent de|décidé de|decided to|"
    r"decision to|chose to|opted to|plans to|choisi de|opté pour|pour|qui|who|which)\s$"
)
_BLOCK_BEFORE_STRICT = EndPattern(
    r"(?:(?:le|du|the) (?:site|magazine|journal|média|quotidien|hebdomadaire|mensuel|blog|compte|website|outlet|newspaper|podcast)|"
    r"spin-?off (?:de|of|du|d')|spinoff (?:of|de)|dérivée? (?:de|du|d')|prequel (?:to|of|de)|préquel(?:le)? (?:de|à)|"
    r"sequel (?:to|of)|sequel series to|adaptation (?:de|of|du|d')|adapted from|remake (?:of|de|du)|reboot (?:of|de|du)|"
    r"bas[ée]e? sur|based on|inspir[ée]e? (?:de|by|par)(?: the| le| la| les| l')?|creators? of|créat(?:eur|rice|eurs)s? (?:de|du|d')|showrunner (?:of|de)|"
    r"writers? of|star of|stars of|vedette (?:de|du)|seen in|vue? dans|révélée? (?:dans|par)|known for|connue? pour|"
    r"(?:plus|moins|mieux|aussi|autant|meilleure?s?|pire|fort) (?:[\w'-]+ ){0,4}que(?: l'| la| le| les| dans)?|than|(?<!shows )(?<!series )like|"
    r"comparable à|comparée? à|compared to|à la manière de|dans la lignée de|aux côtés de|alongside|"
    r"univers(?:e)? (?:de|of|du)|the world of|l'univers de|"
    r"après celui de|après celle de|from the (?:team|producers|makers) behind|producteur de|producer of|"
    r"starred in|played in|jouait dans|a joué dans|rôle dans|role in|révélé par|déjà vue? dans|"
    r"(?:scénariste|réalisateur|réalisatrice|producteur|productrice|auteur|autrice|writer|director|producer|"
    r"co-creator|co-créateur|co-créatrice) (?:de|du|d'|of)(?: la| le| les| l'| the)?|"
    r"studios?(?: d'animation)?|studio of|animation studio|société(?: de production)?|production company|"
    r"titled|intitulée?|called|nommée?|episode|épisode|l'univers|the universe of|derrière|devant|behind|ahead of|"
    r"festival (?:de|of|du)|famille|family|"
    r"manga (?:de|d')|romans? (?:de|d')|novels? by|livres? (?:de|d')|auteure? (?:de|d')|"
    r"(?:hbo|netflix|abc|nbc|cbs|fox|amc|starz|showtime|hulu|disney\+?|apple)'s hit|"
    r"(?:de|d'|du|of|the|de la|des) (?:la |l')?(?:(?:série|saga|franchise|anime|show) )?(?:culte |mythique |phare |originale? )?(?:\w+ )?"
    r"(?:espagnole|américaine|britannique|japonaise|coréenne|française|originale|mère)\s?$)"
    r"\s?[\"\u00ab\u201c*'(]?\s?$"
)
_BLOCK_AFTER = re.compile(
    r"\s?[\"\u00bb\u201d*']?\s?(?:'s |’s )?(?:actress|actor|star|stars|alum|alumna|alumnus|creator|creators|franchise|universe|"
    r"-verse|fame|veteran|vedette|comédien|comédienne|acteur|actrice|interprète|star de|spin-?off|prequel|sequel|"
    r"film|movie|le film|the film|the movie)\b"
)
_ANAPHORA = re.compile(
    r"\b(?:la série|le show|la fiction|le programme|l'anime|l'animé|la saga|elle|celle-ci|cette série|ce show|la comédie|"
    r"le drame|le thriller|l'adaptation|les nouveaux épisodes|le tournage|la production|sa |son |ses |leur |"
    r"the series|the show|the drama|the comedy|the sitcom|the dramedy|the anime|the program|the programme|it|its|"
    r"this series|this show|the production|production|filming|the new season|the revival|the network's hit|"
    r"the half-hour|the hour-long|the crime drama|the period drama|the procedural|the reality|the competition|"
    r"the hit|the cabler's|the streamer's|they|their|il|the fantasy|the thriller|the limited series|"
    r"le jeu|l'émission|le feuilleton|l'aventure|la suite|le spin-off|the spinoff|the spin-off|"
    r"season|series|saison|tournage|filming)\b"
)
_PAST_ANCHOR = EndPattern(
    r"(?:\b(?:after|following|since|depuis|après|suite à|à l'issue de|au terme de|conclusion of|end of|fin de|"
    r"finale of|premiere of|aftermath of|events of|avant|before)\s(?:(?:the|its|sa|la|le|leur|their)\s)?(?:[\w'-]+\s){0,2}|"
    r"\b(?:featured|seen|aired|shown|introduced|appeared|launched|premiered) in\s|"
    r"\b(?:last|previous|précédente|previous)\s)$"
)
# a season right after "after" / "à l'issue de", or a few words after "after" ("two months
# after X season 2 premiered"): the last season aired
_PAST_AFTER = EndPattern(
    r"(?:(?:after|following|après|à l'issue de|au bout de|au terme de|at the end of)\s|"
    r"\b(?:after|following|après)\s(?:[^\s,.;:!?]+\s){1,7})$"
)
_EPISODES = re.compile(
    r"\b(?P<n>\d{1,3}|[a-zéèêàâîôûç\-]{3,16})(?:\s(?:new|nouveaux|nouvel|more|additional|inédits|)\s?)?"
    r"(?:\s(?:episodes|épisodes|eps|parts|parties)|-part|-parts|\s(?:episode|épisode)(?= order))\b"
    r"|\b(?P<x>\d{1,2})\s?x\s?\d{2,3}(?:['’]|\s?min|\b)"
    r"|\b(?P<o>\d{1,2}|[a-z]{3,10})-episode\b"
)
_NXN = re.compile(r"\d\s?x\s?\d")
_EPISODE_WORDS = ("pisode", "eps", "part")
_EPISODE_NOUNS = (*_EPISODE_WORDS, "x")
_EP_EXCLUDE_BEFORE = EndPattern(
    r"(?:first|premiers?|premières?|derniers?|last|deux premiers|trois derniers|remaining|only|seulement|"
    r"(?<!batch )(?<!total )(?<!order )(?<!composée )(?<!composé )(?<!salve )(?<!série )(?<!lot )(?<!consist )(?<!consists )(?<!consisting )(?<!comprised )(?<!made up )(?<!run )(?<!season )(?<!series )(?<!season \d )(?<!season \d\d )of|"
    r"(?<!composée )(?<!composé )(?<!salve )(?<!total )(?<!série )(?<!lot )(?<!composera )(?<!composeront )(?<!constituée )(?<!dotée )(?<!saison )(?<!saison \d )(?<!saison \d\d )de|des|aired|diffusés?|épisode|episode)\s$"
)
_QUESTION_HEAD = re.compile(r"^(?:pourquoi|why|comment|how|qu'est-ce|what|quand|when)\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^(?:[-\u2022*•>]|\d{1,2}[.)]|\d{1,2}\s?[-:])\s{0,3}")
_HEAD_STOP = frozenset(
    """
à lire aussi|lire aussi|read more|related|voir aussi|crédit photo|photo|photos|source|sources|tl;dr|synopsis|casting|
trailer|bande-annonce|date de sortie|le casting|note|update|mise à jour|à voir aussi|audiences|audience|avis|critique|
résumé|spoiler|spoilers|network|status|statut|canceled|cancelled|renewed|ended|date|image|images|credit|crédit|
pictured|légende|the verdict|verdict|previously|plot|intrigue|cast|distribution|where to watch|où regarder|
publicité|advertisement|tags|mots clés|tendances|news|actu|actualité|
bonne nouvelle|mauvaise nouvelle|triste nouvelle|excellente nouvelle|grosse surprise|surprise|c'est officiel|officiel|
c'est confirmé|confirmé|enfin|attention|alerte|breaking|exclusive|exclusif|good news|bad news|great news|sad news|
it's official|official|confirmed|finally|heads up|rappel|pour rappel|en bref|in brief|la bonne nouvelle|
la mauvaise nouvelle|the good news|the bad news|bref|conclusion|en résumé|à noter|à savoir|
""".replace("\n", "").split("|")
)


def _detect_lang(low: str) -> str:
    fr, en = stopword_counts(low, 2000)
    return "fr" if fr > en else "en"


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    key: str
    text: str
    strong: bool
    blocked: bool = False
    paren: bool = False
    sent: int = -1
    initial: bool = False
    reliable: bool = True
    passing: bool = False  # blocked as a comparison or credit ("like X", "spin-off of X")
    example: bool = False  # introduced as an example ("comme X", "like X")


@dataclass(slots=True)
class Draft:
    key: str
    season: int | None
    status: str
    certainty: str
    platform: str | None
    episodes: int | None
    release: str | None
    ev: tuple[int, int]
    pos: int
    sent: int
    explicit: bool = True
    rank: int = 0
    pq: int = 0  # how directly the platform was named (higher is better)
    span: tuple = ()  # all the seasons of one statement ("renewed for seasons 3 and 4")
    detail: bool = False  # told as background, outside the lead: no fact beside another status


@dataclass
class Doc:
    text: str
    norm: str
    low: str
    lang: str
    published: datetime.date | None
    offset: int
    sentences: list[Sentence]
    sent_starts: list[int] = field(default_factory=list)
    platforms: list[PlatformMention] = field(default_factory=list)
    seasons: list[SeasonMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    cues: list[C.Cue] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    series: dict[str, Series] = field(default_factory=dict)
    season_title: dict[int, str] = field(default_factory=dict)  # season mention start -> key
    main: str | None = None
    dominant: bool = False
    reported_doc: bool = False
    section_platform: dict[int, str] = field(default_factory=dict)  # sentence -> heading platform
    section_status: dict[int, str] = field(default_factory=dict)
    title_info: dict = field(default_factory=dict)  # per title key: how it was seen (for validation)
    platform_counts: Counter = field(default_factory=Counter)
    year: int | None = None
    cue_sents: list[int] = field(default_factory=list)  # the sentences whose cues can state something
    focus: list[int] = field(default_factory=list)  # the sentences read closely (sorted)
    focus_set: frozenset = frozenset()
    cache: dict = field(default_factory=dict)  # per-document memo of derived values
    lead_sents: int = 0  # the sentences of the headline lines and the first paragraph
    empty: bool = False  # read no further: the text cannot state a fact
    _starts: dict = field(default_factory=dict)

    def sent_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def in_range(self, items, a: int, b: int):
        """The items (sorted by start) that start in ``[a, b)``."""
        key = id(items)
        starts = self._starts.get(key)
        if starts is None or len(starts) != len(items):
            starts = [x.start for x in items]
            self._starts[key] = starts
        return items[bisect.bisect_left(starts, a) : bisect.bisect_left(starts, b)]

    def first_index_at(self, items, pos: int) -> int:
        self.in_range(items, 0, 0)
        return bisect.bisect_left(self._starts[id(items)], pos)


# ----------------------------------------------------------------------------- analysis


# a line that only credits a source: "via Deadline", "source : Variety"
_SOURCE_CREDIT = re.compile(r"(?:via|source\s?:)\s+(?:[A-Z][\w.]+\s?){1,3}\s*$", re.MULTILINE)
_RX_ANALYSE_2 = re.compile(r"(?:^|\n|\.)\s*(?:[Vv]ia|Source\s?:)\s+([A-Z][\w. ]{1,40})\s*$", re.MULTILINE)


def analyse(text: str, lang: str | None, published: datetime.date | None, title: str | None) -> Doc:
    offset, line_date, precision = leading_date_line(text)
    if line_date and (
        published is None
        or (published.year, published.month) == (line_date.year, line_date.month)
        and precision == "day"
    ):
        published = line_date if published is None or precision == "day" else published
    norm = _blank_links(normalise(text), offset)
    low = lower_same_length(norm)
    if lang not in ("fr", "en"):
        lang = _detect_lang(low[offset : offset + 2000])
    if published is None:
        published = byline_date(low, offset)
    sentences = segment(norm, offset)
    doc = Doc(text, norm, low, lang, published, offset, sentences)
    doc.sent_starts = [s.start for s in sentences]
    doc.lead_sents = _lead_sentences(sentences)
    end = sentences[-1].end if sentences else offset
    # one scan of the whole text for the status cues; the other scans only read the
    # sentences that can matter: those of the statements, their neighbours, the lead
    doc.cues = C.find_cues(low, offset, end)
    doc.cue_sents = _productive_sentences(doc)
    if not doc.cue_sents and not _has_labels(doc):
        doc.empty = True  # no statement and no status label: nothing can be a fact
        return doc
    if _film_article(low[offset:end]):
        doc.empty = True
        return doc
    doc.platforms = find_platforms(norm, offset, end, low)
    if not doc.platforms and not C.SERIES_CONTEXT_RE.search(low, offset, end):
        doc.empty = True  # no series, season, episode, channel or platform: not television news
        return doc
    doc.focus = _focus_sentences(doc)
    doc.focus_set = frozenset(doc.focus)
    spans = _spans(doc, doc.focus)
    doc.dates = find_dates(low, offset, end, spans)
    doc.seasons = find_seasons(low, norm, offset, end, spans)
    doc.platform_counts = Counter(p.name for p in doc.platforms)
    years = [d.year for d in doc.dates if d.year]
    doc.year = max(years) if years else None
    _build_titles(doc, title)
    _sections(doc)
    if _credit_line(norm[offset:end]):
        m = _RX_ANALYSE_2.search(norm[offset:end])
        if m and not find_platforms(m.group(1)):
            doc.reported_doc = True
    return doc


def _credit_line(seg: str) -> bool:
    """True when a line of ``seg`` is a source credit: the pattern is tried only where
    "via" or "source" follows a line start and blanks (a search tried it everywhere)."""
    for word in ("via", "source"):
        i = seg.find(word)
        while i >= 0:
            k = i
            while k and seg[k - 1].isspace():
                k -= 1
            if (k == 0 or "\n" in seg[k:i]) and _SOURCE_CREDIT.match(seg, i):
                return True
            i = seg.find(word, i + 1)
    return False


def _lead_sentences(sentences: list[Sentence]) -> int:
    """How many sentences the lead has: the heading lines, then the first paragraph."""
    first_line = None
    for i, s in enumerate(sentences):
        if first_line is None:
            if s.first_of_line and s.heading:
                continue
            first_line = s.line
        elif s.line != first_line:
            return i
    return len(sentences)


def _spans(doc: Doc, indices) -> list[tuple[int, int]]:
    """The text spans of the sentences ``indices`` (sorted), adjacent ones merged."""
    out: list[tuple[int, int]] = []
    for i in indices:
        a, b = doc.sentences[i].start, doc.sentences[i].end
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _focus_sentences(doc: Doc) -> list[int]:
    """The sentences read closely: the statements, the sentence before each, the
    lead, and the heading lines (titles of list items, section heads)."""
    n = len(doc.sentences)
    keep = set(range(min(4, n)))
    for si in doc.cue_sents:
        keep.update(range(max(0, si - 1), min(n, si + 1)))
    for i, snt in enumerate(doc.sentences):
        if snt.heading:
            keep.add(i)
    return sorted(keep)


def _has_labels(doc: Doc) -> bool:
    """True when a line starts with a status label ("Cancelled:", "**Renouvelées**")."""
    norm = doc.norm
    for s in doc.sentences:
        if s.first_of_line:
            seg = norm[s.start : s.end]
            if C.label_match(seg) or (s.end - s.start <= 40 and _LABEL_LINE.match(seg.strip())):
                return True
    return False


def _film_article(seg: str) -> bool:
    """A film article (box office, casting of a film) states no series facts.  Every film
    word holds one of the _FILM_HINTS: fewer than four hints, fewer than four words."""
    if sum(seg.count(h) for h in _FILM_HINTS) < 4:
        return False
    film = sum(
        len(C.FILM_CONTEXT_RE.findall(seg, a, b)) for a, b in anchor_windows(seg, 0, len(seg), _FILM_HINTS, 20, 24)
    )
    return film >= 4 and film > 2 * len(C.TV_CONTEXT_RE.findall(seg))


def _productive_sentences(doc: Doc) -> list[int]:
    """The sentences whose cues can state a fact: a premiere or broadcast verb
    ("return", "arrive", "airs") states nothing without a date in its sentence."""
    by_sent: dict[int, list] = {}
    for c in doc.cues:
        by_sent.setdefault(doc.sent_index(c.start), []).append(c)
    release_only = [si for si in sorted(by_sent) if all(c.kind == "release" for c in by_sent[si])]
    dated = set()
    if release_only:
        sents = doc.sentences
        spans = [(sents[si].start, sents[si].end) for si in release_only]  # one span per sentence
        dated = {doc.sent_index(d.start) for d in find_dates(doc.low, spans[0][0], spans[-1][1], spans)}
    return [si for si in sorted(by_sent) if si in dated or any(c.kind != "release" for c in by_sent[si])]


# "À lire aussi : <other article>", "RELATED: ...": links to other articles, not statements of this one
_LINK_LINE = re.compile(
    r"(?im)^[ \t*#>\u2022\-]{0,4}(?:à lire aussi|a lire aussi|lire aussi|à voir aussi|voir aussi|à découvrir aussi|"
    r"découvrez aussi|read more|read also|also read|related|see also|more from|sur le même sujet|dans la même rubrique|"
    r"recommended|you may also like|vous aimerez aussi|vous aimerez aussi|à lire également|lire également|"
    r"la suite après cette publicité|article recommandé)\b[ \t*]{0,3}(?P<sep>[:\-\u2013\u2014>|]?)[^\n]{0,300}"
)


# what may precede the keyword of a link line, and the first letters of its keywords
# (lower-cased; "ſ" is an "s" to the case-insensitive pattern)
_LINK_LEAD = " \t*#>\u2022-"
_LINK_FIRST = frozenset("àalvdrsmyſ")


def _blank_links(norm: str, offset: int) -> str:
    """Blank (with spaces, keeping offsets) the lines that only link to other articles."""
    parts = []
    last = 0
    first_line_end = norm.find("\n", offset)
    # the pattern only matches at line starts, and only where a keyword can start there
    line_starts = [offset]
    i = first_line_end
    while i >= 0:
        line_starts.append(i + 1)
        i = norm.find("\n", i + 1)
    tries = [p for p in line_starts if norm[p : p + 5].lstrip(_LINK_LEAD)[:1].lower() in _LINK_FIRST]
    if not tries:
        return norm
    for m in (x for x in map(lambda p: _LINK_LINE.match(norm, p), tries) if x):
        a, b = m.start(), m.end()
        if a < first_line_end or a < last:
            continue  # never the headline
        rest = norm[m.end("sep") : b].strip(" *")
        if not rest:
            # the keyword alone: the linked title is the next line
            nl = norm.find("\n", b)
            if nl >= 0:
                nxt = norm.find("\n", nl + 1)
                nxt = len(norm) if nxt < 0 else nxt
                if nxt - nl <= 160:
                    b = nxt
        elif not m.group("sep") and m.group(0).strip(" *#>-").lower().startswith(
            ("related", "recommended", "more from")
        ):
            continue  # prose: "Related to the show..."
        parts.append(norm[last:a])
        parts.append("".join(ch if ch == "\n" else " " for ch in norm[a:b]))
        last = b
    if not parts:
        return norm
    parts.append(norm[last:])
    return "".join(parts)


_EXAMPLE_BEFORE = EndPattern(
    r"\b(?:comme|like|such as|tels? que|telles? que|notamment|including)\s[\"\u00ab\u201c*']?\s?$"
)
_SPEECH_AFTER = re.compile(
    r"(?:'s|'|\s(?:said|says|told|tells|explained|added|tweeted|wrote|a déclaré|explique|ajoute|confie|"
    r"raconte))\b"
)
_PREV_WORD = re.compile(r"([\w'-]+), $")
_DET_BEFORE = EndPattern(r"\b(?:the|a|an|this|that|its|their)\s$")
_GENRE_AFTER = re.compile(
    r"\s(?:comedy|drama|series|show|sitcom|thriller|western|procedural|anthology|miniseries|docuseries|"
    r"dramedy|vehicle|project|production|franchise|universe|film|movie|reboot|revival|spinoff|spin-off)\b"
)
_APPOSITION_BEFORE = EndPattern(r", (?:the|a|an|le|la|l'|un|une) (?:[\w'-]+ ){0,2}$")
_HASHTAG_BEFORE = re.compile(r"[#@]([A-Z][a-z]+(?:[A-Z][a-z]+|\d+){1,5})\s$")
_HEAD_COLON = re.compile(r"([\"\u00ab\u201c*']?)([A-Z\u00c0-\u00de0-9][^:\n]{0,70}?)\1\s?:\s")
# a bulleted item: "- Title (season 2, HBO)", "- Title - description", "- Title"
_HEAD_ITEM = re.compile(
    r"([\"\u00ab\u201c*']?)([A-Z\u00c0-\u00de0-9][^:\n(]{0,70}?)\1(?:\s?:\s|\s?\(|\s[-\u2013\u2014]\s|\s*$)"
)
_HEAD_BOLD = re.compile(r"(\*\*)([A-Z\u00c0-\u00de0-9][^*\n]{0,70}?)\*\*(?:\s?:\s|\s[-\u2013\u2014]\s|\s?\(|\s*$)")
_HEAD_PREFIX = re.compile(
    r"^(?:(?:la |une )?s[ée]rie|series|anime|l'anime|manga|tv|show|le show|film|documentaire|docu-?s[ée]rie)\s",
    re.IGNORECASE,
)
_HEAD_SUFFIX = re.compile(
    r"(?:\s?\([^()]{1,30}\)|\s(?:saison|season|series|s|part|partie|tome)\s?\d{1,2}|\s\d{4}|\s(?:saison|season)\s\w+)$",
    re.IGNORECASE,
)
_CUE_WORDS = re.compile(
    r"(?i)\b(?:renew\w*|renouvel\w*|cancel\w*|annul\w*|axed|final|dernière|tournage|filming|premiere|date|saison|season|"
    r"épisode|episode|audiences?|casting|trailer|bande-annonce|news|critique|review|avis|what|how|why|"
    r"quand|pourquoi|comment|everything|tout ce|voici|here's|les séries|shows)\b"
)
_PLACE_BEFORE = EndPattern(
    r"(?:\b(?:in|at|near|from|en|dans|vers|près de|outside|inside|across)|"
    r"\b(?:îles?|ville|région|village|château|châteaux|département|quartier|city|town|island|state|county|province|"
    r"comté|capitale|côte|coast) (?:de|of|du|d')|\bdans (?:le|la|les))\s$|\bdans l'$"
)
_PERSON_BEFORE = EndPattern(
    r"\b(?:par|by|avec|with|starring|stars|star|acteur|actrice|actor|actress|comédien(?:ne)?|host|hosted by|animée? par|"
    r"présentée? par|incarnée? par|interprétée? par|jouée? par|réalisée? par|créée? par|produite? par|écrite? par|"
    r"directed by|created by|written by|produced by|led by|portée? par|menée? par|emmenée? par|signée? par|"
    r"showrunner|creator|créateur|créatrice|réalisateur|réalisatrice|producer|producteur|productrice|writer|"
    r"scénariste|director|président|president|patron|head of|chief|boss|ceo|coo|executive|exec|said|says|"
    r"a déclaré|explique|selon|according to|tells|told|told to|interview with|romans? (?:de|d')|novels? by|"
    r"manga (?:de|d')|livres? (?:de|d')|book by|auteur|author|personnage de|character|rôle de|role of|"
    r"famille|family|festival (?:de|of|du)|"
    r"(?:mme|m\.|mr\.?|mrs\.?|ms\.?|dr\.?|docteur|doctor|sir|lady|lord|king|queen|prince|princess|roi|reine|"
    r"l'acteur|l'actrice|le comédien|la comédienne|le réalisateur|la réalisatrice|le créateur|la créatrice|"
    r"le producteur|la productrice|l'animateur|l'animatrice|le présentateur|la présentatrice|le magicien|"
    r"le chanteur|la chanteuse|le rappeur))\s$"
)
_ACTING_AFTER = re.compile(
    r"\s?(?:, \d{2},|campait|campe|incarne|incarnait|joue|jouait|interprète|interprétait|plays|played|stars as|starred|"
    r"films|filming|joins|joined|is joining|stars|starring|reprises|reprend|rejoint|tourne|returns as|will play|"
    r"donne|a partagé|partage|explique|a expliqué|confie|révèle|raconte|affirme|says|said|told|explains|"
    r"said|says|told|wrote|tweeted|a déclaré|explique|expliquait|confie|raconte|, who| \(born|, qui (?:a |avait )?"
    r"(?:joué|incarné|réalisé|créé|écrit|produit|déclaré|expliqué))\b"
)


_HEAD_BAD_FIRST = frozenset(
    """as if when while but and so because although why how what who where since after before
this that these those it its we i you he she they there here now then also yet still just even not no
il elle on nous vous ce cette ces si quand comme mais et ou donc car pour dans avec sans chez selon après avant
voici voilà""".split()
)
_ANCHOR_STOP = (
    frozenset(
        """the le la les this that it its his her their ce cette son sa ses leur leurs season saison
series série episode épisode l un une a an de des du""".split()
    )
    | STOP_FR
) - {"you"}
# "saison 3 de 10 épisodes", "season 2 of 45 minutes": a count, not a title ("24 heures chrono")
_COUNTED_UNIT = re.compile(
    r"\d{1,4}\s?(?:épisodes?|episodes?|eps|minutes?|min|heures?|hours?|jours?|days?|semaines?|weeks?|mois|months?|ans|years?)"
)
_CONNECTORS_ALL = frozenset(
    "of the and a an in on at to for with from by or vs vs. de du des la le les et à au aux en pour & -".split()
)
_TITLE_LOWER = frozenset("of the and a an in on at to for with from by or vs vs. de du des la le les et à".split())


_PAREN_GROUP = re.compile(r"\s?\([^()]{0,40}\)")
_LIST_GAP = re.compile(r"[\"'\u201d\u00bb*]?\s?(?:,|and|et|ou|or|&)\s?(?:and |et |ou |or )?[\"'\u201c\u00ab*]?\s?")


def _seen_twice(norm: str, form: str) -> bool:
    """True when ``form`` is written at least twice in the text as a whole word (the
    candidates are only read near the statements; this counts the other uses too)."""
    n = 0
    i = norm.find(form)
    while i >= 0:
        j = i + len(form)
        if not (i > 0 and (norm[i - 1].isalnum() or norm[i - 1] == "_")) and not (
            j < len(norm) and (norm[j].isalnum() or norm[j] == "_")
        ):
            n += 1
            if n >= 2:
                return True
        i = norm.find(form, j)
    return False


# what may stand between a title and its season phrase ("X's season 3", "X : saison 2")
_SEASON_TITLE_GAP = re.compile(
    r"(?:[\"\u00bb\u201d*'] ?)?(?: (?:tv anime|anime|series|show|drama|manga|tv))?(?:'s|’s| :| -|,| \(|\(| –)? ?"
    r"(?:(?:la|the|its|sa) )?$"
)
_RX_BUILD_TITLES_1 = re.compile(
    r"\s(?:(?:de la|du|de l'|of the) (?:série|saga|series|show|anime|fiction|comédie|sitcom|drama|franchise)"
    r"(?: [a-zàâçéèêëîïôûùüÿæœ\-]{3,20}){0,2} )?"
    r"(?:(?<=[a-zéèêë\-] )|de |d'|du |des |of |for )\s?[\"\u00ab\u201c*]?\s?"
)
_RX_BUILD_TITLES_2 = re.compile(
    r"[_*\"\u00bb\u201d]?\s?[,(]\s?(?:ou |aka |alias |a\.k\.a\. )?[\"\u00ab\u201c*']?\s?([A-Z\u00c0-\u00de][^()\n,\"\u00bb\u201d*]{1,60}?)\s?[\"\u00bb\u201d*']?"
    r"\s(?:en (?:VF|VO|vf|vo|France|français|anglais|japonais|version française|version originale)|"
    r"in (?:the US|the UK|English|French|Japanese))\b"
)
_RX_BUILD_TITLES_3 = re.compile(r"\b(?:l'a|l'ont|c'est|qu'il|it's|that's|has|have|is|are|est|sont|a)\b")
_RX_BUILD_TITLES_4 = re.compile(r"\d{1,2}[:h]\d{2}")
_RX_BUILD_TITLES_5 = re.compile(r"[A-Z][a-z]+|\d+")
_RX_BUILD_TITLES_6 = re.compile(r"(?:,\s?|\s(?:et|and|ou|or)\s)[\"\u00ab\u201c]?([A-Z\u00c0-\u00de][\w'\-]*)")
_RX_BUILD_TITLES_7 = re.compile(r"[\"'\u201d\u00bb*]?\s?(?:,|and|et|ou|or|ou encore|ni|&)\s?[\"'\u201c\u00ab*]?\s?")
_RX_BUILD_TITLES_8 = re.compile(r"[\w'\-]+")


def _build_titles(doc: Doc, title: str | None) -> None:
    norm, low = doc.norm, doc.low
    # capitalised runs are read in the statements, the lead and the headings (a title
    # named elsewhere is found again by the search for the known forms below)
    n = len(doc.sentences)
    read = {doc.sent_index(c.start) for c in doc.cues} | set(range(min(2, n)))
    read.update(i for i, s in enumerate(doc.sentences) if s.heading)
    cands = find_candidates(norm, low, doc.sentences, doc.lang, doc.platforms, _spans(doc, sorted(read)))
    # "X : ..." line heads and "• X: description" list items
    for s in doc.sentences:
        if not s.first_of_line:
            continue
        seg = norm[s.start : min(s.end, s.start + 100)]
        lm = _LIST_ITEM.match(seg)
        if not lm and ":" not in seg and "**" not in seg[:3]:
            continue  # neither a list item, nor a bold head, nor a "Title: ..." head
        off = lm.end() if lm else 0
        if seg.startswith("**", off - 1 if lm and seg[off - 1 : off] == "*" else off):
            # "**Title** - description": a bold list head
            off = off - 1 if lm and seg[off - 1 : off] == "*" else off
            m = _HEAD_BOLD.match(seg, off)
        else:
            m = (_HEAD_ITEM if lm else _HEAD_COLON).match(seg, off)
            if m and m.start(2) != off + len(m.group(1)):
                m = None
        if not m:
            continue
        raw = m.group(2)
        t = raw.strip().strip("*\"'\u00bb\u201d")
        a = s.start + m.start(2) + (len(raw) - len(raw.lstrip()))
        hp = _HEAD_PREFIX.match(t)
        if hp:
            a += hp.end()
            t = t[hp.end() :]
        while True:
            t2 = _HEAD_SUFFIX.sub("", t).strip()
            if t2 == t:
                break
            t = t2
        words = t.split()
        if not words or len(words) > 7 or t.lower() in _HEAD_STOP or C.label_status(words[0]):
            continue
        if t.lower() in COMMON_CAPS or t.lower() in OUTLETS or _CUE_WORDS.search(t):
            continue
        if words[0].lower() in _HEAD_BAD_FIRST:
            continue
        if find_platforms(t) or _RX_BUILD_TITLES_3.search(t):
            continue
        if not (words[0][:1].isupper() or words[0][:1].isdigit()):
            continue
        if _RX_BUILD_TITLES_4.search(t) or person_like(words):
            continue
        if len(words) > 4 and sum(1 for w in words if w[:1].islower()) > len(words) // 2 + 1:
            continue
        if doc.lang == "en" and any(w[:1].islower() and w.lower() not in _TITLE_LOWER for w in words[1:]):
            continue
        if norm[a : a + len(t)] != t:
            continue
        cands.append(Candidate(a, a + len(t), t, "head", strong=len(words) <= 6))
    # split candidates "A : B" / "A and B" when a part is a title on its own elsewhere
    keys = Counter(c.key for c in cands)
    extra = []
    for c in cands:
        if c.kind not in ("caps", "head"):
            continue
        for sep in (" : ", ": ", " and ", " et ", " & ", "'s "):
            if sep not in c.text:
                continue
            left, right = c.text.split(sep, 1)
            lk, rk = title_key(left), title_key(right)
            if (keys.get(rk, 0) > 0 and rk != c.key) or (
                keys.get(lk, 0) > 0 and lk != c.key and sep.strip() not in (":", "'s")
            ):
                c.kind = "split"
                if left.strip() and sep != "'s ":
                    nc = Candidate(c.start, c.start + len(left), left, "caps", initial=c.initial)
                    nc.person = person_like(left.split())
                    extra.append(nc)
                ra = c.start + len(left) + len(sep)
                if right.strip():
                    nc = Candidate(ra, ra + len(right), right, "caps")
                    nc.person = person_like(right.split())
                    extra.append(nc)
                break
    cands = [c for c in cands if c.kind != "split"] + extra
    # season-anchored titles: "X saison 2", "X's season 3", "saison 2 de X", "season 3 of X"
    by_end: dict[int, Candidate] = {}
    by_start: dict[int, Candidate] = {}
    for c in cands:
        if c.end not in by_end or (c.end - c.start) > (by_end[c.end].end - by_end[c.end].start):
            by_end[c.end] = c
        if c.start not in by_start or (c.end - c.start) > (by_start[c.start].end - by_start[c.start].start):
            by_start[c.start] = c
    anchored: list[tuple[int, Candidate]] = []
    for sm in doc.seasons:
        if sm.kind != "num":
            continue
        k = sm.start
        m = _SEASON_TITLE_GAP.search(low[max(0, k - 20) : k])
        j = k - (len(m.group(0)) if m else 0)
        c = by_end.get(j) or by_end.get(k - 1)
        if c is None and j >= 1 and norm[j - 1] not in ".!?;":
            c = by_end.get(j - 1)  # not across a sentence end ("... and Dev Patil. The second season")
        hm = _HASHTAG_BEFORE.search(norm, max(0, k - 40), k)
        if c is None and hm:
            # "@TedLasso Season 3": a CamelCase handle names the series
            words = _RX_BUILD_TITLES_5.findall(hm.group(1))
            if len(words) >= 2:
                anchored.append((sm.start, Candidate(hm.start(1), hm.end(1), " ".join(words), "anchor", strong=True)))
                continue
        if c is not None and (not c.initial or c.kind in ("quote", "italic", "head", "anchor")) and not c.person:
            anchored.append((sm.start, Candidate(c.start, c.end, c.text, "anchor", strong=True)))
            continue
        m2 = _RX_BUILD_TITLES_1.match(norm[sm.end : sm.end + 70])
        if m2:
            p = sm.end + m2.end()
            c2 = by_start.get(p)
            if c2 is None and p < len(norm) and (norm[p].isupper() or norm[p].isdigit()):
                cm = _CAPS_RUN.match(norm, p)
                e = cm.end() if cm else p
                if doc.lang == "fr":
                    w = _RX_BUILD_TITLES_8.match(norm[p : p + 40])
                    if w:
                        e = max(e, fr_sentence_case_end(norm, low, p, p + w.end(), min(len(norm), p + 80)))
                e = min(e, doc.sentences[doc.sent_index(p)].end)  # not across a sentence end
                t = norm[p:e].rstrip(".,;:")
                if (
                    t
                    and t.lower() not in _ANCHOR_STOP
                    and not _COUNTED_UNIT.fullmatch(t.lower())
                    and not find_platforms(t)
                    and t.lower() not in OUTLETS
                    and not person_like(t.split())
                    and not _PLACE_BEFORE.search(low[max(0, p - 12) : p])
                ):
                    c2 = Candidate(p, p + len(t), t, "anchor", strong=True)
                    cands.append(c2)
            if c2 is not None and not c2.person:
                anchored.append((sm.start, Candidate(c2.start, c2.end, c2.text, "anchor", strong=True)))
    cands.extend(c for _, c in anchored)
    # registry and validity
    series: dict[str, Series] = {}
    info: dict[str, dict] = {}
    first_end = doc.sentences[0].end if doc.sentences else 0
    for c in cands:
        if not c.key or len(c.key) < 2:
            continue
        s = series.setdefault(c.key, Series(c.key))
        s.forms[c.text] += 1
        d = info.setdefault(
            c.key,
            {
                "strong": False,
                "noninitial": False,
                "count": 0,
                "person": True,
                "tc_only": True,
                "first": False,
                "single": True,
                "list": False,
                "lead": False,
            },
        )
        d["count"] += 1
        if c.strong or c.kind in ("quote", "italic", "anchor", "head"):
            d["strong"] = True
            s.strong = True
        if not c.initial:
            d["noninitial"] = True
        if not c.person:
            d["person"] = False
        if not c.titlecase_line:
            d["tc_only"] = False
        if c.start < first_end:
            d["first"] = True
        if c.start < doc.offset + 160:
            d["lead"] = True
        if c.person and (_ACTING_AFTER.match(low, c.end) or _PERSON_BEFORE.search(low[max(0, c.start - 40) : c.start])):
            d["acting"] = True
        if " " in c.text.strip():
            d["single"] = False
        if c.line_title:
            d["list"] = True
        tail = norm[c.end : c.end + 6]
        lm_ = _RX_BUILD_TITLES_6.match(tail) if c.initial else None
        if lm_ and lm_.group(1).lower() not in FIRST_NAMES and not c.person:
            d["list"] = True
    solo_lower = _LazyWords(norm)
    # neighbours in a list: "The Flash, Nancy Drew, Riverdale"
    ordered = sorted((c for c in cands if c.key in info), key=lambda c: c.start)
    pairs = []
    for c1, c2 in zip(ordered, ordered[1:], strict=False):
        gap = norm[c1.end : c2.start]
        if "(" in gap:
            gap = _PAREN_GROUP.sub("", gap)
        if 0 < len(gap) <= 6 and _LIST_GAP.fullmatch(gap):
            pairs.append((c1, c2))
    for _ in range(2):  # names listed with names are names too
        for c1, c2 in pairs:
            for a_, b_ in ((c1, c2), (c2, c1)):
                if info[b_.key]["person"] and not info[a_.key]["strong"] and len(a_.text.split()) in (2, 3):
                    info[a_.key]["person"] = True
    for c1, c2 in pairs:
        for a_, b_ in ((c1, c2), (c2, c1)):
            ib = info[b_.key]
            if not ib["person"] and (ib["strong"] or not ib["single"] or ib["noninitial"]):
                info[a_.key]["list"] = True
    # title-case headlines: a run there is a title only if none of its words is an ordinary word
    for c in cands:
        if c.titlecase_line and c.key in info and info[c.key]["tc_only"]:
            ws = [w.lower().strip(".,:;!?'\"") for w in c.text.split() if w.lower() not in _CONNECTORS_ALL]
            if ws and not any(w in solo_lower or w in COMMON_CAPS or w in STOP_EN or w in STOP_FR for w in ws):
                info[c.key]["tc_ok"] = True
    # surnames: the last word of a person's name, used alone later ("Kahl said")
    surnames = set()
    for c in cands:
        if c.person or info.get(c.key, {}).get("person"):
            surnames.add(c.text.split()[-1].lower())
    valid = set()
    doc.title_info = info
    for k, d in info.items():
        s = series[k]
        name = s.name
        if d["strong"] or d["list"]:
            ok = True
        elif d["tc_only"]:
            ok = bool(d.get("tc_ok"))
        elif d["single"] and not d["noninitial"]:
            # a capitalised word only seen at sentence starts: a title if repeated and never written in lower case
            ok = (d["count"] >= 2 or _seen_twice(norm, name)) and name.lower() not in solo_lower
        else:
            ok = True
        if ok and d["single"] and not d["strong"]:
            wl = name.lower().strip("'")
            if wl in FIRST_NAMES or wl in PLACES or wl in COMMON_CAPS:
                ok = False
        if (
            ok
            and d["person"]
            and not d["strong"]
            and not d["list"]
            and not (d["lead"] and (d["count"] >= 2 or _seen_twice(norm, name)) and not d.get("acting"))
        ):
            ok = False
        if (
            ok
            and not d["strong"]
            and len(name.split()) >= 3
            and name.split()[0].rstrip(".") in ("Dr", "Mr", "Mrs", "Ms", "Mme", "M", "Docteur", "Sir")
        ):
            ok = False

        if ok:
            valid.add(k)
    # mentions: candidate spans plus further occurrences of reliable titles
    spans: list[Mention] = []
    for c in cands:
        if c.key in valid:
            spans.append(Mention(c.start, c.end, c.key, c.text, info[c.key]["strong"], initial=c.initial))
    search_forms = []
    for k in valid:
        s = series[k]
        for form in s.forms:
            if len(form) < 3:
                continue
            multi = " " in form.strip()
            if s.strong or multi:
                search_forms.append((form, k, multi))
    search_forms.sort(key=lambda x: -len(x[0]))
    search_forms = search_forms[:150]
    lim = doc.sentences[-1].end if doc.sentences else 0
    for form, k, multi in search_forms:
        hay = low if multi else norm
        needle = form.lower() if multi else form
        i = hay.find(needle, 0, lim)
        while i >= 0:
            j = i + len(needle)
            before_ch = norm[i - 1] if i > 0 else " "
            after_ch = norm[j] if j < len(norm) else " "
            if not (before_ch.isalnum() or before_ch in "#@_" or (not multi and before_ch == "'")) and not (
                after_ch.isalnum() or after_ch == "_"
            ):
                spans.append(Mention(i, j, k, norm[i:j], info[k]["strong"]))
            i = hay.find(needle, j, lim)
    chosen: list[Mention] = []
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    for m in sorted(spans, key=lambda m: (not m.strong, -(m.end - m.start), m.start))[:4000]:
        i = bisect.bisect_left(taken_starts, m.start)
        if i > 0 and taken_ends[i - 1] > m.start:
            continue
        if i < len(taken_starts) and taken_starts[i] < m.end:
            continue
        taken_starts.insert(i, m.start)
        taken_ends.insert(i, m.end)
        chosen.append(m)
    chosen.sort(key=lambda m: m.start)
    # aliases: "X (Y en VF)", "X, ou Y en japonais"
    for m in chosen:
        tail = norm[m.end : m.end + 90]
        am = _RX_BUILD_TITLES_2.match(tail)
        if am:
            alias = am.group(1).strip()
            ak = title_key(alias)
            if ak and ak != m.key and m.key in series:
                s = series[m.key]
                s.aliases.add(ak)
                s.forms[alias] += 0
                for o in chosen:
                    if o.key == ak:
                        o.key = m.key
                if ak in series and series[ak] is not s:
                    s.forms.update(series[ak].forms)
                series[ak] = s
    focus_set = doc.focus_set
    # blocked (passing mentions), parenthesised and place-like mentions
    for m in chosen:
        m.sent = doc.sent_index(m.start)
        s = doc.sentences[m.sent]
        if m.sent not in focus_set:
            continue
        before = low[max(s.start, m.start - 48) : m.start]
        weak = not m.strong
        if _BLOCK_BEFORE_STRICT.search(before):
            m.blocked = True
            m.passing = True
        if _EXAMPLE_BEFORE.search(before):
            m.example = True
        if _BLOCK_AFTER.match(low, m.end):
            m.blocked = True
        rare = info.get(m.key, {}).get("count", 1) <= 1 and not info.get(m.key, {}).get("strong")
        if weak and " " not in m.text.strip() and m.key in surnames and _SPEECH_AFTER.match(norm, m.end):
            m.blocked = True
        if (
            weak
            and rare
            and (_PLACE_BEFORE.search(before) or _PERSON_BEFORE.search(before) or _ACTING_AFTER.match(low, m.end))
        ):
            m.blocked = True
            m.passing = bool(_PLACE_BEFORE.search(before))
        if _ACTING_AFTER.match(low, m.end) and info.get(m.key, {}).get("person"):
            m.blocked = True
        if weak and " " not in m.text and before.endswith(", ") and norm[m.end : m.end + 2].lstrip().startswith(","):
            prev_word = _PREV_WORD.search(before)
            if rare or (prev_word and prev_word.group(1) in PLACES):
                m.blocked = True
        # "the Glenn Howerton comedy", "its Viking drama X": a name used as a modifier
        if weak and (_DET_BEFORE.search(before) or m.text.startswith("The ")) and _GENRE_AFTER.match(low, m.end):
            m.blocked = True
        # appositive ", the Pierce Brosnan Western," / ", la comédie X,"
        if weak and _APPOSITION_BEFORE.search(before) and norm[m.end : m.end + 2].lstrip().startswith(","):
            m.blocked = True
        seg = norm[s.start : m.start]
        if seg.count("(") > seg.count(")"):
            m.paren = True
        if seg.count(" - ") % 2 == 1 and " - " in norm[m.end : s.end]:
            m.paren = True
    for prev, m in zip(chosen, chosen[1:], strict=False):
        if (
            prev.passing
            and not m.blocked
            and prev.sent == m.sent
            and _RX_BUILD_TITLES_7.fullmatch(norm[prev.end : m.start])
        ):
            m.blocked = True
    for m in chosen:
        d = info.get(m.key, {})
        m.reliable = bool(
            m.strong or " " in m.text.strip() or d.get("count", 0) >= 2 or d.get("list") or d.get("strong")
        )
    doc.mentions = chosen
    doc.series = series
    for start, c in anchored:
        if c.key in valid or c.key in series:
            doc.season_title[start] = series[c.key].key if c.key in series else c.key
    # main series
    score: Counter = Counter()
    for m in chosen:
        if m.blocked:
            continue
        w = 1.0
        if m.start < (doc.sentences[1].end if len(doc.sentences) > 1 else first_end):
            w += 2.0
        if m.paren:
            w -= 0.7
        score[m.key] += w
    for k in doc.season_title.values():
        score[k] += 1.0
    if title:
        tk = title_key(title)
        for k in list(score):
            if k and k in tk:
                score[k] += 3.0
    for k, v in score.items():
        if k in series:
            series[k].score = v
    if score:
        ranked = score.most_common(2)
        doc.main = ranked[0][0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        doc.dominant = ranked[0][1] >= 3 and ranked[0][1] >= 1.8 * second


_SOLO_LOWER = re.compile(r"(?<![\w'])[a-zàâçéèêëîïôûùüÿæœ][\w'\-]{2,}")


class _LazyWords:
    """The words of the text written in lower case (the tokens of ``_SOLO_LOWER``); a
    word is looked up in the text when asked about."""

    _RUN = re.compile(r"[\w'\-]")
    _FIRST = frozenset("abcdefghijklmnopqrstuvwxyzàâçéèêëîïôûùüÿæœ")

    def __init__(self, norm: str) -> None:
        self.norm = norm[:60000]
        self.known: dict[str, bool] = {}

    def _run(self, i: int) -> bool:
        return 0 <= i < len(self.norm) and self._RUN.match(self.norm, i) is not None

    def __contains__(self, word: str) -> bool:
        v = self.known.get(word)
        if v is None:
            v = self.known[word] = self._lookup(word)
        return v

    def _lookup(self, word: str) -> bool:
        if len(word) < 3 or word[0] not in self._FIRST or any(not self._RUN.match(c) for c in word):
            return False
        norm = self.norm
        i = norm.find(word)
        while i >= 0:
            j = i + len(word)
            if not self._run(j) and self._starts_token(i):
                return True
            i = norm.find(word, i + 1)
        return False

    def _starts_token(self, i: int) -> bool:
        """True when a token of ``_SOLO_LOWER.findall`` starts at ``i``."""
        norm = self.norm
        if i > 0 and self._run(i - 1) and norm[i - 1] != "-":
            return False  # inside a word
        if i == 0 or not self._run(i - 1):
            return True
        # after a hyphen: not when an earlier token of the same run covers it
        k = i - 1
        while k > 0 and self._run(k - 1):
            k -= 1
        end = i
        while self._run(end):
            end += 1
        for p in range(k, i):
            if (p == k or norm[p - 1] == "-") and norm[p] in self._FIRST and end - p >= 3:
                return False
        return True


# a line that is only a status label: "Renewed:", "**Annulées**"
_LABEL_LINE = re.compile(
    r"[#*\s]{0,6}(?P<w>cancell?ed|cancell?ations?|renewed|renewals?|ended|ending|final seasons?|"
    r"annulée?s?|annulations?|renouvelée?s?|renouvellements?|arrêtée?s?|termin[ée]e?s?)"
    r"(?: (?:shows|series|séries|tv shows))?[*\s]{0,4}:?[*\s]{0,4}$",
    re.IGNORECASE,
)


_RX_SECTIONS_1 = re.compile(r"(?:network|chaîne|channel|plateforme|platform|diffuseur)\s?:\s?(.{2,30})$", re.IGNORECASE)
_RX_SECTIONS_2 = re.compile(r"^(?:sur|on|at|chez)\s+", re.IGNORECASE)


def _sections(doc: Doc) -> None:
    """Platform and status headings that govern the lines below them."""
    cur_platform = None
    cur_status = None
    norm = doc.norm
    for i, s in enumerate(doc.sentences):
        if not s.first_of_line and norm.find(":", s.start, s.end) < 0:
            # nothing to read here: a heading or label starts a line, a "Network:" line has a colon
            if cur_platform:
                doc.section_platform[i] = cur_platform
            if cur_status:
                doc.section_status[i] = cur_status
            continue
        seg = norm[s.start : s.end].strip()
        label_only = s.first_of_line and s.end - s.start <= 40 and _LABEL_LINE.match(seg)
        if label_only:
            cur_status = C.label_status(label_only.group("w"))
        elif s.first_of_line and s.heading:
            core = _RX_SECTIONS_2.sub("", seg.strip("*#:- "))
            pl = find_platforms(core)
            if pl and pl[0].start == 0 and pl[0].end >= len(core) - 1:
                cur_platform = pl[0].name
            lm = C.label_match(seg)
            if lm and len(seg.split()) <= 4:
                cur_status = C.label_status(lm.group("w"))
        m = _RX_SECTIONS_1.match(seg)
        if m:
            pl = find_platforms(m.group(1))
            if pl:
                cur_platform = pl[0].name
                # the item line just above belongs to this network too
                for j in (i - 1, i - 2):
                    if j >= 0 and doc.sentences[j].first_of_line:
                        doc.section_platform[j] = cur_platform
                        if C.label_match(doc.norm[doc.sentences[j].start : doc.sentences[j].end]):
                            break
        if cur_platform:
            doc.section_platform[i] = cur_platform
        if cur_status:
            doc.section_status[i] = cur_status


# ----------------------------------------------------------------------------- linking


_CLAUSE_CUT = re.compile(
    r";|,?\s(?:mais|but|while|whereas|tandis que|alors que|même si|although|(?<=[^s] )though|however|"
    r"cependant|pourtant|néanmoins|en revanche|par contre|meanwhile)\s"
)


_CLAUSE_WORDS = (
    "mais",
    "but",
    "while",
    "whereas",
    "tandis que",
    "alors que",
    "même si",
    "although",
    "though",
    "however",
    "cependant",
    "pourtant",
    "néanmoins",
    "en revanche",
    "par contre",
    "meanwhile",
)


def _clauses(doc: Doc, s: Sentence) -> list[tuple[int, int]]:
    got = doc.cache.get(("clauses", s.start))
    if got is not None:
        return got
    low = doc.low
    cuts = [s.start]
    seg = low[s.start : s.end]
    if ";" in seg or any(w in seg for w in _CLAUSE_WORDS):
        for m in _CLAUSE_CUT.finditer(seg):
            cuts.append(s.start + m.start())
    cuts.append(s.end)
    got = doc.cache[("clauses", s.start)] = [
        (cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if cuts[i + 1] > cuts[i]
    ]
    return got


_RX_GAP_IS_LIST_1 = re.compile(r"\([^()]{0,80}\)")
_RX_GAP_IS_LIST_2 = re.compile(r"^ : [a-zàâçéèêëîïôûùüÿæœ][^,()]{0,40}")
_RX_GAP_IS_LIST_3 = re.compile(r"\b(?:après|after)\s(?:\w+\s){0,2}(?:saisons?|seasons?)(?:\s(?:également|aussi|too))?")
_RX_GAP_IS_LIST_4 = re.compile(r"\b(?:as|with|avec|by|par|from|de la série|qui|who|saisons?|seasons?)\b|\d")
_RX_GAP_IS_LIST_5 = re.compile(r"[^\s,/&+\n]+")
_RX_GAP_IS_LIST_6 = re.compile(r",|\b(?:and|et|ou|or|ni|&|plus|as well as|ainsi que|along with|/)\b|/|&|\+|\n")


def _gap_is_list(doc: Doc, a: int, b: int) -> bool:
    """True when ``text[a:b]`` only separates two titles of one list."""
    if b - a > 90:
        return False
    gap = doc.low[a:b]
    inner = _RX_GAP_IS_LIST_1.sub("", gap)
    if any(doc.low[p.start : p.end] in inner for p in doc.in_range(doc.platforms, a, b)):
        return False
    gap = _RX_GAP_IS_LIST_2.sub(" ", gap)
    gap = _RX_GAP_IS_LIST_1.sub(" ", gap)
    gap = _RX_GAP_IS_LIST_3.sub(" ", gap)
    gap = (
        gap.replace("*", " ")
        .replace('"', " ")
        .replace("\u00ab", " ")
        .replace("\u00bb", " ")
        .replace("\u201c", " ")
        .replace("\u201d", " ")
        .replace("'", " ")
    )
    if not _RX_GAP_IS_LIST_6.search(gap):
        return False
    if _RX_GAP_IS_LIST_4.search(gap.replace("as well as", "")):
        return False
    words = _RX_GAP_IS_LIST_5.findall(gap)
    content = [
        w
        for w in words
        if w
        not in (
            "and",
            "et",
            "ou",
            "or",
            "ni",
            "plus",
            "as",
            "well",
            "ainsi",
            "que",
            "along",
            "with",
            "the",
            "la",
            "le",
            "les",
            "l",
            "des",
            "du",
            "de",
            "a",
            "an",
            "une",
            "un",
            "its",
            "their",
            "sa",
            "son",
            "ses",
            "-",
        )
    ]
    if len(content) > 4:
        return False
    if any(C.find_cues(w) for w in content if len(w) > 3):
        return False
    return True


def _chain(doc: Doc, mentions: list[Mention], idx: int, direction: int) -> list[Mention]:
    """The list of titles coordinated with ``mentions[idx]`` in one direction."""
    ms = [m for m in mentions if not m.blocked or m is mentions[idx]]
    i = ms.index(mentions[idx])
    out = [ms[i]]
    while 0 <= i + direction < len(ms):
        j = i + direction
        a, b = (ms[i].end, ms[j].start) if direction > 0 else (ms[j].end, ms[i].start)
        if not _gap_is_list(doc, a, b):
            break
        out.append(ms[j])
        i = j
    return out


def _focus(doc: Doc, pos: int, sent_idx: int) -> str | None:
    """The series a title-less statement at ``pos`` is about."""
    s = doc.sentences[sent_idx]
    last = None
    for i in range(doc.first_index_at(doc.mentions, pos) - 1, -1, -1):
        m = doc.mentions[i]
        if m.blocked or m.paren or m.example:
            continue
        if not m.reliable:
            continue
        last = m
        break
    if last is not None and doc.sentences[last.sent].heading:
        ls = doc.sentences[last.sent]
        first = next((m for m in doc.in_range(doc.mentions, ls.start, ls.end) if not m.blocked), None)
        if first is not None:
            last = first
    if last is not None:
        ms = doc.sentences[last.sent]
        ser = doc.series.get(last.key)
        solid = last.strong or (ser is not None and sum(ser.forms.values()) >= 2)
        if ms.block == s.block and sent_idx - last.sent <= 3 and (solid or not doc.dominant):
            return last.key
    if doc.dominant:
        return doc.main
    if last is not None:
        ms = doc.sentences[last.sent]
        if sent_idx - last.sent <= 2 or (ms.heading and sent_idx - last.sent <= 5) or last.key == doc.main:
            return last.key
    return None


_RX_SEASON_FOR_1 = re.compile(r"'s\b|\s(?:finale|premiere)\b")


def _season_for(doc: Doc, key: str, pos: int, anchored_only: bool = False) -> int | None:
    """The season last discussed for ``key`` before ``pos`` (forward-looking mentions only)."""
    seasons = doc.in_range(doc.seasons, 0, pos)
    for sm in reversed(seasons[-200:]):
        if sm.kind != "num" or len(sm.values) != 1:
            continue
        k = doc.season_title.get(sm.start)
        if k is None and anchored_only:
            continue
        if k is None:
            si = doc.sent_index(sm.start)
            snt = doc.sentences[si]
            cl = next((c for c in _clauses(doc, snt) if c[0] <= sm.start < c[1]), (snt.start, snt.end))
            ms = [m for m in doc.in_range(doc.mentions, cl[0], cl[1]) if not m.blocked]
            if ms:
                k = min(ms, key=lambda m: (0 if m.end <= sm.start else 1, abs(m.start - sm.start))).key
            else:
                k = _focus(doc, sm.start, si)
        if k != key:
            continue
        if _PAST_ANCHOR.search(doc.low[max(0, sm.start - 25) : sm.start]) and not sm.final:
            continue
        if _RX_SEASON_FOR_1.match(doc.low[sm.end : sm.end + 10]):
            continue
        return sm.values[0]
    return None


_RX_PLATFORM_FOR_1 = re.compile(
    r"chez nous|en france|in the uk|in france|dispo|disponible|available|au royaume|aux états"
)
_RX_PLATFORM_FOR_2 = re.compile(r"\b(?:on|sur|à|at)\s(?:la |the )?$")


def _platform_for(
    doc: Doc, s_idx: int, clause: tuple[int, int], anchor: int, key: str | None, status: str = ""
) -> tuple[str | None, int]:
    """The platform of a statement and how directly it is named (4 best)."""
    s = doc.sentences[s_idx]

    def usable(p: PlatformMention) -> bool:
        # a platform in a parenthesis that says where the show streams locally is not the network
        seg = doc.norm[s.start : p.start]
        if seg.count("(") > seg.count(")"):
            inner = doc.low[seg.rfind("(") + s.start : p.start]
            if _RX_PLATFORM_FOR_1.search(inner):
                return False
        return True

    inside = [p for p in doc.in_range(doc.platforms, clause[0], clause[1]) if usable(p)]
    if inside:
        if status in ("release_date", "released"):
            on = [
                p
                for p in inside
                if p.start >= anchor and _RX_PLATFORM_FOR_2.search(doc.low[max(0, p.start - 10) : p.start])
            ]
            if on:
                return _specific(doc, on[0].name), 4
        subj = [p for p in inside if p.end <= anchor]
        if subj and anchor - subj[-1].end <= 80:
            return _specific(doc, subj[-1].name), 4
        p = min(inside, key=lambda p: abs(p.start - anchor) + (0 if p.start < anchor else 5))
        return _specific(doc, p.name), 3
    sent = [p for p in doc.in_range(doc.platforms, s.start, s.end) if usable(p)]
    if sent:
        p = min(sent, key=lambda p: abs(p.start - anchor))
        return _specific(doc, p.name), 3
    if s_idx in doc.section_platform:
        return _specific(doc, doc.section_platform[s_idx]), 2
    before_s = doc.in_range(doc.platforms, 0, s.start)
    for p in reversed(before_s[-1:]):
        ps = doc.sent_index(p.start)
        if doc.sentences[ps].block == s.block and usable(p):
            return _specific(doc, p.name), 2
        break
    after_s = doc.in_range(doc.platforms, s.end, len(doc.norm) + 1)
    for p in after_s[:1]:
        ps = doc.sent_index(p.start)
        if doc.sentences[ps].block == s.block and ps - s_idx <= 3:
            return _specific(doc, p.name), 1
        break
    counts = doc.platform_counts
    if key is not None and key == doc.main and counts:
        return _specific(doc, counts.most_common(1)[0][0]), 1
    if len(counts) == 1 and next(iter(counts.values())) >= 2:
        # an article about one platform only
        return _specific(doc, next(iter(counts))), 1
    return None, 0


def _specific(doc: Doc, name: str) -> str:
    kids = PARENT_OF.get(name)
    if kids:
        seen = Counter({k: v for k, v in doc.platform_counts.items() if k in kids})
        if seen:
            return seen.most_common(1)[0][0]
    return name


_RELATIVE_OPEN = re.compile(r", (?:dont|which|whose|qui|où|where|après que|after)\b[^,;]{0,80}$")


def _incidental(low: str, o: C.Cue, c: C.Cue) -> bool:
    """True when cue ``o`` sits in a relative clause between commas that ``c`` is outside of."""
    if not _RELATIVE_OPEN.search(low, max(0, o.start - 80), o.start):
        return False
    close = low.find(",", o.end, o.end + 80)
    return close >= 0 and c.start > close


_FILM_BEFORE = EndPattern(
    r"\b(?:film|movie|long[- ]métrage|feature|biopic)\s(?:de |d'|des |du )?[\"\u00ab\u201c*_']?\s?$"
)
_SERIES_BEFORE = EndPattern(
    r"\b(?:série|series|show|sitcom|anime|mini-?série|miniseries|saga|feuilleton|drama|comedy|comédie)\s"
    r"(?:de |d'|des |du )?[\"\u00ab\u201c*_']?\s?$|\b(?:saison|season)\s\d{1,2}\s(?:de |d'|of )?[\"\u00ab\u201c*_']?\s?$"
)
_RETURN_CUE = re.compile(
    r"(?:va |vont |doit |will |is |are |to |set to )?(?:revien|revient|revenir|return|come back|coming back|be back|back)"
)
_RENEW_WORD = re.compile(r"renew|renouvel|commande|ordered|order|feu vert|green|officialis|confirm")
_SERIES_ANAPHOR = re.compile(
    r"\b(?:la série|de la série|cette série|la fiction|le show|the series|the show|this series|this show)\b"
)
_AIRING_WORD = re.compile(r"diffusion|sortie|premiere|première|release|mise en ligne|disponible")
_SHOOT_BEFORE = re.compile(
    r"\b(?:tournage|filming|shooting|production|prises de vues?)\b(?![^.;]{0,50}\b(?:diffusion|sortie|premiere|première|release|air|arriv\w*|débarque\w*|disponible|revien\w*|return\w*|debut\w*))"
    r"[^.;]{0,50}$"
)


def _date_for(doc: Doc, clause: tuple[int, int], future: bool, near: int | None = None) -> tuple[str | None, bool]:
    ds = list(doc.in_range(doc.dates, clause[0], clause[1]))
    if not ds:
        return None, False
    # a date that belongs to a shoot is not a release date
    ds = [d for d in ds if not _SHOOT_BEFORE.search(doc.low, max(clause[0], d.start - 60), d.start)] or (
        []
        if near is None or not _SHOOT_BEFORE.search(doc.low, max(clause[0], near - 5), min(clause[1], near + 40))
        else ds
    )
    if not ds:
        return None, True
    order = {"day": 0, "month": 1, "monthonly": 2, "season": 3, "year": 4, "relyear": 5}
    if near is not None:
        # the date phrase that follows the verb, else the closest one
        ds.sort(key=lambda d: (0 if d.start >= near else 1, abs(d.start - near), order.get(d.kind, 9)))
    else:
        ds.sort(key=lambda d: order.get(d.kind, 9))
    for d in ds:
        r = resolve(d, doc.published, future)
        if r:
            return r, True
        if near is not None:
            return None, True
    return None, True


def _episodes_in(doc: Doc, a: int, b: int) -> int | None:
    key = ("episodes", a, b)
    if key not in doc.cache:
        doc.cache[key] = _episodes_scan(doc, a, b)
    return doc.cache[key]


_RX_EPISODES_SCAN_1 = re.compile(r"(?:premiers?|derniers?|first|last|remaining)\s$")
_RX_EPISODES_SCAN_2 = re.compile(r"\s?(?:derniers|premiers|first|last)\b")
_RX_EPISODES_SCAN_3 = re.compile(r"\s(?:remain|restant|diffusés|aired|de la saison 1|of season 1)")


def _episodes_scan(doc: Doc, a: int, b: int) -> int | None:
    seg = doc.low[a:b]
    # every count holds "pisode", "eps", "part" or an "8x52" format
    formats = "x" in seg and _NXN.search(seg) is not None
    if "pisode" not in seg and "eps" not in seg and "part" not in seg and not formats:
        return None
    # a count holds one of its nouns (the "x" of a format counts only where there is one)
    for m in (
        x
        for wa, wb in anchor_windows(doc.low, a, b, _EPISODE_NOUNS if formats else _EPISODE_WORDS, 32, 20)
        for x in _EPISODES.finditer(doc.low, wa, wb)
    ):
        tok = m.group("n") or m.group("x") or m.group("o")
        if tok is None:
            continue
        v = number_value(tok)
        if v is None or not 1 <= v <= 60 or tok in ORDINALS:
            continue
        before = doc.low[max(0, m.start() - 22) : m.start()]
        if m.group("n") and _EP_EXCLUDE_BEFORE.search(before):
            continue
        if _RX_EPISODES_SCAN_1.search(before):
            continue
        if _RX_EPISODES_SCAN_2.match(doc.low[m.end() - len(m.group(0)) + len(tok) : m.end()]):
            continue
        tail = doc.low[m.end() : m.end() + 30]
        if _RX_EPISODES_SCAN_3.match(tail):
            continue
        return v
    return None


# ----------------------------------------------------------------------------- per sentence


_EPISODE_RELEASE = re.compile(
    r"\b(?:(?:the|l'|le|les|this|ce|ces|its|son|ses|leur)\s(?:[\w'-]+\s){0,2}(?:episodes?|épisodes?)|finale|"
    r"final episode|dernier épisode|season finale|épisode final|episode \d|épisode \d)\b"
)
_DEBUT_CUE = re.compile(r"debut|premiered|launched|a débuté|a été lancée?|s'est lancée?")
_INDEFINITE_OBJECT = re.compile(
    r"\s(?:a|an|un|une|des)\s(?!(?:[\w'-]+\s){0,2}(?:season|series|saison|série|show|episode|épisode))"
)
_WHERE_CLAUSE = EndPattern(r"(?:^|[,;(]\s?)(?:where|où|là où|in which|dans laquelle|dans lequel)\s[^,;()]{0,70}$")
_NOT_YET_RENEWED = re.compile(
    r"\b(?:has|have|had)\s(?:not|never)\s(?:yet\s|officially\s|formally\s|actually\s){0,2}"
    r"(?:renewed|ordered|picked up)\b"
)
_FIRST_AIRED = re.compile(r"\b(?:first|originally|initially|initialement|originellement|d'abord)\s(?:been\s|été\s)?$")


def _hedge(doc: Doc, s: Sentence, clause: tuple[int, int], cue: C.Cue) -> tuple[bool, bool]:
    """(attributed, epistemic) for the statement of ``cue``."""
    low = doc.low
    before = low[max(clause[0], cue.start - 70) : cue.end]
    sent = low[s.start : s.end]
    epistemic = bool(C.EPISTEMIC_RE.search(before))
    attributed = bool(C.MODAL_RE.search(before)) or epistemic
    if not attributed:
        for am in C.ATTRIB_RE.finditer(sent):
            p = s.start + am.start()
            if clause[0] <= p < clause[1]:
                attributed = True
                break
            # an attribution in another clause about another title does not reach this one
            other = next((c for c in _clauses(doc, s) if c[0] <= p < c[1]), None)
            if other is None or not any(not m.blocked for m in doc.in_range(doc.mentions, other[0], other[1])):
                attributed = True
                break
    return attributed, epistemic


_RX_NEGATED_1 = re.compile(
    r"(?:\b(?:not|never|no|yet to|pas|ne|n'|jamais|aucun|aucune|sans|without|neither|nor|ni)\b|n't\b)[^,.;]{0,25}$"
)


def _negated(doc: Doc, clause: tuple[int, int], cue: C.Cue) -> bool:
    before = doc.low[max(clause[0], cue.start - 30) : cue.start]
    return bool(_RX_NEGATED_1.search(before))


_RX_HISTORY_1 = re.compile(r"(?:19|20)\d\d")
_RX_HISTORY_2 = re.compile(r"\b(?:was|were|had|announced|earned|got|received|avait|a été|fut|était)\b")


def _history(doc: Doc, clause: tuple[int, int], cue: C.Cue) -> bool:
    seg = doc.low[clause[0] : clause[1]]
    m = C.HISTORY_RE.search(seg)
    if not m:
        return False
    yr = _RX_HISTORY_1.search(m.group(0))
    if yr and doc.published is not None and int(yr.group(0)) >= doc.published.year:
        return False
    if yr and doc.published is None:
        # without a publication date, a year is history only with a past verb
        return bool(_RX_HISTORY_2.search(seg))
    return True


def _film_context(doc: Doc, s: Sentence) -> bool:
    seg = doc.low[s.start : s.end]
    if not any(h in seg for h in _FILM_HINTS):
        return False
    return bool(C.FILM_CONTEXT_RE.search(seg)) and not C.TV_CONTEXT_RE.search(seg)


_RX_SENTENCE_DRAFTS_1 = re.compile(r"\b(?:why|pourquoi)\b")


def _sentence_drafts(doc: Doc, si: int, out: list[Draft]) -> None:
    s = doc.sentences[si]
    cues = doc.in_range(doc.cues, s.start, s.end)[:40]
    if not cues:
        return
    if _film_context(doc, s):
        return
    headline_q = False
    if s.question:
        line_words = len(doc.norm[s.start : s.end].split())
        whq = _RX_SENTENCE_DRAFTS_1.search(doc.low[s.start : s.end])
        if not (s.first_of_line and line_words <= 18) and not whq:
            return
        headline_q = not whq
    mentions = doc.in_range(doc.mentions, s.start, s.end)[:60]
    seasons = doc.in_range(doc.seasons, s.start, s.end)
    clauses = _clauses(doc, s)
    low = doc.low
    # drop cues shadowed by a more specific overlapping cue
    kept: list[C.Cue] = []
    for c in cues:
        shadow = False
        for o in cues:
            if o is c:
                continue
            overlap = not (c.end <= o.start or c.start >= o.end)
            if not overlap:
                continue
            if c.status == "renewed" and (o.kind == "neg" or o.status in ("in_development", "final_season")):
                shadow = True
        for o in cues:
            if (
                c.status == "renewed"
                and o.status == "in_development"
                and o.kind == "pos"
                and 0 <= c.start - o.end <= 15
            ):
                shadow = True
            if c.status == "release_date" and o.status in (
                "renewed",
                "cancelled",
                "final_season",
                "filming",
                "in_development",
            ):
                # a broadcast phrase after a planned shoot keeps its own date ("le tournage débutera..., et la diffusion est prévue...")
                if not (
                    o.kind == "future" and c.start >= o.end + 10 and _AIRING_WORD.search(low, c.start, c.end)
                ) and not _incidental(low, o, c):
                    shadow = True
            if c.status == "filming" and o.kind == "future":
                shadow = True
            if c.status == "cancelled" and c.kind == "pos" and (o.kind == "neg" or o.status == "final_season"):
                shadow = True
            if c.status == "released" and o.status != "released":
                shadow = True
            if c.kind == "maybe_final" and o.status == "final_season" and o.kind == "pos":
                shadow = True
        if not shadow:
            kept.append(c)
    label = C.label_match(doc.norm[s.start : s.end]) if s.first_of_line else None
    for cue in kept:
        if label and cue.start < s.start + label.end():
            continue
        clause = next((cl for cl in clauses if cl[0] <= cue.start < cl[1]), (s.start, s.end))
        _cue_drafts(doc, si, s, clause, cue, mentions, seasons, headline_q, out)


_NOUN_CUE = re.compile(
    r"^(?:renewals?|cancell?ations?|cancelations?|renouvellements?|renouvèlements?|annulations?|l'arrêt|arrêt|"
    r"the ax|axe|axes)$"
)
_HALTED_WORK = re.compile(r"\s(?:du|de la|des|of the|of)\s(?:tournage|production|shoot|filming)")
# a status noun whose object is the series itself: "l'arrêt de sa série", "the cancellation of the show"
_SERIES_OBJECT = re.compile(
    r"\s(?:de|d'|of)\s?(?:la|sa|cette|leur|the|its|this|their)\s(?:série|fiction|saga|sitcom|series|show|drama|comedy)\b"
)
# a condition or a wish governs what follows it in its clause: "if Netflix renews it"
_CONDITIONAL_WORD = re.compile(
    r"\b(?:if|si|s'il|s'ils|whether|hoping|hope|hopes|hoped|espère|espèrent|espérer|espérons|would love|"
    r"wish|souhait\w*|rêve\w*|dream\w*|imagine\w*|expect fans|want to see|unless|à moins)\b"
)
_CONDITION_REACH = 70  # characters from the end of the conditional word


def _conditional_before(text: str) -> bool:
    """True when a conditional word governs the end of ``text``: no full stop, semicolon or
    comma after it, and at most _CONDITION_REACH characters to the end.  (One scan of the
    last clause; an end-anchored pattern tried its word list at every position.)"""
    clause = max(text.rfind("."), text.rfind(";"), text.rfind(",")) + 1
    reach = len(text) - text.endswith("\n") - _CONDITION_REACH  # as "$", before a final line end
    return any(m.end() >= reach for m in _CONDITIONAL_WORD.finditer(text, clause))


_AFTER_GAP_BAD = re.compile(
    r"\b(?:as|because|while|since|with|at|in|on|by|from|que|qui|dont|avec|par|dans|sur|en|when|where|"
    r"are|is|were|was|sont|est|starring|featuring|avec|- |"
    r"after|before|though|if|si|than|but|mais|et|and|or|ou|which|who|that|whose|pour|for)\b"
)
_ATTACHED_OF = re.compile(
    r"^\s?(?:of|de|du|d'|des|to|à|for|pour)\s?(?:(?:the|la|le|l'|les|its|sa|son)\s?)?"
    r"(?:[a-zà-ÿ][\w'\-]*\s){0,3}[\"\u00ab\u201c*']?\s?$"
)
_ATTACHED_LIST = re.compile(
    r"^\s?(?:of|de|des|d'|du)\s[^.;]{0,70}?(?:including|such as|notamment|comme|like|parmi lesquel\w*|:)\s?"
    r"(?:(?:the|les|la|le|l')\s)?(?:[a-zà-ÿ][\w'\-]*\s){0,2}[\"\u00ab\u201c*']?\s?$"
)
_CONTRACT_OBJECT = re.compile(
    r"\s(?:their|his|her|its|the|a|leur|leurs|son|sa|ses|un|une|le|la|les)?\s?"
    r"(?:contracts?|deals?|partnership|contrats?|accords?|licen[cs]es?|rights|droits|vows|lease|"
    r"subscriptions?|abonnements?|talks|interest|intérêt|calls?|commitment|confidence|confiance|"
    r"relationship|passport|passeport)\b"
)
_BROADCAST_WORD = re.compile(
    r"\b(?:premiere|premieres|premiered|debut|debuts|return|returns|be back|come back|coming back|air|airs|airing|stream|streams|"
    r"launch|launches|drop|drops|hit|arrive|arrives|release|released|available|bow|start|starts|begin|"
    r"begins|slated|set for|scheduled|diffus\w*|arriv\w*|sorti\w*|disponible\w*|lanc\w*|retour|revien\w*|"
    r"début\w*|commence\w*|prévu\w*|programm\w*|attendu\w*|rendez-vous|mise? en ligne|découvrir|"
    r"débarqu\w*|reprend\w*|date)\b"
)


_FUTURE_BROADCAST = re.compile(
    r"\b(?:will (?:premiere|debut|return|air|stream|launch|drop|hit|arrive|be released|be available|be back|come back)|"
    r"(?:set|slated|scheduled|expected) to (?:premiere|debut|return|air|stream|launch|drop|hit|arrive)|premieres? (?:on|in)|"
    r"returns? (?:on|in)|set for|slated for|premiere date|release date|arrives? (?:on|in)|hits? screens|"
    r"sera (?:diffusée?|disponible|mise? en ligne|lancée?|de retour|à découvrir)|seront (?:diffusée?s|disponibles|mise?s en ligne)|"
    r"(?:débutera|commencera|arrivera|reviendra|débarquera|sortira|démarrera)|fera son retour|"
    r"(?:revient|reviennent|arrive|arrivent|débarque|débarquent|returns|arrives|debuts|premieres|drops) (?:le|dès le|on) \d{1,2}|"
    r"(?:prévue?|programmée?|attendue?|fixée?|calée?) (?:pour|le|en|au|à|dès|fin|début|courant)|à partir du|dès le|à compter du|"
    r"rendez-vous (?:en|le|dès)|date de (?:sortie|diffusion)|la diffusion (?:débutera|commencera|est prévue)|"
    r"delayed to|pushed (?:back )?to|moved to)\b"
)


def _doc_year(doc: Doc) -> int | None:
    if doc.published is not None:
        return doc.published.year
    return doc.year


def _history_local(doc: Doc, clause: tuple[int, int], cue: C.Cue) -> bool:
    a = max(clause[0], cue.start - 45)
    seg = doc.low[a : cue.end] + " " + doc.low[cue.end : min(clause[1], cue.end + 22)]
    rel_cue = cue.start - a
    for m in C.HISTORY_RE.finditer(seg):
        yr = _RX_HISTORY_1.search(m.group(0))
        if m.start() > cue.end - a and not yr:
            continue
        if (
            not yr
            and m.end() <= rel_cue
            and "," in seg[m.end() : rel_cue]
            and (a > clause[0] and seg[: m.start()].strip(" ,"))
        ):
            continue
        if yr:
            between = seg[m.end() : rel_cue] if m.end() <= rel_cue else seg[cue.end - a : m.start()]
            if "," in between or len(between) > 35:
                continue
            ref = _doc_year(doc)
            if ref is None or int(yr.group(0)) >= ref:
                continue
        return True
    return False


_RX_STRIP_PARENS_1 = re.compile(r"\([^()]{0,120}\)")
_RX_STRIP_PARENS_2 = re.compile(r" - [^-]{0,120} - ")


def _strip_parens(text: str) -> str:
    text = _RX_STRIP_PARENS_1.sub(" ", text)
    text = _RX_STRIP_PARENS_2.sub(" ", text)
    return text


_RX_CUE_DRAFTS_1 = re.compile(r"\b(?:d'en|en)\s$")
_RX_CUE_DRAFTS_2 = re.compile(r"renew|renouvel|green|commission")
_RX_CUE_DRAFTS_3 = re.compile(
    r"\b(?:premiered|debuted|aired|launched|made (?:its|their) debut|was released|were released|"
    r"a été (?:diffusée?|lancée?|mise? en ligne)|ont été diffusée?s|a débuté|a démarré|avait débuté|"
    r"started|began|returned|came back|was launched|a lancé|sortie? (?:le|en) |lancée? le|"
    r"sortie de manière|sortie depuis|diffusée depuis|a commencé|ont commencé|s'est lancée?)\b"
)
_RX_CUE_DRAFTS_4 = re.compile(
    r"\b(?:will|set to|is set|are set|to premiere|to air|to debut|to return|to launch|to stream|slated|scheduled|sera|seront|va|vont|débutera|arrivera|reviendra|commencera|prochaine?|"
    r"sortira|prévue?|programmée?|attendue?|prochain|prochaine|upcoming|coming)\b"
)
_RX_CUE_DRAFTS_5 = re.compile(
    r"\s*(?:certaines|certains|d'autres|plusieurs|beaucoup|others|some|many|several|most|few|all|toutes|tous)\b"
)
_RX_CUE_DRAFTS_6 = re.compile(r"\b(?:serait|seraient|would|could|might|pourrait)\b")
_RX_CUE_DRAFTS_7 = re.compile(
    r"\s(?:(?:une|un|deux|trois|quatre|l'une|l'un|one|two|three|four)\s(?:d'entre|of them|of the|de ses|de leurs|des)|"
    r"them\b|both\b|all of them)"
)
_RX_CUE_DRAFTS_8 = re.compile(r"\b(?:yet|encore|pas encore|not yet|en attente)\b")
_RX_CUE_DRAFTS_9 = re.compile(
    r"\b(?:sera|seront|débutera|arrivera|commencera|sortira|will|upcoming|à venir|prochaine|"
    r"ultime|annonc|confirm|prévue|se déclinera|attendue|coming|ending|s'achèvera|se terminera)\w*"
)
_RX_CUE_DRAFTS_10 = re.compile(r"\b(?:will|sera|seront|devront|devra|va|vont|going to)\b|\w(?:ra|ront)\b")
_RX_CUE_DRAFTS_11 = re.compile(r"\bafter (?:its|the) $")
_RX_CUE_DRAFTS_12 = re.compile(
    r"(?:sera|serait|seront|est|s'|se |prendra|tirera|va |reviendra|allait|ending|is |are |will |finira)"
)
_RX_CUE_DRAFTS_13 = re.compile(r"\b(?:probable|probably|likely|presumably|sans doute|peut-être|devrai)")
_RX_CUE_DRAFTS_14 = re.compile(
    r"\b(?:suite|seasons?|saisons?|series|renewal|more episodes|nouveaux épisodes|new episodes)\b"
)
_RX_CUE_DRAFTS_15 = re.compile(
    r"\b(?:premiere|première saison|season premiere|saison \d|season \d|nouvelle saison|new season)\b"
)
_RX_CUE_DRAFTS_16 = re.compile(r",\s(?:un|une|a|an|the|le|la|l'|sa|son|its|their|leur)\s[^,]{0,90},")
_RX_CUE_DRAFTS_17 = re.compile(r"\b(?:with|for|pour|avec)\s(?:the\s|a\s|its\s|une\s|la\s|sa\s)?\s*(?:of|de|d'|du)?\b")
_RX_CUE_DRAFTS_18 = re.compile(
    r"(?:l'une|l'un|un|une|one|among|parmi|of)\s(?:des|of the|de ces|d'|les|the)\s(?:[\w'-]+\s){0,3}$"
)
_RX_CUE_DRAFTS_19 = re.compile(r"\b(?:la série|the series|the show|le show)\b")
_RX_CUE_DRAFTS_20 = re.compile(r"\b(?:for|of|on|de|du|des)\b")
_RX_CUE_DRAFTS_21 = re.compile(r"\b(?:comme|like|such as|including|notamment|dont|including)\s*[\"\u00ab\u201c*']?\s*$")
_RX_CUE_DRAFTS_22 = re.compile(r"\b(?:after|following|après) (?:its|the|sa|la) $")
_RX_CUE_DRAFTS_23 = re.compile(r"\s?(?:of|de|du|d'|des)\b")
_RX_CUE_DRAFTS_24 = re.compile(r"\b(?:et|and|ou|or)\s+[a-zà-ÿ][\w'-]*\s+(?:qui\s+|who\s+|which\s+)?(?:\w+\s+){0,3}$")
_RX_CUE_DRAFTS_25 = re.compile(
    r"\b(?<!ces )(?<!these )(?<!those )(?<!both )(?<!all )(?<!toutes )(?<!tous )(?<!deux )"
    r"(?:shows|séries|programs|programmes|dramas|comedies|émissions)\b|"
    r"\b(?:many|several|other|some|these|those|two|three|four|\d+|les|des)\s(?:\w+\s)?series\b"
)
_RX_CUE_DRAFTS_26 = re.compile(
    r"\b(?:in|at|à|en|dans|near|from)\s[A-Z\u00c0-\u00de][\w'\-]*(?:\s[A-Z\u00c0-\u00de][\w'\-]*)?"
)


def _cue_drafts(
    doc: Doc,
    si: int,
    s: Sentence,
    clause: tuple[int, int],
    cue: C.Cue,
    mentions: list[Mention],
    seasons: list[SeasonMention],
    headline_q: bool,
    out: list[Draft],
) -> None:
    low, norm = doc.low, doc.norm
    status = cue.status
    cue_text = low[cue.start : cue.end]
    clause_text = low[clause[0] : clause[1]]
    clause_seasons = [sm for sm in seasons if clause[0] <= sm.start < clause[1]]
    before_cue = low[max(clause[0], cue.start - 80) : cue.start]
    # a bare status noun ("l'arrêt", "renewal"): the title must be its own object
    noun = bool(_NOUN_CUE.match(cue_text)) and not _SERIES_OBJECT.match(low, cue.end)
    # ---------------------------------------------------------------- gates
    if cue.kind != "neg" and _conditional_before(before_cue):
        return
    if status == "cancelled" and noun and _HALTED_WORK.match(low, cue.end):
        return  # "l'arrêt du tournage": a shoot halted, not a series cancelled
    if _RX_CUE_DRAFTS_1.search(low[max(clause[0], cue.start - 6) : cue.start]) or (
        _RX_CUE_DRAFTS_7.match(low[cue.end : cue.end + 24])
        and not any(cue.end <= m.start < clause[1] for m in mentions)
    ):
        return
    if (
        status == "renewed"
        and _RETURN_CUE.match(cue_text)
        and not _RENEW_WORD.search(clause_text)
        and any(d.kind in ("day", "month", "monthonly") for d in doc.in_range(doc.dates, clause[0], clause[1]))
    ):
        status = "release_date"  # "revient le 24 mars pour une deuxième saison": a return date, not a renewal
    if status == "renewed":
        strong = _RX_CUE_DRAFTS_2.match(cue_text)
        if not strong and not clause_seasons and not _RX_CUE_DRAFTS_14.search(clause_text):
            return
        if _CONTRACT_OBJECT.match(low, cue.end):
            return
    if cue.kind in ("pos", "maybe_final", "future", "release") and _negated(doc, clause, cue):
        if status == "renewed" and _RX_CUE_DRAFTS_8.search(before_cue[-40:]):
            status = "in_development"
        else:
            return
    if (
        status in ("renewed", "cancelled", "final_season", "filming", "in_development")
        and cue.kind in ("pos", "maybe_final")
        and _history_local(doc, clause, cue)
    ):
        return
    if cue.kind == "maybe_final":
        if not _RX_CUE_DRAFTS_9.search(clause_text):
            return
        status = "final_season"
    if (
        status == "final_season"
        and not _RX_CUE_DRAFTS_10.search(clause_text)
        and (
            _RX_CUE_DRAFTS_11.search(low[max(clause[0], cue.start - 12) : cue.start])
            or any(
                sm.final
                and sm.start <= cue.start <= sm.end
                and _RX_CUE_DRAFTS_22.search(low[max(0, sm.start - 16) : sm.start])
                for sm in clause_seasons
            )
        )
    ):
        return
    if status == "released" and _FIRST_AIRED.search(low, max(clause[0], cue.start - 14), cue.start):
        return  # "which first aired in 2021": the series' history
    if status == "released" and _INDEFINITE_OBJECT.match(low, cue.end):
        return  # "fans launched a petition": the verb has another object than the series
    if status == "filming" and _WHERE_CLAUSE.search(before_cue):
        return  # "in Nova Scotia, where the series has been shot": a place, not a shoot
    if (
        status == "cancelled"
        and cue.kind == "neg"
        and _NOT_YET_RENEWED.search(low, max(clause[0], cue.start - 8), cue.end)
    ):
        return  # "Netflix has not renewed the show": no decision yet, not a cancellation
    release = None
    if status == "released" and cue.kind == "pos":
        release, _ = _date_for(doc, clause, False, cue.start)
    if cue.kind == "release":
        ds = doc.in_range(doc.dates, clause[0], clause[1])
        if not ds:
            return
        epm = _EPISODE_RELEASE.search(clause_text)
        if (
            epm
            and not _RX_CUE_DRAFTS_15.search(clause_text)
            and not (
                clause[0] + epm.start() > cue.end
                and epm.group(0).endswith("pisodes")
                and any(sm.kind == "num" for sm in clause_seasons)
            )
        ):
            return  # an episode's date ("with the first two episodes" after a season's date is fine)
        past_verb = _RX_CUE_DRAFTS_3.search(clause_text)
        fut_verb = _RX_CUE_DRAFTS_4.search(clause_text)
        r_f, _ = _date_for(doc, clause, True, cue.start)
        past = bool(past_verb) and not fut_verb
        if not past_verb and not fut_verb and doc.published is not None and r_f:
            try:
                y = int(r_f[:4])
                mth = int(r_f[5:7]) if len(r_f) >= 7 else 12
                past = (y, mth) < (doc.published.year, doc.published.month)
            except ValueError:
                past = False
        if past:
            status = "released"
            release, _ = _date_for(doc, clause, False, cue.start)
        else:
            release = r_f
    # ---------------------------------------------------------------- series
    cand = [m for m in mentions if clause[0] <= m.start < clause[1] and not m.blocked and not m.paren]
    targets: list[Mention] = []
    anaphor = False
    if cand:
        before = [i for i, m in enumerate(cand) if m.end <= cue.start]
        after = [i for i, m in enumerate(cand) if m.start >= cue.end]
        inside = [i for i, m in enumerate(cand) if m.start < cue.end and m.end > cue.start]
        pre = low[max(clause[0], cue.start - 25) : cue.start]
        prefer = 0
        if _ACTIVE_BEFORE.search(pre):
            prefer = 1
        elif _PASSIVE_BEFORE.search(pre):
            prefer = -1
        else:
            for p in doc.in_range(doc.platforms, max(clause[0], cue.start - 40), cue.start):
                if p.end <= cue.start and cue.start - p.end <= 4:
                    prefer = 1
        if cue.kind == "neg" and prefer == 0:
            prefer = -1
        if status == "final_season" and cue.kind == "pos" and prefer == 0 and _RX_CUE_DRAFTS_12.match(cue_text):
            prefer = -1
        idx = None
        direction = 0
        attached_single = False
        # a title attached right after the cue ("final season of Power", "l'arrêt du Grand bazar")
        if after:
            gap = norm[cue.end : cand[after[0]].start]
            if len(gap) <= 45 and _ATTACHED_OF.match(gap.lower()) or _ATTACHED_LIST.match(gap.lower()):
                idx, direction = after[0], 1
                attached_single = (
                    not cue_text.endswith("s")
                    and not _ATTACHED_LIST.match(gap.lower())
                    and bool(_RX_CUE_DRAFTS_23.match(gap.lower()))
                )
        # a season phrase attached to a title near the cue
        if idx is None and not inside:
            for sm in clause_seasons:
                k = doc.season_title.get(sm.start)
                if k and (abs(sm.start - cue.start) < 30 or sm.start <= cue.start < sm.end):
                    cm = [i for i, m in enumerate(cand) if m.key == k]
                    if cm:
                        i = min(cm, key=lambda i: abs(cand[i].start - cue.start))
                        if not (
                            prefer == 1 and after and cand[after[0]].start - cue.end < 40 and cand[i].end <= cue.start
                        ):
                            idx = i
                            direction = 1 if cand[i].start >= cue.end else -1
                        break
        if idx is None and inside:
            idx, direction = inside[0], 1
        if idx is None and not noun:
            db = da = None
            if before:
                gap_b = _strip_parens(norm[cand[before[-1]].end : cue.start])
                gap_b = _RX_CUE_DRAFTS_16.sub(",", gap_b)
                if (
                    len(gap_b) <= 200
                    and not _RX_CUE_DRAFTS_24.search(gap_b.lower())
                    and not _RX_CUE_DRAFTS_25.search(gap_b.lower())
                ):
                    db = len(gap_b)
                if db is not None and _SERIES_ANAPHOR.search(gap_b.lower()) and len(gap_b) > 25:
                    db = None  # "... d'Ida, il semblerait que le succès de la série ...": the series is named again
                    anaphor = True
            if after:
                gap_a = norm[cue.end : cand[after[0]].start]
                gl = _RX_CUE_DRAFTS_26.sub(" ", gap_a).lower()
                for sm in clause_seasons:
                    if cue.end <= sm.start and sm.end <= cand[after[0]].start:
                        gl = gl.replace(low[sm.start : sm.end], " ")
                gl = _RX_CUE_DRAFTS_17.sub(" ", gl)
                if status == "filming":
                    gl = _RX_CUE_DRAFTS_20.sub(" ", gl)
                words = _RX_BUILD_TITLES_8.findall(gl)
                if gl.rstrip(" \"'\u201c\u00ab*").endswith(":") or _RX_CUE_DRAFTS_21.search(gl):
                    da = len(gap_a)
                elif len(words) <= 6 and not _AFTER_GAP_BAD.search(gl):
                    da = len(gap_a)
            if prefer == 1 and da is not None and da < 120:
                idx, direction = after[0], 1
            elif prefer == -1 and db is not None:
                idx, direction = before[-1], -1
            elif db is not None and (da is None or db <= da + 10):
                idx, direction = before[-1], -1
            elif da is not None:
                idx, direction = after[0], 1
        if idx is not None:
            if attached_single:
                targets = [cand[idx]]
            else:
                targets = _chain(doc, cand, idx, direction)
            for t_ in targets:
                t_.reliable = True
    if not targets:
        if noun or (any(m.end <= cue.start for m in cand) and not anaphor):
            return
        if _RX_CUE_DRAFTS_5.match(clause_text):
            return
        pair = _paired_series(doc, si, clause, cue)
        if pair:
            keys = [(key, None) for key in pair]
        else:
            gm = C.GENERIC_RE.search(clause_text)
            if (
                gm
                and not _RX_CUE_DRAFTS_18.search(clause_text[: gm.start()])
                and not _RX_CUE_DRAFTS_19.search(clause_text)
            ):
                return
            key = doc.main if (anaphor and doc.dominant and doc.main) else _focus(doc, cue.start, si)
            if key is None:
                return
            keys = [(key, None)]
    else:
        keys = [(m.key, m) for m in targets]
    # ---------------------------------------------------------------- certainty and status adjustments
    attributed, epistemic = _hedge(doc, s, clause, cue)
    whq = bool(_QUESTION_HEAD.search(doc.norm[s.start : s.end]))
    if s.question and _RX_SENTENCE_DRAFTS_1.search(low[s.start : s.end]):
        attributed = epistemic = False
    if s.question and not whq and status in ("cancelled", "final_season") and cue.kind == "pos":
        return  # "la série est-elle annulée ?" asks, it does not state
    certainty = "reported" if (attributed or doc.reported_doc or (headline_q and not whq)) else "official"
    if headline_q and not whq and status == "renewed":
        status = "in_development"
    if status == "renewed" and epistemic:
        status = "in_development"
    if (
        status == "final_season"
        and epistemic
        and cue.kind == "pos"
        and _RX_CUE_DRAFTS_6.search(low[max(clause[0], cue.start - 30) : cue.end])
    ):
        return
    if status in ("release_date",) and cue.kind == "release":
        window = low[max(clause[0], cue.start - 80) : min(clause[1], cue.end + 60)]
        if C.MODAL_RE.search(window):
            status = "in_development"
            release = None
            certainty = "reported"
    # ---------------------------------------------------------------- per series
    for key, m in keys:
        vals = _season_values(doc, status, cue, clause, clause_seasons, m, key, si)
        platform, pq = _platform_for(doc, si, clause, cue.start, key, status)
        ev = _evidence(doc, s, clause, cue, m)
        rel = release
        if rel is None and status in ("renewed", "final_season", "release_date") and cue.kind != "release":
            if not C.MODAL_RE.search(clause_text) and _FUTURE_BROADCAST.search(clause_text):
                rel, _ = _date_for(doc, clause, True)
        eps = _episodes_in(doc, clause[0], clause[1]) if status not in ("cancelled", "in_development") else None
        if eps is not None and _RX_CUE_DRAFTS_13.search(clause_text):
            eps = None
        span = tuple(v for v, _ in vals if v is not None)
        # background outside the lead: an airing, or a shoot that is over told without
        # naming the series or the season ("Production on the last chapter wrapped")
        detail = si >= doc.lead_sents and (
            status == "released"
            or (
                status == "filming"
                and m is None
                and _SHOOT_OVER.search(cue_text) is not None
                and not any(sm.kind == "num" for sm in clause_seasons)
            )
        )
        for v, explicit in vals:
            d = Draft(
                key, v, status, certainty, platform, eps, rel, ev, cue.start, si, explicit, STATUS_RANK.get(status, 9)
            )
            d.pq = pq
            d.span = span
            d.detail = detail
            out.append(d)


# "Both shows will premiere…", "Les deux séries reviendront…": the two series just named
_DUAL_ANAPHOR = re.compile(
    r"\b(?:both(?: of)?(?: these| the)? (?:shows|series|dramas|comedies|programs)|the two (?:shows|series|dramas|comedies)"
    r"|(?:les|ces) deux (?:séries|fictions|programmes|feuilletons))\b"
)


def _paired_series(doc: Doc, si: int, clause: tuple[int, int], cue: C.Cue) -> list[str] | None:
    """The two series a dual anaphor before the cue refers to: the last two that the
    previous sentence names."""
    if si == 0 or not _DUAL_ANAPHOR.search(doc.low, clause[0], cue.start):
        return None
    previous = doc.sentences[si - 1]
    keys: list[str] = []
    for m in doc.in_range(doc.mentions, previous.start, previous.end):
        if not (m.blocked or m.paren or m.key in keys):
            keys.append(m.key)
    return keys[-2:] if len(keys) >= 2 else None


_SHOOT_OVER = re.compile(
    r"\b(?:wrapped|wraps|finished|completed|s'est achevée?|s'est terminée?|terminée?|bouclée?|achevée?)\b"
)
_THROUGH_BEFORE = re.compile(
    r"\b(?:through|thru|until|jusqu'à|jusqu'en)\s(?:at least\s|au moins\s)?(?:its\s|the\s|sa\s|la\s|a\s|une\s)?$"
)


_RX_SEASON_VALUES_1 = re.compile(r"\b(?:nouveau|nouvelle|new|another|next|prochain|prochaine)\b")
# between a cue and the season it governs: an article or a preposition at most
_GOVERNED_GAP = re.compile(r"\s?(?:(?:for|of|on|a|an|the|its|pour|de|d'|une|la|sa|sur)\s?){0,3}")
_RX_SEASON_VALUES_2 = re.compile(r"\s?\((?:saison|season|series|s)\s?(\d{1,2})\)", re.IGNORECASE)
_RX_SEASON_VALUES_3 = re.compile(
    r"\b(?:beyond|past|au-delà de)\s(?:its|the|sa|la)?\s?(?:upcoming |current |prochaine |actuelle )?$"
)
_RX_SEASON_VALUES_4 = re.compile(r"(?:après|after|au bout de)\s$")
_RX_SEASON_VALUES_5 = re.compile(r"\s(?:finale|episode|épisode)\b")
_RX_SEASON_VALUES_6 = re.compile(r"(?:aftermath|of|de|du|d')\s$|'s\b")


def _season_values(
    doc: Doc,
    status: str,
    cue: C.Cue,
    clause: tuple[int, int],
    clause_seasons: list[SeasonMention],
    m: Mention | None,
    key: str,
    si: int = -1,
) -> list[tuple[int | None, bool]]:
    low = doc.low
    # a season attached to this very title ("X (saison 4)", "X saison 2", "saison 2 de X")
    own = None
    if m is not None:
        for sm in clause_seasons:
            if (
                doc.season_title.get(sm.start) == key
                and sm.kind == "num"
                and (-30 <= sm.start - m.end <= 30 or -40 <= m.start - sm.end <= 40)
            ):
                own = sm
                break
        if own is None:
            tail = doc.norm[m.end : m.end + 16]
            pm = _RX_SEASON_VALUES_2.match(tail)
            if pm:
                return [(int(pm.group(1)), True)]
    # when several titles share the clause, a season attached to another title is not ours
    usable = []
    for sm in clause_seasons:
        k = doc.season_title.get(sm.start)
        if k is not None and k != key:
            continue
        usable.append(sm)
    if own is not None:
        governed = _governed_season(low, cue, usable)
        usable = [governed if governed is not None else own]
    if status == "cancelled":
        for sm in usable:
            if sm.kind != "num":
                continue
            if _PAST_AFTER.search(low[max(clause[0], sm.start - 60) : sm.start]):
                continue
            if sm.start >= cue.start - 2 or cue.kind == "neg":
                return [(v, True) for v in sm.values]
        return [(None, False)]
    if status == "final_season":
        ranked = sorted(usable, key=lambda x: abs(x.start - cue.start))
        for sm in ranked:
            if sm.final and sm.kind == "num":
                return [(sm.values[0], True)]
        for sm in ranked:
            if sm.kind == "num" and len(sm.values) == 1:
                between = low[min(sm.end, cue.end) : max(sm.start, cue.start)]
                attached = doc.season_title.get(sm.start) == key
                if attached or (len(between) <= 40 and "," not in between) or own is sm:
                    if (
                        not _RX_SEASON_VALUES_6.search(low[max(0, sm.start - 14) : sm.start] + low[sm.end : sm.end + 3])
                        or attached
                    ):
                        return [(sm.values[0], True)]
            if sm.kind == "count" and _RX_SEASON_VALUES_4.search(low[max(0, sm.start - 12) : sm.start]):
                return [(sm.values[0], True)]
        v = _season_for(doc, key, cue.start)
        return [(v, False)]
    more = [sm for sm in usable if sm.kind == "more"]
    if more and status == "renewed":
        k = more[0].values[0]
        stated = [sm for sm in usable if sm.kind == "num" and len(sm.values) == 1]
        through = [sm for sm in stated if _THROUGH_BEFORE.search(low, max(0, sm.start - 26), sm.start)]
        if through:
            last = through[0].values[0]
            return [(v, True) for v in range(max(1, last - k + 1), last + 1)]
        if stated:
            cur = max(sm.values[0] for sm in stated)
        else:
            s_ = doc.sentences[si] if 0 <= si < len(doc.sentences) else None
            sent_nums = []
            if s_ is not None:
                cls = _clauses(doc, s_)
                for sm in doc.in_range(doc.seasons, s_.start, s_.end):
                    if sm.kind != "num" or len(sm.values) != 1 or doc.season_title.get(sm.start, key) != key:
                        continue
                    cl = next((c for c in cls if c[0] <= sm.start < c[1]), None)
                    if cl and any(m.key != key and not m.blocked for m in doc.in_range(doc.mentions, cl[0], cl[1])):
                        continue  # a season of another title's clause
                    sent_nums.append(sm.values[0])
            cur = max(sent_nums) if sent_nums else _season_for(doc, key, cue.start)
        if cur:
            return [(cur + i, True) for i in range(1, k + 1)]
        return [(None, False)]
    nums = [
        sm
        for sm in usable
        if sm.kind == "num"
        and not _PAST_ANCHOR.search(low[max(clause[0], sm.start - 25) : sm.start])
        and not _RX_SEASON_VALUES_5.match(low[sm.end : sm.end + 10])
    ]
    if status == "released":
        nums = [sm for sm in usable if sm.kind == "num"]
    if nums:
        best = min(nums, key=lambda x: abs(x.start - cue.start))
        if _RX_SEASON_VALUES_3.search(low[max(0, best.start - 30) : best.start]) and len(best.values) == 1:
            return [(best.values[0] + 1, True)]
        return [(v, True) for v in best.values]
    more = [sm for sm in usable if sm.kind == "more"]
    if more and status == "renewed":
        cur = _season_for(doc, key, cue.start)
        stated = [sm.values[0] for sm in usable if sm.kind == "num" and len(sm.values) == 1]
        if stated:
            cur = max(stated)
        if cur:
            return [(cur + i, True) for i in range(1, more[0].values[0] + 1)]
        return [(None, False)]
    if status == "in_development":
        if _RX_SEASON_VALUES_1.search(low[cue.start : cue.end]):
            return [(None, False)]
        v = _season_for(doc, key, cue.start, anchored_only=True)
        return [(v, False)]
    if status == "released" and _DEBUT_CUE.match(low, cue.start):
        return [(None, False)]  # "which debuted in February": the show itself, no season to carry
    if status in ("filming", "release_date", "released", "final_season"):
        v = _season_for(doc, key, cue.start)
        if v is None and status == "release_date" and 0 <= si < len(doc.sentences) - 1:
            # "X fera son retour le 6 avril. Une saison 5 en 10 épisodes..."
            nxt = doc.sentences[si + 1]
            nm = [sm for sm in doc.in_range(doc.seasons, nxt.start, nxt.end) if sm.kind == "num"]
            others = [mm for mm in doc.in_range(doc.mentions, nxt.start, nxt.end) if mm.key != key]
            if nm and not others and nm[0].start - nxt.start < 30:
                v = nm[0].values[0]
        return [(v, False)]
    return [(None, False)]


def _governed_season(low: str, cue: C.Cue, seasons: list[SeasonMention]) -> SeasonMention | None:
    """The numbered season that is the cue's object ("filming season three", "renouvelée
    pour une saison 3"): it outranks a season attached to the title elsewhere in the
    clause ("The second season of X premiered; the cast is filming season three")."""
    for sm in seasons:
        if sm.kind == "num" and cue.start <= sm.start and _GOVERNED_GAP.fullmatch(low, cue.end, max(cue.end, sm.start)):
            return sm
    return None


def _evidence(doc: Doc, s: Sentence, clause: tuple[int, int], cue: C.Cue, m: Mention | None) -> tuple[int, int]:
    a, b = s.start, s.end
    while b > a and doc.text[b - 1] in " \n":
        b -= 1
    if b - a <= 200:
        return a, b
    core_a = min(cue.start, m.start if m else cue.start)
    core_b = max(cue.end, m.end if m else cue.end)
    if core_b - core_a > 200:
        core_a, core_b = cue.start, min(cue.end, cue.start + 200)
    pad = (200 - (core_b - core_a)) // 2
    a2 = max(a, core_a - pad)
    b2 = min(b, a2 + 200)
    # snap to word boundaries
    while a2 > a and a2 < core_a and doc.text[a2 - 1] not in " \n":
        a2 += 1
    while b2 < b and b2 > core_b and doc.text[b2 - 1] not in " \n" and b2 - a2 > 0:
        b2 -= 1
    return a2, min(b2, a2 + 200)


# ----------------------------------------------------------------------------- lists


_RX_LIST_DRAFTS_1 = re.compile(r"cancel|axed|annul|cancelation|canceled")
_RX_LIST_DRAFTS_2 = re.compile(r"renew|renouvel")
_RX_LIST_DRAFTS_3 = re.compile(r"[A-Z][^:]{0,60}:\s")
_RX_LIST_DRAFTS_4 = re.compile(r"(?:network|chaîne|channel|platform|plateforme)\s?:\s?(.+)$", re.IGNORECASE)


def _list_drafts(doc: Doc, out: list[Draft]) -> None:
    """Bare title lines under a status theme, and "Status: Title" items."""
    theme = None
    head_txt = doc.low[doc.offset : doc.sentences[min(3, len(doc.sentences) - 1)].end] if doc.sentences else ""
    themes = set()
    if _RX_LIST_DRAFTS_1.search(head_txt):
        themes.add("cancelled")
    if _RX_LIST_DRAFTS_2.search(head_txt):
        themes.add("renewed")
    if len(themes) == 1:
        theme = next(iter(themes))
    n = len(doc.sentences)
    i = 0
    while i < n:
        s = doc.sentences[i]
        if not s.first_of_line:
            i += 1
            continue  # labels, title lines and list items start a line
        seg = doc.norm[s.start : s.end]
        # "Cancelled: 'Valor'" / "RENEWED: 'Dynasty'"
        lm = C.label_match(seg)
        if lm and s.first_of_line:
            status = C.label_status(lm.group("w"))
            ms = doc.in_range(doc.mentions, s.start + lm.end(), s.end)
            if status and not ms and i > 0 and seg[lm.end() :].strip(" *:"):
                # "Canceled: March 2" under an item header "5) Palm Royale (Apple TV+)"
                for j in range(i - 1, max(-1, i - 4), -1):
                    t = doc.sentences[j]
                    hm = [m for m in doc.in_range(doc.mentions, t.start, t.end) if not m.paren]
                    if t.first_of_line and hm and hm[0].start - t.start <= 6:
                        m = hm[0]
                        plat, pq = _platform_for(doc, j, (t.start, t.end), m.end, m.key)
                        d = Draft(
                            m.key,
                            None,
                            status,
                            "official",
                            plat,
                            None,
                            None,
                            (t.start, s.end),
                            s.start,
                            i,
                            False,
                            STATUS_RANK[status],
                        )
                        d.pq = pq
                        out.append(d)
                        break
            if status and ms and ms[0].start - (s.start + lm.end()) <= 3:
                m = ms[0]
                plat = None
                for j in range(i, min(n, i + 3)):
                    t = doc.norm[doc.sentences[j].start : doc.sentences[j].end]
                    pm = _RX_LIST_DRAFTS_4.match(t)
                    if pm:
                        pl = find_platforms(pm.group(1))
                        if pl:
                            plat = pl[0].name
                            break
                pq = 5
                if plat is None:
                    plat, pq = _platform_for(doc, i, (s.start, s.end), m.start, m.key)
                d = Draft(
                    m.key,
                    None,
                    status,
                    "official",
                    plat,
                    None,
                    None,
                    (s.start, s.end),
                    s.start,
                    i,
                    False,
                    STATUS_RANK[status],
                )
                d.pq = pq
                out.append(d)
        # a run of bare title lines
        if s.first_of_line and s.heading:
            run = []
            j = i
            while j < n:
                t = doc.sentences[j]
                if not (t.first_of_line and t.heading):
                    break
                txt = doc.norm[t.start : t.end].strip().rstrip("*").strip()
                ms = doc.in_range(doc.mentions, t.start, t.end)
                if (
                    ms
                    and ms[0].start - t.start <= 2
                    and len(txt) - (ms[0].end - ms[0].start) <= 3
                    and not find_platforms(txt)
                ):
                    run.append((j, ms[0]))
                    j += 1
                    continue
                break
            if len(run) >= 2:
                status = doc.section_status.get(run[0][0]) or theme
                if status:
                    for j2, m in run:
                        plat = doc.section_platform.get(j2)
                        d = Draft(
                            m.key,
                            None,
                            status,
                            "official",
                            plat,
                            None,
                            None,
                            (doc.sentences[j2].start, doc.sentences[j2].end),
                            doc.sentences[j2].start,
                            j2,
                            False,
                            STATUS_RANK[status],
                        )
                        d.pq = 4
                        out.append(d)
                i = j
                continue
        # bullet items "• Title: description" under a status heading
        if s.first_of_line and i in doc.section_status:
            status = doc.section_status[i]
            lm2 = _LIST_ITEM.match(seg)
            if lm2 or _RX_LIST_DRAFTS_3.match(seg):
                off = lm2.end() if lm2 else 0
                ms = doc.in_range(doc.mentions, s.start + off, s.start + off + 4)
                if ms:
                    m = ms[0]
                    plat, pq = _platform_for(doc, i, (s.start, s.end), m.start, m.key)
                    season = None
                    if status != "cancelled":
                        nums = {
                            v for sm in doc.in_range(doc.seasons, m.end, s.end) if sm.kind == "num" for v in sm.values
                        }
                        season = next(iter(nums)) if len(nums) == 1 else None
                    d = Draft(
                        m.key,
                        season,
                        status,
                        "official",
                        plat,
                        None,
                        None,
                        (s.start, min(s.end, s.start + 200)),
                        s.start,
                        i,
                        False,
                        STATUS_RANK[status],
                    )
                    d.pq = pq
                    out.append(d)
        i += 1


# ----------------------------------------------------------------------------- finalisation


def _finalise(doc: Doc, drafts: list[Draft]) -> list[Fact]:
    # 0. a final season without a number takes the one forward season number of that series
    forward_seasons: dict[str, set] = {}
    for d in drafts:
        if d.season is not None and d.status in ("renewed", "release_date", "filming", "final_season"):
            forward_seasons.setdefault(d.key, set()).add(d.season)
    for d in drafts:
        if d.status == "final_season" and d.season is None:
            ss = forward_seasons.get(d.key)
            if ss and len(ss) == 1:
                d.season = next(iter(ss))
    # 1. merge exact duplicates
    merged: dict[tuple, Draft] = {}
    order: list[tuple] = []
    for d in drafts:
        k = (d.key, d.season, d.status)
        if k not in merged:
            merged[k] = d
            order.append(k)
            continue
        cur = merged[k]
        if d.platform and (cur.platform is None or d.pq > cur.pq):
            cur.platform, cur.pq = d.platform, d.pq
        if cur.episodes is None and d.episodes:
            cur.episodes = d.episodes
        if cur.release is None and d.release:
            cur.release = d.release
        if d.status == "in_development":
            # a development is speculative by nature: one hedged report keeps it reported
            if d.certainty == "reported":
                cur.certainty = "reported"
        elif cur.certainty == "reported" and d.certainty == "official":
            cur.certainty = "official"
            cur.ev = d.ev
    facts = {k: merged[k] for k in order}

    def has(key, status, season=...):
        for k, s, st in facts:
            if k == key and st == status and (season is ... or s == season):
                return True
        return False

    def absorb(dst: Draft, src: Draft) -> None:
        if dst.status == src.status == "in_development" and src.certainty == "reported":
            dst.certainty = "reported"
        elif dst.status == src.status == "cancelled" and src.certainty == "official":
            dst.certainty = "official"  # stated flatly elsewhere in the article
        if dst.release is None and src.release:
            dst.release = src.release
        if dst.episodes is None and src.episodes:
            dst.episodes = src.episodes
        if src.platform and (dst.platform is None or src.pq > dst.pq):
            dst.platform, dst.pq = src.platform, src.pq

    drop = set()
    for k in list(facts):
        key, season, status = k
        if (
            status == "renewed"
            and season is not None
            and any(
                kk == key
                and ss is not None
                and ss > season
                and st in ("renewed", "final_season", "filming")
                and dd.sent != facts[k].sent
                and season not in dd.span
                and ss not in facts[k].span
                for (kk, ss, st), dd in facts.items()
            )
        ):
            del facts[k]
    for k, d in facts.items():
        key, season, status = k
        if status == "renewed" and (key, season, "final_season") in facts:
            absorb(facts[(key, season, "final_season")], d)
            drop.add(k)
        if status == "renewed" and season is None and has(key, "final_season"):
            drop.add(k)
        if status == "release_date":
            for st in ("final_season", "renewed"):
                if (key, season, st) in facts:
                    absorb(facts[(key, season, st)], d)
                    drop.add(k)
                    break
        if status == "in_development":
            for st in ("renewed", "final_season", "filming", "release_date", "cancelled"):
                if (key, season, st) in facts or (
                    season is None and st in ("renewed", "final_season", "cancelled") and has(key, st)
                ):
                    drop.add(k)
        if status == "cancelled" and has(key, "final_season"):
            drop.add(k)

        if status in ("renewed", "in_development") and has(key, "cancelled"):
            # a cancellation ends the story, unless another network picked the show up
            cplat = {dd.platform for (kk, ss, st), dd in facts.items() if kk == key and st == "cancelled"}
            if d.platform is None or d.platform in cplat or None in cplat:
                drop.add(k)
        if season is None:
            for (kk, ss, st), dd in facts.items():
                if kk == key and st == status and ss is not None:
                    absorb(dd, d)
                    drop.add(k)
                    break
    # background details beside another status of the series: a finished shoot of the
    # same season; the airing of an earlier season of a series that is cancelled or only
    # discussed (its history)
    for k, d in facts.items():
        if not d.detail or k in drop:
            continue
        key, season, status = k
        for (kk, ss, st), dd in facts.items():
            if kk != key or st == status or (kk, ss, st) in drop or dd.detail:
                continue
            if (status == "filming" and ss == season) or (
                status == "released"
                and st in ("cancelled", "in_development")
                and season is not None
                and ss is not None
                and ss > season
            ):
                drop.add(k)
                break
    # titles the article calls a film ("le film X", "the movie X") and never a series
    film_keys, tv_keys = set(), set()
    for m in doc.mentions:
        before = doc.low[max(0, m.start - 24) : m.start]
        if _FILM_BEFORE.search(before):
            film_keys.add(m.key)
        elif _SERIES_BEFORE.search(before):
            tv_keys.add(m.key)
    result: list[Fact] = []
    for k, d in facts.items():
        if k in drop or (d.key in film_keys and d.key not in tv_keys):
            continue
        s = doc.series.get(d.key)
        name = s.name if s else d.key
        aliases = ()
        if s:
            aliases = tuple(sorted({f for f in s.forms if f != name}))[:5]
        a, b = d.ev
        evidence = doc.text[a:b].strip()
        if len(evidence) > 200:
            evidence = evidence[:200].rstrip()
        result.append(
            Fact(
                series=name,
                status=d.status,
                season=d.season,
                platform=d.platform,
                certainty=d.certainty,
                episodes=d.episodes,
                release=d.release,
                evidence=evidence,
                aliases=aliases,
            )
        )
    return result


_FILM_HINTS = ("film", "movie", "flick", "métrage", "metrage", "box", "cin", "salle", "theat", "blockbuster", "opus")


def clear_caches() -> None:
    """Empty the memo caches (results never depend on them; used to time cold runs)."""
    from . import platforms, titles

    titles._CAPS_MEMO.clear()
    for f in (titles.title_key, titles._token_info, titles._is_common, titles._strip_token, platforms._find_short):
        f.cache_clear()


def extract(text: str, lang: str | None, published: datetime.date | None, title: str | None) -> list[Fact]:
    if not text or not text.strip():
        return []
    doc = analyse(text, lang, published, title)
    if not doc.sentences:
        return []
    if doc.empty:
        return []
    drafts: list[Draft] = []
    for si in doc.cue_sents:
        _sentence_drafts(doc, si, drafts)
    _list_drafts(doc, drafts)
    _leftover_episodes(doc, drafts)
    return _finalise(doc, drafts)


_RX_LEFTOVER_EPISODES_1 = re.compile(r"\b(?:diffusés|aired|premiered|ont réuni|ont attiré|drew|watched|regardés|vus)\b")
_RX_LEFTOVER_EPISODES_2 = re.compile(r"\d\s?x\s?\d")


def _leftover_episodes(doc: Doc, drafts: list[Draft]) -> None:
    """An episode count stated in a sentence of its own ("il y aura 8 épisodes") goes to the
    forward-looking fact of the series under discussion."""
    used = {d.sent for d in drafts if d.status != "in_development" or d.certainty == "official"}
    # only sentences within five of a forward-looking draft can give it a count
    anchors = {d.sent for d in drafts if d.status in ("filming", "renewed", "final_season", "release_date")}
    near_any = sorted({i for a in anchors for i in range(max(0, a - 5), min(len(doc.sentences), a + 6))})
    for si in near_any:
        s = doc.sentences[si]
        seg = doc.low[s.start : s.end]
        if si in used or not (
            "pisode" in seg or " eps" in seg or " part" in seg or "-part" in seg or _RX_LEFTOVER_EPISODES_2.search(seg)
        ):  # what a count needs (see _EPISODES)
            continue
        k = seg.find("pisode")
        if k < 0:
            if C.MODAL_RE.search(seg):
                continue
        else:
            # only the hedges of the episode count's own clause matter
            left = seg[max(0, k - 60) : k]
            cut = max(left.rfind(" and "), left.rfind(" et "), left.rfind(", "), left.rfind(";"))
            right = seg[k : k + 40]
            rc = min(
                [x for x in (right.find(" and "), right.find(" et "), right.find(", "), right.find(";")) if x >= 0]
                or [len(right)]
            )
            if C.MODAL_RE.search(left[cut + 1 :] + right[:rc]):
                continue
        if _RX_LEFTOVER_EPISODES_1.search(doc.low[s.start : s.end]):
            continue
        n = _episodes_in(doc, s.start, s.end)
        if n is None:
            continue
        others = {m.key for m in doc.in_range(doc.mentions, s.start, s.end) if not m.blocked}
        key = _focus(doc, s.start, si)
        if key is None or (others and others != {key}):
            continue
        near = [
            d
            for d in drafts
            if d.key == key
            and d.status in ("filming", "renewed", "final_season", "release_date")
            and abs(d.sent - si) <= 5
        ]
        if near:
            best = min(near, key=lambda d: (STATUS_RANK.get(d.status, 9), abs(d.sent - si)))
            sms = (
                doc.in_range(doc.seasons, s.start, s.end)
                if si in doc.focus_set
                else find_seasons(doc.low, doc.norm, s.start, s.end, [(s.start, s.end)])
            )
            stated = {v for sm in sms if sm.kind == "num" for v in sm.values}
            if stated and best.season not in stated:
                continue  # "its first season, made of six episodes": the count of another season
            if best.episodes is None:
                best.episodes = n
