"""Child processes that never outlive their parent: after kill -9, SIGTERM or Ctrl-C of the parent,
its workers (each holds a spaCy pipeline or a store, hundreds of MB) end too."""
from __future__ import annotations

import os
import signal
import sys
import threading
import time


def die_with_parent(watch_pid: int | None = None) -> None:
    """Call first thing in a child: the kernel kills it when its parent dies (Linux), and a thread
    also ends it when the parent changes or `watch_pid` (the process that asked for this child, when
    a fork server stands between them) is gone. Ctrl-C is left to the parent, which stops its children."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if parent == 1 or (watch_pid is not None and not alive(watch_pid)):
        os._exit(1)                      # the parent died before the lines above took effect
    threading.Thread(target=_watch, args=(parent, watch_pid), daemon=True, name="kgraph-parent-watch").start()


def alive(pid: int) -> bool:
    """Whether a process with this id exists (one we may not signal counts too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch(parent: int, watch_pid: int | None) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent or (watch_pid is not None and not alive(watch_pid)):
            os._exit(1)


def rss_bytes(pid: int) -> int:
    """Resident memory of a process (0 when it is gone or /proc is not there)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
