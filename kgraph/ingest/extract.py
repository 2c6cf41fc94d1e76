"""Extraction as a map over documents: each document in, its named graph out as text.

`extract_documents` is what every worker runs, in kgraph's own worker processes, on a Dask
cluster, or in a Spark or Ray map: it needs no store. Its result for a document holds the
document graph as N-Triples (one line a triple; `nquads()` names the graph), and what the
document adds to the derived facts graph, so that the one process that writes the store only
concatenates text and sums counts.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from kgraph.errors import LoadError
from kgraph.model import Document, Extraction
from kgraph.rdf import facts_add
from kgraph.rdf.build import document_triples
from kgraph.rdf.ntriples import serialize as ntriples


@dataclass
class DocumentQuads:
    """One document's named graph, extracted: N-Triples text plus its facts-graph statements."""

    key: str                        # the document's name (file name, or file.jsonl#id)
    iri: str                        # its graph
    ntriples: str                   # the graph's triples, one line each
    facts: dict = field(default_factory=dict)       # fact key -> FactSummary (facts_add.statements)
    entities: dict = field(default_factory=dict)    # entity IRI -> EntityNews
    entity_count: int = 0
    relation_count: int = 0
    triple_count: int = 0

    def nquads(self) -> str:
        """The graph as N-Quads: each triple line with the document's IRI as its graph."""
        g = f" <{self.iri}> .\n"
        return "".join(line[:-2] + g for line in self.ntriples.splitlines(keepends=True))


@dataclass
class ExtractionFailure:
    """A document the extractor could not read; the message says why. `timed_out`: it ran past the
    time budget of one document (--doc-timeout) and was skipped."""

    key: str
    message: str
    timed_out: bool = False


def failure_error(doc: Document, failure: ExtractionFailure) -> LoadError:
    """What ingest and extract report for a document that broke the extractor: its file, and for a
    JSONL record its id or line (`news.jsonl#a17`), so that the one record can be found and sent."""
    where = doc.source_path + record_suffix(doc) if doc.source_path else doc.key
    if failure.timed_out:
        return LoadError(where, f"{failure.message}; skipped, the other documents go on (give it more time "
                                "with --doc-timeout, or split it into articles)")
    return LoadError(where, f"extraction failed ({failure.message}); please report this document")


# ------------------------------------------------------------------------------ long documents
# A document longer than this is analysed in segments of at most this many characters, cut between
# paragraphs and, inside a paragraph longer than this, after a sentence. Several steps of the analysis
# compare the names of a document with one another (entity overlaps, appositions, linking), so their
# cost grows with the square of a document's names: a 900,000-character one-paragraph text took over
# ten minutes whole. Articles are far shorter and are analysed whole, as before.
SEGMENT_CHARS = 20_000
# Where a sentence ends: a Korean final ending or any word, then . ! ? (and closing quotes), then space.
_STRONG_END = re.compile(r"(?:[다요죠]|니다)[.!?。][\"'”’)\]]*\s+")
_WEAK_END = re.compile(r"[\w%)\]][.!?。][\"'”’)\]]*\s+(?=[\"“‘'(\[A-Z0-9\uac00-\ud7a3])")


def segments(text: str, limit: int = SEGMENT_CHARS) -> list[tuple[int, int]]:
    """(start, end) of the pieces a document is analysed in: the whole text when it is at most `limit`
    characters; else pieces of at most `limit` characters that end at a line break, or (in a longer
    paragraph) after a sentence, or failing both after a space. Whitespace between pieces belongs to
    none; offsets are into `text`, so evidence found in a piece is shifted by its start."""
    n = len(text)
    if n <= limit:
        return [(0, n)]
    out: list[tuple[int, int]] = []
    pos = 0
    while pos < n:
        while pos < n and text[pos].isspace():
            pos += 1
        if pos >= n:
            break
        if n - pos <= limit:
            out.append((pos, n))
            break
        window = text[pos:pos + limit]
        cut = window.rfind("\n", limit // 4) + 1 or _last_end(window, limit // 4) or \
            (max(window.rfind(" ", limit // 4), window.rfind("\t", limit // 4)) + 1) or limit
        end = pos + cut
        stripped = end
        while stripped > pos and text[stripped - 1].isspace():
            stripped -= 1
        out.append((pos, stripped))
        pos = end
    return out


def _last_end(window: str, least: int) -> int:
    """The position after the last sentence end (and its space) in `window` past `least`, or 0."""
    for pattern in (_STRONG_END, _WEAK_END):
        last = 0
        for m in pattern.finditer(window, least):
            last = m.end()
        if last:
            return last
    return 0


def _shifted(part: Extraction, offset: int, sents: int) -> Extraction:
    """A segment's extraction with offsets into the whole document's text."""
    return Extraction([dataclasses.replace(m, start=m.start + offset, end=m.end + offset, sent=m.sent + sents)
                       for m in part.mentions],
                      [dataclasses.replace(r, start=r.start + offset, end=r.end + offset) for r in part.relations])


# ------------------------------------------------------------------------------ the time budget
DOC_TIMEOUT = 180.0       # seconds one document may take (--doc-timeout); articles take well under one


class DocumentTimeout(BaseException):
    """A document ran past its time budget (a BaseException: the extractor's own `except Exception`
    must not swallow it)."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[float | None]:
    """Stop what runs inside after `seconds` by raising DocumentTimeout: by a timer signal where one can
    be used (the main thread of a process, on Unix: kgraph's worker processes and a one-process ingest),
    which interrupts any Python code and a native call as it returns. Yields the deadline (monotonic
    clock), which a long document also checks between its segments (the only check on a Dask thread)."""
    if not seconds or seconds <= 0:
        yield None
        return
    deadline = time.monotonic() + seconds
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield deadline
        return

    def expired(signum, frame):
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extract_one(extractor, doc: Document, timeout: float | None = None,
                segment_chars: int = SEGMENT_CHARS) -> Extraction | ExtractionFailure:
    """One document's extraction, long ones in segments (offsets into the whole text), within
    `timeout` seconds; an ExtractionFailure says what went wrong or that the time ran out."""
    try:
        with time_budget(timeout) as deadline:
            pieces = segments(doc.text, segment_chars)
            if len(pieces) == 1:
                return extractor.extract([doc])[0]
            whole = Extraction()
            sents = 0
            for start, end in pieces:
                if deadline is not None and time.monotonic() > deadline:
                    raise DocumentTimeout
                part = _shifted(extractor.extract([dataclasses.replace(doc, text=doc.text[start:end])])[0],
                                start, sents)
                whole.mentions += part.mentions
                whole.relations += part.relations
                sents = max((m.sent for m in part.mentions), default=sents - 1) + 1
            return whole
    except DocumentTimeout:
        return ExtractionFailure(doc.key, f"extraction took longer than the time budget of {timeout:g} s "
                                          f"({len(doc.text):,} characters)", timed_out=True)
    except Exception as err:   # noqa: BLE001 - one document that breaks the extractor is reported
        return ExtractionFailure(doc.key, f"{type(err).__name__}: {err}")


def record_suffix(doc: Document) -> str:
    """':3' or '#id' for a JSONL document, so that a message names its line; '' for a file."""
    if not doc.key.startswith(doc.file_name + "#"):
        return ""
    tail = doc.key[len(doc.file_name):]
    return ":" + tail[2:] if tail[1:2] == "L" and tail[2:].isdigit() else tail


def extract_isolated(extractor, docs: list[Document]) -> list[Extraction | str]:
    """Extractions for a batch; a document that breaks the extractor gets its error message instead."""
    try:
        return extractor.extract(docs)
    except Exception:   # noqa: BLE001 - isolate the document that fails, below
        pass
    out: list[Extraction | str] = []
    for doc in docs:
        try:
            out.append(extractor.extract([doc])[0])
        except Exception as err:   # noqa: BLE001
            out.append(f"{type(err).__name__}: {err}")
    return out


def extract_documents(docs: list[Document], extractor=None, ingested_at: dt.datetime | None = None,
                      timeout: float | None = None) -> list[DocumentQuads | ExtractionFailure]:
    """The named graph of each document, in order; a document that breaks the extractor, or (with a
    `timeout`, seconds per document) runs past its time, gets an ExtractionFailure and the others are
    kept. `extractor`: kgraph's rule extractor by default (made once per process); `ingested_at`: the
    kg:ingestedAt of every graph (default: now). Short documents go to the extractor as one batch; when
    the batch runs past one document's budget, each goes again alone under its own."""
    extractor = extractor or default_extractor()
    now = ingested_at or dt.datetime.now(dt.timezone.utc)
    found: list[Extraction | ExtractionFailure | str | None] = [None] * len(docs)
    short = [i for i, d in enumerate(docs) if len(d.text) <= SEGMENT_CHARS]
    try:
        # the short documents in one call (Kiwi's threads work on a batch), within one document's budget:
        # articles take well under a second each, so only a document that needs the budget runs past it
        with time_budget(timeout):
            for i, extraction in zip(short, extract_isolated(extractor, [docs[i] for i in short])):
                found[i] = extraction
    except DocumentTimeout:
        found = [None] * len(docs)          # again one by one, each within its own budget
    for i, doc in enumerate(docs):
        if found[i] is None:
            found[i] = extract_one(extractor, doc, timeout)
    out: list[DocumentQuads | ExtractionFailure] = []
    for doc, extraction in zip(docs, found):
        if isinstance(extraction, str):
            out.append(ExtractionFailure(doc.key, extraction))
            continue
        if isinstance(extraction, ExtractionFailure):
            out.append(extraction)
            continue
        iri, triples = document_triples(doc, extraction, now)
        triples = list(triples)
        found_facts, found_entities = facts_add.statements([(iri, triples)])
        out.append(DocumentQuads(doc.key, str(iri), ntriples(triples),
                                 found_facts, found_entities, len({m.entity for m in extraction.mentions}),
                                 len(extraction.relations), len(triples)))
    return out


def extract_document(doc: Document | dict, extractor=None, ingested_at: dt.datetime | None = None,
                     source: str = "records.jsonl", line: int = 1) -> DocumentQuads:
    """One document's named graph: the function to map over documents on Spark, Ray or Dask.

    `doc` is a Document (kgraph.sources.loaders.load_file) or a record as a JSONL line holds it
    ({"id": …, "text": …, "title": …, "date": …, "url": …, "publisher": …}); a record is named
    `source#id` (or `source#L<line>` without an id), as `kgraph ingest source` would name it.
    Raises ExtractionError when the document cannot be read or extracted.

    >>> kgraph.extract_document({"id": "a1", "text": "오픈AI는 카카오와 제휴했다."}).nquads()  # doctest: +SKIP
    """
    from kgraph.errors import ExtractionError
    from kgraph.sources.loaders import document_from_record
    if isinstance(doc, dict):         # no file was read: the graph names no source path
        doc = dataclasses.replace(document_from_record(doc, source, line), source_path="")
    result = extract_documents([doc], extractor, ingested_at)[0]
    if isinstance(result, ExtractionFailure):
        raise ExtractionError(f"{doc.key}: extraction failed ({result.message})")
    return result


_EXTRACTORS: dict[str, object] = {}


def default_extractor(name: str = "kgraph.rules.v1"):
    """The extractor of this process, made on first use (loading Kiwi and the rules takes seconds)."""
    if name not in _EXTRACTORS:
        from kgraph.nlp.pipeline import get_extractor
        _EXTRACTORS[name] = get_extractor(name, threads=1)
    return _EXTRACTORS[name]


__all__ = ["DocumentQuads", "ExtractionFailure", "extract_documents", "extract_document", "extract_one",
           "default_extractor", "segments", "time_budget", "DOC_TIMEOUT", "SEGMENT_CHARS"]
