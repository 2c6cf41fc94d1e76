"""MinHash signatures of texts and the LSH index over them, for finding syndicated copies
(kgraph/ingest/dedupe.py): normalised text, character shingles, datasketch's MinHash, the stored form
of a signature, and CopyIndex."""
from __future__ import annotations

import base64
import hashlib
import re
import unicodedata

import numpy as np

THRESHOLD = 0.5        # estimated Jaccard of two texts' shingle sets from which one is a copy (README)
NUM_PERM = 128         # MinHash permutations: the estimate's standard error is at most 0.044
SEED = 1               # datasketch's permutations depend on it: stored signatures are compared as they are
SHINGLE = 7            # characters per shingle, counted after spaces and punctuation are removed
SHORT_LINE = 40        # lines shorter than this (titles, bylines, datelines, share buttons) are left out
HASHING = "affine32"   # datasketch's permutation scheme (2.0): 32-bit hash values
SCHEME = f"minhash-v1-{HASHING}-k{SHINGLE}-p{NUM_PERM}-s{SEED}"   # what a stored signature was made with
MIN_CHARS = 200        # texts shorter than this (normalised) are never taken for copies: too few shingles
LSH_THRESHOLD = 0.3    # from this threshold up, LSH bands of 3 rows find nearly every candidate (CopyIndex)

_NOT_WORD = re.compile(r"[\W_]+")


def normalised(text: str) -> str:
    """The text that shingles are made of: NFKC, lower case, lines shorter than SHORT_LINE left out
    (unless that leaves too little), then every character that is not a letter or a digit removed,
    so that whitespace, punctuation, quotes and line breaks do not tell copies apart. Korean needs
    no word boundaries for this: shingles are runs of characters."""
    text = unicodedata.normalize("NFKC", text).lower()
    lines = [line.strip() for line in text.splitlines()]
    long = [line for line in lines if len(line) >= SHORT_LINE]
    kept = long if sum(map(len, long)) >= SHORT_LINE * 4 else lines
    return _NOT_WORD.sub("", "".join(kept))


def shingles(text: str) -> set[bytes]:
    """The set of SHINGLE-character runs of the normalised text (one run for a shorter text)."""
    return {run.encode("utf-8") for run in _runs(normalised(text))}


def _runs(flat: str) -> set[str]:
    if len(flat) <= SHINGLE:
        return {flat} if flat else set()
    return {flat[i:i + SHINGLE] for i in range(len(flat) - SHINGLE + 1)}


def jaccard(a: str, b: str) -> float:
    """The exact Jaccard similarity of two texts' shingle sets (what the signatures estimate)."""
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y) if x or y else 1.0


class Signature:
    """A text's MinHash: NUM_PERM 32-bit hash values, the values of datasketch's MinHash with
    num_perm=NUM_PERM, seed=SEED, scheme=HASHING over the same shingles (a test compares them), made
    here without datasketch, whose import (it loads scipy) cost 0.3 s of each process's start."""

    __slots__ = ("hashvalues",)
    seed = SEED
    scheme = HASHING

    def __init__(self, hashvalues: np.ndarray):
        self.hashvalues = hashvalues

    def __len__(self) -> int:
        return len(self.hashvalues)

    def jaccard(self, other) -> float:
        """The estimated Jaccard similarity: the share of hash values the two signatures agree on."""
        if len(other.hashvalues) != len(self.hashvalues):
            raise ValueError(f"signatures of {len(self.hashvalues)} and {len(other.hashvalues)} values do not compare")
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / len(self.hashvalues)


# datasketch's affine32 permutations h -> a * h + b (mod 2^32) for SEED, drawn as it draws them (odd a)
_random = np.random.RandomState(SEED)
_A = _random.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
_B = _random.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
_EMPTY = np.full(NUM_PERM, (1 << 32) - 1, dtype=np.uint32)     # the signature of no shingle
del _random


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which datasketch's affine32 scheme applies to each input hash
    before the permutations (uint32 arithmetic wraps around, as meant)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signature(text: str) -> Signature:
    """The MinHash of a text's shingles: the hash values datasketch's MinHash(num_perm=NUM_PERM,
    seed=SEED, scheme=HASHING).update_batch(shingles) gives (a test compares them), made with numpy
    from the shingles' SHA-1 prefixes: half the time of update_batch, which calls a Python hash
    function per shingle and converts its integers one by one."""
    runs = _runs(normalised(text))
    values = _EMPTY.copy()
    if runs:
        sha1 = hashlib.sha1
        first4 = b"".join([sha1(run.encode("utf-8")).digest()[:4] for run in runs])   # datasketch's sha1_hash32
        hv = _fmix32(np.frombuffer(first4, dtype="<u4").astype(np.uint32))
        values = (np.multiply.outer(hv, _A) + _B).min(axis=0)
    return Signature(values)


def encode(sig: Signature) -> str:
    """A signature as the literal stored in a document's graph: the scheme, then the hash values
    (32-bit, little-endian) in base64. A stored signature of another scheme is made again."""
    values = np.asarray(sig.hashvalues, dtype="<u4")
    return SCHEME + ":" + base64.b64encode(values.tobytes()).decode("ascii")


def decode(text: str) -> Signature | None:
    """A stored signature, or None when it was made with another scheme (or is damaged)."""
    scheme, _, data = str(text).partition(":")
    if scheme != SCHEME:
        return None
    try:
        values = np.frombuffer(base64.b64decode(data, validate=True), dtype="<u4").astype(np.uint32)
    except ValueError:
        return None
    if len(values) != NUM_PERM:
        return None
    return Signature(values)


class CopyIndex:
    """The signatures of the stored documents and of those this run has accepted so far, by IRI, with
    an LSH index over them: the signature is cut into bands of `rows` hash values, and two documents
    sharing one band are candidates. With 3 rows (42 bands) a pair at similarity 0.5 is a candidate
    with probability 0.996, at 0.05 (distinct articles) 0.005; lower thresholds take fewer rows.
    The bands are those of datasketch's MinHashLSH with params=(42, 3) (a test checks the candidates
    are the same), whose insert costs about 220 us a signature: the stored signatures, read at the
    start of an ingest, are indexed at once instead, as sorted arrays of band keys (numpy), and the
    documents of the run in a dict of buckets."""

    def __init__(self, threshold: float = THRESHOLD):
        if not 0 < threshold <= 1:
            raise ValueError(f"a copy threshold must be above 0 and at most 1, not {threshold}")
        self.threshold = threshold
        self.rows = 3 if threshold >= LSH_THRESHOLD else 2 if threshold >= 0.12 else 1
        self.signatures: dict[str, Signature] = {}
        self.keys: dict[str, list[int]] = {}                       # IRI -> its band keys (in buckets)
        self.buckets: list[dict[int, list[str]]] = [{} for _ in range(NUM_PERM // self.rows)]
        self.frozen: list[str] = []                     # row -> IRI of the signatures indexed at once
        self.live: dict[str, int] = {}                  # IRI -> its row there, while it holds
        self.sorted_keys = self.sorted_rows = np.zeros((NUM_PERM // self.rows, 0), dtype=np.uint64)

    def __len__(self) -> int:
        return len(self.signatures)

    def add(self, iri: str, sig: Signature) -> None:
        self.add_many([iri], [sig])

    def add_many(self, iris: list[str], sigs: list[Signature]) -> None:
        if not iris:
            return
        for iri in iris:
            self.discard(iri)
        keys = band_keys(np.stack([s.hashvalues for s in sigs]), self.rows)
        if not self.signatures and not self.frozen and len(iris) == len(set(iris)):
            order = np.argsort(keys, axis=0, kind="stable")        # per band, rows by key
            self.sorted_keys = np.take_along_axis(keys, order, axis=0).T.copy()
            self.sorted_rows = order.T.copy()
            self.frozen = list(iris)
            self.live = {iri: i for i, iri in enumerate(iris)}
            self.signatures.update(zip(iris, sigs))
            return
        for iri, sig, row in zip(iris, sigs, keys.tolist()):
            self.signatures[iri] = sig
            self.keys[iri] = row
            for bucket, key in zip(self.buckets, row):
                bucket.setdefault(key, []).append(iri)

    def discard(self, iri: str) -> None:
        if self.signatures.pop(iri, None) is None:
            return
        if self.live.pop(iri, None) is not None:
            return
        for bucket, key in zip(self.buckets, self.keys.pop(iri)):
            found = bucket[key]
            found.remove(iri)
            if not found:
                del bucket[key]

    def candidates(self, sig: Signature) -> set[str]:
        """The documents that share at least one band with `sig`."""
        out: set[str] = set()
        mine = band_keys(sig.hashvalues[None, :], self.rows)[0]
        for band, (bucket, key) in enumerate(zip(self.buckets, mine.tolist())):
            out.update(bucket.get(key, ()))
            keys = self.sorted_keys[band]
            lo, hi = np.searchsorted(keys, mine[band], "left"), np.searchsorted(keys, mine[band], "right")
            for row in self.sorted_rows[band, lo:hi].tolist():
                if self.live.get(self.frozen[row]) == row:
                    out.add(self.frozen[row])
        return out

    def best(self, sig: Signature, exclude: str | None = None) -> tuple[str, float] | None:
        """The most similar indexed document at or above the threshold, with its similarity; the
        whole-signature estimate decides, not the LSH band that found the candidate."""
        found = None
        for iri in sorted(self.candidates(sig)):
            if iri == exclude:
                continue
            similarity = sig.jaccard(self.signatures[iri])
            if similarity >= self.threshold and (found is None or similarity > found[1]):
                found = (iri, similarity)
        return found


def band_keys(values: np.ndarray, rows: int) -> np.ndarray:
    """Signatures' hash values (n, NUM_PERM) as LSH band keys (n, NUM_PERM // rows): each band's
    `rows` values folded into one 64-bit number (two bands that differ may share a key once in 2^64
    times: one more candidate, which the estimate then turns down)."""
    bands = NUM_PERM // rows
    v = np.asarray(values, dtype=np.uint64)[:, :bands * rows].reshape(len(values), bands, rows)
    keys = v[:, :, 0].copy()
    for i in range(1, rows):
        keys = keys * np.uint64(0x9E3779B97F4A7C15) + v[:, :, i]      # wraps around, as meant
    return keys
