"""Modality and negation of a relation, from the words near its trigger (patterns in data/modality.tsv)."""
from __future__ import annotations

import re
from functools import lru_cache

from kgraph.errors import KgraphError
from kgraph.nlp import lexicon as L

CATEGORIES = ("speculated", "discussed", "planned", "negated")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    out: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    for cat, pattern in L.table("modality.tsv", 2):
        if cat not in out:
            raise KgraphError(f"data/modality.tsv: unknown category {cat!r}; use one of {', '.join(CATEGORIES)}")
        out[cat].append(pattern)
    try:
        return {c: re.compile("|".join(f"(?:{p})" for p in ps) or "(?!)") for c, ps in out.items()}
    except re.error as err:
        raise KgraphError(f"data/modality.tsv: a pattern is not a valid regular expression: {err}") from None


def modality_of(after_trigger: str, trigger: str = "", before_trigger: str = "") -> str:
    """stated, planned, discussed or speculated, from the trigger and the rest of its sentence.

    Korean marks modality after the verb (협력할 예정이다); English before it (will partner),
    so the words just before the trigger count too when given.
    """
    text = before_trigger + " " + trigger + " " + after_trigger
    pats = _patterns()
    for cat in ("speculated", "discussed", "planned"):
        if pats[cat].search(text):
            return cat
    return "stated"


def negated(clause_after_trigger: str) -> bool:
    """Whether the trigger's own clause denies it (않, 없, 아니, 부인 …); 뿐만 아니라 is not a denial."""
    return bool(_patterns()["negated"].search(clause_after_trigger))
