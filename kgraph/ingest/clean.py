"""Boilerplate removal and metadata found in article text.

The rules are general: navigation words, weather widgets, share buttons, copyright
lines and comment sections look the same across Korean news sites; repeated lines
(photo captions, headlines shown twice) are kept once. The cleaned text is what
evidence offsets refer to, so it is built once here and stored with the document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kgraph.ingest.dates import find_published

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

_BYLINE_EQ = re.compile(r"[<\[(]?\s*([^\s<>\[\]=]{2,20})\s*=\s*([가-힣]{2,4}(?:\s*[·,/]\s*[가-힣]{2,4})*)\s*기자\s*[>\])]?")
_BYLINE_BRACKET = re.compile(r"^[\[(]\s*([가-힣]{2,4}(?:\s*[·,]\s*[가-힣]{2,4})*)\s*기자\s*[\])]")
_BYLINE_LINE = re.compile(r"^([가-힣]{2,4})\s*(?:기자|특파원)\s*(\S+@\S+)?\s*$")
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
    """Publisher, reporters and publication date named in the raw lines."""
    publisher, byline = None, []
    joined = "\n".join(lines)
    m = _BYLINE_EQ.search(joined)
    if m:
        publisher = m.group(1).strip("<[(")
        byline = [n.strip() for n in re.split(r"[·,/]", m.group(2)) if n.strip()]
    for line in lines:
        s = line.strip()
        if not byline:
            b = _BYLINE_BRACKET.match(s) or _BYLINE_LINE.match(s)
            if b:
                byline = [n.strip() for n in re.split(r"[·,]", b.group(1)) if n.strip()]
        if publisher is None and _COPYRIGHT.search(s):
            c = _COPYRIGHT_OWNER.search(s)
            if c and c.group(1).casefold() not in {"copyright", "all"}:
                publisher = c.group(1).strip()
    found = find_published(lines)
    return publisher, byline, found.date if found else None


def _is_byline_only(s: str) -> bool:
    return bool(_BYLINE_LINE.match(s)) or bool(re.fullmatch(r"[<\[(]?\s*" + _BYLINE_EQ.pattern + r"\s*", s)) \
        or s in {"<", ">"}


def clean_text(raw: str, *, markdown: bool = False) -> Cleaned:
    """Cleaned article text and the metadata found while cleaning."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if markdown:
        text = strip_markdown(text)
    lines = [ln.rstrip() for ln in text.split("\n")]
    publisher, byline, published = find_metadata(lines)
    # A comment section runs to the end of the page: cut from its first marker if it is
    # past the first third of the page (an article body does not start with one).
    cut = len(lines)
    for i, ln in enumerate(lines):
        if i > len(lines) // 3 and _COMMENT_START.search(ln.strip()):
            cut = i
            break
    kept: list[str] = []
    seen: set[str] = set()
    for ln in lines[:cut]:
        s = ln.strip()
        if not s:
            if kept and kept[-1] != "":
                kept.append("")
            continue
        if is_boilerplate(s) or _is_byline_only(s):
            continue
        key = re.sub(r"\s+", " ", s)
        if key in seen:   # photo captions and headlines printed twice: keep the first
            continue
        seen.add(key)
        kept.append(re.sub(r"[ \t]+", " ", s))
    while kept and kept[-1] == "":
        kept.pop()
    title = None
    for ln in kept:
        if ln:
            t = re.sub(r"^[▶►▷■□●◆◇▲△\-*#\s]+", "", ln).strip()
            if t and len(t) <= 150:
                title = t
            break
    return Cleaned("\n".join(kept), title, publisher, byline, published)


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
