"""A query's own dataset (FROM, FROM NAMED) is the dataset it runs over, as SPARQL 1.1 says; a query
without one keeps the union of all graphs as its default graph. Through the Python API, the CLI,
the endpoint and a SPARQL server as the store."""
from __future__ import annotations

import json

import pytest
import requests
from click.testing import CliRunner
from rdflib import Literal, URIRef

import kgraph
from kgraph.cli import main
from kgraph.rdf.sparql import has_dataset_clause
from kgraph.store import open_store
from tests.conftest import require
from tests.servers import kgraph_serve, oxigraph_binary, oxigraph_serve

D = "https://w3id.org/kgraph/doc/"
G1, G2 = URIRef(D + "g1"), URIRef(D + "g2")
P = URIRef("https://w3id.org/kgraph/ontology#says")
COUNTS = {G1: 2, G2: 3}

COUNT_G1 = f"SELECT (COUNT(*) AS ?n) FROM <{G1}> WHERE {{ ?s ?p ?o }}"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# (query, expected count): the default graph is what FROM says; FROM NAMED alone leaves it empty
CASES = [
    (COUNT_ALL, 5),
    (COUNT_G1, 2),
    (f"SELECT (COUNT(*) AS ?n) FROM <{G2}> WHERE {{ ?s ?p ?o }}", 3),
    (f"select (count(*) as ?n) from <{G1}> from <{G2}> where {{ ?s ?p ?o }}", 5),
    (f"PREFIX doc: <{D}> SELECT (COUNT(*) AS ?n) FROM doc:g1 WHERE {{ ?s ?p ?o }}", 2),
    (f"BASE <{D}> SELECT (COUNT(*) AS ?n) FROM <g2> WHERE {{ ?s ?p ?o }}", 3),
    (f"SELECT (COUNT(*) AS ?n) FROM NAMED <{G1}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", 2),
    (f"SELECT (COUNT(*) AS ?n) FROM NAMED <{G1}> WHERE {{ ?s ?p ?o }}", 0),
    (f"SELECT (COUNT(*) AS ?n) FROM <{G1}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", 0),
    (f"SELECT (COUNT(*) AS ?n) FROM <{G1}> WHERE {{ {{ SELECT * WHERE {{ ?s ?p ?o }} }} }}", 2),
    # FROM in a comment, a string, an IRI, a prefixed name or a variable is no dataset
    (f"# FROM <{G1}>\nSELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}", 5),
    ('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?o != "x FROM <' + D + 'g1> y") }', 5),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?p != <http://example.org/FROM>) }", 5),
    ("PREFIX FROM: <http://example.org/> SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?p != FROM:x) }", 5),
    ("SELECT (COUNT(?from) AS ?n) WHERE { ?s ?p ?from }", 5),
]


def count(result) -> int:
    return int(result[0]["n"])


def fill(store) -> None:
    for g, n in COUNTS.items():
        store.replace_graph(g, [(URIRef(f"{g}#s{i}"), P, Literal(i)) for i in range(n)])


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("dataset") / "store")
    store = open_store(path)
    try:
        fill(store)
    finally:
        store.close()
    return path


@pytest.mark.parametrize("query, expected", CASES)
def test_detects_a_dataset_clause_as_the_parser_does(query, expected):
    from rdflib.plugins.sparql.parser import parseQuery
    parsed = parseQuery(query)[1]
    assert has_dataset_clause(query) is ("datasetClause" in parsed)


@pytest.mark.parametrize("query, expected", CASES)
def test_python_api_in_memory(query, expected):
    store = open_store(":memory:")
    fill(store)
    assert count(store.query(query)) == expected
    assert count(kgraph.query(store, query)) == expected


@pytest.mark.parametrize("query, expected", CASES)
def test_python_api_on_disk(store_dir, query, expected):
    """kgraph.query runs the query in a worker process that opens the store read-only."""
    with open_store(store_dir, read_only=True) as store:
        assert count(kgraph.query(store, query)) == expected


def test_bindings_keep_the_dataset(store_dir):
    q = f"SELECT (COUNT(*) AS ?n) FROM <{G1}> WHERE {{ ?s ?p ?o }}"
    with open_store(store_dir, read_only=True) as store:
        assert count(kgraph.query(store, q, {"p": P})) == 2
        assert count(kgraph.query(store, q.replace(f" FROM <{G1}>", ""), {"p": P})) == 5


def test_cli(store_dir):
    for query, expected in [(COUNT_G1, 2), (COUNT_ALL, 5)]:
        res = CliRunner().invoke(main, ["--store", store_dir, "query", query, "--format", "json"])
        assert res.exit_code == 0, res.output
        rows = json.loads(res.output)["results"]["bindings"]
        assert [int(r["n"]["value"]) for r in rows] == [expected]


def test_endpoint(store_dir, tmp_path):
    srv = kgraph_serve(store_dir, tmp_path)
    try:
        def get(query, **params):
            r = requests.get(srv.url + "/sparql", params={"query": query, **params},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30)
            assert r.status_code == 200, r.text
            return int(r.json()["results"]["bindings"][0]["n"]["value"])
        for query, expected in CASES:
            assert get(query) == expected, query
        # the protocol's default-graph-uri takes the place of the query's FROM
        assert get(COUNT_G1, **{"default-graph-uri": str(G2)}) == 3
        assert get(COUNT_ALL, **{"default-graph-uri": str(G1)}) == 2
    finally:
        srv.close()


def test_sparql_server_as_the_store(tmp_path):
    require(oxigraph_binary() is not None, "Oxigraph server is not installed (pip install oxigraph)")
    srv = oxigraph_serve(tmp_path / "data", tmp_path)
    try:
        with open_store(srv.url) as store:
            fill(store)
            for query, expected in CASES:
                assert count(store.query(query)) == expected, query
    finally:
        srv.close()
