"""Settings that come from options or the environment: store location and base IRI."""
from __future__ import annotations

import os

DEFAULT_STORE = "kgraph-store"
MEMORY = ":memory:"
BASE_IRI = "https://w3id.org/kgraph/"


def store_location(option: str | None = None) -> str:
    """The store to use: the --store option, else $KGRAPH_STORE, else ./kgraph-store."""
    return option or os.environ.get("KGRAPH_STORE") or DEFAULT_STORE


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def default_jobs() -> int:
    """Extraction worker processes (--jobs): every core this process may use."""
    return _cores()


def default_threads() -> int:
    """Kiwi threads of a process that extracts a batch itself (--threads): every core it may use."""
    return _cores()
