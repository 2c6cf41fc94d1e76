"""The pages `kgraph serve` draws follow the store (kgraph/serve/live.py): after a write by another
process, or a correction through the served endpoint, a reload of / shows the new graph and
/resolve answers from it; the pages are drawn once per new snapshot (the server looks for one
by itself), not per request, and while they are drawn the previous ones are served."""
from __future__ import annotations

import threading
import time

import pytest
import requests

import kgraph
from kgraph.serve import ServeConfig, make_server
from kgraph.serve.live import Live
from kgraph.store.serving import open_for_serving
from tests import minigraph
from tests.servers import kgraph_serve
from tests.test_corrections_served import post, token_of

SOFTBANK = "https://w3id.org/kgraph/entity/SoftBank"


def drawn(page: str, iri: str) -> bool:
    return f'"id":"{iri}"' in page


def reload_until(url: str, check, seconds: float = 20.0) -> str:
    deadline = time.monotonic() + seconds
    while True:
        page = requests.get(url + "/", timeout=30).text
        if check(page):
            return page
        assert time.monotonic() < deadline, "a reload of / never showed the store's new state"
        time.sleep(0.2)


@pytest.fixture
def location(tmp_path):
    return minigraph.store_dir(tmp_path / "store")


@pytest.fixture
def server(location):
    store = open_for_serving(location)
    srv = make_server(store, ServeConfig(port=0, workers=1, fast_lane=0))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    srv.url = f"http://127.0.0.1:{srv.server_address[1]}"
    yield srv
    srv.shutdown()
    srv.close()
    store.close()


def test_a_reload_shows_a_write_by_another_process(server, location):
    moalab = requests.get(server.url + "/resolve", params={"name": "모아랩"}, timeout=30).json()["iri"]
    assert moalab and moalab != SOFTBANK
    before = requests.get(server.url + "/").text
    assert drawn(before, moalab) and drawn(before, SOFTBANK)
    for _ in range(20):                                   # nothing changed: nothing is drawn again
        assert requests.get(server.url + "/", timeout=30).text == before
        requests.get(server.url + "/query", timeout=30)
    assert server.live.builds == 1
    etag = requests.get(server.url + "/", timeout=30).headers["ETag"]
    again = requests.get(server.url + "/", headers={"If-None-Match": etag}, timeout=30)
    assert again.status_code == 304 and again.content == b""      # a reload costs nothing while unchanged
    assert requests.get(server.url + "/query", timeout=30).headers["ETag"] != etag
    with kgraph.KGraph(location) as kg:                   # this process writes; closing publishes a snapshot
        kg.merge("SoftBank", "모아랩", by="test")
    deadline = time.monotonic() + 20                      # the server notices the new snapshot by itself
    while server.live.builds < 2:
        assert time.monotonic() < deadline, "the pages were never drawn again after the write"
        time.sleep(0.05)
    after = requests.get(server.url + "/", timeout=30).text  # so the first reload shows the new graph
    assert not drawn(after, moalab) and drawn(after, SOFTBANK)
    changed = requests.get(server.url + "/", headers={"If-None-Match": etag}, timeout=30)
    assert changed.status_code == 200 and changed.text == after and changed.headers["ETag"] != etag
    answer = requests.get(server.url + "/resolve", params={"name": "모아랩"}, timeout=30).json()
    assert answer["iri"] == SOFTBANK                      # the lookup reads the new snapshot too
    for _ in range(20):
        assert requests.get(server.url + "/", timeout=30).text == after
    assert server.live.builds == 2                        # once for the new snapshot, not per request


def test_while_the_new_pages_are_drawn_the_old_ones_are_served(location):
    store = open_for_serving(location)
    release, calls = threading.Event(), []

    def build(s):
        calls.append(s.location)
        if len(calls) > 1:
            assert release.wait(30)
        return (f"graph {len(calls)}".encode(), f"query {len(calls)}".encode())

    live = Live(store, build)
    try:
        assert live.pages() == (b"graph 1", b"query 1")
        with kgraph.KGraph(location) as kg:
            kg.reject(f"{SOFTBANK} investsIn https://w3id.org/kgraph/entity/OpenAI", by="test")
        for _ in range(50):                               # the new snapshot is being drawn: the old pages meanwhile
            assert live.pages() == (b"graph 1", b"query 1")
        assert len(calls) == 2 and calls[1] != calls[0]   # drawn once, from the new snapshot
        release.set()
        assert live.wait(30)
        assert live.pages() == (b"graph 2", b"query 2") and live.builds == 2
    finally:
        release.set()
        live.close()
        store.close()


def test_a_failed_drawing_keeps_the_previous_pages(location, capfd):
    store = open_for_serving(location)
    calls = []

    def build(s):
        calls.append(1)
        if len(calls) > 1:
            raise RuntimeError("no room to draw")
        return b"graph", b"query"

    live = Live(store, build)
    try:
        with kgraph.KGraph(location) as kg:
            kg.merge("SoftBank", "모아랩", by="test")
        live.pages()
        deadline = time.monotonic() + 20
        while "could not draw" not in capfd.readouterr().err:
            assert time.monotonic() < deadline, "the failure was never reported"
            time.sleep(0.05)
        for _ in range(10):
            assert live.pages() == (b"graph", b"query")
        assert len(calls) == 2                            # not tried again for the same snapshot
    finally:
        live.close()
        store.close()


def test_a_correction_through_the_served_endpoint_shows_on_reload(location, tmp_path):
    srv = kgraph_serve(location, tmp_path, "--allow-corrections", "--workers", "1")
    try:
        token = token_of(srv)
        moalab = requests.get(srv.url + "/resolve", params={"name": "모아랩"}, timeout=30).json()["iri"]
        assert drawn(requests.get(srv.url + "/", timeout=30).text, moalab)
        r = post(srv, "merge", {"survivor": "SoftBank", "merged": "모아랩"}, token)
        assert r.status_code == 200, r.text
        reload_until(srv.url, lambda page: not drawn(page, moalab) and drawn(page, SOFTBANK))
        assert "pages redrawn for the new snapshot" in srv.output()
    finally:
        srv.close()


def test_serve_help_shows_corrections_and_how_pages_see_new_data():
    from click.testing import CliRunner

    from kgraph.cli import main
    out = CliRunner().invoke(main, ["serve", "--help"], terminal_width=200).output
    example = out[out.index("Example:"):]
    assert "kgraph serve --allow-corrections" in example and "#token=" in example
    assert "reload a page to see new data" in " ".join(out.split())


def test_a_browser_reload_shows_the_correction(browser, location, tmp_path):
    from tests.browsers import GRAPH_READY, Page
    srv = kgraph_serve(location, tmp_path, "--allow-corrections", "--workers", "1")
    try:
        token = token_of(srv)
        moalab = requests.get(srv.url + "/resolve", params={"name": "모아랩"}, timeout=30).json()["iri"]
        page = Page(browser, srv.url + "/")
        has = "id => window.kgraph.nodes.get(id) !== null"
        assert page.js(has, moalab)
        page.page.reload()                                    # unchanged: the browser revalidates (304)
        page.wait(GRAPH_READY, 60)
        assert page.js(has, moalab) and '"GET / HTTP/1.1" 304' in srv.output()
        assert post(srv, "merge", {"survivor": "SoftBank", "merged": "모아랩"}, token).status_code == 200
        deadline = time.monotonic() + 30
        while True:
            page.page.reload()
            page.wait(GRAPH_READY, 60)
            if not page.js(has, moalab):
                break
            assert time.monotonic() < deadline, f"a reload never showed the merge: {srv.output()}"
            page.page.wait_for_timeout(200)
        assert page.js(has, SOFTBANK) and page.errors == []
        page.close()
    finally:
        srv.close()


def test_an_open_page_says_when_the_store_has_moved_on(browser, server, location, tmp_path):
    from tests.browsers import GRAPH_READY, Page
    graph = Page(browser, server.url + "/")
    query = Page(browser, server.url + "/query", ready="!!window.kgraphQuery")
    try:
        for page in (graph, query):                   # each page knows its own ETag and asks with it
            assert page.js("window.kgraphNews.etag") == requests.head(page.url, timeout=30).headers["ETag"]
            assert page.js("() => window.kgraphNews.look()") is False
            assert page.js("document.getElementById('kgraph-news')") is None
        with kgraph.KGraph(location) as kg:           # another writer; closing publishes a snapshot
            kg.merge("SoftBank", "모아랩", by="test")
        deadline = time.monotonic() + 20
        while server.live.builds < 2:
            assert time.monotonic() < deadline, "the pages were never drawn again after the write"
            time.sleep(0.05)
        for page in (graph, query):
            assert page.js("() => window.kgraphNews.look()") is True
            assert "new data" in page.js("document.getElementById('kgraph-news').textContent")
        old = graph.js("window.kgraphNews.etag")
        graph.page.click("#kgraph-news button")      # Reload: the new drawing, which watches again
        graph.wait(GRAPH_READY, 60)
        assert graph.js("window.kgraphNews.etag") not in (None, old)
        assert graph.js("() => window.kgraphNews.look()") is False
        assert graph.errors == [] and query.errors == []
    finally:
        graph.close()
        query.close()
    # a graph written to a file does not ask anything
    out = tmp_path / "graph.html"
    with kgraph.KGraph(location, read_only=True) as kg:
        kg.viz(str(out))
    assert "kgraphNews" not in out.read_text(encoding="utf-8")
