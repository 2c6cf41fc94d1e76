"""The store interface every backend implements (embedded Oxigraph now; a SPARQL server later)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Protocol, runtime_checkable

from rdflib import Dataset, URIRef


class Rows(list):
    """SELECT results: a list of dicts of rdflib terms, plus the query's variables in `vars`."""

    def __init__(self, rows=(), variables: list[str] | None = None):
        super().__init__(rows)
        self.vars = list(variables or [])


@runtime_checkable
class Store(Protocol):
    """Named-graph quad store with SPARQL. Writes of one graph are atomic."""

    location: str

    def replace_graph(self, graph: URIRef, content: Iterable[tuple]) -> None:
        """Replace the named graph `graph` by `content` (an rdflib Graph or any triples), atomically."""

    def update(self, sparql: str, what: str = "an update") -> None:
        """Run a SPARQL Update in one transaction (one request on a server)."""

    def remove_graph(self, graph: URIRef) -> bool:
        """Drop a named graph; False if it was not there."""

    def has_graph(self, graph: URIRef) -> bool:
        """Whether the named graph exists."""

    def query(self, sparql: str, bindings: dict | None = None):
        """Run a SPARQL query; returns rows (list of dicts of rdflib terms), a bool, or a Graph."""

    def quad_count(self, graph: URIRef | None = None) -> int:
        """Number of quads, in one graph or in all."""

    def dump(self, out: IO[bytes], fmt: str) -> None:
        """Write every quad (or triple, for graph formats) to `out` in `fmt`."""

    def quads(self) -> Iterator[tuple]:
        """Every quad as rdflib terms: (subject, predicate, object, graph or None)."""

    def dataset(self) -> Dataset:
        """An rdflib Dataset copy of the whole store (for validation and small exports)."""

    def graphs(self) -> Iterator[URIRef]:
        """The named graphs."""

    def flush(self) -> None:
        """Save buffered writes (the ingest calls this every few hundred documents to bound memory)."""

    def close(self) -> None:
        """Release the store."""
