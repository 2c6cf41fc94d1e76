"""The digest: what is new since a date, as a short brief for a weekly email (kgraph digest).

The rows of the canned question `new` (facts first reported on or after the date, each with the
document that first reported it and its sentence there), grouped by entity: a fact goes under the
one of its two entities with more new facts (the subject on a tie), groups with more facts first.
Markdown or HTML; in HTML every text is escaped, and only http(s) addresses become links.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from dataclasses import dataclass

from kgraph.errors import QueryError

FORMATS = ("md", "html")
_RELATIVE = re.compile(r"^(\d+)\s*([dw])$")


def parse_since(value: str, today: dt.date | None = None) -> dt.date:
    """`7d` (days before today), `2w` (weeks) or an ISO date (YYYY-MM-DD)."""
    text = str(value).strip().lower()
    today = today or dt.date.today()
    m = _RELATIVE.match(text)
    if m:
        n = int(m.group(1)) * (7 if m.group(2) == "w" else 1)
        return today - dt.timedelta(days=n)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise QueryError(f"--since {value!r} is neither a number of days or weeks (7d, 2w) nor a date "
                         "(YYYY-MM-DD); give one of those, e.g. --since 7d or --since 2025-03-01") from None


@dataclass(frozen=True)
class NewFact:
    date: str
    subject: str
    subject_label: str
    predicate: str
    object: str
    object_label: str
    modality: str
    evidence: str | None
    title: str | None
    publisher: str | None
    url: str | None


@dataclass
class Digest:
    since: dt.date
    facts: list[NewFact]
    groups: list[tuple[str, list[NewFact]]]     # entity label, its facts

    def markdown(self) -> str:
        lines = [f"# New since {self.since.isoformat()}", "", self._summary(), ""]
        for label, facts in self.groups:
            lines += [f"## {_md(label)}", ""]
            for f in facts:
                line = f"- {_md(f.date)}: **{_md(f.subject_label)}** {_md(f.predicate)} **{_md(f.object_label)}**"
                line += f" ({_md(f.modality)})"
                if f.evidence:
                    line += f" — “{_md(f.evidence)}”"
                source = _md(f.title or "source")
                if _linkable(f.url):
                    source = f"[{source}](<{f.url.replace('>', '%3E').replace(' ', '%20')}>)"
                line += f" — {source}" + (f", {_md(f.publisher)}" if f.publisher else "")
                lines.append(line)
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def html(self) -> str:
        e = html.escape
        out = ['<!doctype html>', '<html><head><meta charset="utf-8">',
               f"<title>New since {e(self.since.isoformat())}</title></head><body>",
               f"<h1>New since {e(self.since.isoformat())}</h1>", f"<p>{e(self._summary())}</p>"]
        for label, facts in self.groups:
            out.append(f"<h2>{e(label)}</h2>\n<ul>")
            for f in facts:
                item = (f"{e(f.date)}: <b>{e(f.subject_label)}</b> {e(f.predicate)} <b>{e(f.object_label)}</b> "
                        f"({e(f.modality)})")
                if f.evidence:
                    item += f" — “{e(f.evidence)}”"
                source = e(f.title or "source")
                if _linkable(f.url):
                    source = f'<a href="{e(f.url, quote=True)}">{source}</a>'
                item += f" — {source}" + (f", {e(f.publisher)}" if f.publisher else "")
                out.append(f"<li>{item}</li>")
            out.append("</ul>")
        out.append("</body></html>")
        return "\n".join(out) + "\n"

    def render(self, fmt: str = "md") -> str:
        if fmt not in FORMATS:
            raise QueryError(f"digest format {fmt!r} is not one of {', '.join(FORMATS)}; use md or html")
        return self.markdown() if fmt == "md" else self.html()

    def _summary(self) -> str:
        if not self.facts:
            return "No fact was first reported on or after this date."
        n, g = len(self.facts), len(self.groups)
        dates = sorted(f.date for f in self.facts)
        span = dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
        return (f"{n} new fact{'s' if n != 1 else ''} about {g} entit{'ies' if g != 1 else 'y'}, "
                f"first reported {span}.")


def _md(text: str) -> str:
    """Text that Markdown shows as it is (no emphasis, links, HTML or headings made of it)."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", str(text)).replace("\n", " ")


def _linkable(url: str | None) -> bool:
    return bool(url) and url.lower().startswith(("http://", "https://"))


def digest(kg, since: str | dt.date, lang: str = "en", today: dt.date | None = None) -> Digest:
    """The facts first reported on or after `since` (a date, `7d` or `2w`), grouped by entity."""
    start = since if isinstance(since, dt.date) else parse_since(since, today)
    rows = kg.canned_query("new", since=start.isoformat(), lang=lang)

    def s(row, key):
        v = row.get(key)
        return None if v is None else str(v)
    facts = [NewFact(s(r, "date"), s(r, "s"), s(r, "subject") or s(r, "s"), s(r, "predicate"), s(r, "o"),
                     s(r, "object") or s(r, "o"), s(r, "modality"), s(r, "evidence"), s(r, "title"),
                     s(r, "publisher"), s(r, "url")) for r in rows]
    count = Counter()
    for f in facts:
        count[f.subject] += 1
        count[f.object] += 1
    labels: dict[str, str] = {}
    grouped: dict[str, list[NewFact]] = {}
    for f in facts:
        key, label = ((f.object, f.object_label) if count[f.object] > count[f.subject]
                      else (f.subject, f.subject_label))
        labels[key] = label
        grouped.setdefault(key, []).append(f)
    order = sorted(grouped, key=lambda k: (-len(grouped[k]), labels[k].casefold(), k))
    return Digest(start, facts, [(labels[k], grouped[k]) for k in order])
