"""kgraph: knowledge graphs of AI-industry partnerships from Korean and English news.

The Python API is one object opened on a store, the one the CLI calls too::

    import kgraph
    with kgraph.KGraph("kgraph-store") as kg:          # or ":memory:", a SPARQL server's URL, or a Store
        kg.ingest(["seeds"])                            # load, extract, one named graph per document
        rows = kg.query("SELECT ...")                   # list of dicts of rdflib terms
        rows = kg.canned_query("partners", entity="오픈AI")   # a canned question, by name
        page = kg.ask("timeline", limit=20)             # by the page: has_more, next(), to_pandas()
        df = kgraph.to_dataframe(rows)                  # pandas (the `notebook` extra)
        g = kg.to_networkx(kgraph.GraphFilter(modalities=["stated"]))   # networkx MultiDiGraph
        for fact in kg.explain("카카오", "OpenAI"):       # facts with their sentences and sources
            print(fact.sentence(), fact.modality, fact.documents)
        ds = kg.rdflib_dataset()                        # the store as an rdflib Dataset, in place
    doc = kgraph.annotate(["오픈AI는 카카오와 제휴했다."])[0]   # spaCy Doc: doc.ents for displaCy

| name | what it is |
| --- | --- |
| KGraph, Analysis | the library on one store: ingest, query, canned_query, explain, analyze, export, viz, ... |
| extract_document | one document (or JSONL record) to its named graph, with no store: map it on Spark or Ray |
| canned_names | the canned questions (`kgraph query --list`) |
| Fact, Evidence, explain_text | the facts KGraph.explain gives, and their text |
| GraphFilter, analyze | the graph filters, and the analytics over a networkx graph |
| to_dataframe | results for pandas |
| annotate | spaCy Docs with kgraph's annotations |
| KgraphError | the base of every error kgraph raises |
| open_store, ingest, query, canned_query, explain, to_networkx, rdflib_dataset, resolve_entity | the same as KGraph's methods, as functions of a store |
"""
from __future__ import annotations

import warnings

__version__ = "0.1.0"

from kgraph.api import Analysis, KGraph
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
from kgraph.query.resolve import resolve_entity
from kgraph.query.run import query
from kgraph.store import open_store


def annotate(texts: list[str]):
    """spaCy Docs for texts, with kgraph's entities in `doc.ents` (for displaCy) and its mentions and
    relations in `doc._.kg_mentions` and `doc._.kg_relations` (kgraph's own spaCy pipeline)."""
    from kgraph.nlp.pipeline import SpacyExtractor
    return SpacyExtractor(threads=1).analyse(list(texts))


def explain(store, entity: str, other: str | None = None, lang: str = "en") -> list[Fact]:
    """KGraph(store).explain: facts about `entity` (or between it and `other`)."""
    return KGraph(store).explain(entity, other, lang)


def rdflib_dataset(store):
    """KGraph(store).rdflib_dataset: the embedded store as an rdflib Dataset, in place."""
    return KGraph(store).rdflib_dataset()


def ask(store, name: str, **params):
    """Deprecated name of canned_query (it read like SPARQL ASK)."""
    warnings.warn("kgraph.ask is now kgraph.canned_query", DeprecationWarning, stacklevel=2)
    return canned_query(store, name, **params)


def graph(store, *args, **kw):
    """Deprecated name of to_networkx."""
    warnings.warn("kgraph.graph is now kgraph.to_networkx", DeprecationWarning, stacklevel=2)
    return to_networkx(store, *args, **kw)


__all__ = ["KGraph", "Analysis", "KgraphError", "open_store", "ingest", "extract_document", "query", "canned_query", "canned_names", "explain", "Fact",
           "Evidence", "explain_text", "to_networkx", "GraphFilter", "analyze", "to_dataframe", "rdflib_dataset",
           "resolve_entity", "annotate", "__version__"]
