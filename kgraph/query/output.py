"""What the commands print, in each of their formats: table (aligned), csv, tsv and json.

One function per kind of answer, each returning the text to print, so that the command line, a
notebook and a script print the same thing. The cells themselves are written by
kgraph.query.results.
"""
from __future__ import annotations

import json
from dataclasses import asdict

from rdflib import Graph

from kgraph.errors import KgraphError
from kgraph.query.explain import MODALITY_WORDS, Fact, explain_text
from kgraph.query.results import render_table, to_delimited, to_json

FORMATS = ("table", "csv", "tsv", "json")


def check_format(fmt: str) -> str:
    """The format, if it is one of FORMATS; else an error that lists them."""
    if fmt not in FORMATS:
        raise KgraphError(f"{fmt!r} is not an output format; use one of {', '.join(FORMATS)}")
    return fmt


def rows_text(rows: list[dict], fmt: str, head: list[str] | None = None, sparql: bool = False) -> str:
    """Rows in `fmt`, ending with a newline; `sparql` rows (RDF terms) become SPARQL JSON, others a
    JSON array."""
    if check_format(fmt) == "json":
        if sparql:
            return to_json(rows, head) + "\n"
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt in ("csv", "tsv"):
        return to_delimited(rows, "," if fmt == "csv" else "\t", head)
    return render_table(rows, head) + "\n"


def result_text(result, fmt: str, limit: int = 0) -> str:
    """A query's answer: SELECT rows (at most `limit`, 0: all), ASK true/false (SPARQL JSON in json),
    CONSTRUCT and DESCRIBE as Turtle."""
    if isinstance(result, bool):
        if check_format(fmt) == "json":       # SPARQL 1.1 Query Results JSON for ASK
            return json.dumps({"head": {}, "boolean": result}) + "\n"
        return ("true" if result else "false") + "\n"   # what Oxigraph and Jena write in CSV and TSV
    if isinstance(result, Graph):
        return result.serialize(format="turtle") + "\n"
    return rows_text(result[:limit] if limit else result, fmt, getattr(result, "vars", None), sparql=True)


EXPLAIN_COLUMNS = ["subject", "predicate", "object", "modality", "sentence", "title", "publisher", "published",
                   "url", "document"]


def facts_text(found: list[Fact], fmt: str, entity: str, other: str | None = None) -> str:
    """`kgraph explain`: the facts in words (table), one row per sentence (csv, tsv), or every field
    (json)."""
    if check_format(fmt) == "json":
        return json.dumps([{**asdict(f), "modality": f.modality, "documents": f.documents, "text": f.sentence()}
                           for f in found], ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        rows = [{"subject": f.subject_label, "predicate": f.predicate, "object": f.object_label,
                 "modality": e.modality, "sentence": " ".join(e.sentence.split()), "title": e.title,
                 "publisher": e.publisher, "published": e.published, "url": e.url, "document": e.document}
                for f in found for e in f.evidence]
        return rows_text(rows, fmt, EXPLAIN_COLUMNS)
    return explain_text(found, entity, other) + "\n"


def path_text(hops: list[dict], fmt: str) -> str:
    """`kgraph analyze path`: the path, then each hop with its facts and their first sentence."""
    if check_format(fmt) == "json":
        return json.dumps([{**h, "facts": [asdict(f) for f in h["facts"]]} for h in hops],
                          ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        rows = [{"hop": n, "from": h["from_label"], "to": h["to_label"], "fact": f.sentence(), "modality": f.modality,
                 "sentence": " ".join(f.evidence[0].sentence.split()), "source": f.evidence[0].source()}
                for n, h in enumerate(hops, 1) for f in h["facts"]]
        return rows_text(rows, fmt, ["hop", "from", "to", "fact", "modality", "sentence", "source"])
    lines = [" → ".join([hops[0]["from_label"]] + [h["to_label"] for h in hops]) if hops else ""]
    for n, h in enumerate(hops, 1):
        lines.append(f"\n{n}. {h['from_label']} — {h['to_label']}")
        for f in h["facts"]:
            e = f.evidence[0]
            lines.append(f"   {f.sentence()} — {MODALITY_WORDS.get(f.modality, f.modality)}")
            lines.append(f"     “{' '.join(e.sentence.split())}”\n       — {e.source()}")
    return "\n".join(lines) + "\n"


def analysis_text(analysis, fmt: str) -> str:
    """`kgraph analyze`: an Analysis (kgraph.api) in `fmt`."""
    if analysis.what == "path":
        return path_text(analysis.rows, fmt)
    return rows_text(analysis.rows, fmt, analysis.columns)


def stats_text(st: dict, fmt: str) -> str:
    """`kgraph stats`: one JSON object, rows of (count, name, value), or an indented list."""
    if check_format(fmt) == "json":
        return json.dumps(st, ensure_ascii=False, indent=2) + "\n"
    parts = {"quads": "quads_by_graph", "entities": "entity_types", "relations": "predicates"}
    if fmt in ("csv", "tsv"):
        rows = []
        for k in STATS_COUNTS:
            rows.append({"count": k, "name": "", "value": st[k]})
            rows += [{"count": k, "name": n, "value": v} for n, v in st.get(parts.get(k, ""), {}).items()]
        return rows_text(rows, fmt, ["count", "name", "value"])
    lines = []
    for k in STATS_COUNTS:
        lines.append(f"{k:<10} {st[k]:<8} {STATS_WORDS[k]}")
        lines += [f"  {n:<20} {v}" for n, v in st.get(parts.get(k, ""), {}).items()]
    return "\n".join(lines) + "\n"


# what each count of `kgraph stats` counts (README "Counts"); ingest's summary uses the same words
STATS_COUNTS = ("documents", "quads", "entities", "mentions", "relations", "facts")
STATS_WORDS = {
    "documents": "articles, one named graph each",
    "quads": "(subject, predicate, object, graph) in the store, by graph",
    "entities": "distinct entities the documents mention, by type",
    "mentions": "(document, entity) pairs: an entity named in a document, once per document",
    "relations": "statements, each with its sentence, by predicate",
    "facts": "distinct (subject, predicate, object) the relations state",
}


DOCS_COLUMNS = ["document", "title", "published", "language", "publisher", "url"]


def docs_text(rows: list[dict], fmt: str) -> str:
    """`kgraph docs`: the documents (every field in json). When a document has syndicated copies, a
    column `copies` lists each by its URL (or its name, without one) and publisher."""
    if check_format(fmt) == "json" or not any(r.get("copies") for r in rows):
        return rows_text(rows, fmt, DOCS_COLUMNS)
    cells = [{**r, "copies": "; ".join(f"{c['url'] or c['document']}" + (f" ({c['publisher']})" if c["publisher"] else "")
                                       for c in r.get("copies") or ())} for r in rows]
    return rows_text(cells, fmt, DOCS_COLUMNS + ["copies"])


def report_problems(report, show: int = 5) -> list[str]:
    """The lines an ingest's, extract's or import's report has for stderr: each failure and warning,
    then the files a walk did not read, grouped by reason (the first `show` names, then a count)."""
    lines = [f"error: {err}" for err in report.failed]
    lines += [f"warning: {w}" for w in getattr(report, "warnings", ())]
    lines += [f"copy: {copy} is a copy of {doc} (similarity {similarity:.2f}): stored as its source, not extracted"
              for copy, doc, similarity in getattr(report, "copies", ())]
    by_reason: dict[str, list[str]] = {}
    for s in getattr(report, "skipped", ()):
        by_reason.setdefault(s.reason, []).append(s.path)
    for reason, paths in by_reason.items():
        more = f" and {len(paths) - show} more" if len(paths) > show else ""
        lines.append(f"skipped: {', '.join(paths[:show])}{more}: {reason}")
    return lines


__all__ = ["FORMATS", "report_problems", "check_format", "rows_text", "result_text", "facts_text", "path_text", "analysis_text",
           "stats_text", "docs_text"]
