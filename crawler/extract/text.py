"""Text normalisation and bounded segmentation.

Everything here keeps character offsets: the normalised text has exactly the
same length as the input, so a span found in it is a span of the original
text (evidence must be an exact substring of the source).
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass

# Hard caps that bound the work on hostile or huge inputs.
MAX_CHARS = 60_000  # only the head of a longer text is analysed
MAX_SENTENCE_CHARS = 700  # longer runs are cut into chunks
MAX_SENTENCES = 800

# One-to-one character mapping (length preserving).
_TRANSLATION = {
    "\u2019": "'",  # right single quote / apostrophe
    "\u2018": "'",  # left single quote
    "\u02bc": "'",
    "\u00b4": "'",
    "\u2032": "'",
    "`": "'",
    "\u201c": "\u201c",  # keep curly doubles: they are directional
    "\u201d": "\u201d",
    "\u201e": "\u201c",
    "\u00ab": "\u00ab",
    "\u00bb": "\u00bb",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u2007": " ",
    "\u200a": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\t": " ",
    "\r": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u1d49": "e",  # superscript e in 12ᵉ
    "\u00e8": "\u00e8",
}
_TABLE = str.maketrans({k: v for k, v in _TRANSLATION.items() if len(v) == 1})


_PAIRS = tuple((k, v) for k, v in _TRANSLATION.items() if len(v) == 1 and k != v)


def normalise(text: str) -> str:
    """Map typographic variants to plain characters, keeping the length."""
    for k, v in _PAIRS:
        if k in text:
            text = text.replace(k, v)
    return text


def lower_same_length(text: str) -> str:
    """Lower-case ``text`` without changing its length."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_DATE_LINE = re.compile(r"\s{0,40}date\s{1,5}(\d{4})-(\d{2})(?:-(\d{2}))?(?![\d-])")


def leading_date_line(text: str) -> tuple[int, datetime.date | None, str]:
    """Return (offset after the line, its date, precision) for a leading ``date`` line."""
    m = _DATE_LINE.match(text)
    if not m:
        return 0, None, ""
    year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
    try:
        if day:
            return m.end(), datetime.date(year, month, int(day)), "day"
        return m.end(), datetime.date(year, month, 1), "month"
    except ValueError:
        return m.end(), None, ""


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    line: int  # index of the source line
    block: int  # index of the paragraph (blank-line separated)
    heading: bool = False  # a short line without final punctuation
    question: bool = False
    first_of_line: bool = False


# Abbreviations whose final dot does not end a sentence.
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "vs",
    "jr",
    "sr",
    "co",
    "inc",
    "ltd",
    "no",
    "vol",
    "jan",
    "feb",
    "mar",
    "apr",
    "aug",
    "sept",
    "sep",
    "oct",
    "nov",
    "dec",
    "mme",
    "mlle",
    "m",
    "p",
    "pp",
    "ep",
    "éd",
    "ed",
    "etc",
    "cf",
    "av",
    "bd",
    "ste",
    "gen",
    "lt",
    "col",
    "prof",
    "rev",
    "u.s",
    "u.k",
    "approx",
    "min",
    "env",
    "fig",
    "bros",
    "corp",
    "dept",
    "est",
    "feat",
    "ft",
}

_SENT_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u00bb)]{0,2}(?=\s{1,20}\S)")


_LETTERS_OR_DOTS = re.compile(r"(?:[^\W\d_]|\.){1,13}")


# a dot after a word longer than every abbreviation closes none: most sentence ends
_LONGER_THAN_ABBREVIATIONS = max(map(len, _ABBREVIATIONS)) + 1


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the dot at ``dot`` closes an abbreviation or an initial."""
    # the run of letters and dots that ends at the dot, read backwards
    m = _LETTERS_OR_DOTS.match(text[max(0, dot - 13) : dot][::-1])
    if not m:
        return False
    word = m.group()[::-1]
    if len(word) > 12:
        return False
    if len(word) == 1 and word.isupper():  # initials: J. R. R.
        return True
    if word.lower() in ("a.m", "p.m"):
        return False  # "at 8 p.m. The show..." (the next word must still look like a sentence start)
    if "." in word:  # M.D, U.S, A.P
        return True
    return word.lower() in _ABBREVIATIONS


# what may open a sentence besides a capital or a digit
_SENTENCE_OPENERS = "\"'\u201c\u00ab(*_[-\u2022"


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` in chunks of at most MAX_SENTENCE_CHARS, cut at a space when possible."""
    out = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence spans of one line ``text[start:end]`` (absolute offsets)."""
    spans: list[tuple[int, int]] = []
    cur = start
    for m in _SENT_END.finditer(text, start, end):
        dot = m.start()
        if (
            text[dot] == "."
            # a dot after a word longer than every abbreviation ends a sentence: the common
            # case, told without the abbreviation lookup
            and not (dot >= _LONGER_THAN_ABBREVIATIONS and text[dot - _LONGER_THAN_ABBREVIATIONS : dot].isalpha())
            and _is_abbreviation(text, dot)
        ):
            continue
        # the next visible character must look like a sentence start (the pattern's
        # look-ahead guarantees one before the line end)
        k = m.end()
        while text[k] == " ":
            k += 1
        nxt = text[k]
        if not (nxt.isupper() or nxt.isdigit() or nxt in _SENTENCE_OPENERS):
            continue
        spans.append((cur, m.end()))
        cur = k
    spans.append((cur, end))
    if end - start > MAX_SENTENCE_CHARS:
        return [piece for a, b in spans for piece in _cut_long(text, a, b)]
    return spans


def segment(text: str, start: int = 0) -> list[Sentence]:
    """Split ``text[start:]`` into sentences, tracking lines and paragraphs."""
    sentences: list[Sentence] = []
    n = min(len(text), MAX_CHARS)
    pos = start
    block = 0
    blank_run = False
    for line_no, raw in enumerate(text[start:n].split("\n")):
        line_start = pos
        pos += len(raw) + 1
        stripped = raw.strip(" \t")
        if not stripped:
            if not blank_run and sentences:
                block += 1
            blank_run = True
            continue
        blank_run = False
        s = line_start + (len(raw) - len(raw.lstrip(" \t")))
        e = s + len(stripped)
        core = stripped.rstrip("*_ \"'\u201d\u00bb")
        is_heading = core[-1:] not in (".", "!", "?", ":", ";", ",", "\u2026") and stripped.count(" ") + 1 <= 14
        first = True
        for a, b in _line_spans(text, s, e):
            visible = b
            while visible > a and text[visible - 1].isspace():
                visible -= 1
            question = text.find("?", max(a, visible - 3), visible) >= 0  # a question mark ends it
            sentences.append(Sentence(a, b, line_no, block, is_heading and first and b == e, question, first))
            first = False
            if len(sentences) >= MAX_SENTENCES:
                return sentences
    return sentences


def anchor_windows(
    low: str,
    start: int,
    end: int,
    words,
    before: int,
    after: int,
    extra: list[int] | None = None,
    spans: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """Merged windows around every occurrence of ``words`` in ``low[start:end]``.

    Expensive patterns then only run inside these small windows; the search
    for the anchors is plain substring search.  With ``spans`` (sorted, disjoint),
    only the anchors inside a span count and their windows stay inside it.
    """
    points: list[int] = list(extra or ())
    for w in words:
        i = low.find(w, start, end)
        while i >= 0:
            points.append(i)
            i = low.find(w, i + len(w), end)
    if not points:
        return []
    points.sort()
    out: list[tuple[int, int]] = []
    if spans is not None:
        starts = [a for a, _ in spans]
        for p in points:
            k = bisect.bisect_right(starts, p) - 1
            if k < 0 or p >= spans[k][1]:
                continue
            sa, sb = spans[k]
            a, b = max(sa, p - before), min(sb, p + after)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out
    for p in points:
        a, b = max(start, p - before), min(end, p + after)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def trie_regex(words) -> str:
    """A regular expression matching any of ``words``, written as a trie.

    At each position the engine follows one branch per character instead of
    trying every word: the scan stays fast with hundreds of words.
    """
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node) -> str:
        alts = []
        end = False
        for ch, sub in sorted(node.items()):
            if ch == "":
                end = True
                continue
            alts.append(re.escape(ch) + emit(sub))
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")" if len(alts) > 1 else alts[0]
        return "(?:" + body + ")?" if end else body

    return emit(root)


_LOOKBEHIND = r"\(\?<!(?:[^()\\]|\\.)*\)"
_LEADING_LOOKBEHINDS = re.compile(rf"(?:{_LOOKBEHIND})*")
_ONE_LOOKBEHIND = re.compile(_LOOKBEHIND)


def at_word_start(alternation: str) -> str:
    r"""``\b(?:alternation)`` grouped by first letter, for a faster scan.

    At each word start the engine tries the alternatives one after the other; grouped
    under their first letter, it tries only those that begin with the letter there. The
    order of the alternatives that share a letter is kept, so the same one matches.
    Every alternative must start with a letter (look-behinds before it are moved after
    it, and include it).
    """
    groups: dict[str, list[str]] = {}
    for alternative in _top_level_alternatives(alternation):
        behinds = _LEADING_LOOKBEHINDS.match(alternative).group(0)
        rest = alternative[len(behinds) :]
        first = rest[:1]
        if not first.isalpha() or rest[1:2] in ("?", "*", "+", "{"):
            raise ValueError(f"an alternative must start with a letter: {alternative!r}")
        moved = "".join(f"{behind[:-1]}{first})" for behind in _ONE_LOOKBEHIND.findall(behinds))
        groups.setdefault(first, []).append(moved + rest[1:])
    branches = (
        first + (tails[0] if len(tails) == 1 else "(?:" + "|".join(tails) + ")") for first, tails in groups.items()
    )
    return r"\b(?:" + "|".join(branches) + ")"


def _top_level_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at the ``|`` outside groups and character classes."""
    parts, depth, in_class, begin, i = [], 0, False, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[begin:i])
            begin = i + 1
        i += 1
    parts.append(pattern[begin:])
    return parts


_ASCII_WORD_TABLE = bytes(
    c if (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 or c == 95) else 32 for c in range(256)
)


def ascii_words_among(words: frozenset[bytes], text: str, start: int = 0, end: int | None = None) -> list[str]:
    """Which of ``words`` (ASCII, as bytes) are words of ``text[start:end]``: maximal runs
    of ASCII letters, digits and '_' (any other character separates words, an accented
    letter too).

    A fast presence test: bytes translation and split run in C, and the split is
    intersected as it is, without building a set of all the words.
    """
    seg = text[start:end] if (start or end is not None) else text
    found = words.intersection(seg.encode("utf-8", "surrogatepass").translate(_ASCII_WORD_TABLE).split())
    return [w.decode("ascii") for w in found]


_LETTER_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿæœ']+")


def stopword_counts(low: str, limit: int) -> tuple[int, int]:
    """(French, English) stopwords among the words of ``low[:limit]`` (lower-cased text)."""
    from .lexicon import STOP_EN, STOP_FR

    words = _LETTER_WORD.findall(low, 0, limit)
    return sum(map(STOP_FR.__contains__, words)), sum(map(STOP_EN.__contains__, words))


def detect_language(text: str, limit: int = 2000) -> str | None:
    """ "fr", "en" or None: which stopwords dominate the first ``limit`` characters.

    None when the text holds too few of them to tell (fewer than three, or a tie).
    """
    if not isinstance(text, str) or not text:
        return None
    fr, en = stopword_counts(text[:limit].lower(), limit)
    if fr + en < 3 or fr == en:
        return None
    return "fr" if fr > en else "en"


def word_hits(low: str, spans: list[tuple[int, int]], words) -> list[tuple[int, str]]:
    """Every occurrence (position, word) of ``words`` inside ``spans``, sorted.

    The words present are found first on the joined spans (one substring test per
    word, in C), then only those are located.
    """
    joined = "\x00".join(low[a:b] for a, b in spans)
    present = [w for w in words if w in joined]
    if not present:
        return []
    out = []
    for a, b in spans:
        for w in present:
            i = low.find(w, a, b)
            while i >= 0 and i + len(w) <= b:
                out.append((i, w))
                i = low.find(w, i + 1, b)
    out.sort()
    return out


def reverse_pattern(pattern: str, flags: int = 0) -> re.Pattern:
    """A pattern that matches, at the start of a reversed string, what ``pattern``
    (anchored with ``$`` at its end) finds at the end of the string.

    ``bool(rx.search(s)) == bool(reverse_pattern(rx.pattern).match(s[::-1]))`` for the
    end-anchored "what comes before" patterns: a search that tries every start
    becomes a single match at the start of the reversed text.  Only existence is
    preserved (groups are not); look-behinds become look-aheads and vice versa.
    """
    from re import _constants as K
    from re import _parser as P

    def cls(items) -> str:
        out = []
        for op, av in items:
            if op is K.NEGATE:
                out.insert(0, "^")
            elif op is K.LITERAL:
                out.append(re.escape(chr(av)))
            elif op is K.RANGE:
                out.append(re.escape(chr(av[0])) + "-" + re.escape(chr(av[1])))
            elif op is K.CATEGORY:
                out.append(
                    {
                        K.CATEGORY_WORD: r"\w",
                        K.CATEGORY_NOT_WORD: r"\W",
                        K.CATEGORY_SPACE: r"\s",
                        K.CATEGORY_NOT_SPACE: r"\S",
                        K.CATEGORY_DIGIT: r"\d",
                        K.CATEGORY_NOT_DIGIT: r"\D",
                    }[av]
                )
            else:
                raise ValueError(f"unsupported class item {op}")
        return "[" + "".join(out) + "]"

    def rev(seq) -> str:
        return "".join(item(op, av) for op, av in reversed(list(seq)))

    def item(op, av) -> str:
        if op is K.LITERAL:
            return re.escape(chr(av))
        if op is K.NOT_LITERAL:
            return "[^" + re.escape(chr(av)) + "]"
        if op is K.IN:
            return cls(av)
        if op is K.ANY:
            return "."
        if op is K.BRANCH:
            return "(?:" + "|".join(rev(alt) for alt in av[1]) + ")"
        if op is K.SUBPATTERN:
            _group, add, dele, sub = av
            if dele:
                raise ValueError("unsupported flags")
            prefix = "(?i:" if add & re.IGNORECASE else "(?:"
            return prefix + rev(sub) + ")"
        if op in (K.MAX_REPEAT, K.MIN_REPEAT):
            lo, hi, sub = av
            hi_s = "" if hi is K.MAXREPEAT else str(hi)
            return "(?:" + rev(sub) + "){" + str(lo) + "," + hi_s + "}"
        if op is K.AT:
            return {
                K.AT_END: r"\A\n?",
                K.AT_END_STRING: r"\A",
                K.AT_BEGINNING: r"\Z",
                K.AT_BEGINNING_STRING: r"\Z",
                K.AT_BOUNDARY: r"\b",
                K.AT_NON_BOUNDARY: r"\B",
            }[av]
        if op in (K.ASSERT, K.ASSERT_NOT):
            direction, sub = av
            neg = op is K.ASSERT_NOT
            if direction == 1:  # a look-ahead reads, reversed, behind
                return ("(?<!" if neg else "(?<=") + rev(sub) + ")"
            return ("(?!" if neg else "(?=") + rev(sub) + ")"
        raise ValueError(f"unsupported operator {op}")

    parsed = P.parse(pattern, flags)
    return re.compile(rev(parsed.data), flags & re.IGNORECASE)


class EndPattern:
    """An end-anchored pattern (``...$``) on short "text before" strings: ``search``
    tells whether it matches at the end, with one match on the reversed string
    instead of a try at every position."""

    __slots__ = ("pattern", "_rev")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        re.compile(pattern, flags)  # validate
        self.pattern = pattern
        self._rev = reverse_pattern(pattern, flags)

    def search(self, text: str) -> bool:
        return self._rev.match(text[::-1]) is not None
