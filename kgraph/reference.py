"""The reference list of the AI industry: the curated one packaged in kgraph/data/entities.tsv, and a
user's own list beside it (its RDF is rdf/reference.py).

A user's list is a TSV of the same format, given with `--reference FILE` (KGraph(reference=...)) or
found as `reference.tsv` in the store's directory; its rows add entities, and a row whose id is a
packaged one replaces that entry. The list in force is set for an ingest with `using_reference`
(worker processes get it with their tasks); every cache made from the list is keyed by it, so two
stores with two lists never share one.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kgraph.errors import KgraphError
from kgraph.model import COARSE, EntityRef
from kgraph.names import normalise_name

DATA = Path(__file__).resolve().parent / "data" / "entities.tsv"
STORE_FILE = "reference.tsv"      # a user's list in the store's directory, used when no --reference is given


@dataclass(frozen=True)
class RefEntity:
    key: str
    type: str
    en: str
    ko: str
    aliases: tuple[str, ...]
    parent: str | None
    weak: tuple[str, ...] = ()     # names that find it in text but are too ambiguous to be its label (~삼성)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for n in (self.ko, self.en, *self.aliases, *self.weak) if n))

    def ref(self) -> EntityRef:
        return EntityRef(self.key, self.type, self.ko or self.en)


def parse_reference(text: str, source: str = "entities.tsv") -> list[RefEntity]:
    """Rows of the reference TSV; a malformed row is an error naming its line."""
    return [e for _, e in parse_rows(text, source)]


def parse_rows(text: str, source: str = "entities.tsv") -> list[tuple[int, RefEntity]]:
    """(line number, entity) of the reference TSV; a malformed row is an error naming its line."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 6:
            raise KgraphError(f"{source}:{n}: expected 6 tab-separated columns, found {len(cols)}")
        key, type_, en, ko, aliases, parent = (c.strip() for c in cols)
        if type_ not in COARSE:
            raise KgraphError(f"{source}:{n}: unknown type {type_!r}; use one of {', '.join(sorted(COARSE))}")
        names = [a.strip() for a in aliases.split("|") if a.strip()]
        out.append((n, RefEntity(key, type_, en, ko, tuple(a for a in names if not a.startswith("~")),
                                 parent or None, tuple(a[1:] for a in names if a.startswith("~")))))
    return out


@dataclass(frozen=True)
class UserReference:
    """A user's reference list: where it was read (for messages) and its text (what caches are keyed by)."""
    path: str
    text: str = field(repr=False)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]

    def entities(self) -> list[RefEntity]:
        return parse_reference(self.text, self.path)


def read_user_reference(path: str | Path) -> UserReference:
    """A user's list, checked (check_text below): unreadable or with errors, a KgraphError that
    names the file, its first problems and the command that lists them all."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as err:
        raise KgraphError(f"cannot read the reference list {path}: {err.strerror or err}") from None
    except UnicodeDecodeError as err:
        raise KgraphError(f"{path}: not UTF-8 (byte {err.start}); save the reference list as UTF-8") from None
    errors = [p for p in check_text(text, str(path)) if p.error]
    if errors:
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        raise KgraphError("the reference list has errors: " + "; ".join(str(p) for p in errors[:3]) + more +
                          f"; `kgraph reference check {path}` lists them all")
    return UserReference(str(path), text)


def find_user_reference(explicit: str | Path | None, store_location: str | None) -> UserReference | None:
    """The user's list in force: `explicit` (--reference), else reference.tsv in the store's directory
    (an embedded store), else none."""
    if explicit:
        return read_user_reference(explicit)
    if store_location and not store_location.startswith(("http://", "https://", ":")):
        found = Path(store_location) / STORE_FILE
        if found.is_file():
            return read_user_reference(found)
    return None


_ACTIVE: UserReference | None = None


def active_reference() -> UserReference | None:
    """The user's list in force in this process (None: the packaged list alone)."""
    return _ACTIVE


def set_reference(user: UserReference | None) -> None:
    """Put a user's list in force in this process (a worker, for its whole life)."""
    global _ACTIVE
    _ACTIVE = user


@contextmanager
def using_reference(user: UserReference | None) -> Iterator[None]:
    """A user's list in force for the duration (an ingest), the previous one after."""
    before = active_reference()
    set_reference(user)
    try:
        yield
    finally:
        set_reference(before)


@lru_cache(maxsize=1)
def packaged_entities() -> tuple[RefEntity, ...]:
    return tuple(parse_reference(DATA.read_text(encoding="utf-8"), str(DATA.name)))


@lru_cache(maxsize=8)
def _entities(user: UserReference | None) -> tuple[RefEntity, ...]:
    base = packaged_entities()
    if user is None:
        return base
    mine = {e.key: e for e in user.entities()}
    merged = [mine.pop(e.key, e) for e in base]          # an override keeps the packaged entry's place
    return tuple(merged + list(mine.values()))


def reference_entities() -> tuple[RefEntity, ...]:
    """The reference list in force: the packaged entries, overridden and extended by the user's list."""
    return _entities(active_reference())


@lru_cache(maxsize=8)
def _by_key(user: UserReference | None) -> dict[str, RefEntity]:
    return {e.key: e for e in _entities(user)}


def by_key() -> dict[str, RefEntity]:
    return _by_key(active_reference())


@lru_cache(maxsize=8)
def _alias_index(user: UserReference | None) -> dict[str, list[RefEntity]]:
    idx: dict[str, list[RefEntity]] = {}
    for e in _entities(user):
        for name in e.names:
            idx.setdefault(normalise_name(name), []).append(e)
    return idx


def alias_index() -> dict[str, list[RefEntity]]:
    """Normalised name -> reference entities that carry it."""
    return _alias_index(active_reference())


# --- `kgraph reference check FILE`: every problem of a user's list, each with its file:line and what to
# do. Errors stop an ingest that is given the list; notes (an id that overrides a packaged entry, a name
# a packaged entity only finds in text) are what the list will do, said out loud.
COLUMNS = ("id", "type", "English name", "Korean name", "aliases (|)", "belongs to (id)")
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")


@dataclass(frozen=True)
class Problem:
    source: str
    line: int
    message: str
    error: bool = True

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source     # line 0: the file as a whole
        return f"{where}: {'error' if self.error else 'note'}: {self.message}"


def _bad_characters(name: str) -> str | None:
    """Why a name cannot be one, if it cannot: control or invisible characters, or the list's own signs."""
    for ch in name:
        if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") or ch == "\ufffd":
            return f"an invisible or control character U+{ord(ch):04X}"
    if "|" in name:
        return "'|', which separates aliases (put the other names in the aliases column)"
    return None


def check_text(text: str, source: str = "reference.tsv") -> list[Problem]:
    """Every problem of a user's list, in line order."""
    problems: list[Problem] = []
    packaged = {e.key: e for e in packaged_entities()}
    packaged_lines = {e.key: n for n, e in parse_rows(DATA.read_text(encoding="utf-8"), DATA.name)}
    strong: dict[str, str] = {}      # normalised packaged name -> its entity's id
    weak: dict[str, str] = {}
    for e in packaged_entities():
        for name in (e.ko, e.en, *e.aliases):
            if name:
                strong.setdefault(normalise_name(name), e.key)
        for name in e.weak:
            weak.setdefault(normalise_name(name), e.key)
    ids: dict[str, int] = {}
    names: dict[str, tuple[int, str]] = {}     # normalised name -> (line, id) in this file
    rows: list[tuple[int, str, str]] = []      # (line, id, parent) to check once every id is known
    clashes: list[tuple[int, str, str, str]] = []   # (line, id, name, its key) against the packaged names

    def add(n: int, message: str, error: bool = True) -> None:
        problems.append(Problem(source, n, message, error))

    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 6:
            add(n, f"expected 6 tab-separated columns ({', '.join(COLUMNS)}), found {len(cols)}; separate "
                   "them with tabs, leaving a column empty where there is nothing to say")
            continue
        key, type_, en, ko, aliases, parent = (c.strip() for c in cols)
        if not KEY.fullmatch(key):
            add(n, f"id {key!r} is not an id: use letters, digits, '_', '.' or '-' (e.g. Acme_Robotics); "
                   "it becomes the entity's IRI")
        elif key in ids:
            add(n, f"id {key!r} is already on line {ids[key]}; give each entity one row (merge the names)")
        else:
            ids[key] = n
            if key in packaged:
                add(n, f"id {key!r} overrides the packaged entry ({DATA.name}:{packaged_lines.get(key, '?')}, "
                       f"{packaged[key].en or packaged[key].ko}): this row replaces it whole, aliases included",
                    error=False)
        if type_ not in COARSE:
            add(n, f"unknown type {type_!r}; use one of the ontology's classes: {', '.join(sorted(COARSE))}")
        if not en and not ko:
            add(n, "no English and no Korean name; give at least one of them")
        alias_list = aliases.split("|") if aliases else []
        if any(not a.strip() for a in alias_list):
            add(n, "an empty alias (two '|' in a row, or one at an end); remove the extra '|'")
        for column, name in (("English name", en), ("Korean name", ko)):
            if name.startswith("~"):
                add(n, f"the {column} {name!r} starts with '~', which only marks weak aliases; remove it")
        for name in [en, ko] + [a.strip().lstrip("~") for a in alias_list if a.strip()]:
            if not name:
                continue
            why = _bad_characters(name)
            if why:
                add(n, f"the name {name!r} holds {why}; remove it")
                continue
            k = normalise_name(name)
            if not k:
                add(n, f"the name {name!r} is only spaces or dots; remove it")
                continue
            if k in names and names[k][1] != key:
                add(n, f"the name {name!r} is also entity {names[k][1]!r}'s (line {names[k][0]}); a name finds one "
                       "entity: keep it on one row")
            names.setdefault(k, (n, key))
            clashes.append((n, key, name, k))
        rows.append((n, key, parent))
    for n, key, name, k in clashes:        # once every id of the file is known: an override frees its names
        other = strong.get(k)
        if other and other != key and other not in ids:
            add(n, f"the name {name!r} already names the packaged entity {other} ({DATA.name}:{packaged_lines[other]}); "
                   f"to take it over, add a row with id {other} (an override) without it, or remove it here")
        elif weak.get(k) and weak[k] != key and weak[k] not in ids:
            add(n, f"the name {name!r} is a weak alias of the packaged {weak[k]!r}; this entity takes it in text",
                error=False)
    for n, key, parent in rows:
        if parent and parent not in ids and parent not in packaged:
            add(n, f"belongs to {parent!r}, which is neither an id of this file nor a packaged one; give an id "
                   "listed here or in the packaged list (kgraph/data/entities.tsv)")
        elif parent == key:
            add(n, f"{key!r} belongs to itself; leave the last column empty")
    return sorted(problems, key=lambda p: p.line)


def check_file(path: str | Path) -> list[Problem]:
    """Every problem of the list in `path` (a file that cannot be read or is not UTF-8: one problem)."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as err:
        return [Problem(str(path), 0, f"cannot read it: {err.strerror or err}; give the path of a TSV file")]
    except UnicodeDecodeError as err:
        line = Path(path).read_bytes()[:err.start].count(b"\n") + 1
        return [Problem(str(path), line, "not UTF-8; save the reference list as UTF-8")]
    return check_text(text, str(path))
