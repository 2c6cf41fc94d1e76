"""Build the pyvis network from the networkx graph and render it into one offline HTML page.

The page inlines vis-network's JavaScript and CSS from the pyvis package and loads nothing
else (a Content-Security-Policy forbids any request). pyvis's own templates are not used:
they load Bootstrap from a CDN and switch to innerHTML popups when a title contains "href".
Here every text reaches the page as JSON data and is put into the document with textContent,
so labels, names and evidence always render as text.
"""
from __future__ import annotations

import html
import math
from collections import deque
from functools import lru_cache
from pathlib import Path

import networkx as nx
from jinja2 import Environment
from pyvis.network import Network

from kgraph.files import atomic_output
from kgraph.query.explain import MODALITY_WORDS, PHRASES
from kgraph.rdf.namespaces import SYMMETRIC_PREDICATES
from kgraph.viz.style import PREDICATE_COLOURS, TYPE_WORDS, type_style

# Above this many nodes, positions are computed here and physics is off (vis-network's physics
# takes minutes on thousands of nodes); edge labels are dropped above EDGE_LABEL_LIMIT edges.
PHYSICS_LIMIT = 800
EDGE_LABEL_LIMIT = 400
MAX_EVIDENCE_SHOWN = 3

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


def _node_tip(d: dict, lang: str) -> list[list[str]]:
    words = TYPE_WORDS.get(lang, {})
    lines = [["tip-title", d.get("label", "")]]
    if d.get("label_en"):
        lines.append(["", f"English: {d['label_en']}"])
    if d.get("label_ko"):
        lines.append(["", f"한국어: {d['label_ko']}"])
    lines.append(["", f"Type: {words.get(d.get('type', ''), d.get('type', ''))}"])
    if d.get("org"):
        lines.append(["", f"Organisation: {', '.join(d['org'])}"])
    others = [n for n in d.get("names", []) if n not in (d.get("label_en"), d.get("label_ko"), d.get("label"))]
    if others:
        lines.append(["", f"Also: {', '.join(others[:8])}"])
    lines.append(["", f"Mentioned in {d.get('documents', 0)} document(s)"])
    if d.get("discovered"):
        lines.append(["tip-note", "Discovered in the text (not in the reference list)"])
    return lines


def _edge_tip(g: nx.MultiDiGraph, s: str, o: str, d: dict) -> list[list[str]]:
    pred = d["predicate"]
    lines = [["tip-title", f"{g.nodes[s].get('label', s)} {PHRASES.get(pred, pred)} {g.nodes[o].get('label', o)}"],
             ["", f"Predicate: {pred}"],
             ["", "Modality: " + ", ".join(MODALITY_WORDS.get(m, m) for m in d.get("modalities", [d['modality']]))],
             ["", f"Supported by {d['documents']} document(s), {d['relations']} sentence(s)"]]
    evidence = d.get("evidence", [])
    for ev in evidence[:MAX_EVIDENCE_SHOWN]:
        lines.append(["tip-ev", f"“{' '.join(ev['sentence'].split())}”"])
        meta = ", ".join(x for x in (ev.get("publisher", ""), ev.get("published", "")) if x)
        src = ev.get("title") or "untitled document"
        lines.append(["tip-src", f"— {src}" + (f" ({meta})" if meta else "") + f" [{ev['modality']}]"])
    if d["relations"] > min(len(evidence), MAX_EVIDENCE_SHOWN):
        lines.append(["tip-note", f"… {d['relations'] - min(len(evidence), MAX_EVIDENCE_SHOWN)} more: "
                                  f"kgraph explain"])
    return lines


def spiral_layout(g: nx.Graph, spacing: float = 28.0) -> dict[str, tuple[float, float]]:
    """Positions in linear time: each connected component on its own disc, nodes placed along a
    sunflower spiral in breadth-first order from its best-connected node, so neighbours land near
    each other and hubs in the middle."""
    und = g.to_undirected(as_view=True) if g.is_directed() else g
    comps = sorted(nx.connected_components(und), key=lambda c: (-len(c), min(c)))
    golden = math.pi * (3 - math.sqrt(5))
    pos: dict[str, tuple[float, float]] = {}
    discs = []
    for comp in comps:
        start = max(sorted(comp), key=und.degree)
        order, seen, queue = [], {start}, deque([start])
        while queue:
            n = queue.popleft()
            order.append(n)
            for m in sorted(und[n], key=lambda x: (-und.degree(x), x)):
                if m not in seen:
                    seen.add(m)
                    queue.append(m)
        local = {n: (spacing * math.sqrt(i) * math.cos(i * golden), spacing * math.sqrt(i) * math.sin(i * golden))
                 for i, n in enumerate(order)}
        discs.append((spacing * math.sqrt(len(order)) + spacing, local))
    # discs in rows, largest first
    row_width = max(2 * discs[0][0], 2 * spacing * math.sqrt(g.number_of_nodes())) if discs else 0
    x = y = row_h = 0.0
    for radius, local in discs:
        if x and x + 2 * radius > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        cx, cy = x + radius, y + radius
        for n, (px, py) in local.items():
            pos[n] = (cx + px, cy + py)
        x += 2 * radius
        row_h = max(row_h, 2 * radius)
    return pos


def build_network(g: nx.MultiDiGraph, lang: str = "en", size_by: str = "degree") -> Network:
    """A pyvis Network filled directly (pyvis's from_nx and add_edge are quadratic in graph size)."""
    net = Network(directed=True, cdn_resources="in_line")
    big = g.number_of_nodes() > PHYSICS_LIMIT
    pos = spiral_layout(g) if big else {}
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
                "discovered": bool(d.get("discovered")), "tip": _node_tip(d, lang)}
        if d.get("discovered"):
            node["borderWidth"] = 2
            node["shapeProperties"] = {"borderDashes": [4, 3]}
        if big:
            node["x"], node["y"] = round(pos[n][0], 1), round(pos[n][1], 1)
        net.nodes.append(node)
        net.node_ids.append(n)
        net.node_map[n] = node
    label_edges = g.number_of_edges() <= EDGE_LABEL_LIMIT
    for i, (s, o, d) in enumerate(g.edges(data=True)):
        pred = d["predicate"]
        edge = {"id": f"e{i}", "from": s, "to": o, "pred": pred, "modality": d["modality"],
                "color": {"color": PREDICATE_COLOURS.get(pred, "#888888")},
                "arrows": "" if pred in SYMMETRIC_PREDICATES else "to",
                "dashes": d["modality"] != "stated", "value": d["documents"], "tip": _edge_tip(g, s, o, d)}
        if label_edges:
            edge["label"] = PHRASES.get(pred, pred)
        net.edges.append(edge)
    options = {
        "nodes": {"scaling": {"min": 8, "max": 40, "label": {"enabled": False}}, "font": {"size": 14}},
        "edges": {"scaling": {"min": 1, "max": 8, "label": {"enabled": False}},
                  "font": {"size": 10, "align": "middle", "color": "#555555", "strokeWidth": 3},
                  "smooth": False if big else {"type": "dynamic"}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big, "navigationButtons": False},
        # forceAtlas2 looks best on small graphs; Barnes-Hut with fewer iterations settles hundreds of
        # nodes in about a second
        "physics": {"enabled": not big, "solver": "forceAtlas2Based" if g.number_of_nodes() <= 200 else "barnesHut",
                    "stabilization": {"enabled": True, "iterations": 300 if g.number_of_nodes() <= 200 else 120,
                                      "fit": True}},
        "layout": {"improvedLayout": not big and g.number_of_nodes() <= 150},
    }
    net.options = options
    return net


_ENV = Environment(autoescape=True)


@lru_cache(maxsize=1)
def _template():
    return _ENV.from_string((HERE / "template.html").read_text(encoding="utf-8"))


def render_html(g: nx.MultiDiGraph, *, title: str = "kgraph", lang: str = "en", size_by: str = "degree",
                subtitle: str = "") -> str:
    """The whole page as a string: data, controls and vis-network, with no outside resource."""
    net = build_network(g, lang, size_by)
    js, css = _vis_assets()
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
        },
        "physics": net.options["physics"]["enabled"],     # off: a large graph, laid out here
    }
    return template.render(title=title, subtitle=subtitle, css=css, visjs=js, data=data,
                           nodes=len(net.nodes), edges=len(net.edges))


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
                f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" sandbox="allow-scripts"></iframe></div>')
