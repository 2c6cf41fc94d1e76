"""The store as three tables for pandas, CSV or Parquet (`kgraph export --format csv|parquet -o DIR`):
entities, facts and documents, read from the facts graph and the document graphs.

Columns (README "Tables out"):

- entities: entity, label_en, label_ko, types, discovered, documents, degree
- facts: subject, predicate, object, subject_label, object_label, modality (the strongest),
  modalities, confidence (the highest of its statements), first_date, last_date, documents, relations
- documents: document, id, title, published, publisher, language, url, relations
"""
from __future__ import annotations

from kgraph.errors import KgraphError
from kgraph.model import MODALITIES

TABLES = ("entities", "facts", "documents")
TABLE_FORMATS = ("csv", "parquet")
COLUMNS = {
    "entities": ["entity", "label_en", "label_ko", "types", "discovered", "documents", "degree"],
    "facts": ["subject", "predicate", "object", "subject_label", "object_label", "modality", "modalities",
              "confidence", "first_date", "last_date", "documents", "relations"],
    "documents": ["document", "id", "title", "published", "publisher", "language", "url", "relations"],
}

_LABELS = """SELECT ?e ?lang (MIN(?name) AS ?label) WHERE {
  { GRAPH kgg:reference { ?e skos:prefLabel ?name } BIND(LANG(?name) AS ?lang) BIND(0 AS ?rank) }
  UNION { GRAPH kgg:facts { ?e rdfs:label ?name } BIND(LANG(?name) AS ?lang) BIND(1 AS ?rank) }
  UNION { GRAPH kgg:facts { ?e rdfs:label ?name } BIND("" AS ?lang) BIND(2 AS ?rank) }
} GROUP BY ?e ?lang ?rank ORDER BY ?e ?rank"""

_ENTITIES = """SELECT ?e (GROUP_CONCAT(DISTINCT STRAFTER(STR(?class), "#"); separator=",") AS ?types)
       (SAMPLE(?n) AS ?documents) (SAMPLE(?k) AS ?degree) (SAMPLE(?disc) AS ?discovered) WHERE {
  GRAPH kgg:facts { ?e kg:documentCount ?n ; a ?class . FILTER(?class != kg:Fact) OPTIONAL { ?e kg:degree ?k } OPTIONAL { ?e kg:discovered ?disc } }
} GROUP BY ?e ORDER BY ?e"""

_FACTS = """SELECT ?s ?p ?o ?strong ?n ?r ?first ?last ?conf (GROUP_CONCAT(DISTINCT ?m; separator=",") AS ?mods) WHERE {
  GRAPH kgg:facts { ?f a kg:Fact ; kg:factSubject ?s ; kg:factPredicate ?p ; kg:factObject ?o ;
    kg:strongestModality ?strong ; kg:documentCount ?n ; kg:relationCount ?r ; kg:factModality ?m .
    OPTIONAL { ?f kg:firstDate ?first } OPTIONAL { ?f kg:lastDate ?last } OPTIONAL { ?f kg:maxConfidence ?conf } }
} GROUP BY ?s ?p ?o ?strong ?n ?r ?first ?last ?conf"""

_DOCUMENTS = """SELECT ?doc ?id ?title ?published ?publisher ?language ?url (COUNT(?rel) AS ?relations) WHERE {
  GRAPH ?doc { ?doc a kg:Document ; kg:documentId ?id .
    OPTIONAL { ?doc kg:title ?title } OPTIONAL { ?doc kg:published ?published }
    OPTIONAL { ?doc kg:publisher ?publisher } OPTIONAL { ?doc kg:language ?language }
    OPTIONAL { ?doc dct:source ?url } OPTIONAL { ?rel a kg:Relationship } }
} GROUP BY ?doc ?id ?title ?published ?publisher ?language ?url ORDER BY ?id"""


def _str(t) -> str | None:
    return None if t is None else str(t)


def _labels(store) -> dict[str, dict[str, str]]:
    """Per entity, its label in en and ko (the reference's preferred one, else one found in the text)."""
    out: dict[str, dict[str, str]] = {}
    for r in store.query(_LABELS):
        have = out.setdefault(str(r["e"]), {})
        lang = str(r["lang"]) if r.get("lang") is not None else ""
        have.setdefault(lang, str(r["label"]))
    return {e: {"en": v.get("en") or v.get("") or v.get("ko"), "ko": v.get("ko") or v.get("") or v.get("en")}
            for e, v in out.items()}


def tables(store) -> dict:
    """The three tables as pandas DataFrames, keyed by name (entities, facts, documents)."""
    try:
        import pandas as pd
    except ImportError:
        raise KgraphError("pandas is not installed; install it with `pip install 'kgraph[tables]'`") from None
    labels = _labels(store)
    entities = [{"entity": str(r["e"]), "label_en": labels.get(str(r["e"]), {}).get("en"),
                 "label_ko": labels.get(str(r["e"]), {}).get("ko"), "types": _str(r.get("types")),
                 "discovered": r.get("discovered") is not None and bool(r["discovered"].toPython()),
                 "documents": int(r["documents"]), "degree": int(r["degree"]) if r.get("degree") is not None else 0}
                for r in store.query(_ENTITIES)]
    facts = []
    for r in store.query(_FACTS):
        s, p, o = str(r["s"]), str(r["p"]), str(r["o"])
        mods = sorted(str(r["mods"]).split(","), key=MODALITIES.index)
        facts.append({"subject": s, "predicate": p.rsplit("#", 1)[-1], "object": o,
                      "subject_label": labels.get(s, {}).get("en"), "object_label": labels.get(o, {}).get("en"),
                      "modality": str(r["strong"]), "modalities": ",".join(mods),
                      "confidence": float(r["conf"]) if r.get("conf") is not None else None, "first_date": _str(r.get("first")),
                      "last_date": _str(r.get("last")), "documents": int(r["n"]), "relations": int(r["r"])})
    facts.sort(key=lambda f: (f["subject"], f["predicate"], f["object"]))
    documents = [{"document": str(r["doc"]), "id": str(r["id"]), "title": _str(r.get("title")),
                  "published": _str(r.get("published")), "publisher": _str(r.get("publisher")),
                  "language": _str(r.get("language")), "url": _str(r.get("url")), "relations": int(r["relations"])}
                 for r in store.query(_DOCUMENTS)]
    return {name: pd.DataFrame(rows, columns=COLUMNS[name])
            for name, rows in (("entities", entities), ("facts", facts), ("documents", documents))}


def write_tables(store, directory: str, fmt: str) -> list[str]:
    """Write entities, facts and documents as DIR/<name>.csv or .parquet; the paths written."""
    import os
    if fmt not in TABLE_FORMATS:
        raise KgraphError(f"unknown table format {fmt!r}; use one of {', '.join(TABLE_FORMATS)}")
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise KgraphError(f"{directory!r} is a file; tables are written into a directory: give -o a directory")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise KgraphError("Parquet needs pyarrow; install it with `pip install 'kgraph[tables]'`, "
                              "or use --format csv") from None
    frames = tables(store)
    os.makedirs(directory, exist_ok=True)
    paths = []
    for name, df in frames.items():
        path = os.path.join(directory, f"{name}.{fmt}")
        tmp = path + ".tmp"
        if fmt == "csv":
            df.to_csv(tmp, index=False)
        else:
            df.to_parquet(tmp, index=False)
        os.replace(tmp, path)
        paths.append(path)
    return paths


__all__ = ["tables", "write_tables", "COLUMNS", "TABLES", "TABLE_FORMATS"]
