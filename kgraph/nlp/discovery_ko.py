"""Korean names found by their shape or their neighbours: a Hangul name with its Latin original in
parentheses (translit), the members of a list closed by a type noun or bulleted (list-head,
list-bullet), names with a number fused to them (numbered), several-word company names
(multiword-org) and names with a decimal version (ko-version)."""
from __future__ import annotations

import re
from functools import lru_cache

from kgraph.model import coarse as _coarse
from kgraph.names import HANGUL
from kgraph.nlp import lexicon as L
from kgraph.nlp.chunks import QUOTES, DocAnalysis, Span
from kgraph.nlp.entities_ko import ARG_TRIGGER, STEM_ENDINGS, org_type
from kgraph.nlp.people_ko import TRANSLIT, korean_full_name, looks_like_korean_name, title_after

# --- a Hangul name followed by its Latin original: 노벡스 랩스(Novex Labs), 레아 문(Lea Moon) CTO
# Latin letters each Hangul initial consonant may spell (ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ)
_INITIAL_LETTERS = ("GKCQ", "GKC", "N", "DT", "DT", "RL", "M", "BVP", "BP", "SCZXT", "SC", "AEIOUYWHX",
                    "JZGCD", "JZ", "CTK", "KCQ", "TD", "PF", "HWF")
_LATIN_ORIGINAL = re.compile(r"\(([A-Za-z][A-Za-z0-9.&'’:+-]*(?: [A-Za-z0-9][A-Za-z0-9.&'’:+-]*){0,4})\)")


def _sounds_like(hangul: str, latin: str) -> bool:
    """Whether a Hangul word may be a transliteration of a Latin one: the first sounds agree (노벡스/Novex,
    노바크/Novak), and the Latin has at least as many letters as the Hangul has syllables (인공지능 is no
    spelling of AI)."""
    h = hangul.replace(" ", "")
    letters = [ch for ch in latin if ch.isalpha()]
    if not h or not letters or not ("\uac00" <= h[0] <= "\ud7a3") or len(letters) < len(h):
        return False
    return letters[0].upper() in _INITIAL_LETTERS[(ord(h[0]) - 0xAC00) // 588]


def _latin_kind(latin: str) -> str | None:
    """What the Latin original says of the name: an organisation by its ending, a person by its shape."""
    words = latin.split()
    if words[-1].rstrip(".") in L.EN_ORG_ENDINGS:
        return "Company"
    if 2 <= len(words) <= 3 and all(re.fullmatch(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?", w) for w in words):
        return "person-shaped"
    return None


# Product cues too broad for a glossed name: 칩렛(Chiplet) 기술 is a technique, not a product.
_WEAK_CUES = {"기술", "솔루션"}


def transliteration_spans(text: str, a: DocAnalysis, known: list[Span]) -> list[Span]:
    """A Hangul name followed by its Latin original in parentheses names something (finder "translit"):
    노벡스 랩스(Novex Labs) is a company by its ending, 레아 문(Lea Moon) CTO a person by the title after
    it, 전략 게임 택탄(TACTAN) a product by the cue noun before it, 캐스필드(Casfield) in a list of
    companies a company. Without such a sign nothing is claimed."""
    out: list[Span] = []
    chunks = a.chunks
    known_end = {s.end: s for s in known}
    known_start = {s.start: s for s in known}
    for m in _LATIN_ORIGINAL.finditer(text):
        latin = m.group(1)
        ci = a.chunk_at.get(m.start() - 1)
        if ci is None or chunks[ci].stem_end != m.start() or latin in L.GENERIC_ACRONYMS:
            continue
        n_latin = len([w for w in latin.split() if w.rstrip(".") not in ("Inc", "Corp", "Co", "Ltd")]) or 1
        # the Hangul words: as many as the Latin has (노바크 로보틱스(Novak Robots)), at least one
        first = None
        for k in range(min(n_latin, 3), 0, -1):
            i0 = ci - k + 1
            if i0 < 0 or any(chunks[x].stem_end != chunks[x].end or text[chunks[x].end:chunks[x].end + 1] != " "
                             for x in range(i0, ci)):
                continue
            words = [chunks[x].stem(text) for x in range(i0, ci + 1)]
            if any(not re.fullmatch(r"[가-힣]+", w) for w in words):
                continue
            if _sounds_like(words[0], latin.split()[0]) and _sounds_like(" ".join(words), latin):
                first = i0
                break
        if first is None:
            continue
        start, end = chunks[first].start, m.start()
        name = text[start:end]
        if name in L.TITLE_SET or name in L.PLACES or name in L.ORG_STOP or latin.islower() or \
                any(s.start <= start and end <= s.end for s in known):
            continue       # (a common word glossed in English, 순간(moment), is no name)
        after = m.end()
        kind = _latin_kind(latin) or ("Company" if org_type(name.replace(" ", "")) else None)
        if kind == "person-shaped":
            title = title_after(text, a, after + 1, 3) if text[after:after + 1] == " " else None
            before = text[max(0, start - 12):start]
            if title or re.search(r"(?:창업자|설립자|CEO|대표|회장|교수|박사|장관|의원|총리|대통령)(?:인|이자)? $", before):
                out.append(Span(start, end, name, "Person", None, "translit", title[0] if title else None))
                continue
            kind = None        # Rebel Quad: two capitalised words, but no person's title: other signs decide
        prev_words = [STEM_ENDINGS.sub("", w) or w for w in re.findall(r"[\w가-힣]+", text[max(0, start - 20):start])[-2:]]
        prev_words = [w for w in prev_words if w not in _WEAK_CUES]
        after_word = re.match(r"['’”]?\s?([가-힣A-Za-z]+)", text[after:after + 12])
        after_stem = re.sub(r"(으로|로|을|를|이|가|은|는|의|에|와|과|도)$", "", after_word.group(1)) if after_word else ""
        after_stem = "" if after_stem in _WEAK_CUES else after_stem
        if kind is None:
            if any(w in L.ORG_CUES for w in prev_words) or after_stem in L.ORG_CUES:
                kind = "Company"
            elif any(w in L.PRODUCT_CUES for w in prev_words) or after_stem in L.PRODUCT_CUES:
                cue = next((w for w in reversed(prev_words) if w in L.PRODUCT_CUES), after_stem)
                kind = L.PRODUCT_CLASS.get(cue, "Product")
        if kind is None:
            # listed with a known organisation: 보스턴다이내믹스, 캐스필드(Casfield), …
            pm = re.search(r"(\([^()]{1,40}\))?(?:[·,]\s*|(?:와|과|및)\s)$", text[max(0, start - 50):start])
            p_end = start - len(pm.group()) if pm else -1     # the end of the name before (its parenthesis aside)
            nxt = re.match(r"\s*(?:[·,]|와|과|및)\s*", text[after:after + 4])
            n_start = after + nxt.end() if nxt else -1
            neighbour = known_end.get(p_end) or known_start.get(n_start)
            if neighbour is not None and _coarse(neighbour.type) == "Organization":
                kind = "Company"
            elif neighbour is not None and _coarse(neighbour.type) == "Product":
                kind = "Product"
        if kind is None and ARG_TRIGGER.match(text[after:after + 40]) and \
                re.match(r"(?:와|과|에|에게|을|를|은|는|이|가)(?:\s|$)", text[after:after + 3]):
            kind = "Company"
        if kind is not None:
            out.append(Span(start, end, name, kind, None, "translit"))
    return out


# --- lists: the noun closing a list, or a known member, gives its type to the unmarked members
_LIST_ITEM = re.compile(r"[가-힣A-Za-z0-9&.+\-]+(?: [가-힣A-Za-z0-9&.+\-]+){0,2}")


def _list_item(text: str, a: DocAnalysis, s: int, e: int) -> tuple[int, int] | None:
    """The name of one list item text[s:e] (a parenthesis after it aside: 화낙(Fanuc)), if every word of
    it opens with a proper noun, a foreign word or a number in Kiwi's reading (common nouns are no names)."""
    seg = text[s:e]
    seg_core = re.sub(r"\s*\([^()]*\)\s*$", "", seg)
    lead = len(seg_core) - len(seg_core.lstrip())
    core = seg_core.strip()
    if not core or not _LIST_ITEM.fullmatch(core) or len(core) < 2:
        return None
    start = s + lead
    pos = start
    for n, w in enumerate(core.split(" ")):
        ci = a.chunk_at.get(pos)
        if ci is None or a.chunks[ci].start != pos:
            return None
        tags = a.chunks[ci].tags
        # the first word opens with a proper noun (later ones may be common: 로웰 캐피털 매니지먼트), or
        # is a compound with a Latin part or an organisation's ending (가온AI헬스, 가온백신연구소)
        compound = len(w) >= 4 and HANGUL.search(w) is not None and not any(w.endswith(h) for h in L.LIST_HEADS)
        if not tags[0].split("+")[0].startswith(("NNP", "SL", "SN")) and n == 0 and \
                not (" " not in core and (re.search(r"[A-Za-z]", w) or org_type(w) or compound)):
            return None      # (a compound Kiwi splits into common words, 한빛성장투자운용, is a name here)
        if n and not tags[0].split("+")[0].startswith(("NNP", "NNG", "SL", "SN")):
            return None
        if a.chunks[ci].stem_end < pos + len(w):
            return None       # a particle inside: 모아랩은 루미나 is no one name
        pos += len(w) + 1
    if core in L.PLACES or core in L.GENERIC_ACRONYMS or core in L.ORG_STOP or core in L.TITLE_SET:
        return None
    return start, start + len(core)


def list_head_spans(text: str, a: DocAnalysis, known: list[Span]) -> list[Span]:
    """A, B, C(Latin) 등 일본 대기업 / A·B·C 등 AI 스타트업: the noun after 등 says what the listed names are
    (finder list-head); ▲A(…) ▲B(…) ▲C(…): bullets with one known organisation are all organisations
    (finder list-bullet)."""
    out: list[Span] = []
    heads = "|".join(sorted((re.escape(h) for h in L.LIST_HEADS), key=len, reverse=True))
    for m in re.finditer(rf" 등(?:의)? (?:[가-힣A-Za-z]+ ){{0,2}}(?P<head>{heads})(?:들)?"
                         r"(?=[^가-힣A-Za-z0-9]|으|로|을|를|이|가|은|는|의|에|과|와|도|만|까지|부터|$)", text):
        cls = L.LIST_HEADS[m.group("head")]
        # the list before 등: items split by , · and 와/과, back to the clause start
        clause_start = max(text.rfind(ch, 0, m.start()) for ch in ".\n!?\"“”‘’'▲■") + 1
        seg = text[clause_start:m.start()]
        parts = [p for p in re.split(r"(\s*[,·]\s*|(?<=[가-힣])(?:와|과) )", seg)]
        items = []
        pos = clause_start
        for p in parts:
            if re.fullmatch(r"\s*[,·]\s*|(?:와|과) ", p):
                pos += len(p)
                continue
            items.append((pos, pos + len(p)))
            pos += len(p)
        if len(items) > 1:
            # the first item reaches back to the clause start: only its last one or two words are the name
            s0, e0 = items[0]
            words = list(re.finditer(r"\S+", text[s0:e0]))
            if words:
                items[0] = (s0 + words[-2].start() if len(words) >= 2 and
                            _list_item(text, a, s0 + words[-2].start(), e0) else s0 + words[-1].start(), e0)
        else:
            s0, e0 = items[0] if items else (0, 0)
            words = list(re.finditer(r"\S+", text[s0:e0]))
            if not words:
                continue
            # 한빛금융 등 국내 대기업들: one named member, of up to three words (미국 로웰 캐피털 매니지먼트 등)
            items = [(s0 + words[-1].start(), e0)]
            for k in (3, 2):
                if len(words) >= k and words[-k].group() not in L.PLACES and \
                        _list_item(text, a, s0 + words[-k].start(), e0):
                    items = [(s0 + words[-k].start(), e0)]
                    break
        for s, e in items:
            got = _list_item(text, a, s, e)
            if got and not any(k.start < got[1] and got[0] < k.end for k in known):
                out.append(Span(got[0], got[1], text[got[0]:got[1]], cls, None, "list-head"))
    # ▲A(…) ▲B(…): a bullet list with a known organisation
    known_start = {k.start: k for k in known}
    for m in re.finditer(r"(?:▲\s?[^▲\n]{1,40}){2,}", text):
        bullets = [(b.start(1) + m.start(), b.end(1) + m.start())
                   for b in re.finditer(r"▲\s?([^▲(\n,]{1,30})", m.group())]
        def member(s):
            k = known_start.get(s)
            return k is not None and _coarse(k.type) == "Organization"
        if not any(member(s) for s, _ in bullets):
            continue
        for s, e in bullets:
            name = re.split(r" 등| 및 |[을를이가은는]\s", text[s:e])[0].rstrip()
            # a bullet may open with a place (미국 로웰 캐피털): a known place word is no part of the name
            first = name.split(" ")[0]
            if first in L.PLACES and " " in name:
                s += len(first) + 1
                name = name[len(first) + 1:]
            got = _list_item(text, a, s, s + len(name))
            if got and not member(got[0]) and not any(k.start <= got[0] < k.end for k in known):
                out.append(Span(got[0], got[1], text[got[0]:got[1]], "Company", None, "list-bullet"))
    return out


# --- a Hangul name with a number fused to it: 노바링3, 솔라리스5, 노바링2 (finder "numbered")
_NUMBERED = re.compile(r"([가-힣]{1,8})(\d{1,3}(?:\.\d)?[A-Za-z]?)(?![\d.])")


def numbered_product_spans(text: str, a: DocAnalysis, known: list[Span]) -> list[Span]:
    """A proper noun with a model number fused to it names a product: 메타의 헤드셋 노바링3, 현대차
    솔라리스5 (Kiwi reads the word as a proper noun; 레벨3, 시즌2, 2공장 are not names: data/ko/number_stop.txt)."""
    out = []
    stop = L.words("ko/number_stop.txt")
    for c in a.chunks:
        stem = c.stem(text)
        stem_end = c.stem_end
        if stem.endswith(".") and stem_end == c.end:      # 누보2. : Kiwi keeps the full stop with the number
            stem, stem_end = stem[:-1], stem_end - 1
        m = _NUMBERED.fullmatch(stem)
        prev = a.chunk_at.get(c.start - 2)
        cue_before = text[c.start - 1:c.start] in QUOTES or (
            prev is not None and a.chunks[prev].stem(text) in L.PRODUCT_CUES and a.chunks[prev].end == c.start - 1)
        if not m or not (c.tags[0].startswith("NNP") or cue_before) or m.group(1) in stop or m.group(1) in L.PLACES or \
                (len(m.group(1)) < 2 and text[c.start - 1:c.start] not in QUOTES) or \
                any(m.group(1).endswith(x) for x in stop if len(x) >= 2) or \
                any(k.start < stem_end and c.start < k.end for k in known):
            continue
        if org_type(m.group(1)) is not None:
            continue      # 한빛전자2: an organisation's shape, not a product's
        out.append(Span(c.start, stem_end, stem, "Product", None, "numbered"))
    return out


# --- company names of several words: proper noun(s) and a closing word (노바스파크 게임즈)
@lru_cache(maxsize=1)
def _head_words() -> re.Pattern:
    words = sorted(L.words("ko/org_head_words.txt"), key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(w) for w in words) + ")$")


def multiword_org_spans(text: str, a: DocAnalysis, known: list[Span]) -> list[Span]:
    """One or two proper nouns and a word that closes a company's name (data/ko/org_head_words.txt) are one
    organisation (finder multiword-org): 노바스파크 게임즈, 로웰 캐피털 매니지먼트, 노바 헬스테크놀로지,
    레이크뷰 에쿼티파트너스. A known organisation and a generic head (삼성전자 반도체) is not one."""
    heads = _head_words()
    generic = {"그룹", "센터", "연구소", "리서치", "랩"}      # only after a name that is no known organisation
    chunks = a.chunks
    out: list[Span] = []
    known_at = {k.start: k for k in known}
    for j, c in enumerate(chunks):
        stem = c.stem(text)
        m = heads.search(stem)        # the longest closing word the stem ends with
        head = m.group() if m else None
        if head is None or j == 0 or any(kn.start <= c.start and c.stem_end <= kn.end for kn in known):
            continue      # (삼성전자 삼성리서치: the closing word is a known name of its own)
        # the words before: one or two proper nouns (or Latin words) joined by single spaces, no particle
        found = None
        for k in ((2, 1) if stem == head else (1,)):     # two words before only a head standing alone
            i = j - k
            if i < 0:
                continue
            ok = all(chunks[x].stem_end == chunks[x].end and text[chunks[x].end:chunks[x].end + 1] == " " and
                     chunks[x + 1].start == chunks[x].end + 1 and
                     (chunks[x].tags[0].split("+")[0].startswith(("NNP", "SL")) or
                      (head not in generic and any(ch in TRANSLIT for ch in chunks[x].stem(text)))) and
                     chunks[x].stem(text) not in L.PLACES and chunks[x].stem(text) not in L.TITLE_SET and
                     chunks[x].stem(text) not in L.GENERIC_ACRONYMS
                     for x in range(i, j))
            if not ok:
                continue
            start, end = chunks[i].start, c.stem_end
            before = known_at.get(start)
            if head in generic and (before is None or stem == head and head == "그룹"):
                continue  # 광양 데이터센터, 삼성 그룹: a generic head closes only a known name (IBM 노바리서치센터)
            w0 = chunks[i].stem(text)
            if any(w0.endswith(x) for x in L.LIST_HEADS) or w0 in L.PRODUCT_CUES or \
                    w0 in L.words("ko/org_head_words.txt") or \
                    (korean_full_name(w0) and looks_like_korean_name(w0, chunks[i].tags)) or \
                    (text[end:end + 1] == " " and title_after(text, a, end + 1, 3)):
                continue  # 스튜디오 X 게임즈; 이름 모아홀딩스 대표: a person, then the company
            if any(kn.start < end and start < kn.end and (kn.start < start or kn.end > end) for kn in known):
                continue  # crosses a known name
            found = (start, end)
            break
        if found is None or stem in L.ORG_STOP:
            continue
        out.append(Span(found[0], found[1], text[found[0]:found[1]], "Company", None, "multiword-org"))
    return out


# --- a Hangul name with a decimal version: 다온 패스 3.1 (finder ko-version)
_KO_VERSION = re.compile(r"(?<![가-힣A-Za-z0-9])((?:[가-힣]{2,10} )?[가-힣]{2,10}) (\d{1,2}\.\d{1,2})"
                         r"(?=$|[^\w.%]|(?:을|를|이|가|은|는|의|에|와|과|도|로|으로|부터|까지|에서)(?![가-힣]))")


def version_name_spans(text: str, a: DocAnalysis, known: list[Span]) -> list[Span]:
    """One or two proper nouns and a decimal version name a product: 다온 패스 3.1을 공개 (not 매출 3.1조원,
    not a common noun without a product cue before it)."""
    out = []
    for m in _KO_VERSION.finditer(text):
        s = m.start(1)
        words = m.group(1).split(" ")
        # the name's words: proper nouns; or common ones right after a product cue (모델 다온 패스 3.1)
        prev = re.search(r"([가-힣A-Za-z]+)\s$", text[max(0, s - 12):s])
        cued = prev is not None and (prev.group(1) in L.PRODUCT_CUES or
                                     (STEM_ENDINGS.sub("", prev.group(1)) in L.PRODUCT_CUES))
        pos, ok = s, True
        for w in words:
            ci = a.chunk_at.get(pos)
            if ci is None or a.chunks[ci].start != pos or a.chunks[ci].stem_end != pos + len(w) or \
                    w in L.PLACES or w in L.TITLE_SET or w in L.PRODUCT_CUES or \
                    not (a.chunks[ci].tags[0].startswith("NNP") or cued):
                ok = False
                break
            pos += len(w) + 1
        if not ok or any(k.start < m.end(2) and s < k.end for k in known):
            continue
        out.append(Span(s, m.end(2), m.group(0), "Product", None, "ko-version"))
    return out
