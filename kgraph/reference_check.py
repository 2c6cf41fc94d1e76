"""`kgraph reference check FILE`: every problem of a user's reference list, each with its file:line
and what to do. Errors stop an ingest that is given the list; notes (an id that overrides a packaged
entry, a name a packaged entity only finds in text) are what the list will do, said out loud."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kgraph.model import COARSE
from kgraph.names import normalise_name

COLUMNS = ("id", "type", "English name", "Korean name", "aliases (|)", "belongs to (id)")
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")


@dataclass(frozen=True)
class Problem:
    source: str
    line: int
    message: str
    error: bool = True

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {'error' if self.error else 'note'}: {self.message}"


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
    from kgraph.reference import DATA, packaged_entities, parse_rows
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
        return [Problem(str(path), 0, f"cannot read it: {err.strerror or err}")]
    except UnicodeDecodeError as err:
        line = Path(path).read_bytes()[:err.start].count(b"\n") + 1
        return [Problem(str(path), line, "not UTF-8; save the reference list as UTF-8")]
    return check_text(text, str(path))


__all__ = ["Problem", "check_text", "check_file"]
