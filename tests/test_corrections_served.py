"""Corrections from the pages (issue 29): `kgraph serve --allow-corrections` takes POST
/corrections/merge|reject with the token it printed, from loopback only, and refuses everything
else; the graph page rejects the fact of an edge clicked in headless Chromium."""
from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
import requests

import kgraph
from tests import minigraph
from tests.browsers import ARTIFACTS, Page
from tests.servers import kgraph_serve

KAKAO, OPENAI = "https://w3id.org/kgraph/entity/Kakao", "https://w3id.org/kgraph/entity/OpenAI"


def token_of(server) -> str:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        m = re.search(r"X-Kgraph-Token: ([A-Za-z0-9_-]+)", server.output())
        if m:
            return m.group(1)
        time.sleep(0.1)
    raise AssertionError(f"no token printed: {server.output()}")


def post(server, op: str, body, token: str | None, **headers):
    h = {"Content-Type": "application/json", **headers}
    if token is not None:
        h["X-Kgraph-Token"] = token
    return requests.post(f"{server.url}/corrections/{op}", json=body if isinstance(body, dict) else None,
                         data=None if isinstance(body, dict) else body, headers=h, timeout=30)


def partners(url: str) -> set[str]:
    q = f"""SELECT ?o WHERE {{ GRAPH kgg:facts {{ ?f kg:factPredicate kg:partnerOf ;
            kg:factSubject|kg:factObject <{OPENAI}> ; kg:factSubject|kg:factObject ?o }} FILTER(?o != <{OPENAI}>) }}"""
    r = requests.get(url + "/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"},
                     timeout=30)
    return {b["o"]["value"] for b in r.json()["results"]["bindings"]}


def wait_for(check, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the served snapshot never showed the correction"
        time.sleep(0.2)


@pytest.fixture
def store(tmp_path):
    return minigraph.store_dir(tmp_path / "store")


def test_without_the_flag_corrections_are_refused(store, tmp_path):
    srv = kgraph_serve(store, tmp_path)
    try:
        r = post(srv, "reject", {"fact": "Kakao partnerOf OpenAI"}, "anything")
        assert r.status_code == 403 and "--allow-corrections" in r.json()["message"]
        assert requests.get(srv.url + "/corrections/reject", timeout=10).status_code == 405
        assert "X-Kgraph-Token" not in srv.output()
    finally:
        srv.close()
    with kgraph.KGraph(store) as kg:
        assert kg.corrections() == []


def test_the_flag_takes_the_token_json_and_this_origin_only(store, tmp_path):
    srv = kgraph_serve(store, tmp_path, "--allow-corrections")
    try:
        token = token_of(srv)
        fact = {"subject": KAKAO, "predicate": "partnerOf", "object": OPENAI, "reason": "denied", "by": "web"}
        assert post(srv, "reject", fact, None).status_code == 403                    # no token
        assert post(srv, "reject", fact, token[:-1] + "x").status_code == 403        # a wrong one
        r = requests.post(f"{srv.url}/corrections/reject", data="fact=Kakao+partnerOf+OpenAI",
                          headers={"X-Kgraph-Token": token, "Content-Type": "application/x-www-form-urlencoded"},
                          timeout=10)
        assert r.status_code == 415                                                  # a form: what CSRF sends
        assert post(srv, "reject", fact, token, Origin="http://evil.example").status_code == 403
        assert post(srv, "reject", "{not json", token).status_code == 400
        assert post(srv, "delete", fact, token).status_code == 400
        assert requests.get(f"{srv.url}/corrections/reject", headers={"X-Kgraph-Token": token},
                            timeout=10).status_code == 405                           # POST only
        assert KAKAO in partners(srv.url)
        r = post(srv, "reject", fact, token, Origin=srv.url)
        assert r.status_code == 200 and r.json()["ok"] is True, r.text
        wait_for(lambda: KAKAO not in partners(srv.url))                             # the new snapshot
        again = post(srv, "reject", fact, token)
        assert again.status_code == 409 and "already rejected" in again.json()["message"]
        r = post(srv, "merge", {"survivor": "SoftBank", "merged": "모아랩"}, token)
        assert r.status_code == 200, r.text
    finally:
        srv.close()
    with kgraph.KGraph(store) as kg:
        rows = {c.kind: c for c in kg.corrections()}
        assert rows["reject"].by == "web" and rows["reject"].reason == "denied"
        assert rows["merge"].detail == "모아랩"


def test_the_flag_is_refused_off_loopback_and_with_cors(store):
    for extra in (["--host", "0.0.0.0"], ["--cors"]):
        res = subprocess.run([sys.executable, "-m", "kgraph.cli", "--store", store, "serve", "--port", "0",
                              "--allow-corrections", *extra], capture_output=True, text=True, timeout=60)
        assert res.returncode != 0
        assert "--allow-corrections" in res.stderr


def test_clicking_reject_on_an_edge_in_the_graph_page(browser, store, tmp_path):
    srv = kgraph_serve(store, tmp_path, "--allow-corrections")
    try:
        token = token_of(srv)
        plain = Page(browser, srv.url + "/")
        plain.js(f"window.kgraph.showEdge(window.kgraph.edges.get({{filter: e => e.pred === 'partnerOf' && "
                 f"[e.from, e.to].includes('{KAKAO}') && [e.from, e.to].includes('{OPENAI}')}})[0].id)")
        assert plain.page.locator("#panel .correct").count() == 0          # no token in the address: no button
        plain.page.close()
        page = Page(browser, f"{srv.url}/#token={token}")
        edge = page.js(f"""() => window.kgraph.edges.get({{filter: e => e.pred === 'partnerOf' &&
            [e.from, e.to].includes('{KAKAO}') && [e.from, e.to].includes('{OPENAI}')}})[0].id""")
        # click the edge itself (as test_browser does): zoom onto its middle, the other edges hidden for the click
        a, b = page.position(KAKAO), page.position(OPENAI)
        middle = {"x": (a["x"] + b["x"]) / 2, "y": (a["y"] + b["y"]) / 2}
        page.js("p => window.kgraph.network.moveTo({position: p, scale: 2.5, animation: false})", middle)
        page.js("id => window.kgraph.edges.update(window.kgraph.edges.getIds().filter(x => x !== id)"
                ".map(x => ({id: x, hidden: true})))", edge)
        page.page.wait_for_timeout(150)
        page.click_canvas(middle)
        page.js("window.kgraph.edges.update(window.kgraph.edges.getIds().map(x => ({id: x, hidden: false})))")
        assert page.js("window.kgraph.state.panel") == {"kind": "edge", "id": edge}
        page.page.fill("#panel .correct input", "the article says the talks failed")
        page.page.click("#panel .correct button")
        msg = "document.querySelector('#panel .correct .meta').textContent"
        try:
            page.wait(msg + ".startsWith('rejected')", 30)
        except AssertionError:
            raise AssertionError(f"{page.js(msg)!r} {page.errors} {srv.output()}") from None
        assert page.js("id => window.kgraph.state.corrected.has(id)", edge)
        assert page.js("id => window.kgraph.edges.get(id).hidden", edge) is True
        assert all(u.startswith(srv.url) for u in page.requests)           # nothing left the server
        assert page.errors == []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / "corrections-reject.png"))
        wait_for(lambda: KAKAO not in partners(srv.url))
        # and an entity's panel merges it into another, named
        moa = page.js("() => window.kgraph.nodes.get({filter: n => n.label === '모아랩'})[0].id")
        page.js("id => window.kgraph.showNode(id)", moa)
        page.page.fill("#panel .correct input", "SoftBank")
        page.page.click("#panel .correct button")
        page.wait(msg + ".startsWith('merged')", 30)
        assert page.js("id => window.kgraph.edgeData ? Array.from(window.kgraph.edges.get({filter: e => "
                       "e.from === id || e.to === id}), e => e.hidden).every(h => h) : false", moa)
    finally:
        srv.close()
    with kgraph.KGraph(store) as kg:
        rows = {c.kind: c for c in kg.corrections()}
        assert (rows["reject"].reason) == "the article says the talks failed"
        assert rows["merge"].detail == "모아랩" and rows["merge"].target.endswith("/SoftBank")


def test_the_query_page_merges_and_rejects(browser, store, tmp_path):
    srv = kgraph_serve(store, tmp_path, "--allow-corrections")
    ready = "!!window.kgraphQuery"
    try:
        token = token_of(srv)
        plain = Page(browser, srv.url + "/query", ready)
        assert plain.js("document.getElementById('corrections').hidden") is True
        plain.page.close()
        page = Page(browser, f"{srv.url}/query#token={token}", ready)
        assert page.js("document.querySelector('header a[href^=\"/\"]').getAttribute('href')") == f"/#token={token}"
        page.page.fill("#fix-survivor", "SoftBank")
        page.page.fill("#fix-merged", "모아랩")
        page.page.fill("#fix-merge-reason", "one firm")
        page.page.click("#fix-merge")
        page.wait("document.getElementById('fix-msg').textContent.startsWith('merged')", 30)
        page.page.fill("#fix-fact", "Kakao partnerOf OpenAI")
        page.page.click("#fix-reject")
        page.wait("document.getElementById('fix-msg').textContent.startsWith('rejected')", 30)
        page.page.click("#fix-reject")                                    # twice: the store's answer is shown
        page.wait("document.getElementById('fix-msg').textContent.includes('already rejected')", 30)
        assert all(u.startswith(srv.url) for u in page.requests)
        assert [e for e in page.errors if "409" not in e] == []          # the browser logs the refused one
    finally:
        srv.close()
    with kgraph.KGraph(store) as kg:
        assert sorted(c.kind for c in kg.corrections()) == ["merge", "reject"]
        assert str(kg.resolve("모아랩")).endswith("/SoftBank")
