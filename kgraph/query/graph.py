"""The knowledge graph as a networkx MultiDiGraph, built from the store with a SPARQL CONSTRUCT.

Nodes are entities (attributes: label, label_en, label_ko, type, discovered, documents); edges are
facts keyed by predicate (attributes: predicate, modality = the strongest stated, modalities,
documents = number of supporting documents, relations = number of sentences, first/last dates).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from kgraph.errors import QueryError
from kgraph.model import MODALITIES
from kgraph.rdf.corrections import not_rejected
from kgraph.rdf.iri import label_language, local_name
from kgraph.rdf.namespaces import FACTS_GRAPH, KG, SCORED_PREDICATES, SYMMETRIC_PREDICATES, subclasses
from kgraph.rdf.sparql import sparql_term
from kgraph.store.base import Store

@dataclass
class GraphFilter:
    """Which facts go into the graph. Empty lists mean no restriction."""

    predicates: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)        # ontology classes; subclasses included
    modalities: list[str] = field(default_factory=list)
    since: str | None = None                              # YYYY-MM-DD, by document date
    until: str | None = None
    min_docs: int = 1

    def check(self) -> None:
        for p in self.predicates:
            if p not in SCORED_PREDICATES:
                raise QueryError(f"unknown predicate {p!r}; use one of {', '.join(SCORED_PREDICATES)}")
        for m in self.modalities:
            if m not in MODALITIES:
                raise QueryError(f"unknown modality {m!r}; use one of {', '.join(MODALITIES)}")
        for t in self.types:
            if not t.isidentifier():
                raise QueryError(f"not an ontology class name: {t!r}")
        for name, d in (("since", self.since), ("until", self.until)):
            if d is not None:
                try:
                    dt.date.fromisoformat(d)
                except ValueError:
                    raise QueryError(f"--{name} must be a date YYYY-MM-DD, not {d!r}") from None
        if self.min_docs < 1:
            raise QueryError(f"the minimum number of documents must be at least 1, not {self.min_docs}")


def type_filters(types: list[str]) -> list[str]:
    """FILTERs that keep facts whose two entities are of these classes or their subclasses (expanded
    from the ontology here: a subClassOf* path per fact took the store tens of seconds)."""
    classes = ", ".join(sparql_term(c) for t in types for c in subclasses(t))
    return [f"FILTER EXISTS {{ {v} a ?c{v[1]} FILTER(?c{v[1]} IN ({classes})) }}" for v in ("?s", "?o")]


def construct_query(f: GraphFilter, with_evidence: bool = False) -> str:
    """The CONSTRUCT that selects the relation nodes passing the filter (values are checked first)."""
    f.check()
    where = ["?rel a kg:Relationship ; kg:subject ?s ; kg:predicate ?p ; kg:object ?o ; kg:modality ?m ;",
             "     kg:extractedFrom ?doc .",
             "OPTIONAL { ?doc kg:published ?pub }", not_rejected()]        # not the analyst's rejected facts
    template = ("  ?rel kg:subject ?s ; kg:predicate ?p ; kg:object ?o ; kg:modality ?m ; kg:extractedFrom ?doc .\n"
                "  ?doc kg:published ?pub .\n")
    if with_evidence:
        where += ["OPTIONAL { ?rel kg:evidence ?ev }", "OPTIONAL { ?doc kg:title ?title }",
                  "OPTIONAL { ?doc kg:publisher ?publisher }", "OPTIONAL { ?doc dct:source|kg:url ?url }"]
        template += "  ?rel kg:evidence ?ev . ?doc kg:title ?title ; kg:publisher ?publisher ; dct:source ?url .\n"
    if f.predicates:
        where.append(f"FILTER(?p IN ({', '.join(sparql_term(KG[p]) for p in f.predicates)}))")
    if f.modalities:
        where.append(f"FILTER(?m IN ({', '.join(sparql_term(Literal(m)) for m in f.modalities)}))")
    if f.types:
        where += type_filters(f.types)
    if f.since:
        where.append(f"FILTER(BOUND(?pub) && SUBSTR(STR(?pub), 1, 10) >= {sparql_term(Literal(f.since))})")
    if f.until:
        where.append(f"FILTER(BOUND(?pub) && SUBSTR(STR(?pub), 1, 10) <= {sparql_term(Literal(f.until))})")
    body = "\n  ".join(where)
    return "CONSTRUCT {\n" + template + "} WHERE {\n  " + body + "\n}"


def facts_query(f: GraphFilter) -> str:
    """The SELECT over the facts graph for a filter without modality or date conditions."""
    f.check()
    where = [f"GRAPH <{FACTS_GRAPH}> {{ ?f kg:factSubject ?s ; kg:factPredicate ?p ; kg:factObject ?o ;",
             "    kg:documentCount ?n ; kg:relationCount ?r ; kg:factModality ?m .",
             "  OPTIONAL { ?f kg:firstDate ?first } OPTIONAL { ?f kg:lastDate ?last } }"]
    if f.predicates:
        where.append(f"FILTER(?p IN ({', '.join(sparql_term(KG[p]) for p in f.predicates)}))")
    if f.types:
        where += type_filters(f.types)
    if f.min_docs > 1:
        where.append(f"FILTER(?n >= {int(f.min_docs)})")
    return "SELECT ?s ?p ?o ?n ?r ?first ?last ?m WHERE {\n  " + "\n  ".join(where) + "\n}"


def _graph_from_facts(store: Store, filt: GraphFilter, lang: str) -> nx.MultiDiGraph:
    from kgraph.query.run import run as query
    edges: dict[tuple, dict] = {}
    for r in query(store, facts_query(filt)):
        key = (str(r["s"]), str(r["o"]), local_name(r["p"]))
        e = edges.setdefault(key, {"modalities": set(), "n": int(r["n"]), "r": int(r["r"]),
                                   "first": str(r["first"]) if r.get("first") is not None else "",
                                   "last": str(r["last"]) if r.get("last") is not None else ""})
        e["modalities"].add(str(r["m"]))
    g = nx.MultiDiGraph()
    for (s, o, pred), e in sorted(edges.items()):
        mods = sorted(e["modalities"], key=MODALITIES.index)
        g.add_edge(s, o, key=pred, predicate=pred, modality=mods[0], modalities=mods, documents=e["n"],
                   relations=e["r"], first=e["first"], last=e["last"])
    describe_nodes(store, g, lang)
    return g


def build_graph(store: Store, filt: GraphFilter | None = None, lang: str = "en",
                with_evidence: bool = False, max_evidence: int = 5, source: str = "auto") -> nx.MultiDiGraph:
    """The filtered knowledge graph: one edge per (subject, predicate, object) with its support.

    With `with_evidence`, each edge also carries `evidence`: up to `max_evidence` dicts
    (sentence, modality, title, publisher, published, url, document), strongest modality first. Without evidence
    and without modality or date conditions, the edges come from the facts graph (one row per
    fact); otherwise from the relation nodes (`source` forces one: "facts" or "relations").
    """
    from kgraph.query.run import run as query
    filt = filt or GraphFilter()
    if source == "facts" or (source == "auto" and not with_evidence and not filt.modalities
                             and not filt.since and not filt.until and store.has_graph(FACTS_GRAPH)):
        return _graph_from_facts(store, filt, lang)
    result = query(store, construct_query(filt, with_evidence))
    rels: dict = defaultdict(dict)
    published: dict = {}
    docmeta: dict = defaultdict(dict)
    for s, p, o in result:
        if p == KG.published:
            published[s] = str(o)[:10]
        elif p in (KG.title, KG.publisher):
            docmeta[s][local_name(p)] = str(o)
        elif p == DCTERMS.source:
            docmeta[s]["url"] = str(o)
        else:
            rels[s][local_name(p)] = o
    edges: dict[tuple, dict] = {}
    for rel, d in rels.items():
        pred = local_name(d["predicate"])
        subj, obj = str(d["subject"]), str(d["object"])
        if pred in SYMMETRIC_PREDICATES and obj < subj:   # one edge for a symmetric fact, either way round
            subj, obj = obj, subj
        key = (subj, obj, pred)
        e = edges.setdefault(key, {"predicate": pred, "modalities": set(), "docs": set(), "relations": 0,
                                   "dates": set(), "evidence": []})
        if with_evidence and "evidence" in d:
            doc = d["extractedFrom"]
            e["evidence"].append({"sentence": str(d["evidence"]), "modality": str(d["modality"]),
                                  "title": docmeta[doc].get("title", ""),
                                  "publisher": docmeta[doc].get("publisher", ""),
                                  "published": published.get(doc, ""), "url": docmeta[doc].get("url", ""),
                                  "document": str(doc)})
        e["modalities"].add(str(d["modality"]))
        e["docs"].add(str(d["extractedFrom"]))
        e["relations"] += 1
        if d["extractedFrom"] in published:
            e["dates"].add(published[d["extractedFrom"]])
    g = nx.MultiDiGraph()
    for (s, o, pred), e in sorted(edges.items()):     # one order whatever the store's or the hash seed's
        if len(e["docs"]) < filt.min_docs:
            continue
        mods = sorted(e["modalities"], key=MODALITIES.index)
        dates = sorted(e["dates"])
        attrs = dict(predicate=pred, modality=mods[0], modalities=mods, documents=len(e["docs"]),
                     relations=e["relations"], first=dates[0] if dates else "", last=dates[-1] if dates else "")
        if with_evidence:
            ev = sorted(e["evidence"], key=lambda x: (MODALITIES.index(x["modality"]), x["published"], x["sentence"]))
            attrs["evidence"] = ev[:max_evidence]
        g.add_edge(s, o, key=pred, **attrs)
    describe_nodes(store, g, lang)
    return g


def describe_nodes(store: Store, g: nx.Graph, lang: str = "en") -> None:
    """Add label, label_en, label_ko, type, discovered and documents to every node of `g`."""
    from kgraph.query.run import run as query
    if not g.number_of_nodes():
        return
    nodes = [URIRef(n) for n in g.nodes]
    info: dict[str, dict] = {str(n): {"types": set(), "pref": {}, "labels": set(), "alt": set(), "org": set(), "discovered": False,
                                      "documents": 0} for n in nodes}
    orgs: dict[str, dict] = {}
    for chunk in _chunks(nodes, 2000):
        values = "VALUES ?e { " + " ".join(sparql_term(n) for n in chunk) + " }\n"
        # DISTINCT: every document graph that mentions an entity repeats its type and labels
        for r in query(store, "SELECT DISTINCT ?e ?c WHERE { " + values + "?e a ?c }"):
            info[str(r["e"])]["types"].add(local_name(r["c"]))
        for r in query(store, "SELECT ?e ?l WHERE { " + values + "?e skos:prefLabel ?l }"):
            info[str(r["e"])]["pref"].setdefault(r["l"].language or "", str(r["l"]))
        for r in query(store, "SELECT ?e ?l WHERE { " + values + "?e skos:altLabel ?l }"):
            info[str(r["e"])]["alt"].add(str(r["l"]))
        for r in query(store, "SELECT DISTINCT ?e ?l WHERE { " + values + "?e rdfs:label ?l }"):
            info[str(r["e"])]["labels"].add(str(r["l"]))
        for r in query(store, "SELECT ?e ?org ?l WHERE { " + values +
                       "?e kg:partOf ?org . OPTIONAL { ?org skos:prefLabel ?l } }"):
            labels = orgs.setdefault(str(r["org"]), {})
            if "l" in r:
                labels.setdefault(r["l"].language or "", str(r["l"]))
            info[str(r["e"])]["org"].add(str(r["org"]))
        for r in query(store, "SELECT DISTINCT ?e WHERE { " + values + "?e kg:discovered true }"):
            info[str(r["e"])]["discovered"] = True
        for r in query(store, "SELECT ?e (COUNT(DISTINCT ?d) AS ?n) WHERE { " + values +
                       "?d kg:mentions ?e } GROUP BY ?e"):
            info[str(r["e"])]["documents"] = int(r["n"])
    for n, d in info.items():
        labels = sorted(d["labels"], key=lambda x: (len(x), x))
        fallback = labels[0] if labels else n.rsplit("/", 1)[-1]
        ko = d["pref"].get("ko") or next((x for x in labels if label_language(x) == "ko"), "")
        en = d["pref"].get("en") or next((x for x in labels if label_language(x) == "en"), "")
        g.nodes[n].update(
            label=(ko if lang == "ko" else en) or ko or en or fallback,
            label_en=en, label_ko=ko, names=sorted(set(d["pref"].values()) | d["labels"] | d["alt"]),
            type=_most_specific(d["types"]), discovered=d["discovered"], documents=d["documents"],
            org=sorted(orgs[o].get(lang) or next(iter(orgs[o].values()), o.rsplit("/", 1)[-1]) for o in d["org"]))


def _most_specific(types: set[str]) -> str:
    generic = {"Entity", "Organization", "Product", "Thing"}
    specific = sorted(types - generic)
    return specific[0] if specific else (sorted(types)[0] if types else "Entity")


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def simple_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """Undirected projection for analytics: one edge per pair, weight = supporting documents."""
    h = nx.Graph()
    h.add_nodes_from(g.nodes(data=True))
    for s, o, d in g.edges(data=True):
        if s == o:
            continue
        if h.has_edge(s, o):
            h[s][o]["weight"] += d["documents"]
            h[s][o]["predicates"].add(d["predicate"])
        else:
            h.add_edge(s, o, weight=d["documents"], predicates={d["predicate"]})
    return h


def neighbourhood(g: nx.MultiDiGraph, centre: str, depth: int) -> nx.MultiDiGraph:
    """The subgraph within `depth` hops of `centre`, ignoring edge direction."""
    if centre not in g:
        return nx.MultiDiGraph()
    keep = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), centre, cutoff=depth)
    return g.subgraph(keep).copy()


def flat_attributes(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all strings, numbers or booleans (GraphML and GEXF need that)."""
    h = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: _flat(v) for k, v in d.items()})
    for s, o, k, d in g.edges(keys=True, data=True):
        h.add_edge(s, o, key=k, **{a: _flat(v) for a, v in d.items()})
    return h


def _flat(v):
    if isinstance(v, (list, set, tuple)):
        return "; ".join(sorted(str(x) for x in v))
    return v


def write_graph(g: nx.MultiDiGraph, out, fmt: str) -> None:
    """Write `g` as GraphML or GEXF (for Gephi and Cytoscape) to a binary file object."""
    h = flat_attributes(g)
    if fmt == "graphml":
        nx.write_graphml(h, out, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(h, out, encoding="utf-8")
    else:
        raise QueryError(f"unknown graph format {fmt!r}; use graphml or gexf")


__all__ = ["GraphFilter", "construct_query", "build_graph", "describe_nodes", "simple_graph", "neighbourhood",
           "flat_attributes", "write_graph"]
