"""Grouped cross-validation of extraction, scored the way the referee scores a store.

Each article is analysed once (entities, rules and candidates do not learn); per fold the scorer
is trained on the other folds (its decision chosen by an inner cross-validation on them alone)
and judges the held-out articles' candidates. The held-out extractions of every fold are then
ingested into one throw-away store and scored with kgraph.evaluate, which follows the gold SPEC
(names, types, optional items, symmetric predicates). The rules alone are scored on the same
folds, so the line says what the learned step adds.
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kgraph.evaluate import Score, score_texts
from kgraph.learn.corpus import GoldDoc
from kgraph.learn.train import Analysed, C, group_folds, label_candidates, train_model
from kgraph.model import Document, Extraction
from kgraph.nlp.accept import accept


def analyse_corpus(corpus: list[GoldDoc], extractor=None, say: Callable[[str], None] = lambda s: None) -> list[Analysed]:
    """Load each article as ingest does, analyse all of them in one batch, label their candidates."""
    from kgraph.nlp.pipeline import SpacyExtractor
    from kgraph.sources.loaders import load_file
    extractor = extractor or SpacyExtractor(threads=1)
    docs: list[Document] = []
    for gd in corpus:
        loaded = [d for d in load_file(gd.path) if isinstance(d, Document)]
        if not loaded:
            from kgraph.errors import KgraphError
            raise KgraphError(f"{gd.path}: could not be read as a document")
        docs.append(loaded[0])
    say(f"analysing {len(docs)} articles ({sum(len(d.text) for d in docs):,} characters)")
    out = []
    for gd, doc, sdoc in zip(corpus, docs, extractor.analyse([d.text for d in docs])):
        a = Analysed(gd, doc, list(sdoc._.kg_mentions or []), list(sdoc._.kg_candidates or []))
        label_candidates(a)
        out.append(a)
    return out


class _Fixed:
    """An extractor that answers with extractions made beforehand, found by the document's text."""

    def __init__(self, by_text: dict[str, Extraction]):
        self.by_text = by_text

    def extract(self, docs: list[Document]) -> list[Extraction]:
        return [self.by_text.get(d.text, Extraction()) for d in docs]


def score_extractions(items: list[Analysed], extractions: list[Extraction]) -> Score:
    """The referee's figures for these articles with these extractions."""
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold.jsonl"
        gold.write_text("".join(json.dumps(a.doc.gold, ensure_ascii=False) + "\n" for a in items), encoding="utf-8")
        fixed = _Fixed({a.document.text: e for a, e in zip(items, extractions)})
        return score_texts([str(a.doc.path) for a in items], gold, extractor=fixed)


@dataclass
class CVResult:
    model: Score
    rules: Score
    folds: int

    def line(self) -> str:
        s = self.model
        p, r, f = s.relations.prf()
        lang = {k: v["relations"].prf()[2] for k, v in s.per_language.items()}
        return (f"cv: entities F1 {s.entities.prf()[2]:.3f} pairs {s.pairs_share():.2f} relations P {p:.3f} "
                f"R {r:.3f} F1 {f:.3f} (ko {lang.get('ko', 0):.3f}, en {lang.get('en', 0):.3f})")

    def report(self) -> str:
        out = ["learned step (rules as features) on held-out folds:", self.model.report(0), "",
               "rules alone on the same folds:", self.rules.report(0), ""]
        rp, rr, rf = self.rules.relations.prf()
        out.append(f"rules alone: relations P {rp:.3f} R {rr:.3f} F1 {rf:.3f}")
        out.append(self.line())
        return "\n".join(out)


def cross_validate(items: list[Analysed], k: int = 5, c: float = C,
                   say: Callable[[str], None] = lambda s: None) -> CVResult:
    """Grouped k-fold: each fold's articles judged by a scorer trained on the other folds."""
    learned: list[Extraction | None] = [None] * len(items)
    rules: list[Extraction | None] = [None] * len(items)
    for n, (train_idx, test_idx) in enumerate(group_folds(items, k), 1):
        model = train_model([items[i] for i in train_idx], c)
        say(f"fold {n}/{k}: trained on {len(train_idx)} articles, judging {len(test_idx)} "
            f"(threshold {model.threshold}, "
            f"rules kept: {'yes' if model.rules_too else 'no'})")
        for i in test_idx:
            a = items[i]
            learned[i] = Extraction(a.mentions, accept(a.cands, model, model.rules_too))
            rules[i] = Extraction(a.mentions, accept(a.cands, None, True))
    return CVResult(score_extractions(items, learned), score_extractions(items, rules), k)
