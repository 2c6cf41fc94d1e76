"""The SPARQL query page of `kgraph serve` (/query): vendored editor files as recorded, examples filled
in for the store, the routes, and the page driven in headless Chromium (type, Ctrl+Enter, a sorted
table, CSV, a link to the graph), offline: no request leaves the server."""
from __future__ import annotations

import csv
import hashlib
import io
import re

import pytest
import requests

from kgraph.query.canned import canned_examples, canned_names
from kgraph.query.run import query
from kgraph.serve.querypage import ASSETS, render_query_page
from tests import minigraph
from tests.browsers import ARTIFACTS, Page
from tests.servers import kgraph_serve

KAKAO = "https://w3id.org/kgraph/entity/Kakao"
TYPED = """SELECT ?partner ?documents WHERE {
  GRAPH kgg:facts { ?f kg:factSubject|kg:factObject ent:Kakao ; kg:factPredicate kg:partnerOf ;
                       kg:factSubject|kg:factObject ?partner ; kg:documentCount ?documents }
  FILTER(?partner != ent:Kakao)
}"""


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    return minigraph.store_dir(tmp_path_factory.mktemp("qp") / "store")


@pytest.fixture(scope="module")
def server(store_dir, tmp_path_factory):
    srv = kgraph_serve(store_dir, tmp_path_factory.mktemp("log"))
    yield srv
    srv.close()


def test_vendored_files_are_the_ones_recorded():
    source = (ASSETS / "SOURCE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \| `[^`]+` \| `([0-9a-f]{64})` \|$", source, re.MULTILINE)
    assert {name for name, _ in rows} == {"codemirror.js", "codemirror.css", "sparql.js", "matchbrackets.js",
                                          "LICENSE"}
    for name, digest in rows:
        assert hashlib.sha256((ASSETS / name).read_bytes()).hexdigest() == digest, f"{name} differs from SOURCE.md"
    assert "MIT" in (ASSETS / "LICENSE").read_text(encoding="utf-8") or "Permission is hereby granted" in \
        (ASSETS / "LICENSE").read_text(encoding="utf-8")


def test_examples_are_every_canned_question_filled_in_for_the_store(store_dir):
    from kgraph.store import open_store
    store = open_store(store_dir, read_only=True)
    try:
        examples = canned_examples(store)
        assert [e["name"] for e in examples] == canned_names()
        by_name = {e["name"]: e for e in examples}
        assert by_name["partners"]["params"]["entity"] == "https://w3id.org/kgraph/entity/OpenAI"  # best connected
        assert by_name["paths"]["params"]["y"] not in ("", by_name["paths"]["params"]["x"])
        for e in examples:                          # each runs as it stands and answers something
            assert query(store, e["query"]), e["name"]
    finally:
        store.close()


def test_examples_of_an_empty_store_still_parse(memory_store):
    from kgraph.ingest.runner import ensure_schema
    ensure_schema(memory_store)
    for e in canned_examples(memory_store):
        query(memory_store, e["query"])             # no entity to fill in: unbound, no rows, no error


def test_the_page_refers_to_nothing_outside(store_dir):
    page = render_query_page([], graph_page=True)
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    assert "default-src 'none'" in page and "connect-src 'self'" in page


def test_routes(server):
    r = requests.get(server.url + "/query", timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["Content-Security-Policy"]
    # a browser opening /sparql is sent to the page; a SPARQL client still gets the service description
    r = requests.get(server.url + "/sparql", headers={"Accept": "text/html,application/xhtml+xml"},
                     allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["Location"] == "/query"
    r = requests.get(server.url + "/sparql", headers={"Accept": "text/turtle"}, timeout=10)
    assert r.status_code == 200 and "sd:Service" in r.text


def test_no_html_serves_no_pages(tmp_path):
    srv = kgraph_serve(minigraph.store_dir(tmp_path / "store"), tmp_path, "--no-html")
    try:
        assert requests.get(srv.url + "/query", timeout=10).status_code == 404
        r = requests.get(srv.url + "/sparql", headers={"Accept": "text/html"}, allow_redirects=False, timeout=10)
        assert r.status_code == 200 and "sd:Service" in r.text
    finally:
        srv.close()


def expected_partners(store_dir) -> dict[str, int]:
    from kgraph.store import open_store
    store = open_store(store_dir, read_only=True)
    try:
        from kgraph.rdf.namespaces import PREFIX_BLOCK
        return {str(r["partner"]): int(r["documents"]) for r in query(store, PREFIX_BLOCK + TYPED)}
    finally:
        store.close()


def test_type_a_query_run_it_sort_download_and_open_the_graph(browser, server, store_dir):
    expected = expected_partners(store_dir)
    assert len(expected) >= 2
    page = Page(browser, server.url + "/sparql", ready="!!window.kgraphQuery")   # redirected to /query
    try:
        assert page.page.url == server.url + "/query"
        # type into the editor: the preset prefixes stay, the query after them
        page.page.click(".CodeMirror")
        page.page.keyboard.press("Control+End")
        page.page.keyboard.press("Enter")
        page.js("() => { const e = window.kgraphQuery.editor; e.setValue(e.getValue().split('# The documents')[0]); }")
        page.page.keyboard.press("Control+End")
        page.page.keyboard.insert_text(TYPED)
        assert page.js("window.kgraphQuery.editor.getValue()").startswith("PREFIX kg:")
        page.page.keyboard.press("Control+Enter")
        page.page.wait_for_selector("#results tbody tr")
        rows = page.js("Array.from(document.querySelectorAll('#results tbody tr')).map(r => "
                       "Array.from(r.cells).map(c => c.textContent))")
        assert len(rows) == len(expected)
        assert page.page.inner_text("#status").startswith(f"{len(expected)} rows in ")
        # highlighted as SPARQL by the editor
        assert page.js("document.querySelectorAll('.CodeMirror .cm-keyword').length") > 0
        # sort by ?documents, descending on the second click
        page.page.click("#results th >> nth=1")
        page.page.click("#results th >> nth=1")
        docs = page.js("Array.from(document.querySelectorAll('#results tbody tr td:nth-child(2)'))"
                       ".map(c => parseInt(c.textContent))")
        assert docs == sorted(expected.values(), reverse=True)
        # CSV of what is shown
        with page.page.expect_download() as dl:
            page.page.click("#csv")
        with open(dl.value.path(), encoding="utf-8") as fh:
            got = list(csv.reader(io.StringIO(fh.read())))
        assert got[0] == ["partner", "documents"]
        assert {r[0]: int(r[1]) for r in got[1:]} == expected
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / "query-page.png"))
        # an entity in the results opens the graph page on it, with its panel
        link = page.page.locator("#results tbody a").first
        iri = page.js("() => decodeURIComponent(document.querySelector('#results tbody a').hash.slice(8))")
        assert iri in expected
        link.click()
        page.wait("!!(window.kgraph && window.kgraph.ready && window.kgraph.state.panel)")
        assert page.js("window.kgraph.state.panel") == {"kind": "node", "id": iri}
        assert page.errors == []
        assert page.requests and all(u.startswith(server.url + "/") for u in page.requests), page.requests
    finally:
        page.close()


def test_an_example_runs_and_a_bad_query_says_why(browser, server):
    page = Page(browser, server.url + "/query", ready="!!window.kgraphQuery")
    try:
        page.choose_example("partners:")
        assert "ent:OpenAI" in page.page.inner_text("#example-about")
        page.page.click("#run")
        page.page.wait_for_selector("#results tbody tr")
        assert KAKAO.rsplit("/", 1)[1] in page.page.inner_text("#results")
        page.js("window.kgraphQuery.editor.setValue('SELECT ?x WHERE { ?x ?y }')")
        page.page.click("#run")
        page.wait("document.getElementById('status').className === 'error'")
        assert page.page.inner_text("#status").startswith("HTTP 400")
        assert page.js("document.querySelectorAll('#results tbody tr').length") == 0
        assert all(u.startswith(server.url + "/") for u in page.requests)
    finally:
        page.close()


def test_construct_and_describe_show_their_triples(browser, server, store_dir):
    """Graph answers come as N-Triples and show as subject / predicate / object rows (the page used to
    get JSON-LD for them, read it as N-Triples and show "0 rows")."""
    from kgraph.rdf.namespaces import PREFIX_BLOCK
    from kgraph.store import open_store
    construct = ("CONSTRUCT { ?a kg:partnerOf ?b } WHERE { GRAPH kgg:facts { ?a kg:partnerOf ?b } }")
    describe = "DESCRIBE ent:Kakao"
    store = open_store(store_dir, read_only=True)
    try:
        expected = {tuple(str(t) for t in triple) for triple in query(store, PREFIX_BLOCK + construct)}
        described = len(query(store, PREFIX_BLOCK + describe))
    finally:
        store.close()
    assert len(expected) >= 2 and described >= 3
    page = Page(browser, server.url + "/query", ready="!!window.kgraphQuery")
    try:
        for text, count in ((construct, len(expected)), (describe, described)):
            page.js("(t) => window.kgraphQuery.editor.setValue(t)", PREFIX_BLOCK + text)
            page.js("document.getElementById('status').textContent = ''")
            page.page.click("#run")
            page.wait("/ in \\d+ ms/.test(document.getElementById('status').textContent) || "
                      "document.getElementById('status').className === 'error'")
            assert page.page.inner_text("#status").startswith(f"{count} triples in "), page.page.inner_text("#status")
            heads = page.js("Array.from(document.querySelectorAll('#results th')).map(t => t.textContent)")
            assert heads == ["subject", "predicate", "object"]
            assert page.js("document.querySelectorAll('#results tbody tr').length") == count
            if text == construct:
                got = {tuple(t["value"] for t in row) for row in page.js("window.kgraphQuery.current.rows")}
                assert got == expected
            else:
                assert KAKAO.rsplit("/", 1)[1] in page.page.inner_text("#results tbody tr td:first-child")
        assert page.errors == []
    finally:
        page.close()

