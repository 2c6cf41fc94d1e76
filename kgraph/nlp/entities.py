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
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

from kgraph.nlp import entities_en as EN
from kgraph.nlp import lexicon as L
from kgraph.rdf.iri import normalise_name
from kgraph.nlp.reference import RefEntity, alias_index, coarse as _coarse, reference_entities

BREAK_TAGS = {"SP", "SF", "SSO", "SSC", "SS", "SE", "_SP", "SW", "W_EMOJI"}
ENDING_PREFIXES = ("J", "E", "VCP", "VCN", "XSV", "XSA", "VV", "VA", "VX")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
QUOTES = {"‘": "’", "“": "”", "'": "'", '"': '"', "「": "」", "『": "』", "《": "》", "<": ">"}


@dataclass
class Chunk:
    """A run of text between spaces or punctuation (an eojeol), with its particles split off."""

    start: int
    end: int
    stem_end: int
    tags: list[str]
    first_tok: int

    def stem(self, text: str) -> str:
        return text[self.start:self.stem_end]

    def tail(self, text: str) -> str:
        return text[self.stem_end:self.end]


@dataclass
class Span:
    """A candidate mention."""

    start: int
    end: int
    text: str
    type: str
    ref: RefEntity | None = None
    source: str = "reference"
    title: str | None = None          # for people found with a job title
    org_span: tuple[int, int] | None = None   # the organisation next to a person's name

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class DocAnalysis:
    """A document's chunks and mentions, shared by linking and relation extraction."""

    doc: Doc
    chunks: list[Chunk]
    chunk_at: ChunkIndex              # char offset -> chunk index, for chunk starts and inside
    spans: list[Span] = field(default_factory=list)
    text: str = ""                    # doc.text, computed once (spaCy rebuilds it from every token per call)


def make_chunks(doc: Doc) -> tuple[list[Chunk], dict[int, int]]:
    """Whitespace-delimited chunks (eojeol) of tokens, with where the stem ends (before endings)."""
    words, tags, spaces = doc.user_data.get("kg_tokens") or (
        [t.text for t in doc], [t.tag_ for t in doc], [bool(t.whitespace_) for t in doc])
    chunks: list[Chunk] = []
    cur: list[int] = []
    idx: list[int] = doc.user_data.get("kg_offsets") or []
    if not idx:
        pos = 0
        for w, sp in zip(words, spaces):
            idx.append(pos)
            pos += len(w) + (1 if sp else 0)
        doc.user_data["kg_offsets"] = idx
    ending = [t.startswith(ENDING_PREFIXES) for t in tags]   # merged tags (하+었) start with their first

    def close() -> None:
        last = cur[-1]
        end = idx[last] + len(words[last])
        stem_end = end
        for i in cur[1:]:
            if ending[i]:
                stem_end = idx[i]
                break
        chunks.append(Chunk(idx[cur[0]], end, stem_end, [tags[i] for i in cur], cur[0]))
        cur.clear()

    for i, (w, tag, sp) in enumerate(zip(words, tags, spaces)):
        if tag in BREAK_TAGS or w.isspace():
            if cur:
                close()
            continue
        cur.append(i)
        if sp:
            close()
    if cur:
        close()
    return chunks, ChunkIndex(chunks)


class ChunkIndex:
    """Char offset -> index of the chunk that covers it (a binary search over chunk starts)."""

    def __init__(self, chunks: list[Chunk]):
        self.starts = [c.start for c in chunks]
        self.chunks = chunks

    def get(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i if i >= 0 and self.chunks[i].start <= pos < self.chunks[i].end else None


# ---------------------------------------------------------------------------------------- reference
@lru_cache(maxsize=1)
def _alias_regex() -> tuple[re.Pattern, dict[str, list[RefEntity]]]:
    names: dict[str, list[RefEntity]] = {}
    for e in reference_entities():
        for n in e.names:
            if HANGUL.search(n) or sum(ch.isalnum() for ch in n) >= 2:   # not "A." alone
                names.setdefault(n, []).append(e)
    alts = sorted(names, key=len, reverse=True)
    return re.compile("|".join(re.escape(a) for a in alts)), names


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def boundary_ok(text: str, doc: Doc, start: int, end: int) -> bool:
    """Whether text[start:end] stands as a whole word: particles may follow, other letters may not."""
    if start > 0:
        prev = text[start - 1]
        if prev.isalnum() and not _is_cjk(prev):
            return False
    if end >= len(text):
        return True
    nxt = text[end]
    if not nxt.isalnum():
        return True
    last = text[end - 1]
    if last.isascii() and last.isalnum() and nxt.isascii():
        return False                       # GPT4 inside GPT4o, SK inside SKT
    if HANGUL.match(nxt):
        tok = doc.char_span(end, end + 1, alignment_mode="expand")
        if tok is None or len(tok) == 0:
            return False
        t = tok[0]
        if t.idx != end:                   # the match ends inside a token: Kiwi reads one longer word,
            return text[end:t.idx + len(t.text)] in _PARTICLES   # unless the rest is a particle (엔비디아의)
        tag = t.tag_.split("+")[0]
        return tag.startswith(("J", "E", "XS", "VCP", "VCN")) or tag == "NNB" or t.text in ("측", "들", "사")
    return not last.isascii()              # Hangul name followed by Latin: 오픈AI after 오픈? reject ASCII joins


def reference_spans(text: str, doc: Doc) -> list[Span]:
    pattern, names = _alias_regex()
    out = []
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if not m:
            break
        s, e = m.span()
        if boundary_ok(text, doc, s, e):
            refs = names[m.group()]
            out.append(Span(s, e, m.group(), refs[0].type, refs[0], "reference"))
            pos = e
        else:
            pos = s + 1
    return out


# ---------------------------------------------------------------------------------------- discovery
_SUFFIX_CLASS = dict(L.ORG_SUFFIXES)
_SUFFIX_RE = re.compile("(?:" + "|".join(re.escape(x) for x, _ in L.ORG_SUFFIXES) + ")$")


def _org_type(stem: str) -> str | None:
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
        cls = _org_type(stem)
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


# Syllables common in transliterated foreign names and rare in Korean given names.
_TRANSLIT = set("스슨트크드즈르브프츠티디클턴튼먼렌엘앤잭젠쿡팀톰존짐밥빌샘닐폴케캐")


def _korean_full_name(word: str) -> bool:
    """A three-syllable word shaped like a Korean full name (박준서), not a transliteration (제이슨)."""
    return len(word) == 3 and word[0] in L.SURNAMES and not any(ch in _TRANSLIT for ch in word)


_PARTICLES = frozenset(p for p, _ in L.table("ko/particles.tsv", 2)) - {"도", "이"}
_ARG_TRIGGER = re.compile(r"^\s?(?:[가-힣A-Za-z0-9·,]+\s){0,3}?(?:전략적\s)?(제휴|동맹|협력|협업|파트너십|손잡|손을 잡|맞손|"
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
        if _ARG_TRIGGER.match(text[c.end:c.end + 40]):
            out.append(Span(c.start, c.stem_end, stem, "Company", None, "argument"))
    return out


def _looks_like_korean_name(word: str, tags: list[str]) -> bool:
    if not (2 <= len(word) <= 4) or not all("\uac00" <= ch <= "\ud7a3" for ch in word):
        return False
    if not (word[0] in L.SURNAMES or word[:2] in L.SURNAMES):
        return False
    # a single dictionary common noun (경영진, 관계자) is not a name; Kiwi reads names as NNP or splits them
    if len(tags) == 1 and tags[0].startswith("NNG"):
        return False
    return not any(t.split("+")[0].startswith(("V", "M", "IC")) for t in tags) or tags[0].startswith("NNP")


def _title_at(text: str, pos: int) -> str | None:
    """The job title starting at `pos` (after optional spaces), if any."""
    for t in L.TITLES:
        if text.startswith(t, pos):
            after = text[pos + len(t): pos + len(t) + 1]
            if not after or not (after.isascii() and after.isalnum()):
                return t
    return None


def person_spans(text: str, a: DocAnalysis, org_spans: list[Span]) -> list[Span]:
    """People by the shapes of Korean news: 이름 [회사] 직함, 회사[의] 이름 직함, foreign names in NNP runs."""
    out = []
    chunks = a.chunks
    org_by_start = {s.start: s for s in org_spans}
    in_org = bytearray(len(text) + 1)
    for o in org_spans:
        in_org[o.start:o.end] = b"\x01" * (o.end - o.start)
    n = len(chunks)
    i = 0
    covered = -1    # the words between a name and its title are not names themselves
    while i < n:
        c = chunks[i]
        if c.start < covered:
            i += 1
            continue
        stem = c.stem(text)
        name_chunks = None
        # Korean name: one chunk (Kiwi may misread a name as a verb form: 김창한 -> 김 + 창 + 하 + ㄴ)
        whole = text[c.start:c.end]
        if c.stem_end != c.end and c.tags[0].startswith("NNP") and all(
                t.split("+")[0] in ("NNP", "NNG", "XSV", "ETM", "XSA") for t in c.tags):
            stem = whole
        if (c.stem_end == c.end or stem == whole) and _looks_like_korean_name(stem, c.tags) and \
                stem not in L.TITLE_SET and stem not in L.PLACES:
            name_chunks = (i, i)
        # Foreign name: two or three Hangul chunks read as proper nouns (샘 올트먼, 제이슨 권, 사티아 나델라)
        foreign = None
        for k in (2, 1):
            j = i + k
            if j < n and all(chunks[x].stem_end == chunks[x].end and HANGUL.search(chunks[x].stem(text))
                             and all(t.startswith("NNP") for t in chunks[x].tags)
                             and chunks[x + 1].start - chunks[x].end == 1 and text[chunks[x].end] == " "
                             for x in range(i, j)) and all(t.startswith("NNP") for t in chunks[j].tags[:1]):
                words = [chunks[x].stem(text) for x in range(i, j + 1)]
                if all(w not in L.TITLE_SET and w not in L.PLACES and len(w) <= 6 and not _korean_full_name(w)
                       for w in words) \
                        and not any(in_org[chunks[x].start] for x in range(i, j + 1)):
                    foreign = (i, j)
                    break
        order = (foreign, name_chunks)
        if foreign and name_chunks and not any(ch in _TRANSLIT for ch in stem):
            order = (name_chunks, foreign)   # 박준서 모아랩 대표: a Korean name and a company, not one foreign name
        for cand in order:
            if cand is None:
                continue
            first, last = cand
            name_end = chunks[last].stem_end if cand is foreign else chunks[first].start + len(stem)
            if cand is foreign and chunks[last].stem_end != chunks[last].end:
                continue
            # what follows: [ORG[의]] TITLE, or TITLE directly
            pos = name_end + 1 if name_end < len(text) and text[name_end] == " " else None
            if pos is None:
                continue
            org = None
            o = org_by_start.get(pos)
            if o is not None:
                org = o
                pos = o.end
                # the organisation may be followed by a division and a parenthesis: 삼성전자 디바이스솔루션(DS) 부문장
                title = None
                for k in range(3):
                    rest = re.match(r"(?:의)?(?: [가-힣A-Za-z]{1,12}(?:\([^)]{1,15}\))?){%d} " % k, text[pos:pos + 50])
                    if rest:
                        title = _title_at(text, pos + rest.end())
                        if title:
                            pos = pos + rest.end()
                            break
            else:
                title = _title_at(text, pos)
                if title is None:   # 당시 DS 부문장: one or two words may stand between
                    for k in (1, 2):
                        mm = re.match(r"(?:[가-힣A-Za-z]{1,8}(?:\([^)]{1,15}\))? ){%d}" % k, text[pos:pos + 30])
                        t2 = _title_at(text, pos + mm.end()) if mm else None
                        if t2 and t2 not in ("기자", "특파원"):
                            title = t2
                            pos = pos + mm.end()
                            break
            if title is None:
                continue
            words = text[chunks[first].start:name_end]
            if cand is name_chunks and words in L.ORG_STOP:
                continue
            out.append(Span(chunks[first].start, name_end, words, "Person", None, "person-title", title,
                            (org.start, org.end) if org else None))
            covered = pos + len(title)
            break
        # 회사 이름 직함 (카카오 정신아 대표) and 회사의 이름 직함 (오픈AI의 샘 올트먼 CEO)
        i += 1
    # ORG [의] NAME TITLE
    found = {(s.start, s.end) for s in out}
    for o in org_spans:
        m = re.match(r"(?:의)? (?:(?:[A-Za-z]+|[가-힣A-Za-z]*(?:사업부|사업본부|부문|본부|센터|연구소|총괄|팀))\S* ){0,2}",
                     text[o.end:o.end + 40])      # LG CNS AI클라우드사업부 김태훈 부사장: division words between
        if not m:
            continue
        p = o.end + m.end()
        ci = a.chunk_at.get(p)
        if ci is None or chunks[ci].start != p:
            continue
        for k in (0, 1):
            last = ci + k
            if last >= n:
                break
            name_end = chunks[last].stem_end
            name = text[p:name_end]
            ok = (k == 0 and _looks_like_korean_name(name, chunks[ci].tags)) or (
                k == 1 and all(t.startswith("NNP") for x in (ci, last) for t in chunks[x].tags[:1])
                and chunks[ci].stem_end == chunks[ci].end and HANGUL.search(name))
            if not ok or chunks[last].stem_end != chunks[last].end or name_end + 1 >= len(text):
                continue
            title = _title_at(text, name_end + 1) if text[name_end] == " " else None
            if title and (p, name_end) in found:
                for prev in out:
                    if (prev.start, prev.end) == (p, name_end) and prev.org_span is None:
                        prev.org_span = (o.start, o.end)
                break
            if title:
                out.append(Span(p, name_end, name, "Person", None, "org-person-title", title, (o.start, o.end)))
                found.add((p, name_end))
                break
    return out


_QUOTE_RE = re.compile(r"([‘“'\"「『《])([^‘’“”'\"「」『』《》\n]{1,30}?)([’”'\"」』》])")


_RELEASED = re.compile(r"(?:공개|출시|발표|개발|선보|내놓|론칭|런칭)\w*[된한인은될할]$")
_STEM_ENDINGS = re.compile(r"(인|의|이자|이며|이라는|라는)$")


def _ends_a_sentence(a: DocAnalysis, s: int, e: int) -> bool:
    span = a.doc.char_span(s, e, alignment_mode="expand")
    return span is not None and any("EF" in t.tag_.split("+") for t in span)


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
    pattern, names = _alias_regex()
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
        if not inner or len(inner.split()) > 4 or re.search(r"[.!?,]", inner):
            continue
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
        prev_words = [_STEM_ENDINGS.sub("", w) or w for w in re.findall(r"[\w가-힣]+", before)[-2:]]
        after = re.match(r"\s*([가-힣A-Za-z]+)", text[m.end():m.end() + 15])
        after_word = after.group(1) if after else ""
        after_stem = re.sub(r"(으로|로|을|를|이|가|은|는|의|에|와|과|도)$", "", after_word)
        if after_stem in L.NOT_PRODUCT_AFTER or after_word in L.NOT_PRODUCT_AFTER:
            continue
        if prev_words and prev_words[-1] in L.EVENT_CUES:
            out.append(Span(s, e, inner, "Event", None, "quoted"))
            continue
        cue = next((w for w in reversed(prev_words) if w in L.PRODUCT_CUES), None)
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


_CODE_RE = re.compile(
    r"(?<![\w.-])((?:[A-Z][A-Za-z]{0,3}|[a-z])-?\d{1,4}(?:\.\d)?(?:[a-z]{0,2}|[A-Z](?![a-z]))"
    r"(?:[- ](?:mini|pro|max|ultra|turbo|lite|nano|flash|plus|미니|프로|맥스|울트라|터보|라이트|나노|플래시|플러스))?)"
    r"(?![A-Za-z0-9])")


def code_spans(text: str) -> list[Span]:
    """Coded product names: H100, B200, GPT-4o, o3-mini, R1, o-3 미니."""
    out = []
    for m in _CODE_RE.finditer(text):
        code = m.group(1)
        if code in L.CODE_STOP or code.upper() in L.CODE_STOP or re.fullmatch(r"[A-Za-z]\d", code) and \
                code[0] in "NSEWQHF":
            continue
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
    """텐스토렌트, 그로크 등 / 도요타, NTT, 화낙(Fanuc) 등: a proper noun listed with a known organisation
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
    from kgraph.nlp.reference import by_key
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
    place in a list or as an argument) loses to one found by a strong sign (a cue noun, a title)."""
    ordered = sorted(spans, key=lambda s: (-s.length, _RANK.get(s.source, 1), s.start))
    taken: list[tuple[int, int]] = []
    out = []
    for s in ordered:
        if any(s.start < e and b < s.end for b, e in taken):
            continue
        taken.append((s.start, s.end))
        out.append(s)
    return sorted(out, key=lambda s: s.start)


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
        if org is not None:     # 사티아 나델라 마이크로소프트(MS) CEO, 조상연 삼성전자 DS부문 미주총괄(DSA) 부사장
            for n in range(3):
                k = re.match(r"(?:\([^)]{1,15}\))?(?: [가-힣A-Za-z]{1,12}(?:\([^)]{1,15}\))?){%d} " % n,
                             text[org.end:org.end + 50])
                title = _title_at(text, org.end + k.end()) if k else None
                if title:
                    s.title, s.org_span = title, (org.start, org.end)
                    break
            continue
        before = re.search(r"(?:의)? $", text[max(0, s.start - 3):s.start])
        o = org_end.get(s.start - len(before.group())) if before else None
        title = _title_at(text, pos + 1)
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
    org_like = resolve_overlaps([s for s in ref if _coarse(s.type) == "Organization"] + orgs)
    people = person_spans(text, a, org_like) + EN.person_spans(text, org_like)
    spans = ref + orgs + people + quoted_product_spans(text, a, org_like) + code_spans(text) + \
        acronym_spans(text) + EN.product_spans(text, org_like) + EN.quoted_product_spans(text)
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

