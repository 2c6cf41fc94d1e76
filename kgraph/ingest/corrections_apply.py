"""Corrections applied to documents as they are written: what extraction linked to a merged entity,
or to an entity it discovered under an alias's name, is mapped to the survivor before the document
graph and its facts reach the store (kgraph/rdf/corrections.py says how)."""
from __future__ import annotations

import re

from rdflib import Graph, URIRef

from kgraph.rdf import corrections as rc
from kgraph.rdf import facts_add
from kgraph.rdf.namespaces import CORRECTIONS_GRAPH, ENTITY
from kgraph.rdf.ntriples import serialize as ntriples
from kgraph.store.base import Store

_ENTITY_IN_TEXT = re.compile("<(" + re.escape(str(ENTITY)) + "[^>]*)>")


def for_documents(store: Store, graphs: list) -> tuple[list, rc.Corrections]:
    """The graphs (DocumentQuads or (IRI, triples) pairs) with the store's merges and aliases applied,
    and the corrections read (for the rejected facts). A store without corrections costs one lookup."""
    if not store.has_graph(CORRECTIONS_GRAPH):
        return graphs, rc.Corrections()
    corr = rc.load(store)
    if not corr.mapping:
        return graphs, corr
    return [_apply(item, corr.mapping) for item in graphs], corr


def _apply(item, mapping: dict[str, str]):
    from kgraph.ingest.extract import DocumentQuads
    if isinstance(item, DocumentQuads):
        if not any(iri in mapping for iri in _ENTITY_IN_TEXT.findall(item.ntriples)):
            return item
        triples = rc.rewrite(Graph().parse(data=item.ntriples, format="nt"), mapping)
        found_facts, found_entities = facts_add.statements([(URIRef(item.iri), triples)])
        return DocumentQuads(item.key, item.iri, ntriples(triples), found_facts, found_entities,
                             item.entity_count, item.relation_count, len(triples))
    iri, triples = item
    return iri, rc.rewrite(triples, mapping)


__all__ = ["for_documents", "reapply", "with_aliases"]


def reapply(store: Store) -> None:
    """Map merged and aliased entities in every stored document graph again: after `kgraph import`
    brought in document graphs written before the corrections (a backup, shards of `kgraph
    extract`). Graphs already mapped are left as they are."""
    from kgraph.rdf.facts import PREFIXES
    if not store.has_graph(CORRECTIONS_GRAPH):
        return
    corr = rc.load(store)
    if corr.mapping:
        store.update(PREFIXES + " ;\n".join(rc.remap_update(corr.mapping)), "the corrections")


ALIASES_QUERY = """SELECT ?a ?name (SAMPLE(?t) AS ?type) WHERE {
  GRAPH kgg:corrections { ?c a kg:Alias ; kg:aliasOf ?a ; kg:aliasName ?name }
  OPTIONAL { { GRAPH kgg:facts { ?a a ?t } } UNION { GRAPH kgg:reference { ?a a ?t } } FILTER(?t != kg:Fact) }
} GROUP BY ?a ?name"""


def with_aliases(store: Store, user):
    """The reference list an ingest uses (kgraph.reference.UserReference or None), with each alias of
    the corrections as an entry of its own (id rc.alias_key, the alias as its name, the aliased
    entity's type), so that extraction finds the name even where it would not discover it; the
    written documents then map that entry to the aliased entity (for_documents)."""
    if not store.has_graph(CORRECTIONS_GRAPH):
        return user
    from kgraph.model import COARSE
    from kgraph.names import label_language, normalise_name
    from kgraph.reference import UserReference, reference_entities
    known = {normalise_name(n) for e in reference_entities() for n in e.names}
    rows = []
    for r in store.query(ALIASES_QUERY):
        name = " ".join(str(r["name"]).split())
        type_ = str(r["type"]).rsplit("#", 1)[-1] if r.get("type") is not None else "Organization"
        if normalise_name(name) in known or type_ not in COARSE or "\t" in name:
            continue                  # the list finds it already, or cannot say what it is
        ko = label_language(name) == "ko"
        rows.append("\t".join((rc.alias_key(str(r["a"]), name), type_, "" if ko else name, name if ko else "", "", "")))
    if not rows:
        return user
    text = (user.text.rstrip("\n") + "\n" if user else "") + "\n".join(rows) + "\n"
    return UserReference(user.path if user else "the corrections' aliases", text)
