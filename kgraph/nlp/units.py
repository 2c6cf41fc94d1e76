"""Argument units: one linked mention with the words that belong to it (an apposed organisation
and job title, a head noun such as 경영진 or 모델) and the role its particle gives it. Korean
particles come from data/ko/particles.tsv (카카오와 -> partner), English prepositions from
data/en/prepositions.tsv (with Kakao -> partner; Kakao's -> poss)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kgraph.model import EntityRef, coarse
from kgraph.nlp import lexicon as L
from kgraph.nlp.chunks import Span

CLOSE_QUOTES = "’”'\"」』》"
PARTICLES = dict(L.table("ko/particles.tsv", 2))
PREPOSITIONS = dict(L.table("en/prepositions.tsv", 2))
HEAD_NOUNS = dict(L.table("ko/head_nouns.tsv", 2))
POSTPOSITIONS = dict(L.table("ko/postpositions.tsv", 2))


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
_MODIFIED = {1: re.compile(r" [가-힣A-Za-z]+" + _HEAD_RE.pattern),
             2: re.compile(r"(?: [가-힣A-Za-z]+){1,2}" + _HEAD_RE.pattern)}


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
        if re.search(r"(?:하며|하고|하면서|해서|하여|했다|한다|했고|했으며|되며|되고|됐다)$", w):
            return None         # A, B 등 투자사까지 확보하며 … 제고에: the phrase ends at its verb
        if m.end() > 50:
            return None
    return None


def _korean_unit(text: str, s: Span, ent: EntityRef, start: int, end: int, limit: int | None = None) -> Unit:
    particle, after = _read_tail(text, end)
    head = ""
    etc = re.match(r"\s?등(" + _PARTICLE_ALT + r")?(?=[\s,.·)]|$)", text[end if particle == "등" else after:][:8]) \
        if particle in ("", "등") else None
    if etc is None and particle == "":
        # A·B·서남해안개발 등이: a list closed by names the finder missed still takes the particle of 등
        tail = re.match(r"\s?[·,]\s?(?:[^\s·,()]+\s?[·,]\s?){0,4}[^\s·,()]+\s?(?=등)", text[after:after + 80])
        if tail and (limit is None or after + tail.end() <= limit):
            etc = re.match(r"\s?등(" + _PARTICLE_ALT + r")?(?=[\s,.·)]|$)", text[after + tail.end():][:8])
            after = after + tail.end() if etc is not None else after
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
            # 오픈AI의 최첨단 AI 모델을, 한빛전자의 주요 경영진과: up to two modifiers before the head noun
            m = _MODIFIED[2].match(text[after:after + 40])
            if not (m and _head(m.group(1)) in HEAD_NOUNS):
                m = _MODIFIED[1].match(text[after:after + 40])      # (one modifier: only people, 주요 경영진과)
                m = m if m and HEAD_NOUNS.get(_head(m.group(1))) == "people" else None
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
_EN_CAP_MODIFIER = re.compile(r"(?:[A-Z]\.){2,3}|[A-Z][\w]*-[a-z][\w-]*")     # U.S., Seoul-based, GPU-heavy
_EN_ADJECTIVES = L.words("en/not_name_adjectives.txt")                    # French, Canadian, Global
# a cue noun set off by a comma before its name (into its AI model, Nova; to the startup, Zentrix) passes the
# preposition on to the name
_EN_CUES = {c for c, _ in L.table("en/product_cues.tsv", 2)} | set(L.words("en/org_cues.txt"))


def _english_unit(text: str, s: Span, ent: EntityRef, start: int, end: int, floor: int) -> Unit:
    """An English name's role: 's after it (poss), else the preposition before it, skipping the words that
    modify the name (in AI firm Scale, with the chipmaker X); none of either is 'bare'."""
    backed = re.match(r"-(?:backed|funded|owned|controlled|led)\b", text[end:end + 12])
    if backed:      # Globex-backed Initech: the name modifies the next one, as a possessor does
        return Unit(s, ent, start, end, end + backed.end(), backed.group(), "", "en")
    tail = re.match(r"['’‘]s?(?!\w)", text[end:end + 2])      # (‘s: a common typo)
    quoted = start > 0 and text[start - 1] in "‘'\"“"
    if tail and not (quoted and tail.group() != "’s" and tail.group() != "'s"):   # ‘REBEL’, is a quote
        return Unit(s, ent, start, end, end + tail.end(), "'s", "", "en")
    words = text[max(floor, start - 90):start].split()
    if words and words[-1] in ('"', "“", "‘", "'"):
        words.pop()             # into its model, "Nova": the opening quote
    prep = ""
    for k in range(len(words) - 1, max(-1, len(words) - 9), -1):
        w = words[k]
        lw = w.lower()
        if lw == "as" and k > 0 and words[k - 1].lower() == "such":
            prep = "like"
            break
        if k == len(words) - 1 and w.endswith(",") and w[:-1] in _EN_CUES:
            continue
        if lw in PREPOSITIONS:
            if lw == "to" and k + 1 < len(words) and words[k + 1][:1].islower() and \
                    words[k + 1].lower() not in ("the", "a", "an", "its", "their"):
                break           # to acquire Scale: an infinitive, the name is its object
            prep = lw
            break
        if not (_EN_MODIFIER.fullmatch(w) or re.fullmatch(r"[A-Z][\w.-]*['’]s?", w) or w in _EN_ADJECTIVES or
                _EN_CAP_MODIFIER.fullmatch(w)) or lw in _EN_VERBISH or \
                (lw.endswith("ing") and lw not in _EN_ING_ADJECTIVES):      # about acquiring X: X is its object
            break               # (with Google's Gemini: the possessor is a modifier too; in French AI startup X,
            #                      to U.S. giants X, against Seoul-based X)
    return Unit(s, ent, start, end, end, prep, "", "en")


_EN_VERBISH = {"is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "said", "says", "that",
               "which", "who", "it", "they", "we", "include", "includes", "included", "involve", "involves", "about"}
_EN_ING_ADJECTIVES = {"leading", "emerging", "existing", "upcoming", "competing", "growing", "rising", "remaining",
                      "operating", "founding", "parent", "ruling", "banking", "computing", "networking", "gaming",
                      "streaming", "messaging", "semiconducting", "manufacturing", "engineering", "consulting"}


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
        if lang == "en" and units and units[-1].ent == ent and re.fullmatch(r"\s*\(", text[units[-1].after:start]) \
                and text[end:end + 1] == ")":
            continue        # Globex's (GLBX): a ticker in parentheses names it again, it is no second name
        if lang == "en":
            units.append(_english_unit(text, s, ent, start, end, floor))
        else:
            after = _read_tail(text, end)[1]      # the next name after this one's particle (not in its parenthesis)
            units.append(_korean_unit(text, s, ent, start, end, next((x for x in starts if x >= after), None)))
    return units
