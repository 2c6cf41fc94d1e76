"""Entity mentions in a tokenised document: reference names, and names found from the language.

Two sources, then one resolution:
1. reference aliases (kgraph/data/entities.tsv), matched with word boundaries checked against
   Kiwi's tokens, so that 카카오 matches in 카카오와 but not in 카카오페이;
2. discovery of names that are in no list: organisation shapes (…전자, …은행, …부), people by
   the shapes Korean news uses (이름 회사 직함, 회사 이름 직함, 이름 직함), quoted names next to
   product nouns, coded names (H100, GPT-4o, o3-mini), acronyms with their expansion, a
   parenthesised alias after a name, and English capitalised names with titles.
Overlaps resolve to the longest span; at equal length a reference name beats a discovered one.
"""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from kgraph.model import coarse as _coarse
from kgraph.names import HANGUL, normalise_name
from kgraph.nlp import entities_en as EN
from kgraph.nlp import lexicon as L
from kgraph.nlp.chunks import DocAnalysis, Span, make_chunks
from kgraph.nlp.discovery_ko import (
    list_head_spans,
    multiword_org_spans,
    numbered_product_spans,
    transliteration_spans,
    version_name_spans,
)
from kgraph.nlp.entities_ko import argument_spans, org_cue_spans, org_shape_spans, quoted_product_spans
from kgraph.nlp.people_ko import person_spans, title_at
from kgraph.nlp.reference_names import reference_spans
from kgraph.reference import alias_index

_CODE_RE = re.compile(
    r"(?<![\w.-])((?:[A-Z][A-Za-z]{0,3}|[a-z])-?\d{1,4}(?:\.\d)?(?:[a-z]{0,2}|[A-Z](?![a-z]))"
    r"(?:[- ](?:mini|pro|max|ultra|turbo|lite|nano|flash|plus|미니|프로|맥스|울트라|터보|라이트|나노|플래시|플러스))?)"
    r"(?![A-Za-z0-9])")


def code_spans(text: str) -> list[Span]:
    """Coded product names: H100, B200, GPT-4o, o3-mini, R1, o-3 미니."""
    out = []
    for m in _CODE_RE.finditer(text):
        code = m.group(1)
        if code in L.CODE_STOP or code.upper() in L.CODE_STOP or re.fullmatch(r"[NSEWFnsewf]\d|[Qq][1-4]|[Hh][12]", code):
            continue          # directions, quarters (Q1-Q4), halves (H1, H2); a robot Q9 is a name
        if re.fullmatch(r"[a-z]-?\d+", code) and code[0] not in "o":
            continue
        out.append(Span(m.start(1), m.end(1), code, "Product", None, "code"))
    return out


_ACRONYM_RE = re.compile(r"(?<![\w])([A-Z]{2,6})\(([A-Z][\w]*(?:[ -][A-Za-z][\w]*){1,5})\)")


def acronym_spans(text: str) -> list[Span]:
    """An acronym with its expansion names something: CPC(Co-Playable Character)."""
    out = []
    for m in _ACRONYM_RE.finditer(text):
        acro, expansion = m.group(1), m.group(2)
        initials = "".join(w[0] for w in re.split(r"[ -]", expansion) if w).upper()
        if initials != acro:
            continue
        cls = "Company" if re.search(r"\b(Inc|Corp|Corporation|Group|Ltd|Company|Association|University|"
                                     r"Institute|Agency|Bank|Foundation)\b", expansion) else "Product"
        out.append(Span(m.start(1), m.end(1), acro, cls, None, "acronym"))
        out.append(Span(m.start(2), m.end(2), expansion, cls, None, "acronym-expansion"))
    return out


_SIZE = re.compile(r"[ -]?\d+(?:\.\d+)?[BM](?![\w])")


def extended_product_spans(text: str, spans: list[Span]) -> list[Span]:
    """솔라 10.7B, Claude 3.5 Sonnet, 라마 2, 미스트랄 7B, K-엑사원: a product with its version (or a maker with
    a model size, or a K- prefix) names a product of its own."""
    out = []
    for s in spans:
        c = _coarse(s.type)
        m = EN.VERSION_TAIL.match(text, s.end) if c == "Product" else \
            _SIZE.match(text, s.end) if c == "Organization" else None
        if m:
            out.append(Span(s.start, m.end(), text[s.start:m.end()], s.type if c == "Product" else "AIModel", None,
                            "version:" + (s.ref.key if s.ref else "")))
        if c == "Product" and s.start >= 2 and text[s.start - 2:s.start] == "K-" and \
                (s.start == 2 or not text[s.start - 3].isalnum()):
            out.append(Span(s.start - 2, s.end, text[s.start - 2:s.end], s.type, None,
                            "version:" + (s.ref.key if s.ref else "")))
    return out


def _inside_parenthesis_of_extension(text: str, sp: Span, spans: list[Span]) -> bool:
    """K-엑사원(EXAONE): the base name in the parenthesis after an extended name is part of that name."""
    if sp.ref is None:
        return False
    for o in spans:
        if o.source == "version:" + sp.ref.key and text[o.end:o.end + 1] == "(" and o.end < sp.start and \
                text.find(")", o.end) >= sp.end and sp.start - o.end <= 2:
            return True
    return False


def list_member_spans(text: str, a: DocAnalysis, known: list[Span]) -> list[Span]:
    """삼성전자, 모아칩 등 / 혼다, 소니, 화낙(Fanuc) 등: a proper noun listed with a known organisation
    (by ·, a comma or 와/과) is an organisation too."""
    out = []
    starts = {s.start for s in known}
    ends = {s.end for s in known}
    covered = bytearray(len(text) + 1)
    for k in known:
        covered[k.start:k.end] = b"\x01" * (k.end - k.start)
    chunks = a.chunks
    for i, c in enumerate(chunks):
        stem = c.stem(text)
        if any(covered[c.start:c.stem_end]) or len(stem) < 2 or stem in L.PLACES or stem in L.GENERIC_ACRONYMS or \
                not c.tags[0].startswith(("NNP", "SL")) or stem in L.ORG_STOP or \
                not HANGUL.search(text[max(0, c.start - 15):c.end + 15]) or (stem.isascii() and not stem[0].isupper()):
            continue
        if not all(t.split("+")[0].startswith(("NNP", "SL", "SN")) for t in c.tags[:max(1, len(c.tags) - 1)]):
            continue
        tail = c.tail(text)
        prev_sep = re.search(r"(?:[·,]\s*|(?:와|과)\s)$", text[max(0, c.start - 3):c.start])
        prev_known = prev_sep is not None and any(e in ends for e in range(c.start - 3, c.start - len(prev_sep.group()) + 1))
        nxt = text[c.stem_end:c.stem_end + 3]
        paren = re.match(r"\([^)]{1,20}\)", text[c.stem_end:])
        after = c.stem_end + (paren.end() if paren else 0)
        next_known = re.match(r"(?:\s*[·,]\s*|(?:와|과)\s)", text[after:after + 3]) is not None and \
            any(text[after:after + 4].find(x) >= 0 for x in ("·", ",", "와", "과")) and \
            any(st in starts for st in range(after, after + 4))
        listed = tail in ("와", "과", "등", "도", "은", "는", "이", "가", "을", "를", "에") or \
            nxt.startswith(("·", ",")) or re.match(r"(?:\([^)]*\))?\s?등", text[c.stem_end:c.stem_end + 24]) is not None
        if (prev_known or next_known) and listed:
            out.append(Span(c.start, c.stem_end, stem, "Company", None, "list-member"))
    return out


def parenthesis_alias_spans(text: str, spans: list[Span]) -> list[Span]:
    """인조이(inZOI), 엔비디아 에이스(ACE): the parenthesis names the same thing again."""
    out = []
    for s in spans:
        if s.type == "Person" or s.end >= len(text) or text[s.end] != "(":
            continue
        m = re.match(r"\(([^()\n,]{1,30})\)", text[s.end:])
        if not m:
            continue
        inner = m.group(1).strip()
        if inner in L.TITLE_SET or inner.isdigit() or re.fullmatch(r"[\d.\s년월일%-]+", inner) or \
                inner in ("주", "株", "현지시간"):
            continue
        if HANGUL.search(s.text) and HANGUL.search(inner):
            continue   # a Korean gloss of a Korean name is usually a description
        out.append(Span(s.end + 1, s.end + 1 + len(m.group(1)), inner, s.type, s.ref,
                        "paren-alias:" + str(s.start)))
    return out


def maker_prefix_spans(text: str, spans: list[Span]) -> list[Span]:
    """구글 제미나이, 엔비디아 에이스, 딥시크 R-1: a product name that opens with its maker names the maker too."""
    from kgraph.reference import by_key
    out = []
    for s in spans:
        if s.ref is None or _coarse(s.type) != "Product" or " " not in s.text or not s.ref.parent:
            continue
        maker = by_key().get(s.ref.parent)
        head = s.text.split(" ")[0]
        if maker and head in maker.names:
            out.append(Span(s.start, s.start + len(head), head, maker.type, maker, "maker-prefix"))
    return out


_RANK = {"reference": 0, "argument": 2, "list-member": 2, "en-org-list": 2, "en-org-prep": 2}


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Longest span wins; at equal length a reference name wins, and a name found by a weak sign (its
    place in a list or as an argument) loses to one found by a strong sign (a cue noun, a title).

    The spans are taken in that order and each is kept unless it overlaps one already kept. The kept
    ones never overlap, so sorted by (start, end) their ends never decrease: the only kept span that
    can overlap a new one is the last that starts before the new one ends (found by bisection). This
    keeps the cost near n log n; comparing each span with every kept one grew with the square of the
    names in a document (minutes for a long one-paragraph text)."""
    ordered = sorted(spans, key=lambda s: (-s.length, _RANK.get(s.source, 1), s.start))
    taken = _Taken()
    out = []
    for s in ordered:
        if taken.overlaps(s.start, s.end):
            continue
        taken.add(s.start, s.end)
        out.append(s)
    return sorted(out, key=lambda s: s.start)


class _Taken:
    """Intervals that do not overlap one another (the spans resolve_overlaps keeps), sorted by (start,
    end): whether a new interval overlaps one of them, in O(log n)."""

    __slots__ = ("keys", "ends")

    def __init__(self):
        self.keys: list[tuple[int, int]] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        # kept (b, e) overlaps [start, end) when b < end and start < e; among those with b < end the
        # largest e is the last one in order (ends never decrease), so only it is checked
        i = bisect.bisect_left(self.keys, (end, -1 << 62)) - 1
        return i >= 0 and start < self.ends[i]

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.keys, (start, end))
        self.keys.insert(i, (start, end))
        self.ends.insert(i, end)


def _one_type_per_name(spans: list[Span]) -> None:
    """A discovered name is one thing in one article: the type from its strongest sign wins everywhere
    (‘다음’ quoted next to 포털 is a service, so 다음 as an argument of 인수 is that service too)."""
    best: dict[str, Span] = {}
    for s in spans:
        if s.ref is None and s.type not in ("Event", "Place"):
            k = normalise_name(s.text)
            if k not in best or _RANK.get(s.source, 1) < _RANK.get(best[k].source, 1):
                best[k] = s
    for s in spans:
        b = best.get(normalise_name(s.text))
        if s.ref is None and b is not None and _coarse(b.type) != _coarse(s.type) and s.type not in ("Event", "Place"):
            s.type = b.type


def _title_reference_people(text: str, spans: list[Span], orgs: list[Span]) -> None:
    """A person of the reference list named with an organisation and a title (사프라 캐츠 오라클 CEO,
    SK그룹 최태원 회장), whatever Kiwi makes of the name's syllables: give the span its title and org."""
    org_at = {o.start: o for o in orgs}
    org_end = {o.end: o for o in orgs}
    for s in spans:
        if s.source != "reference" or _coarse(s.type) != "Person" or s.title:
            continue
        pos = s.end
        paren = re.match(r"\([^)]{1,30}\)", text[pos:])
        pos += paren.end() if paren else 0
        if text[pos:pos + 1] != " ":
            continue
        org = org_at.get(pos + 1)
        if org is not None:     # 제임스 박 브라이트웨이브(BW) CEO, 김도윤 한빛전자 반도체부문 미주총괄(HBA) 부사장
            for n in range(3):
                k = re.match(r"(?:\([^)]{1,15}\))?(?: [가-힣A-Za-z]{1,12}(?:\([^)]{1,15}\))?){%d} " % n,
                             text[org.end:org.end + 50])
                title = title_at(text, org.end + k.end()) if k else None
                if title:
                    s.title, s.org_span = title, (org.start, org.end)
                    break
            continue
        before = re.search(r"(?:의)? $", text[max(0, s.start - 3):s.start])
        o = org_end.get(s.start - len(before.group())) if before else None
        title = title_at(text, pos + 1)
        if title:
            s.title, s.org_span = title, ((o.start, o.end) if o else None)


def find_spans(doc: Doc) -> DocAnalysis:
    """All candidate mentions of a document, overlaps resolved (linking comes after)."""
    text = doc.user_data.get("kg_text") or doc.text    # set by the Kiwi tokenizer, which keeps the input
    chunks, chunk_at = make_chunks(doc)
    a = DocAnalysis(doc, chunks, chunk_at, text=text)
    ref = reference_spans(text, doc)
    orgs = org_shape_spans(text, a) + org_cue_spans(text, a) + argument_spans(text, a)
    known = [s for s in ref if _coarse(s.type) == "Organization"] + orgs
    orgs += EN.org_spans(text, known) + list_member_spans(text, a, known)
    orgs += multiword_org_spans(text, a, ref)                  # 노바스파크 게임즈, 베리언 캐피털
    orgs += list_head_spans(text, a, ref + orgs)              # A, B, C 등 일본 대기업 / ▲A ▲B ▲C
    translit = transliteration_spans(text, a, ref + orgs)      # 노벡스 랩스(Novex Labs), 레아 문(Lea Moon) CTO
    org_like = resolve_overlaps([s for s in ref if _coarse(s.type) == "Organization"] + orgs +
                                [s for s in translit if _coarse(s.type) == "Organization"])
    people = person_spans(text, a, org_like) + EN.person_spans(text, org_like)
    spans = ref + orgs + translit + people + numbered_product_spans(text, a, ref + orgs) + \
        version_name_spans(text, a, ref + orgs) + \
        quoted_product_spans(text, a, org_like) + code_spans(text) + \
        acronym_spans(text) + EN.product_spans(text, org_like) + EN.quoted_product_spans(text) + \
        EN.appositive_product_spans(text, org_like) + EN.released_product_spans(text)
    # a person found by title that is also a reference person keeps the reference entity
    ref_people = {s.text: s.ref for s in ref if s.type == "Person"}
    for s in spans:
        if s.ref is None:
            hits = [e for e in alias_index().get(normalise_name(s.text), []) if _coarse(e.type) == _coarse(s.type)]
            if hits:
                s.ref, s.type = hits[0], hits[0].type
            elif s.text in ref_people:
                s.ref = ref_people[s.text]
    # a reference name found with a job title keeps the title and the organisation next to it
    _title_reference_people(text, spans, org_like)
    titled: dict = {}
    for s in spans:
        if s.title and ((s.start, s.end) not in titled or titled[(s.start, s.end)].org_span is None):
            titled[(s.start, s.end)] = s
    for s in spans:
        t = titled.get((s.start, s.end))
        if t is not None and t is not s and s.source == "reference":
            s.title, s.org_span = t.title, t.org_span
    spans = [s for s in spans if not (s.title and s.source != "reference" and
                                      any(r.source == "reference" and (r.start, r.end) == (s.start, s.end)
                                          for r in spans))]
    spans = resolve_overlaps(spans)
    spans = resolve_overlaps(spans + extended_product_spans(text, spans))
    _one_type_per_name(spans)
    spans = [sp for sp in spans if not _inside_parenthesis_of_extension(text, sp, spans)]
    spans += [p for p in parenthesis_alias_spans(text, spans)
              if not any(p.start < s.end and s.start < p.end for s in spans)]
    spans += maker_prefix_spans(text, spans)
    a.spans = sorted(spans, key=lambda s: s.start)
    return a

