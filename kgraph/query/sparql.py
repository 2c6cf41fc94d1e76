"""Run SPARQL against a store. Parameters are bound as RDF terms, never pasted into the text."""
from __future__ import annotations

import re

from kgraph.errors import QueryError
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
