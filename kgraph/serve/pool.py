"""Query workers behind a bounded queue: where a query runs, and how it is stopped.

- On an embedded store, each worker is a process with the store open read-only. A query past
  its time limit, or past the memory ceiling, is stopped by killing its process, and a fresh
  worker takes its place (forked from a fork server that has the modules loaded, so in well
  under a second): the time limit is real, and the server's memory returns.
- On an in-memory or remote store there is nothing another process could open: workers are
  threads, and a query past its limit is abandoned (a remote server does its own work).
- Requests beyond the free workers wait in a queue for up to the time limit. Only a full queue,
  or a wait that outlasts the limit, answers 503, with Retry-After.
"""
from __future__ import annotations

import math
import multiprocessing as mp
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from kgraph.errors import KgraphError
from kgraph.query.isolated import GRACE, Worker
from kgraph.serve.answer import Answer, answer_query, text_answer


class Slots:
    """Idle workers, and the requests waiting for one (at most `queue` of them)."""

    def __init__(self, queue: int):
        self.cond = threading.Condition()
        self.idle: list = []
        self.waiting = 0
        self.queue = queue

    def acquire(self, deadline: float, retry_after: int):
        with self.cond:
            if self.idle and not self.waiting:
                return self.idle.pop()
            if self.waiting >= self.queue:
                raise Refused(text_answer(503, f"the server is busy: {self.queue} queries are already waiting; "
                                               "retry later", {"Retry-After": str(retry_after)}))
            self.waiting += 1
            try:
                while not self.idle:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise Refused(text_answer(503, "no query worker became free within the time limit; "
                                                       "retry later", {"Retry-After": str(retry_after)}))
                    self.cond.wait(remaining)
                return self.idle.pop()
            finally:
                self.waiting -= 1

    def release(self, worker) -> None:
        with self.cond:
            self.idle.append(worker)
            self.cond.notify()


class Refused(KgraphError):
    def __init__(self, answer: Answer):
        super().__init__(answer.body.decode("utf-8", "replace").strip())
        self.answer = answer


class Runner:
    """run(text, accept) -> Answer, for any number of HTTP threads at once."""

    def __init__(self, timeout: float, cap: int, queue: int):
        self.timeout = timeout
        self.cap = cap
        self.slots = Slots(queue)
        self.retry_after = max(1, math.ceil(timeout / 2))

    def run(self, text: str, accept: str) -> Answer:
        deadline = time.monotonic() + self.timeout
        try:
            worker = self.slots.acquire(deadline, self.retry_after)
        except Refused as refused:
            return refused.answer
        return self.dispatch(worker, text, accept, deadline)

    def dispatch(self, worker, text: str, accept: str, deadline: float) -> Answer:
        raise NotImplementedError

    def timed_out(self) -> Answer:
        return text_answer(503, f"the query ran past the time limit of {self.timeout:g} s and was stopped")

    def close(self) -> None:
        pass


# --- threads: in-memory and remote stores ---------------------------------------------------------
class ThreadRunner(Runner):
    def __init__(self, store, workers: int, timeout: float, cap: int, queue: int):
        super().__init__(timeout, cap, queue)
        self.store = store
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kgraph-query")
        for n in range(workers):
            self.slots.release(n)

    def dispatch(self, worker, text, accept, deadline) -> Answer:
        def work():
            try:
                return answer_query(self.store, text, accept, self.cap, deadline)
            finally:
                self.slots.release(worker)     # an abandoned query gives its slot back when it ends
        future = self.pool.submit(work)
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()) + GRACE)
        except TimeoutError:
            return text_answer(503, f"the query ran past the time limit of {self.timeout:g} s and was abandoned")

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


# --- processes: the embedded store on disk ----------------------------------------------------------
def process_worker(ctx, location: str) -> Worker:
    """A query worker forked from the fork server (kgraph.serve.worker preloaded: it starts in
    milliseconds), with the store open read-only; kgraph.query.isolated.Worker watches and stops it."""
    from kgraph.serve import worker as module
    conn, child = ctx.Pipe()
    proc = ctx.Process(target=module.main, args=(location, child, os.getpid()), daemon=True, name="kgraph-query")
    proc.start()
    child.close()
    return Worker(proc, conn)


class ProcessRunner(Runner):
    def __init__(self, location: str, workers: int, timeout: float, cap: int, queue: int, max_memory_mb: int):
        super().__init__(timeout, cap, queue)
        self.location = location
        self.max_rss = max_memory_mb * 1024 * 1024
        self.max_memory_mb = max_memory_mb
        self.ctx = mp.get_context("forkserver")
        self.ctx.set_forkserver_preload(["kgraph.serve.worker"])
        self.closed = False
        self.all: set[Worker] = set()
        self.lock = threading.Lock()
        started = [process_worker(self.ctx, location)]                  # the first one says if the store opens
        with ThreadPoolExecutor(max(1, workers - 1)) as ex:
            started += list(ex.map(lambda _: process_worker(self.ctx, location), range(workers - 1)))
        for w in started:
            self.all.add(w)
            self.slots.release(w)

    def dispatch(self, worker: Worker, text, accept, deadline) -> Answer:
        outcome = worker.ask((text, accept, self.cap, max(0.0, deadline - time.monotonic())), deadline, self.max_rss)
        if isinstance(outcome, Answer):
            self.slots.release(worker)
            return outcome
        self.replace(worker)
        if outcome == "memory":
            return text_answer(503, f"the query used more than {self.max_memory_mb} MB of memory and was stopped; "
                                    "narrow it (fewer variables, a LIMIT, more specific patterns)")
        if outcome == "died":
            return text_answer(500, "the query worker died while answering (out of memory, or a crash in the store); "
                                    "the server goes on")
        return self.timed_out()

    def replace(self, worker: Worker) -> None:
        """Kill a worker and start another in the background; queued requests wait for it."""
        worker.kill()
        with self.lock:
            self.all.discard(worker)

        def start():
            while not self.closed:
                try:
                    fresh = process_worker(self.ctx, self.location)
                except KgraphError:
                    time.sleep(1.0)
                    continue
                with self.lock:
                    if self.closed:
                        fresh.kill()
                        return
                    self.all.add(fresh)
                self.slots.release(fresh)
                return
        threading.Thread(target=start, daemon=True, name="kgraph-worker-start").start()

    def close(self) -> None:
        self.closed = True
        with self.lock:
            workers = list(self.all)
            self.all.clear()
        for w in workers:
            w.kill()


def make_runner(store, workers: int, timeout: float, cap: int, queue: int, max_memory_mb: int) -> Runner:
    """Processes for an embedded store on disk; threads otherwise."""
    from kgraph.config import MEMORY
    from kgraph.store.oxigraph import OxigraphStore
    if isinstance(store, OxigraphStore) and store.location != MEMORY:
        return ProcessRunner(store.location, workers, timeout, cap, queue, max_memory_mb)
    return ThreadRunner(store, workers, timeout, cap, queue)
