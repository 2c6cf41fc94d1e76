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

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

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
    chunk_at: dict[int, int]          # char offset -> chunk index, for chunk starts and inside
    spans: list[Span] = field(default_factory=list)
    text: str = ""                    # doc.text, computed once (spaCy rebuilds it from every token per call)


def make_chunks(doc: Doc) -> tuple[list[Chunk], dict[int, int]]:
    """Whitespace-delimited chunks (eojeol) of tokens, with where the stem ends (before endings)."""
    words, tags, spaces = doc.user_data.get("kg_tokens") or (
        [t.text for t in doc], [t.tag_ for t in doc], [bool(t.whitespace_) for t in doc])
    chunks: list[Chunk] = []
    cur: list[int] = []
    idx: list[int] = []
    pos = 0
    for w, sp in zip(words, spaces):
        idx.append(pos)
        pos += len(w) + (1 if sp else 0)

    def close() -> None:
        if not cur:
            return
        last = cur[-1]
        end = idx[last] + len(words[last])
        stem_end = end
        for j, i in enumerate(cur):
            if j > 0 and tags[i].split("+")[0].startswith(ENDING_PREFIXES):
                stem_end = idx[i]
                break
        chunks.append(Chunk(idx[cur[0]], end, stem_end, [tags[i] for i in cur], cur[0]))
        cur.clear()

    for i, (w, tag, sp) in enumerate(zip(words, tags, spaces)):
        if tag in BREAK_TAGS or w.isspace():
            close()
            continue
        cur.append(i)
        if sp:
            close()
    close()
    chunk_at: dict[int, int] = {}
    for i, c in enumerate(chunks):
        for k in range(c.start, c.end):
            chunk_at[k] = i
    return chunks, chunk_at


# ---------------------------------------------------------------------------------------- reference
@lru_cache(maxsize=1)
def _alias_regex() -> tuple[re.Pattern, dict[str, list[RefEntity]]]:
    names: dict[str, list[RefEntity]] = {}
    for e in reference_entities():
        for n in e.names:
            if len(n) >= 2 or HANGUL.search(n):
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
        if t.idx != end:                   # the match ends inside a token: Kiwi reads one longer word
            return False
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
def _org_type(stem: str) -> str | None:
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
        if prev.stem(text) not in L.ORG_CUES or prev.end != prev.stem_end or c.start - prev.end != 1:
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
                        and not any(s.start <= chunks[x].start < s.end for s in org_spans for x in range(i, j + 1)):
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
        m = re.match(r"(?:의)? ", text[o.end:o.end + 2])
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


def quoted_product_spans(text: str, a: DocAnalysis, org_spans: list[Span]) -> list[Span]:
    """Quoted names next to product nouns: AI 서비스 ‘카나나’, 딥시크 ‘R1’, ‘카나나’ 서비스."""
    out = []
    org_ends = {s.end for s in org_spans}
    for m in _QUOTE_RE.finditer(text):
        if QUOTES.get(m.group(1)) != m.group(3):
            continue
        inner = re.sub(r"\s*\([^)]*\)$", "", m.group(2)).strip()
        if not inner or len(inner.split()) > 4 or re.search(r"[.!?,]|[다요]$", inner):
            continue
        s = m.start(2) + (len(m.group(2)) - len(m.group(2).lstrip()))
        e = s + len(inner)
        before = text[max(0, m.start() - 30):m.start()]
        prev_words = re.findall(r"[\w가-힣]+", before)[-2:]
        after = re.match(r"\s*([가-힣A-Za-z]+)", text[m.end():m.end() + 15])
        after_word = after.group(1) if after else ""
        after_stem = re.sub(r"(으로|로|을|를|이|가|은|는|의|에|와|과|도)$", "", after_word)
        if after_stem in L.NOT_PRODUCT_AFTER or after_word in L.NOT_PRODUCT_AFTER:
            continue
        cls = None
        if prev_words and any(w in L.EVENT_CUES or re.sub(r"(인|의)$", "", w) in L.EVENT_CUES
                              for w in prev_words[-1:]):
            out.append(Span(s, e, inner, "Event", None, "quoted"))
            continue
        cue = next((w for w in reversed(prev_words) if w in L.PRODUCT_CUES), None)
        if cue is None and after_stem in L.PRODUCT_CUES:
            cue = after_stem
        org_before = (m.start() - 1 in org_ends and text[m.start() - 1] == " ") or m.start() in org_ends
        org_possessive = re.search(r"의\s+(?:[가-힣A-Za-z]+\s+){0,2}$", before) is not None and \
            any(before.rstrip().endswith(x) for x in L.PRODUCT_CUES)
        if cue is None and not org_before and not org_possessive:
            continue
        cls = L.PRODUCT_CLASS.get(cue or "", "Product")
        out.append(Span(s, e, inner, cls, None, "quoted"))
    return out


_CODE_RE = re.compile(
    r"(?<![\w.-])((?:[A-Z][A-Za-z]{0,3}|[a-z])-?\d{1,4}(?:\.\d)?[a-z]{0,2}"
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


_EN_NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}"
_EN_PERSON_RES = [
    re.compile(r"(?P<org>[A-Z][\w&.]*(?: [A-Z][\w&.]*){0,2})(?:'s)? (?P<title>CEO|CTO|CFO|COO|chief executive|"
               r"president|chairman|founder|co-founder) (?P<name>" + _EN_NAME + ")"),
    re.compile(r"(?P<name>" + _EN_NAME + r"), (?:the )?(?P<title>CEO|CTO|CFO|COO|chief executive(?: officer)?|"
               r"president|chairman|founder|co-founder|head) of (?P<org>[A-Z][\w&.]*(?: [A-Z][\w&.]*){0,2})"),
    re.compile(r"(?P<title>CEO|CTO|CFO|COO|Chairman|President|Minister|founder) (?P<name>" + _EN_NAME + ")"),
]
_EN_ORG_RE = re.compile(r"(?<![\w])([A-Z][\w&]*(?: [A-Z][\w&]*){0,3} (?:Inc\.?|Corp\.?|Corporation|Ltd\.?|Labs|"
                        r"Technologies|Holdings|Group|Capital|Ventures|Partners|Systems|Robotics|Semiconductor|"
                        r"University|Institute|Foundation|Bank))(?![\w])")


def english_spans(text: str) -> list[Span]:
    """English: organisation names by their endings, people next to titles."""
    out = [Span(m.start(1), m.end(1), m.group(1), "Company", None, "en-org") for m in _EN_ORG_RE.finditer(text)]
    for i, rx in enumerate(_EN_PERSON_RES):
        for m in rx.finditer(text):
            name = m.group("name")
            org = None
            if "org" in m.groupdict() and m.group("org"):
                org = (m.start("org"), m.end("org"))
            out.append(Span(m.start("name"), m.end("name"), name, "Person", None, "en-person",
                            m.group("title"), org))
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


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Longest span wins; at equal length a reference name, then a person, wins."""
    rank = {"reference": 0}
    ordered = sorted(spans, key=lambda s: (-s.length, rank.get(s.source, 1), s.start))
    taken: list[tuple[int, int]] = []
    out = []
    for s in ordered:
        if any(s.start < e and b < s.end for b, e in taken):
            continue
        taken.append((s.start, s.end))
        out.append(s)
    return sorted(out, key=lambda s: s.start)


def find_spans(doc: Doc) -> DocAnalysis:
    """All candidate mentions of a document, overlaps resolved (linking comes after)."""
    text = doc.user_data.get("kg_text") or doc.text    # set by the Kiwi tokenizer, which keeps the input
    chunks, chunk_at = make_chunks(doc)
    a = DocAnalysis(doc, chunks, chunk_at, text=text)
    ref = reference_spans(text, doc)
    orgs = org_shape_spans(text, a) + org_cue_spans(text, a) + argument_spans(text, a)
    org_like = [s for s in ref if s.type not in ("Person",) and _coarse(s.type) == "Organization"] + orgs
    org_like = resolve_overlaps(org_like)
    people = person_spans(text, a, org_like)
    spans = ref + orgs + people + quoted_product_spans(text, a, org_like) + code_spans(text) + \
        acronym_spans(text) + english_spans(text)
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
    titled = {(s.start, s.end): s for s in spans if s.title}
    for s in spans:
        t = titled.get((s.start, s.end))
        if t is not None and t is not s and s.source == "reference":
            s.title, s.org_span = t.title, t.org_span
    spans = [s for s in spans if not (s.title and s.source != "reference" and
                                      any(r.source == "reference" and (r.start, r.end) == (s.start, s.end)
                                          for r in spans))]
    spans = resolve_overlaps(spans)
    spans += [p for p in parenthesis_alias_spans(text, spans)
              if not any(p.start < s.end and s.start < p.end for s in spans)]
    spans += maker_prefix_spans(text, spans)
    a.spans = sorted(spans, key=lambda s: s.start)
    return a

