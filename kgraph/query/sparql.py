"""Run SPARQL against a store. Parameters are bound as RDF terms, never pasted into the text."""
from __future__ import annotations

import difflib
import re

from rdflib import Literal, URIRef
from rdflib.term import Node

from kgraph.errors import QueryError, UnknownEntityError
from kgraph.rdf.iri import normalise_name
from kgraph.store.base import Store
from kgraph.store.oxigraph import blank_strings

_OUTBOUND = re.compile(r"\b(SERVICE|LOAD)\b|\bFROM\s+(NAMED\s+)?<\s*(https?|ftp|file):", re.I)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(text: str) -> str:
    """SPARQL's \\u/\\U escapes, which apply before parsing, so that they cannot hide a keyword."""
    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code < 0x110000 else m.group(0)
    return _ESCAPE.sub(char, text)


def refuse_outbound(sparql: str, code: str | None = None) -> None:
    """Refuse SERVICE, LOAD and FROM <remote>: any of our stores would fetch the URL.
    `code` is the query with strings and comments blanked, when the caller has it already."""
    code = code if code is not None else blank_strings(sparql)   # keywords in strings are harmless
    m = _OUTBOUND.search(code)
    if m is None and _ESCAPE.search(sparql):
        m = _OUTBOUND.search(blank_strings(_unescape(sparql)))
    if m:
        word = (m.group(1) or "FROM <remote>").upper()
        raise QueryError(f"{word} is refused: it would make the store fetch a remote URL; "
                         "query the local store only")


# Oxigraph's parser recurses per nesting level and crashes the process (a segmentation fault, not an
# error) somewhere between 1,000 and 10,000 levels; no real query comes near this limit.
MAX_NESTING = 200


def check_nesting(sparql: str, code: str | None = None) -> None:
    """Refuse queries nested deeper than MAX_NESTING brackets (outside strings and comments)."""
    code = code if code is not None else blank_strings(sparql)
    depth = deepest = 0
    for ch in code:
        if ch in "{([":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    raise QueryError(f"query is nested more than {MAX_NESTING} levels deep; simplify it")
        elif ch in "})]":
            depth = max(0, depth - 1)


def query(store: Store, sparql: str, bindings: dict | None = None, **kw):
    """Run a query after refusing outbound requests; see Store.query for the result shapes and
    the `limit` and `deadline` keywords. Binding values are rdflib terms, None (unbound), or plain
    Python values (str, int, float, bool, date), which become literals."""
    code = blank_strings(sparql)
    refuse_outbound(sparql, code)
    check_nesting(sparql, code)
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


_PREFIXES = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
             "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n")
