"""Nothing gets in, nothing goes out: the endpoint under a bounded loopback fuzz run, and parsing
that never fetches a URL. A listener on loopback stands in for 'the internet' and must stay silent."""
from __future__ import annotations

import random
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from click.testing import CliRunner

from kgraph.cli import main
from tests import minigraph
from tests.servers import kgraph_serve

ALLOWED = {200, 400, 403, 404, 405, 406, 413, 414, 415, 431, 503}


class Listener:
    """A TCP listener on loopback that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    srv = kgraph_serve(minigraph.store_dir(tmp / "store", hostile=True), tmp, "--timeout", "2", "--max-body", "100000")
    yield srv
    srv.close()


def fuzz_cases(listener_url: str, seed: int = 11, n: int = 240) -> list[tuple[str, dict]]:
    """(method, requests kwargs) for a bounded, reproducible set of hostile requests."""
    rnd = random.Random(seed)
    valid = "SELECT ?s WHERE { ?s a <https://w3id.org/kgraph/ontology#Document> }"
    outbound = [f"SELECT * WHERE {{ SERVICE <{listener_url}/sparql> {{ ?s ?p ?o }} }}",
                f"SELECT * WHERE {{ SERVICE SILENT <{listener_url}/> {{ ?s ?p ?o }} }}",
                f"SELECT * FROM <{listener_url}/data.ttl> WHERE {{ ?s ?p ?o }}",
                f"SELECT * FROM NAMED <{listener_url}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                f"LOAD <{listener_url}/data.ttl>", f"LOAD SILENT <{listener_url}/x> INTO GRAPH <urn:g>",
                f"SELECT * WHERE {{ \\u0053ERVICE <{listener_url}/> {{ ?s ?p ?o }} }}",
                f"select * where {{ service <{listener_url}/> {{ ?s ?p ?o }} }}",
                f"DESCRIBE <{listener_url}/thing>",
                f"SELECT * WHERE {{ BIND(IRI(\"{listener_url}/\") AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}"]
    updates = ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DROP ALL", "CLEAR DEFAULT",
               "DELETE WHERE { ?s ?p ?o }", f"COPY <{listener_url}/a> TO <urn:b>"]
    cases: list[tuple[str, dict]] = []
    for q in outbound:
        cases += [("POST", {"data": {"query": q}}), ("GET", {"params": {"query": q}}),
                  ("POST", {"data": q.encode(), "headers": {"Content-Type": "application/sparql-query"}})]
    for u in updates:
        cases += [("POST", {"data": {"update": u}}), ("POST", {"data": {"query": u}}),
                  ("POST", {"data": u.encode(), "headers": {"Content-Type": "application/sparql-update"}})]
    cases += [
        ("POST", {"data": {"query": "SELECT * WHERE " + "{" * 20000 + "}" * 20000}}),
        ("POST", {"data": {"query": "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"}}),
        ("POST", {"data": {"query": valid + " #" + "x" * 200_000}}),                      # over the body limit
        ("GET", {"params": {"query": valid + " #" + "x" * 100_000}}),                     # over the URL limit
        ("POST", {"data": b"\xff\xfe\x00garbage", "headers": {"Content-Type": "application/sparql-query"}}),
        ("POST", {"data": b"query=%ff%fe", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
        ("POST", {"data": b"{}", "headers": {"Content-Type": "application/json"}}),
        ("POST", {"data": {"query": [valid, valid]}}),
        ("GET", {"params": {"query": valid, "default-graph-uri": listener_url}}),
        ("GET", {"params": {"query": valid}, "headers": {"Accept": "x" * 5000}}),
        ("PUT", {"data": b"<a> <b> <c> ."}), ("DELETE", {}), ("PATCH", {}), ("OPTIONS", {}),
        ("POST", {"data": {"query": minigraph.HOSTILE}}),
        ("POST", {"data": {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999"}}),
        ("POST", {"data": {"query": "SELECT (REGEX(\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\", \"(a+)+$\") AS ?x) {}"}}),
    ]
    alphabet = "SELECT WHERE { } ( ) ?s ?p ?o . ; , \" ' < > # \\ \n 가 OPTIONAL UNION FILTER GRAPH BIND AS"
    words = alphabet.split(" ") + ["\n", "\x00", "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace")]
    while len(cases) < n:                                        # random token soup, some of it nearly valid
        q = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 60)))
        cases.append(("POST", {"data": {"query": q}}))
    return cases


def test_fuzz_every_request_gets_a_proper_answer_and_nothing_goes_out(server, listener):
    url = server.url + "/sparql"

    def send(case):
        method, kw = case
        try:
            r = requests.request(method, url, timeout=30, **kw)
            return r.status_code
        except requests.ConnectionError as err:     # the server may close a connection it refused
            return f"connection: {err}"
    with ThreadPoolExecutor(max_workers=24) as pool:            # many requests at once
        statuses = list(pool.map(send, fuzz_cases(listener.url)))
    odd = [(s, c[0], str(c[1])[:120]) for s, c in zip(statuses, fuzz_cases(listener.url)) if s not in ALLOWED]
    assert odd == []
    assert statuses.count(200) >= 1
    # still up and answering
    r = requests.post(url, data={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert r.status_code == 200 and r.json()["boolean"] is True
    assert server.proc.poll() is None
    assert listener.connections == 0


def test_outbound_refusals_in_every_store_path(listener, tmp_path):
    res = CliRunner().invoke(main, ["--store", ":memory:", "query",
                                    f"SELECT * WHERE {{ SERVICE <{listener.url}/> {{ ?s ?p ?o }} }}"])
    assert res.exit_code == 1 and "refused" in res.output
    assert listener.connections == 0


def test_ingest_never_fetches_what_documents_point_to(listener, tmp_path, extractor):
    from kgraph.ingest.runner import ingest
    from kgraph.store import open_store
    u = listener.url
    (tmp_path / "page.html").write_text(
        f"<html><head><link rel=stylesheet href='{u}/s.css'><script src='{u}/a.js'></script>"
        f"<script type='application/ld+json'>{{\"@context\": \"{u}/ctx\", \"datePublished\": \"2025-01-01\"}}"
        f"</script><base href='{u}/'></head><body><img src='{u}/i.png'><iframe src='{u}/f'></iframe>"
        f"<p>오픈AI는 카카오와 제휴했다.</p><object data='{u}/o'></object></body></html>", encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(
        f'{{"@context": "{u}/ctx", "@id": "{u}/doc", "text": "삼성전자는 SK하이닉스와 협력했다.", "url": "{u}/x"}}\n',
        encoding="utf-8")
    (tmp_path / "front.md").write_text(f"---\ntitle: t\nurl: {u}/m\n$ref: {u}/ref\n---\n네이버는 카카오와 경쟁한다.",
                                       encoding="utf-8")
    store = open_store(":memory:")
    try:
        report = ingest(store, [str(tmp_path)], extractor=extractor)
        assert report.ingested == 3, report.failed
        for fmt in ("jsonld", "turtle", "nquads"):
            import io
            store.dump(io.BytesIO(), fmt)
    finally:
        store.close()
    assert listener.connections == 0


def test_remote_store_never_parses_formats_that_fetch(listener):
    """A server that answers with JSON-LD (whose @context would be fetched) is refused, not parsed."""
    import http.server

    class Fake(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = f'{{"@context": "{listener.url}/ctx", "@id": "urn:a", "urn:p": "x"}}'.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass
    httpd = http.server.HTTPServer(("127.0.0.1", 0), Fake)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        from kgraph.errors import StoreError
        from kgraph.store import open_store
        store = open_store(f"http://127.0.0.1:{httpd.server_address[1]}")
        with pytest.raises(StoreError, match="unexpected response type 'application/ld\\+json'"):
            store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        store.close()
    finally:
        httpd.shutdown()
    assert listener.connections == 0
