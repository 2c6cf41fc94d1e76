"""Documents and counts in a store: what `kgraph docs`, `stats` and `remove` show."""
from __future__ import annotations

from rdflib import URIRef

from kgraph.errors import KgraphError
from kgraph.rdf.iri import local_name
from kgraph.rdf.namespaces import KG
from kgraph.store.base import Store

def list_documents(store: Store) -> list[dict]:
    """Every document: `document` is its name in the store (file name, or file.jsonl#id for a JSONL
    line), `file` the name of the file it came from."""
    rows = store.query("""
        SELECT ?doc ?id ?file ?title ?published ?language ?publisher ?url WHERE {
          GRAPH ?doc { ?doc a kg:Document ; kg:fileName ?file ; kg:language ?language .
            OPTIONAL { ?doc kg:documentId ?id }
            OPTIONAL { ?doc kg:title ?title } OPTIONAL { ?doc kg:published ?published }
            OPTIONAL { ?doc kg:publisher ?publisher } OPTIONAL { ?doc dct:source|kg:url ?url } }
        } ORDER BY ?file ?id ?doc""")
    out = []
    for r in rows:
        d = {k: str(r[k]) if r.get(k) is not None else "" for k in
             ("doc", "file", "title", "published", "language", "publisher", "url")}
        d["document"] = str(r["id"]) if r.get("id") is not None else d["file"]
        out.append(d)
    return out


def find_documents(store: Store, name: str) -> list[URIRef]:
    """The documents `name` stands for: an IRI, a document name (article.txt, news.jsonl#j0), or the
    name of a JSONL file (all of its documents)."""
    if name.startswith(("http://", "https://")):
        iri = URIRef(name)
        if store.has_graph(iri):
            return [iri]
    docs = list_documents(store)
    for field in ("document", "doc"):
        hits = [URIRef(d["doc"]) for d in docs if d[field] == name]
        if hits:
            return hits
    hits = [URIRef(d["doc"]) for d in docs if d["file"] == name]
    if hits:
        return hits
    hits = [URIRef(d["doc"]) for d in docs if d["doc"].endswith("/" + name)]
    if hits:
        return hits
    raise KgraphError(f"no document {name!r} in store {store.location!r}; `kgraph docs` lists them")


def find_document(store: Store, name: str) -> URIRef:
    return find_documents(store, name)[0]


def statistics(store: Store) -> dict:
    docs = store.query("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?d { ?d a kg:Document } }")
    types = store.query("""
        SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?d { ?d a kg:Document ; kg:mentions ?e . ?e a ?t } }
        GROUP BY ?t ORDER BY DESC(?n)""")
    preds = store.query("""
        SELECT ?p (COUNT(?r) AS ?n) WHERE { GRAPH ?d { ?r a kg:Relationship ; kg:predicate ?p } }
        GROUP BY ?p ORDER BY DESC(?n)""")
    ents = store.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?d { ?d kg:mentions ?e } }")
    return {
        "documents": int(docs[0]["n"]), "quads": store.quad_count(), "entities": int(ents[0]["n"]),
        "entity_types": {local_name(r["t"]): int(r["n"]) for r in types},
        "relations": sum(int(r["n"]) for r in preds),
        "predicates": {local_name(r["p"]): int(r["n"]) for r in preds},
    }


__all__ = ["list_documents", "find_documents", "find_document", "statistics", "KG"]
