"""Run SPARQL against a store. Parameters are bound as RDF terms, never pasted into the text."""
from __future__ import annotations

import difflib

from rdflib import Literal, URIRef
from rdflib.term import Node

from kgraph.errors import QueryError, UnknownEntityError
from kgraph.names import normalise_name
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
        import time
        end = time.monotonic() + timeout
        deadline = end if deadline is None else min(deadline, end)
    return run(store, sparql, bindings, limit=limit, deadline=deadline)


def resolve_entity(store: Store, name: str) -> URIRef:
    """The IRI of the entity with this name or alias (either language); suggests close names if none.

    An exact match is looked up in the store first; only when that fails are all names read, to
    match after Unicode normalisation and to suggest the closest ones.
    """
    if name.startswith(("http://", "https://")):
        return URIRef(name)
    key = normalise_name(name)
    if not key:
        raise UnknownEntityError(name, [])
    # the name index of the facts graph: one lookup, about what an IRI costs
    hits = {r["e"] for r in store.query(_PREFIXES + """
        SELECT DISTINCT ?e WHERE { GRAPH <https://w3id.org/kgraph/graph/facts> { ?e kg:nameKey ?key } }""",
                                        {"key": Literal(key)})}
    if hits:
        return sorted(hits, key=lambda x: (x.count("/"), str(x)))[0]
    rows = store.query(_PREFIXES + """
        SELECT DISTINCT ?e WHERE {
          ?e rdfs:label|skos:prefLabel|skos:altLabel ?n .
          FILTER(LCASE(REPLACE(STR(?n), "[\\\\s\u00b7\u30fb]+", "")) = ?key)
        }""", {"key": Literal(key)})
    hits = {r["e"] for r in rows}
    if not hits:
        rows = store.query(_PREFIXES + "SELECT DISTINCT ?e ?n WHERE { ?e rdfs:label|skos:prefLabel|skos:altLabel ?n }")
        shown: dict[str, str] = {}
        for r in rows:
            k = normalise_name(str(r["n"]))
            shown.setdefault(k, str(r["n"]))
            if k == key:
                hits.add(r["e"])
        if not hits:
            close = difflib.get_close_matches(key, list(shown), n=3, cutoff=0.6)
            raise UnknownEntityError(name, [shown[c] for c in close])
    # prefer the reference entity when a discovered node shares the name
    return sorted(hits, key=lambda x: (x.count("/"), str(x)))[0]


_PREFIXES = ("PREFIX kg: <https://w3id.org/kgraph/ontology#>\n"
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
             "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n")
