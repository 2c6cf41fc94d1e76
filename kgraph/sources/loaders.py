"""Source files to Documents: .txt, .md (YAML front matter), .html, .jsonl; directories are walked.

Each file yields Documents or LoadErrors, never an exception, so one bad file
does not stop a batch.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from kgraph.errors import LoadError
from kgraph.model import Document
from kgraph.sources.documents import MAX_CHARS, check_length, make_document, sha256
from kgraph.sources.encodings import decode_noted

_sha256 = sha256          # the name tests/test_failures.py imports
__all__ = ["MAX_CHARS", "SUFFIXES", "Skipped", "iter_files", "load_file", "load_paths", "document_from_record"]

SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
            ".jsonl": "jsonl", ".ndjson": "jsonl"}


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
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", str(raw)):
            yield LoadError(str(raw), "a web address: `kgraph ingest` fetches pages (kgraph/sources/web.py); "
                                      "here give files, or pages saved by `kgraph ingest --save-html DIR`")
        elif not p.exists():
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
                    if name.lower().endswith((".html.json", ".htm.json")) and (Path(root) / name[:-5]).is_file():
                        continue                     # what --save-html wrote beside a page: read with it
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
    return make_document(path, path.name, text, digest, markdown=True, max_chars=max_chars, title=meta.get("title"),
                 date=meta.get("date"), strict_date=True, publisher=meta.get("publisher"), url=meta.get("url"),
                 tags=tags if isinstance(tags, list) else None)


def _load_html(path: Path, data: bytes, text: str, digest: str, max_chars: int = MAX_CHARS) -> Document:
    """An HTML file: a page saved by `kgraph ingest --save-html` (its .json beside it names the address
    it came from) is the document that address made; any other is named by its file."""
    from kgraph.sources.pages import page_document, read_saved
    check_length(str(path), text, max_chars * 4)   # markup included; the visible text is checked below
    saved = read_saved(path)
    if saved is not None:
        html, _note = saved.decode(data, str(path))
        return page_document(html, saved.final_url, max_chars=max_chars, source=str(path))
    return page_document(text, None, max_chars=max_chars, source=str(path), key=path.name, digest=digest)


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
        digest = sha256(line.encode("utf-8"))
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
        digest = sha256(json.dumps(obj, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    ident = obj.get("id")
    key = f"{path.name}#{ident}" if isinstance(ident, (str, int)) and str(ident).strip() else f"{path.name}#L{line}"
    lang = obj.get("language") or obj.get("lang")
    meta = {k: (v if isinstance(v, (str, int, float, list)) else None) for k, v in obj.items()}
    return make_document(path, key, obj["text"], digest, max_chars=max_chars, title=meta.get("title"),
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
            doc = _load_md(path, text, sha256(data), max_chars)
        elif kind == "html":
            doc = _load_html(path, data, text, sha256(data), max_chars)
        else:
            doc = make_document(path, path.name, text, sha256(data), max_chars=max_chars)
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
