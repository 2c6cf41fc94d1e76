"""Relations between linked mentions, from the grammar of the sentence.

Korean particles give roles: the subject takes 이/가/은/는, the partner 와/과/하고 (와의/과의
as a modifier), the object 을/를, the target 에/에게, the possessor 의. Mentions joined by ·,
a comma, 및, 뿐만 아니라 or a 와/과 directly followed by another mention are coordinated, and
a relation spreads over every conjunct. A trigger word (협력, 공급, 투자, 개발, 도입, 경쟁,
만나, 자회사 …) picks its arguments from the nearest groups before it with the right roles.
A sentence without a subject inherits the last explicit one of the previous sentences.
Apposition (정신아 카카오 대표) gives worksFor with the role. English uses the same design
with word order in place of particles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kgraph.model import EntityRef, Relation
from kgraph.nlp import lexicon as L
from kgraph.nlp.entities import DocAnalysis, Span
from kgraph.nlp.modality import modality_of, negated
from kgraph.nlp.reference import by_key, coarse
from kgraph.rdf.namespaces import SYMMETRIC_PREDICATES

TRIGGERS: dict[str, re.Pattern] = {
    "partnerOf": re.compile(r"제휴|동맹|협력(?!사)|협업|파트너십|파트너(?!사)|MOU|LOI|협약|합작|공동\s?개발|손잡|손을 잡|"
                            r"맞손|연합|연대|컨소시엄|얼라이언스|우군|\b(?:partner\w*|alliance|cooperat\w*|"
                            r"collaborat\w*|joint venture|team(?:s|ed)? up)\b"),
    "supplies": re.compile(r"공급(?!망)|납품|\b(?:suppl(?:y|ies|ied)|provid(?:e|es|ed) chips)\b"),
    "investsIn": re.compile(r"투자(?!자|책임|처|은행|업계|사\b|금융)|출자|지분\s?(?:을\s)?인수|\b(?:invest\w*|stake in)\b"),
    "develops": re.compile(r"개발|출시|준비(?= 중)|공개|선보|내놓|내놨|배포|론칭|런칭|만든|만들|\b(?:develop\w*|launch\w*|"
                           r"releas\w*|unveil\w*|buil[dt]\w*|introduc\w*)\b"),
    "uses": re.compile(r"도입|활용|사용(?!자|권|량)|탑재|적용|채택|접목|이용(?!자)|기반으로|기반해|연동|통합|"
                       r"\b(?:uses?|using|adopt\w*|integrat\w*|deploy\w*|licens\w*|run(?:s)? on)\b"),
    "competesWith": re.compile(r"경쟁(?!력)|견제|맞서|맞섰|맞설|추격|라이벌|대항|겨루|의식하|필적|능가|따라잡|도전장|"
                               r"\b(?:compet\w*|rival\w*|challeng\w*)\b"),
    "meets": re.compile(r"만나|만났|만날|만남|회동|회담|미팅|접견|면담|\b(?:met|meet\w*)\b"),
}
MAX_DISTANCE = {"competesWith": 15, "partnerOf": 45, "meets": 40}
# Nouns that stand for the mention before them (its leaders, its technology); a plural 들 is ignored.
HEAD_NOUNS = {"경영진", "관계자", "임원", "임원진", "대표단", "수뇌부", "사업부장", "측", "등", "기술", "모델", "API",
              "서비스", "솔루션", "플랫폼", "칩", "제품", "엔진"}
PEOPLE_HEADS = {"경영진", "관계자", "임원", "임원진", "대표단", "수뇌부", "측", "사업부장"}
CLOSE_QUOTES = "’”'\"」』》"
PARTNER_P = ("와", "과", "하고", "이랑", "랑")
SUBJ_P = {"이", "가", "은", "는", "께서", "께서는", "이가", "도", "측은", "측이", "이며", "이자"}
OBJ_P = {"을", "를", "을도", "를도"}
TARGET_P = {"에", "에게", "에도", "에게도", "에는", "한테", "에게는", "에다"}
FROM_P = {"로부터", "으로부터", "에서"}
COORD_WORDS = {"뿐만", "뿐"}
SEPARATORS = {"", "·", ",", "、", "/", "및", "그리고", "와", "과", "·", "，"}


@dataclass
class Unit:
    """A mention with its role-bearing particle (or that of its head noun)."""

    span: Span
    ent: EntityRef
    start: int
    end: int            # end of the mention, its title or head noun
    after: int          # end of the particle
    particle: str
    head: str = ""


@dataclass
class Group:
    units: list[Unit]
    role: str           # subj, partner, partner_mod, obj, target, poss, from, none
    start: int = 0
    end: int = 0
    after: int = 0
    members: list[EntityRef] = field(default_factory=list)


def role_of(particle: str) -> str:
    if particle in ("와의", "과의", "와도의", "과의도"):
        return "partner_mod"
    if particle.startswith(PARTNER_P) and len(particle) <= 3:
        return "partner"
    if particle in SUBJ_P or particle in ("은", "는"):
        return "subj"
    if particle in OBJ_P:
        return "obj"
    if particle in TARGET_P:
        return "target"
    if particle == "의":
        return "poss"
    if particle in FROM_P:
        return "from"
    if particle in COORD_WORDS:
        return "coord"
    return "none"


def _read_tail(text: str, pos: int) -> tuple[str, int]:
    """The Hangul run right after `pos` (a particle), skipping a closing quote or parenthesis."""
    while pos < len(text) and text[pos] in CLOSE_QUOTES:
        pos += 1
    if pos < len(text) and text[pos] == "(":
        close = text.find(")", pos, pos + 40)
        if close != -1:
            pos = close + 1
    m = re.match(r"[가-힣]+", text[pos:])
    return (m.group(), pos + m.end()) if m else ("", pos)


_HEAD_RE = re.compile(r" ?([가-힣A-Za-z]+?)(와의|과의|와도|과도|와는|과는|에게|에서|으로|로부터|와|과|이|가|은|는|을|를|에|의|도|)"
                      r"(?=[\s,.·]|$)")


def _head(word: str) -> str:
    """A head noun without its plural: 관계자들 -> 관계자."""
    return word[:-1] if word.endswith("들") and len(word) > 2 else word


def build_units(text: str, items: list[tuple[Span, EntityRef]]) -> list[Unit]:
    absorbed = set()
    for s, _ in items:
        if s.org_span:
            absorbed.add(s.org_span)
    for s, _ in items:
        if s.source == "maker-prefix":
            absorbed.add((s.start, s.end))
    units: list[Unit] = []
    for s, ent in items:
        if (s.start, s.end) in absorbed or s.source.startswith("paren-alias") or s.source == "acronym-expansion":
            continue
        if coarse(ent.type) in ("Event", "Place"):
            continue
        start, end = s.start, s.end
        if s.org_span:
            start = min(start, s.org_span[0])
            end = max(end, s.org_span[1])
        if s.title:
            k = text.find(s.title, end, end + 60)
            if k != -1:
                end = k + len(s.title)
        if units and units[-1].start <= start < units[-1].end:
            continue
        particle, after = _read_tail(text, end)
        head = ""
        if not particle or particle == "의":
            # 올트먼 CEO는, 삼성전자 경영진과, 오픈AI의 모델을: the particle of a title or head noun is the mention's
            m = _HEAD_RE.match(text[after:after + 24])
            if particle == "의" and not (m and _head(m.group(1)) in HEAD_NOUNS):
                # 오픈AI의 최첨단 AI 모델을: up to two modifiers before the head noun
                m = re.match(r"(?: [가-힣A-Za-z]+){1,2}" + _HEAD_RE.pattern, text[after:after + 40])
                if m and _head(m.group(1)) not in HEAD_NOUNS - PEOPLE_HEADS:
                    m = None
            if m and (_head(m.group(1)) in HEAD_NOUNS or
                      (coarse(ent.type) == "Person" and _head(m.group(1)) in L.TITLE_SET)):
                head, particle = _head(m.group(1)), m.group(2)
                after = after + m.end()
        units.append(Unit(s, ent, start, end, after, particle, head))
    return units


def _strip_places(between: str) -> str:
    words = [w for w in re.split(r"\s+", between.strip()) if w and w not in L.PLACES]
    return " ".join(words)


def build_groups(text: str, units: list[Unit]) -> list[Group]:
    groups: list[Group] = []
    cur: list[Unit] = []
    for i, u in enumerate(units):
        cur.append(u)
        nxt = units[i + 1] if i + 1 < len(units) else None
        joined = False
        if nxt is not None:
            between = _strip_places(text[u.after:nxt.start])
            r = role_of(u.particle)
            if r == "partner" and between == "" and u.particle in PARTNER_P:
                joined = True
            elif u.particle == "" and between in SEPARATORS:
                joined = True
            elif u.particle in ("을", "를", "과", "와") and re.fullmatch(r"비롯(?:해|한|하여|,)?\s*,?", between):
                joined = True
            elif r == "coord" and re.fullmatch(r"(아니라|아니고)?\s*[,]?", between):
                joined = True
        if not joined:
            last = cur[-1]
            g = Group(list(cur), role_of(last.particle), cur[0].start, last.end, last.after)
            g.members = list(dict.fromkeys(x.ent for x in cur))
            groups.append(g)
            cur = []
    return groups


@dataclass
class SentenceContext:
    text: str
    start: int
    end: int
    groups: list[Group]
    headline: bool = False     # no sentence-final ending: a headline or caption states no implied subject


def _pairs(a: list[EntityRef], b: list[EntityRef]):
    for x in a:
        for y in b:
            if x != y:
                yield x, y


def _clause_after(text: str, pos: int, limit: int) -> str:
    """Words after a trigger up to the end of its clause (a comma, a connective ending, or the sentence)."""
    chunk = text[pos:limit]
    m = re.search(r"[,;]|(?:고|며|면서|지만|는데|으나|했으나|해|하여|한 뒤|한 후)\s", chunk)
    return chunk[: m.start() + 1] if m else chunk


class RelationFinder:
    """Relations of one document, sentence by sentence."""

    def __init__(self, analysis: DocAnalysis, linked: list[tuple[Span, EntityRef]]):
        self.a = analysis
        self.text = analysis.text
        self.linked = linked
        self.out: list[Relation] = []
        self.employer: dict[EntityRef, EntityRef] = {}
        self.topic: list[tuple[int, list[EntityRef]]] = []

    def add(self, s: EntityRef, p: str, o: EntityRef, sent: SentenceContext, trigger: str, modality: str,
            confidence: float, role: str | None = None) -> None:
        if s == o:
            return
        cs, co = coarse(s.type), coarse(o.type)
        if p == "worksFor" and not (cs == "Person" and co == "Organization"):
            return
        if p == "develops" and (co != "Product" or cs == "Product"):
            return
        if p == "develops" and by_key().get(o.key) is not None and by_key()[o.key].parent not in (None, s.key):
            return   # the reference list knows the maker: another organisation does not 'develop' it
        if p == "subsidiaryOf" and not (cs == co == "Organization"):
            return
        if p in ("partnerOf", "investsIn", "supplies", "competesWith") and ("Person" in (cs, co)):
            return
        if p == "uses" and cs != "Organization":
            return
        if p == "uses" and by_key().get(o.key) is not None and by_key()[o.key].parent == s.key:
            return   # a maker does not 'use' its own product
        if p in SYMMETRIC_PREDICATES and s.key > o.key:
            s, o = o, s
        self.out.append(Relation(s, p, o, sent.text, sent.start, sent.end, trigger, modality, confidence, role))

    # -- main loop ---------------------------------------------------------------------------------
    def run(self) -> list[Relation]:
        doc = self.a.doc
        by_sent: dict[int, list[tuple[Span, EntityRef]]] = {}
        sents = []
        for i, sent in enumerate(doc.sents):
            s0, s1 = sent.start_char, sent.end_char
            raw = self.text[s0:s1]
            lead = len(raw) - len(raw.lstrip())
            s0, s1 = s0 + lead, s0 + len(raw.rstrip())
            sents.append((s0, s1))
        for s, e in self.linked:
            for i, (s0, s1) in enumerate(sents):
                if s0 <= s.start < s1:
                    by_sent.setdefault(i, []).append((s, e))
                    break
        # worksFor first: the employer map is used to lift people's talks to their organisations
        contexts = []
        for i, (s0, s1) in enumerate(sents):
            if s1 <= s0:
                continue
            items = by_sent.get(i, [])
            units = build_units(self.text, items)
            ctx = SentenceContext(self.text[s0:s1], s0, s1, build_groups(self.text, units))
            last = doc.char_span(s0, s1, alignment_mode="contract")
            ctx.headline = not (re.search(r"[.!?。][\"'”’)]*$", ctx.text) or
                                (last is not None and any(t.tag_.endswith("EF") for t in last)))
            contexts.append((ctx, items))
            self.appositions(ctx, items)
        for ctx, items in contexts:
            self.sentence(ctx)
            self.possessives(ctx, items)
            self.subsidiaries(ctx)
            subj = [g for g in ctx.groups if g.role == "subj"]
            if subj:
                self.topic.append((ctx.start, subj[0].members))
        return self.dedupe()

    def dedupe(self) -> list[Relation]:
        seen = {}
        for r in self.out:
            k = (r.subject, r.predicate, r.object, r.start)
            if k not in seen or r.confidence > seen[k].confidence:
                seen[k] = r
        return list(seen.values())

    # -- worksFor by apposition --------------------------------------------------------------------
    def appositions(self, ctx: SentenceContext, items) -> None:
        ents_at = {(s.start, s.end): e for s, e in self.linked}
        for s, e in items:
            if coarse(e.type) != "Person" or not s.title:
                continue
            if s.org_span and s.org_span in ents_at and s.title not in L.NON_EMPLOYMENT_TITLES:
                org = ents_at[s.org_span]
                role = L.ROLE_EN.get(s.title, s.title)
                # 최고경영자(CEO): the parenthesis gives the usual English role
                m = re.match(r"\(([A-Z]{2,4})\)", self.text[self.text.find(s.title, s.end) + len(s.title):][:8]) \
                    if self.text.find(s.title, s.end) != -1 else None
                if m:
                    role = m.group(1)
                self.add(e, "worksFor", org, ctx, s.title, "stated", 0.9, role)
                self.employer.setdefault(e, org)
        # 네이버는 창업자인 이해진 투자책임자를: a title + 인 before a person, with an organisation as topic
        subj_orgs = [m for g in ctx.groups if g.role == "subj" for m in g.members if coarse(m.type) == "Organization"]
        for s, e in items:
            if coarse(e.type) != "Person" or not subj_orgs:
                continue
            before = self.text[max(ctx.start, s.start - 12):s.start]
            m = re.search(r"(창업자|창업주|공동창업자|대표|회장|의장|CEO)인\s*$", before)
            if m:
                self.add(e, "worksFor", subj_orgs[0], ctx, m.group(1), "stated", 0.7, m.group(1))

    # -- trigger-driven relations --------------------------------------------------------------------
    def subject_for(self, ctx: SentenceContext, before: int, exclude: set, want: str | None = None,
                    implied: bool = False) -> tuple[list[EntityRef], float]:
        """The subject before `before`: an explicit one, else (if the clause has none) the document's actor."""
        cands = [g for g in ctx.groups if g.role == "subj" and g.end <= before]
        for g in reversed(cands):
            members = [m for m in g.members if m not in exclude]
            if members:
                return members, 0.8
        if not implied and (self.has_other_subject(ctx, before) or ctx.headline):
            return [], 0.0
        # Korean drops a subject the reader knows: the actor the document has most often made its
        # subject so far (ties go to the earliest, the article's lead actor)
        tally: dict[EntityRef, list] = {}
        for n, (start, members) in enumerate(self.topic):
            if start < ctx.start:
                for m in members:
                    if m not in exclude and (want is None or coarse(m.type) == want):
                        tally.setdefault(m, [0, n])[0] += 1
        if tally:
            best = max(tally.items(), key=lambda kv: (kv[1][0], -kv[1][1]))[0]
            return [best], 0.55
        return [], 0.0

    def has_other_subject(self, ctx: SentenceContext, before: int) -> bool:
        """Whether the clause has a subject that is not an entity (관계자는, 동맹은): then nothing is implied."""
        doc = self.a.doc
        span = doc.char_span(ctx.start, before, alignment_mode="contract")
        if span is None:
            return False
        taken = [(u.start, u.after) for g in ctx.groups for u in g.units]
        for t in span:
            tag = t.tag_.split("+")[0]
            if (tag == "JKS" or (tag == "JX" and t.text in ("은", "는"))) and t.i > 0 and \
                    doc[t.i - 1].tag_.split("+")[-1].startswith("NN") and \
                    not any(a <= t.idx < b for a, b in taken):
                return True
        return False

    def sentence(self, ctx: SentenceContext) -> None:
        text = self.text
        spans = [(u.start, u.end) for g in ctx.groups for u in g.units]
        for pred, rx in TRIGGERS.items():
            for m in rx.finditer(text, ctx.start, ctx.end):
                t0, t1 = m.span()
                if any(a <= t0 < b for a, b in spans):
                    continue
                clause = _clause_after(text, t1, ctx.end)
                if negated(clause):
                    continue
                english = not re.search(r"[가-힣]", ctx.text)
                modality = modality_of(text[t1:ctx.end], m.group(),
                                       text[max(ctx.start, t0 - 25):t0] if english else "")
                self.apply(pred, ctx, t0, t1, m.group(), modality)

    def apply_english(self, pred: str, ctx: SentenceContext, t0: int, t1: int, trigger: str, modality: str) -> None:
        """English word order: subject before the trigger, the other party after it (with/in/to/…)."""
        before = [g for g in ctx.groups if g.end <= t0]
        after = [g for g in ctx.groups if g.start >= t1 and g.start - t1 < 40]
        if not before or not after:
            return
        subj = [self.lift(m) if pred not in ("meets",) else m for m in before[0].members]
        obj = after[0].members
        if pred == "investsIn" and not re.search(r"\bin\b", self.text[t1:after[0].start]):
            return
        if pred == "supplies":
            to = re.search(r"\bto\b", self.text[t1:ctx.end])
            cust = next((g for g in after if to and g.start > t1 + to.start()), None)
            obj = cust.members if cust else []
        for x, y in _pairs(subj, [self.lift(o) if pred not in ("meets", "develops", "uses") else o for o in obj]):
            self.add(x, pred, y, ctx, trigger, modality, 0.6)

    def apply(self, pred: str, ctx: SentenceContext, t0: int, t1: int, trigger: str, modality: str) -> None:
        if not re.search(r"[가-힣]", ctx.text):
            return self.apply_english(pred, ctx, t0, t1, trigger, modality)
        reach = MAX_DISTANCE.get(pred, 40)
        before = [g for g in ctx.groups if g.after <= t0 + 1 and t0 - g.after <= reach]
        after = [g for g in ctx.groups if g.start >= t1]
        nearest = lambda roles: next((g for g in reversed(before) if g.role in roles), None)  # noqa: E731
        if pred in ("partnerOf", "competesWith"):
            partner = nearest(("partner", "partner_mod") + (("obj", "target") if pred == "competesWith" else ()))
            if pred == "competesWith" and partner is None:
                partner = next((g for g in reversed(before) if g.role == "poss" and
                                re.match(r"[^.]{0,25}?보다", self.text[g.after:t0])), None)
            if partner is not None:
                people = all(coarse(m.type) == "Person" for m in partner.members)
                subj, conf = self.subject_for(ctx, partner.start + 1, set(partner.members),
                                              "Person" if people else None)
                if not subj and len(partner.members) > 1 and partner.role == "partner_mod":
                    for x, y in _pairs(partner.members, partner.members):
                        self.add(x, pred, y, ctx, trigger, modality, 0.7)
                    return
                subj = [self.lift(x) for x in subj]
                for x, y in _pairs(subj, [self.lift(y) for y in partner.members]):
                    self.add(x, pred, y, ctx, trigger, modality, conf)
                return
            # A와 B는 제휴 / A와 B의 협력
            grp = nearest(("subj", "poss"))
            if grp is not None and len(grp.members) > 1:
                for x, y in _pairs(grp.members, grp.members):
                    self.add(x, pred, y, ctx, trigger, modality, 0.75)
            return
        if pred == "meets":
            parties = [g for g in before if g.role in ("partner", "partner_mod", "obj")]
            if not parties:
                # 박서연 이사장과 최민호 장관이 만났다: the coordinated subjects met each other
                grp = nearest(("subj",))
                if grp is not None and len(grp.members) > 1:
                    for x, y in _pairs(grp.members, grp.members):
                        self.add(x, "meets", y, ctx, trigger, modality, 0.75)
                return
            near = parties[-1]
            three_way = re.search(r"(\d|삼|세)\s?자\s*$", self.text[max(ctx.start, t0 - 4):t0])
            subj, conf = self.subject_for(ctx, near.start + 1, set(near.members), "Person", bool(three_way))
            if three_way:
                everyone = list(dict.fromkeys(subj + [m for g in parties for m in g.members]))
                for x, y in _pairs(everyone, everyone):
                    self.add(x, "meets", y, ctx, trigger, modality, conf or 0.6)
                return
            for x, y in _pairs(subj, near.members):
                self.add(x, "meets", y, ctx, trigger, modality, conf)
            # talks between the people stand for talks between their organisations
            if re.search(r"협력|협업|제휴|동맹|파트너", self.text[t1:ctx.end]) and \
                    re.search(r"논의|협의|모색|의견을 나누|이야기를 나누", self.text[t1:ctx.end]):
                for x, y in _pairs([self.lift(s) for s in subj], [self.lift(m) for m in near.members]):
                    if coarse(x.type) == coarse(y.type) == "Organization":
                        self.add(x, "partnerOf", y, ctx, trigger, "discussed", 0.6)
            return
        if pred in ("develops", "uses", "supplies", "investsIn"):
            obj_roles = {"develops": ("obj",), "uses": ("obj",), "supplies": ("target",),
                         "investsIn": ("target",)}[pred]
            obj = nearest(obj_roles)
            if pred == "develops" and obj is None:
                # 크래프톤이 최근 공개한 … CPC: a relative clause names the product after the trigger
                if re.match(r"(?:[을를]\s[가-힣]{1,4})?\s?(?:중)?[가-힣]?[한된인던은]\s", self.text[t1:t1 + 12]):
                    nxt = next((g for g in after if any(coarse(m.type) == "Product" for m in g.members)), None)
                    if nxt is not None and nxt.start - t1 < 30:
                        subj, conf = self.subject_for(ctx, t0, set(nxt.members))
                        for x, y in _pairs(subj, nxt.members):
                            self.add(x, pred, y, ctx, trigger, modality, conf)
                return
            if obj is None:
                return
            if pred == "uses" and (re.match(r"\s*대신", self.text[obj.after:obj.after + 4]) or
                                   re.match(r"[가-힣]{0,2}(되|될|된|됐|돼)", self.text[t1:t1 + 4])):
                return   # 'H100 대신 H800을 사용' names what is not used; 적용될 is passive
            # 하이퍼클로바 X를 공개한 네이버: the maker comes right after the relative clause
            if pred == "develops" and re.match(r"[가-힣]{0,2}\s", self.text[t1:t1 + 3]):
                nxt = next((g for g in after if g.start - t1 < 6), None)
                if nxt is not None and any(coarse(m.type) == "Organization" for m in nxt.members):
                    for x, y in _pairs(nxt.members, obj.members):
                        self.add(x, pred, y, ctx, trigger, modality, 0.75)
                    return
            subj, conf = self.subject_for(ctx, obj.start + 1, set(obj.members))
            if not subj:
                poss = [m for g in before if g.role == "poss" and g is not obj for m in g.members
                        if coarse(m.type) == "Organization" and m not in obj.members]
                subj, conf = poss[:1], 0.55
            for x, y in _pairs(subj, obj.members):
                self.add(x, pred, y, ctx, trigger, modality, conf)
            return

    def lift(self, ent: EntityRef) -> EntityRef:
        """A person's organisation (stated in this document) where a relation needs organisations."""
        return self.employer.get(ent, ent)

    # -- develops by possession and compound ----------------------------------------------------------
    def possessives(self, ctx: SentenceContext, items) -> None:
        refs = by_key()
        for s, e in items:
            if s.source == "maker-prefix":
                prod = next((pe for ps, pe in items if ps.start == s.start and ps.end > s.end), None)
                if prod is not None:
                    self.add(e, "develops", prod, ctx, s.text, "stated", 0.85)
        groups = ctx.groups
        for i, g in enumerate(groups):
            if g.role != "poss":
                continue
            nxt = groups[i + 1] if i + 1 < len(groups) else None
            if nxt is None or nxt.start - g.after > 25:
                continue
            for org in g.members:
                if coarse(org.type) != "Organization":
                    continue
                for prod in nxt.members:
                    if coarse(prod.type) != "Product":
                        continue
                    ref = refs.get(prod.key)
                    if ref is not None and ref.parent and ref.parent != org.key:
                        continue   # 카카오의 챗GPT 도입: the reference maker says who makes it
                    self.add(org, "develops", prod, ctx, "의", "stated", 0.65)
        # 카카오톡, 카나나 등 카카오의 주요 서비스
        for i, g in enumerate(groups[:-1]):
            nxt = groups[i + 1]
            if re.fullmatch(r"\s*등\s*", self.text[g.after:nxt.start] or "") or g.units[-1].head == "등":
                if nxt.role == "poss" and re.match(r"\s*(?:[가-힣]+\s){0,2}(서비스|제품|게임|모델|앱|플랫폼)",
                                                   self.text[nxt.after:nxt.after + 20]):
                    for org in nxt.members:
                        for prod in g.members:
                            self.add(org, "develops", prod, ctx, "등", "stated", 0.65)
        # 크래프톤은 PUBG IP 프랜차이즈와 인조이(inZOI)를 비롯한 다양한 게임: a maker's own list
        subj = [m for g in groups if g.role == "subj" for m in g.members if coarse(m.type) == "Organization"]
        if subj and re.search(r"비롯한 (?:다양한 |여러 |주요 )?(게임|서비스|제품|모델)", ctx.text):
            for g in groups:
                if g.role in ("partner", "obj", "none") and all(coarse(m.type) == "Product" for m in g.members):
                    for prod in g.members:
                        ref = refs.get(prod.key)
                        if ref is None or not ref.parent or ref.parent == subj[0].key:
                            self.add(subj[0], "develops", prod, ctx, "비롯한", "stated", 0.6)

    # -- subsidiaryOf ------------------------------------------------------------------------------
    def subsidiaries(self, ctx: SentenceContext) -> None:
        groups = ctx.groups
        for i, g in enumerate(groups):
            if not any(coarse(m.type) == "Organization" for m in g.members):
                continue
            before = self.text[max(ctx.start, g.start - 25):g.start]
            m = re.search(r"(계열사|자회사|손자회사|지사|현지법인|법인|산하|지부)(?:인|이자|로서|격인)?\s*[‘“'\"]?$",
                          before)
            if not m:
                continue
            parents = [x for h in groups[:i] if h.role in ("subj", "poss", "none") for x in h.members
                       if coarse(x.type) == "Organization" and x not in g.members]
            if not parents:
                parents, _ = self.subject_for(ctx, g.start, set(g.members))
            for child in g.members:
                for parent in parents[-1:]:
                    self.add(child, "subsidiaryOf", parent, ctx, m.group(1), "stated", 0.7)
        # 라온소프트는 한빛전자의 자회사다 / 한빛전자 계열사인 라온소프트는
        for i, g in enumerate(groups):
            m = re.match(r"\s?(?:[가-힣]+\s)?(계열사|자회사|손자회사|지사|한국법인|현지법인|산하 기관)(?:이다|다|이며|이고|로|으로|인|이자)?",
                         self.text[g.after:g.after + 16])
            if not m or g.role not in ("poss", "none"):
                continue
            owners = [x for x in g.members if coarse(x.type) == "Organization"]
            later = [h for h in groups[i + 1:] if h.start - (g.after + m.end()) < 3]
            children = [x for h in groups[:i] if h.role == "subj" for x in h.members] or \
                       [x for h in later for x in h.members]
            for child in children:
                for owner in owners:
                    self.add(child, "subsidiaryOf", owner, ctx, m.group(1), "stated", 0.7)


def extract_relations(analysis: DocAnalysis | None, linked) -> list[Relation]:
    """Every relation stated in a document, each with its sentence, offsets, trigger and modality."""
    if analysis is None or not linked:
        return []
    return RelationFinder(analysis, linked).run()
