"""The publication date an article prints in its text, for documents whose metadata has none.

The forms and labels are data (kgraph/data/common/dates.tsv, month names in en/months.tsv); this
module is the engine that reads them. News pages print the date of publication in a few places: after
a label near the top ("입력 2025.02.04 10:27", "Published: 26 Mar. 2025") or in the footer
("기사입력 2025.02.04"), or on a short line of its own between the headline and the body
("2025-03-06     서울=홍길동 기자", "March 26, 2025"). Dates inside the story ("삼성전자는 2025년
3월 26일 …했다.") are never taken: a date without a label counts only on a line that is not a sentence,
before the body starts.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from kgraph.datafiles import DATA, table
from kgraph.errors import KgraphError

RULES = "common/dates.tsv"
TOP_LINES = 40           # a labelled date is looked for in the first lines ...
BOTTOM_LINES = 15        # ... and in the footer
HEADER_LINES = 12        # an unlabelled date only among the first non-empty lines,
BODY_LINE = 100          # and before the first line this long or made of sentences (the body)
SHORT_LINE = 60          # on a line no longer than this
_BODY_SENTENCE = re.compile(r"(?:[다요죠]|니다)[.!?][\"'”’]?(?:\s|$)|\w{2,}[.!?][\"'”’]?\s+[A-Z\"“]")
_SENTENCE_END = re.compile(r"(?:[다요죠음]|니다)\s*[.!?\"'”’]*\s*$|[a-z]{2,}[.!?][\"'”’]?\s*$")


@dataclass(frozen=True)
class FoundDate:
    """A date read from the text: ISO 8601, the ids of the rules that read it, and its line (0-based)."""

    date: str
    rule: str
    line: int


@dataclass(frozen=True)
class _Rules:
    forms: tuple[tuple[str, re.Pattern], ...]
    labels: tuple[tuple[str, re.Pattern], ...]      # dates of publication
    later: tuple[tuple[str, re.Pattern], ...]       # dates of an update
    months: dict[str, int]


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The compiled rules; a pattern that does not compile is an error naming its file and id."""
    months = {name.casefold(): int(n) for name, n in table("en/months.tsv", 2)}
    month = "(?i:" + "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True)) + ")"
    forms, labels, later = [], [], []
    for rule_id, kind, pattern in table(RULES, 3):
        try:
            if kind == "form":
                forms.append((rule_id, re.compile(pattern.replace("{MONTH}", month))))
            elif kind in ("label", "later"):
                compiled = re.compile(r"(?<!\w)(?:" + pattern + r")\s*[:：]?\s*", re.IGNORECASE)
                (labels if kind == "label" else later).append((rule_id, compiled))
            else:
                raise KgraphError(f"{DATA / RULES}: rule {rule_id}: unknown kind {kind!r} (form, label or later)")
        except re.error as err:
            raise KgraphError(f"{DATA / RULES}: rule {rule_id}: bad pattern: {err}") from None
    return _Rules(tuple(forms), tuple(labels), tuple(later), months)


def _iso(m: re.Match, months: dict[str, int]) -> str | None:
    g = m.groupdict()
    month = int(g["m"]) if g.get("m") else months.get((g.get("mon") or "").casefold().rstrip("."))
    if month is None:
        return None
    year = int(g["y"])
    if not 1990 <= year <= dt.date.today().year + 1:
        return None
    try:
        return dt.date(year, month, int(g["d"])).isoformat()
    except ValueError:
        return None


def _labelled(line: str, labels, r: _Rules) -> tuple[str, str] | None:
    for label_id, label in labels:
        for lm in label.finditer(line):
            for form_id, form in r.forms:
                fm = form.match(line, lm.end())
                if fm and (date := _iso(fm, r.months)):
                    return date, f"{label_id}+{form_id}"
    return None


def _bare(line: str, r: _Rules) -> tuple[str, str] | None:
    if len(line) > SHORT_LINE or _SENTENCE_END.search(line) or len(line.split()) > 8:
        return None
    for form_id, form in r.forms:
        for fm in form.finditer(line):
            if date := _iso(fm, r.months):
                return date, form_id
    return None


def find_published(lines: list[str]) -> FoundDate | None:
    """The publication date printed in an article's lines, or None when it prints none we trust."""
    r = rules()
    stripped = [ln.strip() for ln in lines]
    n = len(stripped)
    top = range(min(n, TOP_LINES))
    bottom = range(max(TOP_LINES, n - BOTTOM_LINES), n)
    for i in (*top, *bottom):
        if stripped[i] and (hit := _labelled(stripped[i], r.labels, r)):
            return FoundDate(hit[0], hit[1], i)
    seen = 0
    for i, line in enumerate(stripped):
        if not line:
            continue
        if len(line) > BODY_LINE or _BODY_SENTENCE.search(line) or seen >= HEADER_LINES:
            break
        seen += 1
        if any(label.search(line) for _, label in r.later):
            continue                     # "수정 2025.03.27": an update, read below if nothing else is found
        if hit := _bare(line, r):
            return FoundDate(hit[0], hit[1], i)
    for i in (*top, *bottom):
        if stripped[i] and (hit := _labelled(stripped[i], r.later, r)):
            return FoundDate(hit[0], hit[1], i)
    return None
