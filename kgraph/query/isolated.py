"""Queries in a process of their own, which a time limit or a memory ceiling can stop.

A store evaluating a query cannot be interrupted from Python, and a cartesian ORDER BY can take
gigabytes before its first row. So a query that must be stoppable runs in a worker process that
opens the store read-only, and the caller watches it: past the deadline, or past the memory
ceiling, the worker is killed (which returns its memory at once) and a fresh one replaces it.

`Worker` is that mechanism; `kgraph serve` runs its query workers with it (serve/pool.py, forked
from a fork server), and `kgraph query` and `kgraph.query` run the queries people type through
`run_limited` here, in a worker started as a plain subprocess (no fork of the caller, whose
threads may hold locks, and no re-import of the caller's main script, which multiprocessing does)
that runs kgraph.query.run.child_main: this module is the mechanism, and imports nothing it runs.
One worker per store location is kept between queries; it reopens the store when the store's files
have changed, so it answers from what the caller wrote since.
"""
from __future__ import annotations

import atexit
import os
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection, Pipe
from pathlib import Path

from kgraph.children import rss_bytes
from kgraph.errors import KgraphError, QueryError, QueryTimeout, StoreError

GRACE = 0.5        # seconds past the deadline before a worker that has not answered is killed
POLL = 0.02        # how often a waiting caller looks at its worker (time and memory)


class QueryLimitError(QueryError):
    """A query was stopped at its time limit or memory ceiling (`limit` is "time" or "memory")."""

    def __init__(self, limit: str, value: float, option: str):
        self.limit, self.value = limit, value
        super().__init__(self.message(option))

    def message(self, option: str) -> str:
        """The message, naming `option` as the way to raise the limit."""
        if self.limit == "memory":
            return (f"the query used more than {self.value:g} MB of memory and was stopped; narrow it (fewer "
                    f"variables, a LIMIT, more specific patterns), or raise the ceiling with {option}")
        return (f"the query ran past the time limit of {self.value:g} s and was stopped; narrow it, or raise "
                f"the limit with {option}")


class QueryTimeLimitError(QueryLimitError, QueryTimeout):
    """A query was stopped at its time limit."""


class Worker:
    """One query process with its own read-only store, talking over a pipe. `proc` is a started
    multiprocessing.Process, or a Child around a subprocess."""

    def __init__(self, proc, conn: Connection, start_seconds: float = 60):
        self.proc, self.conn = proc, conn
        if not self.conn.poll(start_seconds):
            self.kill()
            raise KgraphError(f"a query worker did not start within {start_seconds:g} s")
        try:
            kind, message = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise KgraphError("a query worker ended before it was ready") from None
        if kind != "ready":
            self.kill()
            raise KgraphError(f"a query worker could not open the store: {message}")

    def ask(self, job: tuple, deadline: float | None, max_rss: int | None):
        """The worker's answer, or 'timeout' / 'memory' / 'died' when it had to be stopped."""
        try:
            self.conn.send(job)
        except (OSError, ValueError):         # killed meanwhile (its pipe is closed)
            return "died"
        while True:
            if self.conn.poll(POLL):
                try:
                    return self.conn.recv()
                except (EOFError, OSError):
                    return "died"
            if not self.proc.is_alive():
                return "died"
            if deadline is not None and time.monotonic() > deadline + GRACE:
                return "timeout"
            if max_rss and rss_bytes(self.proc.pid) > max_rss:
                return "memory"

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.join(5)
        except (OSError, ValueError, AssertionError):
            pass
        self.conn.close()


class Child:
    """A subprocess with the few methods of multiprocessing.Process that Worker uses."""

    def __init__(self, popen: subprocess.Popen):
        self.popen = popen
        self.pid = popen.pid

    def is_alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        self.popen.kill()

    def join(self, timeout: float | None = None) -> None:
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            pass


# --- the worker's side ---------------------------------------------------------------------------------
def fingerprint(location: str) -> tuple:
    """The names, sizes and times of the store's data files (write-ahead logs, tables, manifest): they
    change with every write. RocksDB's info log (LOG) is left out: opening a store writes to it."""
    try:
        entries = sorted(os.scandir(location), key=lambda e: e.name)
    except OSError:
        return ()
    out = []
    for e in entries:
        if e.name.endswith((".log", ".sst")) or e.name.startswith(("MANIFEST", "CURRENT")):
            try:
                st = e.stat()
            except OSError:
                continue
            out.append((e.name, st.st_size, st.st_mtime_ns))
    return tuple(out)


def serve_jobs(location: str, conn: Connection, handle, follow_changes: bool = False,
               follow_snapshots: bool = False) -> None:
    """Open the store read-only, say so, then answer jobs with `handle(store, job)` until the pipe
    closes. With `follow_changes`, the store is reopened before a job when its files have changed
    (a read-only store sees the store as it was when it opened). With `follow_snapshots`, the
    store's current snapshot is read instead, and the newest one before each job, when the store
    has snapshots (kgraph.store.snapshot: kgraph serve)."""
    from kgraph.store import snapshot
    from kgraph.store.oxigraph import OxigraphStore
    from kgraph.store.serving import Follower
    follower = None
    try:
        seen = fingerprint(location)
        if follow_snapshots and snapshot.current(location):
            follower = Follower(location)
            store = follower.store
        else:
            store = OxigraphStore(location, read_only=True)
    except KgraphError as err:
        conn.send(("error", str(err)))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if follower is not None:
            try:
                store = follower.refresh()
            except KgraphError:
                pass                # the snapshot open before answers on: older, but whole
        elif follow_changes:
            now = fingerprint(location)
            if now != seen:
                try:
                    fresh = OxigraphStore(location, read_only=True)
                except KgraphError as err:
                    conn.send(("error", "KgraphError", str(err)))
                    continue
                store.close()
                store, seen = fresh, now
        conn.send(handle(store, job))


# --- the caller's side ---------------------------------------------------------------------------------
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_lock = threading.Lock()
_workers: dict[str, tuple[Worker, threading.Lock]] = {}
_owner = os.getpid()
KEEP = 2           # workers kept alive at once (one per store location, the most recent ones)
MIN_MEMORY = 64    # MB: the smallest memory ceiling, as for kgraph serve --max-memory


# The worker needs the store and the query modules, not what `import kgraph` brings (the NLP, ingest,
# networkx and requests: half its start-up time): an empty package object stands in for kgraph/__init__.
_BOOT = ("import sys, types, os; root = sys.argv[1]; pkg = types.ModuleType('kgraph'); "
         "pkg.__path__ = [os.path.join(root, 'kgraph')]; sys.modules['kgraph'] = pkg; "
         "from kgraph.query.run import child_main; child_main(sys.argv[2:])")


def start_worker(location: str) -> Worker:
    """A worker for `location` as a subprocess of this interpreter, with kgraph importable as here."""
    parent_end, child_end = Pipe(duplex=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(x for x in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if x)
    try:
        popen = subprocess.Popen([sys.executable, "-c", _BOOT, _PACKAGE_ROOT, str(child_end.fileno()), location,
                                  str(os.getpid())], pass_fds=(child_end.fileno(),), env=env,
                                 stdin=subprocess.DEVNULL, close_fds=True)
    finally:
        child_end.close()
    return Worker(Child(popen), parent_end)


def _mine() -> None:
    """Forget workers inherited through a fork: their pipes belong to the parent (call under _lock)."""
    global _owner
    if _owner != os.getpid():
        _workers.clear()
        _owner = os.getpid()


def _worker_for(location: str) -> tuple[Worker, threading.Lock]:
    with _lock:
        _mine()
        if location in _workers:
            _workers[location] = _workers.pop(location)        # most recently used last
            return _workers[location]
    entry = (start_worker(location), threading.Lock())
    with _lock:
        if location in _workers:                               # another thread started one meanwhile
            entry[0].kill()
            return _workers[location]
        _workers[location] = entry
        while len(_workers) > KEEP:
            old = next(iter(_workers))
            _workers.pop(old)[0].kill()
        return entry


def _forget(location: str, worker: Worker) -> None:
    worker.kill()
    with _lock:
        if location in _workers and _workers[location][0] is worker:
            del _workers[location]


@atexit.register
def close_workers() -> None:
    """Stop every worker this process started (they would also end with it)."""
    with _lock:
        _mine()
        entries = list(_workers.values())
        _workers.clear()
    for worker, _ in entries:
        worker.kill()


def run_limited(location: str, text: str, bindings: dict | None, *, limit: int | None, deadline: float | None,
                timeout: float | None, max_memory: float | None, options: tuple[str, str]):
    """Run a query on the store at `location` in a worker process, stopping it at `timeout` seconds
    (or the earlier `deadline`) and at `max_memory` MB; `options` name how to raise each limit
    (time, memory) in the caller's terms. Returns what kgraph.query.run.run returns."""
    from rdflib import Graph

    from kgraph.store.base import Rows
    if max_memory and max_memory < MIN_MEMORY:
        raise QueryError(f"a memory ceiling of {max_memory:g} MB is below what a query's process needs to start "
                         f"(about 60 MB); give {MIN_MEMORY} or more with {options[1]}")
    location = os.path.abspath(location)          # one worker per store, whatever the working directory
    start = time.monotonic()
    ends = [d for d in (deadline, start + timeout if timeout else None) if d is not None]
    end = min(ends) if ends else None
    while True:
        worker, busy = _worker_for(location)
        with busy:
            with _lock:
                current = _workers.get(location, (None,))[0] is worker
            if not current:                        # stopped while this call waited for it: take the new one
                continue
            seconds = None if end is None else max(0.0, end - time.monotonic())
            outcome = worker.ask((text, bindings, limit, seconds), end,
                                 int(max_memory * 1024 * 1024) if max_memory else None)
            if isinstance(outcome, str):
                _forget(location, worker)
            break
    if outcome == "memory":
        raise QueryLimitError("memory", max_memory, options[1])
    if outcome == "timeout":
        if timeout and (deadline is None or start + timeout <= deadline):
            raise QueryTimeLimitError("time", timeout, options[0])
        raise QueryTimeout("the query ran past its deadline and was stopped")
    if outcome == "died":
        raise QueryError("the query's worker process died while answering (out of memory, or a crash in the "
                         "store); the store is untouched")
    kind = outcome[0]
    if kind == "error":
        _, name, message = outcome
        if name == "QueryTimeout" and timeout and (deadline is None or start + timeout <= deadline):
            raise QueryTimeLimitError("time", timeout, options[0])
        raise {"QueryError": QueryError, "QueryTimeout": QueryTimeout, "StoreError": StoreError,
               "UnknownEntityError": QueryError}.get(name, KgraphError)(message)
    if kind == "bool":
        return outcome[1]
    if kind == "rows":
        return Rows(outcome[1], outcome[2])
    g = Graph()
    for t in outcome[1]:
        g.add(t)
    return g
