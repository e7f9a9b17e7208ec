"""Duplicate texts: the hash of exact copies, MinHash signatures and LSH band keys.

A syndicated copy (other page furniture, another headline, a sentence added or cut)
shares most of its word 5-grams with the original; two outlets' own articles on the
same news share few. Each stored article keeps its signature and one index row per
band, so a lookup is an indexed equality query whose cost does not grow with the
number of stored articles.
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct

NUM_PERM = 128
BANDS = 64
ROWS_PER_BAND = NUM_PERM // BANDS  # 2 rows: texts with Jaccard >= 0.3 meet in a band with p > 0.99
SHINGLE_WORDS = 5
MIN_SHINGLES = 30  # shorter texts are too small for a meaningful resemblance
NEAR_DUPLICATE_JACCARD = 0.4  # distinct articles on one topic stay below 0.1
SEED = 1
SCHEME = "affine32"  # datasketch's hashing of the permutations: stored signatures depend on it
_WORD = re.compile(r"\w+")


def text_hash(text: str) -> str:
    """The hash of a text with its whitespace folded: equal for exact copies. (split()
    splits at exactly the characters a regular expression's \\s matches, faster.)"""
    folded = " ".join(text.split()).lower()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def shingles(text: str) -> set[bytes]:
    """The text's word SHINGLE_WORDS-grams."""
    words = _WORD.findall(text.lower())
    grams = zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)  # the shorter tails end it
    return {" ".join(gram).encode("utf-8") for gram in grams}


def signature(text: str) -> bytes | None:
    """The MinHash signature of a text (None when the text is too short to compare)."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    from datasketch import MinHash  # imported here: the package pulls in scipy (~0.6 s at start-up)

    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch(list(grams))
    return minhash.hashvalues.astype("<u4").tobytes()


@functools.cache
def _permutations():
    """The permutations of (NUM_PERM, SEED), drawn once per process: drawing them for
    each text cost a fifth of a signature (0.2 ms)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def band_keys(sig: bytes) -> list[tuple[int, int]]:
    """(band number, 63-bit hash of that band's rows) for each LSH band."""
    keys = []
    width = ROWS_PER_BAND * 4
    for band in range(BANDS):
        digest = hashlib.blake2b(sig[band * width : (band + 1) * width], digest_size=8).digest()
        keys.append((band, struct.unpack("<q", digest)[0] >> 1))
    return keys


def closest(sig: bytes, others: list[bytes]) -> tuple[int, float]:
    """(index, estimated Jaccard resemblance) of the signature in `others` closest to
    `sig`, compared all at once; (-1, 0.0) when none has the same length."""
    import numpy as np  # imported here: a crawl that stores nothing (the incremental case) starts faster

    mine = np.frombuffer(sig, dtype="<u4")
    comparable = [index for index, other in enumerate(others) if len(other) == len(sig)]
    if not comparable:
        return -1, 0.0
    rows = np.frombuffer(b"".join(others[index] for index in comparable), dtype="<u4").reshape(len(comparable), -1)
    scores = np.count_nonzero(rows == mine, axis=1)
    best = int(np.argmax(scores))
    return comparable[best], float(scores[best]) / len(mine)


def similarity(first: bytes, second: bytes) -> float:
    """The Jaccard resemblance of two texts, estimated from their signatures."""
    return closest(first, [second])[1]
