"""What `kgraph serve` reads: the current snapshot of a store (kgraph/store/snapshot.py says how
writers publish them), open read-only and reopened when a newer one is published."""
from __future__ import annotations

from kgraph.errors import StoreError, StoreLockedError
from kgraph.store.oxigraph import PUBLISHING, OxigraphStore, check_location
from kgraph.store.snapshot import current, publish


class Follower:
    """The current snapshot of a store, open read-only, reopened when a newer one is published."""

    def __init__(self, location: str):
        self.location = location
        self.path: str | None = None
        self.store = None
        self.refresh()

    def refresh(self):
        """The store open on the current snapshot (reopened if it changed since the last call)."""
        path = current(self.location)
        if path is None:
            if self.store is not None:
                return self.store
            raise StoreError(f"store {self.location!r} has no snapshot to serve; start `kgraph serve` when no "
                             "other command writes the store, or run any write (kgraph ingest) first")
        if path != self.path:
            fresh = OxigraphStore(path, read_only=True, create=False)
            old, self.store, self.path = self.store, fresh, path
            if old is not None:
                old.close()
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


def open_for_serving(location: str):
    """The store at `location` as `kgraph serve` reads it: its current snapshot, open read-only, with
    `follow` set to `location` (so the query workers follow newer snapshots). A snapshot of what the
    store holds now is published first, unless another process is writing it (then the last one
    serves until that writer publishes its own)."""
    check_location(location, create=False)
    try:
        writer = OxigraphStore(location, create=False, command=PUBLISHING, snapshots=False)
    except StoreLockedError:
        writer = None
    if writer is not None:
        try:
            publish(writer._store, location)
        finally:
            writer.close()
    store = Follower(location).store
    store.follow = location
    return store
