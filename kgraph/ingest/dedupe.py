"""Syndicated copies: the same article published on several sites is one document with several sources.

An agency story re-posted by a newspaper, its AMP or mobile page, a portal's copy: their texts differ
in a title line, a byline, a dateline, share buttons and whitespace, not in the story. At ingest each
document's text is reduced to character shingles (`shingles`) and a MinHash signature (datasketch's values, kgraph/ingest/minhash.py);
an LSH index over the signatures of the stored documents and of this run's finds the candidates, and a
document whose estimated Jaccard similarity with a candidate's whole text reaches THRESHOLD is
recorded as a copy of it (`kg:hasCopy` in that document's graph: the copy's name, URL, publisher,
title, content hash and similarity) instead of becoming a document whose facts would count twice.

The decision is on the whole-document estimate, never on one shared LSH band: two stories that
share a paragraph (a boilerplate, a quoted statement) share its shingles only, and stay two.

Each document's signature is stored in its own graph (`kg:minhash`, see minhash.encode): written with
the document in the same transaction, dropped with it by `kgraph remove`, carried by `kgraph
export`/`import`; a document stored without one (before this existed, or by another tool) has its
signature made again from its stored `kg:text` when an ingest starts.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef

from kgraph.errors import LoadError
from kgraph.ingest.minhash import (  # noqa: F401  (re-exported: what a copy is, in one place)
    MIN_CHARS,
    NUM_PERM,
    SCHEME,
    THRESHOLD,
    CopyIndex,
    Signature,
    decode,
    encode,
    jaccard,
    normalised,
    shingles,
    signature,
)
from kgraph.model import Document
from kgraph.rdf.build import copy_triples
from kgraph.rdf.iri import document_iri, local_name
from kgraph.rdf.namespaces import KG
from kgraph.rdf.ntriples import serialize as ntriples
from kgraph.rdf.sparql import insert_graph_update, sparql_term
from kgraph.store.base import Store


@dataclass
class Match:
    """`doc` is a copy of the document `of` (its IRI); `similarity`: the estimated Jaccard."""

    doc: Document
    of: str
    similarity: float


class Copies:
    """What one ingest knows of copies in the store and in its own batch.

    Made at the start of an ingest: it reads every stored copy record, and before the first document
    that is not unchanged, every stored document's signature (making and storing those missing).
    `check` says whether a document is a copy; the records of the copies found are written by
    `flush`, into their documents' graphs, once those are stored. A document the batch replaces keeps
    its copy records (`carried`). With no threshold (--no-dedupe) nothing is checked, and a recorded
    copy that is ingested is stored as a document of its own, its record dropped."""

    def __init__(self, store: Store, threshold: float | None = THRESHOLD, addressless: bool = False):
        self.store = store
        self.index = CopyIndex(threshold) if threshold else None
        # a document without a source address (a plain file) is a copy only if `addressless`: copies are
        # the same article at several addresses, and two files a user gives are two documents otherwise
        self.addressless = addressless
        self.names: dict[str, str] = {}                    # document IRI -> its name
        self.records: dict[str, tuple[str, str]] = {}      # copy name -> (its document's IRI, content hash)
        self.fresh: dict[str, str] = {}                    # IRI -> signature literal to store with the document
        self.pending: dict[str, list[tuple[Document, float]]] = {}   # document IRI -> copies to record
        self.stored: set[str] = set()                      # documents whose graph is in the store
        self.merged: list[tuple[str, str, float]] = []     # (copy name, document name, similarity), reported
        self.loaded = False
        self.quads = 0                                     # quads of the copy records written
        for r in self.store.query("SELECT ?g ?id ?h WHERE { GRAPH ?g { ?g kg:hasCopy ?c . "
                                  "?c dct:identifier ?id ; kg:contentHash ?h } }"):
            self.records[str(r["id"])] = (str(r["g"]), str(r["h"]))

    def _load(self) -> None:
        """The stored documents' signatures, into the index (once, when the first is needed)."""
        self.loaded = True
        rows = self.store.query("SELECT ?g ?id ?s WHERE { GRAPH ?g { ?g a kg:Document "
                                "OPTIONAL { ?g kg:documentId ?id } OPTIONAL { ?g kg:minhash ?s } } }")
        missing, iris, sigs = [], [], []
        for r in rows:
            iri = str(r["g"])
            self.stored.add(iri)
            self.names[iri] = str(r["id"]) if r.get("id") is not None else local_name(iri)
            sig = decode(r["s"]) if r.get("s") is not None else None
            if sig is None:
                missing.append(iri)
            else:
                iris.append(iri)
                sigs.append(sig)
        self.index.add_many(iris, sigs)
        for i in range(0, len(missing), 200):
            self._backfill(missing[i:i + 200])

    def _backfill(self, iris: list[str]) -> None:
        """Signatures of stored documents that have none (or one of another scheme), made from their
        stored text and stored, so that the next ingest reads them."""
        values = " ".join(sparql_term(URIRef(i)) for i in iris)
        rows = self.store.query(f"SELECT ?g ?t WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g kg:text ?t }} }}")
        ops = []
        for r in rows:
            iri, sig = URIRef(r["g"]), signature(str(r["t"]))
            self.index.add(str(iri), sig)
            g = sparql_term(iri)
            ops.append(f"DELETE WHERE {{ GRAPH {g} {{ {g} kg:minhash ?old }} }} ;\n"
                       f"INSERT DATA {{ GRAPH {g} {{ {ntriples([(iri, KG.minhash, Literal(encode(sig)))])} }} }}")
        if ops:
            self.store.update(" ;\n".join(ops), "the MinHash signatures of stored documents")

    def admit(self, doc: Document, stored: bool, record: tuple[str, str] | None) -> bool:
        """Whether `doc` goes on to extraction; False when it is a syndicated copy (its record is
        written by `flush`). `stored`: the store holds it as a document, which its new version stays;
        `record`: the store's record of it as a copy (it changed, or --force: it is checked again)."""
        if record is not None or self.index is None:
            self.forget_record(doc.key)
        if self.index is None:
            return True
        if stored:
            self.take(doc)
            return True
        return self.check(doc) is None

    def finish(self, failed: list) -> list[tuple[str, str, float]]:
        """At the end of an ingest: the copy records written, the copies of documents that were not
        stored added to `failed`; the copies merged, as the report lists them."""
        from kgraph.ingest.extract import record_suffix
        lost = self.flush()
        for copy, of in lost:
            failed.append(LoadError(copy.source_path + record_suffix(copy),
                                    f"a copy of {self.names.get(of, of)}, which was not stored (see its error); "
                                    "ingest again once it is, or with --no-dedupe to store the copy on its own"))
        names = {copy.key for copy, _ in lost}
        return [m for m in self.merged if m[0] not in names]

    def record_of(self, name: str) -> tuple[str, str] | None:
        """(document IRI, content hash) of the stored copy named `name`, if there is one (none when
        nothing is checked: a copy ingested then is stored on its own)."""
        return self.records.get(name) if self.index is not None else None

    def check(self, doc: Document) -> Match | None:
        """Whether `doc` (not stored as a document) is a copy of a stored document or of one this
        batch has taken (never when its normalised text is shorter than MIN_CHARS); if not, it is
        taken: later documents are compared with it, and its signature is written with it
        (`signature_triples`)."""
        if not self.loaded:
            self._load()
        iri = str(document_iri(doc.key))
        sig = signature(doc.text)
        if len(normalised(doc.text)) < MIN_CHARS or not (doc.url or self.addressless):
            self.take(doc, sig)
            return None
        found = self.index.best(sig, exclude=iri)
        if found is not None:
            match = Match(doc, found[0], found[1])
            self.pending.setdefault(found[0], []).append((doc, found[1]))
            self.merged.append((doc.key, self.names.get(found[0], local_name(found[0])), found[1]))
            return match
        self.take(doc, sig)
        return None

    def take(self, doc: Document, sig: Signature | None = None) -> None:
        """`doc` is stored as a document (new or replacing its stored version): index its signature."""
        if not self.loaded:
            self._load()
        iri = str(document_iri(doc.key))
        sig = sig if sig is not None else signature(doc.text)
        self.index.add(iri, sig)
        self.names[iri] = doc.key
        self.fresh[iri] = encode(sig)

    def signature_triples(self, iri: str) -> list[tuple]:
        """The triple that stores a document's signature in its graph (none if it was not taken)."""
        sig = self.fresh.pop(iri, None)
        return [(URIRef(iri), KG.minhash, Literal(sig))] if sig else []

    def failed(self, iri: str) -> None:
        """A taken document was not stored: later documents are not merged into it."""
        if self.index is not None:
            self.index.discard(iri)
        self.fresh.pop(iri, None)

    def written(self, iri: str) -> None:
        self.stored.add(iri)

    def carried(self, iri: str) -> list[tuple]:
        """The copy records of a stored document's graph, which its new version keeps."""
        d = sparql_term(URIRef(iri))
        rows = self.store.query(f"SELECT ?c ?p ?o WHERE {{ GRAPH {d} {{ {d} kg:hasCopy ?c . ?c ?p ?o }} }}")
        out, nodes = [], set()
        for r in rows:
            nodes.add(r["c"])
            out.append((r["c"], r["p"], r["o"]))
        return [(URIRef(iri), KG.hasCopy, c) for c in sorted(nodes)] + out

    def forget_record(self, name: str) -> None:
        """Drop the stored record of the copy `name` (it changed: it is checked again)."""
        found = self.records.pop(name, None)
        if found is None:
            return
        self.store.update(_delete_record(found[0], name), f"the copy record of {name}")

    def flush(self) -> list[tuple[Document, str]]:
        """Write the records of the copies found into their documents' graphs, for documents that
        are stored; the copies of documents that were not stored (their extraction failed), with the
        IRI of that document."""
        ops, lost = [], []
        for iri, copies in self.pending.items():
            if iri not in self.stored:
                lost += [(doc, iri) for doc, _ in copies]
                continue
            for doc, similarity in copies:
                triples = copy_triples(URIRef(iri), doc, similarity)
                ops.append(_delete_record(iri, doc.key))
                ops.append(insert_graph_update(URIRef(iri), triples))
                self.quads += len(triples)
                self.records[doc.key] = (iri, doc.content_hash)
        self.pending.clear()
        if ops:
            self.store.update(" ;\n".join(ops), f"{len(ops) // 2} copy record{'s' if len(ops) > 2 else ''}")
        return lost


def _delete_record(document: str, name: str) -> str:
    """The update that removes the record of the copy `name` from a document's graph."""
    d = sparql_term(URIRef(document))
    return (f"DELETE {{ GRAPH {d} {{ {d} kg:hasCopy ?c . ?c ?p ?o }} }} WHERE {{ GRAPH {d} {{ "
            f"{d} kg:hasCopy ?c . ?c dct:identifier {sparql_term(Literal(name))} ; ?p ?o }} }}")


def remove_copies(store: Store, name: str) -> list[URIRef]:
    """Drop the records of the syndicated copies `name` stands for (a copy's name or IRI, or the
    name of the JSONL file it came from), from whichever documents' graphs hold them; their IRIs."""
    rows = store.query("SELECT DISTINCT ?g ?c ?id WHERE { GRAPH ?g { ?g kg:hasCopy ?c . ?c dct:identifier ?id } }")
    found = [(str(r["g"]), str(r["id"]), URIRef(r["c"])) for r in rows
             if str(r["id"]) == name or str(r["c"]) == name or str(r["id"]).startswith(name + "#")]
    if found:
        store.update(" ;\n".join(_delete_record(g, ident) for g, ident, _ in found),
                     f"the copy record{'s' if len(found) != 1 else ''} of {name}")
    return [c for _, _, c in found]
