"""A name to the entity it names: the facts graph's name index first, then every label, with the
closest names suggested when none matches."""
from __future__ import annotations

import difflib

from rdflib import Literal, URIRef

from kgraph.errors import UnknownEntityError
from kgraph.names import normalise_name
from kgraph.store.base import Store


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
    hits = {r["e"] for r in store.query("""
        SELECT DISTINCT ?e WHERE { GRAPH kgg:facts { ?e kg:nameKey ?key } }""",
                                        {"key": Literal(key)})}
    if hits:
        return sorted(hits, key=lambda x: (x.count("/"), str(x)))[0]
    rows = store.query("""
        SELECT DISTINCT ?e WHERE {
          ?e rdfs:label|skos:prefLabel|skos:altLabel ?n .
          FILTER(LCASE(REPLACE(STR(?n), "[\\\\s\u00b7\u30fb]+", "")) = ?key)
        }""", {"key": Literal(key)})
    hits = {r["e"] for r in rows}
    if not hits:
        rows = store.query("SELECT DISTINCT ?e ?n WHERE { ?e rdfs:label|skos:prefLabel|skos:altLabel ?n }")
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
