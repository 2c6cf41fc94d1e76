"""Training the relation scorer: candidates of annotated articles, labelled from their gold.

A candidate (two names in one sentence, or a pair a rule joined) is a positive example of a label
when the gold states that relation between the two entities and the gold evidence lies in the
candidate's sentence; the same pair in another sentence teaches nothing about that label and is
left out of it; every other label is a negative example. One logistic model per label
(scikit-learn, L2, liblinear with a fixed seed: deterministic), the weights rounded so that the shipped file is the
same bytes on every run; the decision threshold and whether the rules' own relations are kept
are chosen by grouped cross-validation on the training articles alone.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from kgraph.learn.corpus import GoldDoc, GoldIndex
from kgraph.model import Document, EntityRef, Mention, Relation, coarse
from kgraph.nlp.accept import accept
from kgraph.nlp.candidates import Candidate
from kgraph.nlp.scorer import PairModel, admissible_labels, label_features, labels
from kgraph.predicates import predicates
from kgraph.reference import by_key

MIN_COUNT = 2               # a feature seen fewer times is left out of the vocabulary
C = 0.5                     # inverse L2 strength
TOLERANCE = 0.003          # inner-CV F1 differences below this choose the more cautious decision
THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9)


@dataclass
class Analysed:
    """One annotated article after the shared analysis: its candidates and their labels."""

    doc: GoldDoc
    document: Document
    mentions: list[Mention]
    cands: list[Candidate]
    labels: list[dict[str, int | None]] = field(default_factory=list)
    index: GoldIndex | None = None

    @property
    def group(self) -> str:
        return self.doc.group

    @cached_property
    def mentioned(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for m in self.mentions:
            out.setdefault(m.entity.key, []).append(m.text)
        return out

    def gold_id(self, e: EntityRef) -> str | None:
        """The gold entity this system entity matches, by the referee's rule (type and a shared name)."""
        assert self.index is not None
        return self.index.entity(coarse(e.type), names_of(e, self.mentioned))


def names_of(e: EntityRef, mentioned: dict[str, list[str]] | None = None) -> list[str]:
    """The names an entity carries in a document's graph: the reference entry's names (else its label) and
    the words that name it in the document (`mentioned`: entity key -> mention texts)."""
    ref = by_key().get(e.key)
    names = [n for n in (ref.ko, ref.en, *ref.aliases) if n] if ref is not None else []
    return names + [e.label] + (mentioned or {}).get(e.key, [])


def label_candidates(a: Analysed) -> None:
    """Sets a.labels: for each candidate, label -> 1 (positive), 0 (negative) or None (left out)."""
    idx = a.index = a.index or GoldIndex(a.doc.gold, a.document.text)
    preds = predicates()
    out = []
    for c in a.cands:
        ga, gb = a.gold_id(c.a), a.gold_id(c.b)
        lab: dict[str, int | None] = {}
        if (ga and idx.ents[ga].get("optional")) or (gb and idx.ents[gb].get("optional")):
            lab = {label: None for label in labels()}
        elif ga and gb and ga != gb:
            for s, p, o, span, optional in idx.relations:
                if {s, o} != {ga, gb} or p not in preds:
                    continue
                label = p if preds[p].symmetric else p + (">" if s == ga else "<")
                if optional:
                    lab.setdefault(label, None)
                elif span is None or (span[0] < c.sent.end and c.sent.start < span[1]):
                    lab[label] = 1
                elif lab.get(label) != 1:
                    lab[label] = None
        out.append(lab)
    a.labels = out


# ------------------------------------------------------------------------------------------ fitting
def instances(examples: list[Analysed]) -> list[tuple[list[str], int]]:
    """(features, 0 or 1) for each candidate and each label its types admit, leaving out unknown ones."""
    rows = []
    for a in examples:
        for cand, lab in zip(a.cands, a.labels):
            for label in admissible_labels(coarse(cand.a.type), coarse(cand.b.type)):
                y = lab.get(label, 0)
                if y is not None:
                    rows.append((label_features(cand.features, label), y))
    return rows


def fit(examples: list[Analysed], c: float = C, threshold: float = 0.5, rules_too: bool = True) -> PairModel:
    """The logistic model of `examples`' candidates (features seen fewer than MIN_COUNT times left out)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    rows = instances(examples)
    counts: dict[str, int] = {}
    for feats, _ in rows:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    vocab = {f: i for i, f in enumerate(names)}
    indptr, indices = [0], []
    for feats, _ in rows:
        indices += sorted({vocab[f] for f in feats if f in vocab})
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocab)))
    y = np.array([v for _, v in rows], dtype=np.int8)
    lr = LogisticRegression(C=c, solver="liblinear", random_state=0, max_iter=1000)
    lr.fit(x, y)
    weights = {names[i]: round(float(w), 3) for i, w in enumerate(lr.coef_[0]) if abs(w) >= 0.005}
    return PairModel(round(float(lr.intercept_[0]), 3), weights, threshold, rules_too)


def with_decision(model: PairModel, threshold: float, rules_too: bool) -> PairModel:
    return PairModel(model.bias, model.weights, threshold, rules_too)


# --------------------------------------------------------------------------- quick relation counts
def relation_counts(a: Analysed, relations: list[Relation]) -> tuple[int, int, int]:
    """(tp, fp, fn) of a document's relations against its gold, matched by names as the referee does."""
    idx = a.index = a.index or GoldIndex(a.doc.gold, a.document.text)
    preds = predicates()

    def key(s: str, p: str, o: str) -> tuple:
        return (p, *sorted((s, o))) if preds[p].symmetric else (p, s, o)

    gold, optional = set(), set()
    for s, p, o, _span, opt in idx.relations:
        if p in preds:
            (optional if opt else gold).add(key(s, p, o))
    got = set()
    for r in relations:
        gs, go = a.gold_id(r.subject), a.gold_id(r.object)
        if (gs and idx.ents[gs].get("optional")) or (go and idx.ents[go].get("optional")):
            continue
        k = key(gs or "?" + r.subject.key, r.predicate, go or "?" + r.object.key)
        if k not in optional:
            got.add(k)
    tp = len(got & gold)
    return tp, len(got) - tp, len(gold - got)


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def group_folds(items: list[Analysed], k: int) -> list[tuple[list[int], list[int]]]:
    """k folds that keep each group (an event) in one fold; deterministic (largest groups first)."""
    sizes: dict[str, int] = {}
    for a in items:
        sizes[a.group] = sizes.get(a.group, 0) + 1
    load = [0] * k
    fold_of: dict[str, int] = {}
    for g in sorted(sizes, key=lambda g: (-sizes[g], g)):
        f = min(range(k), key=lambda i: (load[i], i))
        fold_of[g] = f
        load[f] += sizes[g]
    return [([i for i, a in enumerate(items) if fold_of[a.group] != f],
             [i for i, a in enumerate(items) if fold_of[a.group] == f]) for f in range(k)]


def choose_decision(items: list[Analysed], k: int = 4, c: float = C) -> tuple[float, bool]:
    """The threshold and rules_too that give the best relation F1 in a grouped k-fold over `items` (each
    threshold's F1 averaged with its neighbours'); among those within TOLERANCE of the best, the most cautious:
    a difference that small is noise of the inner folds, and a lower threshold there only adds false relations."""
    tallies: dict[tuple[float, bool], list[int]] = {}
    for train_idx, test_idx in group_folds(items, k):
        base = fit([items[i] for i in train_idx], c)
        for t in THRESHOLDS:
            for rules_too in (True, False):
                model = with_decision(base, t, rules_too)
                tally = tallies.setdefault((t, rules_too), [0, 0, 0])
                for i in test_idx:
                    for n, v in enumerate(relation_counts(items[i], accept(items[i].cands, model, rules_too))):
                        tally[n] += v
    smoothed = {key: _smoothed(tallies, *key) for key in tallies}
    near_best = [key for key, f in smoothed.items() if f >= max(smoothed.values()) - TOLERANCE]
    return max(near_best, key=lambda key: (key[1], key[0]))    # of those, the rules kept and the highest threshold


def _smoothed(tallies: dict[tuple[float, bool], list[int]], t: float, rules_too: bool) -> float:
    """The relation F1 at threshold `t` averaged with its neighbours in THRESHOLDS: a threshold in a broad
    plateau, not a lone peak of the inner folds (a peak moves from fold to fold, a plateau does not)."""
    k = THRESHOLDS.index(t)
    near = THRESHOLDS[max(0, k - 1):k + 2]
    return sum(f1(*tallies[(x, rules_too)]) for x in near) / len(near)


def train_model(items: list[Analysed], c: float = C, say: Callable[[str], None] = lambda s: None) -> PairModel:
    """The model of `items`: decision chosen by an inner grouped cross-validation, weights fit on all."""
    threshold, rules_too = choose_decision(items, c=c)
    say(f"decision: threshold {threshold}, rules kept: {'yes' if rules_too else 'no'}")
    return fit(items, c, threshold, rules_too)


__all__ = ["Analysed", "fit", "group_folds", "label_candidates", "relation_counts", "train_model"]
