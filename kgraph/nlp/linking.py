"""Mentions to canonical entities: one IRI per real-world entity.

- A reference name (any alias, either language) resolves to its reference entity.
- A discovered name gets a key from its coarse type and normalised name, so the same name
  in another document reaches the same node.
- Within a document, short forms resolve to the full entity named earlier: 올트먼 -> 샘 올트먼,
  이 회장 -> the 회장 named 이…, 권 CSO -> 제이슨 권; a discovered name seen once is found
  again wherever it recurs.
- Ambiguity between a company and its product (딥시크 the company, 딥시크 R1 the model): the
  longest name wins, so 딥시크 R1 is the product; a product name that opens with its maker's
  name also names the maker (entities.maker_prefix_spans). A bare 딥시크 is the company: the
  reference type wins, and a quoted ‘딥시크’ next to 모델 does not make a second node.
"""
from __future__ import annotations

import re

from kgraph.model import EntityRef, Mention, coarse
from kgraph.names import HANGUL, normalise_name
from kgraph.nlp import lexicon as L
from kgraph.nlp.chunks import DocAnalysis, Span
from kgraph.nlp.reference_names import boundary_ok


def entity_for(span: Span) -> EntityRef:
    if span.ref is not None:
        return span.ref.ref()
    c = coarse(span.type)
    return EntityRef(f"{c}/{normalise_name(span.text)}", span.type, span.text, discovered=True)


def _sentence_index(a: DocAnalysis) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in a.doc.sents]


def _sent_of(bounds: list[tuple[int, int]], pos: int) -> int:
    lo, hi = 0, len(bounds) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if bounds[mid][1] <= pos:
            lo = mid + 1
        elif bounds[mid][0] > pos:
            hi = mid - 1
        else:
            return mid
    return max(0, min(lo, len(bounds) - 1))


def _same_products(text: str, spans: list[Span]) -> dict[int, Span]:
    """Product names of one document that name one product (span id -> the span whose entity to use):
    - a discovered name that opens or ends a longer discovered name: Claude 3.5 / Claude 3.5 Sonnet,
      MI350 / 인스팅트(Instinct) MI350;
    - a name and the versioned name in the parenthesis after it: 믹스트랄(Mixtral 8x7B)."""
    products = [s for s in spans if coarse(s.type) == "Product" and not s.source.startswith("paren-alias")]
    found = [s for s in products if s.ref is None]
    out: dict[int, Span] = {}
    for s in found:
        longer = {normalise_name(t.text): t for t in found if len(t.text) > len(s.text) and
                  (t.text.startswith(s.text + " ") or t.text.endswith((" " + s.text, ")" + s.text)))}
        if len(longer) == 1:
            out[id(s)] = next(iter(longer.values()))
    for s in products:
        if s.ref is None or text[s.end:s.end + 1] != "(":
            continue
        inner = next((t for t in found if t.start == s.end + 1 and text[t.end:t.end + 1] == ")"), None)
        if inner is not None and any(inner.text.startswith(n + " ") for n in s.ref.names):
            out[id(s)] = out.get(id(inner), inner)
    for k, v in list(out.items()):
        out[k] = out.get(id(v), v)
    return out


def _common_word(a: DocAnalysis, s: Span) -> bool:
    """A two-syllable Hangul name that Kiwi reads as a common noun (다음 'next') is not searched for again."""
    if not (len(s.text) <= 2 and HANGUL.search(s.text)):
        return False
    span = a.doc.char_span(s.start, s.end, alignment_mode="expand")
    return span is not None and all(t.tag_.startswith("NNG") for t in span)


def link(a: DocAnalysis) -> list[tuple[Span, EntityRef]]:
    """(span, entity) for every mention of the document, short forms included, in text order."""
    text = a.text
    linked: list[tuple[Span, EntityRef]] = []
    by_start: dict[int, EntityRef] = {}
    same = _same_products(text, a.spans)
    for s in a.spans:
        if s.source.startswith("paren-alias:"):
            continue
        ent = entity_for(same.get(id(s), s))
        linked.append((s, ent))
        by_start[s.start] = ent
    # an acronym and its expansion are one entity
    # a discovered organisation named by the first words of another one found in the document is that
    # one: Orion … Orion Industries, 레이크뷰 … 레이크뷰 에쿼티파트너스
    orgs = [(s, e) for s, e in linked if e.discovered and coarse(e.type) == "Organization"]
    for i, (s, ent) in enumerate(linked):
        if not ent.discovered or coarse(ent.type) != "Organization":
            continue
        longer = {e.key: e for s2, e in orgs if s2.text.startswith(s.text + " ") and e.key != ent.key}
        if len(longer) == 1:
            linked[i] = (s, next(iter(longer.values())))
    for s, ent in list(linked):
        if s.source == "acronym-expansion":
            acro = next((e for sp, e in linked if sp.source == "acronym" and sp.end + 1 == s.start), None)
            if acro:
                linked[linked.index((s, ent))] = (s, acro)
    # a discovered name and its original found by another finder in the parenthesis after it are one
    # entity: 벨라 로보틱스(Vela Robotics), 노벡스 랩스(Novex Labs)
    at = {s.start: i for i, (s, _) in enumerate(linked)}
    for s, ent in list(linked):
        j = at.get(s.end + 1)
        if j is None or text[s.end:s.end + 1] != "(" or not ent.discovered:
            continue
        s2, ent2 = linked[j]
        if ent2.discovered and text[s2.end:s2.end + 1] == ")" and coarse(ent2.type) == coarse(ent.type):
            linked[j] = (s2, ent)
    for s in a.spans:
        if s.source.startswith("paren-alias:"):
            target = by_start.get(int(s.source.split(":")[1]))
            if target is not None:
                linked.append((s, target))
    linked.sort(key=lambda x: x[0].start)
    taken = [(s.start, s.end) for s, _ in linked]

    def free(b: int, e: int) -> bool:
        return not any(b < te and tb < e for tb, te in taken)

    extra: list[tuple[Span, EntityRef]] = []
    people = [(s, e) for s, e in linked if e.type == "Person"]
    # 1. names found once are found again: discovered names, and the family name of foreign people
    again: dict[str, EntityRef] = {}
    for s, e in linked:
        if (e.discovered or s.source.startswith("paren-alias")) and len(s.text) >= 2 and s.type != "Event" and \
                not _common_word(a, s):
            again.setdefault(s.text, e)          # 프리퍼드네트웍스(PFN) … PFN은: the short name is used again
    for s, e in people:
        words = s.text.split()
        if len(words) >= 2 and len(words[-1]) >= 2 and (HANGUL.search(words[-1]) or words[-1][0].isupper()):
            again.setdefault(words[-1], e)       # 샘 올트먼 … 올트먼은 / Alexandr Wang … Wang departs
    for name, ent in sorted(again.items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(re.escape(name), text):
            b, e = m.span()
            if free(b, e) and boundary_ok(text, a.doc, b, e):
                extra.append((Span(b, e, name, ent.type, None, "again"), ent))
                taken.append((b, e))
    # 2. family name + title: 이 회장, 김 대표, 권 CSO, 최 회장
    titles = "|".join(re.escape(t) for t in L.TITLES)
    for m in re.finditer(r"(?<![가-힣A-Za-z])([가-힣]{1,2}) (" + titles + r")(?![A-Za-z])", text):
        b, e = m.span(1)
        if not free(b, e):
            continue
        fam, title = m.group(1), m.group(2)
        cands = []
        for s, ent in people:
            words = s.text.split()
            family = words[-1] if len(words) > 1 else s.text[: len(fam)]
            if family == fam and (len(words) > 1 or len(s.text) >= 2):
                cands.append((s.start < b, s.title == title, s.start, ent))
        if not cands:
            continue
        cands.sort(key=lambda c: (c[0], c[1], c[2] if c[0] else -c[2]))
        ent = cands[-1][3]
        if len({c[3] for c in cands}) > 1 and not any(c[1] for c in cands):
            continue   # two people share the family name and neither has this title: leave it
        extra.append((Span(b, e, fam, "Person", None, "short-form", title), ent))
        taken.append((b, e))
    return sorted(linked + extra, key=lambda x: x[0].start)


def to_mentions(a: DocAnalysis, linked: list[tuple[Span, EntityRef]]) -> list[Mention]:
    bounds = _sentence_index(a)
    out = []
    for s, ent in linked:
        if s.source == "short-form" and len(s.text) == 1:
            label_text = None   # a bare family name is not a label of the person
        elif s.ref is not None and s.text in s.ref.weak:
            label_text = None   # 삼성 finds Samsung Electronics but would be a label of the group too
        else:
            label_text = s.text
        finder = s.source.split(":")[0]       # paren-alias:<offset> is the finder paren-alias
        out.append(Mention(ent, label_text or ent.label, s.start, s.end, _sent_of(bounds, s.start), finder))
    return out
