"""A tokenised document as chunks (the words between spaces and punctuation, with Kiwi's tags) and
the candidate spans the entity finders return."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc

from kgraph.reference import RefEntity

BREAK_TAGS = {"SP", "SF", "SSO", "SSC", "SS", "SE", "_SP", "SW", "W_EMOJI"}
ENDING_PREFIXES = ("J", "E", "VCP", "VCN", "XSV", "XSA", "VV", "VA", "VX")
QUOTES = {"‘": "’", "“": "”", "'": "'", '"': '"', "「": "」", "『": "』", "《": "》", "<": ">"}


@dataclass
class Chunk:
    """A run of text between spaces or punctuation (an eojeol), with its particles split off."""

    start: int
    end: int
    stem_end: int
    tags: list[str]
    first_tok: int

    def stem(self, text: str) -> str:
        return text[self.start:self.stem_end]

    def tail(self, text: str) -> str:
        return text[self.stem_end:self.end]


@dataclass
class Span:
    """A candidate mention."""

    start: int
    end: int
    text: str
    type: str
    ref: RefEntity | None = None
    source: str = "reference"
    title: str | None = None          # for people found with a job title
    org_span: tuple[int, int] | None = None   # the organisation next to a person's name

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class DocAnalysis:
    """A document's chunks and mentions, shared by linking and relation extraction."""

    doc: Doc
    chunks: list[Chunk]
    chunk_at: ChunkIndex              # char offset -> chunk index, for chunk starts and inside
    spans: list[Span] = field(default_factory=list)
    text: str = ""                    # doc.text, computed once (spaCy rebuilds it from every token per call)


def make_chunks(doc: Doc) -> tuple[list[Chunk], dict[int, int]]:
    """Whitespace-delimited chunks (eojeol) of tokens, with where the stem ends (before endings)."""
    words, tags, spaces = doc.user_data.get("kg_tokens") or (
        [t.text for t in doc], [t.tag_ for t in doc], [bool(t.whitespace_) for t in doc])
    chunks: list[Chunk] = []
    cur: list[int] = []
    idx: list[int] = doc.user_data.get("kg_offsets") or []
    if not idx:
        pos = 0
        for w, sp in zip(words, spaces):
            idx.append(pos)
            pos += len(w) + (1 if sp else 0)
        doc.user_data["kg_offsets"] = idx
    ending = [t.startswith(ENDING_PREFIXES) for t in tags]   # merged tags (하+었) start with their first

    def close() -> None:
        last = cur[-1]
        end = idx[last] + len(words[last])
        stem_end = end
        for i in cur[1:]:
            if ending[i]:
                stem_end = idx[i]
                break
        chunks.append(Chunk(idx[cur[0]], end, stem_end, [tags[i] for i in cur], cur[0]))
        cur.clear()

    for i, (w, tag, sp) in enumerate(zip(words, tags, spaces)):
        if tag in BREAK_TAGS or w.isspace():
            if cur:
                close()
            continue
        cur.append(i)
        if sp:
            close()
    if cur:
        close()
    return chunks, ChunkIndex(chunks)


class ChunkIndex:
    """Char offset -> index of the chunk that covers it (a binary search over chunk starts)."""

    def __init__(self, chunks: list[Chunk]):
        self.starts = [c.start for c in chunks]
        self.chunks = chunks

    def get(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i if i >= 0 and self.chunks[i].start <= pos < self.chunks[i].end else None
