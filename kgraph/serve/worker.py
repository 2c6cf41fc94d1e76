"""The body of a query worker process: open the store read-only, then answer jobs until the pipe
closes. Imported by the fork server ahead of time, so a new worker starts in milliseconds."""
from __future__ import annotations

import time

from kgraph.children import die_with_parent
from kgraph.errors import KgraphError
from kgraph.serve.answer import answer_query
from kgraph.store.oxigraph import OxigraphStore


def main(location: str, conn, server_pid: int) -> None:
    die_with_parent(server_pid)
    try:
        store = OxigraphStore(location, read_only=True)
    except KgraphError as err:
        conn.send(("error", str(err)))
        return
    conn.send(("ready", None))
    while True:
        try:
            text, accept, cap, seconds = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer_query(store, text, accept, cap, time.monotonic() + seconds))
