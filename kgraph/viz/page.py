"""Build the pyvis network from the networkx graph and render it into one offline HTML page.

The page inlines vis-network's JavaScript and CSS from the pyvis package and, for the WebGL
renderer, sigma.js and graphology (vendored in kgraph/viz/assets/, see SOURCE.md there), and loads
nothing else (a Content-Security-Policy forbids any request). pyvis's own templates are not used:
they load Bootstrap from a CDN and switch to innerHTML popups when a title contains "href".
Here every text reaches the page as JSON data and is put into the document with textContent,
so labels, names and evidence always render as text.
"""
from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

import networkx as nx
from jinja2 import Environment
from pyvis.network import Network

from kgraph.files import atomic_output
from kgraph.query.explain import MODALITY_WORDS, PHRASES
from kgraph.rdf.namespaces import SYMMETRIC_PREDICATES
from kgraph.viz.layout import layout
from kgraph.viz.style import PREDICATE_COLOURS, TYPE_WORDS, type_style

# Above this many nodes, positions are computed here (kgraph.viz.layout) and physics is off:
# vis-network's physics takes seconds on hundreds of nodes and minutes on thousands. Edge labels
# are dropped above EDGE_LABEL_LIMIT edges.
PHYSICS_LIMIT = 60
RESTYLE_LIMIT = 800        # up to this many nodes a click dims the others; above, it selects the neighbours
EDGE_LABEL_LIMIT = 400
# Above this many edges, facts not stated are drawn faint instead of dashed: a dashed line costs
# the canvas twice a solid one (0.8 s a redraw at 40,000 edges). With WebGL, edges above it are thin
# lines without arrowheads (a third of the cost of a frame in software rendering).
DASH_LIMIT = 2000
# Renderers: vis-network draws every edge on a 2D canvas at every redraw (seconds at 40,000 edges);
# sigma.js draws with WebGL. "auto" takes WebGL above WEBGL_LIMIT nodes: measured without a GPU
# (SwiftShader), WebGL opens a large graph sooner, but up to 5,000 nodes vis-network redraws a
# search's frame faster. A WebGL page also holds vis-network, and uses it (saying so) in a browser
# without WebGL.
RENDERERS = ("auto", "vis", "webgl")
WEBGL_LIMIT = 5000

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS from the pyvis package (read once per process)."""
    import pyvis
    lib = Path(pyvis.__file__).resolve().parent / "lib"
    versions = sorted(lib.glob("vis-*/vis-network.min.js"))
    if not versions:
        from kgraph.errors import KgraphError
        raise KgraphError(f"vis-network is missing from the pyvis package at {lib}; reinstall pyvis")
    js = versions[-1]
    return js.read_text(encoding="utf-8"), (js.parent / "vis-network.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _webgl_assets() -> tuple[str, str]:
    """graphology's and sigma.js's browser bundles, vendored (kgraph/viz/vendor.py)."""
    assets = HERE / "assets"
    return ((assets / "graphology.umd.min.js").read_text(encoding="utf-8"),
            (assets / "sigma.min.js").read_text(encoding="utf-8"))


def choose_renderer(renderer: str, nodes: int) -> str:
    """"vis" or "webgl" for a graph of `nodes` nodes ("auto": WebGL above WEBGL_LIMIT)."""
    if renderer not in RENDERERS:
        from kgraph.errors import KgraphError
        raise KgraphError(f"renderer must be one of {', '.join(RENDERERS)}, not {renderer!r}")
    if renderer == "auto":
        return "webgl" if nodes > WEBGL_LIMIT else "vis"
    return renderer


def _http(url: str) -> str:
    """A link the page may open: http(s) only (never javascript: or data:)."""
    return url if url.startswith(("http://", "https://")) else ""


def _node_info(d: dict) -> dict:
    """What the tooltip and the side panel show about an entity (the page fills them with textContent)."""
    info = {"en": d.get("label_en", ""), "ko": d.get("label_ko", ""), "org": list(d.get("org", [])),
            "docs": d.get("documents", 0)}
    others = [n for n in d.get("names", []) if n not in (d.get("label_en"), d.get("label_ko"), d.get("label"))]
    if others:
        info["also"] = others[:8]
    return info


def _edge_info(d: dict) -> dict:
    """An edge's support and evidence: modalities, counts, dates and up to max_evidence sentences, each
    with its document's title, publisher, date and source address."""
    info = {"mods": list(d.get("modalities", [d["modality"]])), "docs": d["documents"], "rels": d["relations"],
            "first": d.get("first", ""), "last": d.get("last", "")}
    if d.get("evidence"):
        info["ev"] = [{"s": " ".join(ev["sentence"].split()), "m": ev["modality"], "t": ev.get("title", ""),
                       "p": ev.get("publisher", ""), "d": ev.get("published", ""), "u": _http(ev.get("url", ""))}
                      for ev in d["evidence"]]
    return info


def build_network(g: nx.MultiDiGraph, lang: str = "en", size_by: str = "degree", positions: bool = False) -> Network:
    """A pyvis Network filled directly (pyvis's from_nx and add_edge are quadratic in graph size).
    `positions`: lay out here whatever the size (the WebGL renderer has no physics)."""
    net = Network(directed=True, cdn_resources="in_line")
    big = g.number_of_nodes() > PHYSICS_LIMIT
    placed = big or positions
    pos = layout(g) if placed else {}
    und_degree = dict(g.to_undirected(as_view=True).degree()) if g.number_of_nodes() else {}
    words = TYPE_WORDS.get(lang, {})
    for n, d in g.nodes(data=True):
        colour, shape = type_style(d.get("type", "Entity"))
        value = und_degree.get(n, 0) if size_by == "degree" else d.get("documents", 0)
        node = {"id": n, "label": d.get("label", n), "group": d.get("type", "Entity"), "shape": shape,
                "value": max(int(value), 1), "color": {"background": colour, "border": "#222222" if d.get("discovered")
                                                      else colour},
                "names": sorted({*d.get("names", []), d.get("label_en", ""), d.get("label_ko", "")} - {""}),
                "typeLabel": words.get(d.get("type", ""), d.get("type", "")),
                "discovered": bool(d.get("discovered")), "documents": int(d.get("documents", 0)),   # search ranks by it
                "info": _node_info(d)}
        if d.get("discovered"):
            node["borderWidth"] = 2
            node["shapeProperties"] = {"borderDashes": [4, 3]}
        if placed:
            node["x"], node["y"] = round(pos[n][0], 1), round(pos[n][1], 1)
        net.nodes.append(node)
        net.node_ids.append(n)
        net.node_map[n] = node
    label_edges = g.number_of_edges() <= EDGE_LABEL_LIMIT
    parallel: dict[frozenset, int] = {}
    dashed = g.number_of_edges() <= DASH_LIMIT
    for i, (s, o, d) in enumerate(g.edges(data=True)):
        pred = d["predicate"]
        stated = d["modality"] == "stated"
        edge = {"id": f"e{i}", "from": s, "to": o, "pred": pred, "modality": d["modality"],
                "color": {"color": PREDICATE_COLOURS.get(pred, "#888888")},
                "arrows": "" if pred in SYMMETRIC_PREDICATES else "to",
                "dashes": not stated and dashed, "value": d["documents"], "info": _edge_info(d)}
        if not stated and not dashed:
            edge["color"]["opacity"] = 0.4
        if label_edges:
            edge["label"] = PHRASES.get(pred, pred)
        # several facts between two entities: the first straight, the others bent to either side so
        # that each can be seen, hovered and clicked
        k = parallel.get(frozenset((s, o)), 0)
        parallel[frozenset((s, o))] = k + 1
        if k:
            bend = "curvedCW" if (k % 2) == (s < o) else "curvedCCW"
            edge["smooth"] = {"enabled": True, "type": bend, "roundness": round(0.18 * ((k + 1) // 2), 2)}
        net.edges.append(edge)
    options = {
        "nodes": {"scaling": {"min": 8, "max": 40, "label": {"enabled": False}}, "font": {"size": 14}},
        "edges": {"scaling": {"min": 1, "max": 8, "label": {"enabled": False}},
                  "font": {"size": 10, "align": "middle", "color": "#555555", "strokeWidth": 3},
                  "smooth": False if big else {"type": "dynamic"}},
        # tooltips are the page's own, made on hover from the data: vis-network's titles are DOM
        # elements made for every node and edge up front, seconds on a large graph
        "interaction": {"hover": True, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big, "navigationButtons": False},
        "physics": {"enabled": not big, "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": True, "iterations": 300, "fit": True}},
        "layout": {"improvedLayout": not big},
    }
    net.options = options
    return net


def _date_span(g: nx.MultiDiGraph) -> list[str]:
    """The first and last document date among the edges ([] when no document has a date)."""
    firsts = [d["first"] for _, _, d in g.edges(data=True) if d.get("first")]
    lasts = [d["last"] for _, _, d in g.edges(data=True) if d.get("last")]
    return [min(firsts), max(lasts)] if firsts and lasts else []


_ENV = Environment(autoescape=True)
# the data as compact JSON in UTF-8 (Jinja's tojson still escapes <, >, & and ' as \u003c …): Korean
# text as \uXXXX and ", "/": " separators made a fifth of a large page
_ENV.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}


@lru_cache(maxsize=1)
def _template():
    return _ENV.from_string((HERE / "template.html").read_text(encoding="utf-8"))


def render_html(g: nx.MultiDiGraph, *, title: str = "kgraph", lang: str = "en", size_by: str = "degree",
                subtitle: str = "", query_page: str = "", renderer: str = "auto") -> str:
    """The whole page as a string: data, controls and the renderer, with no outside resource.
    `query_page`: the address of a SPARQL query page to link to (kgraph serve's /query).
    `renderer`: "vis" (vis-network, a 2D canvas), "webgl" (sigma.js, falling back to vis-network
    in a browser without WebGL) or "auto" (WebGL above WEBGL_LIMIT nodes)."""
    chosen = choose_renderer(renderer, g.number_of_nodes())
    net = build_network(g, lang, size_by, positions=chosen == "webgl")
    js, css = _vis_assets()
    graphology_js, sigma_js = _webgl_assets() if chosen == "webgl" else ("", "")
    template = _template()
    types = sorted({n["group"] for n in net.nodes})
    preds = sorted({e["pred"] for e in net.edges})
    data = {
        "nodes": net.nodes, "edges": net.edges, "options": net.options, "lang": lang,
        "legend": {
            "types": [{"type": t, "label": TYPE_WORDS.get(lang, {}).get(t, t), "colour": type_style(t)[0],
                       "shape": type_style(t)[1]} for t in types],
            "predicates": [{"pred": p, "label": PHRASES.get(p, p), "colour": PREDICATE_COLOURS.get(p, "#888888"),
                            "directed": p not in SYMMETRIC_PREDICATES} for p in preds],
            "modalities": {m: MODALITY_WORDS.get(m, m) for m in ("stated", "planned", "discussed", "speculated")},
        },
        "dates": _date_span(g),
        "physics": net.options["physics"]["enabled"],     # off: laid out here
        "restyle": len(net.nodes) <= RESTYLE_LIMIT,
        "dashed": len(net.edges) <= DASH_LIMIT,
        "renderer": chosen,
    }
    return template.render(title=title, subtitle=subtitle, css=css, visjs=js, data=data, query_page=query_page,
                           nodes=len(net.nodes), edges=len(net.edges), graphologyjs=graphology_js, sigmajs=sigma_js)


def write_html(g: nx.MultiDiGraph, path: str, **kwargs) -> str:
    """Write the page to `path` atomically; returns the path."""
    page = render_html(g, **kwargs)
    with atomic_output(path, "w") as fh:
        fh.write(page)
    return path


def notebook(g: nx.MultiDiGraph, height: int = 650, **kwargs):
    """The page inline in Jupyter: an IPython HTML object holding an iframe with the page as srcdoc."""
    from IPython.display import HTML
    page = render_html(g, **kwargs)
    return HTML(f'<div class="kgraph"><iframe srcdoc="{html.escape(page, quote=True)}" '
                f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
                f'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe></div>')
