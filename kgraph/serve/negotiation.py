"""Content negotiation for `kgraph serve`: the Accept header (or format=) to the media type of the
answer, as HTTP defines it; the answers themselves are written by kgraph.query.results."""
from __future__ import annotations

from kgraph.query.results import (
    CSV,
    JSON,
    JSONLD,
    NQUADS,
    NTRIPLES,
    RDFXML,
    TRIG,
    TSV,
    TURTLE,
    XML,
)

ALIASES = {"application/json": JSON, "application/xml": XML, "text/xml": XML, "text/plain": NTRIPLES,
           "json": JSON, "xml": XML, "csv": CSV, "tsv": TSV, "turtle": TURTLE, "ttl": TURTLE,
           "nt": NTRIPLES, "ntriples": NTRIPLES, "n3": TURTLE,
           # Turtle is valid N3, and some clients ask for it under older names
           "application/turtle": TURTLE, "application/x-turtle": TURTLE, "text/n3": TURTLE,
           "text/rdf+n3": TURTLE, "application/n3": TURTLE,
           "rdf+xml": RDFXML, "rdfxml": RDFXML, "application/xml+rdf": RDFXML, "json-ld": JSONLD, "jsonld": JSONLD,
           "application/x-json+ld": JSONLD, "nquads": NQUADS, "nq": NQUADS, "text/x-nquads": NQUADS,
           "application/x-trig": TRIG, "trig": TRIG}
# Plain JSON or XML asked for a graph: JSON-LD and RDF/XML are JSON and XML (format=json, format=xml,
# application/json, application/xml)
_GENERIC_FOR_GRAPH = {"application/json": JSONLD, "json": JSONLD, "application/xml": RDFXML, "text/xml": RDFXML,
                      "xml": RDFXML}
# A results type asked for a graph counts only when nothing else in the header fits: the query page asks
# for "application/sparql-results+json, application/n-triples;q=0.9" and must get N-Triples for a CONSTRUCT
_RESULTS_FOR_GRAPH = {JSON: JSONLD, XML: RDFXML}
_LAST_RESORT = 0.001


def accept_ranges(accept: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header (or format= value) in order, with their q-values."""
    out = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        out.append((fields[0].lower(), q))
    return out


def _match(mime: str, offer: str, graph: bool) -> tuple[int, float] | None:
    """How specifically a media range names an offered type (3 exact, 2 type/*, 1 */*), and the factor
    its q-value counts with; None if it does not name it."""
    if mime == "*/*":
        return 1, 1.0
    if mime.endswith("/*"):
        return (2, 1.0) if offer.startswith(mime[:-1]) else None
    if graph and mime in _GENERIC_FOR_GRAPH:
        return (3, 1.0) if _GENERIC_FOR_GRAPH[mime] == offer else None
    if graph and mime in _RESULTS_FOR_GRAPH:
        return (3, _LAST_RESORT) if _RESULTS_FOR_GRAPH[mime] == offer else None
    return (3, 1.0) if ALIASES.get(mime, mime) == offer else None


def negotiate(accept: str, offered: tuple[str, ...]) -> str | None:
    """The best of `offered` for an Accept header, as HTTP defines it (RFC 9110 12.5.1): each offered
    type takes the q-value of the most specific range that names it (`text/csv;q=0, */*` refuses CSV);
    the highest q wins, then the range listed first, then the order of `offered` (the server's
    preference). An empty header takes offered[0]; None if nothing fits."""
    ranges = accept_ranges(accept)
    if not ranges:
        return offered[0]
    graph = TURTLE in offered
    best, best_key = None, None
    for pref, offer in enumerate(offered):
        found = None                    # (specificity, q, order) of the most specific range naming it
        for order, (mime, q) in enumerate(ranges):
            m = _match(mime, offer, graph)
            if m is None:
                continue
            cand = (m[0], q * m[1], -order)
            if found is None or cand[0] > found[0] or (cand[0] == found[0] and cand[1:] > found[1:]):
                found = cand
        if found is None or found[1] <= 0:
            continue
        key = (found[1], found[2], -pref)
        if best_key is None or key > best_key:
            best, best_key = offer, key
    return best


__all__ = ["ALIASES", "accept_ranges", "negotiate"]
