"""Series title detection: quoted and italic spans, capitalised runs, anchored forms.

The module finds candidate spans over the whole document, groups them by title
key (the README normalisation) into a registry, and then finds every mention of
the reliable titles so that later unquoted uses are recognised too.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import COMMON_CAPS, FIRST_NAMES, NATIONALITIES, OUTLETS, PLACES, STATUS_WORDS, STOP_EN, STOP_FR
from .platforms import find_platforms
from .text import anchor_windows

ARTICLES = ("the ", "a ", "an ", "le ", "la ", "les ", "l ", "un ", "une ", "des ")
_PUNCT = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def title_key(title: str) -> str:
    """Lower case, no accents or punctuation, one leading article dropped."""
    if title.isascii():
        s = title.lower()
        s = _SPACES.sub(" ", _PUNCT.sub(" ", s)).strip()
        for a in ARTICLES:
            if s.startswith(a) and len(s) > len(a):
                return s[len(a) :]
        return s
    s = unicodedata.normalize("NFKD", title)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = _SPACES.sub(" ", _PUNCT.sub(" ", s)).strip()
    for a in ARTICLES:
        if s.startswith(a) and len(s) > len(a):
            s = s[len(a) :]
            break
    return s


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    text: str
    kind: str  # quote, italic, caps, anchor, head, list, mention
    strong: bool = False
    initial: bool = False  # first word of a sentence
    key: str = ""
    person: bool = False  # looks like a person's name
    titlecase_line: bool = False  # found on a headline written in Title Case
    line_title: bool = False  # the candidate is a whole short line

    def __post_init__(self) -> None:
        if not self.key:
            self.key = title_key(self.text)


# --------------------------------------------------------------------------- quoted spans

# One pattern per quote character, each starting with its literal so that the
# scan jumps from quote to quote; the "not inside a word" test follows it.
_QUOTE_PATTERNS = (
    ("\u00ab", "g", re.compile(r"\u00ab\s?(?P<g>[^\u00ab\u00bb\n]{1,90}?)\s?\u00bb")),
    ("\u201c", "c", re.compile(r"\u201c(?P<c>[^\u201c\u201d\n]{1,90}?)\u201d")),
    ('"', "s", re.compile(r'"(?<![\w"]")(?P<s>[^"\n]{1,90}?)"(?![\w])')),
    ("'", "q", re.compile(r"'(?<![\w']')(?P<q>[^'\n]{1,70}?)'(?![\w])")),
    ("*", "i", re.compile(r"\*(?<![\w*]\*)(?P<i>[^*\n]{1,90}?)\*(?![\w*])")),
    ("_", "u", re.compile(r"_(?<![\w_]_)(?P<u>[^_\n]{1,90}?)_(?![\w_])")),
)

# The punctuation first, the look-behinds after it (they include it): a pattern that
# starts with a character class is scanned for that class, one that starts with a
# look-behind is tried at every position, twenty times slower.
_SENTENCE_INSIDE = re.compile(
    r"[.!?](?:(?<!\bvs.)(?<!\bSt.)(?<!\bDr.)(?<!\bMr.)(?<!\bMs.)(?<!\bJr.)(?<!\bCo.)(?<![A-Z].) \S|$)"
)


_EN_VERBS = re.compile(
    r"\b(?:is|are|was|were|will|has|have|had|be|been|do|does|did|can|could|would|should|"
    r"we|i|you|he|she|they|it's|i'm|we're|don't|didn't|won't|can't|it)\b"
)
_FR_VERBS = re.compile(
    r"\b(?:est|sont|était|a|ont|sera|seront|va|vont|c'est|je|j'ai|nous|vous|il|elle|on|pourrait|"
    r"devrait|serait|aurait|peut|doit|fait|faut|y a)\b"
)


def _valid_quoted(text: str, lang: str = "en") -> bool:
    t = text.strip().rstrip(",;")
    if not t or len(t) > 70:
        return False
    words = t.split()
    if len(words) > 12 or (len(words) > 8 and sum(1 for w in words if w[:1].isupper()) < len(words) / 2):
        return False
    first = t.lstrip("'\"(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if _SENTENCE_INSIDE.search(t.rstrip(".!?")) or t.count(",") > 1:
        return False
    if t.endswith("?") and len(words) > 3:
        return False
    low = t.lower()
    if low in COMMON_CAPS or low in OUTLETS:
        return False
    rest = " ".join(words[1:]).lower()
    lower_n = sum(1 for w in words[1:] if w[:1].islower())
    if lang != "fr" and len(words) >= 3 and _EN_VERBS.search(" " + rest) and lower_n >= 2:
        return False
    if lang == "fr" and len(words) >= 4 and _FR_VERBS.search(" " + rest) and lower_n >= 2:
        return False
    if len(words) >= 5 and "," in t:
        return False
    if low.startswith(("it's ", "c'est ", "this is ", "we ", "je ", "nous ")) or (
        t.startswith("I ") and len(words) > 1 and words[1][:1].islower()
    ):
        return False
    return True


# --------------------------------------------------------------------------- capitalised runs

_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0152"
_CAP_TAIL = r"[\w'\-.&+/!]{0,30}"  # what follows the capital of a word
_CAPWORD = rf"(?:[lLdD]'(?=[{_UP}]))?[{_UP}]{_CAP_TAIL}"
_CONN = (
    r"(?:of|the|and|a|an|in|on|at|to|for|with|from|by|or|vs\.?|v\.|&|de|du|des|la|le|les|et|à|au|aux|"
    r"en|pour|dans|y|del|di|da|van|von)"
)
# A run starts with a capitalised word (_CAPWORD) or a number before one, written so that
# the pattern starts with a character class (the engine then skips to the next candidate
# character in C, instead of trying a look-behind at every position); the look-behind and
# the choice of the first word's form come after its first character.
_CAPS = re.compile(
    rf"[lLdD{_UP}0-9](?<![\w'\-#@].)"
    rf"(?:(?<=[lLdD])'(?=[{_UP}])[{_UP}]{_CAP_TAIL}|(?<=[{_UP}]){_CAP_TAIL}|(?<=\d)\d{{0,3}}(?= [{_UP}]))"
    rf"(?:(?: | ?: )(?:{_CONN} ){{0,2}}(?:{_CAPWORD}|\d{{1,4}}(?![\w/])))"
    r"{0,9}"
)

_ARTICLE_CAPS = {"the", "a", "an", "le", "la", "les", "l'", "un", "une"}
_CONNECTORS = {
    "of",
    "the",
    "and",
    "a",
    "an",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "from",
    "by",
    "or",
    "vs",
    "vs.",
    "v.",
    "&",
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "et",
    "à",
    "au",
    "aux",
    "en",
    "pour",
    "dans",
    "y",
    "del",
    "di",
    "da",
    "van",
    "von",
}
_CONTRACTION = re.compile(
    r"^(?:(?i:\w+'(?:ve|ll|re|d|m)|\w+n't|let's|it's|that's|there's|here's|what's|who's|he's|she's|"
    r"i'm|c'est|j'ai|qu'il|qu'elle)|[lLdD]'[a-zà-ÿ]\w*|[nNsS]'\w+)$"
)
_COMPANY = re.compile(
    r"(?i)\b(?:studios?|productions?|entertainment|pictures|films|media|group|groupe|televisions?|t[ée]l[ée]visions?|"
    r"festival|awards|prix|cérémonie|gala|convention|summit|upfronts?|tca|comic-con|expo|salon|panel|"
    r"network|networks|inc|llc|ltd|corp|corporation|company|records|press|publishing|éditions)\b"
)
_DESCRIPTOR_SUFFIX = re.compile(
    r"(?i)-(?:led|fronted|starring|created|produced|backed|helmed|penned|based|owned|run|centric|"
    r"focused|style|styled|inspired|themed)$"
)

# French boundary words: a sentence-case title never runs through these.
FR_BOUNDARY = frozenset(
    """
a est sont sera seront était étaient va vont n' ne se s' qui que qu' dont où avec sans après avant
pendant depuis lors chez par car mais ou donc comme aussi également bien déjà encore toujours
jamais plus moins très trop ont avait avaient fait fera doit peut pourrait devrait aurait serait
reviendra revient arrive arrivera débute ce cette ces cet il elle ils elles on nous vous leur leurs
son sa ses mon ma mes notre nos votre vos y en et ou ni lui là ici alors puis ainsi selon sur
diffusée diffusé lancée lancé portée porté menée mené créée créé signée signé avec dans un une
le la les des du de l' d' au aux à pour
""".split()
)
_FR_INTERNAL = frozenset(["de", "du", "des", "d'", "à", "au", "aux", "pour"])
_VERBISH = re.compile(r"(?:ait|aient|era|eront|erait|ront|ra|é|ée|és|ées|ir|er|ent|ant|ez|ons)$")


_COMMON_ANY = COMMON_CAPS | STOP_EN | STOP_FR


@lru_cache(maxsize=16384)
def _is_common(tok: str) -> bool:
    t = tok.lower().strip(".,:;!?'\"")
    if t.endswith("'s"):
        t = t[:-2]
    return t in _COMMON_ANY


_RX_TOKENS_1 = re.compile(r"\S+")


def _tokens(text: str, base: int) -> list[tuple[int, int, str]]:
    """The whitespace-separated tokens of ``text`` with their offsets (plus ``base``)."""
    if " " not in text and text.strip() == text:
        return [(base, base + len(text), text)] if text else []
    if "\n" in text or "\t" in text or "  " in text or text.strip() != text:
        return [(base + m.start(), base + m.end(), m.group(0)) for m in _RX_TOKENS_1.finditer(text)]
    out = []
    pos = base
    for w in text.split(" "):
        out.append((pos, pos + len(w), w))
        pos += len(w) + 1
    return out


@lru_cache(maxsize=16384)
def _strip_token(tok: str) -> str:
    """A token without trailing sentence punctuation (keeps M.D., Co.)."""
    t = tok
    while t and t[-1] in ",;:?\"'" and not (t.endswith("s'") and len(t) > 3):
        t = t[:-1]
    if t.endswith("!") and not (len(t) > 2 and t[:-1].isalpha() and t[0].isupper() and len(t) <= 6):
        t = t.rstrip("!")
    if t.endswith(".") and t.count(".") == 1 and len(t) > 3 and t[:-1] not in ("Co", "Jr", "Sr", "St", "Bros"):
        t = t[:-1]
    return t


def person_like(words: list[str]) -> bool:
    """Two to four capitalised words that start with a given name."""
    if not 2 <= len(words) <= 4:
        return False
    if any(w.lower() in _CONNECTORS for w in words):
        return False
    first = words[0].lower().strip("'")
    if first.endswith("'s"):
        return False
    return first in FIRST_NAMES and all(w[:1].isupper() for w in words)


# French place names by their shape: Saint-Malo, Sainte-Maxime, Boulogne-sur-Mer, Aix-en-Provence
_TOPONYM = re.compile(r"(?:Saint|Sainte|St|Ste)-[A-ZÉ]|[A-ZÉ][a-zéèêô]+-(?:sur|en|lès|les|sous)-[A-ZÉ]")


def _place(words: list[str]) -> bool:
    if len(words) == 1 and _TOPONYM.match(words[0]):
        return True
    return all(w.lower().strip(".,'") in PLACES for w in words)


@lru_cache(maxsize=16384)
def _token_info(t: str) -> tuple[str, str, bool, bool, bool]:
    """(core, base, breaks the run, possessive, the run is cut after it) for one token."""
    core = _strip_token(t)
    base = core[:-2] if core.endswith("'s") else core.rstrip("'")
    breaks = bool(
        base.lower() in OUTLETS
        or _CONTRACTION.match(core)
        or _DESCRIPTOR_SUFFIX.search(core)
        or core.lower() in STATUS_WORDS
    )
    possessive = core.endswith("'s") or (core.endswith("'") and len(core) > 2)
    cut_after = bool(
        core != t
        and t[len(core) :][:1] in (",", ";", "?", '"')
        or (core != t and t.endswith(".") and not core.endswith("."))
    )
    return core, base, breaks, possessive, cut_after


_CAPS_MEMO: dict = {}  # run text and context -> candidates (relative offsets); a transparent cache


def _clean_caps(norm: str, start: int, end: int, sentence_starts: set[int], platforms=None) -> list[Candidate]:
    """Trim and split one capitalised run into candidate titles."""
    text = norm[start:end]
    toks = _tokens(text, start)
    if platforms is None:
        plats = find_platforms(norm, max(0, start - 4), end)
    else:
        i = bisect.bisect_left(platforms, start - 4, key=lambda p: p.end)
        plats = []
        while i < len(platforms) and platforms[i].start < end:
            plats.append(platforms[i])
            i += 1
    # the result only depends on the run's text, which of its tokens start a sentence
    # and where platform names overlap it
    key = (
        text,
        tuple(a - start for a, _, _ in toks if a in sentence_starts),
        tuple((p.start - start, p.end - start) for p in plats),
    )
    got = _CAPS_MEMO.get(key)
    if got is None:
        got = tuple(
            (c.start - start, c.end - start, c.text, c.initial, c.person)
            for c in _split_caps(norm, toks, sentence_starts, plats)
        )
        if len(_CAPS_MEMO) > 20000:
            _CAPS_MEMO.clear()
        _CAPS_MEMO[key] = got
    out = []
    for a, b, t, initial, person in got:
        c = Candidate(start + a, start + b, t, "caps", initial=initial)
        c.person = person
        out.append(c)
    return out


def _split_caps(norm: str, toks, sentence_starts: set[int], plats) -> list[Candidate]:
    pieces: list[list[tuple[int, int, str]]] = [[]]
    for a, b, t in toks:
        if t == ":":
            pieces[-1].append((a, b, t))
            continue
        core, base, breaks, possessive, cut_after = _token_info(t)
        if breaks or (plats and any(p.start <= a < p.end or a <= p.start < b for p in plats)):
            pieces.append([])
            continue
        if possessive:
            words = [w for _, _, w in pieces[-1]] + [base]
            # "Peyton List's School Spirits", "NBC's comedy": the possessor is not the title
            if person_like(words) or (
                len(words) == 1 and (base.lower() in FIRST_NAMES or _is_common(base) or base.lower() in PLACES)
            ):
                pieces.append([])
                continue
        pieces[-1].append((a, a + len(core), core))
        if cut_after:
            pieces.append([])
    out: list[Candidate] = []
    for piece in pieces:
        # split "A and B" when a side is long, or before a capitalised article ("Kung Fu and The Winchesters")
        sub: list[list[tuple[int, int, str]]] = [[]]
        for i, tok in enumerate(piece):
            w = tok[2]
            if w.lower() in ("and", "et", "or", "ou") and i + 1 < len(piece):
                left = [x for x in sub[-1] if x[2] != ":"]
                right_first = piece[i + 1][2]
                nxt_article = right_first in ("The", "Le", "La", "Les", "L'", "A", "Un", "Une", "An")
                right_len = 0
                for x in piece[i + 1 :]:
                    if x[2].lower() in ("and", "et", "or", "ou"):
                        break
                    right_len += 1
                both_names = (
                    len(left) == 1
                    and right_len == 1
                    and left[0][2].lower() in FIRST_NAMES
                    and piece[i + 1][2].lower() in FIRST_NAMES
                )
                if (
                    nxt_article
                    or both_names
                    or len(left) >= 2
                    or right_len >= 3
                    or (person_like([x[2] for x in left] + ["X"]) if left else False)
                ):
                    sub.append([])
                    continue
            sub[-1].append(tok)
        for toks2 in sub:
            cand = _trim(toks2, norm, sentence_starts)
            if cand is not None:
                out.append(cand)
    return out


_RX_TRIM_1 = re.compile(r"(?:[A-Z]\.){1,4}[A-Z]?")


def _trim(toks: list[tuple[int, int, str]], norm: str, sentence_starts: set[int]) -> Candidate | None:
    toks = [t for t in toks]
    while toks and toks[0][2] == ":":
        toks = toks[1:]
    if not toks:
        return None
    initial = toks[0][0] in sentence_starts
    # leading common words are stripped only at a sentence start (mid-sentence capitals belong to the title)
    while toks:
        w = toks[0][2]
        lw = w.lower()
        if lw in _CONNECTORS and not w[:1].isupper():
            toks = toks[1:]
            continue
        if toks[0][0] in sentence_starts and _is_common(w):
            if lw in _ARTICLE_CAPS and len(toks) > 1 and not _is_common(toks[1][2]) and toks[1][2][:1].isupper():
                break
            toks = toks[1:]
            continue
        if w[:1].isdigit() and (len(toks) == 1 or toks[1][2].lower() in _CONNECTORS):
            toks = toks[1:]
            continue
        break
    while toks and toks[0][2] == ":":
        toks = toks[1:]
    # trailing connectors, season words, bare numbers after a connector, colons
    while toks:
        w = toks[-1][2]
        lw = w.lower().rstrip(".:")
        if w == ":" or lw in _CONNECTORS or lw in ("season", "saison", "series", "série", "part", "partie", "seasons"):
            toks = toks[:-1]
            continue
        if (
            w.isdigit()
            and len(toks) > 1
            and (
                toks[-2][2].lower() in _CONNECTORS
                or toks[-2][2].lower() in ("season", "saison", "series", "part", "partie")
            )
        ):
            toks = toks[:-2]
            continue
        if len(toks) > 1 and lw in ("final", "premiere", "finale", "renewal", "cancellation", "trailer", "teaser"):
            toks = toks[:-1]
            continue
        break
    # "Inédite en France": a trailing place after a preposition is not part of the title
    if (
        len(toks) >= 3
        and toks[-2][2].lower() in ("en", "in", "à", "au", "aux")
        and toks[-1][2].lower().strip(".,") in PLACES
        and toks[0][0] in sentence_starts
    ):
        toks = toks[:-2]
    if toks and (toks[-1][2].endswith("'s") or toks[-1][2].endswith("s'")) and len(toks[-1][2]) > 3:
        # a trailing possessive is not part of the title ("Star's drooping rating")
        a, b, w = toks[-1]
        cut = 2 if w.endswith("'s") else 1
        toks[-1] = (a, b - cut, w[:-cut])
    if not toks:
        return None
    words = [t[2] for t in toks]
    if all(_is_common(w) or w.lower() in _CONNECTORS or w.isdigit() or w == ":" for w in words):
        return None
    text = norm[toks[0][0] : toks[-1][1]]
    if text.lower() in OUTLETS or len(text) < 2 or _place(words):
        return None
    if _COMPANY.search(text) and len(words) > 1:
        return None
    if len(words) == 1 and len(text) < 3 and not text.isupper():
        return None
    if len(words) == 1 and (_RX_TRIM_1.fullmatch(text) or text.lower() in NATIONALITIES):
        return None
    initial = toks[0][0] in sentence_starts
    c = Candidate(toks[0][0], toks[-1][1], text, "caps", initial=initial)
    c.person = person_like([w for w in words if w != ":"])
    return c


# --------------------------------------------------------------------------- anchored forms

_FR_ANCHOR = re.compile(
    r"\b(?:la |une |cette |sa |leur |de la |d'une )?(?:mini-?série|série|saga|sitcom|fiction|collection|"
    r"comédie|dramédie|anthologie|telenovela|feuilleton)(?: (?!les |des |une |ses |son |sur |aux |qui |que |est |dont )[a-zàâçéèêëîïôûùüÿæœ'\-]{3,20}){0,2} "
    r"|\b(?:l'anime|l'animé|l'émission|le programme|le jeu|le show|le drame|le thriller|le polar|"
    r"le spin-off|le feuilleton|la série)(?: (?!les |des |une |ses |son |sur |aux |qui |que |est |dont )[a-zàâçéèêëîïôûùüÿæœ'\-]{3,20}){0,2} "
)


_FR_ANCHOR_WORDS = (
    "série",
    "saga",
    "sitcom",
    "fiction",
    "collection",
    "comédie",
    "dramédie",
    "anthologie",
    "telenovela",
    "feuilleton",
    "anime",
    "animé",
    "émission",
    "programme",
    "jeu",
    "show",
    "drame",
    "thriller",
    "polar",
    "spin-off",
)
_FR_WORD = re.compile(
    r" ([dl]'[\w\-]{1,20}|[a-zàâçéèêëîïôûùüÿæœ][a-zàâçéèêëîïôûùüÿæœ\-]{0,20})(?=[\s,.;:!?)\u00bb\"]|$)"
)


def _verbish(w: str) -> bool:
    return len(w) > 3 and bool(_VERBISH.search(w)) and w not in ("cent", "blanche", "noire", "verte", "saint", "sainte")


def fr_sentence_case_end(norm: str, low: str, start: int, first_end: int, limit: int) -> int:
    """Extend a French title that starts at ``start`` through lowercase words.

    "Section de recherches n'aura" -> "Section de recherches".
    """
    pos = first_end
    best = first_end
    content = 0
    for _ in range(6):
        m = _FR_WORD.match(norm, pos, limit)
        if not m:
            break
        w = m.group(1)
        if w in _FR_INTERNAL:
            m2 = _FR_WORD.match(norm, m.end(), limit)
            if not m2:
                break
            w2 = m2.group(1)
            if w2 in FR_BOUNDARY or w2 in _FR_INTERNAL or _verbish(w2):
                break
            pos = best = m2.end()
            content += 1
        elif w in FR_BOUNDARY or _verbish(w) or w.startswith(("d'", "l'")):
            break
        else:
            pos = best = m.end()
            content += 1
        if content >= 3:
            break
    return best


# --------------------------------------------------------------------------- registry


_NAME_ARTICLES = ("Le ", "La ", "Les ", "L'", "The ")


@dataclass
class Series:
    key: str
    forms: Counter = field(default_factory=Counter)
    mentions: list = field(default_factory=list)  # Candidate
    strong: bool = False
    score: float = 0.0
    aliases: set = field(default_factory=set)  # other keys linked to it

    @property
    def name(self) -> str:
        # the most common written form; ties go to the earlier, mixed-case form.  A form
        # without its leading article counts for the form with it when the text has it:
        # French contractions hide the article ("du « Cercle »" is "de + le Cercle").
        forms = self.forms
        if len(forms) > 1:
            forms = Counter(forms)
            for form in list(forms):
                for art in _NAME_ARTICLES:
                    full = art + form
                    if full in forms and forms[form]:
                        forms[full] += forms[form]
                        forms[form] = 0
                        break
        best = None
        for form, n in forms.most_common():
            if best is None:
                best = (n, form)
                continue
            if n == best[0] and best[1].isupper() and not form.isupper():
                best = (n, form)
        return best[1] if best else self.key


_ALIAS = re.compile(
    r"\s?[,(]\s?(?:ou |aka |a\.k\.a\. |alias |titled |intitulée? |connue? (?:sous le nom de|comme) )?"
    r"[\"\u00ab\u201c*']?\s?(?P<t>[A-Z\u00c0-\u00de][^()\n\"\u00bb\u201d*]{1,60}?)\s?[\"\u00bb\u201d*']?"
    r"\s(?P<mark>en (?:VF|VO|vf|vo|France|français|anglais|japonais|version (?:française|originale))|"
    r"in (?:the US|the UK|English|French)|aux États-Unis)\s?\)?"
)
_ALIAS_AKA = re.compile(
    r"\s?[,(]\s?(?:ou|aka|a\.k\.a\.|alias|also known as)\s[\"\u00ab\u201c*']?\s?(?P<t>[A-Z\u00c0-\u00de][^()\n,\"\u00bb\u201d*]{1,60}?)"
    r"\s?[\"\u00bb\u201d*']?(?=\s?[),.]|\sen\s)"
)


_TC_WORD = re.compile(r"[A-Za-z\u00c0-\u00ff][\w'\-]{3,}")


class _TitlecaseLines:
    """Lines written in Title Case (headlines): capitals there say nothing.  Computed per
    line on demand (``line in tc_lines``)."""

    def __init__(self, norm: str, sentences) -> None:
        self.norm = norm
        self.first: dict[int, int] = {}
        for snt in sentences:
            if snt.first_of_line and snt.line not in self.first:
                self.first[snt.line] = snt.start
        self.known: dict[int, bool] = {}

    def __contains__(self, line: int) -> bool:
        v = self.known.get(line)
        if v is None:
            v = False
            start = self.first.get(line)
            if start is not None:
                end = self.norm.find("\n", start)
                end = len(self.norm) if end < 0 else end
                words = _TC_WORD.findall(self.norm, start, end)
                if len(words) >= 4:
                    caps = sum(1 for w in words if w[0].isupper())
                    v = caps >= 0.75 * len(words)
            self.known[line] = v
        return v


_SKIP_SINGLE = frozenset(COMMON_CAPS | STOP_EN | STOP_FR | PLACES | NATIONALITIES | FIRST_NAMES | STATUS_WORDS)


def is_platform_name(text: str) -> bool:
    """True when ``text`` is (nearly) just a platform name."""
    ps = find_platforms(text)
    return bool(ps) and ps[0].end - ps[0].start >= len(text.strip()) - 2


_LOWER_ELISION = re.compile(r"(?:d|l|qu|j|n|s|c|jusqu|lorsqu|puisqu)'(?=[A-Z\u00c0-\u00de])")
_CAP_AFTER_ELISION = re.compile(r"[a-z]'[A-Z\u00c0-\u00de]")
_UPPER_WORD = re.compile(r"\s([A-Z\u00c0-\u00de])")
_NEXT_WORD = re.compile(r"[\w']{1,20}")
_COLON_CUT = frozenset(
    """après avant depuis quand alors mais selon voici voilà c'est ce cette il elle ils elles on nous vous
si comme pourquoi comment enfin bonne mauvaise saison season when after before why how what here's it's this that
netflix""".split()
)


_ITEM_FIRST = "-\u2022*•>"
_LIST_MARKER = r"[-\u2022*•>]|\d{1,2}[.)]|\d{1,2} ?-"  # "- ", "• ", "1. ", "2) ", "3 - "
_ITEM_START = re.compile(rf"(?:{_LIST_MARKER})\s{{1,3}}")
_PHRASE_START = re.compile(r"(?:: |- |\u2014 |[\"\u201c\u00ab] ?)(?=[A-Z\u00c0-\u00de])")


_RX_FIND_CANDIDATES_1 = re.compile(r"[\w'\-]+")
# what may surround a title that is a line of its own: list markers before, punctuation after
_LINE_HEAD = re.compile(rf"\s*(?:{_LIST_MARKER})?\s*")
_LINE_LEAD = re.compile(rf"\s*(?:{_LIST_MARKER}|#{{1,6}})?\s*")
_LINE_END = re.compile(r"[ *\u2026.:]*")


def find_candidates(norm: str, low: str, sentences, lang: str, platforms=None, regions=None) -> list[Candidate]:
    """All candidate title spans of the document.

    ``regions`` (sorted, disjoint spans) limits the capitalised-run pass, the
    costly one, to the parts of the text that can matter; quoted titles are
    found everywhere.
    """
    starts = {s.start for s in sentences}
    line_of = {}
    line_bounds = {}
    for s in sentences:
        if s.start < len(norm) and (norm[s.start] in _ITEM_FIRST or norm[s.start].isdigit()):
            m = _ITEM_START.match(norm, s.start, s.end)
            if m:
                starts.add(m.end())
        line_of[s.start] = s.line
        if s.line not in line_bounds:
            line_bounds[s.line] = [s.start, s.end]
        else:
            line_bounds[s.line][1] = s.end
    # positions after a colon, a dash or an opening quote also start a phrase
    for ra, rb in regions if regions is not None else [(0, len(norm))]:
        for m in _PHRASE_START.finditer(norm, max(0, ra - 3), rb):
            starts.add(m.end())
    tc_lines = _TitlecaseLines(norm, sentences)
    limit = sentences[-1].end if sentences else 0
    begin = sentences[0].start if sentences else 0
    sent_starts = [s.start for s in sentences]

    def line_index(pos: int) -> int:
        i = bisect.bisect_right(sent_starts, pos) - 1
        return sentences[i].line if i >= 0 else -1

    cands: list[Candidate] = []
    quoted_spans: list[tuple[int, int]] = []
    seg = norm[begin:limit]
    matches = []
    for ch, g, rx in _QUOTE_PATTERNS:
        if ch in seg:
            matches.extend((m, g) for m in rx.finditer(norm, begin, limit))
    matches.sort(key=lambda x: x[0].start())
    last_end = -1
    for m, g in matches:
        if m.start() < last_end:
            continue
        text = m.group(g)
        inner_s = m.start(g)
        lead = len(text) - len(text.lstrip())
        t = text.strip().rstrip(",;:")
        if t.endswith(".") and t.count(".") == 1:
            t = t[:-1]
        if not _valid_quoted(t, lang):
            continue
        a = inner_s + lead
        kind = "italic" if g in ("i", "u") else "quote"
        if t.lower() in OUTLETS or is_platform_name(t):
            continue
        if norm[max(0, m.start() - 1) : m.start()] in ("#", "@"):
            continue
        cands.append(Candidate(a, a + len(t), t, kind, strong=True))
        quoted_spans.append((m.start(), m.end()))
        last_end = m.end()

    # capitalised runs outside quoted spans
    def caps_in(spans) -> None:
        qi = 0
        for m in (x for ra, rb in spans for x in _CAPS.finditer(norm, ra, rb)):
            a, b = m.start(), m.end()
            run = m.group(0)
            el = _LOWER_ELISION.match(run)
            if el:
                # "les origines d'Ida": the elided word is not part of the name
                a += el.end()
                run = run[el.end() :]
            if " " not in run:
                core = run.rstrip(".,:;!?'\"")
                lc = core.lower()
                if lc in _SKIP_SINGLE or len(core) < 2:
                    continue
            while qi < len(quoted_spans) and quoted_spans[qi][1] <= a:
                qi += 1
            if qi < len(quoted_spans) and quoted_spans[qi][0] < b:
                continue
            if a in starts:
                k = norm.find(": ", a, b)
                if k > 0 and norm[k - 1] != " ":
                    b = k  # "Title: description" at a line start (a spaced French colon may be a subtitle)
            k = norm.find(" : ", a, b)
            if k > 0:
                nw = _NEXT_WORD.match(norm, k + 3)
                if nw and nw.group(0).lower() in _COLON_CUT:
                    b = k  # "In America : Après une fin de saison..." is not a subtitle
            ln = line_index(a)
            lb0 = line_bounds.get(ln)
            whole_line = bool(lb0) and _LINE_END.fullmatch(norm, b, lb0[1]) and _LINE_HEAD.fullmatch(norm, lb0[0], a)
            for c in _clean_caps(norm, a, b, set() if whole_line else starts, platforms):
                c.titlecase_line = ln in tc_lines
                lb = line_bounds.get(ln)
                if lb:
                    if _LINE_END.fullmatch(norm, c.end, lb[1]) and _LINE_LEAD.fullmatch(norm, lb[0], c.start):
                        c.line_title = True
                        c.initial = False
                cands.append(c)

    caps_in(regions if regions is not None else [(begin, limit)])

    # French sentence-case titles: "Section de recherches", "Zone blanche"
    if lang == "fr":
        for c in cands:
            if c.kind != "caps" or c.initial or c.titlecase_line or " " in c.text or c.person or c.text.isupper():
                continue
            e = fr_sentence_case_end(norm, low, c.start, c.end, min(limit, c.end + 60))
            if e > c.end:
                text = norm[c.start : e]
                words = text.split()
                if any(w in _FR_INTERNAL for w in words[1:]) or len(words) == 2:
                    c.end = e
                    c.text = text
                    c.key = title_key(text)
        windows = anchor_windows(low, begin, limit, _FR_ANCHOR_WORDS, 12, 70)
        by_start = None
        for m in (x for a_, b_ in windows for x in _FR_ANCHOR.finditer(low, a_, b_)):
            p = m.end()
            if _CAP_AFTER_ELISION.search(norm, m.start(), min(m.end(), m.start() + 6)):
                continue  # "l'Anime Expo": a proper name, not the noun "anime"
            um = _UPPER_WORD.search(norm, m.start() + 1, m.end())
            if um:
                p = um.start(1)  # "l'anime Lame Céleste": the optional adjectives were the title's words
            if p < len(norm) and norm[p].isupper():
                w = _RX_FIND_CANDIDATES_1.match(norm[p : p + 40])
                if not w:
                    continue
                first_end = p + w.end()
                e = fr_sentence_case_end(norm, low, p, first_end, limit)
                if by_start is None:
                    by_start = {}
                    for c in cands:
                        if c.end > by_start.get(c.start, -1):
                            by_start[c.start] = c.end
                e = max(e, by_start.get(p, -1))
                text = norm[p:e].rstrip(".,;:")
                if text.lower() in COMMON_CAPS or find_platforms(text) or person_like(text.split()):
                    continue
                cands.append(Candidate(p, p + len(text), text, "anchor", strong=True))
    return cands
