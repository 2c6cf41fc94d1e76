"""The interactive HTML graph: a pyvis network rendered into one self-contained, offline page."""
from kgraph.viz.page import PHYSICS_LIMIT, build_network, notebook, render_html, write_html

__all__ = ["PHYSICS_LIMIT", "build_network", "render_html", "write_html", "notebook"]
