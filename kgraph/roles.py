"""Roles on worksFor, normalised by kgraph/data/roles.tsv: one name per role (kg:role) with an English
and a Korean label, whatever title the article wrote (대표이사, 최고경영자 and chief executive are all
CEO); the title as written stays in the evidence sentence."""
from __future__ import annotations

from functools import lru_cache

from kgraph.datafiles import table
from kgraph.errors import KgraphError

FILE = "roles.tsv"


@lru_cache(maxsize=None)
def roles() -> dict[str, dict[str, str]]:
    """role -> {"en": label, "ko": label}."""
    return {role: {"en": en, "ko": ko} for role, en, ko, _ in table(FILE, 4)}


@lru_cache(maxsize=None)
def _forms() -> dict[str, str]:
    out: dict[str, str] = {}
    for role, _, _, forms in table(FILE, 4):
        for form in (f.strip() for f in forms.split(",")):
            key = form.casefold()
            if form and out.setdefault(key, role) != role:
                raise KgraphError(f"{FILE}: the title {form!r} is given for two roles, {out[key]!r} and {role!r}; "
                                  "keep it in one row")
    return out


def normalise_role(title: str | None) -> str | None:
    """The role a title records (its row's role), or the title itself when no row names it."""
    if not title:
        return title
    return _forms().get(" ".join(title.split()).casefold(), title)


def role_label(role: str, lang: str = "en") -> str:
    """A role's label in `lang` (en or ko); a role in no row is its own label."""
    return roles().get(role, {}).get(lang, role)


__all__ = ["roles", "normalise_role", "role_label"]
