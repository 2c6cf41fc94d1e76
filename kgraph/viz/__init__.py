"""The interactive HTML graph: one self-contained, offline page drawn with vis-network or, for large
graphs, with WebGL (sigma.js)."""
from kgraph.viz.page import (
    PHYSICS_LIMIT,
    RENDERERS,
    WEBGL_LIMIT,
    build_network,
    notebook,
    render_html,
    write_html,
)

__all__ = ["PHYSICS_LIMIT", "RENDERERS", "WEBGL_LIMIT", "build_network", "notebook", "render_html", "write_html"]
