"""The learned acceptance step: a linear model that scores each relation candidate.

A label is a predicate and the direction of its subject relative to the text order of the pair
(`supplies>`: the first name supplies the second; `supplies<`: the second supplies the first;
symmetric predicates have one label). One logistic model scores every (candidate, label)
instance, with features joined to the label and features shared by all labels. The model is a
small JSON file shipped in the package (kgraph/data/models/relations.json), written by
`make train` (kgraph.learn) from ../shared/gold; it loads offline, and its probability is the
confidence stored on each relation it accepts.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from kgraph.errors import KgraphError
from kgraph.predicates import predicates

MODEL = Path(__file__).resolve().parent.parent / "data" / "models" / "relations.json"
FORMAT = "kgraph.pairs.v2"


def labels() -> list[str]:
    """Every label: `p` for a symmetric predicate, `p>` and `p<` otherwise."""
    out = []
    for name, p in predicates().items():
        out += [name] if p.symmetric else [name + ">", name + "<"]
    return out


def split_label(label: str) -> tuple[str, str]:
    """('supplies', '>') for 'supplies>'; ('partnerOf', '=') for a symmetric label."""
    if label[-1] in "<>":
        return label[:-1], label[-1]
    return label, "="


def label_features(features: list[str], label: str) -> list[str]:
    """The features of a candidate seen as an instance of `label`: the label itself, each candidate feature
    joined to the label (what a word says about this relation), and the shared ones of shared_features."""
    return [f"L={label}", *(f"{label}|{f}" for f in features), *shared_features(features, label)]


def shared_features(features: list[str], label: str) -> list[str]:
    """Features common to all labels, so that rare predicates learn from frequent ones how far to trust a
    rule that states exactly this relation (`agree`), one that states another (`other_rule`), a rule on a
    member of the same list (`sib_agree`), or a trigger word of this predicate near the pair."""
    pred, d = split_label(label)
    tag = pred + d
    out = []
    for f in features:
        if f.startswith("rp="):
            if f[3:] == tag:
                out += ["agree", f"agree|{pred}"]
            else:
                out.append("other_rule")
        elif f.startswith("rule=") and f.endswith("|" + tag):
            out.append("agree=" + f[5:f.rindex("|")])
        elif f.startswith("sib=") and f[4:] == tag:
            out.append("sib_agree")
        elif f.startswith("doc_rp=") and f[7:] == tag:
            out.append("doc_agree")
        elif f == "implicit":
            out.append("implicit")
        elif f.startswith("cue") and f.endswith("=" + pred):
            out.append(f[:f.index("=")] + "_agree")
    return out


_SHARED = ("rp=", "rule=", "sib=", "doc_rp=", "implicit", "cue")    # the candidate features shared_features reads
_SHARED_START = frozenset(p[:2] for p in _SHARED)                     # a cheap first test of the same


@lru_cache(maxsize=64)
def admissible_labels(type_a: str, type_b: str) -> tuple[str, ...]:
    """The labels whose predicate takes these coarse types in that direction (`a` first in the text)."""
    out = []
    for label in labels():
        pred, d = split_label(label)
        p = predicates()[pred]
        if (d in ">=" and p.accepts(type_a, type_b)) or (d in "<=" and p.accepts(type_b, type_a)):
            out.append(label)
    return tuple(out)


@dataclass(frozen=True, eq=False)
class PairModel:
    """One logistic model over (candidate, label) instances; `accepted` gives the labels it accepts."""

    bias: float
    weights: dict[str, float]
    threshold: float = 0.5
    rules_too: bool = True      # keep the rules' relations the model does not accept (chosen by make cv)

    @cached_property
    def _by_label(self) -> dict[str, dict[str, float]]:
        """label -> candidate feature -> weight, so that scoring joins no strings."""
        out: dict[str, dict[str, float]] = {label: {} for label in labels()}
        for name, w in self.weights.items():
            label, sep, feat = name.partition("|")
            if sep and label in out:
                out[label][feat] = w
        return out

    def probability(self, features: list[str], label: str) -> float:
        """P(label | candidate); the same sum as over label_features(features, label), computed faster."""
        fs = set(features)
        return self._probability(fs, [f for f in fs if f.startswith(_SHARED)], label)

    def _probability(self, fs: set[str], special: list[str], label: str) -> float:
        w, mine = self.weights, self._by_label.get(label, {})
        z = self.bias + w.get(f"L={label}", 0.0)
        z += sum(mine.get(f, 0.0) for f in fs)
        z += sum(w.get(f, 0.0) for f in set(shared_features(special, label)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @cached_property
    def _by_feature(self) -> dict[str, tuple[tuple[str, float], ...]]:
        """candidate feature -> (label, weight) for every label that weighs it: a candidate's features are
        looked up once, not once per label."""
        out: dict[str, list[tuple[str, float]]] = {}
        for label, weights in self._by_label.items():
            for feat, w in weights.items():
                out.setdefault(feat, []).append((label, w))
        return {feat: tuple(pairs) for feat, pairs in out.items()}

    @cached_property
    def _by_admissible(self) -> dict[tuple[str, ...], dict[str, tuple[tuple[str, float], ...]]]:
        return {}

    def _admissible_index(self, admissible: tuple[str, ...]) -> dict[str, tuple[tuple[str, float], ...]]:
        """_by_feature cut to these labels (in the same order, so the sums are the same to the last bit):
        most features weigh labels a pair of these types cannot take."""
        cut = self._by_admissible.get(admissible)
        if cut is None:
            keep = set(admissible)
            cut = {}
            for feat, pairs in self._by_feature.items():
                mine = tuple(p for p in pairs if p[0] in keep)
                if mine:
                    cut[feat] = mine
            self._by_admissible[admissible] = cut
        return cut

    def accepted(self, features: list[str], type_a: str, type_b: str) -> list[tuple[str, float]]:
        """(label, probability) for every admissible label whose probability reaches the threshold."""
        fs = set(features)
        special = [f for f in fs if f[:2] in _SHARED_START and f.startswith(_SHARED)]
        w = self.weights
        admissible = admissible_labels(type_a, type_b)
        z = {label: self.bias + w.get(f"L={label}", 0.0) for label in admissible}
        index = self._admissible_index(admissible)
        for f in fs:
            for label, wt in index.get(f, ()):
                z[label] += wt
        out = []
        for label, total in z.items():
            total += sum(w.get(g, 0.0) for g in set(shared_features(special, label)))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))
            if p >= self.threshold:
                out.append((label, p))
        return out

    def to_json(self) -> str:
        """The model as canonical JSON: the same model gives the same bytes."""
        body = {"format": FORMAT, "threshold": self.threshold, "rules_too": self.rules_too, "bias": self.bias,
                "weights": dict(sorted(self.weights.items()))}
        return json.dumps(body, ensure_ascii=False, indent=0) + "\n"

    @classmethod
    def from_json(cls, text: str, source: str = "model") -> PairModel:
        try:
            body = json.loads(text)
        except json.JSONDecodeError as err:
            raise KgraphError(f"{source}: not a kgraph model (invalid JSON: {err.msg}); run 'make train'") from None
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise KgraphError(f"{source}: not a {FORMAT} model; run 'make train' to rebuild it")
        try:
            return cls(float(body["bias"]), {k: float(v) for k, v in body["weights"].items()},
                       float(body["threshold"]), bool(body["rules_too"]))
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise KgraphError(f"{source}: malformed model ({err!r}); run 'make train' to rebuild it") from None

    @classmethod
    def load(cls, path: str | Path) -> PairModel:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise KgraphError(f"cannot read the relation model {path}: {err.strerror}; run 'make train'") from None
        return cls.from_json(text, str(path))


@lru_cache(maxsize=4)
def load_model(path: str = "") -> PairModel | None:
    """The model at `path`, or the packaged one; None when the package has none (rules alone)."""
    if not path:
        return PairModel.load(MODEL) if MODEL.exists() else None
    return PairModel.load(path)
