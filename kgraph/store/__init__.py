"""Stores behind one small interface; chosen by location (directory, ':memory:', later a URL)."""
from __future__ import annotations

from kgraph.store.base import Store
from kgraph.store.oxigraph import OxigraphStore


def open_store(location: str | None = None, *, read_only: bool = False) -> Store:
    """Open the store at `location`: a directory for the embedded Oxigraph store, or ':memory:'."""
    from kgraph.config import store_location
    loc = store_location(location)
    if loc.startswith(("http://", "https://")):
        from kgraph.errors import StoreError
        raise StoreError(f"remote SPARQL stores ({loc}) are not supported yet; use a directory or ':memory:'")
    return OxigraphStore(loc, read_only=read_only)


__all__ = ["Store", "OxigraphStore", "open_store"]
