"""The derived facts graph, as SPARQL Update text: one node per distinct fact and each entity's
summary once, recomputed from the document graphs for the facts and entities a write touches.

The document graphs stay the source of truth. The facts graph (FACTS_GRAPH) holds:

- per distinct fact (s, p, o) (symmetric predicates in one canonical direction): the direct
  triple `s p o` (and `o p s` too for a symmetric predicate, so that plain SPARQL over the store
  finds the fact whichever way round it asks; the fact node stays one), and a `kg:Fact` node with `kg:factSubject`, `kg:factPredicate`,
  `kg:factObject`, `kg:documentCount`, `kg:relationCount`, `kg:factModality` (each modality
  seen), `kg:strongestModality`, `kg:maxConfidence` (the highest confidence of its statements),
  `kg:factRole` (worksFor roles), and when documents are dated
  `kg:firstDate`, `kg:lastDate` and `kg:firstDocument`;
- per entity mentioned in a document: its types and `rdfs:label`s once, `kg:documentCount`
  (documents that mention it), `kg:degree` (distinct entities it has facts with) and
  `kg:discovered`; and per entity mentioned or in the reference list, `kg:nameKey`s: its names
  lower-cased without spaces or middle dots, which `resolve_entity` looks up instead of scanning.

Every update here is written to run after the document graphs changed, in the same request
(one transaction on Oxigraph and on SPARQL servers), so the facts graph never disagrees with
the documents it was computed from. `rebuild()` computes it from scratch (`kgraph reindex`).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import URIRef

from kgraph.rdf.namespaces import FACT, FACTS_GRAPH, KG, PREFIX_BLOCK, SYMMETRIC_PREDICATES
from kgraph.rdf.sparql import sparql_term

PREFIXES = PREFIX_BLOCK      # in front of the writer's updates (kgraph/ingest/writer.py), whatever the store
F = f"<{FACTS_GRAPH}>"
SYMMETRIC = ", ".join(f"kg:{p}" for p in sorted(SYMMETRIC_PREDICATES))
FACT_IRI = f'IRI(CONCAT("{FACT}", MD5(CONCAT(STR(?s), " ", STR(?pr), " ", STR(?ob)))))'
ENTITY_PROPS = "rdf:type, rdfs:label, kg:documentCount, kg:degree, kg:discovered, kg:nameKey"
NAME_KEY = 'LCASE(REPLACE(STR(?name), "[\\\\s\\u00b7\\u30fb]+", ""))'


# The layout of the facts graph, stated in it (LAYOUT_LINE): a store whose facts graph lacks the
# current one was made by an older kgraph, and `kgraph reindex` (or the next ingest) rebuilds it.
# Layout 2 added the sort keys of a fact: its rank under its strongest modality (kg:statedRank ...)
# and kg:monthPredicate.
LAYOUT = 2
LAYOUT_LINE = f'<{FACTS_GRAPH}> <{KG.factsLayout}> "{LAYOUT}"^^<http://www.w3.org/2001/XMLSchema#integer> .'
LAYOUT_ASK = f"ASK {{ GRAPH <{FACTS_GRAPH}> {{ {LAYOUT_LINE} }} }}"
# the first update of a store's facts graph (every write ends with one) states its layout
LAYOUT_IF_NEW = (f"INSERT {{ GRAPH <{FACTS_GRAPH}> {{ {LAYOUT_LINE} }} }} "
                 f"WHERE {{ FILTER NOT EXISTS {{ GRAPH <{FACTS_GRAPH}> {{ ?s ?p ?o }} }} }}")
# The modality question's sort key: per fact one integer under the property of its strongest
# modality (kg:statedRank, kg:plannedRank, kg:discussedRank, kg:speculatedRank), most documents first,
# then the earliest first date (none first): (RANK_DOCS - documents) * RANK_DATE + YYYYMMDD. The
# question reads the facts of one modality from one index range and sorts one integer; the modality,
# document count and first date apart were three scans joined (120 ms at 40,000 facts, now 5).
RANK_DOCS, RANK_DATE = 999_999, 10 ** 8


def rank_property(modality: str) -> str:
    """The IRI of the sort-key property of facts whose strongest modality is `modality`."""
    return f"{KG}{modality}Rank"


def modality_rank(documents: int, first: str | None) -> int:
    """A fact's sort key under its rank_property, as the SPARQL of _fact_operations computes it."""
    date = int(first.replace("-", "")) if first else 0
    return (RANK_DOCS - min(documents, RANK_DOCS)) * RANK_DATE + date


def month_predicate(first: str, predicate: str) -> str:
    """The kg:monthPredicate of a dated fact: the month of its first date and its predicate's name
    ("2024-03 partnerOf"), one key that the trend question counts by (one index scan, a few hundred
    keys, instead of two scans joined)."""
    return f"{first[:7]} {predicate.rsplit('#', 1)[-1]}"


def relations(keys_values: str) -> str:
    """The relation nodes of the facts in `keys_values` (?s ?pr ?ob), in either direction when the
    predicate is symmetric. The keys open each branch of the union so the store looks them up by
    subject and object (with the keys outside the union it scanned every relation: 6 s instead of
    0.07 s for 250 facts at 400k quads); explicit GRAPH patterns, because in an update the default
    graph is the store's own, not the union of its graphs."""
    node = "kg:predicate ?pr ; kg:extractedFrom ?doc ; kg:modality ?m"
    return (f"{{ {keys_values} GRAPH ?doc {{ ?rel kg:subject ?s ; kg:object ?ob ; {node} }} }}\n"
            f"      UNION {{ {keys_values} GRAPH ?doc {{ ?rel kg:subject ?ob ; kg:object ?s ; {node} }}\n"
            f"              FILTER(?pr IN ({SYMMETRIC}) && ?s != ?ob) }}")


def fact_iri(s: str, p: str, o: str) -> str:
    """The IRI of a fact node, as FACT_IRI computes it in SPARQL."""
    return f"{FACT}{hashlib.md5(f'{s} {p} {o}'.encode('utf-8')).hexdigest()}"


def canonical(s: str, p: str, o: str) -> tuple[str, str, str]:
    """One direction for a symmetric fact (the smaller IRI first), as the graph and networkx show it."""
    name = p.rsplit("#", 1)[-1]
    return (o, p, s) if name in SYMMETRIC_PREDICATES and o < s else (s, p, o)


def direct_triples(s: str, p: str, o: str) -> list[tuple[str, str, str]]:
    """The direct triples of a fact in the facts graph: `s p o`, and `o p s` when p is symmetric."""
    name = p.rsplit("#", 1)[-1]
    return [(s, p, o), (o, p, s)] if name in SYMMETRIC_PREDICATES and s != o else [(s, p, o)]


def _values_keys(keys: Iterable[tuple[str, str, str]]) -> str:
    rows = " ".join(f"({sparql_term(URIRef(s))} {sparql_term(URIRef(p))} {sparql_term(URIRef(o))})"
                    for s, p, o in sorted(set(keys)))
    return f"VALUES (?s ?pr ?ob) {{ {rows} }}"


def _values_entities(entities: Iterable[str]) -> str:
    return "VALUES ?e { " + " ".join(sparql_term(URIRef(e)) for e in sorted(set(entities))) + " }"


def _fact_operations(keys_values: str, all_keys: bool, keys: Iterable[tuple[str, str, str]] = ()) -> list[str]:
    """Delete and recompute the fact nodes of the keys (all facts when `all_keys`)."""
    if all_keys:
        keys_values = """{ SELECT DISTINCT ?s ?pr ?ob WHERE {
            GRAPH ?g { ?rel a kg:Relationship ; kg:subject ?s0 ; kg:predicate ?pr ; kg:object ?o0 . }
            BIND(IF(?pr IN (%s) && STR(?o0) < STR(?s0), ?o0, ?s0) AS ?s)
            BIND(IF(?pr IN (%s) && STR(?o0) < STR(?s0), ?s0, ?o0) AS ?ob) } }""" % (SYMMETRIC, SYMMETRIC)
    delete = ""
    if not all_keys:        # fact IRIs computed here: a BIND before the lookup made the store scan the graph
        keys = sorted(set(keys))
        nodes = " ".join(f"<{fact_iri(*k)}>" for k in keys)
        direct = " ".join(f"<{a}> <{b}> <{c}> ." for k in keys for a, b, c in direct_triples(*k))
        delete = f"""
DELETE {{ GRAPH {F} {{ ?f ?p ?o }} }} WHERE {{ VALUES ?f {{ {nodes} }} GRAPH {F} {{ ?f ?p ?o }} }} ;
DELETE DATA {{ GRAPH {F} {{ {direct} }} }}"""
    rels = relations(keys_values)
    insert = f"""
INSERT {{ GRAPH {F} {{
  ?f a kg:Fact ; kg:factSubject ?s ; kg:factPredicate ?pr ; kg:factObject ?ob ;
     kg:documentCount ?n ; kg:relationCount ?r ; kg:strongestModality ?strong ;
     kg:firstDate ?first ; kg:lastDate ?last ; kg:firstDocument ?fdoc ; kg:maxConfidence ?conf ;
     ?rankby ?mrank ; kg:monthPredicate ?dp .
  ?s ?pr ?ob . ?rs ?pr ?ro .
}} }}
WHERE {{
  {{ SELECT ?s ?pr ?ob (COUNT(DISTINCT ?doc) AS ?n) (COUNT(DISTINCT ?rel) AS ?r) (MIN(?rank) AS ?best)
            (MIN(CONCAT(?d0, " ", STR(?doc))) AS ?firstkey) (MAX(?d1) AS ?lastkey) (MAX(?c) AS ?conf)
     WHERE {{
       {keys_values}
       {rels}
       OPTIONAL {{ GRAPH ?doc {{ ?doc kg:published ?pub }} }}
       OPTIONAL {{ GRAPH ?doc {{ ?rel kg:confidence ?c }} }}
       BIND(IF(REGEX(SUBSTR(STR(?pub), 1, 10), "^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$"), SUBSTR(STR(?pub), 1, 10), ?none) AS ?day)
       BIND(COALESCE(?day, "9999-99-99") AS ?d0)
       BIND(COALESCE(?day, "") AS ?d1)
       BIND(IF(?m = "stated", 0, IF(?m = "planned", 1, IF(?m = "discussed", 2, 3))) AS ?rank)
     }} GROUP BY ?s ?pr ?ob }}
  BIND({FACT_IRI} AS ?f)
  BIND(IF(?pr IN ({SYMMETRIC}) && ?s != ?ob, ?ob, ?none) AS ?rs)      # the reverse direct triple
  BIND(IF(?pr IN ({SYMMETRIC}) && ?s != ?ob, ?s, ?none) AS ?ro)
  BIND(IF(?best = 0, "stated", IF(?best = 1, "planned", IF(?best = 2, "discussed", "speculated"))) AS ?strong)
  BIND(IF(STRSTARTS(?firstkey, "9999"), ?none, STRDT(STRBEFORE(?firstkey, " "), xsd:date)) AS ?first)
  BIND(IF(STRSTARTS(?firstkey, "9999"), ?none, IRI(STRAFTER(?firstkey, " "))) AS ?fdoc)
  BIND(IF(?lastkey = "", ?none, STRDT(?lastkey, xsd:date)) AS ?last)
  BIND(IRI(CONCAT(STR(kg:), ?strong, "Rank")) AS ?rankby)
  BIND(({RANK_DOCS} - IF(?n > {RANK_DOCS}, {RANK_DOCS}, ?n)) * {RANK_DATE}
       + IF(BOUND(?first), xsd:integer(REPLACE(STR(?first), "-", "")), 0) AS ?mrank)
  BIND(IF(BOUND(?first), CONCAT(SUBSTR(STR(?first), 1, 7), " ", STRAFTER(STR(?pr), "#")), ?none) AS ?dp)
}}"""
    modalities = f"""
INSERT {{ GRAPH {F} {{ ?f kg:factModality ?m }} }}
WHERE {{ {{ SELECT DISTINCT ?s ?pr ?ob ?m WHERE {{ {keys_values} {rels} }} }} BIND({FACT_IRI} AS ?f) }}"""
    roles = f"""
INSERT {{ GRAPH {F} {{ ?f kg:factRole ?role }} }}
WHERE {{ {{ SELECT DISTINCT ?s ?pr ?ob ?role WHERE {{ {keys_values} {rels} GRAPH ?doc {{ ?rel kg:role ?role }} }} }}
        BIND({FACT_IRI} AS ?f) }}"""
    return [op for op in (delete, insert, modalities, roles) if op]


def _entity_operations(entities_values: str, all_entities: bool) -> list[str]:
    """Delete and recompute the entity summaries (all mentioned and reference entities when `all_entities`)."""
    if all_entities:
        entities_values = """{ SELECT DISTINCT ?e WHERE {
            { GRAPH ?doc { ?doc kg:mentions ?e } } UNION { GRAPH <https://w3id.org/kgraph/graph/reference> { ?e a ?c } } } }"""
    delete = "" if all_entities else f"""
DELETE {{ GRAPH {F} {{ ?e ?p ?o }} }}
WHERE {{ {entities_values} GRAPH {F} {{ ?e ?p ?o FILTER(?p IN ({ENTITY_PROPS})) }} }}"""
    mentioned = f"""
INSERT {{ GRAPH {F} {{ ?e kg:documentCount ?n }} }}
WHERE {{ {{ SELECT ?e (COUNT(DISTINCT ?doc) AS ?n) WHERE {{ {entities_values} GRAPH ?doc {{ ?doc kg:mentions ?e }} }}
        GROUP BY ?e }} }}"""
    described = f"""
INSERT {{ GRAPH {F} {{ ?e a ?class ; rdfs:label ?label }} }}
WHERE {{ {{ SELECT DISTINCT ?e ?class ?label WHERE {{
  {entities_values}
  GRAPH ?doc {{ ?doc kg:mentions ?e . ?e a ?class . OPTIONAL {{ ?e rdfs:label ?label }} }} }} }} }}"""
    discovered = f"""
INSERT {{ GRAPH {F} {{ ?e kg:discovered true }} }}
WHERE {{ {{ SELECT DISTINCT ?e WHERE {{ {entities_values} GRAPH ?doc {{ ?doc kg:mentions ?e . ?e kg:discovered true }} }} }} }}"""
    degree = f"""
INSERT {{ GRAPH {F} {{ ?e kg:degree ?k }} }}
WHERE {{ {{ SELECT ?e (COUNT(DISTINCT ?x) AS ?k) WHERE {{
  {entities_values}
  GRAPH {F} {{ {{ ?f kg:factSubject ?e ; kg:factObject ?x }} UNION {{ ?f kg:factObject ?e ; kg:factSubject ?x }} }}
  FILTER(?x != ?e) }} GROUP BY ?e }} }}"""
    names = f"""
INSERT {{ GRAPH {F} {{ ?e kg:nameKey ?key }} }}
WHERE {{ {{ SELECT DISTINCT ?e ?key WHERE {{
  {entities_values}
  GRAPH ?g {{ ?e rdfs:label|skos:prefLabel|skos:altLabel ?name }}
  BIND({NAME_KEY} AS ?key) FILTER(?key != "") }} }} }}"""
    return [op for op in (delete, mentioned, described, discovered, degree, names) if op]


def refresh(keys: Iterable[tuple[str, str, str]], entities: Iterable[str]) -> str:
    """The update operations that bring the facts graph up to date for these facts and entities ('' if
    none), without a prologue: put PREFIXES before the whole request (a prologue may only open it).

    Facts first: an entity's degree counts the fact nodes just written."""
    keys, entities = set(keys), set(entities)
    entities |= {s for s, _, _ in keys} | {o for _, _, o in keys}
    ops = [LAYOUT_IF_NEW] if keys or entities else []
    if keys:
        ops += _fact_operations(_values_keys(keys), False, keys)
    if entities:
        ops += _entity_operations(_values_entities(entities), False)
    return " ;\n".join(ops)


def rebuild() -> str:
    """The update that recomputes the whole facts graph from the document graphs."""
    ops = ([f"DROP SILENT GRAPH {F}", f"INSERT DATA {{ GRAPH {F} {{ {LAYOUT_LINE} }} }}"]
           + _fact_operations("", True) + _entity_operations("", True))
    return PREFIXES + " ;\n".join(ops)


def document_keys(triples: Iterable[tuple]) -> tuple[set[tuple[str, str, str]], set[str]]:
    """The fact keys and the mentioned entities of one document graph's triples (rdflib terms)."""
    rel: dict = {}
    entities: set[str] = set()
    for s, p, o in triples:
        if p == KG.mentions:
            entities.add(str(o))
        elif p in (KG.subject, KG.predicate, KG.object):
            rel.setdefault(s, {})[p] = str(o)
    keys = {canonical(r[KG.subject], r[KG.predicate], r[KG.object]) for r in rel.values() if len(r) == 3}
    return keys, entities


STORED_KEYS = PREFIXES + """SELECT DISTINCT ?s ?p ?o ?e WHERE {
  { GRAPH ?doc { ?rel kg:subject ?s ; kg:predicate ?p ; kg:object ?o } }
  UNION { GRAPH ?doc { ?doc kg:mentions ?e } }
}"""


def keys_from_rows(rows) -> tuple[set[tuple[str, str, str]], set[str]]:
    """document_keys for the rows of STORED_KEYS (with ?doc bound to a stored document graph)."""
    keys, entities = set(), set()
    for r in rows:
        if r.get("e") is not None:
            entities.add(str(r["e"]))
        elif r.get("s") is not None:
            keys.add(canonical(str(r["s"]), str(r["p"]), str(r["o"])))
    return keys, entities


__all__ = ["refresh", "rebuild", "modality_rank", "rank_property", "month_predicate", "LAYOUT", "LAYOUT_LINE", "LAYOUT_ASK", "LAYOUT_IF_NEW", "direct_triples", "document_keys", "keys_from_rows", "canonical", "STORED_KEYS", "FACTS_GRAPH"]
