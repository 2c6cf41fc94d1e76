"""Relations between linked mentions: the rules of rules.py applied to the sentences of sentence.py.

The grammar lives in data (kgraph/data/{ko,en}/relations.jsonl); this module is the engine that
applies it. It adds what no single rule can know: a Korean sentence without a subject inherits
the document's actor; people stand for their organisations where a relation needs organisations
(their employer stated in the same document); the predicate table decides which argument types a
relation takes; and each relation records the rule that made it.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from kgraph.model import EntityRef, Relation, coarse
from kgraph.nlp import lexicon as L
from kgraph.nlp.candidates import Candidate, candidates
from kgraph.nlp.chunks import DocAnalysis, Span
from kgraph.nlp.modality import modality_of, negated
from kgraph.nlp.rules import Arg, Rule, find_all, match_at, rule_by_id, rules
from kgraph.nlp.scorer import PairModel, split_label
from kgraph.nlp.sentence import Group, Item, Sentence, build_sentences
from kgraph.predicates import predicates
from kgraph.reference import by_key
from kgraph.roles import normalise_role

_CLAUSE_END = re.compile(r"[,;]|(?:고|며|면서|지만|는데|으나|했으나|해|하여|한 뒤|한 후)\s|\b(?:and|but|while|which)\b")


_VERBAL = {"XSV", "XSA", "VV", "VX", "EP", "NNB"}
_LIGHT_VERBS = {"예고", "앞두", "준비", "추진", "계획", "목표", "진행", "마치", "완료", "시작"}
# words that describe the name a clause modifies (자체 개발 AI 모델인 ‘누리’, 공개한 차세대 AI 칩 ‘아라’)
_DESCRIPTIVE = set(L.PRODUCT_CUES) | set(L.ORG_CUES) | {"자체", "신규", "신형", "차세대", "최신", "최초", "첫", "새",
                                                        "생성형", "생성", "대형", "초거대", "거대", "언어", "인공지능"}


def _ordered(group: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """Sequences before frames, so that a frame can lift a product to the maker a sequence found."""
    return tuple(sorted(group, key=lambda r: r.kind != "sequence"))


@lru_cache(maxsize=2)
def _anaphors(lang: str) -> tuple[tuple[re.Pattern, str], ...]:
    out = []
    for word, kind in L.table(f"{lang}/anaphors.tsv", 2):
        if lang == "ko":
            out.append((re.compile(rf"(?:^|\s){re.escape(word)}(?:는|은|가|이|도|측은)\s"), kind))
        else:       # English rows are patterns: (?:the|these) two (?:\w+ ){0,3}companies
            out.append((re.compile(rf"(?i)(?:^|[,;]\s|\b(?:and|but|while)\s)(?:{word})[\s,](?!is\b|was\b)"), kind))
    return tuple(out)


def _clause_after(text: str, pos: int, limit: int) -> str:
    """Words after a trigger up to the end of its clause (a comma, a connective ending, or the sentence)."""
    chunk = text[pos:limit]
    m = _CLAUSE_END.search(chunk)
    return chunk[: m.start() + 1] if m else chunk


def _pairs(a: list[EntityRef], b: list[EntityRef]):
    for x in a:
        for y in b:
            if x != y:
                yield x, y


def _part_of(a: EntityRef, b: EntityRef) -> bool:
    refs = by_key()
    ref, seen = refs.get(a.key), set()
    while ref is not None and ref.parent and ref.key not in seen:
        if ref.parent == b.key:
            return True
        seen.add(ref.key)
        ref = refs.get(ref.parent)
    return False


def admit(s: EntityRef, p: str, o: EntityRef) -> tuple[EntityRef, EntityRef] | None:
    """The two ends of a relation in the order it is stored (symmetric ones sorted), or None where the
    predicate table or the reference list rules it out."""
    if s == o or not predicates()[p].accepts(coarse(s.type), coarse(o.type)):
        return None
    ref = by_key().get(o.key)
    if p == "develops" and ref is not None and ref.parent not in (None, s.key):
        return None   # the reference list knows the maker: another organisation does not 'develop' it
    if p == "uses" and ref is not None and ref.parent == s.key:
        return None   # a maker does not 'use' its own product
    if p == "partnerOf" and (_part_of(s, o) or _part_of(o, s)):
        return None   # 구글과 구글 클라우드: a unit does not partner with its parent
    if predicates()[p].symmetric and s.key > o.key:
        s, o = o, s
    return s, o


class RelationFinder:
    """Relations of one document, sentence by sentence."""

    def __init__(self, analysis: DocAnalysis, linked: list[tuple[Span, EntityRef]]):
        self.a = analysis
        self.text = analysis.text
        self.linked = linked
        self.out: list[Relation] = []
        self.employer: dict[EntityRef, EntityRef] = {}
        self.topic: list[tuple[int, list[EntityRef]]] = []
        self.preds = predicates()
        self.refs = by_key()
        self.maker: dict[EntityRef, EntityRef] = {}          # product -> maker, from develops found so far
        self.made: dict[EntityRef, tuple[EntityRef, int]] = {}   # product -> (maker, sentence start) where stated
        self.last_pair: tuple[EntityRef, EntityRef] | None = None   # what 양사 / the two companies stand for
        self.prev_start = -1                                         # start of the sentence before this one
        self.positions: dict[str, list[int]] = {}                    # word -> item positions in the sentence
        self.sentences: list[Sentence] = []

    # -- output ----------------------------------------------------------------------------------
    def add(self, s: EntityRef, p: str, o: EntityRef, sent: Sentence, rule: Rule, trigger: str, modality: str,
            confidence: float | None = None, role: str | None = None) -> None:
        ends = admit(s, p, o)
        if ends is None:
            return
        s, o = ends
        if p == "uses" and self.made.get(o, (None, sent.start))[0] == s:
            return          # 한빛전자의 HBM4 … 한빛전자는 HBM4를 탑재: a maker does not use its own product
        if p == "develops":
            self.maker.setdefault(o, s)
            self.made.setdefault(o, (s, sent.start))
        elif p == "partnerOf" and coarse(s.type) == coarse(o.type) == "Organization":
            self.last_pair = (s, o)
        conf = rule.conf if confidence is None else min(confidence, rule.conf)
        role = normalise_role(role)     # one name per role (kgraph/data/roles.tsv); the title stays in the sentence
        self.out.append(Relation(s, p, o, sent.text, sent.start, sent.end, trigger, modality, conf, role, rule.id))

    def lift(self, ent: EntityRef) -> EntityRef:
        """A person's organisation (stated in this document) where a relation needs organisations."""
        return self.employer.get(ent, ent)

    # -- main loop -----------------------------------------------------------------------------------
    def run(self) -> list[Relation]:
        sentences = self.sentences = [s for s in build_sentences(self.a, self.linked) if s.units]   # no name, no relation
        by_lang = {lang: _ordered(group) for lang, group in rules().items()}
        for sent in sentences:             # worksFor first: employers lift people's talks to their organisations
            for rule in by_lang[sent.lang]:
                if rule.kind == "apposition" and rule.opt("shape") != "implied":
                    self.apposition(rule, sent)
        for n, sent in enumerate(sentences):
            self.prev_start = sentences[n - 1].start if n else -1
            at: dict[str, list[int]] = {}         # word -> positions, to start trigger matches where they can
            for k, it in enumerate(sent.items):
                if it.kind == "tok":
                    at.setdefault(it.text, []).append(k)
                    if it.lower != it.text:
                        at.setdefault(it.lower, []).append(k)
                    if it.lemma != it.text:
                        at.setdefault(it.lemma, []).append(k)
            self.positions = at
            words = at.keys()
            ents = {it.unit.coarse for it in sent.items if it.kind == "ent"}
            for rule in by_lang[sent.lang]:
                if (rule.anchor is not None and not rule.anchor & words) or not rule.needs_ents <= ents:
                    continue
                if rule.kind == "frame":
                    self.frame(rule, sent)
                elif rule.kind == "sequence":
                    self.sequence(rule, sent)
                elif rule.opt("shape") == "implied":       # after every stated employer is known
                    self.apposition(rule, sent)
            subj = [g for g in sent.groups if g.role == "subj" or (sent.lang == "en" and g.role in ("bare", "poss")
                                                                   and g is sent.groups[0])]   # (English: first)
            if subj:
                self.topic.append((sent.start, subj[0].members))
            for g in sent.groups:       # 삼성전자와 네이버 … 양사는: the last two organisations named together
                orgs = [m for m in g.members if coarse(m.type) == "Organization"]
                if len(orgs) == 2:
                    self.last_pair = (orgs[0], orgs[1])
        return self.dedupe()

    def dedupe(self) -> list[Relation]:
        seen: dict[tuple, Relation] = {}
        parts = {(r.start, frozenset((r.subject, r.object))) for r in self.out if r.predicate == "subsidiaryOf"}
        named = {(r.start, r.subject) for r in self.out if r.predicate == "subsidiaryOf" and r.rule and
                 getattr(rule_by_id(r.rule), "kind", "") == "sequence"}
        for r in self.out:
            if r.predicate == "partnerOf" and (r.start, frozenset((r.subject, r.object))) in parts:
                continue        # 한빛전자는 계열사인 라온과 함께: an affiliate is no partner of its parent
            if r.predicate == "subsidiaryOf" and (r.start, r.subject) in named and \
                    getattr(rule_by_id(r.rule), "kind", "") == "frame":
                continue        # 한빛전자는 구름텔레콤 자회사 라온과: the parent named at the cue, not the topic
            k = (r.subject, r.predicate, r.object, r.start)
            if k not in seen or r.confidence > seen[k].confidence:
                seen[k] = r
        return list(seen.values())

    # -- apposition: structures the entity stage found ----------------------------------------------
    def apposition(self, rule: Rule, sent: Sentence) -> None:
        """shape "title": a person named with a job title next to the organisation (정신아 카카오 대표);
        "maker": a product name that opens with its maker's name (구글 제미나이)."""
        shape = rule.opt("shape", "title")
        if shape == "maker":
            here = [(s, e) for s, e in self.linked if sent.start <= s.start < sent.end]
            for s, e in here:
                if s.source == "maker-prefix":
                    whole = next((pe for ps, pe in here if ps.start == s.start and ps.end > s.end), None)
                    if whole is not None:
                        self.add(e, rule.pred, whole, sent, rule, s.text, "stated")
            return
        ents_at = {(s.start, s.end): e for s, e in self.linked}
        if shape == "implied":      # 김다현 연구원 … 업스테이지: a titled person, one organisation in the sentence
            orgs = {m for g in sent.groups for m in g.members if coarse(m.type) == "Organization"}
            for u in sent.units:
                s, e = u.span, u.ent
                org = next(iter(orgs)) if len(orgs) == 1 else None
                known = self.refs.get(e.key)
                if coarse(e.type) == "Person" and s.title and not s.org_span and org is not None and \
                        s.title not in L.NON_EMPLOYMENT_TITLES | L.PRESS_TITLES and e not in self.employer and \
                        (known is None or known.parent in (None, org.key)):
                    self.add(e, rule.pred, org, sent, rule, s.title, "stated", role=L.ROLE_EN.get(s.title, s.title))
            return
        if shape == "part":          # Samsung's Visual Display division
            for s, e in self.linked:
                org = self._at(ents_at, s.org_span) if s.org_span else None
                if sent.start <= s.start < sent.end and s.source == "en-division" and org is not None:
                    self.add(e, rule.pred, org, sent, rule, "division", "stated")
            return
        for u in sent.units:
            s, e = u.span, u.ent
            org = self._at(ents_at, s.org_span) if s.org_span else None
            if coarse(e.type) != "Person" or org is None:
                continue
            if sent.lang == "ko" and s.org_span[1] <= s.start and "," in self.text[s.org_span[1]:s.start]:
                continue        # MS CEO, 김도윤 사장 만나: the organisation's title is another person's
            if rule.pred == "worksFor" and ((not s.title and s.source != "en-person-of") or
                                            s.title in L.NON_EMPLOYMENT_TITLES):
                continue        # (Dana Moss of Initech needs no title)
            role = L.ROLE_EN.get(s.title, s.title) if s.title else None
            k = self.text.find(s.title, s.end) if s.title else -1
            m = re.match(r"\(([A-Z]{2,4})\)", self.text[k + len(s.title):k + len(s.title) + 8]) if k != -1 else None
            if m:
                role = m.group(1)      # 최고경영자(CEO): the parenthesis gives the usual English role
            self.add(e, rule.pred, org, sent, rule, s.title or "", "stated", role=role)
            parent = self.refs.get(org.key)
            if parent is not None and parent.type == "Division" and parent.parent in self.refs and rule.pred == "worksFor":
                # 삼성전자 DS부문 부사장: who works for a division works for its company
                self.add(e, rule.pred, self.refs[parent.parent].ref(), sent, rule, s.title or "", "stated", role=role)
            if rule.pred == "worksFor":
                self.employer.setdefault(e, org)

    @staticmethod
    def _at(ents_at: dict, span: tuple[int, int]) -> EntityRef | None:
        """The entity named at `span`, or at the name that overlaps it most (Globex Corp vs Globex Corp.)."""
        if span in ents_at:
            return ents_at[span]
        best = max(((min(e, span[1]) - max(b, span[0]), ent) for (b, e), ent in ents_at.items()), default=(0, None),
                   key=lambda x: x[0])
        return best[1] if best[0] > 0 else None

    # -- sequences: token patterns with captures -------------------------------------------------------
    def sequence(self, rule: Rule, sent: Sentence) -> None:
        for i, j, caps in find_all(rule.pattern, sent.items):
            subj = self._members(caps.get("s", []), rule, "s", sent)
            obj = self._members(caps.get("o", []), rule, "o", sent)
            trig = caps.get("trigger") or caps.get("role") or []
            t0 = trig[0].start if trig else sent.items[i].start
            t1 = trig[-1].end if trig else sent.items[j - 1].end
            trigger = self.text[t0:t1]
            if negated(_clause_after(self.text, t1, sent.end)):
                continue
            modality = rule.opt("modality") or self._modality(sent, t0, t1, trigger)
            role = None
            if "role" in caps:
                role = L.ROLE_EN.get(caps["role"][0].text, caps["role"][0].text)
            for x, y in _pairs(subj, obj):
                if rule.opt("lift"):
                    x, y = self.lift(x), self.lift(y)
                self.add(x, rule.pred, y, sent, rule, trigger, modality, role=role)
                if rule.pred == "worksFor":
                    self.employer.setdefault(x, y)

    def _members(self, items: list[Item], rule: Rule, cap: str, sent: Sentence) -> list[EntityRef]:
        out: list[EntityRef] = []
        expand = any(e.expand for e in rule.pattern if e.cap == cap)
        for it in items:
            if it.kind != "ent":
                if it.lower in ("its", "their"):     # its in-house Exynos chip: the clause's subject, else the
                    before = [g for g in sent.groups if g.after <= it.start and     # organisation named last
                              any(coarse(m.type) == "Organization" for m in g.members)]
                    subj = [g for g in before if g.role == "bare" and not self._clause_between(sent, g.after, it.start)]
                    before = subj[:1] or before
                    out += [m for m in before[-1].members if coarse(m.type) == "Organization"] if before else \
                        self.implied(rule, sent, it.start, set(), force=True)
                continue
            if expand and it.group is not None and not it.unit.modifier:
                out += it.group.members
            elif expand and it.group is not None:     # A and B's chips: the possessors listed right before it
                units = it.group.units
                k = units.index(it.unit)
                while k > 0 and units[k - 1].modifier and units[k - 1].particle == it.unit.particle:
                    k -= 1
                out += [u.ent for u in units[k:units.index(it.unit) + 1]]
            else:
                out.append(it.unit.ent)
        return list(dict.fromkeys(out))

    def _modality(self, sent: Sentence, t0: int, t1: int, trigger: str) -> str:
        before = self.text[max(sent.start, t0 - 25):t0] if sent.lang == "en" else ""
        return modality_of(self.text[t1:sent.end], trigger, before)

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
            clause = _clause_after(self.text, t1, sent.end)
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

        def typed(g: Group) -> bool:
            if sent.lang == "en" and arg.side == "after" and \
                    re.search(r"\bto (?!the\b|an?\b|its\b|their\b|this\b|these\b|those\b)[a-z]+\b|\b(?:and|but|while|which|who|that)\b|;",
                              self.text[t1:g.start]):
                return False        # joined up to rival Globex; … deal and that Initech would: another clause
            if sent.lang == "en" and arg.side == "before" and arg.reach is None and t0 - g.after > 100:
                return False        # an English subject stands near its verb
            if arg.particles and g.units[-1].particle not in arg.particles:
                return False        # 한빛전자는 … 계열사인 라온: the topic, not another clause's subject
            if arg.clear and any(h is not g and g.after <= h.start < t0 for h in sent.groups):
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
            for x, y in _pairs(everyone, everyone):
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
                for x, y in _pairs(lone.members, lone.members):
                    self.add(*self._lifted(rule, x, y), sent, rule, trigger, modality)
            return
        for x, y in _pairs(subjects, objects):
            self.add(*self._lifted(rule, x, y), sent, rule, trigger, modality, confidence=conf)
        if rule.opt("pair_object") and len(objects) > 1 and "각각" not in sent.text:
            for x, y in _pairs(objects, objects):     # A는 B·C 등 7개 기관과 협약: one deal, every party
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

    # -- implied subjects --------------------------------------------------------------------------
    def implied(self, rule: Rule, sent: Sentence, t0: int, exclude: set, force: bool = False,
                topic: bool = False, types: frozenset[str] = frozenset()) -> list[EntityRef]:
        """A subject the sentence does not name. 양사는 / the two companies: the pair the article just named;
        회사는 / the company / it: the article's actor. Korean also drops a subject the reader knows: the actor
        of the previous sentence, else the one the document has most often made its subject (ties go to the
        earliest). Not in headlines, nor when the clause has a subject that is not a name (관계자는)."""
        kind = self.anaphor(sent, t0)
        if kind == "pair" and self.last_pair:
            return [m for m in self.last_pair if m not in exclude]
        if kind is None and ((sent.lang == "en" and not topic) or
                             (not force and (sent.headline or self.has_subject(sent, t0)))):
            return []
        want = rule.opt("implied")
        if want is True and exclude and all(coarse(m.type) == "Person" for m in exclude):
            want = "Person"         # 올트먼이 … 회장과 만나 협력: people talk to people
        ok = [(start, [m for m in members if m not in exclude and (want in (True, None) or coarse(m.type) == want)
                       and (not types or coarse(m.type) in types)])
              for start, members in self.topic if start < sent.start]
        after = next((it for it in sent.items if it.start >= t0 and it.kind == "tok" and it.tag.startswith("J")), None)
        nominal = after is not None and after.tag.split("+")[0] in ("JKS", "JX", "JKG") and \
            self.text[t0:after.start].strip() and " " not in self.text[t0:after.start].strip()
        if ok and ok[-1][0] == self.prev_start and ok[-1][1] and not sent.headline and not nominal:
            return ok[-1][1][:1]    # the previous sentence's subject carries on (PFN은 … 업체다. … 투자를 유치했다)
        tally: dict[EntityRef, list] = {}
        for n, (start, members) in enumerate(ok):
            for m in members:
                tally.setdefault(m, [0, n])[0] += 1
        if not tally:
            return []
        return [max(tally.items(), key=lambda kv: (kv[1][0], -kv[1][1]))[0]]

    def anaphor(self, sent: Sentence, t0: int) -> str | None:
        """'pair' or 'actor' when the clause before `t0` has an anaphor as its subject (양사는, the company)."""
        head = self.text[sent.start:t0]
        for rx, kind in _anaphors(sent.lang):
            if rx.search(head):
                return kind
        return None

    def has_subject(self, sent: Sentence, before: int) -> bool:
        """Whether the clause before `before` has a subject of its own (a name, or a noun with 이/가/은/는)."""
        if sent.lang == "en":
            return False
        prev: Item | None = None
        for it in sent.items:
            if it.start >= before:
                break
            if it.kind == "tok" and prev is not None and prev.kind == "tok" and prev.tag.split("+")[-1].startswith("NN"):
                tag = it.tag.split("+")[0]
                if tag == "JKS" or (tag == "JX" and it.text in ("은", "는")):
                    return True
            prev = it
        return False


def extract_relations(analysis: DocAnalysis | None, linked) -> list[Relation]:
    """Every relation the rules state in a document, each with its sentence, offsets, trigger, modality and rule."""
    if analysis is None or not linked:
        return []
    return RelationFinder(analysis, linked).run()


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
                if negated(_clause_after(sent.text, end - sent.start, len(sent.text))):
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
