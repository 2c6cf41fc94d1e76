"""Extraction on a running dask.distributed cluster (`kgraph ingest --dask ADDRESS`).

Documents go to the cluster's workers in batches; each batch comes back as the documents' graphs
(N-Triples text and facts-graph statements, kgraph.ingest.extract); this process writes the store,
embedded or remote, exactly as a local ingest does. Workers need kgraph installed in the same
version (`pip install 'kgraph[dask]'` on every machine); each worker process loads the extractor
once. Start workers with `--nthreads 1` and as many processes as cores: the extractor holds the
GIL, so threads in one process take turns (a lock makes them) rather than run at once.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import deque

from kgraph.errors import KgraphError
from kgraph.model import Document

_LOCK = threading.Lock()


def extract_batch(docs: list[Document], ingested_at: dt.datetime, name: str = "kgraph.rules.v1",
                  doc_timeout: float | None = None, reference=None) -> list:
    """The task a Dask worker runs: this process's extractor on one batch (made on first use); a worker
    thread takes no timer signal, so the time budget is checked between a long document's segments."""
    from kgraph.ingest.extract import default_extractor, extract_documents
    from kgraph.reference import using_reference
    with _LOCK, using_reference(reference):   # one extractor per process; tasks of it take turns, each
        return extract_documents(docs, default_extractor(name), ingested_at, doc_timeout)   # with its list


class DaskError(KgraphError):
    """The Dask cluster cannot be used: not installed, not reachable, or without workers."""


class DaskPool:
    """Batches of documents extracted on a Dask cluster, results in submission order (the interface
    of parallel.Pool)."""

    def __init__(self, address: str, name: str = "kgraph.rules.v1", in_flight: int | None = None,
                 timeout: float = 10.0, doc_timeout: float | None = None, reference=None):
        try:
            from distributed import Client
        except ImportError:
            raise DaskError("--dask needs dask.distributed, which is not installed; "
                            "pip install 'kgraph[dask]' (on this machine and on the workers)") from None
        self.address = address
        self.name = name
        self.doc_timeout = doc_timeout
        self.reference = reference      # the user's reference list (kgraph.reference), sent with each task
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as err:
            raise DaskError(f"cannot reach the Dask scheduler at {address!r} ({err}); start one with "
                            "`dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`") from None
        workers = self.client.scheduler_info().get("workers", {})
        if not workers:
            try:
                self.client.wait_for_workers(1, timeout=timeout)
            except (OSError, TimeoutError):
                self.client.close()
                raise DaskError(f"the Dask scheduler at {address!r} has no workers; start some with "
                                f"`dask worker {address} --nthreads 1`") from None
            workers = self.client.scheduler_info().get("workers", {})
        self.jobs = sum(w.get("nthreads", 1) for w in workers.values()) or 1
        self.limit = in_flight or 2 * self.jobs
        self.pending: deque = deque()

    def submit(self, docs: list[Document], ingested_at: dt.datetime) -> None:
        fut = self.client.submit(extract_batch, docs, ingested_at, self.name, self.doc_timeout,
                                 self.reference, pure=False)
        self.pending.append((docs, fut))

    def results(self, wait: bool = False, check=None):
        """Finished batches in order; with `wait`, every batch; else only while too many are in flight
        or the oldest is already done. `check()` is called while waiting (it raises to stop)."""
        from distributed import TimeoutError as DaskTimeout

        from kgraph.ingest.parallel import _failures
        while self.pending and (wait or len(self.pending) >= self.limit or self.pending[0][1].done()):
            docs, fut = self.pending[0]
            while not fut.done():
                if check is not None:
                    check()
                try:
                    fut.result(timeout=0.2)
                except (DaskTimeout, TimeoutError):
                    pass
                except Exception:   # noqa: BLE001 - the task failed: reported below
                    break
            self.pending.popleft()
            try:
                out = fut.result()
            except Exception as err:   # noqa: BLE001 - a worker died or the task raised
                out = _failures(docs, f"the Dask task failed: {type(err).__name__}: {err}")
            yield docs, out

    def close(self) -> None:
        self.client.close()

    def kill(self) -> None:
        """Stop at once: pending tasks are cancelled; the cluster itself keeps running."""
        try:
            self.client.cancel([f for _, f in self.pending])
        finally:
            self.pending.clear()
            self.client.close()


__all__ = ["DaskPool", "DaskError", "extract_batch"]
