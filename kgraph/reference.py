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
    """A user's list, checked (kgraph.reference_check): unreadable or with errors, a KgraphError that
    names the file, its first problems and the command that lists them all."""
    from kgraph.reference_check import check_text
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
