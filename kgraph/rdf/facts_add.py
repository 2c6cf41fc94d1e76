"""Adding new documents to the facts graph without recounting: the summaries are sums, unions,
minima and maxima, so the stored summary of a fact or an entity and the new documents' statements
give the new summary. Used for batches of documents that are not yet in the store (the common
case); a replaced or removed document needs the recount of facts.py. The two must agree, and
tests/test_facts.py checks that they do against a rebuild.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kgraph.model import MODALITIES
from kgraph.rdf.facts import F, LAYOUT_IF_NEW, NAME_KEY, canonical, month_predicate, direct_triples, fact_iri, modality_rank, rank_property
from kgraph.rdf.namespaces import FACTS_GRAPH, KG
from kgraph.rdf.ntriples import term as nt
from kgraph.rdf.sparql import sparql_term

# terms made once: an rdflib namespace makes a new URIRef on every attribute access (millions per ingest)
SUBJECT, PREDICATE, OBJECT, MODALITY, ROLE = KG.subject, KG.predicate, KG.object, KG.modality, KG.role
CONFIDENCE = KG.confidence
PUBLISHED, MENTIONS, DISCOVERED, TYPE, LABEL = KG.published, KG.mentions, KG.discovered, RDF.type, RDFS.label
RELATION_PROPS = frozenset((SUBJECT, PREDICATE, OBJECT, MODALITY, ROLE, CONFIDENCE))
ENTITY_PROPS = frozenset((TYPE, LABEL, DISCOVERED))
TRUE = Literal(True)
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")     # a published value that dates a fact (as facts.py's REGEX)


@dataclass
class FactSummary:
    docs: int = 0
    relations: int = 0
    modalities: set = field(default_factory=set)      # rdflib literals
    roles: set = field(default_factory=set)
    first: tuple[str, str] | None = None              # (date, document IRI) of the earliest dated statement
    last: str | None = None
    confidence: Literal | None = None                 # the highest kg:confidence of its statements


def _max_confidence(a: Literal | None, b: Literal | None) -> Literal | None:
    if a is None or b is None:
        return a if b is None else b
    return b if float(b) > float(a) else a


@dataclass
class EntityNews:
    docs: int = 0
    types: set = field(default_factory=set)
    labels: set = field(default_factory=set)
    discovered: bool = False


def statements(graphs: list[tuple[URIRef, list]]) -> tuple[dict, dict]:
    """What the new document graphs add: per fact key a FactSummary, per mentioned entity its news."""
    facts: dict[tuple, FactSummary] = {}
    entities: dict[str, EntityNews] = {}
    for doc, triples in graphs:
        date = None
        rels: dict = {}
        mentioned: set = set()
        by_subject: dict = {}
        for s, p, o in triples:
            if p in RELATION_PROPS:
                rels.setdefault(s, {}).setdefault(p, []).append(o)
            elif p in ENTITY_PROPS:
                by_subject.setdefault(s, []).append((p, o))
            elif p == MENTIONS:
                mentioned.add(o)
            elif p == PUBLISHED and s == doc:
                day = str(o)[:10]
                date = day if ISO_DAY.fullmatch(day) else None      # a date in other words: undated
        seen_keys: set = set()
        for r in rels.values():
            if SUBJECT not in r or PREDICATE not in r or OBJECT not in r:
                continue
            key = canonical(str(r[SUBJECT][0]), str(r[PREDICATE][0]), str(r[OBJECT][0]))
            f = facts.setdefault(key, FactSummary())
            f.relations += 1
            if key not in seen_keys:
                f.docs += 1
                seen_keys.add(key)
            f.modalities.update(r.get(MODALITY, ()))
            f.roles.update(r.get(ROLE, ()))
            for c in r.get(CONFIDENCE, ()):
                f.confidence = _max_confidence(f.confidence, c)
            if date:
                f.first = min(f.first, (date, str(doc))) if f.first else (date, str(doc))
                f.last = max(f.last, date) if f.last else date
        for e in mentioned:
            news = entities.setdefault(str(e), EntityNews())
            news.docs += 1
            for p, o in by_subject.get(e, ()):
                if p == TYPE:
                    news.types.add(o)
                elif p == LABEL:
                    news.labels.add(o)
                elif o == TRUE:
                    news.discovered = True
    return facts, entities


def stored_facts_query(keys: Iterable[tuple]) -> str:
    nodes = " ".join(f"<{fact_iri(*k)}>" for k in sorted(keys))
    return f"SELECT ?f ?p ?o WHERE {{ VALUES ?f {{ {nodes} }} GRAPH {F} {{ ?f ?p ?o }} }}"


def stored_entities_query(entities: Iterable[str]) -> str:
    """What the facts graph holds of these entities (their summary, not the facts they are in). One
    union branch per property, each with its own VALUES: with the property a variable the store
    scanned every triple of a hub (0.22 s instead of 0.01 s for 370 entities)."""
    values = "VALUES ?e { " + " ".join(sparql_term(URIRef(e)) for e in sorted(entities)) + " }"
    branches = [f"{{ {values} GRAPH {F} {{ ?e {sparql_term(x)} ?o }} BIND({sparql_term(x)} AS ?p) }}"
                for x in (TYPE, LABEL, KG.documentCount, DISCOVERED, KG.degree)]
    return "SELECT ?e ?p ?o WHERE { " + " UNION ".join(branches) + " }"


def known_pairs_query(pairs: Iterable[tuple[str, str]]) -> str:
    """Which of these entity pairs already have a fact together (either way round, any predicate)."""
    values = "VALUES (?a ?b) { " + " ".join(f"({sparql_term(URIRef(a))} {sparql_term(URIRef(b))})"
                                            for a, b in sorted(pairs)) + " }"
    # the direct triple `a p b` of each fact: looked up by subject and object at once
    return (f"SELECT DISTINCT ?a ?b WHERE {{ {{ {values} GRAPH {F} {{ ?a ?p ?b }} }} "
            f"UNION {{ {values} GRAPH {F} {{ ?b ?p ?a }} }} }}")


def merge_statements(parts: Iterable[tuple[dict, dict]]) -> tuple[dict, dict]:
    """The statements of several documents (each from `statements`, made where they were extracted)."""
    facts: dict[tuple, FactSummary] = {}
    entities: dict[str, EntityNews] = {}
    for part_facts, part_entities in parts:
        for key, f in part_facts.items():
            facts[key] = _combine(facts.get(key), f)
        for e, n in part_entities.items():
            have = entities.get(e)
            if have is None:
                entities[e] = EntityNews(n.docs, set(n.types), set(n.labels), n.discovered)
            else:
                have.docs += n.docs
                have.types |= n.types
                have.labels |= n.labels
                have.discovered = have.discovered or n.discovered
    return facts, entities


def _combine(a: FactSummary | None, b: FactSummary) -> FactSummary:
    """Two summaries of one fact as one: sums, unions, the earliest first and the latest last."""
    if a is None:
        return FactSummary(b.docs, b.relations, set(b.modalities), set(b.roles), b.first, b.last, b.confidence)
    first = min(x for x in (a.first, b.first) if x) if (a.first or b.first) else None
    last = max(x for x in (a.last, b.last) if x) if (a.last or b.last) else None
    return FactSummary(a.docs + b.docs, a.relations + b.relations, a.modalities | b.modalities, a.roles | b.roles,
                       first, last, _max_confidence(a.confidence, b.confidence))


def _summary(rows: list) -> FactSummary:
    """A stored fact node's summary from its (property, value) pairs."""
    m = FactSummary()
    first_date = first_doc = None
    for p, o in rows:
        if p == KG.documentCount:
            m.docs += int(o)
        elif p == KG.relationCount:
            m.relations += int(o)
        elif p == KG.factModality:
            m.modalities.add(o)
        elif p == KG.factRole:
            m.roles.add(o)
        elif p == KG.firstDate:
            first_date = str(o)
        elif p == KG.firstDocument:
            first_doc = str(o)
        elif p == KG.lastDate:
            m.last = str(o)
        elif p == KG.maxConfidence:
            m.confidence = o
    if first_date and first_doc:
        m.first = (first_date, first_doc)
    return m


@dataclass
class EntityState:
    """What the facts graph holds of an entity's summary."""
    docs: int = 0
    types: set = field(default_factory=set)
    labels: set = field(default_factory=set)
    discovered: bool = False
    degree: int = 0


_XSD_INT, _XSD_DATE = f"^^<{XSD.integer}>", f"^^<{XSD.date}>"
_T, _FACT = f"<{RDF.type}>", f"<{KG.Fact}>"
_FS, _FP, _FO = f"<{KG.factSubject}>", f"<{KG.factPredicate}>", f"<{KG.factObject}>"
_DOCS, _RELS, _STRONG = f"<{KG.documentCount}>", f"<{KG.relationCount}>", f"<{KG.strongestModality}>"
_MOD, _ROLE, _CONF = f"<{KG.factModality}>", f"<{KG.factRole}>", f"<{KG.maxConfidence}>"
_FIRST, _LAST, _FDOC = f"<{KG.firstDate}>", f"<{KG.lastDate}>", f"<{KG.firstDocument}>"
_MONTHPRED = f"<{KG.monthPredicate}>"
_DEGREE, _LABEL, _DISCOVERED = f"<{KG.degree}>", f"<{RDFS.label}>", f"<{KG.discovered}>"
_TRUE = f'"true"^^<{XSD.boolean}>'


def _fact_structure(key: tuple) -> list[str]:
    """The lines of a fact node that never change: its type, its three parts and the direct triple
    (both ways round for a symmetric predicate)."""
    node, (s, p, o) = f"<{fact_iri(*key)}>", (f"<{x}>" for x in key)
    return [f"{node} {_T} {_FACT} .", f"{node} {_FS} {s} .", f"{node} {_FP} {p} .", f"{node} {_FO} {o} ."] + \
        [f"<{a}> <{b}> <{c}> ." for a, b, c in direct_triples(*key)]


def _fact_summary_lines(key: tuple, f: FactSummary) -> set[str]:
    """The lines of a fact node's summary, in N-Triples (as INSERT DATA and DELETE DATA take them)."""
    node = f"<{fact_iri(*key)}>"
    rank = min(MODALITIES.index(str(m)) for m in f.modalities)
    lines = {f'{node} {_DOCS} "{f.docs}"{_XSD_INT} .', f'{node} {_RELS} "{f.relations}"{_XSD_INT} .',
             f'{node} {_STRONG} "{MODALITIES[rank]}" .'}
    lines |= {f"{node} {_MOD} {nt(m)} ." for m in f.modalities} | {f"{node} {_ROLE} {nt(r)} ." for r in f.roles}
    first = f.first[0] if f.first else None
    lines.add(f'{node} <{rank_property(MODALITIES[rank])}> "{modality_rank(f.docs, first)}"{_XSD_INT} .')
    if f.first:
        lines |= {f'{node} {_FIRST} "{f.first[0]}"{_XSD_DATE} .', f"{node} {_FDOC} <{f.first[1]}> .",
                  f'{node} {_MONTHPRED} "{month_predicate(f.first[0], key[1])}" .'}
    if f.last:
        lines.add(f'{node} {_LAST} "{f.last}"{_XSD_DATE} .')
    if f.confidence is not None:
        lines.add(f"{node} {_CONF} {nt(f.confidence)} .")
    return lines


def _count_line(node: str, prop: str, n: int) -> str:
    return f'{node} {prop} "{n}"{_XSD_INT} .'


class FactsIndex:
    """The facts graph's summaries of the facts and entities one writer has touched: read from the
    store the first time they are touched, then kept here, so that a hub in every batch of an ingest
    is read once, not once a batch. Right while this writer is the only one (the embedded store's
    lock; one ingest against a server); `forget()` after anything else changed the facts graph (a
    recount of replaced or removed documents, a reindex)."""

    def __init__(self):
        self.facts: dict[tuple, FactSummary | None] = {}    # None: not in the store
        self.entities: dict[str, EntityState] = {}
        self.pairs: set[tuple[str, str]] = set()             # entity pairs known to share a fact

    def forget(self) -> None:
        self.facts.clear()
        self.entities.clear()
        self.pairs.clear()

    def _read(self, store, new_facts: dict, touched: set[str]) -> None:
        unknown = [k for k in new_facts if k not in self.facts]
        if unknown:
            rows: dict[str, list] = {}
            for r in store.query(stored_facts_query(unknown)):
                rows.setdefault(str(r["f"]), []).append((r["p"], r["o"]))
            for k in unknown:
                found = rows.get(fact_iri(*k))
                self.facts[k] = _summary(found) if found else None
                if found and k[0] != k[2]:
                    self.pairs.add(tuple(sorted((k[0], k[2]))))
        unknown_entities = sorted(e for e in touched if e not in self.entities)
        if unknown_entities:
            held = {e: EntityState() for e in unknown_entities}
            for r in store.query(stored_entities_query(unknown_entities)):
                e, p, o = held[str(r["e"])], r["p"], r["o"]
                if p == TYPE:
                    e.types.add(o)
                elif p == LABEL:
                    e.labels.add(o)
                elif p == KG.documentCount:
                    e.docs = int(o)
                elif p == KG.degree:
                    e.degree = int(o)
                elif p == DISCOVERED and o == TRUE:
                    e.discovered = True
            self.entities.update(held)

    def addition(self, store, new_facts: dict, new_entities: dict) -> str:
        """The update operations (no prologue) that add these statements of new documents (from
        `statements` or `merge_statements`) to the facts graph, and this index's view with them.
        Only what changes is written: a hub's summary is one count, not its whole node again."""
        pairs = {tuple(sorted((k[0], k[2]))) for k in new_facts if k[0] != k[2]}
        unsure = pairs - self.pairs
        self._read(store, new_facts, set(new_entities) | {e for pair in unsure for e in pair})
        unsure -= self.pairs                          # what the facts just read showed
        if unsure:
            known = store.query(known_pairs_query(unsure))
            self.pairs |= {tuple(sorted((str(r["a"]), str(r["b"])))) for r in known}
            unsure -= self.pairs
        delete: list[str] = []
        insert: list[str] = []
        for key, f in new_facts.items():
            before = self.facts.get(key)
            after = _combine(before, f)
            new = _fact_summary_lines(key, after)
            if before is None:
                insert += _fact_structure(key)
                insert += new
            else:
                old = _fact_summary_lines(key, before)
                delete += old - new
                insert += new - old
            self.facts[key] = after
        # degrees: one more for each neighbour an entity had no fact with before
        gained: dict[str, int] = {}
        for a, b in unsure:
            gained[a] = gained.get(a, 0) + 1
            gained[b] = gained.get(b, 0) + 1
        self.pairs |= pairs
        names: list[str] = []
        for e in sorted(set(new_entities) | set(gained)):
            node, have = f"<{e}>", self.entities[e]
            news = new_entities.get(e)
            if news is not None:
                if have.docs:
                    delete.append(_count_line(node, _DOCS, have.docs))
                have.docs += news.docs
                insert.append(_count_line(node, _DOCS, have.docs))
                insert += [f"{node} {_T} {nt(c)} ." for c in news.types - have.types]
                fresh = news.labels - have.labels
                insert += [f"{node} {_LABEL} {nt(label)} ." for label in fresh]
                names += [f"({node} {sparql_term(label)})" for label in sorted(fresh)]
                have.types |= news.types
                have.labels |= fresh
                if news.discovered and not have.discovered:
                    insert.append(f"{node} {_DISCOVERED} {_TRUE} .")
                    have.discovered = True
            if gained.get(e):
                if have.degree:
                    delete.append(_count_line(node, _DEGREE, have.degree))
                have.degree += gained[e]
                insert.append(_count_line(node, _DEGREE, have.degree))
        ops = [LAYOUT_IF_NEW]                 # a new store's facts graph starts with its layout
        if delete:
            ops.append(f"DELETE DATA {{ GRAPH {F} {{\n" + "\n".join(delete) + "\n} }")
        if insert:
            ops.append(f"INSERT DATA {{ GRAPH {F} {{\n" + "\n".join(insert) + "\n} }")
        if names:
            ops.append(f"""INSERT {{ GRAPH {F} {{ ?e kg:nameKey ?key }} }}
WHERE {{ VALUES (?e ?name) {{ {' '.join(names)} }} BIND({NAME_KEY} AS ?key) FILTER(?key != "") }}""")
        return " ;\n".join(ops)


__all__ = ["statements", "merge_statements", "FactsIndex", "FactSummary", "EntityNews", "FACTS_GRAPH"]
