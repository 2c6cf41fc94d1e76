"""Word lists of Korean and English news, read from kgraph/data/{common,ko,en}/.

Data, not logic: the rules in entities.py and relations.py read these lists, and adding a word
is a line in a file. `.txt` files hold one entry per line; `.tsv` files have tab-separated
columns named in their last comment line. Lines starting with '#' are comments.
"""
from __future__ import annotations

from kgraph.datafiles import DATA, table, words

__all__ = ["DATA", "table", "words"]   # the data reader, for the modules that read lists through this one


# Korean surnames: a Korean full name is a surname plus one or two syllables.
SURNAMES = words("ko/surnames.txt")

# Job titles, longest first when matched; each maps to the role recorded on worksFor.
_TITLE_ROWS = table("ko/titles.tsv", 3)
TITLES = sorted({t for t, _, _ in _TITLE_ROWS}, key=len, reverse=True)
TITLE_SET = frozenset(TITLES)
ROLE_EN = {t: role for t, role, _ in _TITLE_ROWS if role != t}
NON_EMPLOYMENT_TITLES = frozenset(t for t, _, kind in _TITLE_ROWS if kind == "public")
PRESS_TITLES = frozenset(t for t, _, kind in _TITLE_ROWS if kind == "press")
# Titles that may close a compound word after a name (메모리사업부장, 광양시장), longest first.
TITLE_SUFFIXES = sorted(words("ko/title_suffixes.txt"), key=len, reverse=True)
# English titles (matched case-insensitively, as phrases): title -> (role, kind)
EN_TITLES = {t.lower(): (role, kind) for t, role, kind in table("en/titles.tsv", 3)}

# Organisation shapes: name endings and the class they suggest.
_SUFFIX_ROWS = table("ko/org_suffixes.tsv", 3)
ORG_SUFFIXES = [(s, c) for s, c, _ in _SUFFIX_ROWS]
GOV_SUFFIXES = frozenset(s for s, _, f in _SUFFIX_ROWS if "government" in f.split(","))
DISTINCTIVE_SUFFIXES = frozenset(s for s, _, f in _SUFFIX_ROWS if "distinctive" in f.split(","))
ORG_STOP = words("ko/org_stop.txt")

# Nouns that, next to a quoted or coded name, say it is a product (and which class).
PRODUCT_CLASS = {cue: cls for cue, cls in table("ko/product_cues.tsv", 2)}
PRODUCT_CUES = frozenset(PRODUCT_CLASS)
NOT_PRODUCT_AFTER = words("ko/not_product_after.txt")
EVENT_CUES = words("ko/event_cues.txt")
ORG_CUES = words("ko/org_cues.txt")
# Nouns closing a list (A, B, C 등 일본 대기업) and the class they give its members
LIST_HEADS = {**{c: "Company" for c in ORG_CUES}, **dict(table("ko/list_heads.tsv", 2))}

GENERIC_ACRONYMS = words("common/generic_acronyms.txt")
# Last words of English organisation names (Novex Labs, Novak Robotics): data/en/org_endings.txt
EN_ORG_ENDINGS = words("en/org_endings.txt")
CODE_STOP = words("common/code_stop.txt")
PLACES = words("common/places.txt")
