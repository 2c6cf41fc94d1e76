"""Frame rules: a trigger and the nearest coordinated groups with the right roles on each side.

A part of the rule engine (kgraph/nlp/relations.py, whose RelationFinder it is a base of): finding a
frame's trigger, its arguments by role, side and reach, a relative clause's head noun, and the
relations a frame states between their members.
"""
from __future__ import annotations

import bisect
import re

from kgraph.model import EntityRef, coarse
from kgraph.nlp import lexicon as L
from kgraph.nlp.clauses import clause_after, pairs
from kgraph.nlp.modality import negated
from kgraph.nlp.rules import Arg, Rule, find_all, match_at
from kgraph.nlp.sentence import Group, Sentence

_VERBAL = {"XSV", "XSA", "VV", "VX", "EP", "NNB"}
_LIGHT_VERBS = {"예고", "앞두", "준비", "추진", "계획", "목표", "진행", "마치", "완료", "시작"}
# words that describe the name a clause modifies (자체 개발 AI 모델인 ‘누리’, 공개한 차세대 AI 칩 ‘아라’)
_DESCRIPTIVE = set(L.PRODUCT_CUES) | set(L.ORG_CUES) | {"자체", "신규", "신형", "차세대", "최신", "최초", "첫", "새",
                                                        "생성형", "생성", "대형", "초거대", "거대", "언어", "인공지능"}


class FrameRules:
    """The frame half of RelationFinder (it supplies text, preds, add, lift, implied, …)."""

    # -- frames: a trigger and the nearest groups with the right roles ------------------------------
    def frame(self, rule: Rule, sent: Sentence) -> None:
        items = sent.items
        starts = None
        if rule.anchored_first:
            starts = sorted({k for w in rule.anchor for k in self.positions.get(w, ())})
        for i, j, _caps in find_all(rule.trigger, items, starts):
            if rule.next_not and match_at(rule.next_not, items, j) is not None:
                continue
            t0, t1 = items[i].start, items[j - 1].end
            if rule.opt("before_re") and not re.search(rule.opt("before_re"), self.text[sent.start:t0]):
                continue        # 이번 투자에는 … 참여: the words before the trigger set the scene
            trigger = self.text[t0:t1]
            clause = clause_after(self.text, t1, sent.end)
            if negated(clause):
                continue
            if rule.clause_has and not all(any(it.lemma in ws or it.text in ws or any(w in it.text for w in ws)
                                               for it in items[j:] if it.kind == "tok") for ws in rule.clause_has):
                continue
            modality = rule.opt("modality") or self._modality(sent, t0, t1, trigger)
            self.apply_frame(rule, sent, i, j, t0, t1, trigger, modality)

    def find_arg(self, arg: Arg | None, sent: Sentence, t0: int, t1: int, exclude: Group | None = None,
                 before: int | None = None, fits: frozenset[str] = frozenset()) -> Group | None:
        """The nearest group on the argument's side with one of its roles, within reach, with a member of a
        type the argument (or else the predicate, `fits`) takes."""
        if arg is None:
            return None
        allowed = arg.types or fits
        starts: list[int] = []       # every group's start, sorted, made on first use (arg.clear)

        def opens_between(g: Group) -> bool:
            """Whether another group starts between g and the trigger (t0)."""
            if not starts:
                starts.extend(sorted(h.start for h in sent.groups))
            n = bisect.bisect_left(starts, t0) - bisect.bisect_left(starts, g.after)
            return n - (g.after <= g.start < t0) > 0

        def typed(g: Group) -> bool:
            if sent.lang == "en" and arg.side == "after" and \
                    re.search(r"\bto (?!the\b|an?\b|its\b|their\b|this\b|these\b|those\b)[a-z]+\b|\b(?:and|but|while|which|who|that)\b|;",
                              self.text[t1:g.start]):
                return False        # joined up to rival Globex; … deal and that Initech would: another clause
            if sent.lang == "en" and arg.side == "before" and arg.reach is None and t0 - g.after > 100:
                return False        # an English subject stands near its verb
            if arg.particles and g.units[-1].particle not in arg.particles:
                return False        # 한빛전자는 … 계열사인 라온: the topic, not another clause's subject
            if arg.clear and opens_between(g):
                return False        # 엔비디아의 GPU ‘H100’ 대신 ‘H800’을 사용: the possessor is not the object
            if sent.lang == "ko" and arg.side == "before" and g.role in ("obj", "target", "poss") and not arg.across and \
                    self._clause_break(sent, g.after, t0):
                return False        # 누리넷을 인수하는 모아테크는 … 개발: another verb's object
            return not allowed or any(coarse(m.type) in allowed for m in g.members)
        if arg.side == "before":
            limit = t0 + 1 if before is None else before
            cands = [g for g in sent.groups if g.after <= limit and g is not exclude and g.role in arg.roles
                     and (arg.reach is None or t0 - g.after <= arg.reach) and typed(g)]
            if sent.lang == "ko" and len(cands) > 1 and cands[-1].role == "subj" and \
                    cands[-1].units[-1].particle in ("이", "가") and self._adnominal(sent, cands[-1].after, t0):
                # 모아테크는 한빛전자가 개발한 ‘누리’를 도입: 한빛전자 is the subject of the clause on ‘누리’
                topic = [g for g in cands[:-1] if g.role == "subj" and g.units[-1].particle in ("은", "는")]
                if topic:
                    return topic[-1]
            return cands[-1] if cands else None
        cands = [g for g in sent.groups if g.start >= t1 and g is not exclude and g.role in arg.roles
                 and (arg.reach is None or g.start - t1 <= arg.reach) and typed(g)]
        return cands[0] if cands else None

    def _clause_between(self, sent: Sentence, a: int, b: int) -> bool:
        """Whether a relative clause or a new sentence-like clause opens between offsets a and b (English)."""
        return re.search(r"\b(?:which|who|that|while|whereas)\b|;", self.text[a:b]) is not None

    @staticmethod
    def _adnominal(sent: Sentence, a: int, b: int) -> bool:
        """Whether the subject ending at offset a is that of a relative clause before offset b: its verb modifies
        a noun (한빛전자가 개발한 ‘누리’를) before any object or clause ending of its own (… 거래를 위한 MOU), or it
        ends in -는데 (모아테크가 … 수혈하는데, 한빛전자는 … 투자: a background clause with its own subject)."""
        toks = [it for it in sent.items if it.kind == "tok" and a <= it.start < b]
        if any(x.text == "데" and x.tag == "NNB" and "ETM" in p.tag for p, x in zip(toks, toks[1:])):
            return True
        for it in sent.items:
            if it.kind != "tok" or not a <= it.start < b:
                continue
            parts = it.tag.split("+")
            if parts[0] in ("VV", "XSV", "EP", "ETM") and "ETM" in parts and it.lemma not in ("지나", "오"):
                return True
            if parts[0] == "JKO" or any(p in ("EC", "EF") for p in parts):
                return False
        return False

    @staticmethod
    def _clause_break(sent: Sentence, a: int, b: int) -> bool:
        """Whether a verb ends a clause between offsets a and b (인수하는, 협력해, 밝혔다)."""
        prev = ""
        for it in sent.items:
            date = it.lemma in ("지나", "오") or (prev in ("지나", "오") and it.tag == "ETM")  # 지난 3월, 오는 5월
            prev = it.lemma if it.kind == "tok" else ""
            if it.kind == "tok" and a <= it.start < b and not it.lemma.startswith("비롯") and not date:
                parts = it.tag.split("+")
                if parts[0] in ("VV", "VA", "XSV", "XSA", "VX", "EP") and any(p in ("ETM", "EC", "EF") for p in parts):
                    return True
                if parts[0] in ("ETM", "EC", "EF"):
                    return True
        return False

    def apply_frame(self, rule: Rule, sent: Sentence, i: int, j: int, t0: int, t1: int, trigger: str,
                    modality: str) -> None:
        pred = self.preds[rule.pred]
        lifts = {"Person"} if rule.opt("lift") else set()
        lifts |= {"Product"} if rule.opt("lift_products") else set()
        obj = self.find_arg(rule.object, sent, t0, t1, fits=pred.object_types | lifts)
        if obj is not None and rule.opt("object_not_followed_by") and \
                re.match(rule.opt("object_not_followed_by"), self.text[obj.after:obj.after + 8]):
            return
        if obj is not None and obj.role == "poss" and rule.opt("possessed"):
            obj = self._possessed(sent, obj, pred.object_types) or obj
        subj = None
        if rule.subject is not None:
            # the subject comes before the object when both precede the trigger (A는 B에 … 공급)
            before = obj.start + 1 if obj is not None and obj.start < t0 and rule.subject.side == "before" \
                and "subj" in rule.subject.roles and obj.role != "subj" and rule.object.side == "before" else None
            subj = self.find_arg(rule.subject, sent, t0, t1, exclude=obj, before=before,
                                 fits=pred.subject_types | lifts)
        head = self.relative_head(rule, sent, j, t1) if rule.opt("relative") else None
        if head is not None and head is not obj and head is not subj:
            if obj is None and rule.object is not None:
                obj = head              # A가 개발한 B
            elif rule.subject is not None:
                subj = head             # B를 개발한 A: the head is the subject, whatever came before
        subjects = list(subj.members) if subj is not None else []
        if rule.opt("partners_too") and subj is not None:       # A가 B·C와 함께 진행하는 X: B and C too
            subjects += [m for g in sent.groups if subj.after <= g.start and g.after <= t0 + 1 and g.role == "partner"
                         for m in g.members]
        if subj is not None and rule.subject.last:
            subjects = subjects[-1:]        # LG Uplus's Xigen, built on …: a participle's subject is the last name
        objects = list(obj.members) if obj is not None else []
        if rule.opt("pair_all"):
            everyone = [m for g in sent.groups if g.after <= t0 + 1 and g is not subj
                        and g.role in rule.object.roles for m in g.members]
            subjects = subjects or self.implied(rule, sent, t0, set(everyone), force=True)
            everyone = list(dict.fromkeys(subjects + everyone))
            for x, y in pairs(everyone, everyone):
                self.add(x, rule.pred, y, sent, rule, trigger, modality)
            return
        conf = None
        if not subjects and objects and rule.opt("implied") and rule.subject is not None and \
                not (obj is head and i > 0 and (sent.items[i - 1].tag.startswith("JKO") or (
                    sent.items[i - 1].kind == "ent" and sent.items[i - 1].unit.role == "obj"))):
            # (not in 다음을 인수하는 업스테이지: the name after a clause with an object of its own is its subject)
            subjects = self.implied(rule, sent, t0, set(objects), topic=rule.opt("implied_topic") == "subject")
            conf = 0.55
        if not objects and subjects and rule.opt("implied_object") and rule.object is not None:
            objects = self.implied(rule, sent, t0, set(subjects),     # …으로부터 투자를 유치했다: the investee
                                   force=not sent.headline,       # (대목은 … 참여했다: no dropped subject)
                                   topic=rule.opt("implied_topic") == "object", types=rule.object.types)
            # (English: investors include A, with implied_topic)
            conf = 0.55
        if (not subjects or not objects) and rule.opt("pair_members"):
            # A와 B는 협력 / A와 B의 협력 / A·B와의 협력: the members of one group relate to each other
            roles = set(rule.opt("pair_roles", ["subj", "poss", "partner_mod", "bare"]))
            reach = int(rule.opt("pair_reach", 45))
            near = next((g for g in reversed(sent.groups) if g.after <= t0 + 1 and g.role in roles
                         and t0 - g.after <= reach and len(g.members) > 1), None)
            lone = obj if obj is not None else near if near is not None and near.role != "subj" else subj or near
            if lone is not None and len(lone.members) > 1 and lone.role in roles and \
                    (lone.after > t0 or t0 - lone.after <= reach):
                for x, y in pairs(lone.members, lone.members):
                    self.add(*self._lifted(rule, x, y), sent, rule, trigger, modality)
            return
        for x, y in pairs(subjects, objects):
            self.add(*self._lifted(rule, x, y), sent, rule, trigger, modality, confidence=conf)
        if rule.opt("pair_object") and len(objects) > 1 and "각각" not in sent.text:
            for x, y in pairs(objects, objects):     # A는 B·C 등 7개 기관과 협약: one deal, every party
                self.add(*self._lifted(rule, x, y), sent, rule, trigger, modality, confidence=conf)

    def _lifted(self, rule: Rule, x: EntityRef, y: EntityRef) -> tuple[EntityRef, str, EntityRef]:
        lp = rule.opt("lift_products")
        if lp:        # 미스트랄AI의 ‘믹스트랄’ 등 … 모델을 제치고: the maker competes; ‘카나나’에 … 도입: the maker uses
            x = self.maker.get(x, x)
            if lp != "subject":
                y = self.maker.get(y, y)
        if rule.opt("lift"):
            p = self.preds[rule.pred]
            if coarse(x.type) not in p.subject_types or coarse(y.type) == "Person":
                x, y = self.lift(x), self.lift(y)
        return x, rule.pred, y

    @staticmethod
    def _possessed(sent: Sentence, owner: Group, types: frozenset[str]) -> Group | None:
        """The product a possessor object modifies (use Globex's latest Nova chips: Nova), when it follows
        within a few words and the predicate takes it."""
        nxt = next((g for g in sent.groups if g.start >= owner.after), None)
        if nxt is None or nxt.start - owner.after > 25 or not nxt.members or \
                any(coarse(m.type) != "Product" or coarse(m.type) not in types for m in nxt.members):
            return None
        return nxt if re.fullmatch(r"[\w\s-]*", sent.text[owner.after - sent.start:nxt.start - sent.start]) else None

    def relative_head(self, rule: Rule, sent: Sentence, j: int, t1: int) -> Group | None:
        """The name an adnominal trigger modifies: A가 개발한 B / B를 공개한 A (verb endings, then -ㄴ),
        자체 개발 AI 모델인 B (a compound noun, then 인), then at most a few descriptive words before it."""
        items = sent.items
        end = None
        compound = False
        for k in range(j, min(len(items), j + 5)):
            it = items[k]
            first = it.tag.split("+")[0]
            if it.kind != "tok":
                return None
            if "ETM" in it.tag:
                if compound and first != "VCP":
                    return None
                end = it.end
                break
            if first in _VERBAL:
                continue
            if first == "JKO" and k + 1 < len(items) and items[k + 1].lemma in _LIGHT_VERBS:
                continue            # 출시를 예고한 AI 서비스 ‘카나나’
            if first == "NNG" and it.lemma in _LIGHT_VERBS and k > j and items[k - 1].tag.startswith("JKO"):
                continue
            if first in ("NNG", "SL", "SN") and (it.text in _DESCRIPTIVE or first != "NNG"):
                compound = True
                continue
            return None
        if end is None:
            return None
        nxt = next((g for g in sent.groups if g.start >= end), None)
        if nxt is None or nxt.start - end > int(rule.opt("reach", 30)):
            return None
        between = [it for it in items if it.kind == "tok" and end <= it.start < nxt.start]
        nouns = [it for it in between if it.tag.split("+")[0] == "NNG"]
        if (nouns and nouns[-1].text not in _DESCRIPTIVE) or len(nouns) > 3 or \
                any(it.tag.split("+")[0] not in ("NNG", "SL", "SN", "SSO", "SSC", "SS", "NNB", "MM", "XSN") for it in between):
            return None         # 검토 중인 가운데 한빛전자의: the clause modifies 가운데, not the name
        # KT 투자받은 리벨리온·사피온코리아: the clause modifies the first name of a list only
        first = nxt.units[0]
        return Group([first], nxt.role, first.start, first.end, first.after, [first.ent])
