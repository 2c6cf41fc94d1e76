"""The table of relations (kgraph/data/predicates.tsv): names, symmetry, argument types, colour, phrase.

One source for the extractor, the RDF layer, explain and the HTML graph; a test checks it against
the ontology.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kgraph.errors import KgraphError

TABLE = Path(__file__).resolve().parent / "data" / "predicates.tsv"
COARSE_TYPES = ("Organization", "Person", "Product")


@dataclass(frozen=True)
class Predicate:
    name: str
    symmetric: bool
    subject_types: frozenset[str]
    object_types: frozenset[str]
    colour: str
    phrase: str

    def accepts(self, subject_coarse: str, object_coarse: str) -> bool:
        """Whether a relation may join entities of these coarse types, in this order."""
        return subject_coarse in self.subject_types and object_coarse in self.object_types


def parse_predicates(text: str, source: str = "predicates.tsv") -> dict[str, Predicate]:
    """The rows of the table; a malformed row is an error naming its line and the bad value."""
    out: dict[str, Predicate] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) != 6:
            raise KgraphError(f"{source}:{n}: expected 6 tab-separated columns, found {len(cols)}")
        name, sym, subj, obj, colour, phrase = cols
        if sym not in ("yes", "no"):
            raise KgraphError(f"{source}:{n}: symmetric must be yes or no, not {sym!r}")
        types = []
        for col in (subj, obj):
            ts = frozenset(t.strip() for t in col.split(","))
            bad = ts - set(COARSE_TYPES)
            if bad:
                raise KgraphError(f"{source}:{n}: unknown type {sorted(bad)[0]!r}; use {', '.join(COARSE_TYPES)}")
            types.append(ts)
        out[name] = Predicate(name, sym == "yes", types[0], types[1], colour, phrase)
    return out


@lru_cache(maxsize=1)
def predicates() -> dict[str, Predicate]:
    """Every predicate by name, in the table's order."""
    return parse_predicates(TABLE.read_text(encoding="utf-8"), TABLE.name)


def predicate(name: str) -> Predicate:
    try:
        return predicates()[name]
    except KeyError:
        raise KgraphError(f"unknown predicate {name!r}; use one of {', '.join(predicates())}") from None


__all__ = ["Predicate", "predicates", "predicate", "parse_predicates", "COARSE_TYPES"]
