"""Source files to Documents: .txt, .md (YAML front matter), .html, .jsonl; directories are walked.

Each file yields Documents or LoadErrors, never an exception, so one bad file
does not stop a batch.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import yaml

from kgraph.errors import LoadError
from kgraph.model import Document
from kgraph.rdf.iri import source_url
from kgraph.sources.clean import clean_text, detect_language
from kgraph.sources.encodings import decode_noted

SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
            ".jsonl": "jsonl", ".ndjson": "jsonl"}
# One article may hold at most this many characters (news articles run to tens of thousands);
# a bigger text is almost surely not one article, and would hold the tokenizer for minutes.
MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class Skipped:
    """A file in a walked directory that is not read, and why (the summary names it)."""

    path: str
    reason: str


_NOT_ARTICLES = {".json": "JSON is not read as articles; write one JSON object per line as .jsonl",
                 ".csv": "CSV is not read as articles; convert it to .jsonl (one object with \"text\" per line)",
                 ".tsv": "TSV is not read as articles; convert it to .jsonl (one object with \"text\" per line)",
                 ".pdf": "PDF is not read; extract its text to .txt first",
                 ".docx": "Word files are not read; save the article as .txt or .html first"}


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path | LoadError | Skipped]:
    """Every loadable file under the given paths, in a stable order; problems as LoadErrors, and the
    files of a directory that are not read as Skipped (hidden ones, other formats). A directory with
    nothing to read is a LoadError: an ingest that finds nothing should not look like success."""
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            yield LoadError(str(p), "no such file or directory")
        elif p.is_dir():
            found = skipped = 0
            seen_dirs: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(p, followlinks=True):
                st = os.stat(root)
                if (st.st_dev, st.st_ino) in seen_dirs:   # a symlink loop: walk each directory once
                    dirs[:] = []
                    continue
                seen_dirs.add((st.st_dev, st.st_ino))
                for d in sorted(d for d in dirs if d.startswith(".")):
                    yield Skipped(str(Path(root) / d), "hidden directory")
                    skipped += 1
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    f = Path(root) / name
                    if name.startswith("."):
                        yield Skipped(str(f), "hidden file")
                        skipped += 1
                    elif f.suffix.lower() in SUFFIXES:
                        found += 1
                        yield f
                    else:
                        yield Skipped(str(f), _NOT_ARTICLES.get(f.suffix.lower(), "not an article format"))
                        skipped += 1
            if not found:
                other = f" ({skipped} other file{'s' if skipped != 1 else ''} skipped)" if skipped else ""
                yield LoadError(str(p), f"no articles in this directory{other}; kgraph reads "
                                        f"{', '.join(sorted(SUFFIXES))}")
        elif p.suffix.lower() in SUFFIXES:
            yield p
        else:
            reason = _NOT_ARTICLES.get(p.suffix.lower(), f"unsupported file type {p.suffix or '(none)'!r}")
            yield LoadError(str(p), f"{reason}; kgraph reads {', '.join(sorted(SUFFIXES))}")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class DateProblem(ValueError):
    """A date in the metadata that is not a real date (2025-02-30) or not a date at all."""


def _iso_date(value, strict: bool = False) -> str | None:
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


def _check_length(where: str, text: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise LoadError(where, f"article is {len(text):,} characters; the limit is {max_chars:,} "
                               "(is it one article? split it, or raise --max-chars)")


def _make(path: Path, key: str, raw_text: str, digest: str, *, markdown: bool = False,
          max_chars: int = MAX_CHARS, **meta) -> Document:
    _check_length(str(path), raw_text, max_chars)
    cleaned = clean_text(raw_text, markdown=markdown)
    if not cleaned.text.strip():
        raise LoadError(str(path), "no article text left after removing boilerplate")
    title = meta.get("title") or cleaned.title
    warnings = []
    url = source_url(meta.get("url"), warnings)
    try:
        date = _iso_date(meta.get("date"), strict=bool(meta.get("strict_date")))
    except DateProblem as err:
        date = None
        warnings.append(f"{err}; the document is stored without it")
    return Document(
        key=key, file_name=path.name, text=cleaned.text, content_hash=digest, warnings=warnings,
        title=str(title).strip() if title else None,
        published=date or cleaned.published,
        publisher=meta.get("publisher") or cleaned.publisher,
        byline=cleaned.byline, url=url,
        language=meta.get("language") or detect_language(cleaned.text),
        tags=[str(t) for t in meta.get("tags") or []], source_path=str(path), line=meta.get("line"),
    )


_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _load_md(path: Path, text: str, digest: str, max_chars: int = MAX_CHARS) -> Document:
    meta: dict = {}
    m = _FRONT.match(text)
    if text.startswith("---") and not m:
        raise LoadError(str(path), "front matter starts with '---' but has no closing '---' line")
    if m:
        try:
            meta = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark else ""
            raise LoadError(str(path), f"malformed YAML front matter{where}: {getattr(err, 'problem', err)}") from None
        if not isinstance(meta, dict):
            raise LoadError(str(path), "front matter is not a mapping of keys to values")
        text = text[m.end():]
    tags = meta.get("tags", meta.get("tag"))
    if isinstance(tags, str):
        tags = [tags]
    return _make(path, path.name, text, digest, markdown=True, max_chars=max_chars, title=meta.get("title"),
                 date=meta.get("date"), strict_date=True, publisher=meta.get("publisher"), url=meta.get("url"),
                 tags=tags if isinstance(tags, list) else None)


class _HTMLText(HTMLParser):
    """Visible text and metadata of an HTML page; scripts, styles and frames dropped."""

    SKIP = {"script", "style", "noscript", "iframe", "template", "svg", "head", "nav", "footer", "form", "button",
            "object", "embed", "canvas"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "header",
             "blockquote", "figcaption", "pre", "table", "ul", "ol", "dd", "dt"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.meta.setdefault("canonical", a["href"].strip())
            return
        if tag == "meta":
            name = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if name and a.get("content"):
                self.meta.setdefault(name, a["content"])
            return
        if tag == "title":
            self.in_title = True
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.SKIP and tag != "meta":
            self.skip = max(0, self.skip - 1)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.parts.append(data)


def _load_html(path: Path, text: str, digest: str, max_chars: int = MAX_CHARS) -> Document:
    _check_length(str(path), text, max_chars * 4)   # markup included; the visible text is checked below
    parser = _HTMLText()
    try:
        parser.feed(text)
        parser.close()
    except Exception as err:  # html.parser is lenient; this guards against the odd assertion
        raise LoadError(str(path), f"cannot parse HTML: {err}") from None
    body = re.sub(r"[ \t\xa0]+", " ", "".join(parser.parts))
    m = parser.meta
    title = m.get("og:title") or parser.title.strip() or None
    date = (m.get("article:published_time") or m.get("date") or m.get("pubdate") or m.get("datepublished")
            or m.get("dc.date") or m.get("article:modified_time"))
    # <link rel="canonical"> may be relative: it is resolved against og:url when that is absolute
    url = urljoin(m.get("og:url") or "", m["canonical"]) if m.get("canonical") else m.get("og:url")
    return _make(path, path.name, body, digest, max_chars=max_chars, title=title, date=date,
                 publisher=m.get("og:site_name") or m.get("publisher"), url=url,
                 language=None)


def _load_jsonl(path: Path, fh, max_chars: int = MAX_CHARS) -> Iterator[Document | LoadError]:
    """One Document per line, read as a stream: a JSONL file may be far larger than memory."""
    for n, raw in enumerate(fh, 1):
        if not raw.strip():
            continue
        where = f"{path}:{n}"
        if len(raw) > max_chars * 4 + 65536:
            yield LoadError(where, f"line is {len(raw):,} bytes; an article may hold at most {max_chars:,} "
                                   "characters (raise --max-chars)")
            continue
        try:
            line, note = decode_noted(raw.rstrip(b"\r\n"), where)
        except LoadError as err:
            yield err
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield LoadError(where, f"this line is not valid JSON ({err.msg.lower()} at column {err.colno}); each line "
                                   "must be one JSON object such as {\"text\": \"…\", \"title\": \"…\"}")
            continue
        except RecursionError:
            yield LoadError(where, "malformed JSON: nested too deeply")
            continue
        digest = _sha256(line.encode("utf-8"))
        try:
            doc = document_from_record(obj, path, n, max_chars, digest)
        except LoadError as err:
            yield LoadError(where, err.reason)
            continue
        if note:
            doc.warnings.insert(0, note)
        yield doc


def document_from_record(obj, source: str | Path = "records.jsonl", line: int = 1, max_chars: int = MAX_CHARS,
                         digest: str | None = None) -> Document:
    """A Document from one record as a JSONL line holds it (`text`, and optionally `id`, `title`,
    `date` or `published`, `url`, `publisher`, `language`): named `source#id`, or `source#L<line>`
    without an id. Raises LoadError naming what is wrong with the record."""
    path = Path(source)
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
        raise LoadError(f"{path}:{line}", "a JSONL line must be an object with a non-empty \"text\" string")
    if digest is None:
        digest = _sha256(json.dumps(obj, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    ident = obj.get("id")
    key = f"{path.name}#{ident}" if isinstance(ident, (str, int)) and str(ident).strip() else f"{path.name}#L{line}"
    lang = obj.get("language") or obj.get("lang")
    meta = {k: (v if isinstance(v, (str, int, float, list)) else None) for k, v in obj.items()}
    return _make(path, key, obj["text"], digest, max_chars=max_chars, title=meta.get("title"),
                 url=obj.get("url"), line=line,
                 date=meta.get("date") or meta.get("published"), strict_date=True,
                 publisher=meta.get("publisher") if isinstance(meta.get("publisher"), str) else None,
                 language=lang if lang in ("ko", "en", "und") else None)


def load_file(path: Path, max_chars: int = MAX_CHARS) -> Iterator[Document | LoadError]:
    """Documents from one file (several for JSONL), or LoadErrors that say why not."""
    name = str(path)
    try:
        if path.is_symlink() and not path.exists():
            yield LoadError(name, "broken or looping symbolic link")
            return
        if not path.is_file():
            yield LoadError(name, "is not a regular file")
            return
        kind = SUFFIXES[path.suffix.lower()]
        if kind == "jsonl":
            with open(path, "rb") as fh:
                yield from _load_jsonl(path, fh, max_chars)
            return
        size = path.stat().st_size
        limit = max_chars * (16 if kind == "html" else 4)     # bytes: UTF-8 takes up to 4 per character
        if size > limit:
            yield LoadError(name, f"file is {size / 1e6:.1f} MB; one article may hold at most {max_chars:,} "
                                  "characters (is it one article? split it, or raise --max-chars)")
            return
        data = path.read_bytes()
    except PermissionError:
        yield LoadError(name, "permission denied; check the file's read permission")
        return
    except OSError as err:
        yield LoadError(name, f"cannot read: {err.strerror or err}")
        return
    try:
        if not data.strip():
            raise LoadError(name, "empty file")
        text, note = decode_noted(data, name)
        if not text.strip():
            raise LoadError(name, "empty file (whitespace only)")
        if kind == "md" or (kind == "txt" and _FRONT.match(text)):
            # a text file that opens with YAML front matter is markdown (blog exports often are)
            doc = _load_md(path, text, _sha256(data), max_chars)
        elif kind == "html":
            doc = _load_html(path, text, _sha256(data), max_chars)
        else:
            doc = _make(path, path.name, text, _sha256(data), max_chars=max_chars)
        if note:
            doc.warnings.insert(0, note)
        yield doc
    except LoadError as err:
        yield err
    except RecursionError:
        yield LoadError(name, "nested too deeply to read")


def load_paths(paths: Iterable[str | os.PathLike], max_chars: int = MAX_CHARS) -> Iterator[Document | LoadError]:
    """Documents from files and directories, in a stable order, with LoadErrors in place of bad ones."""
    for item in iter_files(paths):
        if isinstance(item, LoadError):
            yield item
        elif isinstance(item, Path):
            yield from load_file(item, max_chars)
