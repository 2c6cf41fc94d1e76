"""Boilerplate removal and metadata found in article text.

The rules are general: navigation words, weather widgets, share buttons, copyright
lines and comment sections look the same across Korean news sites; repeated lines
(photo captions, headlines shown twice) are kept once. The cleaned text is what
evidence offsets refer to, so it is built once here and stored with the document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kgraph.datafiles import DATA, table, words
from kgraph.errors import KgraphError
from kgraph.sources.dates import find_published
from kgraph.sources.dates import rules as date_rules

# Whole lines that are site navigation or widgets, never article text.
NAV_LINES = {
    "컨텐츠로 건너뛰기", "콘텐츠로 건너뛰기", "본문 바로가기", "본문으로 바로가기", "검색", "섹션", "원문보기", "메뉴",
    "전체메뉴", "로그인", "로그아웃", "회원가입", "구독", "구독하기", "공유", "공유하기", "기사 공유", "닫기", "close",
    "관련기사", "관련 기사", "많이 본 뉴스", "인기 기사", "페이스북", "트위터", "카카오톡", "카카오스토리", "네이버 블로그",
    "스크랩", "인쇄", "프린트", "글자크기", "글씨크기", "좋아요", "추천", "url 복사", "링크 복사", "기사 저장",
    "skip to content", "skip to main content", "search", "menu", "share", "print", "related articles", "subscribe",
    "sign in", "log in", "advertisement", "광고", "top", "맨 위로", "이전", "다음", "목록", "홈", "home",
}
_NAV_SUFFIX = re.compile(r"^.{0,20}(언론사 이미지|언론사 로고|로고 이미지)$")
_WEATHER = re.compile(
    r"^\S{0,6}\s*(맑음|흐림|구름\s*많음|구름\s*조금|비|눈|소나기|안개|황사|sunny|cloudy|rain|snow)\s*/\s*[-+]?\d+(\.\d+)?\s*°\s*[CF]?$",
    re.I)
_COPYRIGHT = re.compile(r"무단\s*전재|재배포\s*금지|copyright|all rights reserved|ⓒ|©", re.I)
_COMMENT_START = re.compile(
    r"(댓글 안에|총\s*\d+\s*건의\s*(의견|댓글)|댓글\s*운영\s*원칙|운영원칙을 적용|^댓글\s*\d*\s*$|^\d+\s*comments?$|^comments$)",
    re.I)
_MD_MARKUP = [
    (re.compile(r"<br\s*/?>", re.I), ""),
    (re.compile(r"\*\*(.+?)\*\*"), r"\1"),
    (re.compile(r"__(.+?)__"), r"\1"),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"^\s{0,3}#{1,6}\s+", re.M), ""),
    (re.compile(r"^\s{0,3}[-*+]\s+", re.M), ""),
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),
    (re.compile(r"`([^`]*)`"), r"\1"),
]

_COPYRIGHT_OWNER = re.compile(
    r"(?:저작권자\s*(?:copyright\s*)?[ⓒ©]?\s*|copyright\s*[ⓒ©]?\s*(?:\d{4}\s*)?|[ⓒ©]\s*(?:\d{4}\s*)?)"
    r"(?:\(?\s*(?:주)\s*\)?)?\s*([^\s,.<>()]{2,30}(?:\s[A-Z][\w&]*)?)", re.I)


@dataclass
class Cleaned:
    text: str
    title: str | None = None
    publisher: str | None = None
    byline: list[str] = field(default_factory=list)
    published: str | None = None
    dateline: str | None = None       # the place a byline names ("라스베이거스(미국)=홍길동 기자"), never the publisher


def strip_markdown(text: str) -> str:
    """Plain text from markdown: emphasis, headings, bullets, links and images removed."""
    for pattern, repl in _MD_MARKUP:
        text = pattern.sub(repl, text)
    return text


def is_boilerplate(line: str) -> bool:
    """A line that is site chrome rather than article text."""
    s = line.strip()
    low = s.casefold()
    if low in NAV_LINES or _NAV_SUFFIX.match(s) or _WEATHER.match(s):
        return True
    if _COPYRIGHT.search(s) and len(s) < 120:
        return True
    return False


def find_metadata(lines: list[str]) -> tuple[str | None, list[str], str | None]:
    """Publisher (from a copyright line), reporters and publication date named in the raw lines; the
    bylines themselves are read by clean_text, which also takes them out of the text."""
    publisher = None
    for line in lines:
        s = line.strip()
        if publisher is None and _COPYRIGHT.search(s):
            c = _COPYRIGHT_OWNER.search(s)
            if c and c.group(1).casefold() not in {"copyright", "all"}:
                publisher = c.group(1).strip()
    found = find_published(lines)
    return publisher, [], found.date if found else None


# ------------------------------------------------------------------------------------ bylines, headline
BYLINE_RULES = "common/bylines.tsv"
TOP_LINES = 12          # prefix bylines and outlet lines are read in the first lines of the article
HEADLINE_CHARS = 150    # a longer first line is story text, not a headline
_KO_NAMES = r"[가-힣]{2,4}(?:\s*[·,/]\s*[가-힣]{2,4})*"
_EN_NAME = r"[A-Z][a-z]+(?:[ -](?:[A-Z][a-z'.]+|de|van|von|da))*[ -][A-Z][a-z'.]+"
_EN_NAMES = _EN_NAME + r"(?:(?:\s*,\s*|,?\s+and\s+)" + _EN_NAME + ")*"
_SENTENCE_END_KO = re.compile(r"(?:[다요죠]|니다)\s*[.!?][\"'”’)]*$")


@dataclass(frozen=True)
class _BylineRules:
    prefix: tuple[tuple[str, re.Pattern], ...]
    suffix: tuple[tuple[str, re.Pattern], ...]
    line: tuple[tuple[str, re.Pattern], ...]
    outlet: tuple[tuple[str, re.Pattern], ...]
    caption: tuple[tuple[str, re.Pattern], ...]
    places: frozenset[str]
    not_outlet: frozenset[str]


@lru_cache(maxsize=1)
def byline_rules() -> _BylineRules:
    """The compiled rules of kgraph/data/common/bylines.tsv; a bad one is an error naming its file and id."""
    rows = table(BYLINE_RULES, 3)
    reporter = "|".join(p for _, kind, p in rows if kind == "reporter") or "기자"
    fill = {"{NAMES}": _KO_NAMES, "{REPORTER}": f"(?:{reporter})", "{EN_NAMES}": _EN_NAMES}
    out: dict[str, list] = {"prefix": [], "suffix": [], "line": [], "outlet": [], "caption": []}
    places, not_outlet = set(words("common/places.txt")), set()
    for rule_id, kind, pattern in rows:
        if kind == "reporter":
            continue
        if kind in ("place", "not-outlet"):
            (places if kind == "place" else not_outlet).update(w.strip() for w in pattern.split("|") if w.strip())
            continue
        if kind not in out:
            raise KgraphError(f"{DATA / BYLINE_RULES}: rule {rule_id}: unknown kind {kind!r} "
                              "(reporter, prefix, suffix, line, outlet, place, not-outlet or caption)")
        for key, value in fill.items():
            pattern = pattern.replace(key, value)
        try:
            out[kind].append((rule_id, re.compile(pattern)))
        except re.error as err:
            raise KgraphError(f"{DATA / BYLINE_RULES}: rule {rule_id}: bad pattern: {err}") from None
    return _BylineRules(tuple(out["prefix"]), tuple(out["suffix"]), tuple(out["line"]), tuple(out["outlet"]), tuple(out["caption"]),
                        frozenset(places), frozenset(not_outlet))


@dataclass
class Byline:
    """What the bylines of an article said: reporters, outlet and dateline place, and the rules that read them."""

    names: list[str] = field(default_factory=list)
    outlet: str | None = None
    place: str | None = None
    rules: list[str] = field(default_factory=list)

    def add(self, rule_id: str, m: re.Match, r: _BylineRules) -> None:
        g = m.groupdict()
        self.rules.append(rule_id)
        for name in re.split(r"\s*(?:[·,/]|\band\b)\s*", g.get("names") or ""):
            if name.strip() and name.strip() not in self.names:
                self.names.append(name.strip())
        place, outlet = (g.get("place") or "").strip(), (g.get("outlet") or "").strip()
        if outlet and _is_place(outlet, r):
            place, outlet = place or outlet, ""
        if place and self.place is None:
            self.place = place
        if outlet and outlet not in r.not_outlet and self.outlet is None:
            self.outlet = outlet


def _is_place(word: str, r: _BylineRules) -> bool:
    """바르셀로나, 라스베이거스(미국), 서울: a dateline's place (its country in parentheses counts too)."""
    base = re.sub(r"\s*\(([^()]*)\)$", "", word)
    country = re.search(r"\(([^()]*)\)$", word)
    return base in r.places or (country is not None and country.group(1).strip() in r.places)


def _byline_line(s: str, r: _BylineRules) -> tuple[str, re.Match] | None:
    for rule_id, pattern in r.line:
        m = pattern.fullmatch(s)
        if m:
            return rule_id, m
    return None


def _byline_prefix(s: str, r: _BylineRules) -> tuple[str, re.Match] | None:
    for rule_id, pattern in r.prefix:
        m = pattern.match(s)
        if m and m.end() > 0:
            return rule_id, m
    return None


def _byline_suffix(s: str, r: _BylineRules) -> tuple[str, re.Match] | None:
    for rule_id, pattern in r.suffix:
        m = pattern.search(s)
        if m and m.start() > 0:
            return rule_id, m
    return None


def is_caption(line: str) -> bool:
    """A photo caption (▲…, …/뉴스1, [사진=…], (왼쪽부터) …): story text, but never the headline."""
    return any(p.fullmatch(line) for _, p in byline_rules().caption)


def _date_only(line: str) -> bool:
    """A line that only prints a date (입력 2025.01.02 18:10, 2025.01.02 09:44:50, May 2, 2025 / 10:15 IST)."""
    if len(line) > 60 or find_published([line]) is None:
        return False
    r = date_rules()
    rest = line
    for _, pattern in (*r.forms, *r.labels, *r.later):     # the date and its label (dates.tsv)
        rest = pattern.sub(" ", rest)
    rest = re.sub(r"\b(?:\d{1,2}:\d{2}(?::\d{2})?|AM|PM|[A-Z]{3})\b|[\d\W_]", "", rest)   # time, zone, punctuation
    return len(rest) <= 2


_FIRST_SENTENCE = re.compile(r".+?(?:(?:[다요죠]|니다)[.!?]|[a-z0-9)%][.!?])[\"'”’)]*(?=\s|$)")


def headline(kept: list[str]) -> str | None:
    """The title an article prints: the first line that is not a caption or a date, when it is short and
    not a sentence of the story (Korean story sentences end in 다. and the like); when the article opens
    with its story instead, its first sentence if that is short enough, whole; else None."""
    for ln in kept:
        t = re.sub(r"^[▶►▷■□●◆◇\-*#•·\s]+", "", ln).strip()
        if not t or is_caption(t) or _date_only(t):
            continue
        labelled = re.match(r"(?i)date\s*[:：]?\s*(?:19|20)\d\d[-./]\d{1,2}[-./]\d{1,2}\s+", t)
        if labelled:                     # "date 2025-09-02 Headline or story": a scraper's date label
            t = t[labelled.end():]
        if len(t) < 6 and " " not in t:  # a name or a word left of a line broken mid-sentence
            return None
        if len(t) <= HEADLINE_CHARS and not _SENTENCE_END_KO.search(t):
            return t
        first = _FIRST_SENTENCE.match(t)
        return first.group() if first and len(first.group()) <= HEADLINE_CHARS else None
    return None


def clean_text(raw: str, *, markdown: bool = False) -> Cleaned:
    """Cleaned article text and the metadata found while cleaning. Bylines (kgraph/data/common/bylines.tsv)
    are taken out of the text, whole lines anywhere and prefixes of the first lines, so their reporters are
    never names of the story; the text left is what evidence offsets refer to."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if markdown:
        text = strip_markdown(text)
    lines = [ln.rstrip() for ln in text.split("\n")]
    publisher, _, published = find_metadata(lines)
    r = byline_rules()
    by = Byline()
    outlet_line = None
    # A comment section runs to the end of the page: cut from its first marker if it is
    # past the first third of the page (an article body does not start with one).
    cut = len(lines)
    for i, ln in enumerate(lines):
        if i > len(lines) // 3 and _COMMENT_START.search(ln.strip()):
            cut = i
            break
    kept: list[str] = []
    seen: set[str] = set()
    top = 0                                  # non-empty lines read so far
    for ln in lines[:cut]:
        s = ln.strip()
        if not s:
            if kept and kept[-1] != "":
                kept.append("")
            continue
        top += 1
        if is_boilerplate(s) or s in {"<", ">"}:
            continue
        hit = _byline_line(s, r)
        if hit:
            by.add(hit[0], hit[1], r)
            continue
        hit = _byline_suffix(s, r)
        if hit:
            by.add(hit[0], hit[1], r)
            s = s[:hit[1].start()].rstrip()
        if top <= TOP_LINES:
            hit = _byline_prefix(s, r)
            if hit:
                by.add(hit[0], hit[1], r)
                s = s[hit[1].end():].strip()
                if not s:
                    continue
            if any(p.fullmatch(s) for _, p in r.outlet):
                outlet_line = outlet_line or s
                continue
        key = re.sub(r"\s+", " ", s)
        if key in seen:   # photo captions and headlines printed twice: keep the first
            continue
        seen.add(key)
        kept.append(re.sub(r"[ \t]+", " ", s))
    while kept and kept[-1] == "":
        kept.pop()
    return Cleaned("\n".join(kept), headline(kept), by.outlet or outlet_line or publisher, by.names, published,
                   by.place)


_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile("[A-Za-z]")


def detect_language(text: str) -> str:
    """ko, en or und, by the share of Hangul among letters (counted by regex: a loop over the
    characters cost a millisecond an article in the process that writes the store)."""
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    letters = hangul + latin
    if letters == 0:
        return "und"
    if hangul / letters >= 0.2:
        return "ko"
    if latin / letters >= 0.6:
        return "en"
    return "und"
