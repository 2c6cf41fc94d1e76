"""Scoring the store against gold annotations, by the rules of the gold SPEC.

Entities of a document are the typed (Organization, Person, Product or a subclass) subjects
and objects of its named graph; names are every rdfs:label, skos:prefLabel and skos:altLabel;
a name matches a gold label after NFKC, case folding and removal of spaces and middle dots.
Relations are the triples of the graph with a scored predicate. Optional gold items, and
anything touching an optional entity, count neither way.
"""
from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal

from kgraph.errors import KgraphError
from kgraph.rdf.iri import local_name
from kgraph.rdf.namespaces import SCORED_PREDICATES, SYMMETRIC_PREDICATES
from kgraph.store.base import Store

SCORED_TYPES = ("Organization", "Person", "Product")


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    return "".join(ch for ch in s if not ch.isspace() and ch not in "·・")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Score:
    entities: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    per_predicate: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    missing_documents: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"entity F1 {self.entities.prf()[2]:.3f} relation F1 {self.relations.prf()[2]:.3f}")


def _system(store: Store):
    rows = store.query("""
        SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }""")
    supers: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    graphs: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    files: dict[str, str] = {}
    docs: set[tuple[str, str]] = set()
    raw_types: list[tuple[str, str]] = []
    for r in rows:
        s, p, o, g = str(r["s"]), str(r["p"]), r["o"], str(r["g"])
        graphs[g].append((s, p, str(o)))
        lp = local_name(p)
        if lp == "subClassOf":
            supers[s].add(str(o))
        elif p.endswith("#type"):
            raw_types.append((s, str(o)))
            if local_name(str(o)) == "Document":
                docs.add((g, s))
        elif lp in ("label", "prefLabel", "altLabel") and isinstance(o, Literal):
            names[s].add(_norm(str(o)))
        elif lp == "fileName":
            files[(g, s)] = str(o).rsplit("/", 1)[-1]

    memo: dict[str, str | None] = {}

    def coarse(c: str, seen=()) -> str | None:
        if c in memo:
            return memo[c]
        found = local_name(c) if local_name(c) in SCORED_TYPES else None
        if not found and c not in seen:
            for sup in supers.get(c, ()):
                found = coarse(sup, seen + (c,))
                if found:
                    break
        memo[c] = found
        return found

    for s, c in raw_types:
        t = coarse(c)
        if t:
            types[s].add(t)
    by_file = {files[(g, d)]: graphs[g] for g, d in docs if (g, d) in files}
    return by_file, types, names


def evaluate(store: Store, gold_path: str | Path) -> Score:
    """Precision, recall and F1 of entities and relations per document, micro-averaged."""
    path = Path(gold_path)
    try:
        golds = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as err:
        raise KgraphError(f"cannot read gold file {path}: {err}") from None
    by_file, types, names = _system(store)
    score = Score()
    for gold in golds:
        triples = by_file.get(gold["doc"])
        if triples is None:
            score.missing_documents.append(gold["doc"])
            triples = []
        gents = {e["id"]: e for e in gold["entities"]}
        label_to_id: dict[tuple[str, str], str] = {}
        for e in gold["entities"]:
            for lab in e["labels"]:
                label_to_id.setdefault((e["type"], _norm(lab)), e["id"])
        nodes = {n for s, _p, o in triples for n in (s, o) if types.get(n)}
        node_gid: dict[str, str | None] = {}
        for n in nodes:
            node_gid[n] = next((label_to_id[(t, nm)] for t in types[n] for nm in names.get(n, ())
                                if (t, nm) in label_to_id), None)
        found: set[str] = set()
        for n in sorted(nodes):
            gid = node_gid[n]
            if gid is None:
                score.entities.fp += 1
                score.misses.append(f"{gold['doc']}: false entity {n}")
            elif gents[gid].get("optional"):
                continue
            elif gid in found:
                score.entities.fp += 1
                score.misses.append(f"{gold['doc']}: duplicate {n} for {gid}")
            else:
                found.add(gid)
                score.entities.tp += 1
        for gid, e in gents.items():
            if not e.get("optional") and gid not in found:
                score.entities.fn += 1
                score.misses.append(f"{gold['doc']}: missed entity {gid}")

        def key(s, p, o):
            return (p, *sorted((s, o))) if p in SYMMETRIC_PREDICATES else (p, s, o)

        gold_rel, gold_opt = set(), set()
        for r in gold["relations"]:
            k = key(r["s"], r["p"], r["o"])
            if r.get("optional") or gents[r["s"]].get("optional") or gents[r["o"]].get("optional"):
                gold_opt.add(k)
            else:
                gold_rel.add(k)
        got: set = set()
        for s, p, o in triples:
            lp = local_name(p)
            if lp not in SCORED_PREDICATES:
                continue
            gs, go = node_gid.get(s), node_gid.get(o)
            if (gs and gents[gs].get("optional")) or (go and gents[go].get("optional")):
                continue
            k = key(gs or s, lp, go or o)
            if k in gold_opt or k in got:
                continue
            got.add(k)
            c = score.per_predicate[lp]
            if k in gold_rel:
                score.relations.tp += 1
                c.tp += 1
            else:
                score.relations.fp += 1
                c.fp += 1
                score.misses.append(f"{gold['doc']}: false relation {k}")
        for k in gold_rel - got:
            score.relations.fn += 1
            score.per_predicate[k[0]].fn += 1
            score.misses.append(f"{gold['doc']}: missed relation {k}")
    return score
