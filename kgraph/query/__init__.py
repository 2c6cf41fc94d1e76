"""Reading the store: SPARQL with safely bound parameters."""
from __future__ import annotations

from kgraph.query.run import query

__all__ = ["query"]
