"""Run SPARQL against a store: kgraph's own queries here (`run`), people's with the endpoint's limits
(`query`). Parameters are bound as RDF terms, never pasted into the text; the text itself is
kgraph.rdf.sparql's."""
from __future__ import annotations

import time

from rdflib import Literal
from rdflib.term import Node

from kgraph.errors import KgraphError, QueryError
from kgraph.rdf.sparql import UPDATE_WORDS, bind_values, query_form, tokens
from kgraph.store.base import Store


def run(store: Store, sparql: str, bindings: dict | None = None, **kw):
    """Run a query in this process, without limits: kgraph's own queries (canned questions, explain,
    the graph, the endpoint's workers, which have limits of their own). See Store.query for the
    result shapes and the `limit` and `deadline` keywords (every store refuses outbound requests
    first: kgraph.rdf.sparql.guard). Binding values are rdflib terms, None (unbound), or plain Python
    values (str, int, float, bool, date), which become literals. A syntax error says where, and what
    was expected, in words (kgraph.query.syntax)."""
    form = query_form(sparql)
    if form in UPDATE_WORDS and form != "LOAD":      # LOAD is refused as outbound, by the store's guard
        raise QueryError(f"{form} is an update, and queries here are read-only: use kgraph ingest to add "
                         "documents and kgraph remove to delete them")
    if not form and next(tokens(sparql), None) is None:
        raise QueryError("the query is empty: give a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE")
    if bindings:
        bindings = {k: v if v is None or isinstance(v, Node) else Literal(v) for k, v in bindings.items()}
    try:
        return store.query(sparql, bindings, **kw)
    except QueryError as err:
        message = str(err)
        if not message.startswith(_SYNTAX):
            raise
        from kgraph.query.syntax import explain_syntax_error
        text = bind_values(sparql, bindings) if bindings else sparql
        raise QueryError(explain_syntax_error(message[len(_SYNTAX):], text)) from None


_SYNTAX = "SPARQL syntax error: "
TIMEOUT = 30.0          # seconds: the endpoint's default time limit, for queries people type
MAX_MEMORY = 1024       # MB: the endpoint's default memory ceiling


def query(store: Store, sparql: str, bindings: dict | None = None, *, timeout: float | None = TIMEOUT,
          max_memory: float | None = MAX_MEMORY, limit: int | None = None, deadline: float | None = None,
          options: tuple[str, str] = ("timeout=SECONDS (None: no limit)", "max_memory=MB (None: no ceiling)")):
    """Run a SPARQL query with the endpoint's protections: SELECT gives rows (a list of dicts of rdflib
    terms, the variables in `.vars`), ASK a bool, CONSTRUCT and DESCRIBE an rdflib Graph.

    On an embedded store on disk the query runs in a worker process that opens the store read-only
    (one is kept per store, and sees what was written since), and is stopped when it runs past
    `timeout` seconds or its process passes `max_memory` MB: QueryLimitError says which, and how to
    raise it (`options` names the way, for the CLI). None lifts a limit. On an in-memory store the
    query runs here: the time limit is checked between results and there is no memory ceiling; a
    SPARQL server gets the time limit as its request timeout. See `run` for bindings and errors.
    """
    from kgraph.config import MEMORY
    from kgraph.store.oxigraph import OxigraphStore
    if isinstance(store, OxigraphStore) and store.location != MEMORY and (timeout or max_memory):
        form = query_form(sparql)
        if form in UPDATE_WORDS or (not form and next(tokens(sparql), None) is None):
            return run(store, sparql, bindings)               # refused at once, with run's message
        from kgraph.query.isolated import run_limited
        if bindings:
            bindings = {k: v if v is None or isinstance(v, Node) else Literal(v) for k, v in bindings.items()}
        return run_limited(store.location, sparql, bindings, limit=limit, deadline=deadline, timeout=timeout,
                           max_memory=max_memory, options=options)
    if timeout:
        end = time.monotonic() + timeout
        deadline = end if deadline is None else min(deadline, end)
    return run(store, sparql, bindings, limit=limit, deadline=deadline)


# --- the worker of run_limited: kgraph.query.isolated is the mechanism, this is what it runs ---------
def answer_job(store, job: tuple) -> tuple:
    """A query for the Python API and the CLI, in a worker: its result as plain picklable values."""
    text, bindings, limit, seconds = job
    try:
        result = run(store, text, bindings, limit=limit,
                     deadline=None if seconds is None else time.monotonic() + seconds)
    except KgraphError as err:
        return ("error", type(err).__name__, str(err))
    except Exception as err:                           # noqa: BLE001 - reported to the caller, who raises it
        return ("error", "KgraphError", f"the query failed in its worker process: {err!r}")
    if isinstance(result, bool):
        return ("bool", result)
    if isinstance(result, list):
        return ("rows", list(result), list(getattr(result, "vars", []) or []))
    return ("graph", list(result))


def child_main(argv: list[str]) -> None:
    """The worker run_limited starts (kgraph.query.isolated.start_worker): FD LOCATION PARENT_PID."""
    from multiprocessing.connection import Connection

    from kgraph.children import die_with_parent
    from kgraph.query.isolated import serve_jobs
    fd, location, parent = int(argv[0]), argv[1], int(argv[2])
    die_with_parent(parent)
    serve_jobs(location, Connection(fd), answer_job, follow_changes=True)
