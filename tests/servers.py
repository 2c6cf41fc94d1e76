"""Start real servers on loopback for tests: `kgraph serve` and Oxigraph server."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process; stopped (and its output kept for failure messages) on close."""

    def __init__(self, args: list[str], url: str, ready_path: str, log: Path):
        self.url = url
        self.log = log
        self.fh = open(log, "wb")
        self.proc = subprocess.Popen(args, stdout=self.fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {self.output()}")
            try:
                requests.get(url + ready_path, timeout=1)
                return
            except (requests.ConnectionError, requests.Timeout):     # not listening yet, or still starting workers
                if time.monotonic() > deadline:
                    self.close()
                    raise RuntimeError(f"server did not start: {self.output()}") from None
                time.sleep(0.1)

    def output(self) -> str:
        self.fh.flush()
        return self.log.read_text(errors="replace")[-3000:]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.fh.close()


def kgraph_serve(store: str, tmp: Path, *extra: str) -> Server:
    port = free_port()
    args = [sys.executable, "-m", "kgraph.cli", "--store", store, "serve", "--port", str(port), *extra]
    return Server(args, f"http://127.0.0.1:{port}", "/sparql", tmp / f"serve-{port}.log")


def oxigraph_binary() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


def oxigraph_serve(location: Path, tmp: Path) -> Server:
    port = free_port()
    args = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    return Server(args, f"http://127.0.0.1:{port}", "/query?query=ASK%7B%7D", tmp / f"oxigraph-{port}.log")


@contextmanager
def dask_cluster(work: Path, workers: int = 2):
    """A dask.distributed scheduler and `workers` single-threaded worker processes on 127.0.0.1,
    started with the `dask` commands README gives; yields the scheduler's address. Used by the
    tests and by benchmarks/run.py."""
    import json
    import os

    from distributed import Client
    bin_dir = Path(sys.executable).parent
    info = work / "scheduler.json"
    info.unlink(missing_ok=True)
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    quiet = {"cwd": work, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(info)], **quiet)]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        procs.append(subprocess.Popen([str(bin_dir / "dask"), "worker", address, "--nworkers", str(workers),
                                       "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"], **quiet))
        with Client(address, timeout=30) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
