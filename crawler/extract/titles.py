"""Series title detection: quoted and italic spans, capitalised runs, anchored forms.

The module finds candidate spans over the whole document, groups them by title
key (the README normalisation) into a registry, and then finds every mention of
the reliable titles so that later unquoted uses are recognised too.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from .lexicon import COMMON_CAPS, FIRST_NAMES, OUTLETS, STOP_EN, STOP_FR
from .platforms import find_platforms

ARTICLES = ("the ", "a ", "an ", "le ", "la ", "les ", "l ", "un ", "une ", "des ")
_PUNCT = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def title_key(title: str) -> str:
    """Lower case, no accents or punctuation, one leading article dropped."""
    s = unicodedata.normalize("NFKD", title)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = _SPACES.sub(" ", _PUNCT.sub(" ", s)).strip()
    for a in ARTICLES:
        if s.startswith(a) and len(s) > len(a):
            s = s[len(a):]
            break
    return s


@dataclass
class Candidate:
    start: int
    end: int
    text: str
    kind: str  # quote, italic, caps, anchor, head, list, mention
    strong: bool = False
    initial: bool = False  # first word of a sentence
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            self.key = title_key(self.text)


# --------------------------------------------------------------------------- quoted spans

_QUOTES = re.compile(
    r"\u00ab\s?(?P<g>[^\u00ab\u00bb\n]{1,90}?)\s?\u00bb"
    r"|\u201c(?P<c>[^\u201c\u201d\n]{1,90}?)\u201d"
    r"|(?<![\w\"])\"(?P<s>[^\"\n]{1,90}?)\"(?![\w])"
    r"|(?<![\w'])'(?P<q>[^'\n]{1,70}?)'(?![\w])"
    r"|(?<![\w*])\*(?P<i>[^*\n]{1,90}?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<u>[^_\n]{1,90}?)_(?![\w_])"
)

_SENTENCE_INSIDE = re.compile(r"[.!?] \S|[.!?]$")


def _valid_quoted(text: str) -> bool:
    t = text.strip().rstrip(",;")
    if not t or len(t) > 70:
        return False
    words = t.split()
    if len(words) > 9:
        return False
    first = t.lstrip("'\"(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if _SENTENCE_INSIDE.search(t.rstrip(".!?")) or t.count(",") > 1:
        return False
    low = t.lower()
    if low in COMMON_CAPS or low in OUTLETS:
        return False
    # speech: several lowercase function words and a verb-like shape
    lower_words = [w for w in words[1:] if w[:1].islower()]
    if len(words) >= 5 and len(lower_words) >= len(words) - 1 and not any(
            w.lower() in ("de", "du", "des", "la", "le", "les", "of", "the") for w in words[1:]):
        return False
    return True


# --------------------------------------------------------------------------- capitalised runs

_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0152"
_CAPWORD = rf"(?:[lLdD]')?[{_UP}][\w'\-.&+/!]{{0,30}}"
_NUMWORD = r"\d{1,4}(?=\s[A-Z\u00c0-\u00de])"
_CONN = (r"(?:of|the|and|a|an|in|on|at|to|for|with|from|by|or|vs\.?|v\.|&|de|du|des|la|le|les|et|à|au|aux|"
         r"en|pour|sur|dans|y|del|di|da|van|von|is|are|my|your|me|it|not|no|this|that|la|sa|son)")
_CAPS = re.compile(
    rf"(?<![\w'\-])(?:{_CAPWORD}|{_NUMWORD})(?:(?:\s|\s?:\s)(?:{_CONN}\s){{0,2}}(?:{_CAPWORD}|\d{{1,4}}(?![\w/])))"
    r"{0,9}"
)

_ARTICLE_CAPS = {"the", "a", "an", "le", "la", "les", "l'", "un", "une"}
_CONNECTORS = set(_CONN.strip("(?:)").split("|")) | {"vs", "vs.", "v.", "&"}

# French boundary words: a sentence-case title never runs through these.
FR_BOUNDARY = frozenset("""
a est sont sera seront était étaient va vont n' ne se s' qui que qu' dont où avec sans après avant
pendant depuis lors chez par car mais ou donc comme aussi également bien déjà encore toujours
jamais plus moins très trop ont avait avaient fait fera doit peut pourrait devrait aurait serait
reviendra revient arrive arrivera débute ce cette ces cet il elle ils elles on nous vous leur leurs
son sa ses mon ma mes notre nos votre vos y en et ou ni qui lui là ici alors puis ainsi selon
diffusée diffusé lancée lancé portée porté menée mené créée créé signée signé avec
""".split())
_FR_INTERNAL = frozenset(["de", "du", "des", "d'", "la", "le", "les", "l'", "à", "au", "aux", "pour", "sur"])
_VERBISH = re.compile(r"(?:ait|aient|era|eront|erait|ront|ra|é|ée|és|ées|ir|er|ent|ant)$")


def _is_common(tok: str) -> bool:
    t = tok.lower().strip(".,:;!?'\"")
    return t in COMMON_CAPS or t in STOP_EN or t in STOP_FR


def _tokens(text: str, base: int) -> list[tuple[int, int, str]]:
    out = []
    for m in re.finditer(r"\S+", text):
        out.append((base + m.start(), base + m.end(), m.group(0)))
    return out


def _strip_token(tok: str) -> str:
    """A token without trailing sentence punctuation (keeps M.D., Co.)."""
    t = tok
    while t and t[-1] in ",;:!?\"":
        if t[-1] == "!" and len(t) > 1 and t[-2].isalpha() and t[:-1].isalpha():
            break
        t = t[:-1]
    if t.endswith(".") and t.count(".") == 1 and len(t) > 3 and t[:-1] not in ("Co", "Jr", "Sr", "St"):
        t = t[:-1]
    if t.endswith("'s") or t.endswith("'"):
        pass
    return t


def _person_like(words: list[str]) -> bool:
    if not 2 <= len(words) <= 3:
        return False
    if any(w.lower() in _CONNECTORS for w in words):
        return False
    return words[0].lower().strip("'") in FIRST_NAMES and words[-1][:1].isupper()


def _clean_caps(norm: str, start: int, end: int, sentence_starts: set[int]) -> list[Candidate]:
    """Trim and split one capitalised run into candidate titles."""
    toks = _tokens(norm[start:end], start)
    # remove platforms and outlets inside the run; they split it
    plats = find_platforms(norm, start, end)
    pieces: list[list[tuple[int, int, str]]] = [[]]
    for a, b, t in toks:
        in_plat = any(p.start <= a < p.end or a <= p.start < b for p in plats)
        core = _strip_token(t)
        base = core[:-2] if core.endswith("'s") else core.rstrip("'")
        if in_plat or base.lower() in OUTLETS:
            pieces.append([])
            continue
        pieces[-1].append((a, a + len(core), core))
        if core != t or core.endswith("'s") or (core.endswith("'") and len(core) > 2):
            # punctuation or a possessive ends the piece unless it is a title-internal 's
            if core.endswith("'s") or core.endswith("'"):
                # split off a possessor that is a person or a platform: keep the rest
                words = [w for _, _, w in pieces[-1]]
                if len(words) >= 1 and (words[0].lower() in FIRST_NAMES or _is_common(words[0])
                                        or len(words) >= 2 and words[-2].lower() in FIRST_NAMES):
                    pieces.append([])
            elif t.endswith((",", ";", "!", "?", ".")) and not core.endswith("."):
                pieces.append([])
    out: list[Candidate] = []
    for piece in pieces:
        # split on "and The" / "et Les": a conjunction before a capitalised article
        sub: list[list[tuple[int, int, str]]] = [[]]
        for i, tok in enumerate(piece):
            w = tok[2]
            if (w.lower() in ("and", "et", "&", "or", "ou") and i + 1 < len(piece)
                    and piece[i + 1][2] in ("The", "Le", "La", "Les", "L'", "A", "Un", "Une")):
                sub.append([])
                continue
            sub[-1].append(tok)
        for toks2 in sub:
            cand = _trim(toks2, norm, sentence_starts)
            if cand is not None:
                out.append(cand)
    return out


def _trim(toks: list[tuple[int, int, str]], norm: str, sentence_starts: set[int]) -> Candidate | None:
    if not toks:
        return None
    initial = toks[0][0] in sentence_starts
    # leading common words (keep an article that introduces a non-common word)
    while toks:
        w = toks[0][2]
        lw = w.lower()
        if lw in _CONNECTORS and not w[:1].isupper():
            toks = toks[1:]
            continue
        if _is_common(w):
            if lw in _ARTICLE_CAPS and len(toks) > 1 and not _is_common(toks[1][2]) and toks[1][2][:1].isupper():
                break
            toks = toks[1:]
            initial = False if not toks else toks[0][0] in sentence_starts
            continue
        break
    # trailing connectors, common words, season words and bare numbers
    while toks:
        w = toks[-1][2]
        lw = w.lower().rstrip(".:")
        if lw in _CONNECTORS or lw in ("season", "saison", "series", "série", "part", "partie") or (
                _is_common(w) and len(toks) > 1) or (w.isdigit() and len(toks) > 1 and toks[-2][2].lower() in (
                "season", "saison", "series", "part", "partie")):
            toks = toks[:-1]
            continue
        if w.endswith(":"):
            toks[-1] = (toks[-1][0], toks[-1][1] - 1, w[:-1])
        break
    while toks and toks[-1][2].lower() in ("season", "saison", "series", "part", "partie"):
        toks = toks[:-1]
    if not toks:
        return None
    words = [t[2] for t in toks]
    if all(_is_common(w) or w.lower() in _CONNECTORS or w.isdigit() for w in words):
        return None
    if _person_like(words):
        return None
    text = norm[toks[0][0]:toks[-1][1]]
    if text.lower() in OUTLETS or len(text) < 2:
        return None
    if len(words) == 1 and (len(text) < 3 and not text.isupper()):
        return None
    return Candidate(toks[0][0], toks[-1][1], text, "caps", initial=initial)


# --------------------------------------------------------------------------- anchored forms

_FR_ANCHOR = re.compile(
    r"\b(?:la |une |cette |sa |leur |de la |d'une )?(?:mini-?série|série|saga|sitcom|fiction|collection|"
    r"comédie|dramédie|anthologie|telenovela|feuilleton)(?: [a-zàâçéèêëîïôûùüÿæœ'\-]{3,20}){0,2} "
    r"|\b(?:l'anime|l'animé|l'émission|le programme|le jeu|le show|le drame|le thriller|le polar|"
    r"le spin-off|le feuilleton|la série)(?: [a-zàâçéèêëîïôûùüÿæœ'\-]{3,20}){0,2} "
)


def fr_sentence_case_end(norm: str, low: str, start: int, first_end: int, limit: int) -> int:
    """Extend a French title that starts at ``start`` through lowercase words.

    "Section de recherches n'aura" -> "Section de recherches".
    """
    pos = first_end
    content = 0
    best = first_end
    steps = 0
    while pos < limit and steps < 6:
        steps += 1
        m = re.compile(r" ([a-zàâçéèêëîïôûùüÿæœ][a-zàâçéèêëîïôûùüÿæœ\-]{0,20}|[dl]'[a-zàâçéèêëîïôûùüÿæœ][\w\-]{0,20})").match(norm, pos)
        if not m:
            break
        w = m.group(1)
        if w in FR_BOUNDARY or w.endswith("'") or w in ("n", "s"):
            break
        if w in _FR_INTERNAL:
            pos = m.end()
            continue
        if w.startswith(("d'", "l'")):
            w2 = w[2:]
            if _VERBISH.search(w2) and len(w2) > 4:
                break
            content += 1
            pos = m.end()
            best = pos
        else:
            if _VERBISH.search(w) and len(w) > 3 and w not in ("cent", "blanche", "noire", "verte"):
                break
            content += 1
            pos = m.end()
            best = pos
        if content >= 3:
            break
    return best


# --------------------------------------------------------------------------- registry


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
        # the most common written form; ties go to the earlier, mixed-case form
        best = None
        for form, n in self.forms.most_common():
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


def find_candidates(norm: str, low: str, sentences, lang: str) -> list[Candidate]:
    """All candidate title spans of the document."""
    starts = {s.start for s in sentences}
    # also the position after a leading bullet or number
    for s in sentences:
        m = re.match(r"(?:[-\u2022*•>]|\d{1,2}[.)])\s{1,3}", norm[s.start:s.end])
        if m:
            starts.add(s.start + m.end())
    limit = sentences[-1].end if sentences else 0
    begin = sentences[0].start if sentences else 0
    cands: list[Candidate] = []
    quoted_spans: list[tuple[int, int]] = []
    for m in _QUOTES.finditer(norm, begin, limit):
        g = m.lastgroup
        text = m.group(g)
        inner_s = m.start(g)
        t = text.strip()
        lead = len(text) - len(text.lstrip())
        t = t.rstrip(",;:")
        if not _valid_quoted(t):
            continue
        a = inner_s + lead
        kind = "italic" if g in ("i", "u") else "quote"
        # a platform or outlet in quotes is not a title
        if t.lower() in OUTLETS or (find_platforms(t) and len(find_platforms(t)[0].name) >= len(t) - 2):
            continue
        cands.append(Candidate(a, a + len(t), t, kind, strong=True))
        quoted_spans.append((m.start(), m.end()))
    # capitalised runs outside quoted spans
    for m in _CAPS.finditer(norm, begin, limit):
        a, b = m.start(), m.end()
        if any(not (b <= s or a >= e) for s, e in quoted_spans):
            continue
        for c in _clean_caps(norm, a, b, starts):
            cands.append(c)
    # French anchored sentence-case titles: "la série Zone blanche a ..."
    if lang == "fr":
        for m in _FR_ANCHOR.finditer(low, begin, limit):
            p = m.end()
            if p < len(norm) and norm[p].isupper():
                w = re.match(r"[\w'\-]+", norm[p:p + 40])
                if not w:
                    continue
                first_end = p + w.end()
                e = fr_sentence_case_end(norm, low, p, first_end, limit)
                # join a capitalised continuation already found by the caps pass
                for c in cands:
                    if c.start == p and c.end > e:
                        e = c.end
                text = norm[p:e].rstrip(".,;:")
                if text.lower() in COMMON_CAPS or find_platforms(text):
                    continue
                cands.append(Candidate(p, p + len(text), text, "anchor", strong=True))
    return cands
