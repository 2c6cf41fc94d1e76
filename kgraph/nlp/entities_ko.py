"""Korean names that are in no list: organisation shapes (…전자, …은행, …부) and cue nouns, names that
are arguments of partnership words, people by the shapes Korean news uses (이름 회사 직함, 회사 이름
직함, 이름 직함), and quoted names next to product nouns."""
from __future__ import annotations

import re

from kgraph.model import coarse as _coarse
from kgraph.names import HANGUL
from kgraph.nlp import lexicon as L
from kgraph.nlp.chunks import ENDING_PREFIXES, QUOTES, DocAnalysis, Span
from kgraph.nlp.reference_names import alias_pattern

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


# Particles inside foreign names (라시드 알 하미르, 빈센트 반 데르): a three-word name has one in the middle.
_NAME_PARTICLES = {"알", "엘", "반", "판", "폰", "데", "드", "디", "빈", "르", "라", "다", "도", "델", "벤"}

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


def _looks_like_korean_name(word: str, tags: list[str], titled: bool = False) -> bool:
    if not (2 <= len(word) <= 4) or not all("\uac00" <= ch <= "\ud7a3" for ch in word):
        return False
    if not (word[0] in L.SURNAMES or word[:2] in L.SURNAMES):
        return False
    if len(word) == 4 and word[:2] not in L.SURNAMES:
        return False      # 전략사업, 한국총괄: four syllables are a name only with a two-syllable surname (남궁, 제갈)
    if all(t.startswith("NNG") for t in tags) and word[-1] in "팀실과부단국처청":
        return False      # 기획팀, 전산학과: a unit of an organisation
    # a single dictionary common noun (경영진, 관계자) is not a name; Kiwi reads names as NNP or splits them,
    # but reads some three-syllable names as one common noun (문가온): with a title next to it, a
    # three-syllable word that does not end like a noun of people (관계자, 전문가, 임원들) is taken
    if len(tags) == 1 and tags[0].startswith("NNG"):
        return titled and len(word) == 3 and word[-1] not in "자가들님측진원층인해" and word not in L.ORG_STOP and \
            not any(ch in _TRANSLIT for ch in word)     # (인프라: a loanword, not a name)
    return not any(t.split("+")[0].startswith(("V", "M", "IC")) for t in tags) or tags[0].startswith("NNP")


def _title_at(text: str, pos: int) -> str | None:
    """The job title starting at `pos` (after optional spaces), if any."""
    for t in L.TITLES:
        if text.startswith(t, pos):
            after = text[pos + len(t): pos + len(t) + 1]
            if not after or not (after.isascii() and after.isalnum()):
                return t
    return None


def _compound_title_at(text: str, a: DocAnalysis, pos: int) -> tuple[str, int] | None:
    """A title closing the word at `pos` (메모리사업부장, 해솔시장, 최고데이터·콘텐츠책임자), or a title in the
    parenthesis right after it (담당임원(상무), 경영지원부문장(부사장)): (title, where the title ends)."""
    ci = a.chunk_at.get(pos)
    if ci is None or a.chunks[ci].start != pos:
        return None
    c = a.chunks[ci]
    word_end = c.stem_end
    # a word joined by · or / to the next (데이터·콘텐츠책임자, 전남/전북법인고객본부장) is one word
    while word_end < len(text) and text[word_end] in "·/" and ci + 1 < len(a.chunks) and \
            a.chunks[ci + 1].start == word_end + 1:
        ci += 1
        word_end = a.chunks[ci].stem_end
    stem = text[pos:word_end]
    paren = re.match(r"\(([^()\s]{1,12})\)", text[word_end:word_end + 14])
    if paren and paren.group(1) in L.TITLE_SET and paren.group(1) not in L.PRESS_TITLES:
        return paren.group(1), word_end + paren.end()
    for t in L.TITLE_SUFFIXES:
        if stem.endswith(t) and len(stem) > len(t):
            return t, word_end
    if re.search(r"[A-Z0-9]장$", stem):      # DTX CIC장, AX장: a unit's acronym and 장
        return "장", word_end
    acro = re.match(r"\([A-Za-z0-9&]{2,10}\)장", text[word_end:word_end + 14])
    if acro and HANGUL.search(stem):         # 국가정보센터(NIC)장: the unit, its acronym, and 장
        return "장", word_end + acro.end()
    return None


_BETWEEN_WORD = r"(?:㈜|\(주\))?[가-힣A-Za-z0-9&.+-]{1,15}(?:[·/][가-힣A-Za-z0-9&.+-]{1,15})*(?:㈜|\(주\))?(?:\([^()\n]{1,15}\))?"


def _title_after(text: str, a: DocAnalysis, pos: int, max_between: int) -> tuple[str, int, int] | None:
    """The job title after a name: at `pos`, or after up to `max_between` words (a company, a division, a
    place: 이름 네오비전 대표, 이름 시스템LSI사업부 센서사업팀 부사장), whole (대표) or closing a longer word
    (메모리사업부장). Returns (title, start of the word holding it, end of the title)."""
    for k in range(max_between + 1):
        m = re.match(r"(?:%s ){%d}" % (_BETWEEN_WORD, k), text[pos:pos + 100])
        if m is None:
            return None
        p = pos + m.end()
        if k and any(w in L.PRESS_TITLES for w in m.group().split()):
            return None
        t = _title_at(text, p)
        if t and not (k and (t in L.PRESS_TITLES or t == "시장")):   # 이름 … AI 칩 시장: a market
            return t, p, p + len(t)
        ct = _compound_title_at(text, a, p)
        if ct:
            return ct[0], p, ct[1]
    return None


_UNIT_WORD = re.compile(r"(?:사업부|사업본부|본부|부문|센터|연구소|연구원|총괄|팀|실|담당|그룹|법인|지사|CIC|출신|당시|전|현|신임|"
                        r"前|現)$")


def _org_between(text: str, a: DocAnalysis, start: int, end: int, extra: list[Span]) -> Span | None:
    """이름 청람항공 부회장, 이름 ㈜모아데이터 대표이사: the proper noun right after a person's name and before
    the title is the organisation (finder "person-org"); a division word or a common noun is not."""
    m = re.match(r"(㈜|\(주\))?([가-힣A-Za-z0-9&.+-]{2,20}?)(㈜|\(주\))?(?=[\s(·/]|$)", text[start:end])
    if not m:
        return None
    name = m.group(2)
    s = start + m.start(2)
    marked = bool(m.group(1) or m.group(3))
    if not marked:
        ci = a.chunk_at.get(s)
        if ci is None or a.chunks[ci].start != s or a.chunks[ci].stem_end != s + len(name):
            return None
        c = a.chunks[ci]
        if not all(t.split("+")[0].startswith(("NNP", "SL", "SN")) for t in c.tags) or \
                name in L.PLACES or name in L.GENERIC_ACRONYMS or name in L.ORG_STOP or name in L.TITLE_SET or \
                _UNIT_WORD.search(name) or name.isdigit() or (name.isascii() and len(name) < 2):
            return None
        if _looks_like_korean_name(name, c.tags) and (len(name) != 3 or _korean_full_name(name)):
            return None
    sp = Span(s, s + len(name), name, "Company", None, "person-org")
    extra.append(sp)
    return sp


def person_spans(text: str, a: DocAnalysis, org_spans: list[Span]) -> list[Span]:
    """People by the shapes of Korean news: 이름 [회사] 직함, 회사[의] 이름 직함, foreign names in NNP runs."""
    out = []
    extra_orgs: list[Span] = []
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
        if (c.stem_end == c.end or stem == whole) and _looks_like_korean_name(stem, c.tags, titled=True) and \
                stem not in L.TITLE_SET and stem not in L.PLACES and not in_org[c.start] and \
                (len(stem) != 3 or _korean_full_name(stem)):     # (노벡스 CTO: a transliteration, a company)
            name_chunks = (i, i)      # (구글 출신 김도윤 대표: 구글 is a company, not a name)
        # Foreign name: two or three Hangul chunks read as proper nouns (샘 올트먼, 제이슨 권, 사티아 나델라)
        foreign = None
        for k in (2, 1):
            j = i + k
            # a particle of a foreign name (알, 반) and the word after it may be read as anything
            particle = k == 2 and j < n and chunks[i + 1].stem(text) in _NAME_PARTICLES
            if j < n and all(chunks[x].stem_end == chunks[x].end and HANGUL.search(chunks[x].stem(text))
                             and (all(t.startswith("NNP") for t in chunks[x].tags) or (particle and x == i + 1))
                             and chunks[x + 1].start - chunks[x].end == 1 and text[chunks[x].end] == " "
                             for x in range(i, j)) and (all(t.startswith("NNP") for t in chunks[j].tags[:1]) or (
                                 particle and all(t.startswith(("NNP", "NNG")) for t in chunks[j].tags)
                                 and len(chunks[j].stem(text)) >= 2)):
                words = [chunks[x].stem(text) for x in range(i, j + 1)]
                if k == 2 and words[1] not in _NAME_PARTICLES and j + 1 < n and chunks[j].stem_end == chunks[j].end and \
                        text[chunks[j].end:chunks[j].end + 1] == " " and \
                        _title_after(text, a, chunks[j].end + 1, 1):      # (웨이브원 공동 CEO)
                    continue    # 나단 코벨 루미나텍 CEO: two words of name and a company (but 라시드 알 하미르 장관)
                if all(w not in L.TITLE_SET and w not in L.PLACES and len(w) <= 6 and not _korean_full_name(w)
                       and _org_type(w) is None
                       for w in words) \
                        and not any(in_org[chunks[x].start] for x in range(i, j + 1)):
                    foreign = (i, j)
                    break
        order = (foreign, name_chunks)
        if foreign and name_chunks and len(stem) >= 3 and not any(ch in _TRANSLIT for ch in stem):
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
                paren = re.match(r"\([^()]{1,15}\)", text[pos:pos + 17])
                pos += paren.end() if paren else 0
                pos += 1 if text[pos:pos + 1] == "의" else 0
                found_title = _title_after(text, a, pos + 1, 3) if text[pos:pos + 1] == " " else None
                if found_title is not None:
                    title, _, tend = found_title
                    pos = tend - len(title)
            else:
                # 당시 DS 부문장, 청람항공 부회장, 메모리사업부장: words may stand between, the title may close a word
                # a name Kiwi read as a common noun (문가온) takes a title right after it, or after one word
                weak = cand is name_chunks and not _looks_like_korean_name(stem, c.tags)
                found_title = _title_after(text, a, pos, 2 if weak else 3)
                title = None
                if found_title is not None:
                    title, tpos, tend = found_title
                    if title == "장":       # 한 사람 DTX CIC장: the unit before 장 is a division
                        u = re.search(r"[A-Z][A-Za-z0-9&]*(?: [A-Z][A-Za-z0-9&]*)+$", text[pos:tend - 1])
                        if u:
                            org = Span(pos + u.start(), tend - 1, u.group(), "Division", None, "person-unit")
                            extra_orgs.append(org)
                        u = re.search(r"([가-힣A-Za-z0-9]{2,20})\([A-Za-z0-9&]{2,10}\)$", text[pos:tend - 1])
                        if u:      # 국가정보센터(NIC)장: the unit is an organisation, its acronym an alias
                            org = Span(pos + u.start(1), pos + u.end(1), u.group(1), "Organization", None,
                                       "person-unit")
                            extra_orgs.append(org)
                    elif tpos > pos:
                        org = _org_between(text, a, pos, tpos, extra_orgs)
                    pos = tend - len(title)
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
                     text[o.end:o.end + 40])      # 한빛전자 AI플랫폼사업부 박준서 부사장: division words between
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
    # 김도윤, 박서준 각자 대표 / 이하늘·최다온 공동 원장: names listed before a titled name share its title
    for p0 in list(out):
        cur = p0
        for _ in range(4):
            m = re.search(r"([가-힣]{2,4})(?:, ?|·)$", text[max(0, cur.start - 7):cur.start])
            if not m:
                break
            st = cur.start - (len(text[max(0, cur.start - 7):cur.start]) - m.start(1))
            ci = a.chunk_at.get(st)
            w = m.group(1)
            if ci is None or chunks[ci].start != st or not _korean_full_name(w) or \
                    not _looks_like_korean_name(w, chunks[ci].tags) or (st, st + len(w)) in found or \
                    any(o.start <= st < o.end and o.source not in ("argument", "list-member") for o in org_spans):
                break
            cur = Span(st, st + len(w), w, "Person", None, "person-list", cur.title, cur.org_span)
            out.append(cur)
            found.add((st, st + len(w)))
    # TITLE[(ACR)][인] NAME: 아마존 창업자 제프 베이커스, 최고운영책임자(COO)인 키스 위트만 (finder title-person)
    titles_rx = "|".join(re.escape(t) for t in L.TITLES if t not in L.PRESS_TITLES)
    strong_org = bytearray(len(text) + 1)      # organisations found by more than a weak sign (argument)
    for o in org_spans:
        if o.source not in ("argument", "list-member"):
            strong_org[o.start:o.end] = b"\x01" * (o.end - o.start)
    for m in re.finditer(r"(?<![가-힣A-Za-z])(?P<title>%s)(?:\([A-Za-z]{2,5}\))?(?:인|이자)? " % titles_rx, text):
        p = m.end()
        ci = a.chunk_at.get(p)
        if ci is None or chunks[ci].start != p:
            continue
        cand = None
        c0 = chunks[ci]
        if ci + 1 < n and c0.stem_end == c0.end and chunks[ci + 1].start == c0.end + 1 and \
                (all(t.startswith("NNP") for t in c0.tags) or
                 (all(t.startswith("NN") for t in c0.tags) and any(ch in _TRANSLIT for ch in c0.stem(text)))) and \
                chunks[ci + 1].tags[0].startswith("NNP") and \
                HANGUL.search(c0.stem(text)) and HANGUL.search(chunks[ci + 1].stem(text)) and \
                any(ch in _TRANSLIT for ch in c0.stem(text) + chunks[ci + 1].stem(text)) and \
                not strong_org[chunks[ci + 1].start] and not strong_org[c0.start]:
            cand = (p, chunks[ci + 1].stem_end)          # a foreign name of two words
        elif _korean_full_name(c0.stem(text)) and _looks_like_korean_name(c0.stem(text), c0.tags) and \
                c0.tags[0].startswith("NNP") and not strong_org[c0.start]:
            cand = (p, c0.stem_end)
        if cand is None or cand in found or any(o.start < cand[1] and cand[0] < o.end for o in out):
            continue
        e = cand[1]
        if text[e:e + 1] == " " and _title_after(text, a, e + 1, 2):
            continue      # CEO 제이슨 권 CSO: the name has a title of its own after it
        words = text[cand[0]:e]
        if any(w in L.TITLE_SET or w in L.PLACES for w in words.split()):
            continue
        out.append(Span(cand[0], e, words, "Person", None, "title-person", m.group("title"), None))
        found.add(cand)
    # ORG(TITLE NAME): 모아랩스(대표 김도윤)
    for o in org_spans:
        m = re.match(r"\((?P<title>\S{1,8}) (?P<name>[가-힣]{2,4})\)", text[o.end:o.end + 20])
        if not m or m.group("title") not in L.TITLE_SET or m.group("title") in L.PRESS_TITLES:
            continue
        p = o.end + m.start("name")
        ci = a.chunk_at.get(p)
        if ci is None or chunks[ci].start != p or (p, o.end + m.end("name")) in found or \
                not _looks_like_korean_name(m.group("name"), chunks[ci].tags):
            continue
        out.append(Span(p, o.end + m.end("name"), m.group("name"), "Person", None, "org-paren-person",
                        m.group("title"), (o.start, o.end)))
    return out + extra_orgs


_QUOTE_RE = re.compile(r"([‘“'\"「『《])([^‘’“”'\"「」『』《》\n]{1,30}?)([’”'\"」』》])")


_RELEASED = re.compile(r"(?:공개|출시|발표|개발|선보|내놓|론칭|런칭)\w*[된한인은될할]$")
_STEM_ENDINGS = re.compile(r"(인|의|이자|이며|이라는|라는)$")


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
        prev_words = [_STEM_ENDINGS.sub("", w) or w for w in re.findall(r"[\w가-힣]+", before)[-2:]]
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
        kind = _latin_kind(latin) or ("Company" if _org_type(name.replace(" ", "")) else None)
        if kind == "person-shaped":
            title = _title_after(text, a, after + 1, 3) if text[after:after + 1] == " " else None
            before = text[max(0, start - 12):start]
            if title or re.search(r"(?:창업자|설립자|CEO|대표|회장|교수|박사|장관|의원|총리|대통령)(?:인|이자)? $", before):
                out.append(Span(start, end, name, "Person", None, "translit", title[0] if title else None))
                continue
            kind = None        # Rebel Quad: two capitalised words, but no person's title: other signs decide
        prev_words = [_STEM_ENDINGS.sub("", w) or w for w in re.findall(r"[\w가-힣]+", text[max(0, start - 20):start])[-2:]]
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
        if kind is None and _ARG_TRIGGER.match(text[after:after + 40]) and \
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
                not (" " not in core and (re.search(r"[A-Za-z]", w) or _org_type(w) or compound)):
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
        if _org_type(m.group(1)) is not None:
            continue      # 한빛전자2: an organisation's shape, not a product's
        out.append(Span(c.start, stem_end, stem, "Product", None, "numbered"))
    return out


# --- company names of several words: proper noun(s) and a closing word (노바스파크 게임즈)
def multiword_org_spans(text: str, a: DocAnalysis, known: list[Span]) -> list[Span]:
    """One or two proper nouns and a word that closes a company's name (data/ko/org_head_words.txt) are one
    organisation (finder multiword-org): 노바스파크 게임즈, 로웰 캐피털 매니지먼트, 노바 헬스테크놀로지,
    레이크뷰 에쿼티파트너스. A known organisation and a generic head (삼성전자 반도체) is not one."""
    heads = sorted(L.words("ko/org_head_words.txt"), key=len, reverse=True)
    generic = {"그룹", "센터", "연구소", "리서치", "랩"}      # only after a name that is no known organisation
    chunks = a.chunks
    out: list[Span] = []
    known_at = {k.start: k for k in known}
    for j, c in enumerate(chunks):
        stem = c.stem(text)
        head = next((h for h in heads if stem.endswith(h)), None)
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
                      (head not in generic and any(ch in _TRANSLIT for ch in chunks[x].stem(text)))) and
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
            if any(w0.endswith(x) for x in L.LIST_HEADS) or w0 in L.PRODUCT_CUES or w0 in heads or \
                    (_korean_full_name(w0) and _looks_like_korean_name(w0, chunks[i].tags)) or \
                    (text[end:end + 1] == " " and _title_after(text, a, end + 1, 3)):
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
                                     (_STEM_ENDINGS.sub("", prev.group(1)) in L.PRODUCT_CUES))
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
