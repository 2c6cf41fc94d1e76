"""Fast N-Triples text for triples of rdflib terms (rdflib's serializer goes through a Graph)."""
from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef

# tabs too, so that a term is also a valid cell of SPARQL TSV results
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def term(t) -> str:
    """One term in N-Triples (and SPARQL INSERT DATA) syntax."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        body = f'"{str(t).translate(_ESCAPES)}"'
        if t.language:
            return f"{body}@{t.language}"
        if t.datatype is not None and str(t.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f"{body}^^<{t.datatype}>"
        return body
    if isinstance(t, BNode):
        return f"_:{t}"
    raise TypeError(f"not an RDF term: {t!r}")


def serialize(triples: Iterable[tuple]) -> str:
    """N-Triples text, one line per triple."""
    return "".join(f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples)


__all__ = ["term", "serialize"]
