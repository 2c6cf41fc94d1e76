"""The embedded default store: pyoxigraph on RocksDB in a directory, or in memory."""
from __future__ import annotations

import io
import re
import time
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kgraph.config import MEMORY
from kgraph.errors import NoStoreError, QueryError, QueryTimeout, StoreError, StoreLockedError
from kgraph.rdf.namespaces import PREFIXES
from kgraph.rdf.sparql import (
    MAX_NESTING,
    bind_values,
    guard,
    has_dataset_clause,
    is_local_iri,
    replace_graph_update,
)
from kgraph.store import lock
from kgraph.store.base import Rows

FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "turtle": ox.RdfFormat.TURTLE,
           "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
QUAD_FORMATS = {"nquads", "trig", "jsonld"}
PUBLISHING = "kgraph serve (publishing a snapshot)"   # the command kgraph serve names while it holds the store
PUBLISH_EVERY = 30.0    # seconds: a long write publishes a snapshot for kgraph serve at most this often


def to_rdflib(term) -> Node | None:
    """An rdflib term for a pyoxigraph term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return _literal(term.value, term.datatype.value, term.language)
    if isinstance(term, ox.DefaultGraph):
        return None
    raise StoreError(f"unsupported RDF term from the store: {term!r}")


@lru_cache(maxsize=1 << 16)
def _literal(value: str, datatype: str, language: str | None) -> Literal:
    """rdflib parses a typed literal's value when it makes one (8-10 us for a number or a date, more
    than the query took to find it); answers repeat the same counts, dates and modalities."""
    if language:
        return Literal(value, lang=language)
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


def to_ox(term: Node):
    """A pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store RDF term {term!r}")


# What guard() looks for, as plain text: a query in which none of these appear (in any case, anywhere:
# keyword, string or IRI) and with fewer brackets than the nesting limit can neither reach outside nor
# name a dataset, so it is not split into tokens twice (ingest asks ~1 query a document, some with
# VALUES of thousands of terms; tokenizing them was 2-3% of the writing process).
_GUARDED = re.compile(r"service|load|from|using|\\u", re.IGNORECASE)


def _plainly_local(sparql: str) -> bool:
    return _GUARDED.search(sparql) is None and \
        sparql.count("{") + sparql.count("(") + sparql.count("[") <= MAX_NESTING


def _bounded(items, limit: int | None, deadline: float | None):
    """Items of a lazy result, at most limit + 1, stopping with QueryTimeout after the deadline."""
    import time
    for n, item in enumerate(items):
        if limit is not None and n > limit:
            return
        if deadline is not None and n % 64 == 0 and time.monotonic() > deadline:
            raise QueryTimeout("the query ran past its time limit")
        yield item


def _is_lock_error(err: Exception) -> bool:
    text = str(err)
    return "LOCK" in text or "lock" in text


def _is_transient(err: Exception) -> bool:
    """A read-only open that raced the writer's compaction (a table file it listed was just deleted)."""
    text = str(err)
    return "No such file" in text or "Corruption" in text


def check_location(location: str, create: bool) -> None:
    """Refuse what would go wrong silently: a read on a path with no store (RocksDB would create an
    empty one, or fail on its CURRENT file), and a store created inside a directory of other files."""
    path = Path(location)
    if (path / "CURRENT").is_file():
        return
    if path.exists() and not path.is_dir():
        raise NoStoreError(location, "it is a file, not a store directory")
    if not create:
        raise NoStoreError(location)
    if path.is_dir() and any(p.name != "reference.tsv" for p in path.iterdir()):   # a user's reference list may wait
        raise StoreError(f"{location!r} is a directory of other files, not a kgraph store; give a new or empty "
                         "directory for the store")


class OxigraphStore:
    """pyoxigraph store: persistent in a directory (one writer process at a time) or in memory.

    A directory is created only when `create` is true (and not read-only); reading a path with no
    store is a NoStoreError. A writer leaves a note in the directory naming its command and
    process, which a second writer's StoreLockedError quotes (store/lock.py).
    """

    def __init__(self, location: str = MEMORY, *, read_only: bool = False, create: bool = True,
                 command: str | None = None, snapshots: bool = True):
        self.location = location
        self.read_only = read_only
        self.snapshots = snapshots      # publish a snapshot for kgraph serve on close after a write
        self.follow: str | None = None  # the store this is a snapshot of, when served (store/snapshot.py)
        self._dirty = False
        self._published = time.monotonic()
        if location != MEMORY:
            check_location(location, create and not read_only)
        for attempt in range(6):
            try:
                if location == MEMORY:
                    self._store = ox.Store()
                elif read_only:
                    self._store = ox.Store.read_only(location)
                else:
                    self._store = ox.Store(location)
                break
            except (OSError, RuntimeError) as err:
                if not read_only and _is_lock_error(err):
                    holder = lock.describe(location)
                    if PUBLISHING in holder and attempt < 5:
                        time.sleep(0.2 * (attempt + 1))     # kgraph serve starting: it lets go in milliseconds
                        continue
                    raise StoreLockedError(location, holder) from None
                if read_only and _is_transient(err) and attempt < 5:
                    time.sleep(0.1 * (attempt + 1))     # the writer compacted while we listed its files
                    continue
                raise StoreError(f"cannot open store {location!r}: {err}; check the path and its permissions") \
                    from None
        if not read_only and location != MEMORY:
            lock.write_info(location, command)

    # --- writes -------------------------------------------------------------------------------
    def replace_graph(self, graph: URIRef, content: Iterable[tuple]) -> None:
        """Replace a named graph in one update request, which Oxigraph runs as one transaction."""
        self._dirty = True
        try:
            self._store.update(replace_graph_update(graph, content), prefixes=PREFIXES)
        except OSError as err:
            raise StoreError(f"cannot write graph {graph} to store {self.location!r}: {err} "
                             "(is the disk full, or the directory not writable?)") from None
        except SyntaxError as err:
            raise StoreError(f"internal error: the graph {graph} could not be serialised for the store: {err}") \
                from None

    def update(self, sparql: str, what: str = "an update") -> None:
        """Run a SPARQL Update (kgraph's own: document writes and the facts graph) in one transaction."""
        self._dirty = True
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except OSError as err:
            raise StoreError(f"cannot write {what} to store {self.location!r}: {err} "
                             "(is the disk full, or the directory not writable?)") from None
        except SyntaxError as err:
            raise StoreError(f"internal error: {what} could not be written: {err}") from None

    def remove_graph(self, graph: URIRef) -> bool:
        node = ox.NamedNode(str(graph))
        if not self._store.contains_named_graph(node):
            return False
        self._dirty = True
        self._store.remove_graph(node)
        return True

    def clear(self) -> None:
        self._dirty = True
        self._store.clear()

    # --- reads --------------------------------------------------------------------------------
    def has_graph(self, graph: URIRef) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(str(graph)))

    def _is_local_graph(self, iri: str) -> bool:
        if is_local_iri(iri):
            return True
        try:
            return self._store.contains_named_graph(ox.NamedNode(iri))
        except ValueError:
            return False

    def graphs(self) -> Iterator[URIRef]:
        for g in self._store.named_graphs():
            yield URIRef(g.value)

    def quad_count(self, graph: URIRef | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))

    def query(self, sparql: str, bindings: dict | None = None, *, limit: int | None = None,
              deadline: float | None = None, dataset: tuple[list[str], list[str]] | None = None):
        """Rows as dicts of rdflib terms for SELECT, a bool for ASK, an rdflib Graph for CONSTRUCT/DESCRIBE.

        With `limit`, at most limit + 1 rows (or triples) are read, so a caller can tell the result
        was cut; with `deadline` (a time.monotonic() value), reading stops with QueryTimeout once it
        has passed. The project's prefixes (kgraph.rdf.namespaces.PREFIXES) need no declaration.

        The default graph is the union of all graphs, unless the query names its own dataset (FROM,
        FROM NAMED): then it runs over exactly that dataset, as SPARQL says. Oxigraph's union mode
        would replace the query's FROM graphs by the union, and leave FROM NAMED's default graph
        the union instead of empty. `dataset` (default graph IRIs, named graph IRIs: the protocol's
        default-graph-uri and named-graph-uri) replaces both.
        """
        plain = _plainly_local(sparql)
        if not plain:
            guard(sparql, self._is_local_graph)
        if bindings:
            sparql = bind_values(sparql, bindings)
            plain = plain and _plainly_local(sparql)
        try:
            if dataset is not None:
                res = self._store.query(sparql, default_graph=[ox.NamedNode(g) for g in dataset[0]],
                                        named_graphs=[ox.NamedNode(g) for g in dataset[1]], prefixes=PREFIXES)
            else:
                res = self._store.query(sparql, use_default_graph_as_union=plain or not has_dataset_clause(sparql),
                                        prefixes=PREFIXES)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from None
        except (OSError, ValueError) as err:
            raise QueryError(f"query failed on store {self.location!r}: {err}") from None
        if isinstance(res, ox.QueryBoolean):
            return bool(res)
        try:
            if isinstance(res, ox.QuerySolutions):
                names = [v.value for v in res.variables]
                return Rows(({n: to_rdflib(sol[n]) for n in names if sol[n] is not None}
                             for sol in _bounded(res, limit, deadline)), names)
            g = Graph()
            for t in _bounded(res, limit, deadline):
                g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return g
        except OSError as err:
            raise QueryError(f"query failed on store {self.location!r}: {err}") from None

    def load_stream(self, fh: IO[bytes], fmt: str) -> None:
        """Bulk-load N-Quads or TriG from a binary stream, without a transaction (for a staging store:
        a syntax error leaves what came before it). SyntaxError names the line."""
        if fmt not in ("nquads", "trig"):
            raise StoreError(f"cannot load {fmt!r}; use nquads or trig")
        try:
            self._dirty = True
            self._store.bulk_load(input=fh, format=FORMATS[fmt])
        except OSError as err:
            raise StoreError(f"cannot load into store {self.location!r}: {err}") from None

    def graph_triples(self, graph: URIRef) -> Iterator[tuple]:
        """The triples of one named graph, as rdflib terms."""
        for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))):
            yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)

    def default_graph_count(self) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def quads(self) -> Iterator[tuple]:
        for q in self._store:
            yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name)

    def dump(self, out: IO[bytes], fmt: str) -> None:
        if fmt not in FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(sorted(FORMATS))}")
        if fmt in QUAD_FORMATS:
            self._store.dump(out, FORMATS[fmt])
        else:  # graph formats carry no graph names: write the union of all graphs
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self._store}
            ox.serialize(sorted(triples, key=str), out, FORMATS[fmt])

    def dataset(self) -> Dataset:
        buf = io.BytesIO()
        self._store.dump(buf, ox.RdfFormat.N_QUADS)
        ds = Dataset()
        ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
        return ds

    def flush(self) -> None:
        """Write RocksDB's in-memory tables to disk: without this, they grow with every graph written."""
        if self.read_only or self.location == MEMORY:
            return
        try:
            self._store.flush()
        except OSError as err:
            raise StoreError(f"could not save store {self.location!r}: {err} (is the disk full?)") from None
        if self._dirty and self.snapshots and time.monotonic() - self._published > PUBLISH_EVERY:
            self._publish()     # a long ingest shows its progress on kgraph serve

    def close(self) -> None:
        """Save every buffer to disk and release the store (and its lock)."""
        try:
            if not self.read_only and self.location != MEMORY:
                self._store.flush()
                if self._dirty and self.snapshots:
                    self._publish()
        except OSError as err:
            raise StoreError(f"could not save store {self.location!r}: {err}; the last writes may be lost "
                             "(is the disk full?). Free space and ingest again: unchanged documents are "
                             "skipped") from None
        finally:
            if self._store is not None and not self.read_only and self.location != MEMORY:
                lock.remove_info(self.location)
            self._store = None

    def _publish(self) -> None:
        """What is committed, as the snapshot `kgraph serve` reads (store/snapshot.py)."""
        import sys

        from kgraph.store import snapshot
        try:
            snapshot.publish(self._store, self.location)
            self._dirty = False
            self._published = time.monotonic()
        except OSError as err:
            print(f"warning: the store {self.location!r} is saved, but no snapshot of it could be published for "
                  f"kgraph serve: {err} (is the disk full?); a running server shows the new state after the next "
                  "write, or when restarted", file=sys.stderr)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
