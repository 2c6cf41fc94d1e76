"""Graph analytics with networkx: centrality, communities, shortest paths with evidence, ego networks."""
from __future__ import annotations

import networkx as nx

from kgraph.errors import QueryError
from kgraph.query.graph import simple_graph

# Exact betweenness is O(nodes x edges); above this many nodes it is estimated from a fixed sample.
BETWEENNESS_EXACT_LIMIT = 2000


def _node_row(g: nx.Graph, n: str) -> dict:
    d = g.nodes[n]
    return {"entity": n, "label": d.get("label", n), "type": d.get("type", "")}


def centrality(g: nx.MultiDiGraph, top: int = 20) -> list[dict]:
    """Degree, betweenness and eigenvector centrality per entity, most central (by degree) first."""
    h = simple_graph(g)
    if not h.number_of_nodes():
        return []
    degree = nx.degree_centrality(h)
    k = None if h.number_of_nodes() <= BETWEENNESS_EXACT_LIMIT else min(500, h.number_of_nodes())
    between = nx.betweenness_centrality(h, k=k, seed=0)
    try:
        eigen = nx.eigenvector_centrality(h, max_iter=2000, tol=1e-8)
    except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
        eigen = {}
    rows = []
    for n in h.nodes:
        rows.append({**_node_row(h, n), "neighbours": h.degree(n), "degree": round(degree[n], 4),
                     "betweenness": round(between.get(n, 0.0), 4),
                     "eigenvector": round(eigen[n], 4) if n in eigen else None})
    rows.sort(key=lambda r: (-r["degree"], -r["betweenness"], r["label"]))
    return rows[:top] if top else rows


def communities(g: nx.MultiDiGraph, method: str = "louvain", seed: int = 0) -> list[dict]:
    """Communities of the undirected graph, largest first, members ordered by their number of neighbours."""
    h = simple_graph(g)
    if not h.number_of_nodes():
        return []
    if method == "louvain":
        groups = nx.community.louvain_communities(h, weight="weight", seed=seed)
    elif method == "greedy":
        groups = nx.community.greedy_modularity_communities(h, weight="weight")
    else:
        raise QueryError(f"unknown community method {method!r}; use louvain or greedy")
    ordered = sorted((sorted(c, key=lambda n: (-h.degree(n), h.nodes[n].get("label", n))) for c in groups),
                     key=lambda c: (-len(c), h.nodes[c[0]].get("label", c[0])))
    return [{"community": i + 1, "size": len(c), "members": [h.nodes[n].get("label", n) for n in c],
             "entities": c} for i, c in enumerate(ordered)]


def shortest_path(g: nx.MultiDiGraph, x: str, y: str) -> list[str]:
    """The entities on a shortest path from x to y, ignoring direction; QueryError when there is none."""
    h = simple_graph(g)
    for n in (x, y):
        if n not in h:
            raise QueryError(f"{n} has no relations in the selected graph")
    try:
        return nx.shortest_path(h, x, y)
    except nx.NetworkXNoPath:
        raise QueryError(f"no path between {h.nodes[x].get('label', x)} and {h.nodes[y].get('label', y)} "
                         "in the selected graph") from None


def path_with_evidence(store, g: nx.MultiDiGraph, x: str, y: str, lang: str = "en") -> list[dict]:
    """A shortest path from x to y; for each hop, the facts between its two ends with their evidence."""
    from rdflib import URIRef

    from kgraph.query.explain import facts
    nodes = shortest_path(g, x, y)
    hops = []
    for a, b in zip(nodes, nodes[1:]):
        allowed = set(g.get_edge_data(a, b, default={})) | set(g.get_edge_data(b, a, default={}))
        found = [f for f in facts(store, URIRef(a), URIRef(b), lang) if f.predicate in allowed]
        hops.append({"from": a, "from_label": g.nodes[a].get("label", a), "to": b,
                     "to_label": g.nodes[b].get("label", b), "facts": found})
    return hops


def ego(g: nx.MultiDiGraph, centre: str, radius: int = 1) -> list[dict]:
    """The facts in the ego network of `centre`: every edge among entities within `radius` hops."""
    if centre not in g:
        raise QueryError(f"{centre} has no relations in the selected graph")
    keep = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), centre, cutoff=radius)
    sub = g.subgraph(keep)
    rows = []
    for s, o, d in sub.edges(data=True):
        rows.append({"subject": sub.nodes[s].get("label", s), "predicate": d["predicate"],
                     "object": sub.nodes[o].get("label", o), "modality": d["modality"],
                     "documents": d["documents"], "hops": min(keep[s], keep[o]) + 1})
    rows.sort(key=lambda r: (r["hops"], -r["documents"], r["subject"], r["predicate"], r["object"]))
    return rows


__all__ = ["centrality", "communities", "shortest_path", "path_with_evidence", "ego", "BETWEENNESS_EXACT_LIMIT"]
