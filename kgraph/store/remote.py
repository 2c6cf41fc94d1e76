"""A SPARQL 1.1 server as the store: Oxigraph server, Apache Jena Fuseki, Virtuoso, GraphDB, Neptune.

Reads go to the query endpoint; each document graph is replaced by one Graph Store Protocol PUT
(when a GSP endpoint is given) or by one update request `DROP SILENT GRAPH …; INSERT DATA …`,
which the server runs as one transaction, so a failed write leaves no partial graph. Queries
ask for the union of all graphs as the default graph with the `union-default-graph` parameter
(Oxigraph); configure the same on other servers (README: "When one machine is not enough"). A
query that names its own dataset (FROM, FROM NAMED) is sent without it: on Oxigraph the parameter
would replace that dataset, and SPARQL says the query's own dataset is the one it runs over.
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO
from urllib.parse import urlsplit, urlunsplit

import requests
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kgraph.errors import QueryError, StoreError
from kgraph.rdf.ntriples import serialize as ntriples
from kgraph.rdf.sparql import (bind_values, guard, has_dataset_clause, is_local_iri, replace_graph_update,
                               sparql_term, with_prefixes)
from kgraph.store.base import Rows
from kgraph.store.oxigraph import OxigraphStore, to_ox

RETRY_STATUS = {502, 503, 504}
# Formats that cannot make the parser fetch anything (no RDF/XML entities, no JSON-LD @context)
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


@dataclass
class RemoteOptions:
    """How to reach a SPARQL server; every field has a CLI option and an environment variable."""

    query_endpoint: str | None = None      # default: URL + /query (Oxigraph, Fuseki dataset URLs)
    update_endpoint: str | None = None     # default: URL + /update
    gsp_endpoint: str | None = None        # Graph Store Protocol; None: writes by SPARQL Update
    user: str | None = None
    password: str | None = None
    timeout: float = 60.0                  # seconds per request
    retries: int = 3                       # attempts for a failed connection or a 502/503/504
    union_default_graph: bool = True       # send union-default-graph with every query without FROM


def _without_credentials(url: str) -> tuple[str, str | None, str | None]:
    parts = urlsplit(url)
    if parts.username is None:
        return url, None, None
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment)), parts.username, parts.password


def term_from_json(t: dict):
    """An rdflib term from a SPARQL JSON results binding."""
    kind = t.get("type")
    if kind == "uri":
        return URIRef(t["value"])
    if kind == "bnode":
        return BNode(t["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in t:
            return Literal(t["value"], lang=t["xml:lang"])
        dt = t.get("datatype")
        if dt and dt != "http://www.w3.org/2001/XMLSchema#string":
            return Literal(t["value"], datatype=URIRef(dt))
        return Literal(t["value"])
    raise StoreError(f"unexpected term in SPARQL results: {t!r}")


class SparqlStore:
    """A store on a SPARQL 1.1 server reached over HTTP."""

    def __init__(self, url: str, options: RemoteOptions | None = None, *, read_only: bool = False):
        opts = options or RemoteOptions()
        base, user, password = _without_credentials(url.rstrip("/"))
        self.location = base
        self.read_only = read_only
        self.options = opts
        self.query_url = opts.query_endpoint or base + "/query"
        self.update_url = opts.update_endpoint or base + "/update"
        self.gsp_url = opts.gsp_endpoint
        self.session = requests.Session()
        user, password = opts.user or user, opts.password or password
        if user:
            self.session.auth = (user, password or "")
        self.session.headers["User-Agent"] = "kgraph"

    # --- HTTP -----------------------------------------------------------------------------------
    def _send(self, method: str, url: str, what: str, timeout: float | None = None, **kw) -> requests.Response:
        attempts = max(1, self.options.retries)
        last = ""
        for attempt in range(attempts):
            try:
                r = self.session.request(method, url, timeout=timeout or self.options.timeout, **kw)
            except requests.Timeout:
                last = f"no answer within {timeout or self.options.timeout:.0f} s"
            except requests.ConnectionError as err:
                last = f"cannot connect ({type(err).__name__}); is the server running?"
            else:
                if r.status_code in (401, 403):
                    raise StoreError(f"{what} refused by {url} (HTTP {r.status_code}): check --user and "
                                     "KGRAPH_PASSWORD, and that the account may do this")
                if r.status_code == 400:
                    raise QueryError(f"{what} rejected by {url} (HTTP {r.status_code}): {r.text.strip()[:500]}")
                if r.status_code not in RETRY_STATUS:
                    if r.status_code >= 300:
                        raise StoreError(f"{what} failed at {url} (HTTP {r.status_code}): {r.text.strip()[:300]}")
                    return r
                last = f"HTTP {r.status_code}: {r.text.strip()[:200]}"
            if attempt + 1 < attempts:
                time.sleep(0.5 * 2 ** attempt)
        raise StoreError(f"{what} failed at {url} after {attempts} attempt(s): {last}")

    def _update(self, sparql: str, what: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location!r} is open read-only; {what} is not allowed")
        self._send("POST", self.update_url, what, data=with_prefixes(sparql).encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    # --- writes ---------------------------------------------------------------------------------
    def replace_graph(self, graph: URIRef, content: Iterable[tuple]) -> None:
        what = f"writing graph {graph}"
        if self.gsp_url:
            if self.read_only:
                raise StoreError(f"store {self.location!r} is open read-only; {what} is not allowed")
            self._send("PUT", self.gsp_url, what, params={"graph": str(graph)},
                       data=(content if isinstance(content, str) else ntriples(content)).encode("utf-8"),
                       headers={"Content-Type": "application/n-triples; charset=utf-8"})
        else:
            self._update(replace_graph_update(graph, content), what)

    def update(self, sparql: str, what: str = "an update") -> None:
        """Run a SPARQL Update (kgraph's own: document writes and the facts graph) as one request."""
        self._update(sparql, what)

    @property
    def writes_graphs_by_put(self) -> bool:
        return bool(self.gsp_url)

    def remove_graph(self, graph: URIRef) -> bool:
        if not self.has_graph(graph):
            return False
        self._update(f"DROP GRAPH {sparql_term(graph)}", f"removing graph {graph}")
        return True

    def clear(self) -> None:
        self._update("DROP ALL", "clearing the store")

    # --- reads ----------------------------------------------------------------------------------
    def query(self, sparql: str, bindings: dict | None = None, *, limit: int | None = None,
              deadline: float | None = None):
        """Rows (list of dicts of rdflib terms) for SELECT, a bool for ASK, a Graph for CONSTRUCT/DESCRIBE.
        The project's prefixes are declared in front of the text (the server knows none of them)."""
        guard(sparql, lambda iri: is_local_iri(iri) or self.has_graph(URIRef(iri)))
        union = self.options.union_default_graph and not has_dataset_clause(sparql)
        if bindings:
            sparql = bind_values(sparql, bindings)
        timeout = None
        if deadline is not None:
            timeout = max(0.1, deadline - time.monotonic())
        params = {"union-default-graph": ""} if union else {}
        r = self._send("POST", self.query_url, "query", timeout=timeout, params=params,
                       data=with_prefixes(sparql).encode("utf-8"),
                       headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": ACCEPT})
        ctype = r.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype in ("application/sparql-results+json", "application/json"):
            data = r.json()
            if "boolean" in data:
                return bool(data["boolean"])
            head = data.get("head", {}).get("vars", [])
            bindings_ = data.get("results", {}).get("bindings", [])
            if limit is not None:
                bindings_ = bindings_[: limit + 1]
            return Rows(({k: term_from_json(v) for k, v in b.items()} for b in bindings_), head)
        fmt = {"application/n-triples": "nt", "text/turtle": "turtle", "text/plain": "nt"}.get(ctype)
        if fmt is None:
            raise StoreError(f"query at {self.query_url}: unexpected response type {ctype!r}; kgraph reads SPARQL "
                             "JSON results, N-Triples and Turtle only")
        g = Graph()
        g.parse(data=r.content.decode("utf-8"), format=fmt)
        return g

    def has_graph(self, graph: URIRef) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {sparql_term(graph)} {{ ?s ?p ?o }} }}"))

    def graphs(self) -> Iterator[URIRef]:
        for r in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield r["g"]

    def quad_count(self, graph: URIRef | None = None) -> int:
        g = sparql_term(graph) if graph is not None else "?g"
        rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"])

    def quads(self) -> Iterator[tuple]:
        """Every quad in the named graphs as rdflib terms (subject, predicate, object, graph)."""
        for r in self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield r["s"], r["p"], r["o"], r["g"]

    def _local_copy(self) -> OxigraphStore:
        """Every quad of the server in an in-memory Oxigraph store (for export and validation)."""
        import pyoxigraph as ox
        local = OxigraphStore()
        local._store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in self.quads())
        return local

    def dump(self, out: IO[bytes], fmt: str) -> None:
        local = self._local_copy()
        try:
            local.dump(out, fmt)
        finally:
            local.close()

    def dataset(self) -> Dataset:
        local = self._local_copy()
        try:
            return local.dataset()
        finally:
            local.close()

    def flush(self) -> None:
        """Nothing to do: the server saves what it has acknowledged."""

    def close(self) -> None:
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


__all__ = ["SparqlStore", "RemoteOptions", "term_from_json"]
