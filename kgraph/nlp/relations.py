"""Relations between linked mentions: the rules of rules.py applied to the sentences of sentence.py.

The grammar lives in data (kgraph/data/{ko,en}/relations.jsonl); this module is the engine that
applies it. It adds what no single rule can know: a Korean sentence without a subject inherits
the document's actor; people stand for their organisations where a relation needs organisations
(their employer stated in the same document); the predicate table decides which argument types a
relation takes; and each relation records the rule that made it.
"""
from __future__ import annotations

import re

from kgraph.model import EntityRef, Relation, coarse
from kgraph.nlp import lexicon as L
from kgraph.nlp.chunks import DocAnalysis, Span
from kgraph.nlp.clauses import clause_after, ordered, pairs
from kgraph.nlp.frames import FrameRules
from kgraph.nlp.implied import ImpliedSubjects
from kgraph.nlp.modality import modality_of, negated
from kgraph.nlp.rules import Rule, find_all, rule_by_id, rules
from kgraph.nlp.sentence import Item, Sentence, build_sentences
from kgraph.predicates import predicates
from kgraph.reference import by_key
from kgraph.roles import normalise_role


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


_PAREN = re.compile(r"[’'”\"]?\s?\(([^()]{2,50})\)")     # a parenthesis right after a name (its closing quote)


_NOT_INHERITED = {"교수", "professor", "연구원", "researcher"}     # a scholar in a list of executives works elsewhere


class RelationFinder(FrameRules, ImpliedSubjects):
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
        by_lang = {lang: ordered(group) for lang, group in rules().items()}
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
        if shape == "paren":
            self.parenthesis(rule, sent)
            return
        if shape == "list":
            self.listed_employers(rule, sent)
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

    def parenthesis(self, rule: Rule, sent: Sentence) -> None:
        """shape "paren": an organisation, and in the parenthesis right after it a name of the type the predicate
        joins to it: 모아테크(대표 박지훈) for worksFor (a job title must stand there too), 모아테크(누리봇) for
        develops (the product alone fills the parenthesis)."""
        here = sorted(((s, e) for s, e in self.linked if sent.start <= s.start < sent.end), key=lambda x: x[0].start)
        for s, org in here:
            if coarse(org.type) != "Organization":
                continue
            m = _PAREN.match(self.text, s.end, min(sent.end, s.end + 60))
            if m is None:
                continue
            inside = [(x, e) for x, e in here if m.start(1) <= x.start and x.end <= m.end(1) and e != org]
            if len(inside) != 1:
                continue
            x, e = inside[0]
            rest = (self.text[m.start(1):x.start] + " " + self.text[x.end:m.end(1)]).split()
            if rule.pred == "worksFor" and coarse(e.type) == "Person":
                titles = [w.strip(",") for w in rest if w.strip(",") in L.TITLE_SET]
                if titles and not set(titles) & (L.NON_EMPLOYMENT_TITLES | L.PRESS_TITLES):
                    self.add(e, rule.pred, org, sent, rule, titles[0], "stated",
                             role=L.ROLE_EN.get(titles[0], titles[0]))
                    self.employer.setdefault(e, org)
            elif rule.pred != "worksFor" and coarse(e.type) == "Product" and not rest:
                self.add(org, rule.pred, e, sent, rule, x.text, "stated")

    def listed_employers(self, rule: Rule, sent: Sentence) -> None:
        """shape "list": in a list of titled people, one named without an organisation works where the one
        before did (김도윤 한빛전자 사장을 비롯해 박서연 부사장, 최민호 상무: all three at 한빛전자)."""
        ents_at = {(s.start, s.end): e for s, e in self.linked}
        skip = L.NON_EMPLOYMENT_TITLES | L.PRESS_TITLES | _NOT_INHERITED
        for g in sent.groups:
            org = None
            for u in g.units:
                if coarse(u.ent.type) != "Person" or not u.span.title:
                    org = None      # a list of people only: another name ends what the employer spoke for
                elif u.span.org_span:
                    org = self._at(ents_at, u.span.org_span)
                elif org is not None and u.span.title not in skip and u.ent not in self.employer:
                    self.add(u.ent, rule.pred, org, sent, rule, u.span.title, "stated",
                             role=L.ROLE_EN.get(u.span.title, u.span.title))

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
            if negated(clause_after(self.text, t1, sent.end)):
                continue
            modality = rule.opt("modality") or self._modality(sent, t0, t1, trigger)
            role = None
            if "role" in caps:
                role = L.ROLE_EN.get(caps["role"][0].text, caps["role"][0].text)
            for x, y in pairs(subj, obj):
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
