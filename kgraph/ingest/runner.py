"""The whole ingest: load files, skip unchanged ones, extract, write one named graph per document."""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from kgraph.errors import LoadError
from kgraph.ingest.loaders import MAX_CHARS, iter_files, load_file
from kgraph.model import Document
from kgraph.rdf.build import document_graph
from kgraph.rdf.iri import document_iri
from kgraph.rdf.namespaces import KG, ONTOLOGY_GRAPH, REFERENCE_GRAPH
from kgraph.store.base import Store

BATCH = 64
Progress = Callable[[int, int, str], None]


@dataclass
class IngestReport:
    """What one ingest did; the CLI prints it as its closing summary."""

    ingested: int = 0
    unchanged: int = 0
    failed: list[LoadError] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    triples: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        parts = [f"{self.ingested} ingested"]
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        parts.append(f"{len(self.failed)} failed")
        return (f"{', '.join(parts)}; {self.entities} entities, {self.relations} relations, "
                f"{self.triples} triples in {self.seconds:.1f} s")


def ontology_graph() -> Graph:
    """The ontology, as shipped with the package."""
    g = Graph(identifier=ONTOLOGY_GRAPH)
    g.parse(Path(__file__).resolve().parent.parent / "ontology" / "kgraph.ttl", format="turtle")
    return g


def stored_hash(store: Store, iri: URIRef) -> str | None:
    """Content hash of the stored version of a document, if any."""
    rows = store.query("SELECT ?h WHERE { GRAPH ?d { ?d <%s> ?h } }" % KG.contentHash, {"d": iri})
    return str(rows[0]["h"]) if rows else None


def ensure_schema(store: Store) -> None:
    """Write the ontology and the reference entities into their own graphs."""
    from kgraph.nlp.reference import reference_graph
    store.replace_graph(ONTOLOGY_GRAPH, ontology_graph())
    store.replace_graph(REFERENCE_GRAPH, reference_graph())


def _extract_each(extractor, docs: list[Document], report: IngestReport) -> list:
    """Extractions for a batch; if the batch fails, each document alone, so that one document that
    breaks the extractor is reported and the others are still stored."""
    try:
        return extractor.extract(docs)
    except Exception:   # noqa: BLE001 - any failure inside the NLP stage; isolated per document below
        pass
    out = []
    for doc in docs:
        try:
            out.append(extractor.extract([doc])[0])
        except Exception as err:   # noqa: BLE001
            report.failed.append(LoadError(doc.source_path or doc.key, f"extraction failed ({type(err).__name__}: "
                                           f"{err}); please report this file"))
            out.append(None)
    return out


def ingest(store: Store, paths: Iterable[str], *, force: bool = False, jobs: int | None = None,
           extractor=None, progress: Progress | None = None, max_chars: int = MAX_CHARS) -> IngestReport:
    """Ingest files and directories into the store; one bad file never stops the batch.

    An unchanged file (same content hash) is skipped unless `force`; a changed one replaces
    its document's graph in one transaction.
    """
    from kgraph.nlp.pipeline import get_extractor
    started = time.perf_counter()
    report = IngestReport()
    extractor = extractor or get_extractor(jobs=jobs)
    ensure_schema(store)
    files = list(iter_files(paths))
    total = len(files)
    seen_keys: dict[str, str] = {}
    pending: list[Document] = []

    def flush() -> None:
        if not pending:
            return
        now = dt.datetime.now(dt.timezone.utc)
        for doc, extraction in zip(pending, _extract_each(extractor, pending, report)):
            if extraction is None:
                continue
            iri, graph = document_graph(doc, extraction, now)
            store.replace_graph(iri, graph)
            report.ingested += 1
            report.entities += len({m.entity for m in extraction.mentions})
            report.relations += len(extraction.relations)
            report.triples += len(graph)
        pending.clear()

    for done, item in enumerate(files, 1):
        if isinstance(item, LoadError):
            report.failed.append(item)
        else:
            for doc in load_file(item, max_chars):
                if isinstance(doc, LoadError):
                    report.failed.append(doc)
                    continue
                if doc.key in seen_keys:
                    report.failed.append(LoadError(doc.source_path, f"another file in this batch, "
                                                   f"{seen_keys[doc.key]}, has the same name; rename one"))
                    continue
                seen_keys[doc.key] = doc.source_path
                if not force and stored_hash(store, document_iri(doc.key)) == doc.content_hash:
                    report.unchanged += 1
                    continue
                pending.append(doc)
                if len(pending) >= BATCH:
                    flush()
        if progress:
            progress(done, total, str(item.path if isinstance(item, LoadError) else item))
    flush()
    report.seconds = time.perf_counter() - started
    return report
