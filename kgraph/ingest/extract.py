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
from dataclasses import dataclass, field

from kgraph.errors import LoadError
from kgraph.model import Document
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
    """A document the extractor could not read; the message says why."""

    key: str
    message: str


def failure_error(doc: Document, failure: ExtractionFailure) -> LoadError:
    """What ingest and extract report for a document that broke the extractor: its file, and for a
    JSONL record its id or line (`news.jsonl#a17`), so that the one record can be found and sent."""
    where = doc.source_path + record_suffix(doc) if doc.source_path else doc.key
    return LoadError(where, f"extraction failed ({failure.message}); please report this document")


def record_suffix(doc: Document) -> str:
    """':3' or '#id' for a JSONL document, so that a message names its line; '' for a file."""
    if not doc.key.startswith(doc.file_name + "#"):
        return ""
    tail = doc.key[len(doc.file_name):]
    return ":" + tail[2:] if tail[1:2] == "L" and tail[2:].isdigit() else tail


def extract_documents(docs: list[Document], extractor=None,
                      ingested_at: dt.datetime | None = None) -> list[DocumentQuads | ExtractionFailure]:
    """The named graph of each document, in order; a document that breaks the extractor gets an
    ExtractionFailure and the others are kept. `extractor`: kgraph's rule extractor by default
    (made once per process); `ingested_at`: the kg:ingestedAt of every graph (default: now)."""
    from kgraph.ingest.parallel import extract_isolated
    extractor = extractor or default_extractor()
    now = ingested_at or dt.datetime.now(dt.timezone.utc)
    out: list[DocumentQuads | ExtractionFailure] = []
    for doc, extraction in zip(docs, extract_isolated(extractor, docs)):
        if isinstance(extraction, str):
            out.append(ExtractionFailure(doc.key, extraction))
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

    `doc` is a Document (kgraph.ingest.loaders.load_file) or a record as a JSONL line holds it
    ({"id": …, "text": …, "title": …, "date": …, "url": …, "publisher": …}); a record is named
    `source#id` (or `source#L<line>` without an id), as `kgraph ingest source` would name it.
    Raises ExtractionError when the document cannot be read or extracted.

    >>> kgraph.extract_document({"id": "a1", "text": "오픈AI는 카카오와 제휴했다."}).nquads()  # doctest: +SKIP
    """
    from kgraph.errors import ExtractionError
    from kgraph.ingest.loaders import document_from_record
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
        _EXTRACTORS[name] = get_extractor(name, jobs=1)
    return _EXTRACTORS[name]


__all__ = ["DocumentQuads", "ExtractionFailure", "extract_documents", "extract_document", "default_extractor"]
