"""The curated reference list of the AI industry (kgraph/data/entities.tsv); its RDF is rdf/reference.py."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kgraph.errors import KgraphError
from kgraph.model import COARSE, EntityRef
from kgraph.names import normalise_name

DATA = Path(__file__).resolve().parent / "data" / "entities.tsv"


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
        out.append(RefEntity(key, type_, en, ko, tuple(a for a in names if not a.startswith("~")), parent or None,
                             tuple(a[1:] for a in names if a.startswith("~"))))
    return out


@lru_cache(maxsize=1)
def reference_entities() -> tuple[RefEntity, ...]:
    return tuple(parse_reference(DATA.read_text(encoding="utf-8"), str(DATA.name)))


@lru_cache(maxsize=1)
def by_key() -> dict[str, RefEntity]:
    return {e.key: e for e in reference_entities()}


@lru_cache(maxsize=1)
def alias_index() -> dict[str, list[RefEntity]]:
    """Normalised name -> reference entities that carry it."""
    idx: dict[str, list[RefEntity]] = {}
    for e in reference_entities():
        for name in e.names:
            idx.setdefault(normalise_name(name), []).append(e)
    return idx
