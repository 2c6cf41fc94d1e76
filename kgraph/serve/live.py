"""What the server process itself reads follows the store: `/resolve` and the two pages.

The query workers reopen the newest published snapshot before each query (store/snapshot.py,
query/isolated.py). The server process reads the store too, for `/resolve` and to draw the graph
page at `/` and the query page at `/query` (its examples are filled in from the store), so it
follows the snapshots the same way:

- `Live.store()` is the store open on the current snapshot, reopened when a newer one is named
  (a read of the small pointer file per call; nothing else when nothing changed). A replaced store
  is closed only a while later, so a lookup still running on it finishes.
- `Live.pages()` are the pages built from one snapshot, kept (the cache is keyed by the snapshot's
  path) until a newer snapshot is published. Then they are built once again, in a background
  thread, while requests go on getting the previous pages; the new ones replace them when ready.
  A build that fails is reported on stderr once and the previous pages stay.
- `Live.watch()` looks for a newer snapshot twice a second and starts that drawing at once, so the
  new pages are usually ready before a reload asks for them (a request that sees the new snapshot
  first starts it too).

A store that is not served from snapshots (a remote endpoint, or a store given directly to
`make_server`) is read as it is, and its pages are built once.
"""
from __future__ import annotations

import hashlib
import os
import sys
import threading
import time
from collections.abc import Callable

from kgraph.errors import KgraphError
from kgraph.store.base import Store

RETIRE = 60.0       # seconds a replaced snapshot's store stays open for the lookups still using it
WATCH = 0.5         # seconds between two looks for a newer snapshot (the pointer file: about 25 µs a look)

Pages = tuple[bytes, bytes]


class Live:
    """The served store's current snapshot and the pages drawn from it (see the module's text)."""

    def __init__(self, store: Store, build: Callable[[Store], Pages] | None,
                 stamp: Callable[[Pages, str], Pages] | None = None):
        self.follow: str | None = getattr(store, "follow", None)
        self._store = self._first = store
        self._key = self._current() or getattr(store, "location", None)
        self._build = build
        self._lock = threading.Lock()
        self._retired: list[tuple[float, Store]] = []
        self._pages_key = self._key                 # the snapshot the pages were drawn from
        self._tag = _tag(self._pages_key, 1)
        # `stamp(pages, tag)`: what each drawing's pages are given, knowing its tag (kgraph/serve/news.py)
        self._stamp = stamp or (lambda pages, tag: pages)
        self._pages: Pages | None = self._stamp(build(store), self._tag) if build else None
        self._building: str | None = None           # the snapshot being drawn now, if any
        self._failed: str | None = None             # the snapshot whose drawing failed (not tried again)
        self.builds = 1 if build else 0             # how many times the pages were drawn (tests, README)
        self._watcher: threading.Thread | None = None

    def _current(self) -> str | None:
        if self.follow is None:
            return None
        from kgraph.store.snapshot import current
        return current(self.follow)

    def store(self) -> Store:
        """The store open on the newest published snapshot (the one open before if it cannot be opened)."""
        key = self._current()
        if key is None or key == self._key:
            return self._store
        with self._lock:
            if key != self._key:
                from kgraph.store.oxigraph import OxigraphStore
                try:
                    fresh = OxigraphStore(key, read_only=True, create=False)
                except KgraphError as err:
                    sys.stderr.write(f"kgraph serve: cannot open the new snapshot {key}: {err}; "
                                     "serving the previous one\n")
                    return self._store
                fresh.follow = self.follow
                now = time.monotonic()
                self._retired.append((now, self._store))
                self._store, self._key = fresh, key
                self._close_retired(now)
        return self._store

    def _close_retired(self, now: float) -> None:
        keep = []
        for when, old in self._retired:
            if now - when > RETIRE:
                if old is not self._first:
                    old.close()
            else:
                keep.append((when, old))
        self._retired = keep

    def pages(self) -> Pages | None:
        """The graph page and the query page of the newest snapshot that has been drawn; starts
        drawing the current one in the background when it is newer."""
        return self.drawn()[0]

    def drawn(self) -> tuple[Pages | None, str]:
        """(the pages, as `pages()`; a tag naming that drawing, for the HTTP ETag)."""
        store = self.store()
        key = self._key
        if self._build is not None and key != self._pages_key:
            with self._lock:
                if key not in (self._pages_key, self._building, self._failed):
                    self._building = key
                    threading.Thread(target=self._draw, args=(store, key), daemon=True,
                                     name="kgraph-pages").start()
        with self._lock:
            return self._pages, self._tag

    def _draw(self, store: Store, key: str) -> None:
        started = time.monotonic()
        try:
            pages = self._build(store)
        except Exception as err:        # noqa: BLE001 - a page that cannot be drawn must not stop the server
            sys.stderr.write(f"kgraph serve: could not draw the pages for snapshot {key}: {err}; "
                             "the previous pages are served\n")
            with self._lock:
                self._failed, self._building = key, None
            return
        with self._lock:
            self.builds += 1
            self._tag = _tag(key, self.builds)
            self._pages, self._pages_key, self._building = self._stamp(pages, self._tag), key, None
        sys.stderr.write(f"kgraph serve: pages redrawn for the new snapshot in {time.monotonic() - started:.1f} s\n")

    def watch(self, every: float = WATCH) -> None:
        """Look for a newer snapshot every `every` seconds in a background thread and start drawing
        its pages, so that they are usually ready before the next page is asked for."""
        if self.follow is None or self._build is None or self._watcher is not None:
            return
        self._stop = threading.Event()

        def run():
            while not self._stop.wait(every):
                try:
                    self.pages()
                except Exception as err:    # noqa: BLE001 - the watcher must outlive a bad moment
                    sys.stderr.write(f"kgraph serve: cannot look for a new snapshot: {err}\n")
        self._watcher = threading.Thread(target=run, daemon=True, name="kgraph-snapshot-watch")
        self._watcher.start()

    def wait(self, seconds: float = 30.0) -> bool:
        """Wait until the pages are drawn from the current snapshot (tests); whether they are."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.pages()
            if self._pages_key == self._key and self._building is None:
                return True
            time.sleep(0.05)
        return False

    def close(self) -> None:
        """Close the stores opened here (the first one belongs to whoever opened it)."""
        if self._watcher is not None:
            self._stop.set()
            self._watcher.join(5)
            self._watcher = None
        with self._lock:
            for _, old in self._retired:
                if old is not self._first:
                    old.close()
            self._retired = []
            if self._store is not self._first:
                self._store.close()
                self._store = self._first


_STARTED = f"{os.getpid()}-{time.time_ns()}"


def _tag(key: str | None, n: int) -> str:
    """An ETag for one drawing: the snapshot it was drawn from, by this process (another process or
    a later start may draw the same snapshot differently)."""
    return hashlib.sha256(f"{_STARTED}\n{key}\n{n}".encode()).hexdigest()[:20]


__all__ = ["RETIRE", "Live"]
