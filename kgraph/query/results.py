"""Query results in every form they leave kgraph: SPARQL 1.1 JSON, XML, CSV and TSV and RDF graphs
by media type (the endpoint), aligned tables and plain CSV/TSV (the command line), DataFrames (the
notebook). What each command prints is kgraph.query.output; which type a client gets,
kgraph.serve.negotiation."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Dataset, Graph, Literal, URIRef

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


def columns(rows: list[dict], head: list[str] | None = None) -> list[str]:
    """The column names: the query's variables when known, else every key in order of appearance."""
    if head:
        return list(head)
    return list(dict.fromkeys(k for r in rows for k in r))


def plain(value) -> str:
    """A cell as text: IRIs and literals by their lexical form, unbound as empty."""
    return "" if value is None else str(value)


def json_term(t) -> dict:
    """One RDF term in SPARQL 1.1 Query Results JSON form."""
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    d = {"type": "literal", "value": str(t)}
    if isinstance(t, Literal) and t.language:
        d["xml:lang"] = t.language
    elif isinstance(t, Literal) and t.datatype:
        d["datatype"] = str(t.datatype)
    return d


def to_json(rows: list[dict], head: list[str] | None = None, indent: int | None = 2) -> str:
    """SPARQL 1.1 Query Results JSON."""
    cols = columns(rows, head)
    return json.dumps({"head": {"vars": cols}, "results": {"bindings": [
        {k: json_term(v) for k, v in r.items() if v is not None} for r in rows]}}, ensure_ascii=False, indent=indent)


def to_delimited(rows: list[dict], sep: str = ",", head: list[str] | None = None, newline: str = "\n") -> str:
    """CSV (sep=",") or TSV (sep="\\t") with a header line and plain cell values."""
    cols = columns(rows, head)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator=newline)
    w.writerow(cols)
    for r in rows:
        w.writerow([plain(r.get(c)) for c in cols])
    return buf.getvalue()


def display_width(s: str) -> int:
    """Terminal columns of a string: East Asian wide characters take two, combining marks none."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in s)


def render_table(rows: list[dict], cols: list[str] | None = None, limit: int = 60) -> str:
    """An aligned text table that lines up Korean (wide) characters; long cells are cut with '…'."""
    cols = columns(rows, cols)

    def cut(v) -> str:
        v = " ".join(plain(v).split())
        out, w = "", 0
        for ch in v:
            cw = display_width(ch)
            if w + cw > limit:
                return out + "…"
            out, w = out + ch, w + cw
        return out
    cells = [[cut(c) for c in cols]] + [[cut(r.get(c)) for c in cols] for r in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(cols))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(v + " " * (widths[i] - display_width(v)) for i, v in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n({len(rows)} row{'' if len(rows) == 1 else 's'})"


def python_value(t):
    """A Python value for a term: numbers, booleans and dates as such, everything else as text."""
    if isinstance(t, Literal):
        v = t.toPython()
        return v if not isinstance(v, Literal) else str(v)
    return plain(t)


def to_dataframe(rows: list[dict], head: list[str] | None = None):
    """A pandas DataFrame (needs the `notebook` extra, or pandas installed)."""
    try:
        import pandas as pd
    except ImportError:
        from kgraph.errors import KgraphError
        raise KgraphError("pandas is not installed; install it with `pip install 'kgraph[notebook]'`") from None
    cols = columns(rows, head or getattr(rows, "vars", None) or None)   # a query's variables, even unbound ones
    return pd.DataFrame([[python_value(r.get(c)) for c in cols] for r in rows], columns=cols)


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


__all__ = ["columns", "plain", "json_term", "to_json", "to_delimited", "display_width", "render_table",
           "python_value", "to_dataframe", "JSON", "XML", "CSV", "TSV", "TURTLE", "NTRIPLES", "RDFXML", "JSONLD",
           "NQUADS", "TRIG", "SELECT_TYPES", "GRAPH_TYPES", "serialize_rows", "serialize_boolean", "serialize_graph",
           "content_type"]
