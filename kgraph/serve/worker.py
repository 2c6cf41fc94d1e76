"""The body of a query worker process: open the store read-only, then answer jobs until the pipe
closes (kgraph.query.isolated.serve_jobs). Imported by the fork server ahead of time, so a new worker
starts in milliseconds."""
from __future__ import annotations

import time

from kgraph.children import die_with_parent
from kgraph.query.isolated import serve_jobs
from kgraph.serve.answer import answer_query


def answer(store, job: tuple):
    text, accept, cap, seconds, dataset = job
    return answer_query(store, text, accept, cap, time.monotonic() + seconds, dataset)


def main(location: str, conn, server_pid: int) -> None:
    die_with_parent(server_pid)
    serve_jobs(location, conn, answer, follow_snapshots=True)
