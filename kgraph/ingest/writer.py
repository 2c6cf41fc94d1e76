"""Writing documents, and keeping the derived facts graph in step with them.

A batch of document graphs and the refresh of the facts and entities they touch go to the store
as one SPARQL Update: one transaction on Oxigraph and on SPARQL servers, so a crash leaves
either all of the batch with its facts, or none of it. (A remote store that writes graphs by
Graph Store Protocol PUT gets the graphs first, then the refresh.)
"""
from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from kgraph.rdf import facts, facts_add
from kgraph.rdf.namespaces import FACTS_GRAPH, REFERENCE_GRAPH
from kgraph.rdf.sparql import replace_graph_update, sparql_term
from kgraph.store.base import Store


def stored_keys(store: Store, iris: Iterable[URIRef]) -> tuple[set, set]:
    """Fact keys and mentioned entities of the stored versions of these documents."""
    iris = sorted(set(iris))
    if not iris:
        return set(), set()
    text = facts.STORED_KEYS.replace("SELECT DISTINCT ?s ?p ?o ?e WHERE {",
                                     "SELECT DISTINCT ?s ?p ?o ?e WHERE { VALUES ?doc { "
                                     + " ".join(sparql_term(i) for i in iris) + " }", 1)
    return facts.keys_from_rows(store.query(text))


def write_documents(store: Store, graphs: list[tuple[URIRef, list]], replaced: Iterable[URIRef] = ()) -> None:
    """Replace these document graphs and bring the facts graph up to date for what they touch, atomically.
    `replaced`: the documents among them that are already in the store (their old facts change too).

    New documents only add to the summaries they touch (facts_add.py: a few index lookups);
    a batch that replaces stored documents recounts the facts and entities involved (facts.py)."""
    replaced = sorted(set(replaced))
    if replaced:
        keys, entities = stored_keys(store, replaced)
        for _, triples in graphs:
            k, e = facts.document_keys(triples)
            keys |= k
            entities |= e
        refresh = facts.refresh(keys, entities)
    else:
        new_facts, new_entities = facts_add.statements(graphs)
        fact_rows = store.query(facts_add.stored_facts_query(new_facts)) if new_facts else []
        pairs = facts_add.new_pairs(new_facts, fact_rows)
        known = store.query(facts_add.known_pairs_query(pairs)) if pairs else []
        touched = set(new_entities) | {e for pair in pairs for e in pair}
        entity_rows = store.query(facts_add.stored_entities_query(touched)) if touched else []
        refresh = facts_add.addition(new_facts, new_entities, fact_rows, entity_rows, known)
    if getattr(store, "writes_graphs_by_put", False):
        for iri, triples in graphs:
            store.replace_graph(iri, triples)
        if refresh:
            store.update(facts.PREFIXES + refresh, "the facts graph")
        return
    ops = [replace_graph_update(iri, triples) for iri, triples in graphs]
    if refresh:
        ops.append(refresh)
    store.update(facts.PREFIXES + " ;\n".join(ops), f"{len(graphs)} document graph{'s' if len(graphs) != 1 else ''}")


def remove_documents(store: Store, iris: list[URIRef]) -> None:
    """Drop these document graphs and refresh the facts graph for what they held, atomically."""
    keys, entities = stored_keys(store, iris)
    ops = [f"DROP SILENT GRAPH {sparql_term(i)}" for i in iris]
    refresh = facts.refresh(keys, entities)
    if refresh:
        ops.append(refresh)
    store.update(facts.PREFIXES + " ;\n".join(ops), "the removal")


def reindex(store: Store) -> int:
    """Rebuild the facts graph from the document graphs; the number of facts it then holds."""
    store.update(facts.rebuild(), "the facts graph")
    rows = store.query("SELECT (COUNT(?f) AS ?n) WHERE { GRAPH <%s> { ?f a <https://w3id.org/kgraph/ontology#Fact> } }"
                       % FACTS_GRAPH)
    return int(rows[0]["n"])


def write_reference(store: Store, graph) -> None:
    """Replace the reference graph and refresh the summaries and name keys of its entities."""
    from kgraph.rdf.namespaces import RDF
    entities = {str(s) for s in graph.subjects(RDF.type, None)}
    update = replace_graph_update(REFERENCE_GRAPH, graph)
    refresh = facts.refresh((), entities)
    if getattr(store, "writes_graphs_by_put", False):
        store.replace_graph(REFERENCE_GRAPH, graph)
        store.update(facts.PREFIXES + refresh, "the facts graph")
    else:
        store.update(facts.PREFIXES + update + " ;\n" + refresh, "the reference graph")
