"""Node positions computed before the page opens, so that a graph of any size is usable at once.

vis-network's physics settles a few hundred nodes in seconds and thousands in minutes; here a
force-directed layout (ForceAtlas2-like, vectorised with numpy) places graphs up to FORCE_LIMIT
nodes, and a linear-time spiral places larger ones.
"""
from __future__ import annotations

import math
from collections import deque

import networkx as nx
import numpy as np

FORCE_LIMIT = 1500        # above this many nodes the O(n²) force layout costs seconds (1.3 s at 1,500): spiral


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


def force_layout(g: nx.Graph, iterations: int = 100, spacing: float = 60.0) -> dict[str, tuple[float, float]]:
    """A ForceAtlas2-like layout (repulsion grows with both nodes' degrees, so hubs spread apart and
    their leaves gather round them; linear attraction along edges; gravity by degree), started
    from the spiral's positions, so it is deterministic. Neighbours end up about `spacing` apart."""
    nodes = list(g.nodes)
    n = len(nodes)
    if n < 3:
        return spiral_layout(g, spacing)
    index = {v: i for i, v in enumerate(nodes)}
    start = spiral_layout(g)
    x = np.array([start[v][0] for v in nodes], dtype=np.float32)
    y = np.array([start[v][1] for v in nodes], dtype=np.float32)
    und = g.to_undirected(as_view=True) if g.is_directed() else g
    pairs = np.array([(index[a], index[b]) for a, b in und.edges() if a != b], dtype=np.int64).reshape(-1, 2)
    a, b = pairs[:, 0], pairs[:, 1]
    mass = (np.bincount(a, minlength=n) + np.bincount(b, minlength=n) + 1).astype(np.float32)
    repulsion = np.float32(0.06 * spacing * spacing)
    gravity = np.float32(0.05)
    step = np.float32(0.1) / mass                     # hubs move slowly, leaves quickly
    dx = np.empty((n, n), np.float32)
    dy = np.empty((n, n), np.float32)
    w = np.empty((n, n), np.float32)
    for it in range(iterations):
        np.subtract.outer(x, x, out=dx)
        np.subtract.outer(y, y, out=dy)
        np.multiply(dx, dx, out=w)
        w += dy * dy
        np.maximum(w, 1.0, out=w)
        np.divide(repulsion, w, out=w)               # (k·mᵢ·mⱼ/d²)·Δ: a force k·mᵢ·mⱼ/d along the unit vector
        w *= mass[:, None]
        w *= mass[None, :]
        fx, fy = (dx * w).sum(1), (dy * w).sum(1)
        ex, ey = x[a] - x[b], y[a] - y[b]            # attraction: the edge's length, along it
        fx -= np.bincount(a, ex, n).astype(np.float32)
        fx += np.bincount(b, ex, n).astype(np.float32)
        fy -= np.bincount(a, ey, n).astype(np.float32)
        fy += np.bincount(b, ey, n).astype(np.float32)
        fx -= gravity * mass * (x - x.mean())
        fy -= gravity * mass * (y - y.mean())
        mx, my = fx * step, fy * step
        length = np.maximum(np.sqrt(mx * mx + my * my), 1e-6)
        cap = np.float32(spacing * (1.0 - it / iterations) + 2.0)     # cooling: moves shrink to 2 px
        limit = np.minimum(np.float32(1.0), cap / length)
        x += mx * limit
        y += my * limit
    return {v: (float(x[i]), float(y[i])) for i, v in enumerate(nodes)}


def layout(g: nx.Graph) -> dict[str, tuple[float, float]]:
    """Force-directed positions up to FORCE_LIMIT nodes, the spiral beyond."""
    return force_layout(g) if g.number_of_nodes() <= FORCE_LIMIT else spiral_layout(g)
