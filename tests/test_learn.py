"""The learned acceptance step: candidates and their features, the model file, training, cross-validation.

Invented sentences for the unit tests; the annotated articles of ../shared/gold (read at run time,
never copied) for training and the cross-validated floors. The floors are the honest figures:
each article is judged by a scorer trained on folds that do not hold it or any article on its event.
"""
from __future__ import annotations

import json

import pytest

from kgraph.errors import KgraphError
from kgraph.nlp.scorer import MODEL, PairModel, admissible_labels, label_features, labels, split_label


# ------------------------------------------------------------------------------------------ units
def test_labels_give_direction_to_asymmetric_predicates_only():
    ls = labels()
    assert "partnerOf" in ls and "partnerOf>" not in ls
    assert {"supplies>", "supplies<", "worksFor>", "worksFor<"} <= set(ls)
    assert split_label("supplies<") == ("supplies", "<") and split_label("meets") == ("meets", "=")


def test_admissible_labels_follow_the_predicate_table():
    person_org = admissible_labels("Person", "Organization")
    assert "worksFor>" in person_org and "worksFor<" not in person_org
    assert "supplies>" not in person_org
    assert "develops<" in admissible_labels("Product", "Organization")


def test_label_features_share_rule_agreement_across_predicates():
    feats = ["t=Organization>Organization", "rp=supplies>", "rule=ko.supplies.to|supplies>", "cue_af=supplies"]
    agree = label_features(feats, "supplies>")
    assert "agree" in agree and "agree=ko.supplies.to" in agree and "cue_af_agree" in agree
    assert "supplies>|t=Organization>Organization" in agree
    other = label_features(feats, "supplies<")
    assert "agree" not in other and "other_rule" in other and "cue_af_agree" in other


def test_model_json_round_trips_byte_for_byte():
    m = PairModel(-2.5, {"agree": 3.1, "L=meets": 0.25, "meets|w=회동": 1.0}, 0.4, False)
    text = m.to_json()
    again = PairModel.from_json(text)
    assert again.weights == m.weights and (again.bias, again.threshold, again.rules_too) == (-2.5, 0.4, False)
    assert again.to_json() == text
    assert m.probability(["rp=meets="], "meets") > m.probability([], "meets")
    assert m.accepted(["rp=meets="], "Person", "Person") == [("meets", pytest.approx(m.probability(["rp=meets="], "meets")))]


@pytest.mark.parametrize("text, message", [
    ("{not json", "invalid JSON"),
    ('{"format": "something.else"}', "run 'make train'"),
    ('{"format": "kgraph.pairs.v2", "bias": 1}', "malformed model"),
])
def test_a_bad_model_file_says_how_to_rebuild_it(text, message):
    with pytest.raises(KgraphError, match=message):
        PairModel.from_json(text, "relations.json")


def test_candidates_pair_every_member_of_a_list(analyse):
    doc = analyse("한빛전자는 구름텔레콤, 해솔전자, 미르테크놀로지와 차세대 메모리 공동 개발을 위한 업무협약을 체결했다.")
    pairs = {frozenset((c.a.label, c.b.label)): c for c in doc._.kg_candidates}
    assert len(pairs) == 6          # every two of the four
    for member in ("구름텔레콤", "해솔전자", "미르테크놀로지"):
        c = pairs[frozenset(("한빛전자", member))]
        assert "b_in_list" in c.features or "a_in_list" in c.features
    assert any(f.startswith("cue") and f.endswith("=partnerOf") for f in pairs[frozenset(("한빛전자", "구름텔레콤"))].features)


def test_a_rule_on_one_list_member_speaks_for_the_others(analyse):
    doc = analyse("다온랩스는 구름텔레콤과 해솔전자에 AI 반도체를 공급한다.")
    rules_on = {frozenset((c.a.label, c.b.label)): [f for f in c.features if f.startswith(("rp=", "sib="))]
                for c in doc._.kg_candidates}
    for member in ("구름텔레콤", "해솔전자"):
        assert {"rp=supplies>", "sib=supplies>"} <= set(rules_on[frozenset(("다온랩스", member))])
    assert "rp=supplies>" not in rules_on[frozenset(("구름텔레콤", "해솔전자"))]


def test_learned_relations_carry_their_probability_and_rule(analyse):
    """With the shipped model every relation's confidence is a probability, and the one that made it is named."""
    doc = analyse("구름텔레콤은 해솔전자와 손잡고 AI 데이터센터를 짓는다고 밝혔다.")
    rels = doc._.kg_relations
    assert rels and all(0.0 <= r.confidence <= 1.0 and r.rule for r in rels)
    assert any(r.predicate == "partnerOf" for r in rels)


# ---------------------------------------------------------------------------- on the real articles
@pytest.fixture(scope="module")
def items(gold_items):
    return gold_items


def test_the_corpus_splits_by_event(items):
    from kgraph.learn.train import group_folds
    folds = group_folds(items, 5)
    assert sorted(i for _, test in folds for i in test) == list(range(len(items)))
    for _, test in folds:
        held = {items[i].group for i in test}
        assert not any(items[i].group in held for i in range(len(items)) if i not in test)
    events = {a.group for a in items if a.doc.part == "train"}
    assert len(events) < sum(1 for a in items if a.doc.part == "train")     # some events have several articles


def test_gold_evidence_is_found_in_the_texts(items):
    located = [span is not None for a in items for *_x, span, _o in a.index.relations]
    assert sum(located) / len(located) > 0.95


def test_shipped_model_is_what_make_train_builds(items):
    """`make train` is reproducible byte for byte, and the package ships its output."""
    from kgraph.learn import train_model
    assert MODEL.exists(), "kgraph/data/models/relations.json is missing: run 'make train'"
    built = train_model(items).to_json()
    assert built == MODEL.read_text(encoding="utf-8"), "the shipped model is stale: run 'make train' and commit it"
    assert len(json.loads(built)["weights"]) > 1000


def test_accepted_scores_as_the_label_features_say(analyse):
    """The fast path (each feature looked up once) gives the probabilities of the plain sum over label_features."""
    from kgraph.model import coarse
    from kgraph.nlp.scorer import load_model
    model = load_model()
    assert model is not None, "kgraph/data/models/relations.json is missing: run 'make train'"
    doc = analyse("한빛전자는 구름텔레콤, 해솔전자와 손잡고 미르테크놀로지에 AI 반도체를 공급한다고 밝혔다. "
                  "김도윤 한빛전자 대표는 박서연 구름텔레콤 대표를 만났다.")
    checked = 0
    for c in doc._.kg_candidates:
        ta, tb = coarse(c.a.type), coarse(c.b.type)
        got = dict(model.accepted(c.features, ta, tb))
        for label in admissible_labels(ta, tb):
            w = model.weights
            z = model.bias + sum(w.get(f, 0.0) for f in set(label_features(c.features, label)))
            p = 1 / (1 + __import__("math").exp(-z))
            assert (label in got) == (p >= model.threshold)
            if label in got:
                assert got[label] == pytest.approx(p, abs=1e-9)
                checked += 1
    assert checked >= 3


def test_the_index_cut_to_admissible_labels_gives_the_same_bits(analyse):
    """accepted() reads the feature index cut to the labels a pair's types admit (issue 27: most features
    weigh labels the pair cannot take); the sums are made in the same order as over the whole index, so
    the stored confidences stay the same to the last bit."""
    import math

    from kgraph.model import coarse
    from kgraph.nlp.scorer import _SHARED, load_model, shared_features
    model = load_model()
    doc = analyse("한빛전자는 구름텔레콤, 해솔전자와 손잡고 미르테크놀로지에 AI 반도체를 공급한다고 밝혔다. "
                  "김도윤 한빛전자 대표는 박서연 구름텔레콤 대표를 만났다. Globex Corp. acquired Initech.")

    def whole_index(features, ta, tb):
        fs, w = set(features), model.weights
        special = [f for f in fs if f.startswith(_SHARED)]
        z = {label: model.bias + w.get(f"L={label}", 0.0) for label in admissible_labels(ta, tb)}
        for f in fs:
            for label, wt in model._by_feature.get(f, ()):
                if label in z:
                    z[label] += wt
        out = []
        for label, total in z.items():
            total += sum(w.get(g, 0.0) for g in set(shared_features(special, label)))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))
            if p >= model.threshold:
                out.append((label, p))
        return out

    pairs = [(c.features, coarse(c.a.type), coarse(c.b.type)) for c in doc._.kg_candidates]
    assert len(pairs) >= 5
    for features, ta, tb in pairs:
        assert model.accepted(features, ta, tb) == whole_index(features, ta, tb)
