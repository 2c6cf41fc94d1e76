"""Canned questions: `.rq` files shipped with kgraph, each with typed parameters declared in its header.

A header line declares a parameter::

    # param entity (entity): what the parameter means
    # param hops (integer) = 3: a parameter with a default
    # param modality (choice: stated|planned|discussed|speculated) = speculated: ...
    # param entity (entity) = none: optional; unbound (UNDEF) when not given

The comment lines before the parameters describe the question to users (`kgraph query --list`, the
query page); notes on how the query runs go after a bare ``#`` line, and are not shown.

Types: ``entity`` (a name or alias in either language, or an IRI; resolved against the store),
``string``, ``integer``, ``number`` (a decimal, e.g. a confidence), ``date`` (YYYY-MM-DD) and
``choice: a|b|c``.

Parameters are bound by VALUES clauses. A query puts a placeholder ``VALUES ?entity { UNDEF }``
where the walk through the graph should start from the parameter (in each branch of a union,
inside the GRAPH block): Oxigraph evaluates a group from a VALUES inside it, but joins one outside
it only afterwards, so a hub's partners took 80 ms bound at the top and 2 ms bound in place.
Parameters without placeholders are bound once at the top (`kgraph.rdf.sparql.bind_values`).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal

from kgraph.errors import QueryError
from kgraph.store.base import Store

QUERIES = Path(__file__).resolve().parent / "queries"
_PARAM = re.compile(r"^#\s*param\s+(\w+)\s+\(([^)]*)\)\s*(?:=\s*([^\s:]+))?\s*:?\s*(.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str                      # entity, string, integer, date, choice
    default: str | None            # None: required; "none": optional (unbound)
    description: str
    choices: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class CannedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str

    def usage(self) -> str:
        parts = []
        for p in self.params:
            kind = (f"{p.choices[0]}-{p.choices[1]}" if p.type == "integer" else "|".join(p.choices)) \
                if p.choices else p.type
            parts.append(f"{p.name}=<{kind}>" if p.required else f"[{p.name}=<{kind}>]")
        return " ".join(parts)


def parse_canned(name: str, text: str) -> CannedQuery:
    """A canned question from the text of its `.rq` file."""
    description: list[str] = []
    params: list[Param] = []
    notes = False                       # after a bare "#": notes on how the query runs, not for users
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if not line.lstrip("#").strip():
            notes = True
            continue
        m = _PARAM.match(line)
        if m:
            pname, ptype, default, desc = m.groups()
            ptype = ptype.strip()
            choices: tuple[str, ...] = ()
            bounds = re.fullmatch(r"integer (\d+)-(\d+)", ptype)
            if bounds:                      # (integer 1-3): the allowed range
                choices = (bounds.group(1), bounds.group(2))
                ptype = "integer"
            if ptype.startswith("choice:"):
                choices = tuple(c.strip() for c in ptype.split(":", 1)[1].split("|"))
                ptype = "choice"
            if ptype not in ("entity", "string", "integer", "number", "date", "choice"):
                raise QueryError(f"{name}.rq: parameter {pname!r} has unknown type {ptype!r}")
            params.append(Param(pname, ptype, default, desc.strip(), choices))
        elif not params and not notes:
            description.append(line.lstrip("#").strip())
    return CannedQuery(name, " ".join(d for d in description if d), tuple(params), text)


def canned_names() -> list[str]:
    """Names of the canned questions shipped with kgraph."""
    return sorted(p.stem for p in QUERIES.glob("*.rq"))


def get_canned(name: str) -> CannedQuery:
    """A canned question by name; the error lists the available ones."""
    path = QUERIES / f"{name}.rq"
    if not re.fullmatch(r"[\w-]+", name or "") or not path.is_file():
        raise QueryError(f"no canned question named {name!r}; available: {', '.join(canned_names())}")
    return parse_canned(name, path.read_text(encoding="utf-8"))


def canned(name: str) -> str:
    """The SPARQL text of a canned question by name."""
    return get_canned(name).text


def bind_params(store: Store, cq: CannedQuery, given: dict[str, str]) -> dict:
    """RDF terms for the parameters of a canned question: entities resolved, values checked, defaults."""
    known = {p.name for p in cq.params}
    extra = sorted(set(given) - known)
    if extra == ["lang"]:
        raise QueryError(f"{cq.name}: its rows name no entities, so it takes no lang; it takes "
                         f"{cq.usage() or 'no parameters'}")
    if extra:
        raise QueryError(f"{cq.name}: unknown parameter {extra[0]!r}; it takes {cq.usage() or 'no parameters'}")
    out: dict = {}
    for p in cq.params:
        raw = given.get(p.name, p.default)
        if raw is None:
            raise QueryError(f"{cq.name}: parameter {p.name!r} is required ({p.description}); "
                             f"usage: {cq.usage()}")
        if raw == "none" and p.name not in given:
            out[p.name] = None
            continue
        out[p.name] = _term(store, cq.name, p, str(raw))
    return out


def _term(store: Store, qname: str, p: Param, raw: str):
    if p.type == "entity":
        from kgraph.query.resolve import resolve_entity
        return resolve_entity(store, raw)
    if p.type == "integer":
        try:
            value = int(raw)
        except ValueError:
            raise QueryError(f"{qname}: parameter {p.name!r} must be an integer, not {raw!r}") from None
        if p.choices and not int(p.choices[0]) <= value <= int(p.choices[1]):
            raise QueryError(f"{qname}: parameter {p.name!r} must be from {p.choices[0]} to {p.choices[1]}, "
                             f"not {value}")
        return Literal(value)
    if p.type == "number":
        from decimal import Decimal, InvalidOperation
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise QueryError(f"{qname}: parameter {p.name!r} must be a number (e.g. 0.8), not {raw!r}")
        from rdflib.namespace import XSD
        return Literal(str(value), datatype=XSD.decimal)
    if p.type == "date":
        try:
            return Literal(dt.date.fromisoformat(raw).isoformat())
        except ValueError:
            raise QueryError(f"{qname}: parameter {p.name!r} must be a date YYYY-MM-DD, not {raw!r}") from None
    if p.type == "choice" and raw not in p.choices:
        raise QueryError(f"{qname}: parameter {p.name!r} must be one of {', '.join(p.choices)}, not {raw!r}")
    return Literal(raw)


def run_canned(store: Store, name: str, /, *, limits: dict | None = None, **params: str) -> list[dict]:
    """Answer a canned question: rows as dicts of rdflib terms. With `limits` (the timeout,
    max_memory and options of kgraph.query.run.query) it runs in a process stopped past them, as
    `kgraph query --name` does; without, here. The facts graph is checked first (require_facts).

    >>> run_canned(store, "partners", entity="오픈AI")          # doctest: +SKIP
    """
    from kgraph.query.run import query, run
    cq = get_canned(name)
    require_facts(store)
    bindings = bind_params(store, cq, {k: str(v) for k, v in params.items()})
    if limits is not None:
        return query(store, cq.text, bindings, **limits)
    return run(store, cq.text, bindings)


def run_canned_page(store: Store, name: str, /, *, limit=None, offset=0, count: bool = False,
                    limits: dict | None = None, **params: str):
    """One page of a canned question's answer (kgraph.query.paging.Page): at most `limit` rows
    (None: kgraph.query.paging.DEFAULT_LIMIT) after the first `offset`, read with plain SPARQL
    LIMIT/OFFSET as the endpoint reads them; `count` also counts the whole answer (its cost).
    `limits` as for run_canned. Page.next() reads the next page with the same parameters.

    >>> run_canned_page(store, "partners", entity="오픈AI", limit=10)     # doctest: +SKIP
    """
    from kgraph.query.paging import DEFAULT_LIMIT, check_page, run_page
    from kgraph.query.run import query, run
    limit, offset = check_page(DEFAULT_LIMIT if limit is None else limit, offset)
    cq = get_canned(name)
    require_facts(store)
    bindings = bind_params(store, cq, {k: str(v) for k, v in params.items()})

    if name == "paths":         # a bounded bidirectional search: the same rows as paths.rq, page by page
        from kgraph.query.paths import paths_page
        return paths_page(store, bindings, limit, offset, count)

    def read(text: str):
        return query(store, text, bindings, **limits) if limits is not None else run(store, text, bindings)

    def fetch(size: int, start: int):
        return run_page(read, cq.text, size, start, fetch=fetch)
    return run_page(read, cq.text, limit, offset, count=count, fetch=fetch)


_PICKS = """SELECT ?entity ?employer WHERE {
  { SELECT ?entity WHERE { GRAPH kgg:facts { ?entity kg:degree ?d ; kg:documentCount ?n } }
    ORDER BY DESC(?d) DESC(?n) ?entity LIMIT 2 }
  UNION
  { SELECT ?employer WHERE { GRAPH kgg:facts { ?f kg:factPredicate kg:worksFor ; kg:factObject ?employer } }
    GROUP BY ?employer ORDER BY DESC(COUNT(?f)) ?employer LIMIT 1 }
}"""


def canned_examples(store: Store) -> list[dict]:
    """Every canned question as a query that runs as it stands, for the query page: its entity
    parameters filled in with entities of this store (the best-connected ones; for `org`, the
    organization with the most people), the others with their defaults, bound by VALUES in place;
    each asks for its first page (LIMIT kgraph.query.paging.DEFAULT_LIMIT OFFSET 0).
    Each is {"name", "description", "params": {name: value}, "query"}."""
    from kgraph.query.paging import DEFAULT_LIMIT, page_text
    from kgraph.rdf.sparql import bind_values
    top, employer = [], None
    for r in store.query(_PICKS):           # no facts graph (an empty store): no rows, parameters unbound
        if r.get("entity") is not None:
            top.append(r["entity"])
        if r.get("employer") is not None:
            employer = r["employer"]
    out = []
    for name in canned_names():
        cq = get_canned(name)
        values: dict = {}
        for p in cq.params:
            if p.type == "entity":
                if p.default == "none":
                    values[p.name] = None
                    continue
                if p.name == "org":
                    values[p.name] = employer or (top[0] if top else None)
                elif p.name == "y":
                    values[p.name] = top[1] if len(top) > 1 else None
                else:
                    values[p.name] = top[0] if top else None
            elif p.default is not None and p.default != "none":
                values[p.name] = _term(store, name, p, p.default)
            else:
                values[p.name] = None
        out.append({"name": name, "description": cq.description,
                    "params": {k: ("" if v is None else str(v)) for k, v in values.items()},
                    "query": page_text(bind_values(cq.text, values), DEFAULT_LIMIT, 0)})
    return out


def require_facts(store: Store) -> None:
    """The canned questions read the derived facts graph: a store with documents but without it (made
    by an older kgraph, or changed by other means) is told how to build it."""
    from kgraph.rdf.facts import LAYOUT_ASK
    from kgraph.rdf.namespaces import FACTS_GRAPH
    if store.has_graph(FACTS_GRAPH):
        if not store.query(LAYOUT_ASK):
            raise QueryError(f"store {store.location!r} has a facts graph of an older layout (made by an older "
                             "kgraph: it lacks the keys the questions sort by); rebuild it once with `kgraph reindex`")
        return
    if store.query("ASK { GRAPH ?g { ?g a kg:Document } }"):
        raise QueryError(f"store {store.location!r} has documents but no facts graph (it was made by an older "
                         "kgraph, or changed by other means); build it once with `kgraph reindex`")


__all__ = ["CannedQuery", "Param", "canned", "canned_names", "canned_examples", "get_canned", "bind_params",
           "run_canned", "run_canned_page"]
