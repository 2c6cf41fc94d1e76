"""kgraph: knowledge graphs of AI-industry partnerships from Korean and English news.

The Python API (the CLI calls the same functions)::

    import kgraph
    store = kgraph.open_store("kgraph-store")        # or ":memory:", or a SPARQL server URL
    report = kgraph.ingest(store, ["seeds"])          # load, extract, write one graph per document
    rows = kgraph.query(store, "SELECT ...")          # list of dicts
    store.close()
"""
from __future__ import annotations

__version__ = "0.1.0"

from kgraph.errors import KgraphError
from kgraph.store import open_store
from kgraph.ingest.runner import ingest
from kgraph.query import query

__all__ = ["KgraphError", "open_store", "ingest", "query", "__version__"]
