"""Run SPARQL against a store. Parameters are bound as RDF terms, never pasted into the text."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from rdflib import URIRef

from kgraph.errors import QueryError, UnknownEntityError
from kgraph.rdf.iri import normalise_name
from kgraph.store.base import Store

_OUTBOUND = re.compile(r"\b(SERVICE|LOAD)\b|\bFROM\s+(NAMED\s+)?<\s*(https?|ftp|file):", re.I)
_STRINGS = re.compile(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|#[^\n]*')


def refuse_outbound(sparql: str) -> None:
    """Refuse SERVICE, LOAD and FROM <remote>: any of our stores would fetch the URL."""
    code = _STRINGS.sub(" ", sparql)   # keywords inside strings and comments are harmless
    m = _OUTBOUND.search(code)
    if m:
        word = (m.group(1) or "FROM <remote>").upper()
        raise QueryError(f"{word} is refused: it would make the store fetch a remote URL; "
                         "query the local store only")


def query(store: Store, sparql: str, bindings: dict | None = None):
    """Run a query after refusing outbound requests; see Store.query for the result shapes."""
    refuse_outbound(sparql)
    return store.query(sparql, bindings)


QUERIES = Path(__file__).resolve().parent / "queries"


def canned_names() -> list[str]:
    """Names of the canned questions shipped with kgraph."""
    return sorted(p.stem for p in QUERIES.glob("*.rq"))


def canned(name: str) -> str:
    """The text of a canned question by name."""
    path = QUERIES / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"no canned question named {name!r}; available: {', '.join(canned_names())}")
    return path.read_text(encoding="utf-8")


def resolve_entity(store: Store, name: str) -> URIRef:
    """The IRI of the entity with this name or alias (either language); suggests close names if none."""
    if name.startswith(("http://", "https://")):
        return URIRef(name)
    key = normalise_name(name)
    rows = store.query("""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?e ?n WHERE { ?e rdfs:label|skos:prefLabel|skos:altLabel ?n }""")
    names: dict[str, set] = {}
    for r in rows:
        names.setdefault(normalise_name(str(r["n"])), set()).add(r["e"])
    if key in names:
        hits = names[key]
        # prefer the reference entity when a discovered node shares the name
        return sorted(hits, key=lambda x: ("/entity/" not in x, x.count("/"), str(x)))[0]
    shown = {normalise_name(str(r["n"])): str(r["n"]) for r in rows}
    close = difflib.get_close_matches(key, list(shown), n=3, cutoff=0.6)
    raise UnknownEntityError(name, [shown[c] for c in close])
