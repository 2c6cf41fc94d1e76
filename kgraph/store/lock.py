"""Who holds an embedded store for writing: a small file in the store directory naming the command,
its process id and when it started, so that a second writer is told whom it waits for.

RocksDB's own LOCK file decides who may write; this file only explains it. It is written after
the store opened for writing and removed when it closes; a file left by a process that died is
ignored (its process id is no longer alive, or is not a kgraph process any more).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

from kgraph.children import alive

INFO = "kgraph-writer.json"


def current_command() -> str:
    """This process's command line, as a user would type it (kgraph ingest news/)."""
    argv = list(sys.argv) or ["python"]
    name = Path(argv[0]).name
    if name in ("__main__.py", "-m", "-c") or name.startswith("python"):
        name = "kgraph" if any("kgraph" in a for a in argv[:2]) else name
    text = " ".join([name, *argv[1:]])
    return text if len(text) <= 100 else text[:99] + "…"


def write_info(location: str, command: str | None = None) -> None:
    info = {"command": command or current_command(), "pid": os.getpid(),
            "started": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
    try:
        (Path(location) / INFO).write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass                      # the explanation is a courtesy; the lock itself is RocksDB's


def remove_info(location: str) -> None:
    path = Path(location) / INFO
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError, AttributeError):
        pass


def holder(location: str) -> dict | None:
    """{command, pid, started} of the live process that wrote the store's info file, if any."""
    try:
        info = json.loads((Path(location) / INFO).read_text(encoding="utf-8"))
        pid = int(info["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info if pid != os.getpid() and alive(pid) else None


def describe(location: str) -> str:
    """'`kgraph ingest news/` (pid 4711, since 2026-11-25T06:40:12+00:00)' or a general phrase."""
    info = holder(location)
    if info is None:
        return "another process"
    return f"`{info.get('command', 'kgraph')}` (pid {info['pid']}, since {info.get('started', '?')})"
