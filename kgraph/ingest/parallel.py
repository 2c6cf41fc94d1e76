"""Extraction in worker processes, so that the rule components use every core, not just Kiwi.

Kiwi runs native threads, but the spaCy components are Python and hold the GIL; one process
per core runs the whole pipeline (Kiwi on one thread each) on batches of documents while the
main process reads files and writes graphs. Only the main process touches the store.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import multiprocessing as mp
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from kgraph.ingest.extract import ExtractionFailure, extract_documents
from kgraph.model import Document

_EXTRACTOR = None
_TIMEOUT: float | None = None


def _init_worker(name: str, parent_pid: int, timeout: float | None = None, reference=None) -> None:
    global _EXTRACTOR, _TIMEOUT
    _TIMEOUT = timeout
    from kgraph.children import die_with_parent
    die_with_parent(parent_pid)
    from kgraph.reference import set_reference
    set_reference(reference)             # the user's reference list of the parent's ingest (or None)
    from kgraph.nlp.pipeline import get_extractor
    _EXTRACTOR = get_extractor(name, threads=1)
    # word lists and models are read on first use: before the freeze (only a head start: a real
    # document that breaks the extractor is reported as such)
    with contextlib.suppress(Exception):
        _EXTRACTOR.extract([WARM_UP])
    settle_gc()


# A short text that makes the extractor read what it reads on first use (word lists, the relation model).
WARM_UP = Document("warm-up", "warm-up", "한빛전자 김하늘 대표는 새 칩을 공개했다고 밝혔다. "
                   "Globex Corp. said its chief executive Jane Doe met Initech.", "")


def settle_gc() -> None:
    """Python's cycle collector tuned for a long ingest: what the process has loaded so far (in a worker:
    Kiwi, spaCy, word lists, the relation model) is frozen out of collection, and full collections run a
    tenth as often. Profiled on the synthetic corpus, an extractor process spent 7% of its time in the
    collector, mostly in full collections walking those models again and again (1% after this), and
    the writing process 5%."""
    gc.freeze()
    gc.set_threshold(700, 10, 100)


def _extract(docs: list[Document], ingested_at: dt.datetime):
    """The worker-side task: this process's extractor on one batch, the graphs made here too."""
    return extract_documents(docs, _EXTRACTOR, ingested_at, _TIMEOUT)


def _failures(docs: list[Document], message: str) -> list:
    return [ExtractionFailure(d.key, message) for d in docs]


class InProcess:
    """The same interface, in this process (for an extractor object given by the caller); `timeout`:
    seconds one document may take."""

    def __init__(self, extractor, timeout: float | None = None):
        self.extractor = extractor
        self.timeout = timeout
        self.done: deque = deque()

    def submit(self, docs: list[Document], ingested_at: dt.datetime) -> None:
            self.done.append((docs, extract_documents(docs, self.extractor, ingested_at, self.timeout)))

    def results(self, wait: bool = False, check=None):
        while self.done:
            yield self.done.popleft()

    def close(self) -> None:
        pass

    kill = close


class Pool:
    """Batches of documents extracted by `jobs` worker processes, results in submission order;
    `timeout`: seconds one document may take; `reference`: the user's reference list they use."""

    def __init__(self, jobs: int, name: str = "kgraph.rules.v1", in_flight: int | None = None,
                 timeout: float | None = None, reference=None):
        self.jobs = jobs
        self.name = name
        self.timeout = timeout
        self.reference = reference       # a kgraph.reference.UserReference the workers put in force
        self.limit = in_flight or 2 * jobs
        self.pending: deque[tuple[list[Document], Future, dt.datetime]] = deque()
        self.executor = self._start()
        # this process writes meanwhile: the collector settles here too, until close() (an ingest from a
        # notebook leaves it as it was)
        self._gc: tuple | None = (gc.get_threshold(), gc.get_freeze_count())
        settle_gc()

    def _restore_gc(self) -> None:
        if self._gc is not None:
            threshold, frozen = self._gc
            gc.set_threshold(*threshold)
            if not frozen:            # (what the caller froze itself stays frozen)
                gc.unfreeze()
            self._gc = None

    def _start(self) -> ProcessPoolExecutor:
        # spawn: the parent may run threads (the progress bar), which fork does not copy safely
        return ProcessPoolExecutor(self.jobs, mp_context=mp.get_context("spawn"), initializer=_init_worker,
                                   initargs=(self.name, os.getpid(), self.timeout, self.reference))

    def submit(self, docs: list[Document], ingested_at: dt.datetime) -> None:
        self.pending.append((docs, self.executor.submit(_extract, docs, ingested_at), ingested_at))

    def results(self, wait: bool = False, check=None):
        """Finished batches in order; with `wait`, every batch; else only while too many are in flight
        or the oldest is already done. `check()` is called while waiting (it raises to stop)."""
        while self.pending and (wait or len(self.pending) >= self.limit or self.pending[0][1].done()):
            docs, fut, _ = self.pending[0]
            while check is not None and not fut.done():
                check()
                try:
                    fut.exception(timeout=0.2)
                except (TimeoutError, BrokenProcessPool):
                    pass
            self.pending.popleft()
            try:
                out = fut.result()
            except BrokenProcessPool:
                out = _failures(docs, "the extractor process died (out of memory, or a crash in native code)")
                self.executor.shutdown(wait=False, cancel_futures=True)
                self.executor = self._start()
                retry = [(d, self.executor.submit(_extract, d, at), at) for d, _, at in self.pending]
                self.pending = deque(retry)
            yield docs, out

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self._restore_gc()

    def kill(self) -> None:
        """Stop at once (Ctrl-C): the workers are killed, not asked; nothing they hold is the store's."""
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        for p in processes:
            if p.is_alive():
                p.kill()
        self.executor.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            p.join(5)
        self._restore_gc()


__all__ = ["InProcess", "Pool"]
