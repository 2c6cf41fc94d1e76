"""The whole ingest: load files, skip unchanged ones, extract, write one named graph per document."""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rdflib import Graph, URIRef

from kgraph.errors import KgraphError, LoadError
from kgraph.ingest.dedupe import THRESHOLD as COPY_THRESHOLD
from kgraph.ingest.dedupe import Copies
from kgraph.ingest.extract import DOC_TIMEOUT, ExtractionFailure, failure_error, record_suffix
from kgraph.ingest.report import IngestReport  # noqa: F401  (re-exported: kgraph.ingest.runner.IngestReport)
from kgraph.ingest.corrections_apply import with_aliases
from kgraph.ingest.writer import reindex, write_documents, write_reference
from kgraph.model import Document
from kgraph.rdf.facts import LAYOUT_ASK
from kgraph.rdf.facts_add import FactsIndex
from kgraph.rdf.iri import document_iri
from kgraph.rdf.namespaces import FACTS_GRAPH, KG, ONTOLOGY_GRAPH, REFERENCE_GRAPH
from kgraph.rdf.ntriples import serialize as ntriples
from kgraph.rdf.sparql import sparql_term
from kgraph.sources.loaders import MAX_CHARS, Skipped, iter_files, load_file
from kgraph.sources.web import SkippedPage, WebSources, web_sources
from kgraph.store.base import Store

BATCH = 64
PARALLEL_BATCH = 16      # documents per task sent to a worker process
PARALLEL_MIN = 64         # documents from which worker processes pay for their start
WRITE_GROUP = 16         # documents per write transaction (with their facts refresh)
FLUSH_EVERY = 256        # documents between store flushes: RocksDB's write buffers otherwise grow to GBs
Progress = Callable[[int, int, str], None]


class DeferredInterrupt:
    """Ctrl-C, taken only between documents: a graph being written is finished and counted first, so
    the report says exactly what was stored. Outside the main thread nothing is changed."""

    def __init__(self):
        self.requested = False
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)

    def _handle(self, signum, frame) -> None:
        self.requested = True

    def check(self) -> None:
        if self.requested:
            raise KeyboardInterrupt

    def restore(self) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
            self.previous = None


class IngestInterrupted(KgraphError):
    """Ctrl-C during an ingest: what was stored is whole, and the report says how much that was."""

    def __init__(self, report: IngestReport):
        super().__init__(f"interrupted: {report.ingested} document{'s' if report.ingested != 1 else ''} stored, "
                         "each whole; run the same ingest again to add the rest (stored ones are skipped)")
        self.report = report


def ontology_graph() -> Graph:
    """The ontology, as shipped with the package."""
    g = Graph(identifier=ONTOLOGY_GRAPH)
    g.parse(Path(__file__).resolve().parent.parent / "ontology" / "kgraph.ttl", format="turtle")
    return g


def stored_hash(store: Store, iri: URIRef) -> str | None:
    """Content hash of the stored version of a document, if any."""
    found = stored_version(store, iri)
    return found[0] if found else None


def stored_version(store: Store, iri: URIRef) -> tuple[str, str | None] | None:
    """(content hash, source path or None) of the stored version of a document, if any."""
    d = sparql_term(iri)          # in the pattern itself: bound from outside, the store scanned every graph
    rows = store.query(f"SELECT ?h ?p WHERE {{ GRAPH {d} {{ {d} <{KG.contentHash}> ?h "
                       f"OPTIONAL {{ {d} <{KG.sourcePath}> ?p }} }} }}")
    return (str(rows[0]["h"]), str(rows[0]["p"]) if rows[0].get("p") else None) if rows else None


def read_documents(files: list, max_chars: int, failed: list, warnings: list, progress=None, total: int = 0,
                   check=None) -> Iterator[Document]:
    """The documents of the files a walk found, in order, for ingest and extract alike: LoadErrors go
    to `failed`, each document's load warnings (named by file and line) to `warnings`;
    `progress(done, total, name)` every 16 documents; `check()` before each document (Ctrl-C)."""
    done = 0
    for item in files:
        if isinstance(item, LoadError):
            failed.append(item)
            done += 1
            continue
        for doc in load_file(item, max_chars):
            if check:
                check()
            done += 1
            if progress and done % 16 == 0:
                progress(min(done, total), total, str(item))
            if isinstance(doc, LoadError):
                failed.append(doc)
                continue
            warnings += [f"{doc.source_path or doc.key}{record_suffix(doc)}: {w}" for w in doc.warnings]
            yield doc
        if progress:
            progress(min(done, total), total, str(item))


def read_web(web: WebSources, report: IngestReport, progress=None, offset: int = 0, check=None) -> Iterator[Document]:
    """The documents of web pages, for ingest: fetch failures to report.failed, pages read twice to
    report.skipped, warnings named by address; `progress(done, total, address)` after each page."""
    if not web:
        return
    done = 0
    for item in web.documents(check):
        done += 1
        if progress:
            name = getattr(item, "url", None) or getattr(item, "path", "")
            progress(offset + min(done, web.total), offset + web.total, name)
        if isinstance(item, LoadError):
            report.failed.append(item)
        elif isinstance(item, SkippedPage):
            report.skipped.append(Skipped(item.path, item.reason))
        else:
            report.warnings += [f"{item.url or item.key}: {w}" for w in item.warnings]
            yield item
    report.warnings += web.warnings


def seen_entry(doc: Document) -> tuple[str, str, int | None]:
    """What a batch remembers of a document it read, for identity_problem: where (file, and `#id` or
    `:line` of a JSONL record), the file, and the JSONL line."""
    return doc.source_path + record_suffix(doc), doc.source_path, doc.line


def identity_problem(doc: Document, stored: tuple[str, str | None] | None, batch: dict) -> str | None:
    """Why `doc` may not be stored under its name, if it may not: another file of this batch has the
    name, a record of the same JSONL file has the same id, or the store holds a different document of
    that name read from another place. A document is never replaced by one that merely shares its name.
    `batch` maps the names read so far to seen_entry() (or to where they were read)."""
    if doc.key in batch:
        seen = batch[doc.key]
        where, path, line = seen if isinstance(seen, tuple) else (seen, None, None)
        if path and path == doc.source_path and line is not None and doc.line is not None:
            ident = doc.key[len(doc.file_name) + 1:]
            return (f"id {ident} appears twice in {doc.file_name} (lines {line} and {doc.line}); a store holds one "
                    "document per id: give each record its own id (the second is not stored)")
        return (f"has the same document name {doc.key!r} as {where} in this batch, and a store holds "
                "one document per name; rename one of them")
    if stored and stored[0] != doc.content_hash and stored[1] and doc.source_path \
            and stored[1] != os.path.abspath(doc.source_path):
        return (f"the store already holds a different document named {doc.key!r}, read from {stored[1]}; rename "
                f"this file, or remove the stored one first (kgraph remove '{doc.key}') to replace it")
    return None


def ensure_schema(store: Store) -> None:
    """Write the ontology and the reference entities into their own graphs, when they changed (the
    reference graph carries the hash of its content; its entities' name keys are refreshed with it)."""
    from kgraph.rdf.reference import reference_graph
    ontology = ontology_graph()
    if store.quad_count(ONTOLOGY_GRAPH) != len(ontology):
        store.replace_graph(ONTOLOGY_GRAPH, ontology)
    reference = reference_graph()
    # what the facts graph is, asked before the reference list is written (whose refresh would make a
    # new facts graph of entity summaries alone, with the current layout's line)
    had_facts = store.has_graph(FACTS_GRAPH)
    stale = (not store.query(LAYOUT_ASK)) if had_facts else \
        bool(store.query("ASK { GRAPH ?g { ?g a <%s> } }" % KG.Document))
    stored = store.query("SELECT ?h WHERE { GRAPH ?g { ?g <%s> ?h } }" % KG.contentHash, {"g": REFERENCE_GRAPH})
    mine = [o for o in reference.objects(REFERENCE_GRAPH, KG.contentHash)]
    if not stored or str(stored[0]["h"]) != str(mine[0]):
        write_reference(store, reference)
    if stale:        # a facts graph of an older layout (kgraph.rdf.facts.LAYOUT), or a store made before it existed
        reindex(store)


def ingest(store: Store, paths: Iterable[str], *, force: bool = False, jobs: int | None = None,
           extractor=None, progress: Progress | None = None, max_chars: int = MAX_CHARS,
           dask: str | None = None, doc_timeout: float | None = DOC_TIMEOUT,
           threads: int | None = None, reference=None,
           copy_threshold: float | None = COPY_THRESHOLD, copies_without_address: bool = False) -> IngestReport:
    """Ingest files and directories into the store; one bad file never stops the batch.

    An unchanged file (same content hash) is skipped unless `force`; a changed one replaces
    its document's graph in one transaction. Without an `extractor`, extraction runs in `jobs`
    worker processes (default: every core; 1, or a batch under PARALLEL_MIN documents, runs in
    this process with `threads` Kiwi threads), or on the dask.distributed cluster whose scheduler
    is at `dask` ("tcp://host:8786"; not with `jobs`); the store is written by this process only.
    `progress(done, total, name)` is called as documents are read (a JSONL line is a document).
    A document whose extraction takes longer than `doc_timeout` seconds is reported as failed and
    skipped (None: no limit). Web addresses among the `paths` (and kgraph.sources.web.WebSources: feeds,
    sitemaps, fetch options) are fetched after the files; a page whose document has the stored content
    hash is skipped as an unchanged file is.
    A document whose text is a near-duplicate (estimated Jaccard similarity
    at least `copy_threshold`; None: no check) of a stored document or of one read before it is not
    extracted: it is recorded as a syndicated copy in that document's graph (kgraph/ingest/dedupe.py).
    Only a document with a source address (a web page, or a file whose metadata give its `url`) is
    taken for a copy, unless `copies_without_address`: two plain files stay two documents.
    `reference`: a user's reference list (a path, or a UserReference) beside
    the packaged one; None: reference.tsv in the store's directory if there is one (kgraph.reference).
    """
    from kgraph.reference import UserReference, find_user_reference, using_reference
    user = reference if isinstance(reference, UserReference) else find_user_reference(reference, store.location)
    user = with_aliases(store, user)          # the corrections' aliases, found in text like the list's names
    with using_reference(user):
        return _ingest(store, paths, force=force, jobs=jobs, extractor=extractor, progress=progress,
                       max_chars=max_chars, dask=dask, doc_timeout=doc_timeout, threads=threads,
                       copy_threshold=copy_threshold, copies_without_address=copies_without_address)


def _ingest(store: Store, paths: Iterable[str], *, force: bool, jobs: int | None, extractor, progress,
            max_chars: int, dask: str | None, doc_timeout: float | None, threads: int | None,
            copy_threshold: float | None, copies_without_address: bool = False) -> IngestReport:
    from kgraph.ingest.parallel import InProcess
    started = time.perf_counter()
    report = IngestReport()
    ensure_schema(store)
    files = []
    paths, web = web_sources(paths)      # http(s) addresses and WebSources (feeds, sitemaps) among the paths
    for item in iter_files(paths):
        (report.skipped if isinstance(item, Skipped) else files).append(item)
    total = sum(_count(f) for f in files) + len(web.urls)
    work = make_work(extractor, jobs, total, dask, doc_timeout, threads)
    seen_keys: dict[str, tuple] = {}   # document name -> where this batch read it (seen_entry)
    in_store: set[str] = set()         # names of documents that replace a stored version
    pending: list[Document] = []
    batch = BATCH if isinstance(work, InProcess) else PARALLEL_BATCH

    index = FactsIndex()               # the facts graph's summaries, read once per ingest
    copies = Copies(store, copy_threshold or None, copies_without_address)   # with None, copy records are kept, nothing checked

    def write(wait: bool = False) -> None:
        """Store the finished batches: each group of graphs and its facts refresh is one transaction."""
        for docs, results in work.results(wait, ctrl_c.check):
            graphs, replaced = [], set()
            for doc, result in zip(docs, results):
                if isinstance(result, ExtractionFailure):
                    report.failed.append(failure_error(doc, result))
                    if copies:
                        copies.failed(str(document_iri(doc.key)))
                    continue
                if copies:
                    extra = copies.signature_triples(result.iri) + (copies.carried(result.iri)
                                                                    if doc.key in in_store else [])
                    result.ntriples += ntriples(extra)
                    result.triple_count += len(extra)
                graphs.append(result)
                if doc.key in in_store:
                    replaced.add(result.iri)
                report.count(result)
            for i in range(0, len(graphs), WRITE_GROUP):
                ctrl_c.check()
                group = graphs[i:i + WRITE_GROUP]
                write_documents(store, group, [URIRef(g.iri) for g in group if g.iri in replaced], index)
                for g in group if copies else ():
                    copies.written(g.iri)
                before = report.ingested
                report.ingested += len(group)
                if report.ingested // FLUSH_EVERY != before // FLUSH_EVERY:
                    store.flush()

    def submit() -> None:
        if pending:
            work.submit(list(pending), dt.datetime.now(dt.timezone.utc))
            pending.clear()
        write()

    ctrl_c = DeferredInterrupt()
    try:
        docs = read_documents(files, max_chars, report.failed, report.warnings, progress, total, ctrl_c.check)
        for doc in itertools.chain(docs, read_web(web, report, progress, total - len(web.urls), ctrl_c.check)):
            stored = stored_version(store, document_iri(doc.key))
            problem = identity_problem(doc, stored, seen_keys)
            if problem:
                report.failed.append(LoadError(doc.source_path + record_suffix(doc), problem))
                continue
            seen_keys[doc.key] = seen_entry(doc)
            record = copies.record_of(doc.key) if copies and not stored else None
            known = stored[0] if stored else record[1] if record else None     # content hash
            if not force and known == doc.content_hash:
                report.unchanged += 1
                continue
            if copies and not copies.admit(doc, bool(stored), record):
                continue                  # a syndicated copy: recorded, not extracted
            if stored:
                in_store.add(doc.key)
            pending.append(for_worker(doc))
            if len(pending) >= batch:
                submit()
        submit()
        write(wait=True)
        if copies:
            report.copies = copies.finish(report.failed)
            report.quads += copies.quads
    except KeyboardInterrupt:
        ctrl_c.restore()
        work.kill()
        report.seconds = time.perf_counter() - started
        raise IngestInterrupted(report) from None
    except BaseException:
        ctrl_c.restore()
        work.kill()
        raise
    ctrl_c.restore()
    work.close()
    if progress:
        total += web.total - len(web.urls)    # the pages of the feeds and sitemaps
        progress(total, total, "")
    report.seconds = time.perf_counter() - started
    return report


def for_worker(doc: Document) -> Document:
    """The document as a worker gets it: its source path absolute here, since a worker (another
    process, perhaps another machine) resolves a relative one against its own directory."""
    if doc.source_path and not os.path.isabs(doc.source_path):
        return dataclasses.replace(doc, source_path=os.path.abspath(doc.source_path))
    return doc


def make_work(extractor, jobs: int | None, total: int, dask: str | None = None, timeout: float | None = None,
              threads: int | None = None):
    """Where extraction runs: the given extractor in this process, a Dask cluster, `jobs` worker
    processes (one Kiwi thread each), or, for a few documents (when starting processes would cost
    more than it saves) or `jobs` 1, this process with `threads` Kiwi threads; `timeout`: seconds
    one document may take."""
    from kgraph.config import default_jobs
    from kgraph.ingest.parallel import InProcess, Pool
    from kgraph.reference import active_reference
    if extractor is not None:
        return InProcess(extractor, timeout)
    if dask:
        if jobs:
            raise KgraphError(f"--jobs {jobs} sets this machine's worker processes, but with --dask the cluster's "
                              f"workers extract: leave --jobs out (start the workers with --nworkers instead)")
        from kgraph.ingest.cluster import DaskPool
        return DaskPool(dask, doc_timeout=timeout, reference=active_reference())
    jobs = jobs or default_jobs()
    if jobs > 1 and total >= PARALLEL_MIN:
        return Pool(jobs, timeout=timeout, reference=active_reference())
    from kgraph.nlp.pipeline import get_extractor
    return InProcess(get_extractor(threads=threads), timeout)



def _count(item) -> int:
    """Documents in a file, for the progress bar: lines of a JSONL file, else one."""
    if not isinstance(item, Path) or item.suffix.lower() not in (".jsonl", ".ndjson"):
        return 1
    try:
        with open(item, "rb") as fh:
            return max(1, sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")))
    except OSError:
        return 1
