"""Word lists of Korean and English news, read from kgraph/data/{common,ko,en}/.

Data, not logic: the rules in entities.py and relations.py read these lists, and adding a word
is a line in a file. `.txt` files hold one entry per line; `.tsv` files have tab-separated
columns named in their last comment line. Lines starting with '#' are comments.
"""
from __future__ import annotations

from collections.abc import Callable

from kgraph.datafiles import DATA, table, words

__all__ = ["DATA", "table", "words"]   # the data reader, for the modules that read lists through this one


def _title_rows():
    return table("ko/titles.tsv", 3)


def _suffix_rows():
    return table("ko/org_suffixes.tsv", 3)


# Each list is read from its file the first time a module asks for it (L.ORG_CUES), not at import.
_LISTS: dict[str, Callable[[], object]] = {
    # Korean surnames: a Korean full name is a surname plus one or two syllables.
    "SURNAMES": lambda: words("ko/surnames.txt"),
    # Job titles, longest first when matched; each maps to the role recorded on worksFor.
    "TITLES": lambda: sorted({t for t, _, _ in _title_rows()}, key=len, reverse=True),
    "TITLE_SET": lambda: frozenset(t for t, _, _ in _title_rows()),
    "ROLE_EN": lambda: {t: role for t, role, _ in _title_rows() if role != t},
    "NON_EMPLOYMENT_TITLES": lambda: frozenset(t for t, _, kind in _title_rows() if kind == "public"),
    "PRESS_TITLES": lambda: frozenset(t for t, _, kind in _title_rows() if kind == "press"),
    # Titles that may close a compound word after a name (메모리사업부장, 광양시장), longest first.
    "TITLE_SUFFIXES": lambda: sorted(words("ko/title_suffixes.txt"), key=len, reverse=True),
    # English titles (matched case-insensitively, as phrases): title -> (role, kind)
    "EN_TITLES": lambda: {t.lower(): (role, kind) for t, role, kind in table("en/titles.tsv", 3)},
    # Organisation shapes: name endings and the class they suggest.
    "ORG_SUFFIXES": lambda: [(s, c) for s, c, _ in _suffix_rows()],
    "GOV_SUFFIXES": lambda: frozenset(s for s, _, f in _suffix_rows() if "government" in f.split(",")),
    "DISTINCTIVE_SUFFIXES": lambda: frozenset(s for s, _, f in _suffix_rows()
                                              if "distinctive" in f.split(",")),
    "ORG_STOP": lambda: words("ko/org_stop.txt"),
    # Nouns that, next to a quoted or coded name, say it is a product (and which class).
    "PRODUCT_CLASS": lambda: dict(table("ko/product_cues.tsv", 2)),
    "PRODUCT_CUES": lambda: frozenset(c for c, _ in table("ko/product_cues.tsv", 2)),
    "NOT_PRODUCT_AFTER": lambda: words("ko/not_product_after.txt"),
    "EVENT_CUES": lambda: words("ko/event_cues.txt"),
    "ORG_CUES": lambda: words("ko/org_cues.txt"),
    # Nouns closing a list (A, B, C 등 일본 대기업) and the class they give its members
    "LIST_HEADS": lambda: {**{c: "Company" for c in words("ko/org_cues.txt")},
                           **dict(table("ko/list_heads.tsv", 2))},
    "GENERIC_ACRONYMS": lambda: words("common/generic_acronyms.txt"),
    # Last words of English organisation names (Novex Labs, Novak Robotics): data/en/org_endings.txt
    "EN_ORG_ENDINGS": lambda: words("en/org_endings.txt"),
    "CODE_STOP": lambda: words("common/code_stop.txt"),
    "PLACES": lambda: words("common/places.txt"),
}


def __getattr__(name: str):
    """A list of _LISTS, read when first asked for and kept (PEP 562)."""
    make = _LISTS.get(name)
    if make is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = globals()[name] = make()
    return value
