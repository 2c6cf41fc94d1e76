"""A name to the entity it names: the one lookup behind the command line, the API, the graph page's
search and the query page (which asks the server's /resolve, kgraph/serve/http.py).

The rule (the graph page's search, kgraph/viz/template.html, follows the same steps):

1. an entity IRI stands for itself;
2. exact: a name or alias as written (rdfs:label, skos:prefLabel or skos:altLabel in the store, in
   either language; an alias added by a correction is one of them);
3. normalised: the same name ignoring case, width (NFKC), spaces and middle dots (`normalise_name`);
4. otherwise no entity, and suggestions drawn from the store only: names of entities that documents
   in the store mention, first those that start with what was typed, then those that contain it,
   then (here, not on the page) close spellings. A packaged reference name that no document
   mentions is never suggested.

When several entities share the name, a reference entity (its IRI has no type segment) comes
before a discovered one, then the IRI's order: the choice is the same everywhere.
"""
from __future__ import annotations

import difflib

from rdflib import Literal, URIRef

from kgraph.errors import UnknownEntityError
from kgraph.names import normalise_name
from kgraph.rdf.namespaces import ENTITY
from kgraph.store.base import Store

NAMES = "rdfs:label|skos:prefLabel|skos:altLabel"
SUGGESTIONS = 5


def pick(hits) -> URIRef:
    """One IRI of several that share a name: a reference entity before a discovered one, then by IRI."""
    return min(hits, key=lambda x: (str(x).count("/"), str(x)))


def _is_entity(iri) -> bool:
    return isinstance(iri, URIRef) and str(iri).startswith(str(ENTITY))


def exact(store: Store, name: str) -> URIRef | None:
    """The entity with this name or alias exactly as written (any language tag), if any."""
    name = name.strip()
    if not name:
        return None
    values = " ".join(Literal(name, lang=lang).n3() for lang in ("ko", "en")) + " " + Literal(name).n3()
    rows = store.query(f"SELECT DISTINCT ?e WHERE {{ VALUES ?n {{ {values} }} ?e {NAMES} ?n }}")
    hits = [r["e"] for r in rows if _is_entity(r["e"])]
    return pick(hits) if hits else None


def normalised(store: Store, name: str) -> URIRef | None:
    """The entity whose name matches ignoring case, width, spaces and middle dots, if any: the facts
    graph's name index first (one lookup), then every name in the store."""
    key = normalise_name(name)
    if not key:
        return None
    hits = {r["e"] for r in store.query(
        "SELECT DISTINCT ?e WHERE { GRAPH kgg:facts { ?e kg:nameKey ?key } }", {"key": Literal(key)})}
    if not hits:      # names without a key yet, or that SPARQL's LCASE folds differently from NFKC
        for r in store.query(f"SELECT DISTINCT ?e ?n WHERE {{ ?e {NAMES} ?n }}"):
            if normalise_name(str(r["n"])) == key:
                hits.add(r["e"])
    hits = {h for h in hits if _is_entity(h)}
    return pick(hits) if hits else None


def lookup(store: Store, name: str) -> URIRef | None:
    """The entity `name` names by the rule above (an IRI, exact, normalised), or None."""
    name = name.strip()
    if name.startswith(("http://", "https://")):
        return URIRef(name)
    return exact(store, name) or normalised(store, name)


def rank_suggestions(key: str, names: list[tuple[str, str, int]], n: int = SUGGESTIONS,
                     close: bool = True) -> list[str]:
    """The names to suggest for the normalised `key` among (entity, name, documents) rows: names that
    start with it, then names that contain it (each group: more documents first, then shorter, then
    alphabetical), then with `close`, spellings difflib finds close; one name per entity, `n` at most."""
    starts, contains, by_key = [], [], {}
    for entity, name, docs in names:
        k = normalise_name(name)
        if not k:
            continue
        by_key.setdefault(k, (entity, name))
        if k.startswith(key):
            starts.append((-docs, len(k), name, entity))
        elif key in k:
            contains.append((-docs, len(k), name, entity))
    out: list[str] = []
    seen: set[str] = set()

    def add(entity: str, name: str) -> None:
        if entity not in seen and name not in out and len(out) < n:
            seen.add(entity)
            out.append(name)

    for *_, name, entity in sorted(starts) + sorted(contains):
        add(entity, name)
    if close and len(out) < n:
        for k in difflib.get_close_matches(key, list(by_key), n=n, cutoff=0.6):
            add(*by_key[k])
    return out


def suggest(store: Store, name: str, n: int = SUGGESTIONS, close: bool = True) -> list[str]:
    """Names close to `name` of entities that documents in the store mention (see rank_suggestions;
    `close`: add close spellings, which the graph page leaves out)."""
    key = normalise_name(name)
    if not key:
        return []
    rows = store.query(f"""SELECT DISTINCT ?e ?n ?c WHERE {{
        GRAPH kgg:facts {{ ?e kg:documentCount ?c }} ?e {NAMES} ?n }}""")
    names = [(str(r["e"]), str(r["n"]), int(r["c"].toPython())) for r in rows if _is_entity(r["e"])]
    return rank_suggestions(key, names, n, close)


def resolution(store: Store, name: str) -> tuple[URIRef | None, list[str]]:
    """(the entity `name` stands for, or None; and then the suggestions): resolve_entity without the
    error, what the query page's /resolve answers."""
    found = lookup(store, name)
    if found is None:
        return None, suggest(store, name)
    from kgraph.rdf.corrections import survivor  # a merged entity (or its IRI) stands for its survivor
    return survivor(store, found), []


def resolve_entity(store: Store, name: str) -> URIRef:
    """The IRI of the entity with this name or alias (either language), by the rule above, or of the
    entity it was merged into (kgraph merge); an UnknownEntityError with suggestions from the store
    when none has it."""
    found, suggestions = resolution(store, name)
    if found is None:
        raise UnknownEntityError(name, suggestions)
    return found


__all__ = ["exact", "lookup", "normalised", "pick", "rank_suggestions", "resolution", "resolve_entity", "suggest"]
