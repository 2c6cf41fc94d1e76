"""Writing documents, and keeping the derived facts graph in step with them.

A batch of document graphs and the refresh of the facts and entities they touch go to the store
as one SPARQL Update: one transaction on Oxigraph and on SPARQL servers, so a crash leaves
either all of the batch with its facts, or none of it. (A remote store that writes graphs by
Graph Store Protocol PUT gets the graphs first, then the refresh.)
"""
from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from kgraph.ingest.corrections_apply import for_documents
from kgraph.rdf import facts, facts_add
from kgraph.rdf.corrections import HIDE_REJECTED
from kgraph.rdf.namespaces import REFERENCE_GRAPH
from kgraph.rdf.ntriples import serialize as ntriples
from kgraph.rdf.sparql import insert_graph_update, replace_graph_update, sparql_term
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


def write_documents(store: Store, graphs: list, replaced: Iterable[URIRef] = (),
                    index: facts_add.FactsIndex | None = None) -> None:
    """Replace these document graphs and bring the facts graph up to date for what they touch, atomically.

    `graphs`: DocumentQuads (what extraction returns), or (IRI, triples) pairs. `replaced`: the
    documents among them that are already in the store (their old facts change too); every other
    one must be new to the store. `index`:
    the facts graph's summaries this writer has already read (one per ingest; made here if not
    given). New documents only add to the summaries they touch (facts_add.py: the stored summary
    plus the new statements); a batch that replaces stored documents recounts the facts and
    entities involved from the document graphs (facts.py)."""
    from kgraph.ingest.extract import DocumentQuads
    index = index if index is not None else facts_add.FactsIndex()
    graphs, fixes = for_documents(store, graphs)         # merges and aliases map what extraction linked
    texts: list[tuple[URIRef, str]] = []
    parts = []
    for item in graphs:
        if isinstance(item, DocumentQuads):
            texts.append((URIRef(item.iri), item.ntriples))
            parts.append((item.facts, item.entities))
        else:
            iri, triples = item
            triples = list(triples)
            texts.append((iri, ntriples(triples)))
            parts.append(facts_add.statements([(iri, triples)]))
    new_facts, new_entities = facts_add.merge_statements(parts)
    replaced = sorted(set(replaced))
    if replaced:
        keys, entities = stored_keys(store, replaced)
        refresh = facts.refresh(keys | set(new_facts), entities | set(new_entities))
        index.forget()                        # a recount changes summaries this index holds
    else:
        keys = set()
        refresh = index.addition(store, new_facts, new_entities)
    hide = fixes.hide(keys | set(new_facts))             # a rejected fact these documents state again
    if hide:
        refresh = f"{refresh} ;\n{hide}" if refresh else hide
        index.forget()
    if getattr(store, "writes_graphs_by_put", False):
        for iri, text in texts:
            store.replace_graph(iri, text)
        if refresh:
            store.update(facts.PREFIXES + refresh, "the facts graph")
        return
    stored = set(replaced)
    ops = [(replace_graph_update if iri in stored else insert_graph_update)(iri, text) for iri, text in texts]
    if refresh:
        ops.append(refresh)
    try:
        store.update(facts.PREFIXES + " ;\n".join(ops), f"{len(texts)} document graph{'s' if len(texts) != 1 else ''}")
    except BaseException:
        index.forget()                        # nothing was written: the index must not believe otherwise
        raise


def remove_documents(store: Store, iris: list[URIRef], index: facts_add.FactsIndex | None = None) -> None:
    """Drop these document graphs and refresh the facts graph for what they held, atomically."""
    if index is not None:
        index.forget()
    keys, entities = stored_keys(store, iris)
    ops = [f"DROP SILENT GRAPH {sparql_term(i)}" for i in iris]
    refresh = facts.refresh(keys, entities)
    if refresh:
        ops.append(refresh)
        ops.append(HIDE_REJECTED)
    store.update(facts.PREFIXES + " ;\n".join(ops), "the removal")


def reindex(store: Store, progress=None) -> int:
    """Rebuild the facts graph from the document graphs in one pass, rejected facts left out
    (kgraph/ingest/reindex.py); the number of facts it then holds. `progress(done, total,
    document)` after each document."""
    from kgraph.ingest.reindex import rebuild
    return rebuild(store, progress)


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
