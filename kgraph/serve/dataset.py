"""The SPARQL 1.1 Protocol's dataset parameters: `default-graph-uri` and `named-graph-uri`
(https://www.w3.org/TR/sparql11-protocol/#dataset), which YASGUI, Jena and others send.

Without them the default graph is the union of all graphs. With them the dataset is what they say:
the default graph is the merge of the `default-graph-uri` graphs (empty when none is given) and the
named graphs are the `named-graph-uri` ones (none when none is given); they take the place of the
query's own FROM and FROM NAMED, as the protocol says. A graph the store does not hold is simply
empty: nothing is ever fetched. The query text still passes the store's guard first (SERVICE, LOAD,
FROM a remote graph are refused).
"""
from __future__ import annotations

import re

from kgraph.errors import QueryError
from kgraph.rdf.namespaces import FACTS_GRAPH

Dataset = tuple[tuple[str, ...], tuple[str, ...]]        # (default graphs, named graphs)
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|\\^`]*")


class DatasetError(QueryError):
    """A dataset parameter that is not an absolute IRI."""


def dataset_of(params: dict) -> Dataset | None:
    """The dataset the request names, or None (the union of all graphs). Empty values are ignored."""
    default = tuple(v.strip() for v in params.get("default-graph-uri", []) if v.strip())
    named = tuple(v.strip() for v in params.get("named-graph-uri", []) if v.strip())
    for name, values in (("default-graph-uri", default), ("named-graph-uri", named)):
        for v in values:
            if not _IRI.fullmatch(v):
                raise DatasetError(f"{name} {v[:200]!r} is not an absolute IRI; give a graph's IRI, such as "
                                   f"{FACTS_GRAPH}")
    if not default and not named:
        return None
    return default, named


class DatasetStore:
    """A store whose queries run over a protocol dataset instead of the union of all graphs
    (the embedded store only: it is pyoxigraph that takes the dataset)."""

    def __init__(self, store, dataset: Dataset):
        from kgraph.store.oxigraph import OxigraphStore
        if not isinstance(store, OxigraphStore):
            raise QueryError("default-graph-uri and named-graph-uri need the embedded store, and this server "
                             "answers from a SPARQL server; use GRAPH in the query instead")
        self.store, self.dataset, self.location = store, dataset, store.location

    def query(self, sparql: str, bindings: dict | None = None, *, limit: int | None = None,
              deadline: float | None = None):
        return self.store.query(sparql, bindings, limit=limit, deadline=deadline, dataset=self.dataset)


__all__ = ["Dataset", "DatasetError", "DatasetStore", "dataset_of"]
