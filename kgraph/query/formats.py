"""SPARQL 1.1 result serialisations for the endpoint: JSON, XML, CSV and TSV, and RDF for graphs."""
from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Dataset, Graph, URIRef

from kgraph.query.results import to_delimited, to_json
from kgraph.rdf.ntriples import term as nt_term

JSON, XML = "application/sparql-results+json", "application/sparql-results+xml"
CSV, TSV = "text/csv", "text/tab-separated-values"
TURTLE, NTRIPLES = "text/turtle", "application/n-triples"
RDFXML, JSONLD = "application/rdf+xml", "application/ld+json"
NQUADS, TRIG = "application/n-quads", "application/trig"
SELECT_TYPES = (JSON, XML, CSV, TSV)
# Turtle first: a client that accepts anything gets the most readable graph
GRAPH_TYPES = (TURTLE, NTRIPLES, RDFXML, JSONLD, NQUADS, TRIG)
_RDFLIB_FORMAT = {TURTLE: "turtle", NTRIPLES: "nt", RDFXML: "xml", JSONLD: "json-ld", NQUADS: "nquads", TRIG: "trig"}
ALIASES = {"application/json": JSON, "application/xml": XML, "text/xml": XML, "text/plain": NTRIPLES,
           "json": JSON, "xml": XML, "csv": CSV, "tsv": TSV, "turtle": TURTLE, "ttl": TURTLE,
           "nt": NTRIPLES, "ntriples": NTRIPLES, "n3": TURTLE,
           # Turtle is valid N3, and some clients ask for it under older names
           "application/turtle": TURTLE, "application/x-turtle": TURTLE, "text/n3": TURTLE,
           "text/rdf+n3": TURTLE, "application/n3": TURTLE,
           "rdf+xml": RDFXML, "rdfxml": RDFXML, "application/xml+rdf": RDFXML, "json-ld": JSONLD, "jsonld": JSONLD,
           "nquads": NQUADS, "nq": NQUADS, "text/x-nquads": NQUADS, "trig": TRIG}


def negotiate(accept: str, offered: tuple[str, ...]) -> str | None:
    """The best of `offered` for an Accept header (q-values honoured); None if nothing fits."""
    if not accept.strip():
        return offered[0]
    best, best_q = None, 0.0
    for order, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        mime = ALIASES.get(fields[0].lower(), fields[0].lower())
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if mime in (XML, JSON) and mime not in offered:    # format=xml or json for a graph: RDF/XML, JSON-LD
            mime = RDFXML if mime == XML else JSONLD
        if mime in ("*/*", "application/*", "text/*"):
            cands = [o for o in offered if mime == "*/*" or o.startswith(mime[:-1])]
            mime = cands[0] if cands else None
        if mime in offered and q > best_q:
            best, best_q = mime, q - order * 1e-6
    return best


def _xml_term(t) -> str:
    if isinstance(t, URIRef):
        return f"<uri>{escape(str(t))}</uri>"
    if isinstance(t, BNode):
        return f"<bnode>{escape(str(t))}</bnode>"
    attrs = ""
    if t.language:
        attrs = f" xml:lang={quoteattr(t.language)}"
    elif t.datatype:
        attrs = f" datatype={quoteattr(str(t.datatype))}"
    return f"<literal{attrs}>{escape(str(t))}</literal>"


def serialize_rows(rows: list[dict], variables: list[str], mime: str) -> bytes:
    """SELECT results in one of SELECT_TYPES."""
    if mime == JSON:
        return to_json(rows, variables, indent=None).encode("utf-8")
    if mime == XML:
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head>\n<results>")
        for r in rows:
            out.append("<result>" + "".join(f"<binding name={quoteattr(k)}>{_xml_term(v)}</binding>"
                                             for k, v in r.items()) + "</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if mime == CSV:     # the SPARQL CSV format ends lines with CRLF
        return to_delimited(rows, ",", variables, newline="\r\n").encode("utf-8")
    if mime == TSV:
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if r.get(v) is None else nt_term(r[v]) for v in variables) for r in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"not a results format: {mime}")


def serialize_boolean(value: bool, mime: str) -> bytes:
    if mime == XML:
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    if mime in (CSV, TSV):
        return ("true\n" if value else "false\n").encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


def serialize_graph(g: Graph, mime: str) -> bytes:
    """A CONSTRUCT or DESCRIBE answer in one of GRAPH_TYPES; the quad formats put it in the default graph."""
    fmt = _RDFLIB_FORMAT[mime]
    if mime in (NQUADS, TRIG):
        ds = Dataset()
        for t in g:
            ds.add(t)
        g = ds
    if mime == JSONLD:          # expanded JSON-LD, without a remote @context
        return g.serialize(format=fmt, encoding="utf-8", auto_compact=False)
    return g.serialize(format=fmt, encoding="utf-8")


def content_type(mime: str) -> str:
    """The Content-Type header for a media type (UTF-8 for text formats; JSON-LD and RDF/XML carry it)."""
    return mime if mime in (JSONLD, RDFXML) else mime + "; charset=utf-8"


__all__ = ["JSON", "XML", "CSV", "TSV", "TURTLE", "NTRIPLES", "RDFXML", "JSONLD", "NQUADS", "TRIG", "SELECT_TYPES",
           "GRAPH_TYPES", "negotiate", "serialize_rows", "serialize_boolean", "serialize_graph", "content_type"]
