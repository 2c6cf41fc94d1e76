"""Korean names that are in no list: organisation shapes (…전자, …은행, …부) and cue nouns, names that
are arguments of partnership words, and quoted names next to product nouns. People are found by
people_ko.py; transliterated names, list members, numbered, versioned and multi-word names by
discovery_ko.py."""
from __future__ import annotations

import re

from kgraph.model import coarse as _coarse
from kgraph.names import HANGUL
from kgraph.nlp import lexicon as L
from kgraph.nlp.chunks import ENDING_PREFIXES, QUOTES, DocAnalysis, Span
from kgraph.nlp.reference_names import alias_pattern

_SUFFIX_CLASS = dict(L.ORG_SUFFIXES)
_SUFFIX_RE = re.compile("(?:" + "|".join(re.escape(x) for x, _ in L.ORG_SUFFIXES) + ")$")


def org_type(stem: str) -> str | None:
    # the first suffix of the list that ends the stem (the list puts longer, more specific endings first)
    if _SUFFIX_RE.search(stem) is None:
        return None
    for suffix, cls in L.ORG_SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            return cls
    return None


def org_shape_spans(text: str, a: DocAnalysis) -> list[Span]:
    """Names shaped like organisations: 한빛전자, 서울디자인재단, 한국산업은행, 과학기술정보통신부."""
    out = []
    for c in a.chunks:
        stem = c.stem(text)
        if not stem or stem in L.ORG_STOP or not HANGUL.search(stem) or len(stem) < 3:
            continue
        cls = org_type(stem)
        if cls is None:
            continue
        suffix = next(s for s, _ in L.ORG_SUFFIXES if stem.endswith(s))
        head = stem[: len(stem) - len(suffix)]
        ntags = c.tags[: max(1, len(c.tags))]
        proper = any(t.startswith(("NNP", "SL")) for t in ntags)
        if suffix in L.GOV_SUFFIXES:
            # ministries are short compounds of common nouns (외교부, 중소벤처기업부); generic ones are stopped
            if len(head) < 2 or any(stem.endswith(x) for x in L.ORG_STOP):
                continue
            if suffix in ("처", "청") and not proper:
                continue
        elif not proper and (len(head) < 2 or suffix not in L.DISTINCTIVE_SUFFIXES):
            continue
        if any(stem.endswith(x) and len(x) >= len(suffix) + 1 for x in L.ORG_STOP):
            continue
        out.append(Span(c.start, c.stem_end, stem, cls, None, "org-shape"))
    return out


def org_cue_spans(text: str, a: DocAnalysis) -> list[Span]:
    """A proper noun after a noun that says what it is: 스타트업 모아테크, 자회사 라온, 경쟁사 X."""
    out = []
    for prev, c in zip(a.chunks, a.chunks[1:]):
        if prev.stem(text) not in L.ORG_CUES or prev.tail(text) not in ("", "인") or c.start - prev.end != 1:
            continue
        stem = c.stem(text)
        if len(stem) >= 2 and c.tags[0].startswith(("NNP", "SL")) and stem not in L.PLACES and \
                stem not in L.GENERIC_ACRONYMS:
            out.append(Span(c.start, c.stem_end, stem, "Company", None, "org-cue"))
    return out


# Particles inside foreign names (라시드 알 하미르, 빈센트 반 데르): a three-word name has one in the middle.
ARG_TRIGGER = re.compile(r"^\s?(?:[가-힣A-Za-z0-9·,]+\s){0,3}?(?:전략적\s)?(제휴|동맹|협력|협업|파트너십|손잡|손을 잡|맞손|"
                          r"업무협약|협약|MOU|투자|출자|공급|납품|인수|경쟁|견제|맞서|추격)")
_ARG_PARTICLES = {"와", "과", "와의", "과의", "에", "에게", "을", "를", "은", "는", "이", "가", "와도", "과도"}


def argument_spans(text: str, a: DocAnalysis) -> list[Span]:
    """A proper noun in argument position of a business verb is an organisation: 모아랩과 제휴, 모아랩에 투자."""
    out = []
    for c in a.chunks:
        stem = c.stem(text)
        tail = c.tail(text)
        if tail not in _ARG_PARTICLES or len(stem) < 2 or stem in L.PLACES or stem in L.GENERIC_ACRONYMS:
            continue
        n_stem = len([t for t in c.tags if not t.split("+")[0].startswith(ENDING_PREFIXES)]) or 1
        if not all(t.startswith(("NNP", "SL", "SN")) for t in c.tags[:n_stem]):
            continue
        if ARG_TRIGGER.match(text[c.end:c.end + 40]):
            out.append(Span(c.start, c.stem_end, stem, "Company", None, "argument"))
    return out


_QUOTE_RE = re.compile(r"([‘“'\"「『《])([^‘’“”'\"「」『』《》\n]{1,30}?)([’”'\"」』》])")


_RELEASED = re.compile(r"(?:공개|출시|발표|개발|선보|내놓|론칭|런칭)\w*[된한인은될할]$")
STEM_ENDINGS = re.compile(r"(인|의|이자|이며|이라는|라는)$")


def _ends_a_sentence(a: DocAnalysis, s: int, e: int) -> bool:
    span = a.doc.char_span(s, e, alignment_mode="expand")
    # (a noun Kiwi fused with an ending, 팜+EF in ‘누리2’, ends nothing)
    return span is not None and any("EF" in t.tag_.split("+") and not t.tag_.startswith("N") for t in span)


def _is_concept(a: DocAnalysis, s: int, e: int) -> bool:
    """‘피지컬 AI’, ‘소버린 AI’: common nouns with a generic acronym name an idea, not a product."""
    span = a.doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return False
    toks = [t for t in span if not t.is_space]
    generic = [t for t in toks if t.text in L.GENERIC_ACRONYMS]
    return bool(generic) and all(t.tag_.startswith("NNG") or t in generic for t in toks)


def _product_names_in(text: str, s: int, e: int) -> list[str]:
    """Reference product names that open the text between s and e."""
    pattern, names = alias_pattern()
    m = pattern.match(text, s, e)
    return [m.group()] if m and any(_coarse(r.type) == "Product" for r in names[m.group()]) else []


def quoted_product_spans(text: str, a: DocAnalysis, org_spans: list[Span]) -> list[Span]:
    """Quoted names next to product nouns: AI 서비스 ‘카나나’, 딥시크 ‘R1’, ‘카나나’ 서비스, 알리바바 ‘큐원’,
    미스트랄AI의 ‘믹스트랄’, 공개된 ‘갤럭시 Z 폴드6’와 ‘플립6’ (a name listed with a product is one too)."""
    out: list[Span] = []
    org_ends = {s.end for s in org_spans}
    org_at = {s.start: s for s in org_spans}
    pending: list[tuple[int, int, str, re.Match]] = []
    for m in _QUOTE_RE.finditer(text):
        if QUOTES.get(m.group(1)) != m.group(3):
            continue
        if m.group(1) == "'" and ((m.start() > 0 and text[m.start() - 1].isalnum()) or
                                  (m.end() < len(text) and text[m.end()].isascii() and text[m.end()].isalpha())):
            continue      # Google's … Anthropic's: apostrophes, not quotes
        inner = re.sub(r"\s*\([^)]*\)$", "", m.group(2)).strip()
        if not inner or len(inner.split()) > 4 or re.search(r"[.!?,]", inner) or \
                inner in L.words("ko/not_product_words.txt"):
            continue      # (국내 ‘최초’: praise, not a name)
        s = m.start(2) + (len(m.group(2)) - len(m.group(2).lstrip()))
        e = s + len(inner)
        if _ends_a_sentence(a, s, e):
            continue      # ‘함께 열자’: a quoted saying, not a name
        org = org_at.get(s)
        if org is not None and (org.end == e or inner[org.end - s:].strip() in L.GENERIC_ACRONYMS | L.PRODUCT_CUES):
            continue      # ‘네이버 AI’: an organisation and a generic word
        if _is_concept(a, s, e):
            continue
        if re.search(r"(?:얼라이언스|협의체|컨소시엄|Alliance|Consortium)$", inner) and len(inner) > 4:
            out.append(Span(s, e, inner, "Organization", None, "quoted"))     # ‘K-AI 얼라이언스’
            continue
        before = text[max(0, m.start() - 30):m.start()]
        prev_words = [STEM_ENDINGS.sub("", w) or w for w in re.findall(r"[\w가-힣]+", before)[-2:]]
        after = re.match(r"\s*([가-힣A-Za-z]+)", text[m.end():m.end() + 15])
        after_word = after.group(1) if after else ""
        after_stem = re.sub(r"(에서|으로|로|을|를|이|가|은|는|의|에|와|과|도)$", "", after_word)
        if after_stem in L.NOT_PRODUCT_AFTER or after_word in L.NOT_PRODUCT_AFTER:
            continue
        if prev_words and prev_words[-1] in L.EVENT_CUES:
            out.append(Span(s, e, inner, "Event", None, "quoted"))
            continue
        if prev_words and prev_words[-1] in L.ORG_CUES and not re.search(r"(?:에|을|를|은|는|이|가)$", before.rstrip()):
            out.append(Span(s, e, inner, "Company", None, "quoted"))      # 유니콘 기업 ‘모아랩’과
            continue
        raw_last = re.findall(r"[\w가-힣]+", before)[-1:] or [""]
        # a cue is the quoted name's head only with no case particle between (초거대 AI에 ‘올인’: a verb's object)
        cue = None if re.search(r"[가-힣A-Za-z0-9](?:에|에서|을|를|은|는|로|으로)$", raw_last[0]) else \
            next((w for w in reversed(prev_words) if w in L.PRODUCT_CUES), None)
        if cue is None and after_stem in L.PRODUCT_CUES:
            cue = after_stem
        possessive = re.search(r"의\s*$", before)
        org_before = (m.start() - 1 in org_ends and text[m.start() - 1] == " ") or m.start() in org_ends or \
            (possessive is not None and m.start() - (len(before) - possessive.start()) in org_ends)
        org_possessive = re.search(r"의\s+(?:[가-힣A-Za-z]+\s+){0,2}$", before) is not None and \
            any(before.rstrip().endswith(x) for x in L.PRODUCT_CUES)
        words_before = re.findall(r"[\w가-힣]+", before)
        released = bool(words_before) and _RELEASED.search(words_before[-1]) is not None
        product_line = any(inner.startswith(n + " ") for n in _product_names_in(text, s, e))   # ‘제미나이 오버레이’
        if cue is None and not org_before and not org_possessive and not released and not product_line:
            pending.append((s, e, inner, m))
            continue
        out.append(Span(s, e, inner, L.PRODUCT_CLASS.get(cue or "", "Product"), None, "quoted"))
    # ‘갤럭시 Z 폴드6’와 ‘플립6’: a quoted name listed right after a quoted product is a product too
    ends = {sp.end: sp for sp in out}
    for s, e, inner, m in pending:
        prev = re.search(r"[’”'\"」』》]\s*(?:와|과|,|·|및)\s*$", text[max(0, m.start() - 6):m.start()])
        if prev is not None:
            close = m.start() - (len(text[max(0, m.start() - 6):m.start()]) - prev.start())
            if close in ends and _coarse(ends[close].type) == "Product":
                sp = Span(s, e, inner, ends[close].type, None, "quoted")
                out.append(sp)
                ends[e] = sp
    return out
