"""The `paths` question by the page: a bounded bidirectional search over the facts graph.

paths.rq answers in SPARQL (the endpoint runs it, with LIMIT/OFFSET); between two hubs it joins
every 3-hop route before it can order them (1 s and more at 1.6M quads). Here the same rows, in
the same order (length, then the first step's label, then the second's; IRIs break ties), come
from the two ends at once: the neighbours of x and of y (one lookup each), the direct step and the
common neighbours from those sets, and the 3-hop paths x-a-b-y by walking a in label order and
meeting y's neighbours, batch by batch, until the page is full. The work is bounded by the page:
two neighbourhoods, their labels, and the neighbours of as many a's as the page needs.
"""
from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kgraph.query.paging import Page, check_page
from kgraph.rdf.sparql import sparql_term
from kgraph.store.base import Store

PATH_PREDICATES = ("partnerOf", "supplies", "investsIn", "develops", "uses", "competesWith", "worksFor", "meets",
                   "subsidiaryOf")
STEP = "|".join(f"kg:{p}|^kg:{p}" for p in PATH_PREDICATES)
COLUMNS = ["length", "via1", "via1Label", "via2", "via2Label"]
BATCH = 32          # first steps whose neighbours are read in one query


def _values(iris) -> str:
    return "VALUES ?v { " + " ".join(sparql_term(URIRef(i)) for i in sorted(iris)) + " }"


def neighbours(store: Store, iris) -> dict[str, set[str]]:
    """The entities one step (any of PATH_PREDICATES, either way) from each of `iris`."""
    out: dict[str, set[str]] = {str(i): set() for i in iris}
    if not out:
        return out
    rows = store.query(f"SELECT DISTINCT ?v ?n WHERE {{ {_values(out)} GRAPH kgg:facts {{ ?v ({STEP}) ?n }} }}")
    for r in rows:
        out[str(r["v"])].add(str(r["n"]))
    return out


def labels(store: Store, iris, lang: str) -> dict[str, Literal | None]:
    """Each entity's label as paths.rq gives it: its preferred label in `lang`, else its least label."""
    if not iris:
        return {}
    rows = store.query(f"""SELECT ?v (MIN(COALESCE(?p, ?a)) AS ?label) WHERE {{ {_values(iris)}
      OPTIONAL {{ GRAPH kgg:reference {{ ?v skos:prefLabel ?p }} FILTER(LANG(?p) = {sparql_term(Literal(lang))}) }}
      OPTIONAL {{ GRAPH kgg:facts {{ ?v rdfs:label ?a }} FILTER(!BOUND(?p)) }} }} GROUP BY ?v""")
    out: dict[str, Literal | None] = {str(i): None for i in iris}
    for r in rows:
        out[str(r["v"])] = r.get("label")
    return out


def _key(label: Literal | None, iri: str) -> tuple:
    return (label is not None, "" if label is None else str(label), iri)


def paths(store: Store, x: str, y: str, hops: int = 3, lang: str = "en") -> Iterator[dict]:
    """The rows of paths.rq, in its order, made as they are read: length 1, then 2, then 3."""
    x, y = str(x), str(y)
    if x == y:
        return
    near = neighbours(store, [x, y])
    nx_, ny_ = near[x], near[y]
    if y in nx_:
        yield _row(1)
    if hops < 2:
        return
    names = labels(store, (nx_ | ny_) - {x, y}, lang)
    order = sorted((v for v in nx_ if v not in (x, y)), key=lambda v: _key(names[v], v))
    for v in order:
        if v in ny_:
            yield _row(2, v, names[v])
    if hops < 3:
        return
    for start in range(0, len(order), BATCH):
        batch = order[start:start + BATCH]
        steps = neighbours(store, batch)
        for a in batch:
            meet = sorted((b for b in steps[a] & ny_ if b not in (x, y, a)), key=lambda b: _key(names[b], b))
            for b in meet:
                yield _row(3, a, names[a], b, names[b])


def _row(length: int, v1: str | None = None, l1=None, v2: str | None = None, l2=None) -> dict:
    row = {"length": Literal(str(length), datatype=XSD.integer)}
    for name, value in (("via1", URIRef(v1) if v1 else None), ("via1Label", l1),
                        ("via2", URIRef(v2) if v2 else None), ("via2Label", l2)):
        if value is not None:
            row[name] = value
    return row


def paths_page(store: Store, bindings: dict, limit: int, offset: int, count: bool = False) -> Page:
    """A page of the paths question for bound parameters (kgraph.query.canned.bind_params)."""
    limit, offset = check_page(limit, offset)
    hops = int(bindings.get("hops") or 3)
    lang = str(bindings.get("lang") or "en")

    def fetch(size: int, start: int) -> Page:
        return paths_page(store, bindings, size, start)
    rows: list[dict] = []
    for n, row in enumerate(paths(store, bindings["x"], bindings["y"], hops, lang)):
        if n >= offset + limit + 1 and not count:
            break
        rows.append(row)
    has_more = len(rows) > offset + limit
    total = len(rows) if count else None
    return Page(rows[offset:offset + limit], COLUMNS, offset=offset, limit=limit, has_more=has_more, total=total,
                fetch=fetch)


__all__ = ["paths", "paths_page", "neighbours", "labels", "PATH_PREDICATES"]
