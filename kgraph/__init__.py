"""kgraph: knowledge graphs of AI-industry partnerships from Korean and English news.

The Python API (the CLI calls the same functions)::

    import kgraph
    store = kgraph.open_store("kgraph-store")          # or ":memory:"
    kgraph.ingest(store, ["seeds"])                     # load, extract, one named graph per document
    rows = kgraph.query(store, "SELECT ...")            # list of dicts of rdflib terms
    rows = kgraph.ask(store, "partners", entity="오픈AI")  # a canned question, parameters by name
    df = kgraph.to_dataframe(rows)                      # pandas (the `notebook` extra)
    g = kgraph.graph(store, kgraph.GraphFilter(modalities=["stated"]))   # networkx MultiDiGraph
    for fact in kgraph.explain(store, "카카오", "OpenAI"):  # facts with their sentences and sources
        print(fact.sentence(), fact.modality, fact.documents)
    doc = kgraph.annotate(["오픈AI는 카카오와 제휴했다."])[0]   # spaCy Doc: doc.ents for displaCy
    store.close()
"""
from __future__ import annotations

__version__ = "0.1.0"

from kgraph.errors import KgraphError
from kgraph.ingest.runner import ingest
from kgraph.query import analyze
from kgraph.query.canned import canned_names, run_canned as ask
from kgraph.query.explain import Evidence, Fact, explain_text
from kgraph.query.graph import GraphFilter, build_graph as graph
from kgraph.query.results import to_dataframe
from kgraph.query.sparql import query, resolve_entity
from kgraph.store import open_store


def annotate(texts: list[str]):
    """spaCy Docs for texts, with kgraph's entities in `doc.ents` (for displaCy) and its mentions and
    relations in `doc._.kg_mentions` and `doc._.kg_relations`."""
    from kgraph.nlp.pipeline import get_extractor
    return get_extractor(jobs=1).analyse(list(texts))


def explain(store, entity: str, other: str | None = None, lang: str = "en") -> list[Fact]:
    """Facts about `entity` (or between it and `other`); names in either language, or IRIs."""
    from kgraph.query.explain import facts
    x = resolve_entity(store, entity)
    return facts(store, x, resolve_entity(store, other) if other else None, lang)


__all__ = ["KgraphError", "open_store", "ingest", "query", "ask", "canned_names", "resolve_entity",
           "to_dataframe", "graph", "GraphFilter", "explain", "annotate", "explain_text", "Fact", "Evidence", "analyze",
           "__version__"]
