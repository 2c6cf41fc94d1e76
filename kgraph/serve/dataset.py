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
import time

from rdflib import Graph, URIRef

from kgraph.errors import QueryError
from kgraph.rdf.namespaces import FACTS_GRAPH, PREFIXES
from kgraph.rdf.sparql import bind_values, guard, is_local_iri
from kgraph.store.base import Rows

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
        import pyoxigraph as ox

        from kgraph.store.oxigraph import to_rdflib
        guard(sparql, lambda iri: is_local_iri(iri) or self.store.has_graph(URIRef(iri)))
        if bindings:
            sparql = bind_values(sparql, bindings)
        default, named = self.dataset
        try:
            res = self.store._store.query(sparql, default_graph=[ox.NamedNode(g) for g in default],
                                          named_graphs=[ox.NamedNode(g) for g in named], prefixes=PREFIXES)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from None
        except (OSError, ValueError) as err:
            raise QueryError(f"query failed on store {self.location!r}: {err}") from None
        if isinstance(res, ox.QueryBoolean):
            return bool(res)
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            return Rows(({n: to_rdflib(sol[n]) for n in names if sol[n] is not None}
                         for sol in _bounded(res, limit, deadline)), names)
        g = Graph()
        for t in _bounded(res, limit, deadline):
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return g


def _bounded(items, limit: int | None, deadline: float | None):
    from kgraph.errors import QueryTimeout
    for n, item in enumerate(items):
        if limit is not None and n > limit:
            return
        if deadline is not None and n % 64 == 0 and time.monotonic() > deadline:
            raise QueryTimeout("the query ran past its time limit")
        yield item


__all__ = ["Dataset", "DatasetError", "DatasetStore", "dataset_of"]
