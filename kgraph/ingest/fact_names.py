"""A fact named on the command line, the graph page or the API: its IRI, or "SUBJECT PREDICATE
OBJECT" with names in either language (kgraph reject, KGraph.reject)."""
from __future__ import annotations

import re

from rdflib import URIRef

from kgraph.errors import KgraphError
from kgraph.rdf import facts
from kgraph.rdf.namespaces import FACT, KG, SCORED_PREDICATES
from kgraph.rdf.sparql import sparql_term
from kgraph.store.base import Store

_PREDICATE = {p.lower(): p for p in SCORED_PREDICATES}


def parse_fact(store: Store, text: str, resolve) -> tuple[str, str, str]:
    """A fact named on the command line: its IRI (as explain and the facts graph show it, full or as
    fact:HASH), or "SUBJECT PREDICATE OBJECT" with names in either language (`resolve` turns a name
    into an IRI) and a predicate such as partnerOf; the canonical key (subject, predicate, object)."""
    text = " ".join(text.split())
    m = re.fullmatch(r"(?:fact:|<?" + re.escape(str(FACT)) + r")([0-9a-f]{32})>?", text)
    if m:
        iri = sparql_term(URIRef(f"{FACT}{m.group(1)}"))
        rows = store.query(f"""SELECT ?s ?p ?o WHERE {{
            {{ GRAPH kgg:facts {{ {iri} kg:factSubject ?s ; kg:factPredicate ?p ; kg:factObject ?o }} }}
            UNION {{ GRAPH kgg:corrections {{ ?r kg:rejectedFact {iri} ; kg:rejectedSubject ?s ;
                     kg:rejectedPredicate ?p ; kg:rejectedObject ?o }} }} }} LIMIT 1""")
        if not rows:
            raise KgraphError(f"no fact {text} in the store; kgraph explain NAME shows the facts of an entity")
        return str(rows[0]["s"]), str(rows[0]["p"]), str(rows[0]["o"])
    words = text.split(" ")
    at = [i for i, w in enumerate(words) if w.lower().removeprefix("kg:") in _PREDICATE]
    if len(at) != 1 or at[0] in (0, len(words) - 1):
        raise KgraphError(f"cannot read {text!r} as a fact: write \"SUBJECT PREDICATE OBJECT\" with one of "
                          f"{', '.join(SCORED_PREDICATES)} between two names (\"Kakao partnerOf OpenAI\"), "
                          f"or the fact's IRI")
    i = at[0]
    p = str(KG[_PREDICATE[words[i].lower().removeprefix("kg:")]])
    s, o = str(resolve(" ".join(words[:i]))), str(resolve(" ".join(words[i + 1:])))
    return facts.canonical(s, p, o)


__all__ = ["parse_fact"]
