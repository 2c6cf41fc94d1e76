"""A sentence as the relation rules see it: argument units with roles, coordinated groups, items.

- A *unit* is one linked mention with the words that belong to it (an apposed organisation and
  job title, a head noun such as 경영진 or 모델) and the role its particle gives it: Korean
  particles come from data/ko/particles.tsv (카카오와 -> partner), English prepositions from
  data/en/prepositions.tsv (with Kakao -> partner; Kakao's -> poss).
- A *group* is a run of coordinated units (A·B와, A, B 등 …과, A and B): a relation reaches
  every member. In Korean the last particle gives the group its role, in English the first
  preposition does.
- *Items* are the sentence in order, each unit as one item and every other token as itself,
  for the token patterns of rules.py.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kgraph.model import EntityRef
from kgraph.nlp import lexicon as L
from kgraph.nlp.entities import DocAnalysis, Span
from kgraph.nlp.reference import coarse

CLOSE_QUOTES = "’”'\"」』》"
HANGUL = re.compile(r"[가-힣]")
PARTICLES = dict(L.table("ko/particles.tsv", 2))
PREPOSITIONS = dict(L.table("en/prepositions.tsv", 2))
HEAD_NOUNS = dict(L.table("ko/head_nouns.tsv", 2))
POSTPOSITIONS = dict(L.table("ko/postpositions.tsv", 2))
PEOPLE_HEADS = {n for n, kind in HEAD_NOUNS.items() if kind == "people"}
_SEPARATORS = {"", "·", ",", "、", "/", "및", "그리고", "와", "과", "，", "-", "–"}
_EN_SEPARATORS = {"", ",", "and", ", and", "&", "/", "or", ", or", "-", "–"}
_EN_CLAUSE = re.compile(r"\s+(?:has|have|had|is|are|was|were|will|would|said|says|announced|plans|agreed|signed|"
                        r"launched|unveiled|invested|hired|also|currently|recently)\b")


def role_of(particle: str, lang: str = "ko") -> str:
    """The argument role a Korean particle or an English preposition gives a name (English names with
    neither are 'bare': the subject before a verb, the object after it)."""
    if lang == "en":
        return "poss" if particle == "'s" else PREPOSITIONS.get(particle.lower(), "bare")
    return PARTICLES.get(particle, "none")


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
    lang: str = "ko"
    modifier: bool = False      # names what the next name belongs to (SK텔레콤 계열 …, Anthropic's Claude)

    @property
    def role(self) -> str:
        return role_of(self.particle, self.lang)

    @property
    def coarse(self) -> str:
        return coarse(self.ent.type)


@dataclass
class Group:
    units: list[Unit]
    role: str           # subj, partner, partner_mod, obj, target, from, poss, as, … or none
    start: int = 0
    end: int = 0
    after: int = 0
    members: list[EntityRef] = field(default_factory=list)


@dataclass(slots=True)
class Item:
    """One token of the sentence, or one unit standing for the tokens it covers."""

    kind: str           # "ent" or "tok"
    start: int
    end: int
    text: str
    tag: str = ""       # Kiwi's tag, "+"-joined where morphemes were merged (하+었); SL Latin, SN numbers
    lemma: str = ""     # Kiwi's form of the first morpheme (선보였 -> 선보이)
    unit: Unit | None = None
    group: Group | None = None
    lower: str = ""     # the text case-folded (English triggers)


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    lang: str                   # ko or en (by script)
    units: list[Unit]
    groups: list[Group]
    items: list[Item] = field(default_factory=list)
    headline: bool = False      # no sentence-final ending: a headline or caption states no implied subject


# -------------------------------------------------------------------------------------------- Korean
def _read_tail(text: str, pos: int) -> tuple[str, int]:
    """The Hangul run right after `pos` (a particle), skipping a closing quote or parenthesis."""
    while pos < len(text) and text[pos] in CLOSE_QUOTES:
        pos += 1
    if pos < len(text) and text[pos] == "(":
        close = text.find(")", pos, pos + 40)
        if close != -1:
            pos = close + 1
            while pos < len(text) and text[pos] in CLOSE_QUOTES:
                pos += 1
    m = re.match(r"[가-힣]+", text[pos:])
    return (m.group(), pos + m.end()) if m else ("", pos)


_PARTICLE_ALT = "|".join(sorted((re.escape(p) for p in PARTICLES), key=len, reverse=True))
_HEAD_RE = re.compile(r" ?([가-힣A-Za-z]+?)(" + _PARTICLE_ALT + r"|)(?=[\s,.·]|$)")

def _head(word: str) -> str:
    """A head noun without its plural: 관계자들 -> 관계자."""
    return word[:-1] if word.endswith("들") and len(word) > 2 else word


def _phrase_particle(text: str, pos: int, limit: int | None) -> tuple[str, int] | None:
    """The first particle other than 의 in the noun phrase of up to five words after `pos` (and before the
    next name at `limit`): (particle, end), or None."""
    for m in re.finditer(r"\s*(\S+)", text[pos:pos + 60]):
        if limit is not None and pos + m.end() > limit:
            return None
        w = re.sub(r"\([^)]*\)", "", m.group(1))
        if re.search(r"[.,!?]$", w):
            return None
        word = re.match(r"[가-힣A-Za-z0-9]+?(?:들)?(" + _PARTICLE_ALT + r")$", w)
        if word and word.group(1) != "의":
            return word.group(1), pos + m.end()
        if m.end() > 50:
            return None
    return None


def _korean_unit(text: str, s: Span, ent: EntityRef, start: int, end: int, limit: int | None = None) -> Unit:
    particle, after = _read_tail(text, end)
    head = ""
    etc = re.match(r"\s?등(" + _PARTICLE_ALT + r")?(?=[\s,.·)]|$)", text[end if particle == "등" else after:][:8]) \
        if particle in ("", "등") else None
    if etc is not None:
        after = (end if particle == "등" else after) + etc.end()
        if etc.group(1):                     # A, B 등과: the particle is on 등
            return Unit(s, ent, start, end, after, etc.group(1), "등")
        # A, B 등 국내 기업과: the phrase after 등 gives the list its particle
        got = _phrase_particle(text, after, limit)
        return Unit(s, ent, start, end, got[1], got[0], "등") if got else Unit(s, ent, start, end, after, "", "등")
    if particle in ("을", "를", "와", "과"):
        # 카카오를 비롯해 국내 관계자들과 만나: X is one of the phrase after 비롯, with its particle
        inc = re.match(r"\s?비롯(?:해서|하여|해|한)\s", text[after:after + 8])
        got = _phrase_particle(text, after + inc.end(), limit) if inc else None
        if got:     # the head noun of the phrase (다양한 게임에 -> 게임) is the unit's head
            noun = re.search(r"([가-힣A-Za-z]+?)(?:들)?" + re.escape(got[0]) + r"$", text[after:got[1]])
            return Unit(s, ent, start, end, got[1], got[0], noun.group(1) if noun else "비롯")
    nxt_word = re.match(r"\s([가-힣]+)", text[after:after + 12])
    if particle and nxt_word and particle + " " + nxt_word.group(1) in POSTPOSITIONS:
        return Unit(s, ent, start, end, after + nxt_word.end(), POSTPOSITIONS[particle + " " + nxt_word.group(1)], "")
    if not particle or particle == "의":
        # 올트먼 CEO는, 삼성전자 경영진과, 오픈AI의 모델을: the particle of a title or head noun is the mention's
        m = _HEAD_RE.match(text[after:after + 24])
        if not (m and _head(m.group(1)) in HEAD_NOUNS):
            # 오픈AI의 최첨단 AI 모델을: up to two modifiers before the head noun
            m = re.match(r"(?: [가-힣A-Za-z]+){1,2}" + _HEAD_RE.pattern, text[after:after + 40])
            if m and _head(m.group(1)) not in set(HEAD_NOUNS) - PEOPLE_HEADS:
                m = None
        if m and particle == "의" and HEAD_NOUNS.get(_head(m.group(1))) == "thing" and not m.group(2):
            m = None            # 엔비디아의 AI 칩 ‘블랙웰’: a name follows the head noun, 의 stays
        if m and limit is not None and after + m.end() > limit:
            m = None            # 삼성전자 삼성리서치가 … 모델을: never reach across the next name
        if m and (_head(m.group(1)) in HEAD_NOUNS or
                  (coarse(ent.type) == "Person" and _head(m.group(1)) in L.TITLE_SET)):
            head, particle = _head(m.group(1)), m.group(2)
            after = after + m.end()
    return Unit(s, ent, start, end, after, particle, head)


# -------------------------------------------------------------------------------------------- English
_EN_MODIFIER = re.compile(r"[a-z][\w-]*|[A-Z]{2,5}|\$?[\d.,]+|[’'$%]")


def _english_unit(text: str, s: Span, ent: EntityRef, start: int, end: int, floor: int) -> Unit:
    """An English name's role: 's after it (poss), else the preposition before it, skipping the words that
    modify the name (in AI firm Scale, with the chipmaker X); none of either is 'bare'."""
    tail = re.match(r"['’]s?(?!\w)", text[end:end + 2])
    quoted = start > 0 and text[start - 1] in "‘'\"“"
    if tail and not (quoted and tail.group() != "’s" and tail.group() != "'s"):   # ‘REBEL’, is a quote
        return Unit(s, ent, start, end, end + tail.end(), "'s", "", "en")
    words = text[max(floor, start - 60):start].split()
    prep = ""
    for k in range(len(words) - 1, max(-1, len(words) - 6), -1):
        w = words[k]
        lw = w.lower()
        if lw == "as" and k > 0 and words[k - 1].lower() == "such":
            prep = "like"
            break
        if lw in PREPOSITIONS:
            if lw == "to" and k + 1 < len(words) and words[k + 1][:1].islower() and \
                    words[k + 1].lower() not in ("the", "a", "an", "its", "their"):
                break           # to acquire Scale: an infinitive, the name is its object
            prep = lw
            break
        if not (_EN_MODIFIER.fullmatch(w) or re.fullmatch(r"[A-Z][\w.-]*['’]s?", w)) or lw in _EN_VERBISH:
            break               # (with Google's Gemini: the possessor is a modifier too)
    return Unit(s, ent, start, end, end, prep, "", "en")


_EN_VERBISH = {"is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "said", "says", "that",
               "which", "who", "it", "they", "we"}


def build_units(text: str, items: list[tuple[Span, EntityRef]], lang: str = "ko", floor: int = 0) -> list[Unit]:
    """Units of one sentence: apposed organisations absorbed into their person, titles attached."""
    absorbed = {s.org_span for s, _ in items if s.org_span}
    absorbed |= {(s.start, s.end) for s, _ in items if s.source == "maker-prefix"}
    units: list[Unit] = []
    starts = sorted(s.start for s, _ in items if (s.start, s.end) not in absorbed)
    for s, ent in items:
        if (s.start, s.end) in absorbed or s.source.startswith("paren-alias") or s.source == "acronym-expansion":
            continue
        if coarse(ent.type) in ("Event", "Place"):
            continue
        start, end = s.start, s.end
        if s.org_span:
            start = min(start, s.org_span[0])
            end = max(end, s.org_span[1])
        if s.title and not (s.org_span and s.org_span[1] <= s.start and s.title in text[s.org_span[1]:s.start]):
            k = text.find(s.title, end, end + 60)      # 정신아 카카오 대표: the title after the name is the unit's
            if k != -1:                                 # (not in Meta CEO Mark Zuckerberg, where it came first)
                end = k + len(s.title)
        if units and units[-1].start <= start < max(units[-1].end, units[-1].after):
            continue
        if lang == "en":
            units.append(_english_unit(text, s, ent, start, end, floor))
        else:
            after = _read_tail(text, end)[1]      # the next name after this one's particle (not in its parenthesis)
            units.append(_korean_unit(text, s, ent, start, end, next((x for x in starts if x >= after), None)))
    return units


def _strip_places(between: str) -> str:
    return " ".join(w for w in re.split(r"\s+", between.strip()) if w and w not in L.PLACES)


_MODIFIER_CUES = {"계열", "계열사", "자회사", "손자회사", "산하", "소속"}


def _nouns_only(a: DocAnalysis | None, start: int, end: int) -> bool:
    """Whether the text between two names is at most three nouns (구글 클라우드와 AI 모델 ‘제미나이’를)."""
    if a is None or end - start > 20:
        return False
    span = a.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    toks = [t for t in span if not t.is_space]
    return 0 < len([t for t in toks if not t.tag_.startswith("SS")]) <= 3 and \
        all(t.tag_.startswith(("NNG", "NNP", "SL", "SN", "SSO", "SS", "NNB", "XSN")) for t in toks)


def _joined(text: str, u: Unit, nxt: Unit, lang: str, a: DocAnalysis | None = None) -> str:
    """How two neighbouring units join: '' (they do not), 'list', 'and' (English), or 'modifier' (the first
    names what the second belongs to: SK텔레콤 계열 사피온코리아)."""
    between = text[u.after:nxt.start]
    if lang == "en":
        b = re.sub(r"\s+", " ", between.strip())
        if u.particle == "'s" and b == "":
            return "modifier"       # Anthropic's Claude: the possessor is not a member of the list
        if u.particle == "'s" or b not in _EN_SEPARATORS or ("," in b and _EN_CLAUSE.match(text, nxt.end)):
            return ""               # "…with Microsoft, and LG Uplus has chosen…": a new clause, not a list
        return "and" if b in ("and", ", and", "or", ", or", "&") else "list"
    between = _strip_places(between)
    r = u.role
    if u.particle == "" and between in _MODIFIER_CUES:
        return "modifier"
    if r == "partner" and u.particle in ("와", "과") and (between == "" or _nouns_only(a, u.after, nxt.start)):
        return "list"
    if u.particle == "" and between in _SEPARATORS:
        return "list"
    if u.particle in ("을", "를", "과", "와") and re.fullmatch(r"비롯(?:해|한|하여|,)?\s*,?", between):
        return "list"
    if r == "coord" and re.fullmatch(r"(아니라|아니고)?\s*[,]?", between):
        return "list"
    return ""


def build_groups(text: str, units: list[Unit], lang: str = "ko", a: DocAnalysis | None = None) -> list[Group]:
    joins = [_joined(text, u, units[i + 1], lang, a) for i, u in enumerate(units[:-1])] + [""]
    if lang == "en":
        # A, B and C is a list; "with A and B, C has …" is not: a comma joins only if an 'and' ends the run
        for i in range(len(joins) - 1, -1, -1):
            if joins[i] == "list" and not any(j == "and" for j in joins[i + 1:_run_end(joins, i)]):
                joins[i] = ""
    groups: list[Group] = []
    cur: list[Unit] = []
    modifiers: set[int] = set()
    for i, u in enumerate(units):
        cur.append(u)
        if joins[i] == "modifier":
            modifiers.add(id(u))
        if joins[i]:
            continue
        last = cur[-1]
        heads = [x for x in cur if id(x) not in modifiers] or cur
        role = heads[0].role if lang == "en" and heads[0].particle not in ("", "'s") else last.role
        g = Group(list(cur), role, cur[0].start, last.end, last.after)
        g.members = list(dict.fromkeys(x.ent for x in heads))
        for x in cur:
            x.modifier = id(x) in modifiers
        groups.append(g)
        cur = []
    return groups


def _run_end(joins: list[str], i: int) -> int:
    k = i
    while k < len(joins) and joins[k]:
        k += 1
    return k


# -------------------------------------------------------------------------------------------- items
def build_items(a: DocAnalysis, start: int, end: int, groups: list[Group]) -> list[Item]:
    """The sentence's tokens in order, each unit standing for the tokens it covers (with its particle)."""
    words, tags, spaces = a.doc.user_data.get("kg_tokens") or (
        [t.text for t in a.doc], [t.tag_ for t in a.doc], [bool(t.whitespace_) for t in a.doc])
    lemmas = a.doc.user_data.get("kg_lemmas")
    offsets = a.doc.user_data.get("kg_offsets")
    if offsets is None:
        offsets, pos = [], 0
        for w, sp in zip(words, spaces):
            offsets.append(pos)
            pos += len(w) + (1 if sp else 0)
        a.doc.user_data["kg_offsets"] = offsets
    spans = sorted(((u.start, u.after, u, g) for g in groups for u in g.units), key=lambda x: x[0])
    out: list[Item] = []
    append = out.append
    k, nspans, text = 0, len(spans), a.text
    s0, s1 = (spans[0][0], spans[0][1]) if spans else (-1, -1)
    i = bisect.bisect_left(offsets, start)
    n = len(words)
    while i < n:
        pos = offsets[i]
        if pos >= end:
            break
        while k < nspans and s1 <= pos:
            k += 1
            if k < nspans:
                s0, s1 = spans[k][0], spans[k][1]
        if k < nspans and s0 <= pos < s1:
            u, g = spans[k][2], spans[k][3]
            if not out or out[-1].unit is not u:
                append(Item("ent", s0, s1, text[u.start:u.end], "", "", u, g))
        else:
            tag = tags[i]
            if tag != "_SP":
                w = words[i]
                if not w.isspace():
                    append(Item("tok", pos, pos + len(w), w, tag, lemmas[i] if lemmas else w, None, None,
                                w.lower() if w.isascii() else w))
        i += 1
    return out


def build_sentences(a: DocAnalysis, linked: list[tuple[Span, EntityRef]]) -> list[Sentence]:
    """The document's sentences with their units, groups and items."""
    text = a.text
    bounds: list[tuple[int, int]] = []
    for sent in a.doc.sents:
        s0, s1 = sent.start_char, sent.end_char
        raw = text[s0:s1]
        lead = len(raw) - len(raw.lstrip())
        s0, s1 = s0 + lead, s0 + len(raw.rstrip())
        first = next((t for t in sent if not t.is_space), None)
        if bounds and first is not None and (first.tag_.startswith("J") or first.text == "등") and \
                "\n" not in text[bounds[-1][1]:s0]:
            bounds[-1] = (bounds[-1][0], s1)      # Kiwi split before 등 or a particle: one sentence
        else:
            bounds.append((s0, s1))
    by_sent: dict[int, list[tuple[Span, EntityRef]]] = {}
    j = 0
    for s, e in sorted(linked, key=lambda x: x[0].start):
        while j < len(bounds) and bounds[j][1] <= s.start:
            j += 1
        if j < len(bounds) and bounds[j][0] <= s.start:
            by_sent.setdefault(j, []).append((s, e))
    out = []
    for i, (s0, s1) in enumerate(bounds):
        if s1 <= s0:
            continue
        stext = text[s0:s1]
        lang = "ko" if HANGUL.search(stext) else "en"
        units = build_units(text, by_sent.get(i, []), lang, s0)
        groups = build_groups(text, units, lang, a)
        sent = Sentence(stext, s0, s1, lang, units, groups)
        sent.items = build_items(a, s0, s1, groups) if units else []
        if lang == "ko":
            ends = any("EF" in t.tag for t in sent.items if t.kind == "tok")
            sent.headline = not (re.search(r"[.!?。][\"'”’)]*$", stext) or ends)
        else:
            sent.headline = not re.search(r"[.!?][\"'”’)]*$", stext)
        out.append(sent)
    return out
