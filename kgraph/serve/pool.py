"""Query workers behind a bounded queue: where a query runs, and how it is stopped.

- On an embedded store, each worker is a process with the store open read-only. A query past
  its time limit, or past the memory ceiling, is stopped by killing its process, and a fresh
  worker takes its place (forked from a fork server that has the modules loaded, so in well
  under a second): the time limit is real, and the server's memory returns.
- On an in-memory or remote store there is nothing another process could open: workers are
  threads, and a query past its limit is abandoned (a remote server does its own work).
- Requests beyond the free workers wait in a queue for up to the time limit. Only a full queue,
  or a wait that outlasts the limit, answers 503, with Retry-After.
- A fast lane keeps cheap queries from queueing behind expensive ones (an `ASK {}` waited 28.7 s
  behind 30 heavy queries): on an embedded store one more worker takes, when every other worker
  is busy, any query not known to be heavy, for at most `fast_lane` seconds. A query still running
  then is stopped there, remembered as heavy (by its text) and queued for the other workers with
  the rest of its time; a heavy query waiting for the fast lane moves to the other queue as soon
  as its text is known to be heavy. What the fast lane costs a heavy query is at most `fast_lane`
  seconds, once per text.
"""
from __future__ import annotations

import hashlib
import math
import multiprocessing as mp
import os
import threading
import time
from collections import OrderedDict
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

    def try_acquire(self):
        """An idle worker when one is free and nobody waits; else None."""
        with self.cond:
            if self.idle and not self.waiting:
                return self.idle.pop()
            return None

    def wake(self) -> None:
        """Wake every waiter (to look at its `leave` condition again)."""
        with self.cond:
            self.cond.notify_all()

    def acquire(self, deadline: float, retry_after: int, leave=None, poll: float | None = None):
        """An idle worker, waiting for one until `deadline`; None when `leave()` turns true meanwhile
        (looked at when woken, and every `poll` seconds when given)."""
        with self.cond:
            if self.idle and not self.waiting:
                return self.idle.pop()
            if self.waiting >= self.queue:
                raise Refused(text_answer(503, f"the server is busy: {self.queue} queries are already waiting; "
                                               "retry later", {"Retry-After": str(retry_after)}))
            self.waiting += 1
            try:
                while not self.idle:
                    if leave is not None and leave():
                        return None
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise Refused(text_answer(503, "no query worker became free within the time limit; "
                                                       "retry later", {"Retry-After": str(retry_after)}))
                    self.cond.wait(remaining if poll is None else min(remaining, poll))
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
    """run(text, accept, dataset) -> Answer, for any number of HTTP threads at once."""

    def __init__(self, timeout: float, cap: int, queue: int):
        self.timeout = timeout
        self.cap = cap
        self.slots = Slots(queue)
        self.retry_after = max(1, math.ceil(timeout / 2))

    def run(self, text: str, accept: str, dataset=None) -> Answer:
        deadline = time.monotonic() + self.timeout
        return self.queue_for(self.slots, text, accept, dataset, deadline)

    def queue_for(self, slots: Slots, text: str, accept: str, dataset, deadline: float) -> Answer:
        try:
            worker = slots.acquire(deadline, self.retry_after)
        except Refused as refused:
            return refused.answer
        return self.dispatch(worker, text, accept, dataset, deadline)

    def dispatch(self, worker, text: str, accept: str, dataset, deadline: float) -> Answer:
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

    def dispatch(self, worker, text, accept, dataset, deadline) -> Answer:
        def work():
            try:
                return answer_query(self.store, text, accept, self.cap, deadline, dataset)
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
    def __init__(self, location: str, workers: int, timeout: float, cap: int, queue: int, max_memory_mb: int,
                 fast_lane: float = 0.0):
        super().__init__(timeout, cap, queue)
        self.fast_lane = fast_lane
        self.fast = Slots(queue) if fast_lane > 0 else None
        self.heavy: OrderedDict[bytes, None] = OrderedDict()     # texts that outran the fast lane
        self.location = location
        self.max_rss = max_memory_mb * 1024 * 1024
        self.max_memory_mb = max_memory_mb
        self.ctx = mp.get_context("forkserver")
        self.ctx.set_forkserver_preload(["kgraph.serve.worker"])
        self.closed = False
        self.all: set[Worker] = set()
        self.lock = threading.Lock()
        started = [process_worker(self.ctx, location)]                  # the first one says if the store opens
        extra = 1 if self.fast is not None else 0
        with ThreadPoolExecutor(max(1, workers - 1 + extra)) as ex:
            started += list(ex.map(lambda _: process_worker(self.ctx, location), range(workers - 1 + extra)))
        for n, w in enumerate(started):
            self.all.add(w)
            (self.fast if extra and n == len(started) - 1 else self.slots).release(w)

    def run(self, text: str, accept: str, dataset=None) -> Answer:
        deadline = time.monotonic() + self.timeout
        if self.fast is None:
            return self.queue_for(self.slots, text, accept, dataset, deadline)
        key = hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=16).digest()
        if key not in self.heavy:
            worker = self.slots.try_acquire()
            if worker is not None:                  # a worker is free: no need for the fast lane
                return self.dispatch(worker, text, accept, dataset, deadline)
            freed: list = []

            def leave() -> bool:           # known heavy meanwhile, or another worker came free first
                if key in self.heavy:
                    return True
                other = self.slots.try_acquire()
                if other is not None:
                    freed.append(other)
                return other is not None
            try:
                worker = self.fast.acquire(deadline, self.retry_after, leave=leave, poll=0.05)
            except Refused as refused:
                return refused.answer
            if freed:
                return self.dispatch(freed[0], text, accept, dataset, deadline)
            if worker is not None:
                answer = self.dispatch(worker, text, accept, dataset, deadline, lane=self.fast,
                                       stop_at=min(deadline, time.monotonic() + self.fast_lane))
                if answer is not None:
                    return answer
                self.mark_heavy(key)               # it outran the fast lane: to the other workers
                if time.monotonic() >= deadline:
                    return self.timed_out()
        return self.queue_for(self.slots, text, accept, dataset, deadline)

    def mark_heavy(self, key: bytes) -> None:
        with self.lock:
            self.heavy[key] = None
            self.heavy.move_to_end(key)
            while len(self.heavy) > 10_000:
                self.heavy.popitem(last=False)
        self.fast.wake()                            # waiters with the same text move to the other queue

    def dispatch(self, worker: Worker, text, accept, dataset, deadline, lane: Slots | None = None,
                 stop_at: float | None = None) -> Answer | None:
        """The worker's answer; a 503 past the time limit or memory ceiling. In the fast lane
        (`stop_at` before the deadline), None when the query was stopped at `stop_at`."""
        lane = lane or self.slots
        fast = stop_at is not None and stop_at < deadline
        job = (text, accept, self.cap, max(0.0, deadline - time.monotonic()), dataset)
        outcome = worker.ask(job, (stop_at - GRACE) if fast else deadline, self.max_rss)
        if isinstance(outcome, Answer):
            lane.release(worker)
            return outcome
        self.replace(worker, lane)
        if outcome == "timeout" and fast:
            return None
        if outcome == "memory":
            return text_answer(503, f"the query used more than {self.max_memory_mb} MB of memory and was stopped; "
                                    "narrow it (fewer variables, a LIMIT, more specific patterns)")
        if outcome == "died":
            return text_answer(500, "the query worker died while answering (out of memory, or a crash in the store); "
                                    "the server goes on")
        return self.timed_out()

    def replace(self, worker: Worker, lane: Slots | None = None) -> None:
        """Kill a worker and start another in the background for the same lane; queued requests wait
        for it."""
        lane = lane or self.slots
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
                lane.release(fresh)
                return
        threading.Thread(target=start, daemon=True, name="kgraph-worker-start").start()

    def close(self) -> None:
        self.closed = True
        with self.lock:
            workers = list(self.all)
            self.all.clear()
        for w in workers:
            w.kill()


def make_runner(store, workers: int, timeout: float, cap: int, queue: int, max_memory_mb: int,
                fast_lane: float = 0.0) -> Runner:
    """Processes for an embedded store on disk (with a fast lane when `fast_lane` > 0); threads
    otherwise."""
    from kgraph.config import MEMORY
    from kgraph.store.oxigraph import OxigraphStore
    if isinstance(store, OxigraphStore) and store.location != MEMORY:
        return ProcessRunner(store.follow or store.location, workers, timeout, cap, queue, max_memory_mb, fast_lane)
    return ThreadRunner(store, workers, timeout, cap, queue)
