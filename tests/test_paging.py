"""Answers by the page (kgraph/query/paging.py): the command line, the Python API and the endpoint
give the same rows for the same page; has_more, next(), offsets past the end and limits checked;
and the paths question's bidirectional search (kgraph/query/paths.py) against paths.rq and a
brute-force networkx search."""
from __future__ import annotations

import json

import networkx as nx
import pytest
import requests
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal

import kgraph
from kgraph.cli import main
from kgraph.errors import QueryError
from kgraph.query.canned import bind_params, get_canned, run_canned
from kgraph.query.paging import DEFAULT_LIMIT, MAX_LIMIT, page_text
from kgraph.query.paths import PATH_PREDICATES, paths
from kgraph.query.run import run
from kgraph.rdf.sparql import bind_values
from tests import minigraph
from tests.servers import kgraph_serve

E = "https://w3id.org/kgraph/entity/"
PAGES = [("partners", {"entity": "OpenAI"}, 2, 1), ("timeline", {}, 3, 2), ("relations", {"entity": "Kakao"}, 2, 0),
         ("central", {}, 2, 2), ("paths", {"x": "Kakao", "y": "SoftBank"}, 1, 0), ("documents", {"entity": "OpenAI"}, 2, 2),
         ("modality", {"modality": "stated"}, 2, 1), ("people", {"org": "OpenAI"}, 1, 0)]


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return minigraph.store_dir(tmp_path_factory.mktemp("paging") / "store")


@pytest.fixture(scope="module")
def kg(mini):
    with kgraph.KGraph(mini, read_only=True) as k:
        yield k


@pytest.fixture(scope="module")
def server(mini, tmp_path_factory):
    srv = kgraph_serve(mini, tmp_path_factory.mktemp("log"))
    yield srv
    srv.close()


def plain(rows) -> list[dict]:
    return [{k: str(v) for k, v in r.items() if v is not None} for r in rows]


def sparql_json(data: dict) -> list[dict]:
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.mark.parametrize("name,params,limit,offset", PAGES)
def test_the_cli_the_api_and_the_endpoint_give_the_same_page(kg, mini, server, name, params, limit, offset):
    page = kg.ask(name, limit=limit, offset=offset, **params)
    whole = run_canned(kg.store, name, **params)
    assert len(page) == min(limit, max(0, len(whole) - offset)) and page.offset == offset
    assert page.has_more == (len(whole) > offset + limit)
    args = ["--store", mini, "query", "--name", name, "--limit", str(limit), "--offset", str(offset), "--format", "json"]
    for k, v in params.items():
        args += ["-p", f"{k}={v}"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert sparql_json(json.loads(res.stdout)) == plain(page)
    # the endpoint: the canned question's text with its parameters bound and plain LIMIT/OFFSET
    cq = get_canned(name)
    text = bind_values(page_text(cq.text, limit, offset), bind_params(kg.store, cq, params))
    r = requests.post(server.url + "/sparql", data=text.encode("utf-8"),
                      headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
                      timeout=30)
    assert r.status_code == 200, r.text
    assert sparql_json(r.json()) == plain(page)


def test_pages_follow_one_another_to_the_end(kg):
    whole = run_canned(kg.store, "timeline")
    first = kg.ask("timeline", limit=3)
    pages = list(first.pages())
    assert [len(p) for p in pages] == [3, 3, 1] and len(whole) == 7
    assert [p.offset for p in pages] == [0, 3, 6]
    assert [p.has_more for p in pages] == [True, True, False] and pages[-1].next() is None
    assert sorted(json.dumps(r, sort_keys=True) for p in pages for r in plain(p)) == \
        sorted(json.dumps(r, sort_keys=True) for r in plain(whole))
    assert first.total is None and pages[-1].total == 7 and first.next_offset == 3
    assert kg.ask("timeline", limit=3, count=True).total == 7
    df = first.to_pandas()
    assert list(df.columns) == first.vars and len(df) == 3


def test_an_offset_past_the_end_is_an_empty_last_page(kg, mini):
    page = kg.ask("partners", entity="OpenAI", offset=100)
    assert list(page) == [] and not page.has_more and page.next() is None and page.total == 100
    res = CliRunner().invoke(main, ["--store", mini, "query", "--name", "partners", "-p", "entity=OpenAI",
                                    "--offset", "100", "--format", "table"])
    assert res.exit_code == 0 and "(0 rows)" in res.output and "more rows follow" not in res.output


def test_the_cli_says_how_many_rows_follow_and_how_to_get_them(mini):
    res = CliRunner().invoke(main, ["--store", mini, "query", "--name", "timeline", "--limit", "2", "--format", "table"])
    assert res.exit_code == 0, res.output
    assert "(2 rows)" in res.stdout and "more rows follow: the next page with --offset 2" in res.stdout
    res = CliRunner().invoke(main, ["--store", mini, "query", "--name", "timeline", "--limit", "2", "--offset", "4",
                                    "--count", "--format", "table"])
    assert "1 more rows follow: the next page with --offset 6" in res.stdout
    # csv: the note goes to stderr, the rows alone to stdout
    res = CliRunner().invoke(main, ["--store", mini, "query", "--name", "timeline", "--limit", "2", "--format", "csv"])
    assert len(res.stdout.splitlines()) == 3 and "more rows follow" in res.stderr
    # a SPARQL query of one's own: every row unless --limit, then the same note
    q = "SELECT ?f WHERE { GRAPH kgg:facts { ?f a kg:Fact } } ORDER BY ?f"
    res = CliRunner().invoke(main, ["--store", mini, "query", q, "--limit", "3", "--offset", "1", "--count",
                                    "--format", "table"])
    assert "(3 rows)" in res.stdout and "more rows follow: the next page with --offset 4" in res.stdout
    res = CliRunner().invoke(main, ["--store", mini, "query", q])
    assert "more rows follow" not in res.stdout


def test_limits_are_checked_with_clear_errors(kg, mini):
    assert len(kg.ask("central")) <= DEFAULT_LIMIT
    for limit, offset, words in ((0, 0, "limit must be from 1 to"), (MAX_LIMIT + 1, 0, "limit must be from 1 to"),
                                 (5, -1, "offset must be 0 or more"), ("ten", 0, "a page takes whole numbers"),
                                 (2.5, 0, "a page takes whole numbers"), (True, 0, "a page takes whole numbers")):
        with pytest.raises(QueryError, match=words):
            kg.ask("central", limit=limit, offset=offset)
    res = CliRunner().invoke(main, ["--store", mini, "query", "--name", "central", "--limit", str(MAX_LIMIT + 1)])
    assert res.exit_code == 2 and "over the largest page" in res.output
    res = CliRunner().invoke(main, ["--store", mini, "query", "--name", "central", "--offset", "-1"])
    assert res.exit_code == 2 and "--offset" in res.output


def test_page_text_puts_the_limit_where_the_question_pages():
    assert page_text("SELECT * WHERE { ?s ?p ?o }", 5, 10).endswith("LIMIT 5 OFFSET 10\n")
    inner = "SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x\n    # page\n  } ?x ?q ?y }"
    assert "ORDER BY ?x\n    LIMIT 5 OFFSET 10\n  }" in page_text(inner, 5, 10)
    for name in ("timeline", "new"):
        assert "# page" in get_canned(name).text


# --- paths: the bidirectional search against paths.rq and against every simple path --------------
def facts_store(edges: list[tuple[int, int, str]]):
    """An in-memory store whose facts graph holds these direct triples and a label per node."""
    from kgraph.store import open_store
    store = open_store(":memory:")
    nodes = {n for a, b, _ in edges for n in (a, b)}
    lines = [f"<{E}n{a}> <https://w3id.org/kgraph/ontology#{p}> <{E}n{b}> ." for a, b, p in edges]
    lines += [f'<{E}n{n}> <http://www.w3.org/2000/01/rdf-schema#label> "node {n % 4}" .' for n in nodes]
    store.update("INSERT DATA { GRAPH <https://w3id.org/kgraph/graph/facts> {\n" + "\n".join(lines) + "\n} }")
    return store


def sparql_paths(store, x: int, y: int, hops: int) -> list[dict]:
    cq = get_canned("paths")
    return list(run(store, cq.text, {"x": _iri(x), "y": _iri(y), "hops": Literal(hops),
                                     "lang": Literal("en")}))


def _iri(n: int):
    from rdflib import URIRef
    return URIRef(f"{E}n{n}")


edge_lists = st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.sampled_from(PATH_PREDICATES + ("partOf",))),
                      min_size=1, max_size=18)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edges=edge_lists, x=st.integers(0, 7), y=st.integers(0, 7), hops=st.integers(1, 3))
def test_paths_are_every_simple_path_in_the_order_of_paths_rq(edges, x, y, hops):
    store = facts_store(edges)
    try:
        found = list(paths(store, str(_iri(x)), str(_iri(y)), hops))
        assert plain(found) == plain(sparql_paths(store, x, y, hops))
        g = nx.Graph()
        g.add_edges_from((a, b) for a, b, p in edges if p != "partOf" and a != b)
        expected = set()
        if x != y and x in g and y in g:
            expected = {tuple(p[1:-1]) for p in nx.all_simple_paths(g, x, y, cutoff=hops)}
        got = {tuple(int(str(r[k]).rsplit("n", 1)[1]) for k in ("via1", "via2") if k in r) for r in found}
        assert got == expected and len(found) == len(expected)
        assert [int(r["length"]) for r in found] == sorted(int(r["length"]) for r in found)
    finally:
        store.close()


def test_an_entity_has_no_path_to_itself(kg):
    # paths.rq listed x-v-x as a 2-hop path from x to x (its 1-hop branch alone checked x != y)
    assert run_canned(kg.store, "paths", x="Kakao", y="카카오") == []
    assert list(kg.ask("paths", x="Kakao", y="카카오")) == []


def test_paths_pages_are_slices_of_the_whole_answer():
    from kgraph.query.paths import paths_page
    edges = [(0, n, "partnerOf") for n in range(1, 9)] + [(n, 9, "uses") for n in range(1, 9)] + \
        [(n, n + 1, "meets") for n in range(1, 8)] + [(0, 9, "investsIn")]
    store = facts_store(edges)
    try:
        whole = plain(paths(store, str(_iri(0)), str(_iri(9))))
        bindings = {"x": _iri(0), "y": _iri(9), "hops": Literal(3), "lang": Literal("en")}
        got, page = [], paths_page(store, bindings, 4, 0)
        while page is not None:
            got += plain(page)
            page = page.next()
        assert got == whole and len(whole) == 1 + 8 + 14
        assert paths_page(store, bindings, 4, 0, count=True).total == 23
    finally:
        store.close()


def test_the_query_page_turns_pages(browser, server, kg):
    from tests.browsers import Page
    cq = get_canned("timeline")
    text = bind_values(page_text(cq.text, 3, 0), bind_params(kg.store, cq, {}))
    page = Page(browser, server.url + "/query", ready="!!window.kgraphQuery")
    try:
        page.js("(t) => window.kgraphQuery.editor.setValue(t)", text)
        seen = []
        page.page.click("#run")
        for expected in ("rows 1–3", "rows 4–6", "rows 7–7"):
            page.wait(f"document.getElementById('status').textContent.startsWith({json.dumps(expected)}) && "
                      "document.getElementById('status').textContent.indexOf('more rows follow') >= 0 || "
                      f"document.getElementById('status').textContent.startsWith('rows 7–7')")
            if expected != "rows 7–7":
                page.wait("!document.getElementById('next').hidden")
            seen += page.js("Array.from(document.querySelectorAll('#results tbody tr'))"
                            ".map(r => r.querySelector('td').textContent)")
            if expected != "rows 7–7":
                page.page.click("#next")
        assert page.js("document.getElementById('next').hidden") and not page.js("document.getElementById('prev').hidden")
        assert len(seen) == 7 and seen == sorted(seen)          # the dates, in order, each row once
        assert "OFFSET 6" in page.js("window.kgraphQuery.editor.getValue()")
        page.page.click("#prev")
        page.wait("document.getElementById('status').textContent.startsWith('rows 4–6')")
        assert page.errors == []
    finally:
        page.close()
