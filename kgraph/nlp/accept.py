"""The acceptance step: the rules' relations and every candidate pair, judged by the learned scorer.

relation_candidates runs the rule engine over a document and makes its candidates (candidates.py);
accept keeps what the scorer (scorer.py) accepts, with its probability as the confidence, and the
rules' relations it did not accept where the model says so (`rules_too`).
"""
from __future__ import annotations

from dataclasses import replace

from kgraph.model import Relation, coarse
from kgraph.nlp import lexicon as L
from kgraph.nlp.candidates import Candidate, candidates
from kgraph.nlp.chunks import DocAnalysis
from kgraph.nlp.clauses import clause_after
from kgraph.nlp.modality import modality_of, negated
from kgraph.nlp.relations import RelationFinder, admit
from kgraph.nlp.scorer import PairModel, split_label


def relation_candidates(analysis: DocAnalysis | None, linked) -> tuple[list[Relation], list[Candidate]]:
    """The rules' relations of a document and the candidates (typed pairs, rule hits) the scorer judges."""
    if analysis is None or not linked:
        return [], []
    finder = RelationFinder(analysis, linked)
    stated = finder.run()
    return stated, candidates(finder.sentences, stated)


def _trigger(c: Candidate) -> str:
    """A learned relation's trigger: the first content word after the second name (the verb in Korean)."""
    items = c.sent.items
    k = next((n for n, it in enumerate(items) if it.unit is c.unit_b), None)
    if k is not None:
        for it in items[k + 1:]:
            if it.kind == "tok" and it.tag.split("+")[0].startswith(("VV", "NNG", "XSV")) or \
                    (it.kind == "tok" and c.sent.lang == "en" and it.text.isalpha() and len(it.text) > 3):
                return it.text
    return ""


def accept(cands: list[Candidate], model: PairModel | None, rules_too: bool = True) -> list[Relation]:
    """The relations of a document: each candidate label the model accepts, with its probability as the
    confidence (and the rule's trigger, modality and role where a rule stated it too); with `rules_too`,
    the rules' relations the model did not accept are kept at their own confidence."""
    out: dict[tuple, Relation] = {}
    for c in cands:
        chosen = model.accepted(c.features, coarse(c.a.type), coarse(c.b.type)) if model is not None else []
        for label, prob in chosen:
            pred, d = split_label(label)
            s, o = (c.b, c.a) if d == "<" else (c.a, c.b)
            ends = admit(s, pred, o)
            if ends is None:
                continue
            s, o = ends
            rule = next((r for r in c.rules if r.predicate == pred and (r.subject, r.object) == (s, o)), None)
            if rule is not None:
                rel = replace(rule, confidence=round(prob, 3))
            else:
                sent = c.sent
                u = c.unit_a if c.unit_a is not None and c.unit_a.ent == s else c.unit_b
                end = max(c.unit_a.after, c.unit_b.after) if c.unit_a is not None and c.unit_b is not None else sent.start
                role = None
                if pred == "worksFor" and u is not None and u.span.title:
                    role = L.ROLE_EN.get(u.span.title, u.span.title)
                if negated(clause_after(sent.text, end - sent.start, len(sent.text))):
                    continue        # 협력하지 않기로 했다 / 제휴설을 부인했다: the sentence denies it
                trig = _trigger(c) if c.unit_b is not None else ""
                before = c.sent.text[:max(0, end - sent.start)][-25:] if sent.lang == "en" else ""
                rel = Relation(s, pred, o, sent.text, sent.start, sent.end, trig,
                               modality_of(sent.text[end - sent.start:], trig, before), round(prob, 3), role,
                               "model.pairs")
            out.setdefault((s, pred, o, c.sent.start), rel)
        if rules_too:
            for r in c.rules:
                out.setdefault((r.subject, r.predicate, r.object, r.start), r)
    return list(out.values())
