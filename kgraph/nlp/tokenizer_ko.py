"""Kiwi as spaCy's Korean tokenizer, registered as `kgraph.KiwiTokenizer.v1`.

spaCy's own Korean tokenizer needs system MeCab; this one needs only kiwipiepy, whose
model ships on PyPI. Token texts rebuild the text exactly: Kiwi morphemes that overlap on a
contracted syllable (했 -> 하 + 었) are merged into one token, and a morpheme containing a
space (Kiwi keeps "샘 올트먼" whole) is split at the space. Kiwi's tags go on `token.tag_`
(merged morphemes join theirs with '+'), the stem on `token.lemma_`, and Kiwi's sentence
boundaries on `token.is_sent_start`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from types import SimpleNamespace
from typing import Any

from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from kgraph.names import HANGUL

_KIWI: dict[tuple, Any] = {}


def get_kiwi(num_workers: int = 0):
    """One Kiwi per worker count and process (loading its model takes about a second)."""
    key = (num_workers,)
    if key not in _KIWI:
        try:
            from kiwipiepy import Kiwi
        except ImportError as err:  # pragma: no cover - kiwipiepy is a hard dependency
            raise ImportError("kgraph's Korean tokenizer needs kiwipiepy: pip install kiwipiepy") from err
        # kiwipiepy >= 0.21: -1 runs in the calling thread; N > 1 starts N worker threads
        _KIWI[key] = Kiwi(num_workers=num_workers if num_workers > 1 else -1)
    return _KIWI[key]


# (two names joined by a hyphen, as in the Globex-Initech deal, are two tokens: a capitalised word of three or more
# letters on each side; Spectrum-X, GPT-4 and Wi-Fi stay whole)
_LATIN_TOKEN = re.compile(r"[A-Z][A-Za-z]{2,}(?=-[A-Z][A-Za-z]{2,}\b)|\w+(?:[-'’.&]\w+)*|[^\w\s]", re.UNICODE)
_ABBREV = {"mr", "mrs", "ms", "dr", "inc", "corp", "ltd", "co", "jr", "sr", "st", "vs", "etc", "u.s", "e.g", "i.e",
           "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_PUNCT_TAGS = {".": "SF", "!": "SF", "?": "SF", ",": "SP", ";": "SP", ":": "SP", "(": "SSO", "[": "SSO",
               "{": "SSO", ")": "SSC", "]": "SSC", "}": "SSC", "\"": "SS", "'": "SS", "“": "SSO", "”": "SSC",
               "‘": "SSO", "’": "SSC"}
_CLOSERS = {"”", "’", "\"", "'", ")", "]"}


def latin_sents(text: str, offset: int = 0) -> list:
    """Sentences with tokens for text without Hangul, in Kiwi's shape (Kiwi mangles English words).

    A sentence ends after . ! or ? (and the quotes or brackets that close it) before a capital, a digit
    or an opening quote, and at a line break before such a word or at a blank line (headlines, captions
    and paragraphs end without a full stop). `offset` is where `text` starts in the document."""
    sents, cur = [], []
    matches = list(_LATIN_TOKEN.finditer(text))
    ended = False       # a full stop was seen; closing quotes and brackets still belong to its sentence
    for i, m in enumerate(matches):
        w = m.group()
        tag = "SN" if w.isdigit() else "SL" if w[0].isalnum() or w[0] == "_" else _PUNCT_TAGS.get(w, "SW")
        cur.append(SimpleNamespace(form=w, tag=tag, start=m.start() + offset, len=len(w)))
        if i + 1 >= len(matches):
            break
        nxt = matches[i + 1].group()
        gap = text[m.end():matches[i + 1].start()]
        starter = nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "“‘(" or (nxt in ("\"", "'") and gap != "")
        if tag == "SF":
            prev = matches[i - 1].group().casefold() if i else ""
            ended = prev not in _ABBREV
        elif w not in _CLOSERS:
            ended = False
        if (ended and starter and not (w in _CLOSERS and nxt in _CLOSERS)) or \
                ("\n" in gap and (starter or re.search(r"\n\s*\n", gap))):
            sents.append(SimpleNamespace(tokens=cur))
            cur = []
            ended = False
    if cur:
        sents.append(SimpleNamespace(tokens=cur))
    return sents


_PAREN = re.compile(r"\([^()]*\)")
_LATIN2 = re.compile(r"[A-Za-z]{2}")


def is_english(text: str) -> bool:
    """Whether a sentence or paragraph is English though it may hold Hangul: under 30% of its words (outside
    parentheses) hold Hangul and its last word holds none (a Korean sentence ends in a Korean predicate), as in
    "SK Telecom (SK텔레콤) invests in Anthropic." Korean sentences put particles on their English names
    (OpenAI와), so nearly all their words hold Hangul."""
    if not HANGUL.search(text):
        return True
    parts = _PAREN.sub(" ", text).split()
    last = next((w for w in reversed(parts) if any(c.isalnum() for c in w)), None)
    if last is None or HANGUL.search(last):
        return False        # most Korean sentences end here (before every word is looked at): a Korean predicate
    words = [w for w in parts if any(c.isalnum() for c in w)]
    if len(words) < 3:
        return False
    ko = sum(1 for w in words if HANGUL.search(w))
    latin = sum(1 for w in words if _LATIN2.search(w) and not HANGUL.search(w))
    return latin >= 3 and ko / len(words) < 0.3


def _mixed(text: str, sents) -> list:
    """Kiwi's sentences with the English paragraphs of a Korean text (a line of four or more words that
    is_english) split and tokenised as English instead: Kiwi neither splits nor tokenises English well."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if HANGUL.search(line) and is_english(line) and len(line.split()) >= 4:
            lead = len(line) - len(line.lstrip())
            spans.append((m.start() + lead, m.end()))
    if not spans:
        return sents
    inside = lambda pos: any(a <= pos < b for a, b in spans)    # noqa: E731
    out = []
    for sent in sents:
        kept = [t for t in sent.tokens if not inside(t.start)]
        if kept:
            out.append(SimpleNamespace(tokens=kept))
    for a, b in spans:
        out += latin_sents(text[a:b], a)
    return sorted(out, key=lambda x: x.tokens[0].start)


def _merge(tokens) -> list[tuple[int, int, str, str]]:
    """(start, end, tags, lemma) spans: overlapping morphemes merged, spans never overlap.

    Adjacent Latin pieces (Kiwi sometimes cuts an English word in two) are joined too.
    """
    spans: list[list] = []
    for t in tokens:
        s, e = t.start, t.start + t.len
        if e <= s:
            continue
        if spans and s == spans[-1][1] and t.tag == "SL" and spans[-1][2] == "SL":
            spans[-1][1] = e
            spans[-1][3] += t.form
        elif spans and s < spans[-1][1]:
            last = spans[-1]
            last[1] = max(last[1], e)
            last[2] += "+" + t.tag
        else:
            spans.append([s, e, t.tag, t.form])
    return [tuple(x) for x in spans]


def build_doc(vocab: Vocab, text: str, sents) -> Doc:
    """A spaCy Doc from Kiwi's sentences (each with its tokens)."""
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    lemmas: list[str] = []
    starts: list[bool] = []
    pos = 0

    def add(piece_start: int, piece_end: int, tag: str, lemma: str, sent_start: bool) -> None:
        nonlocal pos
        if piece_start > pos:   # characters Kiwi left out: whitespace goes on spaces, the rest is a token
            gap = text[pos:piece_start]
            lead = gap.strip()
            if lead:
                for chunk in gap.split():
                    cstart = text.index(chunk, pos)
                    add(cstart, cstart + len(chunk), "SW", chunk, False)
                if pos < piece_start:
                    _space(piece_start)
            else:
                _space(piece_start)
        words.append(text[piece_start:piece_end])
        tags.append(tag)
        lemmas.append(lemma)
        spaces.append(False)
        starts.append(sent_start)
        pos = piece_end

    def _space(until: int) -> None:
        nonlocal pos
        gap = text[pos:until]
        if not gap:
            return
        if words and not spaces[-1] and gap[0] == " ":
            spaces[-1] = True
            gap = gap[1:]
        if gap:   # other whitespace (newlines, several spaces) becomes a whitespace token
            words.append(gap)
            tags.append("_SP")
            lemmas.append(gap)
            spaces.append(False)
            starts.append(False)
        pos = until

    for sent in sents:
        first = True
        for s, e, tag, lemma in _merge(sent.tokens):
            if s < pos:       # never go backwards
                s = pos
                if s >= e:
                    continue
            piece = text[s:e]
            # a morpheme with inner whitespace becomes one token per word, same tag
            offset = s
            for i, chunk in enumerate(piece.split()):
                cs = text.index(chunk, offset)
                add(cs, cs + len(chunk), tag, lemma if chunk == piece else chunk, first)
                first = False
                offset = cs + len(chunk)
    if pos < len(text):
        tail = text[pos:]
        if tail.strip():
            for chunk in tail.split():
                cs = text.index(chunk, pos)
                add(cs, cs + len(chunk), "SW", chunk, False)
        _space(len(text))
    if not words:
        return Doc(vocab, words=[], spaces=[])
    doc = Doc(vocab, words=words, spaces=spaces, tags=tags, lemmas=lemmas,
              sent_starts=[True if i == 0 else st for i, st in enumerate(starts)])
    doc.user_data["kg_text"] = text     # spaCy's doc.text rebuilds the string from every token on each call
    doc.user_data["kg_tokens"] = (words, tags, spaces)   # plain lists: reading them is far cheaper than Tokens
    doc.user_data["kg_lemmas"] = lemmas
    return doc


class KiwiTokenizer:
    """spaCy tokenizer backed by Kiwi; `pipe` sends whole lists to Kiwi with worker threads."""

    def __init__(self, vocab: Vocab, num_workers: int = 0):
        self.vocab = vocab
        self.num_workers = num_workers

    def __call__(self, text: str) -> Doc:
        if not HANGUL.search(text):
            return build_doc(self.vocab, text, latin_sents(text))
        return build_doc(self.vocab, text, _mixed(text, get_kiwi(0).split_into_sents(text, return_tokens=True)))

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        """Docs for many texts; Korean ones go to Kiwi as one list with `num_workers` threads."""
        texts = list(texts)
        if self.num_workers <= 1 or len(texts) < 2:
            yield from (self(t) for t in texts)
            return
        korean = [bool(HANGUL.search(t)) for t in texts]
        # Kiwi's workers analyse ahead while the rest of the pipeline works on the documents already
        # yielded, so tokenizing and the rule components overlap instead of running one after the other.
        analysed = iter(get_kiwi(self.num_workers).split_into_sents(
            [t for t, ko in zip(texts, korean) if ko], return_tokens=True))
        for text, ko in zip(texts, korean):
            sents = _mixed(text, next(analysed)) if ko else latin_sents(text)
            yield build_doc(self.vocab, text, sents)

    # spaCy serialises tokenizers with the pipeline; Kiwi has no state of ours to save.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> KiwiTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> KiwiTokenizer:
        return self


@registry.tokenizers("kgraph.KiwiTokenizer.v1")
def create_kiwi_tokenizer(num_workers: int = 0):
    """Factory used in the config: [nlp.tokenizer] @tokenizers = "kgraph.KiwiTokenizer.v1"."""

    def make(nlp) -> KiwiTokenizer:
        return KiwiTokenizer(nlp.vocab, num_workers=num_workers)

    return make
