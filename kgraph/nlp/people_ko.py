"""Korean people by the shapes Korean news uses: 이름 회사 직함, 회사 이름 직함, 이름 직함, a title that
closes a longer word (메모리사업부장), names listed before a titled name, foreign names in Hangul."""
from __future__ import annotations

import re

from kgraph.names import HANGUL
from kgraph.nlp import lexicon as L
from kgraph.nlp.chunks import DocAnalysis, Span
from kgraph.nlp.entities_ko import org_type

_NAME_PARTICLES = {"알", "엘", "반", "판", "폰", "데", "드", "디", "빈", "르", "라", "다", "도", "델", "벤"}

# Syllables common in transliterated foreign names and rare in Korean given names.
TRANSLIT = set("스슨트크드즈르브프츠티디클턴튼먼렌엘앤잭젠쿡팀톰존짐밥빌샘닐폴케캐")


def korean_full_name(word: str) -> bool:
    """A three-syllable word shaped like a Korean full name (박준서), not a transliteration (제이슨)."""
    return len(word) == 3 and word[0] in L.SURNAMES and not any(ch in TRANSLIT for ch in word)


def looks_like_korean_name(word: str, tags: list[str], titled: bool = False) -> bool:
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
            not any(ch in TRANSLIT for ch in word)     # (인프라: a loanword, not a name)
    return not any(t.split("+")[0].startswith(("V", "M", "IC")) for t in tags) or tags[0].startswith("NNP")


def title_at(text: str, pos: int) -> str | None:
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


def title_after(text: str, a: DocAnalysis, pos: int, max_between: int) -> tuple[str, int, int] | None:
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
        t = title_at(text, p)
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
        if looks_like_korean_name(name, c.tags) and (len(name) != 3 or korean_full_name(name)):
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
        if (c.stem_end == c.end or stem == whole) and looks_like_korean_name(stem, c.tags, titled=True) and \
                stem not in L.TITLE_SET and stem not in L.PLACES and not in_org[c.start] and \
                (len(stem) != 3 or korean_full_name(stem)):     # (노벡스 CTO: a transliteration, a company)
            name_chunks = (i, i)      # (구글 출신 김도윤 대표: 구글 is a company, not a name)
        # Foreign name: two or three Hangul chunks read as proper nouns (샘 올트먼, 제이슨 권, 사티아 나델라)
        foreign = None
        # both shapes need this chunk to be a bare proper noun (the test of x == i below): most are not
        bare_proper = c.stem_end == c.end and all(t.startswith("NNP") for t in c.tags)
        for k in ((2, 1) if bare_proper else ()):
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
                        title_after(text, a, chunks[j].end + 1, 1):      # (웨이브원 공동 CEO)
                    continue    # 나단 코벨 루미나텍 CEO: two words of name and a company (but 라시드 알 하미르 장관)
                if all(w not in L.TITLE_SET and w not in L.PLACES and len(w) <= 6 and not korean_full_name(w)
                       and org_type(w) is None
                       for w in words) \
                        and not any(in_org[chunks[x].start] for x in range(i, j + 1)):
                    foreign = (i, j)
                    break
        order = (foreign, name_chunks)
        if foreign and name_chunks and len(stem) >= 3 and not any(ch in TRANSLIT for ch in stem):
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
                found_title = title_after(text, a, pos + 1, 3) if text[pos:pos + 1] == " " else None
                if found_title is not None:
                    title, _, tend = found_title
                    pos = tend - len(title)
            else:
                # 당시 DS 부문장, 청람항공 부회장, 메모리사업부장: words may stand between, the title may close a word
                # a name Kiwi read as a common noun (문가온) takes a title right after it, or after one word
                weak = cand is name_chunks and not looks_like_korean_name(stem, c.tags)
                found_title = title_after(text, a, pos, 2 if weak else 3)
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
            ok = (k == 0 and looks_like_korean_name(name, chunks[ci].tags)) or (
                k == 1 and all(t.startswith("NNP") for x in (ci, last) for t in chunks[x].tags[:1])
                and chunks[ci].stem_end == chunks[ci].end and HANGUL.search(name))
            if not ok or chunks[last].stem_end != chunks[last].end or name_end + 1 >= len(text):
                continue
            title = title_at(text, name_end + 1) if text[name_end] == " " else None
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
            if ci is None or chunks[ci].start != st or not korean_full_name(w) or \
                    not looks_like_korean_name(w, chunks[ci].tags) or (st, st + len(w)) in found or \
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
                 (all(t.startswith("NN") for t in c0.tags) and any(ch in TRANSLIT for ch in c0.stem(text)))) and \
                chunks[ci + 1].tags[0].startswith("NNP") and \
                HANGUL.search(c0.stem(text)) and HANGUL.search(chunks[ci + 1].stem(text)) and \
                any(ch in TRANSLIT for ch in c0.stem(text) + chunks[ci + 1].stem(text)) and \
                not strong_org[chunks[ci + 1].start] and not strong_org[c0.start]:
            cand = (p, chunks[ci + 1].stem_end)          # a foreign name of two words
        elif korean_full_name(c0.stem(text)) and looks_like_korean_name(c0.stem(text), c0.tags) and \
                c0.tags[0].startswith("NNP") and not strong_org[c0.start]:
            cand = (p, c0.stem_end)
        if cand is None or cand in found or any(o.start < cand[1] and cand[0] < o.end for o in out):
            continue
        e = cand[1]
        if text[e:e + 1] == " " and title_after(text, a, e + 1, 2):
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
                not looks_like_korean_name(m.group("name"), chunks[ci].tags):
            continue
        out.append(Span(p, o.end + m.end("name"), m.group("name"), "Person", None, "org-paren-person",
                        m.group("title"), (o.start, o.end)))
    return out + extra_orgs
