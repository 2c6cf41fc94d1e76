"""Writing output files so that a reader never sees half of one."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO


@contextmanager
def atomic_output(path: str, mode: str = "wb") -> Iterator[IO]:
    """A file to write to; it replaces `path` only when the block ends without an error."""
    tmp = f"{path}.part"
    try:
        with open(tmp, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as fh:
            yield fh
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
