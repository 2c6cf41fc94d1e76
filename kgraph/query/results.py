"""Query results as people and programs read them: aligned tables, CSV/TSV, SPARQL JSON, DataFrames."""
from __future__ import annotations

import csv
import io
import json
import unicodedata

from rdflib import BNode, Literal, URIRef


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


__all__ = ["columns", "plain", "json_term", "to_json", "to_delimited", "display_width", "render_table",
           "python_value", "to_dataframe"]
