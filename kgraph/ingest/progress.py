"""Progress of a long ingest or extract as plain lines, for output that is not a terminal (a log file, a
CI job, `nohup`): the bar that a terminal shows would print nothing there, or control codes."""
from __future__ import annotations

import sys
import time
from typing import TextIO

PROGRESS_EVERY = 100      # documents between two lines


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class ProgressLines:
    """A `progress(done, total, name)` callback that writes a line every `every` documents (default
    PROGRESS_EVERY), and one when all are read if it wrote any before (a short batch prints none):
    `ingest: 1,200/10,000 documents (12%), 35.2 docs/s, 34 s elapsed, about 4 min 10 s left`."""

    def __init__(self, verb: str = "ingest", every: int | None = None, out: TextIO | None = None):
        self.verb = verb
        self.every = max(1, every or PROGRESS_EVERY)
        self.out = out
        self.started = time.perf_counter()
        self.next = self.every
        self.finished = False
        self.lines = 0

    def __call__(self, done: int, total: int, name: str = "") -> None:
        last = bool(total) and done >= total
        if self.finished or (done < self.next and not (last and self.lines)):
            return
        self.lines += 1
        self.next = (done // self.every + 1) * self.every
        self.finished = last
        elapsed = time.perf_counter() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        line = f"{self.verb}: {done:,}"
        if total:
            line += f"/{total:,} documents ({100 * done // total}%)"
        else:
            line += " documents"
        line += f", {rate:,.1f} docs/s, {_duration(elapsed)} elapsed"
        if total and not last and rate > 0:
            line += f", about {_duration((total - done) / rate)} left"
        print(line, file=self.out or sys.stderr, flush=True)
