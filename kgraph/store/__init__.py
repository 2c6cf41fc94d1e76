"""Stores behind one small interface, chosen by location: a directory, ':memory:', or a SPARQL server URL."""
from __future__ import annotations

from kgraph.store.base import Rows, Store
from kgraph.store.oxigraph import OxigraphStore
from kgraph.store.remote import RemoteOptions, SparqlStore


def is_remote(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def open_store(location: str | None = None, *, read_only: bool = False,
               remote: RemoteOptions | None = None, create: bool = True, serving: bool = False) -> Store:
    """Open the store at `location`: a directory (embedded Oxigraph), ':memory:', or the URL of a
    SPARQL 1.1 server (with `remote` options for separate endpoints and credentials).

    A directory that holds no store is created when `create` is true and the store is opened for
    writing; otherwise it is a NoStoreError, and nothing is created. `serving` (kgraph serve): a
    directory's current snapshot, read-only, which writers may update meanwhile (store/snapshot.py)."""
    from kgraph.config import MEMORY, store_location
    loc = store_location(location)
    if is_remote(loc):
        return SparqlStore(loc, remote, read_only=read_only)
    if serving and loc != MEMORY:
        from kgraph.store.serving import open_for_serving
        return open_for_serving(loc)
    return OxigraphStore(loc, read_only=read_only, create=create)


__all__ = ["Store", "Rows", "OxigraphStore", "SparqlStore", "RemoteOptions", "open_store", "is_remote"]
