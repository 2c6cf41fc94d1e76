"""Settings that come from options or the environment: store location and base IRI."""
from __future__ import annotations

import os

DEFAULT_STORE = "kgraph-store"
MEMORY = ":memory:"
BASE_IRI = "https://w3id.org/kgraph/"


def store_location(option: str | None = None) -> str:
    """The store to use: the --store option, else $KGRAPH_STORE, else ./kgraph-store."""
    return option or os.environ.get("KGRAPH_STORE") or DEFAULT_STORE


def default_jobs() -> int:
    """Worker count for the tokenizer: every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
