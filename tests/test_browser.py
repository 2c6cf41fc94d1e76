"""The HTML graph in a real headless Chromium: loads offline, draws what the store holds, search,
filters, neighbourhood highlight, and hostile text rendered as text. Skipped locally without
Chromium or Playwright; a failure under CI=true."""
from __future__ import annotations

import pytest

from kgraph.query.graph import GraphFilter, build_graph
from kgraph.viz import write_html
from tests import minigraph
from tests.browsers import ARTIFACTS, Page

SYMMETRIC = "kg:partnerOf, kg:competesWith, kg:meets"


def store_counts(store, where: str = "") -> tuple[int, int]:
    """Entities and facts in the store for a filter, counted by SPARQL independently of the graph code."""
    prefix = "PREFIX kg: <https://w3id.org/kgraph/ontology#>\n"
    facts = store.query(prefix + f"""
        SELECT DISTINCT ?a ?p ?b WHERE {{
          ?r a kg:Relationship ; kg:subject ?s ; kg:predicate ?p ; kg:object ?o ; kg:modality ?m . {where}
          BIND(IF(?p IN ({SYMMETRIC}) && STR(?o) < STR(?s), ?o, ?s) AS ?a)
          BIND(IF(?p IN ({SYMMETRIC}) && STR(?o) < STR(?s), ?s, ?o) AS ?b)
        }}""")
    return len({r["a"] for r in facts} | {r["b"] for r in facts}), len(facts)


@pytest.fixture(scope="module")
def seed_page(browser, seed_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "seeds.html"
    write_html(build_graph(seed_store, lang="ko", with_evidence=True), str(out), title="kgraph — seeds", lang="ko")
    page = Page(browser, out)
    yield page
    page.close()


def test_seed_page_loads_offline_without_errors(seed_page):
    assert seed_page.errors == []
    assert seed_page.requests == [seed_page.url]            # the page itself, and nothing else
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    seed_page.page.screenshot(path=str(ARTIFACTS / "seed-graph.png"))
    assert (ARTIFACTS / "seed-graph.png").stat().st_size > 10_000


def test_drawn_counts_equal_the_store(seed_page, seed_store):
    assert seed_page.visible() == store_counts(seed_store)


@pytest.mark.parametrize("predicates,modalities", [(["partnerOf"], ["stated"]), (["worksFor", "meets"], [])])
def test_filtered_page_counts_equal_the_store(browser, seed_store, tmp_path, predicates, modalities):
    out = tmp_path / "f.html"
    write_html(build_graph(seed_store, GraphFilter(predicates=predicates, modalities=modalities),
                           with_evidence=True), str(out))
    where = f"FILTER(?p IN ({', '.join('kg:' + p for p in predicates)}))"
    if modalities:
        where += f" FILTER(?m IN ({', '.join(repr(m).replace(chr(39), chr(34)) for m in modalities)}))"
    page = Page(browser, out)
    try:
        assert page.visible() == store_counts(seed_store, where) and page.errors == []
    finally:
        page.close()


def test_search_by_english_name_focuses_the_korean_label(seed_page):
    seed_page.page.fill("#search", "Kakao")
    seed_page.page.press("#search", "Enter")
    selected = seed_page.js("window.kgraph.network.getSelectedNodes()")
    assert selected == ["https://w3id.org/kgraph/entity/Kakao"]
    assert seed_page.js("window.kgraph.nodes.get('https://w3id.org/kgraph/entity/Kakao').label") == "카카오"
    seed_page.page.fill("#search", "no such thing")
    seed_page.page.press("#search", "Enter")
    assert seed_page.page.inner_text("#search-msg") == "no entity matches"


def test_type_and_predicate_checkboxes_hide(seed_page, seed_store):
    nodes, edges = seed_page.visible()
    people = seed_page.js("window.kgraph.nodes.get({filter: n => n.group === 'Person'}).length")
    seed_page.page.uncheck("#types input[data-key='Person']")
    assert seed_page.visible()[0] == nodes - people
    seed_page.page.check("#types input[data-key='Person']")
    works = seed_page.js("window.kgraph.edges.get({filter: e => e.pred === 'worksFor'}).length")
    seed_page.page.uncheck("#predicates input[data-key='worksFor']")
    assert seed_page.visible() == (nodes, edges - works)
    seed_page.page.check("#predicates input[data-key='worksFor']")
    assert seed_page.visible() == (nodes, edges)


def test_click_highlights_the_neighbourhood_and_lists_its_facts(seed_page):
    kakao = "https://w3id.org/kgraph/entity/Kakao"
    seed_page.js("window.kgraph.closePanel()")
    seed_page.js("window.kgraph.network.fit()")
    seed_page.page.wait_for_timeout(200)
    seed_page.click_canvas(seed_page.position(kakao))
    assert seed_page.js("window.kgraph.state.focus") == kakao
    neighbours = set(seed_page.js("id => window.kgraph.network.getConnectedNodes(id)", kakao))
    dimmed = set(seed_page.js("window.kgraph.nodes.get({filter: n => n.color && n.color.background === '#e6e6e6'})"
                              ".map(n => n.id)"))
    everyone = set(seed_page.js("window.kgraph.nodes.getIds()"))
    assert dimmed == everyone - neighbours - {kakao}
    # the panel: the entity, then its facts grouped by predicate, one entry per edge
    assert seed_page.page.inner_text("#panel h2") == "카카오"
    edges = seed_page.js("id => window.kgraph.edges.get({filter: e => e.from === id || e.to === id})"
                         ".map(e => e.id)", kakao)
    listed = seed_page.js("Array.from(document.querySelectorAll('#panel details')).map(d => d.dataset.edge)")
    assert sorted(listed) == sorted(edges)
    groups = seed_page.js("Array.from(document.querySelectorAll('#panel h3')).map(h => h.textContent)")
    preds = seed_page.js("""id => { const k = window.kgraph, n = {};
        for (const e of k.edges.get({filter: e => e.from === id || e.to === id})) n[e.pred] = (n[e.pred] || 0) + 1;
        return n; }""", kakao)
    assert len(groups) == len(preds) and sum(int(g.rsplit("(", 1)[1].rstrip(")")) for g in groups) == len(edges)
    seed_page.js("window.kgraph.network.fit()")
    seed_page.page.wait_for_timeout(100)
    seed_page.page.mouse.click(5, 200 + seed_page.page.locator("#graph").bounding_box()["y"])   # the background
    assert seed_page.js("window.kgraph.state.panel") is None and seed_page.js("window.kgraph.state.focus") is None


def evidence_of(store, s: str, p: str, o: str) -> set[str]:
    rows = store.query(f"""PREFIX kg: <https://w3id.org/kgraph/ontology#>
        SELECT ?ev WHERE {{ ?r kg:subject ?s ; kg:predicate kg:{p} ; kg:object ?o ; kg:evidence ?ev .
          FILTER((?s = <{s}> && ?o = <{o}>) || (?s = <{o}> && ?o = <{s}>)) }}""")
    return {" ".join(str(r["ev"]).split()) for r in rows}


def test_clicking_an_edge_shows_its_sentences(seed_page, seed_store):
    kakao, openai = "https://w3id.org/kgraph/entity/Kakao", "https://w3id.org/kgraph/entity/OpenAI"
    seed_page.js("window.kgraph.closePanel()")
    # the straight one of the facts between the two (the others bend aside)
    edge, pred = seed_page.js("""([a, b]) => { const e = window.kgraph.edges.get({filter: e => !e.smooth &&
        ((e.from === a && e.to === b) || (e.from === b && e.to === a))})[0]; return [e.id, e.pred]; }""",
                              [kakao, openai])
    # zoom onto the middle of the edge, away from the nodes at its ends, and click it there
    a, b = seed_page.position(kakao), seed_page.position(openai)
    middle = {"x": (a["x"] + b["x"]) / 2, "y": (a["y"] + b["y"]) / 2}
    seed_page.js("p => window.kgraph.network.moveTo({position: p, scale: 2.5, animation: false})", middle)
    # other edges may cross there: hide them for the click, so that the click lands on this one
    seed_page.js("id => window.kgraph.edges.update(window.kgraph.edges.getIds().filter(x => x !== id)"
                 ".map(x => ({id: x, hidden: true})))", edge)
    seed_page.page.wait_for_timeout(150)
    seed_page.click_canvas(middle)
    seed_page.js("window.kgraph.edges.update(window.kgraph.edges.getIds().map(x => ({id: x, hidden: false})))")
    assert seed_page.js("window.kgraph.state.panel") == {"kind": "edge", "id": edge}
    text = seed_page.page.inner_text("#panel")
    quoted = seed_page.js("Array.from(document.querySelectorAll('#panel blockquote'), q => q.textContent)")
    sentences = evidence_of(seed_store, kakao, pred, openai)
    # the quoted sentences only: a headline that states the fact is also its document's title in the panel
    shown = [s for s in sentences if s in quoted]
    assert shown and len(shown) == min(5, len(sentences))
    assert pred in text and seed_page.errors == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    seed_page.page.screenshot(path=str(ARTIFACTS / "seed-graph-panel.png"))


def test_stated_only_hides_facts_without_a_stated_sentence(seed_page, seed_store):
    seed_page.page.check("#stated-only")
    try:
        where = "FILTER EXISTS { ?r2 kg:subject ?s ; kg:predicate ?p ; kg:object ?o ; kg:modality 'stated' }"
        drawn = seed_page.js("window.kgraph.edges.get({filter: e => !e.hidden}).length")
        stated = store_counts(seed_store, where)[1]
        # symmetric facts stated in one direction count once either way
        assert drawn == stated < seed_page.js("window.kgraph.edges.length")
    finally:
        seed_page.page.uncheck("#stated-only")


@pytest.fixture
def mini_page(browser, tmp_path):
    from kgraph.store import open_store
    store = open_store(":memory:")
    minigraph.build(store)
    out = tmp_path / "mini.html"
    write_html(build_graph(store, with_evidence=True), str(out))
    yield store, out
    store.close()


def test_date_range_keeps_facts_of_documents_in_it(browser, mini_page):
    store, out = mini_page
    page = Page(browser, out)
    try:
        assert page.js("document.getElementById('dates').hidden") is False
        page.page.fill("#date-from", "2025-02-05")
        page.page.fill("#date-to", "2025-03-31")
        page.page.dispatch_event("#date-to", "change")
        where = "?r kg:extractedFrom ?d . ?d kg:published ?pub FILTER(STR(?pub) >= '2025-02-05' && STR(?pub) <= '2025-03-31')"
        assert page.js("window.kgraph.edges.get({filter: e => !e.hidden}).length") == store_counts(store, where)[1] == 5
        page.page.fill("#date-from", "")
        page.page.fill("#date-to", "")
        page.page.dispatch_event("#date-to", "change")
        assert page.js("window.kgraph.edges.get({filter: e => !e.hidden}).length") == store_counts(store)[1]
    finally:
        page.close()


def test_the_address_opens_the_page_on_an_entity_and_links_to_sources(browser, mini_page):
    _, out = mini_page
    page = Page(browser, out.resolve().as_uri() + "#entity=" + "https%3A%2F%2Fw3id.org%2Fkgraph%2Fentity%2FKakao")
    try:
        assert page.js("window.kgraph.state.panel") == {"kind": "node", "id": "https://w3id.org/kgraph/entity/Kakao"}
        links = page.js("Array.from(document.querySelectorAll('#panel a')).map(a => [a.href, a.target, a.rel])")
        assert ["https://news.example/yonhap/d1", "_blank", "noopener noreferrer"] in links
        assert page.errors == [] and page.requests == [page.url.split("#")[0]]
    finally:
        page.close()


def test_hostile_labels_and_evidence_render_as_text(browser, tmp_path):
    from kgraph.store import open_store
    store = open_store(":memory:")
    minigraph.build_hostile(store)
    out = tmp_path / "hostile.html"
    write_html(build_graph(store, with_evidence=True), str(out), title=minigraph.HOSTILE,
               subtitle=minigraph.HOSTILE_SENTENCE)
    store.close()
    page = Page(browser, out)
    try:
        page.page.wait_for_timeout(300)
        assert page.dialogs == [] and page.errors == []
        assert page.js("document.querySelectorAll('img, svg, a[href], iframe').length") == 0
        assert page.js("document.querySelectorAll('script').length") == 3      # vis-network, the data (JSON), the page
        assert page.js("document.querySelectorAll('script[type=\"application/json\"]').length") == 1
        assert page.page.inner_text("#heading") == minigraph.HOSTILE
        assert page.page.title() == minigraph.HOSTILE
        # hover the hostile node: the page's tooltip holds text only
        bad = page.js("window.kgraph.nodes.get({filter: x => x.discovered})[0].id")
        pos = page.js("id => window.kgraph.network.canvasToDOM(window.kgraph.network.getPositions([id])[id])", bad)
        box = page.page.locator("#graph").bounding_box()
        page.page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
        page.page.wait_for_selector("#tip", state="visible", timeout=5000)
        tip = page.page.locator("#tip")
        assert minigraph.HOSTILE in tip.inner_text() and tip.locator("img, svg, a, script").count() == 0
        # the panel of the hostile edge: its sentence, title and publisher as text, the source as a plain link
        page.js("window.kgraph.showEdge(window.kgraph.edges.getIds()[0])")
        panel = page.page.locator("#panel")
        text = panel.inner_text()
        assert minigraph.HOSTILE_SENTENCE in text and '"><svg onload=alert(4)>' in text and minigraph.HOSTILE in text
        assert panel.locator("img, svg, script, iframe").count() == 0
        assert page.js("Array.from(document.querySelectorAll('#panel a')).map(a => a.getAttribute('href'))") == [
            "https://evil.example/a?q=%22%3E%3Csvg%20onload=alert(5)%3E"]
        assert page.dialogs == [] and page.requests == [page.url]
    finally:
        page.close()


# ---- the WebGL renderer (sigma.js), and vis-network where a browser has no WebGL ---------------------
KAKAO = "https://w3id.org/kgraph/entity/Kakao"
NO_WEBGL = """(() => { const orig = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
    return /webgl/.test(String(kind)) ? null : orig.call(this, kind, ...rest); }; })();"""


@pytest.fixture(scope="module")
def gl_page(browser, seed_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "seeds-webgl.html"
    write_html(build_graph(seed_store, lang="ko", with_evidence=True), str(out), title="kgraph — seeds", lang="ko",
               renderer="webgl")
    page = Page(browser, out)
    yield page
    page.close()


def test_webgl_page_draws_with_sigma_offline_without_errors(gl_page, seed_store):
    assert gl_page.js("window.kgraph.renderer") == "webgl"           # SwiftShader: WebGL without a GPU
    assert gl_page.page.inner_text("#renderer") == "drawn with WebGL"
    assert gl_page.errors == [] and gl_page.requests == [gl_page.url]
    assert gl_page.js("document.querySelectorAll('#graph canvas').length") >= 3      # sigma's layers
    assert gl_page.visible() == store_counts(seed_store)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    gl_page.page.screenshot(path=str(ARTIFACTS / "seed-graph-webgl.png"))


def test_webgl_search_finds_a_name_and_opens_its_panel(gl_page):
    gl_page.js("window.kgraph.closePanel()")
    gl_page.page.fill("#search", "Kakao")
    gl_page.page.press("#search", "Enter")
    assert gl_page.js("window.kgraph.state.panel") == {"kind": "node", "id": KAKAO}
    assert gl_page.js("window.kgraph.state.focus") == KAKAO
    assert gl_page.page.inner_text("#panel h2") == "카카오"
    # the entity is on screen, left of the panel
    p = gl_page.js("id => window.kgraph.position(id)", KAKAO)
    width = gl_page.js("document.getElementById('graph').clientWidth - document.getElementById('panel').offsetWidth")
    assert 0 < p["x"] < width and 0 < p["y"] < gl_page.js("document.getElementById('graph').clientHeight")
    gl_page.page.fill("#search", "no such thing")
    gl_page.page.press("#search", "Enter")
    assert gl_page.page.inner_text("#search-msg") == "no entity matches"
    assert gl_page.errors == []


def test_webgl_click_on_a_node_opens_the_panel_with_its_facts(gl_page):
    gl_page.js("window.kgraph.closePanel()")
    at = gl_page.screen(KAKAO)
    gl_page.page.mouse.move(at["x"], at["y"])
    gl_page.page.wait_for_timeout(100)
    gl_page.page.mouse.click(at["x"], at["y"])
    gl_page.wait("window.kgraph.state.panel !== null", 10)
    assert gl_page.js("window.kgraph.state.panel") == {"kind": "node", "id": KAKAO}
    assert gl_page.js("window.kgraph.state.focus") == KAKAO
    assert gl_page.page.inner_text("#panel h2") == "카카오"
    edges = gl_page.js("id => window.kgraph.graph.edges(id)", KAKAO)
    listed = gl_page.js("Array.from(document.querySelectorAll('#panel details')).map(d => d.dataset.edge)")
    assert edges and sorted(listed) == sorted(edges)
    # the neighbourhood stays in colour, the rest is dimmed (sigma's display data)
    neighbours = set(gl_page.js("id => window.kgraph.graph.neighbors(id)", KAKAO))
    dimmed = set(gl_page.js("window.kgraph.graph.filterNodes(n => window.kgraph.sigma.getNodeDisplayData(n).color"
                            " === '#e6e6e6')"))
    assert dimmed == set(gl_page.js("window.kgraph.graph.nodes()")) - neighbours - {KAKAO}
    # the background: closes the panel and clears the highlight
    gl_page.js("window.kgraph.sigma.getCamera().setState({x: 0.5, y: 0.5, ratio: 1})")
    gl_page.page.wait_for_timeout(400)           # two clicks within 300 ms are sigma's double click (a zoom)
    box = gl_page.page.locator("#graph").bounding_box()
    gl_page.page.mouse.click(box["x"] + 3, box["y"] + box["height"] - 3)
    gl_page.wait("window.kgraph.state.panel === null", 10)
    assert gl_page.js("window.kgraph.state.focus") is None and gl_page.errors == []


def test_webgl_click_on_an_edge_shows_its_sentences(gl_page, seed_store):
    openai = "https://w3id.org/kgraph/entity/OpenAI"
    gl_page.js("window.kgraph.closePanel()")
    # the straight one of the facts between the two (the others bend aside)
    edge = gl_page.js("""([a, b]) => { const g = window.kgraph.graph;
        return g.edges().find(e => g.getEdgeAttribute(e, 'type') !== 'curved' &&
            ((g.source(e) === a && g.target(e) === b) || (g.source(e) === b && g.target(e) === a))); }""", [KAKAO, openai])
    # centre the middle of the edge and zoom in, so that the click lands on it, away from its ends
    gl_page.js("""([a, b]) => { const s = window.kgraph.sigma, p = s.getNodeDisplayData(a), q = s.getNodeDisplayData(b);
        s.getCamera().setState({x: (p.x + q.x) / 2, y: (p.y + q.y) / 2, ratio: 0.3}); }""", [KAKAO, openai])
    gl_page.page.wait_for_timeout(200)
    a, b = gl_page.screen(KAKAO), gl_page.screen(openai)
    middle = {"x": (a["x"] + b["x"]) / 2, "y": (a["y"] + b["y"]) / 2}
    gl_page.page.mouse.move(middle["x"], middle["y"])
    gl_page.page.wait_for_timeout(100)
    gl_page.page.mouse.click(middle["x"], middle["y"])
    gl_page.wait("window.kgraph.state.panel !== null", 10)
    assert gl_page.js("window.kgraph.state.panel") == {"kind": "edge", "id": edge}
    pred = gl_page.js("id => window.kgraph.edgeData(id).pred", edge)
    quoted = gl_page.js("Array.from(document.querySelectorAll('#panel blockquote'), q => q.textContent)")
    sentences = evidence_of(seed_store, KAKAO, pred, openai)
    shown = [s for s in sentences if s in quoted]       # not the titles: a headline may be one
    assert shown and len(shown) == min(5, len(sentences)) and gl_page.errors == []
    gl_page.js("window.kgraph.closePanel()")


def test_webgl_filters_change_the_visible_counts(gl_page, seed_store):
    nodes, edges = gl_page.visible()
    people = gl_page.js("window.kgraph.graph.filterNodes(n => window.kgraph.nodeData(n).group === 'Person').length")
    gl_page.page.uncheck("#types input[data-key='Person']")
    assert people and gl_page.visible()[0] == nodes - people
    gl_page.page.check("#types input[data-key='Person']")
    works = gl_page.js("window.kgraph.graph.filterEdges(e => window.kgraph.edgeData(e).pred === 'worksFor').length")
    gl_page.page.uncheck("#predicates input[data-key='worksFor']")
    assert works and gl_page.visible() == (nodes, edges - works)
    gl_page.page.check("#predicates input[data-key='worksFor']")
    assert gl_page.visible() == (nodes, edges)
    gl_page.page.check("#stated-only")
    try:
        where = "FILTER EXISTS { ?r2 kg:subject ?s ; kg:predicate ?p ; kg:object ?o ; kg:modality 'stated' }"
        assert gl_page.visible()[1] == store_counts(seed_store, where)[1] < edges
    finally:
        gl_page.page.uncheck("#stated-only")
    assert gl_page.visible() == (nodes, edges) and gl_page.errors == []


def test_webgl_date_range_and_the_address(browser, mini_page):
    store, out = mini_page
    write_html(build_graph(store, with_evidence=True), str(out), renderer="webgl")
    page = Page(browser, out.resolve().as_uri() + "#entity=" + "https%3A%2F%2Fw3id.org%2Fkgraph%2Fentity%2FKakao")
    try:
        assert page.js("window.kgraph.renderer") == "webgl"
        assert page.js("window.kgraph.state.panel") == {"kind": "node", "id": KAKAO}
        page.page.fill("#date-from", "2025-02-05")
        page.page.fill("#date-to", "2025-03-31")
        page.page.dispatch_event("#date-to", "change")
        where = "?r kg:extractedFrom ?d . ?d kg:published ?pub FILTER(STR(?pub) >= '2025-02-05' && STR(?pub) <= '2025-03-31')"
        assert page.visible()[1] == store_counts(store, where)[1] == 5
        assert page.errors == [] and page.requests == [page.url.split("#")[0]]
    finally:
        page.close()


def test_webgl_hostile_labels_render_as_text(browser, tmp_path):
    from kgraph.store import open_store
    store = open_store(":memory:")
    minigraph.build_hostile(store)
    out = tmp_path / "hostile-webgl.html"
    write_html(build_graph(store, with_evidence=True), str(out), title=minigraph.HOSTILE,
               subtitle=minigraph.HOSTILE_SENTENCE, renderer="webgl")
    store.close()
    page = Page(browser, out)
    try:
        page.page.wait_for_timeout(300)
        assert page.js("window.kgraph.renderer") == "webgl"
        assert page.dialogs == [] and page.errors == []
        assert page.js("document.querySelectorAll('img, svg, a[href], iframe').length") == 0
        # vis-network (the fallback), graphology, sigma.js, the data (JSON), the page
        assert page.js("document.querySelectorAll('script').length") == 5
        assert page.page.inner_text("#heading") == minigraph.HOSTILE
        bad = page.js("window.kgraph.graph.filterNodes(n => window.kgraph.nodeData(n).discovered)[0]")
        assert page.js("id => window.kgraph.graph.getNodeAttribute(id, 'label')", bad) == minigraph.HOSTILE
        at = page.screen(bad)
        page.page.mouse.move(at["x"], at["y"])
        page.page.wait_for_selector("#tip", state="visible", timeout=5000)
        tip = page.page.locator("#tip")
        assert minigraph.HOSTILE in tip.inner_text() and tip.locator("img, svg, a, script").count() == 0
        page.page.mouse.click(at["x"], at["y"])
        page.wait("window.kgraph.state.panel !== null", 10)
        panel = page.page.locator("#panel")
        assert minigraph.HOSTILE in panel.inner_text() and panel.locator("img, svg, script, iframe").count() == 0
        page.js("window.kgraph.showEdge('e0')")
        assert minigraph.HOSTILE_SENTENCE in panel.inner_text()
        assert page.dialogs == [] and page.errors == [] and page.requests == [page.url]
    finally:
        page.close()


def test_without_webgl_the_page_falls_back_to_vis_and_says_so(browser, mini_page):
    store, out = mini_page
    write_html(build_graph(store, with_evidence=True), str(out), renderer="webgl")
    page = Page(browser, out, init=NO_WEBGL)
    try:
        assert page.js("window.kgraph.renderer") == "vis"
        assert page.page.inner_text("#renderer").startswith("WebGL is not available in this browser: drawn with vis-network")
        assert page.visible() == store_counts(store)
        assert page.js("window.kgraph.search('Kakao')") == KAKAO
        assert page.errors == [] and page.requests == [page.url]
    finally:
        page.close()
