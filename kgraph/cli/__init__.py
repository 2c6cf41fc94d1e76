"""The kgraph command line: each command parses options, calls one method of kgraph.api.KGraph and
prints what kgraph.query.output makes of the answer.

Commands live in modules by area (store.py, shards.py, ask.py, digest.py, web.py) and register themselves on `main`,
which base.py defines with what they share; importing this package registers them all.
"""
from __future__ import annotations

from kgraph.cli.base import FORMAT_HELP, FORMATS, main

import kgraph.cli.ask  # noqa: E402,F401,I001  (each module's commands register themselves on main)
import kgraph.cli.corrections  # noqa: E402,F401
import kgraph.cli.digest  # noqa: E402,F401
import kgraph.cli.reference  # noqa: E402,F401
import kgraph.cli.shards  # noqa: E402,F401
import kgraph.cli.store  # noqa: E402,F401
import kgraph.cli.web  # noqa: E402,F401

__all__ = ["main", "FORMAT_HELP", "FORMATS"]
