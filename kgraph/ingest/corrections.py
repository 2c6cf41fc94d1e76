"""The analyst's corrections, written: merge, alias, split, reject and its withdrawal, and the list
of them (KGraph.merge, .alias, .split, .reject, .unreject, .corrections call these with entities
already resolved). What they store and how they are applied: kgraph/rdf/corrections.py.

Each correction is one SPARQL Update: the record in the corrections graph, the document graphs
it remaps, and the facts and entities it changes in the facts graph, in one transaction.
"""
from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from kgraph.errors import KgraphError
from kgraph.ingest.fact_names import parse_fact
from kgraph.names import normalise_name
from kgraph.rdf import corrections as rc
from kgraph.rdf import facts
from kgraph.rdf.namespaces import CORRECTION, FACTS_GRAPH, KG, SYMMETRIC_PREDICATES
from kgraph.rdf.ntriples import serialize as ntriples
from kgraph.rdf.sparql import sparql_term
from kgraph.store.base import Store

C = rc.C
NAMES = "rdfs:label|skos:prefLabel|skos:altLabel"


def who(by: str | None) -> str:
    """Who makes a correction: `by`, else $KGRAPH_USER, else the login name."""
    if by:
        return by
    if os.environ.get("KGRAPH_USER"):
        return os.environ["KGRAPH_USER"]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _now(at: dt.datetime | None) -> Literal:
    at = (at or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    return Literal(at.strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=XSD.dateTime, normalize=False)


def _node(kind: str, *parts: str) -> URIRef:
    return CORRECTION[f"{kind}/" + hashlib.sha1("\x00".join(parts).encode("utf-8")).hexdigest()[:16]]


def _record(node: URIRef, cls: str, props: list[tuple], by: str | None, reason: str | None,
            at: dt.datetime | None) -> str:
    triples = [(node, RDF.type, KG[cls])]
    triples += [(node, p, o) for p, o in props]
    triples += [(node, KG.correctedBy, Literal(who(by))), (node, KG.correctedAt, _now(at))]
    if reason:
        triples.append((node, KG.reason, Literal(reason)))
    return f"INSERT DATA {{ GRAPH {C} {{\n{ntriples(triples)}}} }}"


def _drop(node: URIRef) -> str:
    n = sparql_term(node)
    return f"DELETE WHERE {{ GRAPH {C} {{ {n} ?p ?o }} }}"


def _label(store: Store, iri: str, lang: str = "en") -> str:
    """An entity's name as the other outputs show it: the reference list's in `lang`, else a name
    the documents gave it."""
    rows = store.query(f"""SELECT ?rank ?n WHERE {{ BIND({sparql_term(URIRef(iri))} AS ?e)
        {{ GRAPH kgg:reference {{ ?e skos:prefLabel ?n FILTER(LANG(?n) = "{lang}") }} BIND(0 AS ?rank) }}
        UNION {{ GRAPH kgg:facts {{ ?e rdfs:label ?n }} BIND(1 AS ?rank) }}
        UNION {{ ?e rdfs:label|skos:prefLabel ?n BIND(2 AS ?rank) }} }}""")
    names = sorted((int(r["rank"]), str(r["n"])) for r in rows)
    return names[0][1] if names else str(iri).rsplit("/", 1)[-1]


def _documents(store: Store, entities, linked: bool = False) -> list[URIRef]:
    return [r["g"] for r in store.query(rc.affected_documents_query(entities, linked))]


def _substituted(keys, old: str, new: str) -> set:
    """The fact keys with `old` replaced by `new`, in canonical direction."""
    out = set()
    for s, p, o in keys:
        out.add(facts.canonical(new if s == old else s, p, new if o == old else o))
    return out


@dataclass
class MadeBy:
    """The correction (a merge or an alias) whose mapping makes further rejections, and in whose
    words: `what` ("merging 모아랩 into SoftBank Group"), `by` and `at` as the correction's."""
    node: URIRef
    what: str
    by: str | None
    at: dt.datetime | None


def _rejections_made(store: Store, rejected: set, pairs: dict[str, str], after: set, made: MadeBy) -> list[str]:
    """The rejections a mapping makes, recorded with kg:madeBy (withdrawn with the merge or alias):
    a fact of an entity with itself (two entities with a fact between them became one), and the
    fact a rejected one becomes (the analyst said the text does not state it; a new name for one
    of its entities does not make it true)."""
    ops = []
    made_keys = set()
    # the rejections that merges or aliases made: made again, they name this correction too (kg:madeBy
    # each), so that a split of one of them leaves them while another still makes them
    made_before = {canonical_key(r): r["r"] for r in store.query(
        f"""SELECT DISTINCT ?r ?s ?p ?o WHERE {{ GRAPH {C} {{ ?r kg:madeBy ?m ; kg:rejectedSubject ?s ;
            kg:rejectedPredicate ?p ; kg:rejectedObject ?o }} }}""")}

    def add(key, reason):
        made_keys.add(key)
        if key not in rejected:
            ops.append(_rejection_record(key, made, reason))
        elif key in made_before:
            ops.append(f"INSERT DATA {{ GRAPH {C} {{ {sparql_term(made_before[key])} kg:madeBy {sparql_term(made.node)} }} }}")

    for key in sorted(after):
        if key[0] == key[2]:
            add(key, f"a fact of {_label(store, key[0])} with itself, made by {made.what}")
    for key in sorted(rejected):
        if key[0] in pairs or key[2] in pairs:
            new = key
            for old, survivor in pairs.items():
                new = next(iter(_substituted({new}, old, survivor)))
            # not when the survivor has that fact of its own: the rejection would hide what other
            # documents state of it (the rejected statement then counts for it, as any other)
            if new in after and new not in made_keys and (new in made_before or not _fact_exists(store, new)):
                add(new, f"the rejection of {_fact_text(store, key)}, carried over by {made.what}")
    return ops


def canonical_key(row) -> tuple[str, str, str]:
    return facts.canonical(str(row["s"]), str(row["p"]), str(row["o"]))     # a row of ?s ?p ?o


def _rejection_record(key: tuple[str, str, str], made: MadeBy, reason: str) -> str:
    s, p, o = (URIRef(x) for x in key)
    return _record(rc.rejection_iri(key), "Rejection",
                   [(KG.rejectedFact, URIRef(facts.fact_iri(*key))), (KG.rejectedSubject, s),
                    (KG.rejectedPredicate, p), (KG.rejectedObject, o), (KG.madeBy, made.node)],
                   made.by, reason, made.at)


def _remap(store: Store, pairs: dict[str, str], record_ops: list[str], what: str,
           made: MadeBy | None = None, rejected: set | None = None) -> None:
    """One update: the record, the document graphs remapped, and the facts graph refreshed for them;
    with `made`, the rejections the mapping makes (_rejections_made) recorded too."""
    from kgraph.ingest.writer import stored_keys
    docs = _documents(store, pairs)
    keys, _ = stored_keys(store, docs)
    # only the facts of a remapped entity change, and the entities they join (their degree)
    before = {k for k in keys if k[0] in pairs or k[2] in pairs}
    after = set(before)
    for old, new in pairs.items():
        after = _substituted(after, old, new)
    touched = set(pairs) | set(pairs.values()) | {e for k in before | after for e in (k[0], k[2])}
    if made is not None:
        record_ops = record_ops + _rejections_made(store, rejected or set(), pairs, after, made)
    ops = record_ops + [rc.ALT_LABELS]
    if docs:
        ops += rc.remap_update(pairs)
    refresh = facts.refresh(before | after, touched)
    if refresh:
        ops.append(refresh)
    ops.append(rc.HIDE_REJECTED)
    store.update(facts.PREFIXES + " ;\n".join(ops), what)


def merge(store: Store, survivor: URIRef, merged: URIRef, *, by: str | None = None, reason: str | None = None,
          at: dt.datetime | None = None) -> str:
    """Make `merged` one with `survivor`: its mentions and facts become the survivor's, its names the
    survivor's aliases, in the stored documents now and in every one ingested later. Returns the
    survivor's IRI (the survivor's own survivor when it was merged before)."""
    corr = rc.load(store)
    a, b = corr.mapping.get(str(survivor), str(survivor)), str(merged)
    if a == b or corr.mapping.get(b) == a:
        raise KgraphError(f"{_label(store, a)} and {_label(store, b)} are already one entity ({a})")
    if b in corr.mapping:
        raise KgraphError(f"{_label(store, b)} is already merged into {_label(store, corr.mapping[b])}; "
                          f"split them first (kgraph split) to merge it elsewhere")
    # b's own names (what the documents and the reference list call it), not the aliases it was given
    names = sorted({r["n"] for r in store.query(
        f"SELECT DISTINCT ?n WHERE {{ GRAPH ?g {{ {sparql_term(URIRef(b))} {NAMES} ?n }} FILTER(?g != kgg:corrections) }}")},
        key=str)
    node = _node("merge", a, b)
    record = _record(node, "Merge", [(KG.survivor, URIRef(a)), (KG.mergedEntity, URIRef(b))]
                     + [(KG.mergedName, n) for n in names], by, reason, at)
    # what was merged into b (and b's aliases) now goes to a, so every mapping stays one step long
    repoint = (f"DELETE {{ GRAPH {C} {{ ?c kg:survivor ?b }} }} INSERT {{ GRAPH {C} {{ ?c kg:survivor ?a }} }} "
               f"WHERE {{ BIND({sparql_term(URIRef(b))} AS ?b) BIND({sparql_term(URIRef(a))} AS ?a) "
               f"GRAPH {C} {{ ?c kg:survivor ?b }} }} ;\n"
               f"DELETE {{ GRAPH {C} {{ ?c kg:aliasOf ?b }} }} INSERT {{ GRAPH {C} {{ ?c kg:aliasOf ?a }} }} "
               f"WHERE {{ BIND({sparql_term(URIRef(b))} AS ?b) BIND({sparql_term(URIRef(a))} AS ?a) "
               f"GRAPH {C} {{ ?c kg:aliasOf ?b }} }}")
    pairs = {b: a}
    pairs.update({old: a for old, new in corr.mapping.items() if new == b})
    made = MadeBy(node, f"merging {_label(store, b)} into {_label(store, a)}", by, at)
    _remap(store, pairs, [record, repoint], "the merge", made, corr.rejected)
    return a


def alias(store: Store, entity: URIRef, name: str, *, by: str | None = None, reason: str | None = None,
          at: dt.datetime | None = None, owner: URIRef | None = None) -> str:
    """Give `entity` another name: lookup resolves it, and an entity that extraction discovers under
    it (in the store now, or in a document ingested later) is linked to `entity`. `owner`: the
    entity the name already resolves to, if any (an alias may not take another entity's name)."""
    name = " ".join(name.split())
    if not normalise_name(name):
        raise KgraphError("an alias needs a name with letters or digits")
    corr = rc.load(store)
    target = corr.mapping.get(str(entity), str(entity))
    if owner is not None and corr.mapping.get(str(owner), str(owner)) != target:
        raise KgraphError(f"{name!r} already names {_label(store, str(owner))} ({owner}); to make them one "
                          f"entity use kgraph merge {_label(store, target)!r} {name!r}")
    node = _node("alias", target, normalise_name(name))
    record = _record(node, "Alias", [(KG.aliasOf, URIRef(target)), (KG.aliasName, Literal(name))], by, reason, at)
    pairs = {iri: target for iri in rc.alias_iris(name, target) if iri != target}
    made = MadeBy(node, f"the alias {name!r} of {_label(store, target)}", by, at)
    _remap(store, pairs, [_drop(node), record], "the alias", made, corr.rejected)
    return target


def split(store: Store, survivor: URIRef, merged: str) -> str:
    """Undo the merge of `merged` (its IRI, or a name it had) into `survivor`; the merged entity's IRI."""
    from kgraph.ingest.writer import stored_keys
    corr = rc.load(store)
    a = corr.mapping.get(str(survivor), str(survivor))
    rows = store.query(f"""SELECT ?c ?b ?n WHERE {{ GRAPH {C} {{ ?c a kg:Merge ; kg:survivor {sparql_term(URIRef(a))} ;
        kg:mergedEntity ?b OPTIONAL {{ ?c kg:mergedName ?n }} }} }}""")
    key = normalise_name(merged)
    found = {(r["c"], str(r["b"])) for r in rows if str(r["b"]) == merged} or \
        {(r["c"], str(r["b"])) for r in rows
         if (r.get("n") is not None and normalise_name(str(r["n"])) == key)
         or normalise_name(str(r["b"]).rsplit("/", 1)[-1]) == key}
    if len({b for _, b in found}) > 1:
        raise KgraphError(f"several entities merged into {_label(store, a)} had the name {merged!r}: "
                          f"{', '.join(sorted(b for _, b in found))}; give the IRI of the one to split off")
    if not found:
        have = sorted({_label(store, str(r["b"])) for r in rows})
        raise KgraphError(f"nothing named {merged!r} was merged into {_label(store, a)}"
                          + (f"; its merges: {', '.join(have)}" if have else "; it has no merges")
                          + " (kgraph corrections lists them)")
    node, b = sorted(found)[0]
    _undo(store, corr, a, [b], node, "the split")
    return b


def _undo(store: Store, corr: rc.Corrections, a: str, olds: list[str], node: URIRef, what: str,
          extra: tuple[str, ...] = ()) -> None:
    """One update: the record `node` dropped, what extraction linked to one of `olds` theirs again in
    the document graphs, and the facts graph refreshed for it."""
    from kgraph.ingest.writer import stored_keys
    rest = {old: new for old, new in corr.mapping.items() if old not in olds}
    still = [old for old, new in rest.items() if new == a]
    docs = _documents(store, olds, linked=True)
    keys, _ = stored_keys(store, docs)
    # the survivor's facts in those documents may be an old entity's again, on either side or both
    after = {k for k in keys if a in (k[0], k[2])}
    for s, p, o in list(after):
        for b in olds:
            after |= {facts.canonical(b if s == a else s, p, o), facts.canonical(s, p, b if o == a else o),
                      facts.canonical(b if s == a else s, p, b if o == a else o)}
    # the rejections the correction made go with it, and their facts' direct triples come back
    # (a rejection another merge or alias also made stays, without this one's kg:madeBy)
    rows = store.query(f"""SELECT ?r ?s ?p ?o (COUNT(DISTINCT ?m) AS ?n) WHERE {{ GRAPH {C} {{
        ?r kg:madeBy {sparql_term(node)} ; kg:madeBy ?m ; kg:rejectedSubject ?s ; kg:rejectedPredicate ?p ;
           kg:rejectedObject ?o }} }} GROUP BY ?r ?s ?p ?o""")
    made = {canonical_key(r): r["r"] for r in rows if int(r["n"]) == 1}
    shared = [r["r"] for r in rows if int(r["n"]) > 1]
    after |= set(made)
    touched = {a, *olds} | {e for k in after for e in (k[0], k[2])}
    ops = [_drop(node), rc.ALT_LABELS, *extra] + [op for key, r in sorted(made.items())
                                                 for op in (_drop(r), rc.restore_direct(key))]
    ops += [f"DELETE DATA {{ GRAPH {C} {{ {sparql_term(r)} kg:madeBy {sparql_term(node)} }} }}" for r in shared]
    ops += rc.restore_update(olds, a, still)
    refresh = facts.refresh(after, touched)
    if refresh:
        ops.append(refresh)
    ops.append(rc.HIDE_REJECTED)
    store.update(facts.PREFIXES + " ;\n".join(ops), what)


def unalias(store: Store, entity: URIRef, name: str) -> str:
    """Withdraw an alias: lookup no longer knows the name, and an entity discovered under it is one of
    its own again (in the stored documents too). Returns the entity's IRI."""
    corr = rc.load(store)
    a = corr.mapping.get(str(entity), str(entity))
    key = normalise_name(name)
    rows = [r for r in store.query(f"""SELECT ?c ?n WHERE {{ GRAPH {C} {{ ?c a kg:Alias ;
        kg:aliasOf {sparql_term(URIRef(a))} ; kg:aliasName ?n }} }}""") if normalise_name(str(r["n"])) == key]
    if not rows:
        raise KgraphError(f"{name!r} is not an alias of {_label(store, a)}; kgraph corrections --kind alias lists them")
    olds = [iri for iri in rc.alias_iris(str(rows[0]["n"]), a) if corr.mapping.get(iri) == a and iri != a]
    # the alias's own entry, which an ingest put in the reference graph, goes with it
    own = sparql_term(URIRef(rc.alias_iris(str(rows[0]["n"]), a)[-1]))
    _undo(store, corr, a, olds, rows[0]["c"], "the alias's withdrawal",
          (f"DELETE WHERE {{ GRAPH kgg:reference {{ {own} ?p ?o }} }}",))
    return a


def _fact_exists(store: Store, key) -> bool:
    return bool(store.query(f"ASK {{ GRAPH <{FACTS_GRAPH}> {{ <{facts.fact_iri(*key)}> a kg:Fact }} }}"))


def _fact_text(store: Store, key) -> str:
    s, p, o = key
    return f"{_label(store, s)} {p.rsplit('#', 1)[-1]} {_label(store, o)}"


def reject(store: Store, key: tuple[str, str, str], *, by: str | None = None, reason: str | None = None,
           at: dt.datetime | None = None) -> str:
    """Reject a fact (a canonical key): it leaves the facts graph, the questions, the page and the
    exports; its sentences stay in their documents. Returns the fact's IRI."""
    key = facts.canonical(*key)
    iri = facts.fact_iri(*key)
    node = rc.rejection_iri(key)
    if store.query(f"ASK {{ GRAPH {C} {{ {sparql_term(node)} a kg:Rejection }} }}"):
        raise KgraphError(f"{_fact_text(store, key)} is already rejected; kgraph corrections shows by whom and why")
    if not _fact_exists(store, key):
        raise KgraphError(f"the store has no fact {_fact_text(store, key)}; kgraph explain "
                          f"{_label(store, key[0])!r} lists its facts")
    s, p, o = (URIRef(x) for x in key)
    record = _record(node, "Rejection", [(KG.rejectedFact, URIRef(iri)), (KG.rejectedSubject, s),
                                         (KG.rejectedPredicate, p), (KG.rejectedObject, o)], by, reason, at)
    ops = [record, rc.HIDE_REJECTED, facts.refresh((), {key[0], key[2]})]
    store.update(facts.PREFIXES + " ;\n".join(ops), "the rejection")
    return iri


def unreject(store: Store, key: tuple[str, str, str]) -> str:
    """Withdraw the rejection of a fact: it is counted from its documents again. Returns its IRI."""
    key = facts.canonical(*key)
    node = rc.rejection_iri(key)
    if not store.query(f"ASK {{ GRAPH {C} {{ {sparql_term(node)} a kg:Rejection }} }}"):
        raise KgraphError(f"{_fact_text(store, key)} is not rejected; kgraph corrections lists the rejected facts")
    ops = [_drop(node), rc.restore_direct(key), facts.refresh({key}, {key[0], key[2]}), rc.HIDE_REJECTED]
    store.update(facts.PREFIXES + " ;\n".join(ops), "the withdrawal")
    return facts.fact_iri(*key)


__all__ = ["merge", "alias", "unalias", "split", "reject", "unreject", "parse_fact",
           "who", "SYMMETRIC_PREDICATES"]
