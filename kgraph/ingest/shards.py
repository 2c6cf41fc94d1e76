"""`kgraph extract`: articles to N-Quads shards, without a store.

The same reading and extraction as `kgraph ingest` (worker processes, or a Dask cluster), but
each document's named graph is appended to a shard file instead of written to a store: shards
are for other engines and for loading later with `kgraph import` (which checks them against the
graph contract and rebuilds the facts graph). A shard is written under a temporary name and
renamed when whole, so a directory never holds half a shard.
"""
from __future__ import annotations

import datetime as dt
import gzip
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal

from kgraph.errors import KgraphError, LoadError
from kgraph.ingest.extract import DOC_TIMEOUT, ExtractionFailure, failure_error, record_suffix
from kgraph.ingest.minhash import encode, signature
from kgraph.ingest.runner import (
    BATCH,
    PARALLEL_BATCH,
    Progress,
    _count,
    for_worker,
    identity_problem,
    make_work,
    read_documents,
    seen_entry,
)
from kgraph.rdf.namespaces import KG
from kgraph.sources.loaders import MAX_CHARS, Skipped, iter_files

SHARD_SIZE = 1000          # documents per shard


@dataclass
class ExtractReport:
    """What one `kgraph extract` wrote."""

    documents: int = 0
    shards: list[str] = field(default_factory=list)
    failed: list[LoadError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    quads: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.documents} documents, {self.quads} quads in {len(self.shards)} shard"
                f"{'s' if len(self.shards) != 1 else ''}; {len(self.failed)} failed in {self.seconds:.1f} s")


class ShardWriter:
    """Documents' N-Quads into numbered shard files of at most `size` documents each."""

    def __init__(self, out_dir: Path, size: int, compress: bool):
        self.dir, self.size, self.compress = out_dir, size, compress
        self.number = 0
        self.count = 0
        self.fh = None
        self.paths: list[str] = []
        taken = sorted(out_dir.glob("part-*.nq*"))
        if taken:
            raise KgraphError(f"{out_dir} already holds shards ({taken[0].name}, …); write to an empty or new "
                              "directory, so that shards of two runs are not mixed")

    def _name(self) -> Path:
        return self.dir / f"part-{self.number:05d}.nq{'.gz' if self.compress else ''}"

    def write(self, text: str) -> None:
        if self.fh is None:
            tmp = self._name().with_name(self._name().name + ".part")
            self.fh = gzip.open(tmp, "wt", encoding="utf-8") if self.compress else open(tmp, "w", encoding="utf-8")
        self.fh.write(text)
        self.count += 1
        if self.count >= self.size:
            self.finish()

    def finish(self) -> None:
        if self.fh is None:
            return
        self.fh.close()
        final = self._name()
        final.with_name(final.name + ".part").replace(final)
        self.paths.append(str(final))
        self.fh, self.count, self.number = None, 0, self.number + 1

    def abandon(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self._name().with_name(self._name().name + ".part").unlink(missing_ok=True)
            self.fh = None


def extract_files(paths: Iterable[str], out_dir: str, *, jobs: int | None = None, dask: str | None = None,
                  shard_size: int = SHARD_SIZE, compress: bool = False, extractor=None,
                  progress: Progress | None = None, max_chars: int = MAX_CHARS,
                  doc_timeout: float | None = DOC_TIMEOUT, threads: int | None = None,
                  reference=None) -> ExtractReport:
    """Extract files and directories into N-Quads shards in `out_dir` (created if missing); a bad
    file is reported and the rest go on. Two documents of one name are refused, as ingest refuses
    them. Extraction runs in `jobs` worker processes (or in this process with `threads` Kiwi threads, as
    ingest does), or on the Dask cluster at `dask`. `reference`: a user's reference list (a path or a
    kgraph.reference.UserReference) beside the packaged one, as ingest takes it."""
    from kgraph.reference import UserReference, read_user_reference, using_reference
    user = reference if reference is None or isinstance(reference, UserReference) else read_user_reference(reference)
    with using_reference(user):
        return _extract_files(paths, out_dir, jobs=jobs, dask=dask, shard_size=shard_size, compress=compress,
                              extractor=extractor, progress=progress, max_chars=max_chars,
                              doc_timeout=doc_timeout, threads=threads)


def _extract_files(paths: Iterable[str], out_dir: str, *, jobs, dask, shard_size, compress, extractor, progress,
                   max_chars, doc_timeout, threads) -> ExtractReport:
    started = time.perf_counter()
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise KgraphError(f"{out} is a file; give a directory for the shards")
    out.mkdir(parents=True, exist_ok=True)
    report = ExtractReport()
    writer = ShardWriter(out, shard_size, compress)
    files = []
    for item in iter_files(paths):
        (report.skipped if isinstance(item, Skipped) else files).append(item)
    total = sum(_count(f) for f in files)
    from kgraph.ingest.parallel import InProcess
    work = make_work(extractor, jobs, total, dask, doc_timeout, threads)
    batch = BATCH if isinstance(work, InProcess) else PARALLEL_BATCH
    seen: dict[str, tuple] = {}
    pending: list = []

    def collect(wait: bool = False) -> None:
        for docs, results in work.results(wait):
            for doc, result in zip(docs, results):
                if isinstance(result, ExtractionFailure):
                    report.failed.append(failure_error(doc, result))
                    continue
                # the document's MinHash signature, as ingest stores it (syndicated copies): an import
                # then gives the store an ingest gives, and a later ingest needs no backfill
                writer.write(result.nquads() + f"<{result.iri}> <{KG.minhash}> "
                             f"{Literal(encode(signature(doc.text))).n3()} <{result.iri}> .\n")
                report.documents += 1
                report.quads += result.triple_count + 1

    def submit() -> None:
        if pending:
            work.submit(list(pending), dt.datetime.now(dt.timezone.utc))
            pending.clear()
        collect()

    try:
        for doc in read_documents(files, max_chars, report.failed, report.warnings, progress, total):
            where = doc.source_path + record_suffix(doc)
            problem = identity_problem(doc, None, seen)       # no store: only names repeated in this run
            if problem:
                report.failed.append(LoadError(where, problem))
                continue
            seen[doc.key] = seen_entry(doc)
            pending.append(for_worker(doc))
            if len(pending) >= batch:
                submit()
        submit()
        collect(wait=True)
        writer.finish()
    except BaseException:
        work.kill()
        writer.abandon()
        raise
    work.close()
    report.shards = writer.paths
    report.seconds = time.perf_counter() - started
    return report


__all__ = ["extract_files", "ExtractReport", "SHARD_SIZE"]
