"""Small pieces of sentence reading the rule engine, its frames and the acceptance step share: where a
trigger's clause ends, the anaphors of each language, the order rules run in, the pairs of two lists."""
from __future__ import annotations

import re
from functools import lru_cache

from kgraph.model import EntityRef
from kgraph.nlp import lexicon as L
from kgraph.nlp.rules import Rule

_CLAUSE_END = re.compile(r"[,;]|(?:고|며|면서|지만|는데|으나|했으나|해|하여|한 뒤|한 후)\s|\b(?:and|but|while|which)\b")


def ordered(group: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """Sequences before frames, so that a frame can lift a product to the maker a sequence found."""
    return tuple(sorted(group, key=lambda r: r.kind != "sequence"))


@lru_cache(maxsize=2)
def anaphors(lang: str) -> tuple[tuple[re.Pattern, str], ...]:
    """(pattern, kind) of the anaphors of data/{lang}/anaphors.tsv: 양사는 / the two companies -> pair, …"""
    out = []
    for word, kind in L.table(f"{lang}/anaphors.tsv", 2):
        if lang == "ko":
            out.append((re.compile(rf"(?:^|\s){re.escape(word)}(?:는|은|가|이|도|측은)\s"), kind))
        else:       # English rows are patterns: (?:the|these) two (?:\w+ ){0,3}companies
            out.append((re.compile(rf"(?i)(?:^|[,;]\s|\b(?:and|but|while)\s)(?:{word})[\s,](?!is\b|was\b)"), kind))
    return tuple(out)


def clause_after(text: str, pos: int, limit: int) -> str:
    """Words after a trigger up to the end of its clause (a comma, a connective ending, or the sentence)."""
    chunk = text[pos:limit]
    m = _CLAUSE_END.search(chunk)
    return chunk[: m.start() + 1] if m else chunk


def pairs(a: list[EntityRef], b: list[EntityRef]):
    """Every (x, y) of the two lists with x and y different entities."""
    for x in a:
        for y in b:
            if x != y:
                yield x, y
