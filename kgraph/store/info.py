"""Documents and counts in a store: what `kgraph docs`, `stats` and `remove` show."""
from __future__ import annotations

from rdflib import URIRef

from kgraph.errors import KgraphError
from kgraph.rdf.iri import local_name
from kgraph.rdf.namespaces import CORRECTIONS_GRAPH, FACTS_GRAPH, KG, ONTOLOGY_GRAPH, REFERENCE_GRAPH
from kgraph.store.base import Store

def list_documents(store: Store) -> list[dict]:
    """Every document: `document` is its name in the store (file name, or file.jsonl#id for a JSONL
    line), `file` the name of the file it came from, `copies` the syndicated copies merged into it
    (each with its name, url, publisher, title, published and similarity)."""
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
        d["copies"] = []
        out.append(d)
    by_iri = {d["doc"]: d for d in out}
    for r in store.query(COPIES):             # syndicated copies merged into a document (ingest/dedupe.py)
        if str(r["doc"]) in by_iri:
            by_iri[str(r["doc"])]["copies"].append(
                {"document": str(r["id"]), "url": str(r["url"]) if r.get("url") is not None else "",
                 "publisher": str(r["publisher"]) if r.get("publisher") is not None else "",
                 "title": str(r["title"]) if r.get("title") is not None else "",
                 "published": str(r["published"]) if r.get("published") is not None else "",
                 "similarity": float(r["similarity"])})
    return out


COPIES = """
    SELECT ?doc ?id ?url ?publisher ?title ?published ?similarity WHERE {
      GRAPH ?doc { ?doc kg:hasCopy ?c . ?c dct:identifier ?id ; kg:similarity ?similarity .
        OPTIONAL { ?c dct:source ?url } OPTIONAL { ?c kg:copyPublisher ?publisher }
        OPTIONAL { ?c dct:title ?title } OPTIONAL { ?c dct:issued ?published } }
    } ORDER BY ?doc ?id"""


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
    ents = store.query("SELECT (COUNT(DISTINCT ?e) AS ?n) (COUNT(*) AS ?m) WHERE { GRAPH ?d { ?d kg:mentions ?e } }")
    facts = store.query("SELECT (COUNT(?f) AS ?n) WHERE { GRAPH kgg:facts { ?f a kg:Fact } }")
    total = store.quad_count()
    by_graph = {name: store.quad_count(g) for name, g in (("facts", FACTS_GRAPH), ("reference", REFERENCE_GRAPH),
                                                          ("ontology", ONTOLOGY_GRAPH), ("corrections", CORRECTIONS_GRAPH))}
    return {   # the words of README "Counts", as ingest's summary uses them
        "documents": int(docs[0]["n"]),
        "quads": total,                                  # every (subject, predicate, object, graph) in the store
        "quads_by_graph": {"documents": total - sum(by_graph.values()), **by_graph},
        "entities": int(ents[0]["n"]),                   # distinct entities that documents mention
        "entity_types": {local_name(r["t"]): int(r["n"]) for r in types},
        "mentions": int(ents[0]["m"]),                   # (document, entity) pairs: kg:mentions
        "relations": sum(int(r["n"]) for r in preds),    # statements, each with its sentence: kg:Relationship
        "predicates": {local_name(r["p"]): int(r["n"]) for r in preds},
        "facts": int(facts[0]["n"]),                     # distinct (subject, predicate, object): the facts graph
    }


__all__ = ["list_documents", "find_documents", "find_document", "statistics", "KG"]
