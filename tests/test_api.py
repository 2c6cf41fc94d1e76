"""The Python API in kgraph/__init__.py: names that say what they do, rdflib over the store in place."""
from __future__ import annotations

import networkx as nx
import pytest

import kgraph


def test_the_public_names_are_the_documented_ones():
    doc = kgraph.__doc__
    for name in kgraph.__all__:
        assert getattr(kgraph, name) is not None
        if not name.startswith("__"):
            assert name in doc, f"{name} is exported but not documented in kgraph/__init__.py"


def test_canned_query_and_to_networkx_on_the_seeds(seed_store):
    rows = kgraph.canned_query(seed_store, "partners", entity="오픈AI")
    assert rows and all("partner" in r or "other" in r or len(r) > 1 for r in rows)
    g = kgraph.to_networkx(seed_store)
    assert isinstance(g, nx.MultiDiGraph) and g.number_of_edges() > 0


def test_the_old_names_still_work_and_say_they_are_deprecated(seed_store):
    with pytest.warns(DeprecationWarning, match="canned_query"):
        old = kgraph.ask(seed_store, "partners", entity="오픈AI")
    assert old == kgraph.canned_query(seed_store, "partners", entity="오픈AI")
    with pytest.warns(DeprecationWarning, match="to_networkx"):
        assert kgraph.graph(seed_store).number_of_edges() == kgraph.to_networkx(seed_store).number_of_edges()


def test_rdflib_dataset_reads_the_store_in_place(seed_store):
    from rdflib import Dataset, URIRef
    ds = kgraph.rdflib_dataset(seed_store)
    assert isinstance(ds, Dataset)
    n = seed_store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"].toPython()
    assert sum(1 for _ in ds.quads((None, None, None, None))) == n
    graphs = seed_store.query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    row = next(iter(ds.query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))
    assert int(row[0]) == graphs.toPython() > 5
    nq = ds.serialize(format="nquads")
    assert len(nq.strip().splitlines()) == n
    assert any(isinstance(g.identifier, URIRef) and "/doc/" in str(g.identifier) for g in ds.graphs())


def test_rdflib_dataset_writes_go_to_the_store(memory_store):
    from rdflib import Literal, URIRef
    ds = kgraph.rdflib_dataset(memory_store)
    g = ds.graph(URIRef("https://example.org/g"))
    g.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal("o")))
    rows = memory_store.query("SELECT ?o WHERE { GRAPH <https://example.org/g> { ?s ?p ?o } }")
    assert [r["o"].toPython() for r in rows] == ["o"]


def test_rdflib_dataset_needs_the_embedded_store():
    from kgraph.store.remote import SparqlStore
    with pytest.raises(kgraph.KgraphError, match="embedded store"):
        kgraph.rdflib_dataset(SparqlStore("http://127.0.0.1:9/query"))


def test_annotate_gives_spacy_docs_with_kgraph_entities():
    doc = kgraph.annotate(["오픈AI는 카카오와 제휴했다."])[0]
    assert {e.text for e in doc.ents} >= {"오픈AI", "카카오"}
    assert doc._.kg_relations
