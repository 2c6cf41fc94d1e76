"""Run SPARQL against a store. Parameters are bound as RDF terms, never pasted into the text."""
from __future__ import annotations

import difflib

from rdflib import Literal, URIRef
from rdflib.term import Node

from kgraph.errors import QueryError, UnknownEntityError
from kgraph.names import normalise_name
from kgraph.rdf.sparql import UPDATE_WORDS, query_form, tokens
from kgraph.store.base import Store


def query(store: Store, sparql: str, bindings: dict | None = None, **kw):
    """Run a query; see Store.query for the result shapes and the `limit` and `deadline` keywords
    (every store refuses outbound requests first: kgraph.rdf.sparql.guard). Binding values are
    rdflib terms, None (unbound), or plain Python values (str, int, float, bool, date), which
    become literals."""
    form = query_form(sparql)
    if form in UPDATE_WORDS and form != "LOAD":      # LOAD is refused as outbound, by the store's guard
        raise QueryError(f"{form} is an update, and queries here are read-only: use kgraph ingest to add "
                         "documents and kgraph remove to delete them")
    if not form and next(tokens(sparql), None) is None:
        raise QueryError("the query is empty: give a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE")
    if bindings:
        bindings = {k: v if v is None or isinstance(v, Node) else Literal(v) for k, v in bindings.items()}
    return store.query(sparql, bindings, **kw)


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
