"""A real Oxigraph server as the store: every command works, and the graph equals the embedded one."""
from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kgraph.cli import main
from kgraph.errors import StoreError
from kgraph.query.canned import run_canned
from kgraph.store import RemoteOptions, SparqlStore, open_store
from tests.conftest import SEEDS, require
from tests.servers import free_port, kgraph_serve, oxigraph_binary, oxigraph_serve


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    require(oxigraph_binary() is not None, "Oxigraph server is not installed (pip install oxigraph)")
    tmp = tmp_path_factory.mktemp("oxigraph")
    srv = oxigraph_serve(tmp / "data", tmp)
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def remote(oxigraph, extractor):
    from kgraph.ingest.runner import ingest
    store = open_store(oxigraph.url)
    report = ingest(store, [str(SEEDS)], extractor=extractor)
    assert report.ok and report.ingested == 5, report.failed
    yield store
    store.close()


def canonical_nquads(store) -> list[str]:
    import io
    buf = io.BytesIO()
    store.dump(buf, "nquads")
    return sorted(line for line in buf.getvalue().decode().splitlines() if "#ingestedAt>" not in line)


def answer(store, name, **params) -> set[tuple]:
    return {tuple(sorted((k, str(v)) for k, v in r.items())) for r in run_canned(store, name, **params)}


def test_same_graph_as_the_embedded_store(remote, seed_store):
    assert remote.quad_count() == seed_store.quad_count()
    assert sorted(remote.graphs()) == sorted(seed_store.graphs())
    assert canonical_nquads(remote) == canonical_nquads(seed_store)


@pytest.mark.parametrize("name,params", [
    ("partners", {"entity": "오픈AI"}), ("people", {"org": "OpenAI"}), ("relations", {"entity": "Kakao"}),
    ("paths", {"x": "카카오", "y": "SoftBank"}), ("central", {}), ("discovered", {}),
    ("documents", {"entity": "Krafton"}), ("modality", {"modality": "planned"}), ("timeline", {}),
])
def test_canned_answers_equal(remote, seed_store, name, params):
    assert answer(remote, name, **params) == answer(seed_store, name, **params)


def test_reingest_is_unchanged_and_commands_work(remote, oxigraph, tmp_path):
    def cli(*args):
        return CliRunner().invoke(main, ["--store", oxigraph.url, *args])
    res = cli("ingest", str(SEEDS))
    assert res.exit_code == 0 and "0 ingested, 5 unchanged" in res.output, res.output
    assert len(json.loads(cli("docs", "--format", "json").output)) == 5
    assert json.loads(cli("stats", "--format", "json").output)["documents"] == 5
    assert "Kakao partners with OpenAI" in cli("explain", "카카오", "OpenAI", "--format", "table").output
    assert cli("analyze", "centrality", "--top", "3", "--format", "table").output.splitlines()[2].startswith("OpenAI")
    assert cli("validate").output.strip().endswith("0 violations")
    out = tmp_path / "g.html"
    assert cli("viz", "-o", str(out)).exit_code == 0 and out.stat().st_size > 100_000
    assert cli("export", "--format", "graphml", "-o", str(tmp_path / "g.graphml")).exit_code == 0
    assert "Kakao" in cli("query", "--name", "partners", "-p", "entity=OpenAI", "--format", "csv").output


def test_remove_on_the_remote_store(oxigraph, tmp_path, extractor):
    from kgraph.ingest.runner import ingest
    doc = tmp_path / "extra.txt"
    doc.write_text("한빛전자는 모아테크와 전략적 제휴를 맺었다.", encoding="utf-8")
    store = open_store(oxigraph.url)
    try:
        assert ingest(store, [str(doc)], extractor=extractor).ingested == 1
        res = CliRunner().invoke(main, ["--store", oxigraph.url, "remove", "extra.txt"])
        assert res.exit_code == 0 and not store.has_graph(URIRef("https://w3id.org/kgraph/doc/extra.txt"))
    finally:
        store.close()


def test_failed_write_leaves_the_old_graph_whole(oxigraph):
    store = open_store(oxigraph.url)
    g = URIRef("https://w3id.org/kgraph/doc/atomic-test")
    good = Graph()
    for i in range(200):
        good.add((URIRef(f"https://example.org/s{i}"), URIRef("https://example.org/p"), Literal(i)))
    try:
        store.replace_graph(g, good)
        bad = Graph()
        for i in range(200):
            bad.add((URIRef(f"https://example.org/t{i}"), URIRef("https://example.org/p"), Literal(i)))
        bad.add((URIRef("https://example.org/has space"), URIRef("https://example.org/p"), Literal("x")))
        with pytest.raises(Exception):
            store.replace_graph(g, bad)
        assert store.quad_count(g) == 200
        assert store.query(f"ASK {{ GRAPH <{g}> {{ <https://example.org/s0> ?p ?o }} }}") is True
    finally:
        store.remove_graph(g)
        store.close()


def test_graph_store_protocol_writes(oxigraph):
    store = open_store(oxigraph.url, remote=RemoteOptions(gsp_endpoint=oxigraph.url + "/store"))
    g = URIRef("https://w3id.org/kgraph/doc/gsp-test")
    content = Graph()
    content.add((URIRef("https://example.org/a"), URIRef("https://example.org/b"), Literal("한국어")))
    try:
        store.replace_graph(g, content)
        store.replace_graph(g, content)
        assert store.quad_count(g) == 1
        rows = store.query("SELECT ?o WHERE { GRAPH ?g { <https://example.org/a> ?p ?o } }")
        assert str(rows[0]["o"]) == "한국어"
    finally:
        store.remove_graph(g)
        store.close()


def test_unreachable_server_is_a_clear_bounded_error():
    url = f"http://127.0.0.1:{free_port()}"
    store = SparqlStore(url, RemoteOptions(retries=2, timeout=2))
    started = time.monotonic()
    with pytest.raises(StoreError, match=rf"query failed at {url}/query after 2 attempt\(s\): cannot connect"):
        store.query("ASK { ?s ?p ?o }")
    assert time.monotonic() - started < 10
    res = CliRunner().invoke(main, ["--store", url, "docs"])
    assert res.exit_code == 1 and f"{url}/query" in res.output and "Traceback" not in res.output


def test_credentials_stay_out_of_the_location():
    store = SparqlStore("http://alice:secret@127.0.0.1:9/ds")
    assert store.location == "http://127.0.0.1:9/ds" and store.session.auth == ("alice", "secret")
    assert store.query_url == "http://127.0.0.1:9/ds/query"
    store = SparqlStore("http://127.0.0.1:9", RemoteOptions(user="bob", password="pw",
                                                             query_endpoint="http://127.0.0.1:9/sparql"))
    assert store.session.auth == ("bob", "pw") and store.query_url == "http://127.0.0.1:9/sparql"


def test_kgraph_serve_in_front_of_a_remote_store(remote, oxigraph, tmp_path):
    import requests
    srv = kgraph_serve(oxigraph.url, tmp_path, "--no-html")
    try:
        r = requests.post(srv.url + "/sparql", timeout=30, headers={"Accept": "text/csv"},
                          data={"query": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a "
                                         "<https://w3id.org/kgraph/ontology#Document> }"})
        assert r.status_code == 200 and r.text.splitlines()[1] == "5"
    finally:
        srv.close()
