"""`kgraph import`: load N-Quads or TriG (what `kgraph export` writes, or shards other tools made)
into a store, checked against the graph contract.

Each file is streamed into a staging store on disk first (so a file far larger than memory is
fine, and a syntax error half-way leaves the target untouched), checked there, and then copied
graph by graph: each graph replaces the graph of that name in one transaction, as ingest does.

The contract checked (DESIGN.md): every triple is in a named graph; a graph under
`https://w3id.org/kgraph/doc/` is one document's graph and holds that document node
(`kg:Document` with `kg:fileName` and `kg:contentHash`); every `kg:Relationship` in it was
`kg:extractedFrom` it; other graphs are only the ontology, the reference list and the corrections. A graph that
breaks it is refused and named; the others are imported.
"""
from __future__ import annotations

import gzip
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from kgraph.errors import LoadError
from kgraph.rdf.namespaces import CORRECTIONS_GRAPH, DOC, FACTS_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH
from kgraph.store.base import Store
from kgraph.store.oxigraph import OxigraphStore

FORMATS = {".nq": "nquads", ".nquads": "nquads", ".trig": "trig"}
KGRAPH_GRAPHS = {ONTOLOGY_GRAPH, REFERENCE_GRAPH, CORRECTIONS_GRAPH}     # + the analyst's corrections
Progress = Callable[[int, int, str], None]


@dataclass
class ImportReport:
    files: int = 0
    graphs: int = 0
    replaced: int = 0           # graphs that were already in the store
    read: int = 0               # quads in the files (every graph, the facts graph and the default graph too)
    quads: int = 0              # quads stored: those of the graphs imported
    new: int = 0                # of those, quads the store did not hold before (a graph imported again adds none)
    rebuilt: int = 0            # quads of the facts graph read and not stored: it is rebuilt from the documents
    failed: list[LoadError] = field(default_factory=list)
    dropped_default: int = 0    # triples outside any named graph, not imported
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        replaced = f" ({self.replaced} replaced)" if self.replaced else ""
        rebuilt = f", {self.rebuilt} of the facts graph rebuilt instead" if self.rebuilt else ""
        return (f"imported {self.graphs} graphs{replaced} from {self.files} file{'s' if self.files != 1 else ''}: "
                f"{self.read} quads read, {self.quads} stored ({self.new} new){rebuilt}; "
                f"{len(self.failed)} refused in {self.seconds:.1f} s")


def file_format(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if not suffixes or suffixes[-1] not in FORMATS:
        raise LoadError(str(path), f"cannot import {path.suffix or 'a file without a suffix'}: kgraph imports "
                                   "N-Quads (.nq) and TriG (.trig), optionally gzipped (.nq.gz); "
                                   "`kgraph export --format nquads` writes them")
    return FORMATS[suffixes[-1]]


def _open(path: Path):
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb")


def contract_problems(staging: OxigraphStore) -> dict[URIRef, str]:
    """Graph -> why it breaks the graph contract, for the graphs of a staging store."""
    graphs = set(staging.graphs())
    problems: dict[URIRef, str] = {}
    for g in graphs:
        if not str(g).startswith(str(DOC)) and g not in KGRAPH_GRAPHS and g != FACTS_GRAPH:
            problems[g] = (f"not one of kgraph's graphs (documents are graphs under {DOC}; the others are "
                           f"{ONTOLOGY_GRAPH}, {REFERENCE_GRAPH} and {CORRECTIONS_GRAPH})")
    with_node = {r["g"] for r in staging.query("""
        SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a kg:Document ; kg:fileName ?f ; kg:contentHash ?h } }""")}
    for g in graphs:
        if str(g).startswith(str(DOC)) and g not in with_node:
            problems.setdefault(g, "a document graph without its document node (the graph's own IRI as a "
                                   "kg:Document with kg:fileName and kg:contentHash)")
    for r in staging.query("""
            SELECT DISTINCT ?g WHERE { GRAPH ?g { ?r a kg:Relationship FILTER NOT EXISTS { ?r kg:extractedFrom ?g } } }"""):
        problems.setdefault(r["g"], "a kg:Relationship in it is not kg:extractedFrom this graph's document")
    return problems


def stored_triples(store: Store, graph: URIRef) -> set[tuple]:
    """The triples of one graph of the store, as rdflib terms (to count what an import adds)."""
    from kgraph.rdf.sparql import sparql_term      # in the pattern: bound from outside, every graph is scanned
    return {(r["s"], r["p"], r["o"]) for r in store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {sparql_term(graph)} {{ ?s ?p ?o }} }}")}


def import_files(store: Store, paths: Iterable[str], progress: Progress | None = None,
                 staging_dir: str | None = None) -> ImportReport:
    """Import N-Quads/TriG files into `store`; bad files and graphs are reported, the rest imported."""
    from kgraph.ingest.runner import ensure_schema
    from kgraph.ingest.writer import reindex
    from kgraph.ingest.corrections_apply import reapply
    started = time.perf_counter()
    report = ImportReport()
    for raw in paths:
        path = Path(raw)
        try:
            fmt = file_format(path)
            if not path.is_file():
                raise LoadError(str(path), "no such file")
        except LoadError as err:
            report.failed.append(err)
            continue
        tmp = tempfile.mkdtemp(prefix="kgraph-import-", dir=staging_dir)
        staging = None
        try:
            staging = OxigraphStore(str(Path(tmp) / "staging"), snapshots=False)
            try:
                with _open(path) as fh:
                    staging.load_stream(fh, fmt)
            except (SyntaxError, ValueError) as err:
                report.failed.append(LoadError(str(path), f"not valid {'N-Quads' if fmt == 'nquads' else 'TriG'}: "
                                                          f"{err}; nothing from this file was imported"))
                continue
            except (OSError, EOFError) as err:
                report.failed.append(LoadError(str(path), f"cannot read: {err}; nothing from this file was imported"))
                continue
            report.files += 1
            report.read += staging.quad_count()
            report.rebuilt += staging.quad_count(FACTS_GRAPH)
            dropped = staging.default_graph_count()
            if dropped:
                report.dropped_default += dropped
                report.failed.append(LoadError(str(path), f"{dropped} triples outside any named graph were not "
                                                          "imported: kgraph keeps every triple in a named graph"))
            problems = contract_problems(staging)
            for g, why in sorted(problems.items()):
                report.failed.append(LoadError(f"{path}: graph <{g}>", why))
            # the facts graph is derived: it is rebuilt from the imported documents below
            accepted = sorted(g for g in staging.graphs() if g not in problems and g != FACTS_GRAPH)
            for n, g in enumerate(accepted, 1):
                triples = list(staging.graph_triples(g))
                if store.has_graph(g):
                    report.replaced += 1
                    report.new += len(set(triples) - stored_triples(store, g))
                else:
                    report.new += len(triples)
                store.replace_graph(g, triples)
                report.graphs += 1
                report.quads += len(triples)
                if progress and (n % 16 == 0 or n == len(accepted)):
                    progress(n, len(accepted), str(path))
        finally:
            if staging is not None:
                staging.close()
            shutil.rmtree(tmp, ignore_errors=True)
    if report.graphs:
        if not store.has_graph(ONTOLOGY_GRAPH):
            ensure_schema(store)      # shards of documents alone: the store still gets its ontology
        reapply(store)                # the corrections' merges and aliases, on documents written before them
        reindex(store)                # the derived facts graph, for everything the store now holds
    report.seconds = time.perf_counter() - started
    return report


__all__ = ["import_files", "ImportReport", "contract_problems"]
