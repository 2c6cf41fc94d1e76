"""A Document from a text and its metadata: what every source (files, records, web pages) ends in.

The text is cleaned (kgraph/sources/clean.py), its length checked, its dates made ISO 8601 and its
address checked; what is read but not kept becomes a warning of the document.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from kgraph.errors import LoadError
from kgraph.model import Document
from kgraph.rdf.iri import source_url
from kgraph.sources.clean import clean_text, detect_language

# One article may hold at most this many characters (news articles run to tens of thousands);
# a bigger text is almost surely not one article, and would hold the tokenizer for minutes.
MAX_CHARS = 1_000_000


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class DateProblem(ValueError):
    """A date in the metadata that is not a real date (2025-02-30) or not a date at all."""


def iso_date(value, strict: bool = False) -> str | None:
    """An ISO 8601 date or datetime from front matter, meta tags or JSON; None if it is not one.

    With `strict` (metadata a person wrote: front matter, JSONL), a value that is not a real date
    raises DateProblem, so that it is reported rather than dropped without a word."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value).strip()
    m = re.match(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
                 r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?", s, re.I)
    if not m:
        if strict:
            raise DateProblem(f"date {s!r} is not a date (use YYYY-MM-DD)")
        return None
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    try:
        if m[4]:
            return dt.datetime(y, mo, d, int(m[4]), int(m[5]), int(m[6] or 0), tzinfo=_zone(m[7])).isoformat()
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        if strict:
            raise DateProblem(f"date {s!r} is not a real date") from None
        return None


def _zone(text: str | None) -> dt.timezone | None:
    """The time zone of an ISO 8601 offset (Z, +09:00, +0900, +09); None when there is none (local time,
    as the page printed it)."""
    if not text:
        return None
    if text.upper() == "Z":
        return dt.timezone.utc
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    if minutes >= 24 * 60:
        raise ValueError(f"offset {text} out of range")
    return dt.timezone((-1 if text[0] == "-" else 1) * dt.timedelta(minutes=minutes))


def check_length(where: str, text: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise LoadError(where, f"article is {len(text):,} characters; the limit is {max_chars:,} "
                               "(is it one article? split it, or raise --max-chars)")


def make_document(path: Path | str, key: str, raw_text: str, digest: str, *, markdown: bool = False,
                  max_chars: int = MAX_CHARS, **meta) -> Document:
    """A Document of `raw_text` named `key`, read from `path` (a file, or an address: then give
    `file_name` and `source_path`); `meta` holds title, date (`strict_date`: a bad one is a warning),
    publisher, url, language, tags, line, and `authors` named by the source beside the bylines."""
    path = Path(path) if not isinstance(path, Path) and "://" not in str(path) else path
    check_length(str(path), raw_text, max_chars)
    cleaned = clean_text(raw_text, markdown=markdown)
    if not cleaned.text.strip():
        raise LoadError(str(path), "no article text left after removing boilerplate")
    title = meta.get("title") or cleaned.title
    warnings = []
    url = source_url(meta.get("url"), warnings)
    try:
        date = iso_date(meta.get("date"), strict=bool(meta.get("strict_date")))
    except DateProblem as err:
        date = None
        warnings.append(f"{err}; the document is stored without it")
    return Document(
        key=key, file_name=meta.get("file_name") or Path(path).name, text=cleaned.text, content_hash=digest, warnings=warnings,
        title=str(title).strip() if title else None,
        published=date or cleaned.published,
        publisher=meta.get("publisher") or cleaned.publisher,
        byline=cleaned.byline + [a for a in meta.get("authors") or [] if a not in cleaned.byline], url=url,
        language=meta.get("language") or detect_language(cleaned.text),
        tags=[str(t) for t in meta.get("tags") or []], source_path=meta.get("source_path", str(path)), line=meta.get("line"),
    )
