"""kgraph: knowledge graphs of AI-industry partnerships from Korean and English news.

The Python API (the CLI calls the same functions)::

    import kgraph
    store = kgraph.open_store("kgraph-store")          # or ":memory:", or a SPARQL server's URL
    kgraph.ingest(store, ["seeds"])                     # load, extract, one named graph per document
    rows = kgraph.query(store, "SELECT ...")            # list of dicts of rdflib terms
    rows = kgraph.canned_query(store, "partners", entity="오픈AI")   # a canned question, by name
    df = kgraph.to_dataframe(rows)                      # pandas (the `notebook` extra)
    g = kgraph.to_networkx(store, kgraph.GraphFilter(modalities=["stated"]))   # networkx MultiDiGraph
    for fact in kgraph.explain(store, "카카오", "OpenAI"):  # facts with their sentences and sources
        print(fact.sentence(), fact.modality, fact.documents)
    ds = kgraph.rdflib_dataset(store)                   # the store as an rdflib Dataset, in place
    doc = kgraph.annotate(["오픈AI는 카카오와 제휴했다."])[0]   # spaCy Doc: doc.ents for displaCy
    store.close()

| name | what it is |
| --- | --- |
| open_store, ingest, query | open a store, fill it, ask it SPARQL |
| extract_document | one document (or JSONL record) to its named graph, with no store: map it on Spark or Ray |
| canned_query, canned_names | the canned questions (`kgraph query --list`) |
| explain, Fact, Evidence, explain_text | every fact about an entity with the sentences behind it |
| to_networkx, GraphFilter, analyze | the graph for networkx, and centrality, communities, paths |
| to_dataframe, rdflib_dataset | results for pandas, the store for rdflib |
| resolve_entity, annotate | a name to its IRI; spaCy Docs with kgraph's annotations |
| KgraphError | the base of every error kgraph raises |
"""
from __future__ import annotations

import warnings

__version__ = "0.1.0"

from kgraph.errors import KgraphError
from kgraph.ingest.extract import extract_document
from kgraph.ingest.runner import ingest
from kgraph.query import analyze
from kgraph.query.canned import canned_names
from kgraph.query.canned import run_canned as canned_query
from kgraph.query.explain import Evidence, Fact, explain_text
from kgraph.query.graph import GraphFilter
from kgraph.query.graph import build_graph as to_networkx
from kgraph.query.results import to_dataframe
from kgraph.query.sparql import query, resolve_entity
from kgraph.store import open_store


def annotate(texts: list[str]):
    """spaCy Docs for texts, with kgraph's entities in `doc.ents` (for displaCy) and its mentions and
    relations in `doc._.kg_mentions` and `doc._.kg_relations` (kgraph's own spaCy pipeline)."""
    from kgraph.nlp.pipeline import SpacyExtractor
    return SpacyExtractor(jobs=1).analyse(list(texts))


def explain(store, entity: str, other: str | None = None, lang: str = "en") -> list[Fact]:
    """Facts about `entity` (or between it and `other`); names in either language, or IRIs."""
    from kgraph.query.explain import facts
    x = resolve_entity(store, entity)
    return facts(store, x, resolve_entity(store, other) if other else None, lang)


def rdflib_dataset(store):
    """The embedded store as an rdflib Dataset (through oxrdflib), read and written in place: rdflib
    users can query, iterate and serialise it without a copy. The union of all graphs is not the
    default graph here (rdflib's convention); name the graphs or use GRAPH ?g in queries."""
    from rdflib import Dataset

    from kgraph.store import OxigraphStore
    if not isinstance(store, OxigraphStore):
        raise KgraphError("rdflib_dataset needs the embedded store; for a SPARQL server, use rdflib's "
                          "SPARQLStore with the server's query endpoint")
    import oxrdflib
    return Dataset(store=oxrdflib.OxigraphStore(store=store._store))


def ask(store, name: str, **params):
    """Deprecated name of canned_query (it read like SPARQL ASK)."""
    warnings.warn("kgraph.ask is now kgraph.canned_query", DeprecationWarning, stacklevel=2)
    return canned_query(store, name, **params)


def graph(store, *args, **kw):
    """Deprecated name of to_networkx."""
    warnings.warn("kgraph.graph is now kgraph.to_networkx", DeprecationWarning, stacklevel=2)
    return to_networkx(store, *args, **kw)


__all__ = ["KgraphError", "open_store", "ingest", "extract_document", "query", "canned_query", "canned_names", "explain", "Fact",
           "Evidence", "explain_text", "to_networkx", "GraphFilter", "analyze", "to_dataframe", "rdflib_dataset",
           "resolve_entity", "annotate", "__version__"]
