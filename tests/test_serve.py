"""`kgraph serve` on loopback, driven by real clients: SPARQLWrapper and curl."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import time

import pytest
import requests
from click.testing import CliRunner

from kgraph.cli import main
from tests import minigraph
from tests.conftest import require
from tests.servers import kgraph_serve

DOCS = "SELECT ?d WHERE { ?d a <https://w3id.org/kgraph/ontology#Document> } ORDER BY ?d"
HEAVY = 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), "x")) }'


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    return minigraph.store_dir(tmp_path_factory.mktemp("serve") / "store")


@pytest.fixture(scope="module")
def server(store_dir, tmp_path_factory):
    srv = kgraph_serve(store_dir, tmp_path_factory.mktemp("log"), "--timeout", "2", "--max-rows", "5",
                       "--max-body", "10000")
    yield srv
    srv.close()


def sparql(server):
    from SPARQLWrapper import SPARQLWrapper
    w = SPARQLWrapper(server.url + "/sparql")
    w.setMethod("POST")
    return w


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select_in_each_format(server, fmt):
    w = sparql(server)
    w.setQuery(DOCS)
    w.setReturnFormat(fmt)
    res = w.query()
    body = res.convert()
    docs = [f"https://w3id.org/kgraph/doc/d{i}" for i in (1, 2, 3, 4)]
    if fmt == "json":
        assert [b["d"]["value"] for b in body["results"]["bindings"]] == docs
    elif fmt == "xml":
        assert [u.firstChild.data for u in body.getElementsByTagName("uri")] == docs
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(body.decode()))) == [["d"]] + [[d] for d in docs]
    else:
        assert body.decode().splitlines() == ["?d"] + [f"<{d}>" for d in docs]


def test_sparqlwrapper_ask_and_construct(server):
    from SPARQLWrapper import JSON, N3, TURTLE
    w = sparql(server)
    w.setQuery("ASK { ?s <https://w3id.org/kgraph/ontology#partnerOf> ?o }")
    w.setReturnFormat(JSON)
    assert w.query().convert()["boolean"] is True
    w.setQuery("CONSTRUCT { ?d a ?t } WHERE { GRAPH ?d { ?d a ?t } }")
    from rdflib import Graph
    for fmt in (TURTLE, N3):
        w.setReturnFormat(fmt)
        res = w.query()
        assert res.info()["content-type"].startswith(("text/turtle", "application/n-triples"))
        g = Graph().parse(data=res.convert().decode("utf-8"), format="turtle")
        assert len(g) == 4


def test_curl_get_post_form_and_direct(server):
    curl = shutil.which("curl")
    require(curl is not None, "curl is not installed")
    base = [curl, "-s", "-S", "--fail-with-body"]
    get = subprocess.run(base + ["-G", "-H", "Accept: text/csv", "--data-urlencode", f"query={DOCS}",
                                 server.url + "/sparql"], capture_output=True, text=True, check=True)
    form = subprocess.run(base + ["-H", "Accept: text/csv", "--data-urlencode", f"query={DOCS}",
                                  server.url + "/sparql"], capture_output=True, text=True, check=True)
    direct = subprocess.run(base + ["-H", "Accept: text/csv", "-H", "Content-Type: application/sparql-query",
                                    "--data-binary", DOCS, server.url + "/sparql"],
                            capture_output=True, text=True, check=True)
    assert get.stdout == form.stdout == direct.stdout
    assert get.stdout.splitlines()[0] == "d" and len(get.stdout.splitlines()) == 5
    xml = subprocess.run(base + ["-H", "Accept: application/sparql-results+xml", "--data-urlencode",
                                 f"query={DOCS}", server.url + "/sparql"], capture_output=True, text=True, check=True)
    assert "<sparql xmlns" in xml.stdout


def post(server, **kw):
    return requests.post(server.url + "/sparql", timeout=30, **kw)


def test_updates_are_forbidden(server):
    assert post(server, data={"update": "DROP ALL"}).status_code == 403
    r = post(server, data="DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 403 and "read-only" in r.text
    assert requests.put(server.url + "/sparql", data="x", timeout=10).status_code == 403
    assert post(server, data={"query": "INSERT DATA { <a:a> <a:b> <a:c> }"}).status_code == 400
    assert post(server, data={"query": DOCS}).text.count("/doc/d") == 4      # still all there


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
])
def test_outbound_requests_are_refused(server, query):
    r = post(server, data={"query": query})
    assert r.status_code == 400 and "refused" in r.text


def test_bad_query_gets_the_parser_message(server):
    r = post(server, data={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400 and "SPARQL syntax error at line 1, column 26" in r.text
    r = post(server, data={"query": "SELECT ?x WHERE { ?x ?y ?z"})       # in words, with the place
    assert r.status_code == 400 and 'the query ends before the "{" at line 1, column 17 is closed' in r.text
    assert r.text.rstrip().endswith("  SELECT ?x WHERE { ?x ?y ?z\n" + " " * 28 + "^") and "\\u{" not in r.text


def test_time_limit_and_the_server_keeps_answering(server):
    started = time.monotonic()
    r = post(server, data={"query": HEAVY})
    assert r.status_code == 503 and "time limit of 2 s" in r.text
    assert time.monotonic() - started < 10
    assert post(server, data={"query": DOCS}, headers={"Accept": "text/csv"}).status_code == 200


def test_row_cap_is_stated(server):
    r = post(server, data={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and len(r.text.strip().splitlines()) == 1 + 5
    assert r.headers["X-Kgraph-Row-Cap"] == "5; truncated"
    r = post(server, data={"query": DOCS}, headers={"Accept": "text/csv"})
    assert "X-Kgraph-Row-Cap" not in r.headers


def test_body_limit_negotiation_and_paths(server):
    r = post(server, data={"query": DOCS + " #" + "x" * 20_000})
    assert r.status_code == 413
    r = post(server, data={"query": DOCS}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert requests.get(server.url + "/nothing", timeout=10).status_code == 404
    desc = requests.get(server.url + "/sparql", timeout=10)
    assert desc.status_code == 200 and "sd:Service" in desc.text and desc.headers["Content-Type"].startswith(
        "text/turtle")
    page = requests.get(server.url + "/", timeout=10)
    assert page.status_code == 200 and "vis.Network" in page.text
    assert "Access-Control-Allow-Origin" not in page.headers
    assert requests.options(server.url + "/sparql", timeout=10).status_code == 405


D = "https://w3id.org/kgraph/doc/"


def docs_in(r) -> list[str]:
    assert r.status_code == 200, r.text
    return [b["d"]["value"] for b in r.json()["results"]["bindings"]]


def test_default_graph_uri_sets_the_default_graph(server):
    """SPARQL 1.1 Protocol 2.1.4: the default graph is the merge of the default-graph-uri graphs
    (these used to get 400). GET and POST, one or several, and they take the place of FROM."""
    accept = {"Accept": "application/sparql-results+json"}
    assert docs_in(post(server, data={"query": DOCS}, headers=accept)) == [D + f"d{i}" for i in (1, 2, 3, 4)]
    assert docs_in(post(server, data={"query": DOCS, "default-graph-uri": D + "d2"}, headers=accept)) == [D + "d2"]
    r = requests.get(server.url + "/sparql", params=[("query", DOCS), ("default-graph-uri", D + "d1"),
                                                     ("default-graph-uri", D + "d3")], headers=accept, timeout=10)
    assert docs_in(r) == [D + "d1", D + "d3"]
    from_d4 = DOCS.replace(" WHERE", f" FROM <{D}d4> WHERE")
    assert docs_in(post(server, data={"query": from_d4, "default-graph-uri": D + "d1"}, headers=accept)) == [D + "d1"]
    # a graph the store does not hold is empty: nothing is fetched
    assert docs_in(post(server, data={"query": DOCS, "default-graph-uri": "http://127.0.0.1:9/x"},
                        headers=accept)) == []
    r = post(server, data={"query": DOCS, "default-graph-uri": "not an iri"})
    assert r.status_code == 400 and "default-graph-uri 'not an iri' is not an absolute IRI" in r.text


def test_named_graph_uri_sets_the_named_graphs(server):
    accept = {"Accept": "application/sparql-results+json"}
    q = "SELECT ?d WHERE { GRAPH ?d { ?d a <https://w3id.org/kgraph/ontology#Document> } } ORDER BY ?d"
    assert docs_in(post(server, data={"query": q, "named-graph-uri": D + "d3"}, headers=accept)) == [D + "d3"]
    # with named graphs only, the default graph is empty, as the protocol says
    assert docs_in(post(server, data={"query": DOCS, "named-graph-uri": D + "d3"}, headers=accept)) == []
    r = post(server, data={"query": q, "named-graph-uri": "<" + D + "d3>"})
    assert r.status_code == 400 and "named-graph-uri" in r.text
    # as a client sends them: SPARQLWrapper's addDefaultGraph and addNamedGraph
    from SPARQLWrapper import JSON
    w = sparql(server)
    w.setQuery(q)
    w.addNamedGraph(D + "d1")
    w.setReturnFormat(JSON)
    assert [b["d"]["value"] for b in w.query().convert()["results"]["bindings"]] == [D + "d1"]
    w = sparql(server)
    w.setQuery(DOCS)
    w.addDefaultGraph(D + "d4")
    w.setReturnFormat(JSON)
    assert [b["d"]["value"] for b in w.query().convert()["results"]["bindings"]] == [D + "d4"]


def test_a_writer_may_write_while_the_server_runs(server, store_dir):
    # the server reads the store's last snapshot and holds no lock (tests/test_live.py: ingest and kill -9)
    res = CliRunner().invoke(main, ["--store", store_dir, "reindex"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["--store", store_dir, "docs", "--format", "json"])   # readers may read
    assert res.exit_code == 0 and len(json.loads(res.output)) == 4


def test_cors_only_when_asked(store_dir, tmp_path, server):
    srv = kgraph_serve(":memory:", tmp_path, "--cors", "--no-html")
    try:
        r = requests.get(srv.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
        assert r.headers["Access-Control-Allow-Origin"] == "*" and r.json()["boolean"] is False
        assert requests.options(srv.url + "/sparql", timeout=10).status_code == 204
        assert requests.get(srv.url + "/", timeout=10).status_code == 404
    finally:
        srv.close()


def test_busy_port_is_a_clear_error(server):
    port = server.url.rsplit(":", 1)[1]
    res = CliRunner().invoke(main, ["--store", ":memory:", "serve", "--port", port, "--no-html"])
    assert res.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in res.output


def test_a_cheap_query_does_not_wait_behind_heavy_ones(tmp_path):
    """Behind 30 heavy queries an ASK {} waited 28.7 s. With every worker busy, the fast lane takes the
    ASK; the heavy query that tried it is stopped there after --fast-lane seconds, and the others of
    the same text go to the queue of the busy worker. The ASK is answered while they all still run."""
    import threading
    srv = kgraph_serve(minigraph.store_dir(tmp_path / "store"), tmp_path, "--workers", "1", "--timeout", "6",
                       "--fast-lane", "1", "--no-html")
    try:
        finished: dict[str, tuple[float, int]] = {}

        def ask(name, text):
            r = post(srv, data={"query": text}, headers={"Accept": "application/sparql-results+json"})
            finished[name] = (time.monotonic(), r.status_code)
        heavy = [threading.Thread(target=ask, args=(f"heavy{n}", HEAVY)) for n in range(4)]
        for t in heavy:
            t.start()
            time.sleep(0.05)
        time.sleep(0.3)
        ask("ASK", "ASK {}")
        for t in heavy:
            t.join(30)
        assert finished["ASK"][1] == 200
        assert all(finished[f"heavy{n}"][1] == 503 for n in range(4)), finished
        assert finished["ASK"][0] < min(finished[f"heavy{n}"][0] for n in range(4)), finished
    finally:
        srv.close()


def test_without_a_fast_lane_it_waits(tmp_path):
    """The same requests with --fast-lane 0: the ASK queues behind the heavy queries (what the test
    above guards against, shown to happen)."""
    import threading
    srv = kgraph_serve(minigraph.store_dir(tmp_path / "store"), tmp_path, "--workers", "1", "--timeout", "3",
                       "--fast-lane", "0", "--no-html")
    try:
        finished: dict[str, tuple[float, int]] = {}

        def ask(name, text):
            r = post(srv, data={"query": text}, headers={"Accept": "application/sparql-results+json"})
            finished[name] = (time.monotonic(), r.status_code)
        first = threading.Thread(target=ask, args=("heavy", HEAVY))
        first.start()
        time.sleep(0.5)
        ask("ASK", "ASK {}")
        first.join(30)
        # no answer before the heavy query ends: a 503 once its wait outlasts the limit, or a late 200
        assert finished["ASK"][1] == 503 or finished["ASK"][0] > finished["heavy"][0], finished
    finally:
        srv.close()


@pytest.mark.parametrize("query,accept,params,expected", [
    ("CONSTRUCT { ?d a ?t } WHERE { GRAPH ?d { ?d a ?t } }", "application/sparql-results+json, application/n-triples;q=0.9",
     [], "application/n-triples"),                                            # the query page
    ("DESCRIBE <https://w3id.org/kgraph/entity/Kakao>", "text/html,application/xhtml+xml,application/xml;q=0.9,"
     "image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7", [], "application/rdf+xml"),
    ("CONSTRUCT { ?d a ?t } WHERE { GRAPH ?d { ?d a ?t } }", "text/turtle,application/n-triples;q=0.9,"
     "application/ld+json;q=0.8,application/rdf+xml;q=0.7,*/*;q=0.3", [], "text/turtle"),          # Jena
    (DOCS, "text/tab-separated-values", [("format", "tsv"), ("format", "text/tab-separated-values")],
     "text/tab-separated-values"),                                            # SPARQLWrapper TSV
    ("CONSTRUCT { ?d a ?t } WHERE { GRAPH ?d { ?d a ?t } }", "*/*", [("format", "json"), ("output", "json")],
     "application/ld+json"),                                                  # SPARQLWrapper JSON on a graph
])
def test_clients_get_the_type_they_asked_for_over_http(server, query, accept, params, expected):
    r = requests.get(server.url + "/sparql", params=[("query", query), *params], headers={"Accept": accept},
                     timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] == expected, r.text[:200]
