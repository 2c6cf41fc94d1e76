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
from tests.conftest import SEEDS, require
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
    r = post(server, data={"query": DOCS, "default-graph-uri": "http://x/"})
    assert r.status_code == 400


def test_a_writer_is_told_the_store_is_in_use(server, store_dir):
    res = CliRunner().invoke(main, ["--store", store_dir, "ingest", str(SEEDS)])
    assert res.exit_code == 1 and "is in use by" in res.output
    # the message names the holder: its command and process id
    assert "serve" in res.output and f"pid {server.proc.pid}" in res.output
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
