"""The HTML page without a browser: offline, escaped, large graphs laid out, the `viz` command."""
from __future__ import annotations

import re

import networkx as nx
import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.query.graph import build_graph
from kgraph.viz import PHYSICS_LIMIT, build_network, render_html
from tests import minigraph


@pytest.fixture(scope="module")
def mini_dir(tmp_path_factory):
    return minigraph.store_dir(tmp_path_factory.mktemp("viz") / "store", hostile=True)


@pytest.fixture
def graph(mini_dir):
    from kgraph.store import open_store
    store = open_store(mini_dir, read_only=True)
    try:
        yield build_graph(store, with_evidence=True)
    finally:
        store.close()


def test_page_loads_nothing_from_outside(graph):
    page = render_html(graph, title="t")
    assert "<link" not in page and not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    assert "default-src 'none'" in page            # the browser refuses any request the page might make
    assert "bootstrap" not in page.lower()


def test_hostile_text_is_never_markup(graph):
    page = render_html(graph, title=minigraph.HOSTILE, subtitle=minigraph.HOSTILE)
    for raw in (minigraph.HOSTILE, "<script>alert(2)", "<svg onload", 'href="javascript'):
        assert raw not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page          # heading and title: HTML-escaped
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page     # data: JSON with <, > and & escaped
    assert page.count("<script") == render_html(nx.MultiDiGraph()).count("<script")   # no script added by data


def test_nodes_and_edges_carry_style_and_evidence(mini_dir):
    from kgraph.store import open_store
    store = open_store(mini_dir, read_only=True)
    try:
        graph = build_graph(store, lang="ko", with_evidence=True)
    finally:
        store.close()
    net = build_network(graph, lang="ko")
    by_id = {n["id"]: n for n in net.nodes}
    kakao = by_id["https://w3id.org/kgraph/entity/Kakao"]
    assert kakao["label"] == "카카오" and "Kakao" in kakao["names"] and kakao["shape"] == "dot"
    hong = next(n for n in net.nodes if n["label"] == "홍길동")
    assert hong["discovered"] and hong["shapeProperties"] == {"borderDashes": [4, 3]}
    planned = next(e for e in net.edges if e["modality"] == "planned")
    assert planned["dashes"] and planned["arrows"] == ""                 # partnerOf: symmetric, no arrow
    invest = next(e for e in net.edges if e["pred"] == "investsIn")
    assert invest["arrows"] == "to" and not invest["dashes"]
    two = next(e for e in net.edges if e["value"] == 2)
    assert two["info"]["mods"] == ["stated"] and (two["info"]["docs"], two["info"]["rels"]) == (2, 2)
    assert (two["info"]["first"], two["info"]["last"]) == ("2025-02-04", "2025-02-05")
    assert {"s": "오픈AI는 카카오와 전략적 제휴를 맺었다.", "m": "stated", "t": "오픈AI·카카오 전략적 제휴",
            "p": "연합뉴스", "d": "2025-02-04", "u": "https://news.example/yonhap/d1"} in two["info"]["ev"]
    assert by_id["https://w3id.org/kgraph/entity/OpenAI"]["info"]["docs"] == 4


def test_only_web_addresses_become_links(mini_dir):
    from kgraph.viz.page import _edge_info
    d = {"modality": "stated", "documents": 1, "relations": 1,
         "evidence": [{"sentence": "a", "modality": "stated", "url": "javascript:alert(1)"},
                      {"sentence": "b", "modality": "stated", "url": "https://news.example/b"}]}
    assert [ev["u"] for ev in _edge_info(d)["ev"]] == ["", "https://news.example/b"]


def test_medium_graphs_are_laid_out_here_by_force_deterministically():
    from kgraph.viz.layout import force_layout
    g = nx.barabasi_albert_graph(300, 2, seed=1)
    one, two = force_layout(g), force_layout(g)
    assert one == two and len({(round(x), round(y)) for x, y in one.values()}) == 300
    # neighbours sit closer than nodes picked at random
    import statistics
    near = statistics.median(abs(complex(*one[a]) - complex(*one[b])) for a, b in g.edges)
    far = statistics.median(abs(complex(*one[a]) - complex(*one[(a * 7 + 13) % 300])) for a in g.nodes)
    assert near < far / 2


def test_large_graph_is_laid_out_here_with_physics_off():
    g = nx.MultiDiGraph()
    n = PHYSICS_LIMIT * 30
    for i in range(n):
        g.add_node(str(i), label=f"n{i}", type="Company")
    for i in range(1, n):
        g.add_edge(str(i), str((i * 7) % i if i > 7 else 0), key="partnerOf", predicate="partnerOf",
                   modality="stated", modalities=["stated"], documents=1, relations=1)
    g.add_node("lonely", label="lonely", type="Person")
    net = build_network(g)
    assert net.options["physics"]["enabled"] is False
    xy = {(n["x"], n["y"]) for n in net.nodes}
    assert len(xy) == len(net.nodes)                              # every node placed, no two on one spot
    assert "label" not in net.edges[0]                              # edge labels dropped on big graphs


def test_viz_command(mini_dir, tmp_path):
    out = tmp_path / "g.html"
    res = CliRunner().invoke(main, ["--store", mini_dir, "viz", "-o", str(out), "--entity", "카카오", "--depth", "1",
                                    "--lang", "ko"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"wrote {out}: 4 entities, 3 facts")
    assert "around 카카오, 1 hop" in out.read_text(encoding="utf-8")
    res = CliRunner().invoke(main, ["--store", mini_dir, "viz", "-o", str(out), "--modality", "stated",
                                    "--predicate", "worksFor"])
    assert res.output.startswith(f"wrote {out}: 4 entities, 2 facts")
    res = CliRunner().invoke(main, ["--store", mini_dir, "viz", "-o", str(out), "--since", "yesterday"])
    assert res.exit_code == 1 and "--since must be a date YYYY-MM-DD" in res.output


def test_above_the_dash_limit_unstated_facts_are_faint_not_dashed():
    from kgraph.viz.page import DASH_LIMIT
    g = nx.MultiDiGraph()
    for i in range(DASH_LIMIT + 1):
        g.add_edge(f"a{i}", f"b{i}", key="partnerOf", predicate="partnerOf", modality="planned" if i % 2 else "stated",
                   modalities=["planned"], documents=1, relations=1)
    edges = build_network(g).edges
    assert not any(e["dashes"] for e in edges)
    assert {e["color"].get("opacity") for e in edges if e["modality"] == "planned"} == {0.4}
    assert all("opacity" not in e["color"] for e in edges if e["modality"] == "stated")
    small = nx.MultiDiGraph(list(g.edges(keys=True, data=True))[:10])
    assert {e["dashes"] for e in build_network(small).edges} == {True, False}


def test_vendored_webgl_files_are_the_ones_recorded():
    import hashlib
    from pathlib import Path

    import kgraph.viz
    assets = Path(kgraph.viz.__file__).parent / "assets"
    source = (assets / "SOURCE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \| [a-z]+ `[^`]+` \| `([0-9a-f]{64})` \|$", source, re.MULTILINE)
    assert {name for name, _ in rows} == {"sigma.min.js", "graphology.umd.min.js", "LICENSE-sigma.txt",
                                          "LICENSE-graphology.txt"}
    for name, digest in rows:
        assert hashlib.sha256((assets / name).read_bytes()).hexdigest() == digest, f"{name} differs from SOURCE.md"
    for licence in ("LICENSE-sigma.txt", "LICENSE-graphology.txt"):
        assert "Permission is hereby granted" in (assets / licence).read_text(encoding="utf-8")


def test_renderer_auto_takes_webgl_above_the_limit(graph):
    from kgraph.errors import KgraphError
    from kgraph.viz import WEBGL_LIMIT
    from kgraph.viz.page import choose_renderer
    assert choose_renderer("auto", WEBGL_LIMIT) == "vis" and choose_renderer("auto", WEBGL_LIMIT + 1) == "webgl"
    assert choose_renderer("vis", 10 * WEBGL_LIMIT) == "vis" and choose_renderer("webgl", 3) == "webgl"
    with pytest.raises(KgraphError):
        choose_renderer("canvas", 3)
    from kgraph.viz.page import _webgl_assets
    graphology_js, sigma_js = _webgl_assets()
    vis_page = render_html(graph)
    assert '"renderer":"vis"' in vis_page and sigma_js[:300] not in vis_page and graphology_js[:300] not in vis_page
    gl_page = render_html(graph, renderer="webgl")
    assert '"renderer":"webgl"' in gl_page and sigma_js in gl_page and graphology_js in gl_page
    assert "vis.Network" in gl_page                     # the fallback for a browser without WebGL
    # offline and escaped as the vis page is
    assert "<link" not in gl_page and not re.search(r"<script[^>]+src=", gl_page)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", gl_page)
    assert "default-src 'none'" in gl_page and minigraph.HOSTILE not in gl_page
    # WebGL has no physics: every node is placed here, whatever the size
    net = build_network(graph, positions=True)
    assert all("x" in n and "y" in n for n in net.nodes)


def test_viz_command_renderer(mini_dir, tmp_path):
    out = tmp_path / "g.html"
    res = CliRunner().invoke(main, ["--store", mini_dir, "viz", "-o", str(out), "--renderer", "webgl"])
    assert res.exit_code == 0, res.output
    assert '"renderer":"webgl"' in out.read_text(encoding="utf-8")
    res = CliRunner().invoke(main, ["--store", mini_dir, "viz", "-o", str(out), "--renderer", "svg"])
    assert res.exit_code == 2 and "--renderer" in res.output
