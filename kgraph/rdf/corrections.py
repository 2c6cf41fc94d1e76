"""The analyst's corrections as data: what the graph `kgg:corrections` holds, and how it is applied.

The corrections graph (CORRECTIONS_GRAPH) holds one node per decision, in the ontology's terms:

- `kg:Merge`: `kg:survivor` A, `kg:mergedEntity` B, `kg:mergedName` each name B had;
- `kg:Alias`: `kg:aliasOf` A, `kg:aliasName` a name;
- `kg:Rejection`: `kg:rejectedFact` (the fact node's IRI), `kg:rejectedSubject`, `kg:rejectedPredicate`,
  `kg:rejectedObject` (the fact in the facts graph's canonical direction);

each with `kg:correctedBy`, `kg:correctedAt` and, when given, `kg:reason`; and, for lookup, every
alias and merged name as `A skos:altLabel name`.

How they are applied:

- merges and aliases map what extraction linked: in a document graph, the merged entity (or the
  entity discovered under an alias's name) is replaced by the survivor in the relation nodes, the
  direct triples and `kg:mentions`, and what extraction linked is kept beside it
  (`kg:linkedSubject`, `kg:linkedObject`, `kg:linkedMention`, `kg:mentionByMerge`) so that a split
  can undo it. Stored documents are rewritten when the correction is made (`remap_update`), new
  ones as they are ingested (`rewrite`); the facts graph follows from the document graphs.
- a rejected fact leaves the facts graph (its node and its direct triples: `HIDE_REJECTED`, run
  after every refresh and by `kgraph reindex`), and queries that read relation nodes skip its
  statements (`not_rejected`); the sentences stay in their document graphs.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from kgraph.model import COARSE
from kgraph.names import normalise_name
from kgraph.rdf.facts import canonical, fact_iri
from kgraph.rdf.iri import entity_iri
from kgraph.rdf.namespaces import (CORRECTION, CORRECTIONS_GRAPH, DOC, FACTS_GRAPH, KG, SCORED_PREDICATES,
                                   SYMMETRIC_PREDICATES)
from kgraph.rdf.sparql import sparql_term

C = f"<{CORRECTIONS_GRAPH}>"
F = f"<{FACTS_GRAPH}>"
SYMMETRIC = ", ".join(f"kg:{p}" for p in sorted(SYMMETRIC_PREDICATES))
SCORED = " ".join(f"kg:{p}" for p in SCORED_PREDICATES)
IN_DOCUMENT = f'FILTER(STRSTARTS(STR(?g), "{DOC}"))'
DIRECT_GRAPHS = f'FILTER(?g = {F} || STRSTARTS(STR(?g), "{DOC}"))'
COARSE_TYPES = tuple(sorted(set(COARSE.values())))

# terms made once
SUBJECT, OBJECT, MENTIONS = KG.subject, KG.object, KG.mentions
LINKED_SUBJECT, LINKED_OBJECT, LINKED_MENTION, MENTION_BY_MERGE = (
    KG.linkedSubject, KG.linkedObject, KG.linkedMention, KG.mentionByMerge)
PREDICATES = frozenset(KG[p] for p in SCORED_PREDICATES)


def alias_key(target: str, name: str) -> str:
    """The id of an alias's own entry in the reference list an ingest uses (kgraph/ingest/corrections_apply.py)."""
    return "Alias_" + hashlib.sha1(f"{target}\x00{normalise_name(name)}".encode("utf-8")).hexdigest()[:12]


def alias_iris(name: str, target: str | None = None) -> list[str]:
    """The IRIs extraction gives an entity it finds under `name`: discovered (one per coarse type), and
    with `target`, the alias's own reference entry."""
    found = [str(entity_iri(name, t)) for t in COARSE_TYPES]
    return found + [str(entity_iri(alias_key(target, name)))] if target else found


@dataclass
class Corrections:
    """What the corrections graph says, in the form ingest applies it."""

    mapping: dict[str, str] = field(default_factory=dict)        # linked entity IRI -> the entity it is now
    rejected: set[tuple[str, str, str]] = field(default_factory=set)   # canonical fact keys

    def __bool__(self) -> bool:
        return bool(self.mapping or self.rejected)

    def hide(self, touched: Iterable[tuple[str, str, str]]) -> str:
        """The update for the rejected facts among the facts a write recomputed ('' if none):
        HIDE_REJECTED, after recording the rejection of any fact of an entity with itself that a
        document written after a merge (or an alias) into that entity states (self_rejections)."""
        touched = set(touched)
        selfs = sorted(k for k in touched if k[0] == k[2] and k not in self.rejected) if self.mapping else []
        if not selfs and (not self.rejected or self.rejected.isdisjoint(touched)):
            return ""
        return " ;\n".join([self_rejection(k) for k in selfs] + [HIDE_REJECTED])


def rejection_iri(key: tuple[str, str, str]) -> URIRef:
    """The node of the rejection of a fact (a canonical key), whoever makes it."""
    return CORRECTION["reject/" + hashlib.sha1("\x00".join(key).encode("utf-8")).hexdigest()[:16]]


def self_rejection(key: tuple[str, str, str]) -> str:
    """The update that rejects a fact of an entity with itself in the name of the merges and aliases
    into that entity (kg:madeBy each, by the first of their authors), unless it is rejected already
    or no merge or alias into it remains; a split withdraws it with the last of them."""
    s, p, _ = (sparql_term(URIRef(x)) for x in key)
    node, fact = sparql_term(rejection_iri(key)), sparql_term(URIRef(fact_iri(*key)))
    def into(m: str) -> str:        # the merges and aliases into the entity
        return f"{{ {m} a kg:Merge ; kg:survivor {s} }} UNION {{ {m} a kg:Alias ; kg:aliasOf {s} }}"
    return f"""INSERT {{ GRAPH {C} {{ {node} a kg:Rejection ; kg:rejectedFact {fact} ; kg:rejectedSubject {s} ;
    kg:rejectedPredicate {p} ; kg:rejectedObject {s} ; kg:madeBy ?m ; kg:correctedBy ?by ; kg:correctedAt ?at ;
    kg:reason "a fact of an entity with itself, stated by a document written after a merge into it" }} }}
WHERE {{ {{ SELECT (MIN(?who) AS ?by) WHERE {{ GRAPH {C} {{ {into("?m0")} ?m0 kg:correctedBy ?who }} }} }}
        GRAPH {C} {{ {into("?m")} }} BIND(NOW() AS ?at)
        FILTER NOT EXISTS {{ GRAPH {C} {{ {node} a kg:Rejection }} }} }}"""


LOAD_QUERY = """SELECT ?kind ?a ?b ?name ?s ?p ?o WHERE { GRAPH kgg:corrections {
  { ?c a kg:Merge ; kg:survivor ?a ; kg:mergedEntity ?b BIND("merge" AS ?kind) }
  UNION { ?c a kg:Alias ; kg:aliasOf ?a ; kg:aliasName ?name BIND("alias" AS ?kind) }
  UNION { ?c a kg:Rejection ; kg:rejectedSubject ?s ; kg:rejectedPredicate ?p ; kg:rejectedObject ?o
          BIND("reject" AS ?kind) } } }"""


def load(store) -> Corrections:
    """The corrections stored in `store` (empty when it has none)."""
    out = Corrections()
    aliases = []
    for r in store.query(LOAD_QUERY):
        kind = str(r["kind"])
        if kind == "merge":
            out.mapping[str(r["b"])] = str(r["a"])
        elif kind == "alias":
            aliases.append((str(r["a"]), str(r["name"])))
        else:
            out.rejected.add(canonical(str(r["s"]), str(r["p"]), str(r["o"])))
    for target, name in aliases:
        for iri in alias_iris(name, target):
            if iri != target:
                out.mapping.setdefault(iri, target)
    out.mapping = flatten(out.mapping)
    return out


def flatten(mapping: dict[str, str]) -> dict[str, str]:
    """Each entity straight to its final survivor (B -> A -> C gives B -> C); a cycle stops where it closes."""
    flat = {}
    for start in mapping:
        seen, x = {start}, mapping[start]
        while x in mapping and x not in seen:
            seen.add(x)
            x = mapping[x]
        if x != start:
            flat[start] = x
    return flat


def rewrite(triples: Iterable[tuple], mapping: dict[str, str]) -> list[tuple]:
    """A new document graph's triples with merged and aliased entities mapped to their survivor, and
    what extraction linked kept beside (as `remap_update` does to stored graphs)."""
    triples = list(triples)
    m = {URIRef(k): URIRef(v) for k, v in mapping.items()}
    mentioned = {o for _, p, o in triples if p == MENTIONS}
    out: dict[tuple, None] = {}
    for s, p, o in triples:
        if p in (SUBJECT, OBJECT) and o in m:
            out[(s, p, m[o])] = None
            out[(s, LINKED_SUBJECT if p == SUBJECT else LINKED_OBJECT, o)] = None
        elif p in PREDICATES and (s in m or o in m):
            out[(m.get(s, s), p, m.get(o, o))] = None
        elif p == MENTIONS and o in m:
            out[(s, p, m[o])] = None
            out[(s, LINKED_MENTION, o)] = None
            if m[o] not in mentioned:
                out[(s, MENTION_BY_MERGE, m[o])] = None
        else:
            out[(s, p, o)] = None
    return list(out)


def _pairs(pairs: dict[str, str]) -> str:
    rows = " ".join(f"({sparql_term(URIRef(a))} {sparql_term(URIRef(b))})" for a, b in sorted(pairs.items()))
    return f"VALUES (?old ?new) {{ {rows} }}"


def remap_update(pairs: dict[str, str]) -> list[str]:
    """Update operations that map each `old` entity to `new` in every stored document graph, keeping
    what extraction linked (the first link only: a merged entity merged again keeps its first)."""
    v = _pairs(pairs)
    ops = []
    for prop, linked in (("kg:subject", "kg:linkedSubject"), ("kg:object", "kg:linkedObject")):
        ops.append(f"""DELETE {{ GRAPH ?g {{ ?rel {prop} ?old }} }}
INSERT {{ GRAPH ?g {{ ?rel {prop} ?new ; {linked} ?first }} }}
WHERE {{ {v} GRAPH ?g {{ ?rel {prop} ?old OPTIONAL {{ ?rel {linked} ?had }} }} {IN_DOCUMENT}
        BIND(IF(BOUND(?had), ?none, ?old) AS ?first) }}""")
    ops.append(f"""DELETE {{ GRAPH ?g {{ ?old ?p ?x }} }} INSERT {{ GRAPH ?g {{ ?new ?p ?x }} }}
WHERE {{ {v} VALUES ?p {{ {SCORED} }} GRAPH ?g {{ ?old ?p ?x }} {IN_DOCUMENT} }}""")
    ops.append(f"""DELETE {{ GRAPH ?g {{ ?x ?p ?old }} }} INSERT {{ GRAPH ?g {{ ?x ?p ?new }} }}
WHERE {{ {v} VALUES ?p {{ {SCORED} }} GRAPH ?g {{ ?x ?p ?old }} {IN_DOCUMENT} }}""")
    # a mention: the survivor is mentioned; the old one is kept as linked unless only a merge put it there.
    # EXISTS, not OPTIONAL: an OPTIONAL { ?d kg:mentions ?new } is evaluated before ?new is joined with
    # the VALUES, so it binds ?new to every other entity of the document and the join then drops it
    ops.append(f"""DELETE {{ GRAPH ?g {{ ?d kg:mentions ?old ; kg:mentionByMerge ?old }} }}
INSERT {{ GRAPH ?g {{ ?d kg:mentions ?new ; kg:linkedMention ?linked ; kg:mentionByMerge ?bymerge }} }}
WHERE {{ {v} GRAPH ?g {{ ?d kg:mentions ?old }} {IN_DOCUMENT}
        BIND(IF(EXISTS {{ GRAPH ?g {{ ?d kg:mentionByMerge ?old }} }}, ?none, ?old) AS ?linked)
        BIND(IF(EXISTS {{ GRAPH ?g {{ ?d kg:mentions ?new }} }}, ?none, ?new) AS ?bymerge) }}""")
    return ops


def restore_update(merged: Iterable[str], survivor: str, still: Iterable[str]) -> list[str]:
    """Update operations that undo a merge in the stored document graphs: what extraction linked to
    one of `merged` is theirs again, and the direct triples of the graphs involved are made again
    from their relation nodes. `still`: the entities that stay mapped to `survivor` (a document that
    mentions it only through them keeps the mention)."""
    olds = " ".join(sparql_term(URIRef(x)) for x in sorted(set(merged)))
    keep = " ".join(sparql_term(URIRef(x)) for x in sorted(set(still)))
    s = sparql_term(URIRef(survivor))
    ops = []
    graphs = f"""{{ SELECT DISTINCT ?g WHERE {{ VALUES ?old {{ {olds} }}
      GRAPH ?g {{ ?rel kg:linkedSubject|kg:linkedObject ?old }} {IN_DOCUMENT} }} }}"""
    # the direct triples of those graphs go first, and come back from the restored relation nodes
    ops.append(f"""DELETE {{ GRAPH ?g {{ ?x ?p ?y }} }}
WHERE {{ {graphs} VALUES ?p {{ {SCORED} }} GRAPH ?g {{ ?x ?p ?y }} }}""")
    for prop, linked in (("kg:subject", "kg:linkedSubject"), ("kg:object", "kg:linkedObject")):
        ops.append(f"""DELETE {{ GRAPH ?g {{ ?rel {prop} ?now }} }} INSERT {{ GRAPH ?g {{ ?rel {prop} ?old }} }}
WHERE {{ VALUES ?old {{ {olds} }} GRAPH ?g {{ ?rel {linked} ?old ; {prop} ?now }} {IN_DOCUMENT} }}""")
    ops.append(f"""INSERT {{ GRAPH ?g {{ ?x ?p ?y }} }}
WHERE {{ {graphs} GRAPH ?g {{ ?rel a kg:Relationship ; kg:subject ?x ; kg:predicate ?p ; kg:object ?y }} }}""")
    ops.append(f"""DELETE {{ GRAPH ?g {{ ?rel ?linked ?old }} }}
WHERE {{ VALUES ?old {{ {olds} }} VALUES ?linked {{ kg:linkedSubject kg:linkedObject }} GRAPH ?g {{ ?rel ?linked ?old }}
        {IN_DOCUMENT} }}""")
    ops.append(f"""DELETE {{ GRAPH ?g {{ ?d kg:linkedMention ?old }} }} INSERT {{ GRAPH ?g {{ ?d kg:mentions ?old }} }}
WHERE {{ VALUES ?old {{ {olds} }} GRAPH ?g {{ ?d kg:linkedMention ?old }} {IN_DOCUMENT} }}""")
    ops.append(f"""DELETE {{ GRAPH ?g {{ ?d kg:mentions {s} ; kg:mentionByMerge {s} }} }}
WHERE {{ GRAPH ?g {{ ?d kg:mentionByMerge {s} }} {IN_DOCUMENT}
        FILTER NOT EXISTS {{ VALUES ?x {{ {keep} }} GRAPH ?g {{ ?d kg:linkedMention ?x }} }} }}""")
    return ops


def affected_documents_query(entities: Iterable[str], linked: bool = False) -> str:
    """The document graphs where extraction linked one of `entities` (`linked`: where a merge mapped it)."""
    v = "VALUES ?e { " + " ".join(sparql_term(URIRef(e)) for e in sorted(set(entities))) + " }"
    if linked:
        where = "{ ?x kg:linkedMention ?e } UNION { ?x kg:linkedSubject ?e } UNION { ?x kg:linkedObject ?e }"
    else:
        where = "{ ?x kg:mentions ?e } UNION { ?x kg:subject ?e } UNION { ?x kg:object ?e }"
    return f"SELECT DISTINCT ?g WHERE {{ {v} GRAPH ?g {{ {where} }} {IN_DOCUMENT} }}"


# every alias and merged name as an skos:altLabel of its entity, made again after each change
ALT_LABELS = f"""DELETE {{ GRAPH {C} {{ ?e skos:altLabel ?n }} }} WHERE {{ GRAPH {C} {{ ?e skos:altLabel ?n }} }} ;
INSERT {{ GRAPH {C} {{ ?e skos:altLabel ?n }} }}
WHERE {{ GRAPH {C} {{ {{ ?c kg:aliasOf ?e ; kg:aliasName ?n }} UNION {{ ?c kg:survivor ?e ; kg:mergedName ?n }} }} }}"""

# the rejected facts out of the facts graph: their nodes, their direct triples there and in the document
# graphs (both ways round for a symmetric predicate; the relation nodes keep the sentences), and the degree of the entities they join counted again without them
HIDE_REJECTED = f"""DELETE {{ GRAPH {F} {{ ?f ?p ?o }} }}
WHERE {{ GRAPH {C} {{ ?r a kg:Rejection ; kg:rejectedFact ?f }} GRAPH {F} {{ ?f ?p ?o }} }} ;
DELETE {{ GRAPH ?g {{ ?s ?pr ?ob }} }}
WHERE {{ GRAPH {C} {{ ?r a kg:Rejection ; kg:rejectedSubject ?s ; kg:rejectedPredicate ?pr ; kg:rejectedObject ?ob }}
        GRAPH ?g {{ ?s ?pr ?ob }} {DIRECT_GRAPHS} }} ;
DELETE {{ GRAPH ?g {{ ?ob ?pr ?s }} }}
WHERE {{ GRAPH {C} {{ ?r a kg:Rejection ; kg:rejectedSubject ?s ; kg:rejectedPredicate ?pr ; kg:rejectedObject ?ob }}
        FILTER(?pr IN ({SYMMETRIC})) GRAPH ?g {{ ?ob ?pr ?s }} {DIRECT_GRAPHS} }} ;
DELETE {{ GRAPH {F} {{ ?e kg:degree ?k }} }}
WHERE {{ GRAPH {C} {{ ?r a kg:Rejection ; kg:rejectedSubject|kg:rejectedObject ?e }} GRAPH {F} {{ ?e kg:degree ?k }} }} ;
INSERT {{ GRAPH {F} {{ ?e kg:degree ?k }} }}
WHERE {{ {{ SELECT ?e (COUNT(DISTINCT ?x) AS ?k) WHERE {{
  {{ SELECT DISTINCT ?e WHERE {{ GRAPH {C} {{ ?r a kg:Rejection ; kg:rejectedSubject|kg:rejectedObject ?e }} }} }}
  GRAPH {F} {{ {{ ?f kg:factSubject ?e ; kg:factObject ?x }} UNION {{ ?f kg:factObject ?e ; kg:factSubject ?x }} }}
  FILTER(?x != ?e) }} GROUP BY ?e }} }}"""


def restore_direct(key: tuple[str, str, str]) -> str:
    """The update that gives a fact's direct triples back to the document graphs whose relation
    nodes state it (a rejection withdrawn)."""
    a, p, b = (sparql_term(URIRef(x)) for x in key)
    return f"""INSERT {{ GRAPH ?g {{ ?x {p} ?y }} }}
WHERE {{ {{ BIND({a} AS ?x) BIND({b} AS ?y) }} UNION {{ BIND({b} AS ?x) BIND({a} AS ?y) FILTER({p} IN ({SYMMETRIC})) }}
        GRAPH ?g {{ ?rel kg:subject ?x ; kg:predicate {p} ; kg:object ?y }} {IN_DOCUMENT} }}"""


def not_rejected(s: str = "?s", p: str = "?p", o: str = "?o") -> str:
    """A filter for queries over relation nodes: the statement is not of a rejected fact (either way
    round for a symmetric predicate)."""
    return (f"FILTER NOT EXISTS {{ GRAPH kgg:corrections {{ ?rejection_ kg:rejectedSubject {s} ; "
            f"kg:rejectedPredicate {p} ; kg:rejectedObject {o} }} }}\n"
            f"  FILTER NOT EXISTS {{ GRAPH kgg:corrections {{ ?rejection_ kg:rejectedSubject {o} ; "
            f"kg:rejectedPredicate {p} ; kg:rejectedObject {s} }} FILTER({p} IN ({SYMMETRIC})) }}")


__all__ = ["Corrections", "load", "survivor", "flatten", "rewrite", "remap_update", "restore_update", "alias_iris",
           "affected_documents_query", "ALT_LABELS", "HIDE_REJECTED", "rejection_iri", "self_rejection", "restore_direct", "not_rejected", "CORRECTIONS_GRAPH"]


def survivor(store, iri):
    """The entity `iri` stands for now: its survivor when it was merged (or discovered under an
    alias's name), else itself. What every name lookup returns."""
    if not store.has_graph(CORRECTIONS_GRAPH):
        return iri
    now = load(store).mapping.get(str(iri))
    return URIRef(now) if now else iri
