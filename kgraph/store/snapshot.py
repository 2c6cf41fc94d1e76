"""Serving a store while it is written: the writer publishes snapshots, the server reads the newest.

RocksDB lets one process open a store for writing. A read-only open of a store another process is
writing is undefined behaviour in pyoxigraph (a table file it lists may be compacted away under it),
and pyoxigraph 0.5 has no secondary instance (RocksDB's secondary has no snapshots either, so a query
could see a transaction half applied). So the writer keeps the store, and when it closes after a
write it publishes a snapshot: `Store.backup`, a RocksDB checkpoint of what is committed (hard
links to the immutable table files: milliseconds, little disk) in `STORE/kgraph-snapshots/NAME`,
then points `STORE/kgraph-snapshots/CURRENT` at it (written to a temporary file and renamed, so a
reader sees the old name or the new one). `kgraph serve` and its query workers open the current
snapshot read-only and, before each query, reopen when the pointer names a newer one. A snapshot
is a committed state, and one document's graphs and facts are written in one transaction, so a
query never sees half a document. A writer killed mid-way publishes nothing: the server goes on
with the last snapshot, and the next writer (or `kgraph serve` starting) publishes what the store
then holds.

A snapshot that is no longer current is deleted by the next publisher once it has been replaced
for `GRACE` seconds (a query still reading it has long finished or been stopped by then).
"""
from __future__ import annotations

import os
import shutil
import time
from itertools import pairwise
from pathlib import Path

DIR = "kgraph-snapshots"
POINTER = "CURRENT"
GRACE = 300.0           # seconds a replaced snapshot is kept for the queries that may still read it


def directory(location: str) -> Path:
    return Path(location) / DIR


def current(location: str) -> str | None:
    """The path of the store's current snapshot, or None when none was published."""
    base = directory(location)
    try:
        name = (base / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = base / name
    return str(path) if name and (path / "CURRENT").is_file() else None


def publish(store, location: str) -> str:
    """Checkpoint the open writable pyoxigraph `store` at `location` into a new snapshot and make it
    current; older snapshots past their grace time are deleted. The snapshot's path."""
    base = directory(location)
    base.mkdir(exist_ok=True)
    name = f"{time.time_ns():020d}-{os.getpid()}"
    store.backup(str(base / name))
    tmp = base / f".{POINTER}.{os.getpid()}"
    tmp.write_text(name, encoding="utf-8")
    os.replace(tmp, base / POINTER)
    prune(location)
    return str(base / name)


def _created(name: str) -> float | None:
    try:
        return int(name.split("-", 1)[0]) / 1e9
    except ValueError:
        return None


def prune(location: str, grace: float = GRACE, now: float | None = None) -> list[str]:
    """Delete the snapshots replaced by a newer one more than `grace` seconds ago (and unfinished
    ones: a checkpoint a killed writer left without pointing at it); the names deleted."""
    base = directory(location)
    now = time.time() if now is None else now
    keep = Path(current(location) or "").name
    try:
        names = sorted(e.name for e in os.scandir(base) if e.is_dir() and _created(e.name) is not None)
    except OSError:
        return []
    gone = []
    for name, newer in pairwise(names):
        replaced = _created(newer)
        if name != keep and replaced is not None and now - replaced > grace:
            shutil.rmtree(base / name, ignore_errors=True)
            gone.append(name)
    return gone
