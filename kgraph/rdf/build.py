"""One document's extraction as an rdflib Graph: the named graph that holds it.

In the graph: the document node with its metadata and cleaned text; every entity it
mentions, typed and labelled; each relation as a direct triple plus a relation node
carrying the evidence.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache
from types import SimpleNamespace

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from kgraph.model import Document, EntityRef, Extraction, coarse
from kgraph.rdf.iri import document_iri, entity_iri, label_language, relation_iri, source_url
from kgraph.rdf.namespaces import KG


def entity_node(ref: EntityRef) -> URIRef:
    """A reference entity's IRI from its key; a discovered one's from its coarse type and name, so that
    the same name read as a Service in one article and a Chip in another is one node."""
    return entity_iri(ref.key) if not ref.discovered else entity_iri(ref.label, coarse(ref.type))


def _datetime_lexical(value: dt.datetime) -> str:
    """The canonical lexical form (UTC as 'Z'), which stores keep as it is, so literals round-trip."""
    text = value.isoformat()
    if value.utcoffset() is not None and value.utcoffset() == dt.timedelta(0):
        text = text[:-6] + "Z"
    if value.microsecond:            # canonical seconds carry no trailing zeros: .000050 -> .00005
        text = re.sub(r"(\.\d*?)0+(?=Z|[+-]\d\d:\d\d|$)", r"\1", text)
    return text


def _decimal_lexical(value: float) -> str:
    """A decimal with two places in canonical form ('1', '0.7'), as stores write it back."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _date_literal(value: str) -> Literal:
    try:
        if "T" in value:
            return Literal(_datetime_lexical(dt.datetime.fromisoformat(value)), datatype=XSD.dateTime,
                           normalize=False)
        return Literal(dt.date.fromisoformat(value).isoformat(), datatype=XSD.date)
    except ValueError:
        return Literal(value)


class Triples:
    """An ordered set of triples: what a Graph holds, without the cost of indexing every triple."""

    def __init__(self):
        self._items: dict[tuple, None] = {}
        self.labelled: set = set()

    def add(self, triple: tuple) -> None:
        self._items[triple] = None
        if triple[1] == RDFS.label:
            self.labelled.add(triple[0])

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


def document_graph(doc: Document, extraction: Extraction, ingested_at: dt.datetime) -> tuple[URIRef, Graph]:
    """The named graph of one document (its IRI, its content) as an rdflib Graph."""
    iri, triples = document_triples(doc, extraction, ingested_at)
    g = Graph(identifier=iri)
    for t in triples:
        g.add(t)
    return iri, g


# terms made once: an rdflib namespace makes a new URIRef on every attribute access (millions per ingest)
K = SimpleNamespace(**{name: KG[name] for name in ('Document', 'Relationship', 'byline', 'confidence', 'contentHash', 'discovered', 'documentId', 'end', 'evidence', 'extractedFrom', 'fileName', 'foundBy', 'ingestedAt', 'language', 'mentions', 'modality', 'object', 'predicate', 'published', 'publisher', 'role', 'rule', 'sourcePath', 'start', 'subject', 'tag', 'text', 'title', 'trigger')})
TYPE, LABEL, TRUE = RDF.type, RDFS.label, Literal(True)


@lru_cache(maxsize=256)
def kg(name: str) -> URIRef:
    """kg:name (a class or predicate), made once."""
    return KG[name]


# Terms that recur from document to document (entities, their labels, triggers, modalities, offsets),
# made once per process: an rdflib Literal costs microseconds to make, and a worker made hundreds a
# document (a third of the time the RDF of a document took).
_node = lru_cache(maxsize=1 << 16)(entity_node)


@lru_cache(maxsize=1 << 16)
def _label(text: str) -> Literal:
    return Literal(text, lang=label_language(text))


@lru_cache(maxsize=1 << 14, typed=True)        # typed: 1 and True are different literals
def _plain(value: str | int) -> Literal:
    return Literal(value)


@lru_cache(maxsize=1 << 10)
def _confidence(value: float) -> Literal:
    return Literal(_decimal_lexical(value), datatype=XSD.decimal, normalize=False)


def document_triples(doc: Document, extraction: Extraction, ingested_at: dt.datetime) -> tuple[URIRef, Triples]:
    """The triples of one document's named graph (its IRI, its content); what ingest writes."""
    iri = document_iri(doc.key)
    g = Triples()
    g.add((iri, TYPE, K.Document))
    g.add((iri, K.fileName, Literal(doc.file_name)))
    g.add((iri, K.documentId, Literal(doc.key)))
    if doc.source_path:
        g.add((iri, K.sourcePath, Literal(os.path.abspath(doc.source_path))))
    g.add((iri, K.contentHash, Literal(doc.content_hash)))
    g.add((iri, K.language, Literal(doc.language)))
    g.add((iri, K.text, Literal(doc.text)))
    g.add((iri, K.ingestedAt, Literal(_datetime_lexical(ingested_at.replace(microsecond=0)), datatype=XSD.dateTime,
                                             normalize=False)))
    if doc.title:
        g.add((iri, K.title, Literal(doc.title, lang=doc.language if doc.language != "und" else None)))
        g.add((iri, LABEL, Literal(doc.title)))
    if doc.published:
        g.add((iri, K.published, _date_literal(doc.published)))
    if doc.publisher:
        g.add((iri, K.publisher, Literal(doc.publisher)))
    for name in doc.byline:
        g.add((iri, K.byline, Literal(name)))
    url = source_url(doc.url)                            # an absolute http(s) IRI, or nothing
    if url:
        g.add((iri, DCTERMS.source, URIRef(url)))
    for tag in doc.tags:
        g.add((iri, K.tag, Literal(tag)))

    for m in extraction.mentions:
        node = _node(m.entity)
        g.add((iri, K.mentions, node))
        g.add((node, TYPE, kg(m.entity.type)))
        g.add((node, LABEL, _label(m.text)))
        if m.entity.discovered:
            g.add((node, K.discovered, TRUE))
        if m.finder:
            g.add((node, K.foundBy, _plain(m.finder)))

    for r in extraction.relations:
        s, o = _node(r.subject), _node(r.object)
        for ref, node in ((r.subject, s), (r.object, o)):
            g.add((node, TYPE, kg(ref.type)))
            if node not in g.labelled:
                g.add((node, LABEL, _label(ref.label)))
        predicate = kg(r.predicate)
        g.add((s, predicate, o))
        rel = relation_iri(doc.key, str(s), r.predicate, str(o), r.start)
        g.add((rel, TYPE, K.Relationship))
        g.add((rel, K.predicate, predicate))
        g.add((rel, K.subject, s))
        g.add((rel, K.object, o))
        g.add((rel, K.evidence, Literal(r.sentence)))
        g.add((rel, K.start, _plain(r.start)))
        g.add((rel, K.end, _plain(r.end)))
        g.add((rel, K.trigger, _plain(r.trigger)))
        g.add((rel, K.modality, _plain(r.modality)))
        g.add((rel, K.confidence, _confidence(r.confidence)))
        g.add((rel, K.extractedFrom, iri))
        if r.role:
            g.add((rel, K.role, _plain(r.role)))
        if r.rule:
            g.add((rel, K.rule, _plain(r.rule)))
    return iri, g


def copy_triples(document: URIRef, copy: Document, similarity: float) -> list[tuple]:
    """A syndicated copy merged into `document` (kgraph/ingest/dedupe.py), as triples of the
    document's graph: the copy node, named by the IRI it would have had as a document, with its name,
    hash, similarity and what it says of where it was published."""
    node = document_iri(copy.key)
    out = [(document, kg("hasCopy"), node), (node, TYPE, kg("SyndicatedCopy")),
           (node, DCTERMS.identifier, Literal(copy.key)), (node, K.contentHash, Literal(copy.content_hash)),
           (node, kg("similarity"), Literal(_decimal_lexical(similarity), datatype=XSD.decimal, normalize=False))]
    url = source_url(copy.url)
    if url:
        out.append((node, DCTERMS.source, URIRef(url)))
    if copy.title:
        out.append((node, DCTERMS.title, Literal(copy.title)))
    if copy.published:
        out.append((node, DCTERMS.issued, _date_literal(copy.published)))
    if copy.publisher:
        out.append((node, kg("copyPublisher"), Literal(copy.publisher)))
    if copy.source_path:
        out.append((node, kg("copyPath"), Literal(os.path.abspath(copy.source_path))))
    return out
