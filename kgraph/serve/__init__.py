"""`kgraph serve`: the read-only SPARQL endpoint (http.py), its query workers (pool.py, worker.py)
and the answer each request gets (answer.py)."""
from __future__ import annotations

from kgraph.serve.http import Endpoint, ListenError, ServeConfig, make_server

__all__ = ["ServeConfig", "Endpoint", "ListenError", "make_server"]
