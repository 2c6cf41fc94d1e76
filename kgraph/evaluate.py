"""Scoring the store against gold annotations, by the rules of the gold SPEC.

Entities of a document are the typed (Organization, Person, Product or a subclass) subjects
and objects of its named graph; names are every rdfs:label, skos:prefLabel and skos:altLabel;
a name matches a gold label after NFKC, case folding and removal of spaces and middle dots.
Relations are the triples of the graph with a scored predicate. Optional gold items, and
anything touching an optional entity, count neither way.

Beyond the referee's figures: per document language, per predicate, per extraction rule (the
kg:rule of the relation nodes behind each triple) and per entity finder (kg:foundBy), so that a
bad rule or finder can be found by its id; and how many gold relations had both ends found.
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
from kgraph.rdf.namespaces import KG as KG_NAMESPACE
from kgraph.rdf.namespaces import SCORED_PREDICATES, SYMMETRIC_PREDICATES
from kgraph.store.base import Store

SCORED_TYPES = ("Organization", "Person", "Product")
KG = str(KG_NAMESPACE)


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

    def line(self, name: str, width: int = 22) -> str:
        p, r, f = self.prf()
        return f"{name:{width}} P {p:.3f} R {r:.3f} F1 {f:.3f}   tp={self.tp} fp={self.fp} fn={self.fn}"


@dataclass
class Score:
    entities: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    per_predicate: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    per_language: dict[str, dict[str, Counts]] = field(
        default_factory=lambda: defaultdict(lambda: {"entities": Counts(), "relations": Counts()}))
    per_rule: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    per_finder: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    missing_documents: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    pairs_found: int = 0          # gold relations both of whose ends the system found
    pairs_total: int = 0

    def pairs_share(self) -> float:
        """The share of gold relations whose two entities were both found: the ceiling of relation recall."""
        return self.pairs_found / self.pairs_total if self.pairs_total else 0.0

    def summary(self) -> str:
        return f"entity F1 {self.entities.prf()[2]:.3f} relation F1 {self.relations.prf()[2]:.3f}"

    def report(self, show: int = 20) -> str:
        """Every figure, then the first `show` misses, then the summary line."""
        out = []
        if self.missing_documents:
            out.append(f"documents with no named graph: {', '.join(self.missing_documents)}")
        out += [self.entities.line("entities (per doc)"), self.relations.line("relations (per doc)"),
                f"both ends found for {self.pairs_found} of {self.pairs_total} gold relations ({self.pairs_share():.2f})"]
        for lang, c in sorted(self.per_language.items()):
            out += [c["entities"].line(f"  [{lang}] entities"), c["relations"].line(f"  [{lang}] relations")]
        out.append("per predicate:")
        out += [c.line("  " + p) for p, c in sorted(self.per_predicate.items())]
        out.append("per rule (precision of the relations each rule stated; a triple may have several rules):")
        out += [f"  {rule:40} P {c.prf()[0]:.3f}   tp={c.tp} fp={c.fp}" for rule, c in sorted(self.per_rule.items())]
        if self.per_finder:
            out.append("per finder (precision of the entities each finder found in a document; an entity may have several):")
            out += [f"  {f:40} P {c.prf()[0]:.3f}   tp={c.tp} fp={c.fp}" for f, c in sorted(self.per_finder.items())]
        out += ["  " + m for m in self.misses[:show]]
        if len(self.misses) > show:
            out.append(f"  … {len(self.misses) - show} more (--show N)")
        out.append(self.summary())
        return "\n".join(out)


def _system(store: Store):
    rows = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    supers: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    graphs: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    files: dict = {}
    langs: dict = {}
    docs: set[tuple[str, str]] = set()
    raw_types: list[tuple[str, str]] = []
    nodes: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)     # (graph, relation node) -> fields
    finders: dict[tuple[str, str], set[str]] = defaultdict(set)          # (graph, entity) -> finder ids
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
        elif p == KG + "language":
            langs[g] = str(o)
        elif p == KG + "foundBy":
            finders[(g, s)].add(str(o))
        if p.startswith(KG) and lp in ("subject", "predicate", "object", "rule"):
            nodes[(g, s)][lp] = str(o)

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
    rules: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)   # (graph, s, p, o) -> rule ids
    for (g, _n), f in nodes.items():
        if "rule" in f and "subject" in f and "object" in f:
            rules[(g, f["subject"], local_name(f.get("predicate", "")), f["object"])].add(f["rule"])
    by_file = {files[(g, d)]: (g, graphs[g]) for g, d in docs if (g, d) in files}
    return by_file, types, names, langs, rules, finders


def read_gold(path: str | Path) -> list[dict]:
    """The gold file's documents; an unreadable file or line is an error naming it."""
    path = Path(path)
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise KgraphError(f"cannot read gold file {path}: {err}") from None
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise KgraphError(f"{path}:{n}: not valid JSON: {err.msg}") from None
    return out


def evaluate(store: Store, gold_path: str | Path) -> Score:
    """Precision, recall and F1 of entities and relations per document, micro-averaged."""
    golds = read_gold(gold_path)
    by_file, types, names, langs, rules, finders = _system(store)
    score = Score()
    for gold in golds:
        graph, triples = by_file.get(gold["doc"], (None, None))
        if triples is None:
            score.missing_documents.append(gold["doc"])
            triples = []
        lang = score.per_language[langs.get(graph, "und")]
        gents = {e["id"]: e for e in gold["entities"]}
        label_to_id: dict[tuple[str, str], str] = {}
        for e in gold["entities"]:
            for lab in e["labels"]:
                label_to_id.setdefault((e["type"], _norm(lab)), e["id"])
        nodes = {n for s, _p, o in triples for n in (s, o) if types.get(n)}
        node_gid: dict[str, str | None] = {}
        for n in nodes:
            node_gid[n] = next((label_to_id[(t, nm)] for t in sorted(types[n]) for nm in sorted(names.get(n, ()))
                                if (t, nm) in label_to_id), None)
        found: set[str] = set()
        for n in sorted(nodes):
            gid = node_gid[n]
            if gid is None or not gents[gid].get("optional"):
                for f in finders.get((graph, n), ()):
                    _count("fp" if gid is None else "tp", score.per_finder[f])
            if gid is None:
                _count("fp", score.entities, lang["entities"])
                score.misses.append(f"{gold['doc']}: false entity {n}")
            elif gents[gid].get("optional"):
                continue
            elif gid in found:
                _count("fp", score.entities, lang["entities"])
                score.misses.append(f"{gold['doc']}: duplicate {n} for {gid}")
            else:
                found.add(gid)
                _count("tp", score.entities, lang["entities"])
        for gid, e in gents.items():
            if not e.get("optional") and gid not in found:
                _count("fn", score.entities, lang["entities"])
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
        score.pairs_total += len(gold_rel)
        score.pairs_found += sum(1 for k in gold_rel if k[1] in found and k[2] in found)
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
            hit = "tp" if k in gold_rel else "fp"
            _count(hit, score.relations, lang["relations"], score.per_predicate[lp])
            for rule in rules.get((graph, s, lp, o), ()) | rules.get((graph, o, lp, s), set()):
                _count(hit, score.per_rule[rule])
            if hit == "fp":
                score.misses.append(f"{gold['doc']}: false relation {k}")
        for k in gold_rel - got:
            _count("fn", score.relations, lang["relations"], score.per_predicate[k[0]])
            score.misses.append(f"{gold['doc']}: missed relation {k}")
    return score


def _count(field_: str, *counters: Counts | None) -> None:
    for c in counters:
        if c is not None:
            setattr(c, field_, getattr(c, field_) + 1)


def score_texts(texts: list[str], gold_path: str | Path, extractor=None) -> Score:
    """Ingest `texts` (files or directories) into a throw-away store and score it against the gold.
    Every file is scored as itself: syndicated copies are not merged (gold may annotate a copy too)."""
    from kgraph.ingest.runner import ingest
    from kgraph.store import open_store
    with open_store(":memory:") as store:
        ingest(store, texts, extractor=extractor, copy_threshold=None)
        return evaluate(store, gold_path)
