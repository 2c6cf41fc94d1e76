"""A sentence as the relation rules see it: argument units with roles, coordinated groups, items.

- A *unit* (units.py) is one linked mention with the words that belong to it and the role its
  particle or preposition gives it.
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
from kgraph.nlp.chunks import DocAnalysis, Span
from kgraph.nlp.tokenizer_ko import is_english
from kgraph.nlp.units import Unit, build_units

_SEPARATORS = {"", "·", ",", "、", "/", "및", "그리고", "와", "과", "，", "-", "–",
               "▲", "△", "■", "●", "◆", ", ▲", ", △"}      # ▲A ▲B 등으로부터: a bulleted list
_EN_SEPARATORS = {"", ",", "and", ", and", "&", "/", "or", ", or", "-", "–"}
_EN_CUE_NOUNS = sorted({c for c, _ in L.table("en/product_cues.tsv", 2)} | set(L.words("en/org_cues.txt")), key=len,
                       reverse=True)
_EN_AND_CUE = re.compile(r"((?:, )?and|(?:, )?or) ((?:[a-z][\w-]*|[A-Z]{2,5}|U\.S\.|[A-Z][a-z]+-based) )?(?:(?:[a-z][\w-]*|[A-Z]{2,5}) ){0,3}"
                         r"(?:" + "|".join(re.escape(c) for c in _EN_CUE_NOUNS) + r")")
_EN_CLAUSE = re.compile(r"\s+(?:has|have|had|is|are|was|were|will|would|said|says|announced|plans|agreed|signed|"
                        r"launched|unveiled|invested|hired|also|currently|recently)\b")


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
def _strip_places(between: str) -> str:
    return " ".join(w for w in re.split(r"\s+", between.strip()) if w and w not in L.PLACES)


_OPEN_QUOTES = "‘'\"“「『《"
_MODIFIER_CUES = {"계열", "계열사", "자회사", "손자회사", "산하", "소속"}


def _nouns_only(a: DocAnalysis | None, start: int, end: int) -> bool:
    """Whether the text between two names is at most three nouns (구름클라우드와 AI 모델 ‘누리’를)."""
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
    names what the second belongs to: 구름텔레콤 계열 구름AI)."""
    between = text[u.after:nxt.start]
    if lang == "en":
        b = re.sub(r"\s+", " ", re.sub(r"\([A-Z]{2,5}\)", " ", between).strip())   # Globex's (GLBX) Tom Lee
        if (u.particle == "'s" or u.particle.startswith("-")) and b in ("", '"', "“", "‘", "'"):
            return "modifier"       # Anthropic's Claude, Globex-backed Initech: not a member of the list
        m = _EN_AND_CUE.fullmatch(b)
        if m and not re.search(r"\b(?:its|their|his|her|the|a|an|other)\b", b):
            b = m.group(1)          # with Globex and AI hosting company Initech: the cue is no clause
        if u.particle == "'s" or b not in _EN_SEPARATORS or ("," in b and _EN_CLAUSE.match(text, nxt.end)):
            return ""               # "…with Globex, and Brightwave has picked…": a new clause, not a list
        return "and" if b in ("and", ", and", "or", ", or", "&") else "list"
    between = _strip_places(between).rstrip(_OPEN_QUOTES).rstrip()     # 'MI350X'와 'MI355X'를: the next name's quote
    r = u.role
    if u.particle == "" and between in _MODIFIER_CUES:
        return "modifier"
    if r == "partner" and u.particle in ("와", "과") and (between == "" or _nouns_only(a, u.after, nxt.start)):
        return "list"
    if u.particle == "" and between in _SEPARATORS:
        return "list"
    if u.particle == "" and re.fullmatch(r",?\s?[▲△■●◆]\s?(?:[^\s·,]+\s){0,2}", between + " "):
        return "list"           # ▲카타르투자청 ▲싱가포르 라이온벤처스: a bullet and a word or two describing the name
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
            k = _run_end(joins, i)
            if joins[i] == "list" and not any(j == "and" for j in joins[i + 1:k]) and \
                    not re.match(r",? (?:and|or) (?:several|other|many|more|a|an|some|two|three|various)\b",
                                 text[units[k].after:units[k].after + 20]):
                joins[i] = ""       # (A, B, C, and several funds: a list whose 'and' leads to no name)
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
        lang = "en" if is_english(stext) else "ko"     # by its words: SK Telecom (SK텔레콤) invests … is English
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
