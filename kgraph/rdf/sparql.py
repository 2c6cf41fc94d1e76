"""SPARQL as text: a lexer that reads a query the way the grammar does, the guard every query
passes before a store runs it, RDF terms as SPARQL syntax, and parameters bound with VALUES.

The guard decides from tokens, not characters: `kg:Service`, `<http://x/load>`, a string
"SERVICE" or a comment are names, IRIs, strings and comments, and only a bare word is a
keyword (SPARQL's grammar has no other bare words). rdflib's SPARQL parser gives the same
answer from its algebra but takes 10-90 ms a query (150 ms for a VALUES block of 5,000 IRIs);
the lexer takes well under a millisecond for ordinary queries. Oxigraph parses the query again
when it runs it, so a query the lexer cannot make sense of is still refused, by the parser.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

from rdflib import Literal, URIRef
from rdflib.term import Node

from kgraph.config import BASE_IRI
from kgraph.errors import QueryError
from kgraph.rdf.namespaces import PREFIXES
from kgraph.rdf.ntriples import serialize as ntriples

# SPARQL 1.1 terminals (https://www.w3.org/TR/sparql11-query/#terminals), in the order they are tried.
_PN_CHARS = r"[\w\u00B7\u0300-\u036F\u203F-\u2040-]"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_LOCAL = rf"(?:[\w:]|{_PLX})(?:(?:{_PN_CHARS}|[.:]|{_PLX})*(?:{_PN_CHARS}|:|{_PLX}))?"
_PN_PREFIX = rf"[^\W\d_](?:(?:{_PN_CHARS}|\.)*{_PN_CHARS})?"
_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<comment>#[^\n\r]*)"
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)"
    r"|(?P<bnode>_:[\w](?:[\w.-]*[\w-])?)"
    r"|(?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    rf"|(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)"
    r"|(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<punct>\^\^|\|\||&&|!=|<=|>=|[{}()\[\],;.*/+\-!=<>|^?$@])"
    r"|(?P<other>.)", re.S)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
QUERY_WORDS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
# Oxigraph's parser recurses per nesting level and crashes the process (a segmentation fault, not an
# error) somewhere between 1,000 and 10,000 levels; no real query comes near this limit.
MAX_NESTING = 200


@dataclass(frozen=True)
class Token:
    kind: str          # ws, comment, string, iri, var, bnode, langtag, pname, number, word, punct, other
    text: str
    start: int

    @property
    def keyword(self) -> str:
        """The upper-cased word for a keyword token, '' for anything else."""
        return self.text.upper() if self.kind == "word" else ""


def tokens(sparql: str, *, significant: bool = True) -> Iterator[Token]:
    """The query's tokens in order (without white space and comments when `significant`). A query of
    up to CACHED_TEXT characters is split once and kept (a canned question is read three times a
    run: the guard, its parameters, its dataset; 5 ms of a first page of 50 ms), a longer text (an
    update's data) each time."""
    if len(sparql) <= CACHED_TEXT:
        return iter(_cached_tokens(sparql, significant))
    return _split(sparql, significant)


CACHED_TEXT = 20_000


def _split(sparql: str, significant: bool) -> Iterator[Token]:
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup or "other"
        if significant and kind in ("ws", "comment"):
            continue
        yield Token(kind, m.group(), m.start())


@lru_cache(maxsize=128)
def _cached_tokens(sparql: str, significant: bool) -> tuple[Token, ...]:
    return tuple(_split(sparql, significant))


def unescape(sparql: str) -> str:
    """SPARQL's \\u/\\U code point escapes, which the grammar applies before parsing."""
    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code < 0x110000 and not 0xD800 <= code <= 0xDFFF else m.group(0)
    return _ESCAPE.sub(char, sparql)


def query_form(sparql: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK for a query; the update keyword for an update; '' if neither."""
    for t in tokens(sparql):
        k = t.keyword
        if k in QUERY_WORDS or k in UPDATE_WORDS:
            return k
        if k not in ("PREFIX", "BASE") and t.kind not in ("iri", "pname"):
            return ""
    return ""


def has_dataset_clause(sparql: str) -> bool:
    """Whether the query names its own dataset (FROM or FROM NAMED), read from its tokens: FROM in a
    string, a comment, an IRI, a prefixed name or a variable is not a keyword, and the query grammar
    has FROM nowhere else (a subquery takes none). Such a query must run over that dataset, not over
    the union of all graphs kgraph's stores give a query without one. Read as written: Oxigraph
    does not apply \\u escapes to keywords."""
    return any(t.keyword == "FROM" for t in tokens(sparql))


def declared_prefixes(sparql: str) -> set[str]:
    """The prefixes the text's prologue declares (PREFIX, a name and an IRI, before the first operation; later
    operations of an update inherit them). Reads only the prologue: an update can be megabytes long."""
    own = set()
    toks = tokens(sparql)
    for t in toks:
        if t.keyword == "BASE":
            next(toks, None)
        elif t.keyword == "PREFIX":
            name = next(toks, None)
            if name is not None and name.kind == "pname":
                own.add(name.text.split(":", 1)[0])
            next(toks, None)
        else:
            break
    return own


def with_prefixes(sparql: str) -> str:
    """The text with the project's prefixes (kgraph.rdf.namespaces.PREFIXES) declared in front, for
    stores that cannot be given default prefixes (SPARQL servers); one the text declares is its own."""
    own = declared_prefixes(sparql)
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in own) + sparql


def _outbound(toks: list[Token], is_local: Callable[[str], bool]) -> str | None:
    """What in the token list would make a store fetch a URL: 'SERVICE', 'LOAD', 'FROM <iri>' or None.
    Prefixed names resolve against the project's prefixes, which every store declares, and the query's."""
    prefixes: dict[str, str] = dict(PREFIXES)
    base = ""
    n = len(toks)
    for i, t in enumerate(toks):
        k = t.keyword
        if k in ("SERVICE", "LOAD"):
            return k
        if k == "BASE" and i + 1 < n and toks[i + 1].kind == "iri":
            base = urljoin(base, toks[i + 1].text[1:-1])
        elif k == "PREFIX" and i + 2 < n and toks[i + 1].kind == "pname" and toks[i + 2].kind == "iri":
            prefixes[toks[i + 1].text.split(":", 1)[0]] = urljoin(base, toks[i + 2].text[1:-1])
        elif k in ("FROM", "USING"):
            j = i + 1
            if j < n and toks[j].keyword == "NAMED":
                j += 1
            if j >= n:
                continue
            ref = toks[j]
            if ref.kind == "iri":
                iri = urljoin(base, ref.text[1:-1])
            elif ref.kind == "pname":
                pfx, local = ref.text.split(":", 1)
                if pfx not in prefixes:
                    continue          # an undeclared prefix: the parser refuses the query
                iri = prefixes[pfx] + re.sub(r"\\(.)", r"\1", local)
            else:
                continue
            if not is_local(iri):
                return f"{k} <{iri}>"
    return None


def _depth(toks: list[Token]) -> int:
    depth = deepest = 0
    for t in toks:
        if t.kind == "punct" and t.text in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif t.kind == "punct" and t.text in "})]":
            depth = max(0, depth - 1)
    return deepest


def is_local_iri(iri: str) -> bool:
    """Graph IRIs kgraph itself mints (documents, the reference and ontology graphs)."""
    return iri.startswith(BASE_IRI)


def guard(sparql: str, is_local: Callable[[str], bool] = is_local_iri) -> None:
    """Refuse what would make a store reach outside (SERVICE, LOAD, FROM/FROM NAMED/USING a graph
    that `is_local` does not accept) and queries nested deeper than the parser survives.

    Every store calls this before it runs a query. A query with \\u escapes is read twice, as
    written and unescaped, since servers differ in when they apply the escapes.
    """
    toks = list(tokens(sparql))
    readings = [toks]
    if _ESCAPE.search(sparql):
        readings.append(list(tokens(unescape(sparql))))
    for reading in readings:
        what = _outbound(reading, is_local)
        if what:
            raise QueryError(f"{what} is refused: it would make the store fetch a remote URL; "
                             "query the local store only")
        if _depth(reading) > MAX_NESTING:
            raise QueryError(f"query is nested more than {MAX_NESTING} levels deep; simplify it")


# ------------------------------------------------------------------------------------------- terms
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def sparql_term(term: Node) -> str:
    """A term as SPARQL syntax that cannot break out of its position (IRIs checked, literals escaped)."""
    if isinstance(term, URIRef):
        if _BAD_IRI.search(str(term)):
            raise QueryError(f"not a valid IRI for a query parameter: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        body = (str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                .replace("\r", "\\r"))
        if term.language:
            if not re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", term.language):
                raise QueryError(f"not a valid language tag: {term.language!r}")
            return f'"{body}"@{term.language}'
        if term.datatype:
            return f'"{body}"^^{sparql_term(URIRef(term.datatype))}'
        return f'"{body}"'
    raise QueryError(f"cannot bind {term!r} as a query parameter; use an IRI or a literal")


def _where_brace(sparql: str) -> int | None:
    """Offset just after the '{' that opens the query's outer WHERE group, or None."""
    depth = 0
    form = ""
    prev = None
    for t in tokens(sparql):
        if t.kind == "punct" and t.text in "{(":
            if t.text == "{" and depth == 0 and (prev is not None and prev.keyword == "WHERE"
                                                 or form in ("SELECT", "ASK", "DESCRIBE")):
                return t.start + 1
            depth += 1
        elif t.kind == "punct" and t.text in "})":
            depth = max(0, depth - 1)
        elif not form and t.keyword in QUERY_WORDS:
            form = t.keyword
        prev = t
    return None


def bind_values(sparql: str, bindings: dict) -> str:
    """The query with its parameters bound by VALUES clauses (never pasted into the text); None is UNDEF.

    A parameter whose query holds placeholders `VALUES ?name { UNDEF }` is bound in each of them:
    a query puts them in the group where the parameter is first used (inside each branch of a
    union, inside a GRAPH block), because Oxigraph starts evaluating from a VALUES in the same
    group but joins one outside it only after evaluating the group (a hub's partners: 2 ms
    instead of 80 ms). The other parameters are bound by one clause inside the outer WHERE group,
    so the binding applies before any aggregation.
    """
    names = list(bindings)
    for n in names:
        if not _VAR.match(n):
            raise QueryError(f"not a valid variable name for a parameter: {n!r}")
    placed: set[str] = set()
    pieces: list[str] = []
    last = 0
    toks = list(tokens(sparql))
    for i in range(len(toks) - 4):
        a, v, o, u, c = toks[i:i + 5]
        if (a.keyword == "VALUES" and v.kind == "var" and v.text[1:] in bindings and o.text == "{"
                and u.keyword == "UNDEF" and c.text == "}"):
            term = bindings[v.text[1:]]
            pieces += [sparql[last:u.start], "UNDEF" if term is None else sparql_term(term)]
            last = u.start + len(u.text)
            placed.add(v.text[1:])
    sparql = "".join(pieces) + sparql[last:]
    rest = [n for n in names if n not in placed]
    if not rest:
        return sparql
    terms = " ".join("UNDEF" if bindings[n] is None else sparql_term(bindings[n]) for n in rest)
    values = f" VALUES ({' '.join('?' + n for n in rest)}) {{ ({terms}) }} "
    at = _where_brace(sparql)
    if at is None:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    return sparql[:at] + values + sparql[at:]


def insert_graph_update(graph: URIRef, content) -> str:
    """The update that writes a graph the store does not hold yet (no DROP: in one transaction with
    other writes, Oxigraph's DROP made the inserts after it 60% slower)."""
    text = content if isinstance(content, str) else ntriples(content)
    return f"INSERT DATA {{ GRAPH {sparql_term(graph)} {{\n{text}\n}} }}"


def replace_graph_update(graph: URIRef, content) -> str:
    """One SPARQL Update request that replaces a named graph; servers run a request as one transaction.
    `content`: triples, or their N-Triples text."""
    g = sparql_term(graph)
    text = content if isinstance(content, str) else ntriples(content)
    return f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{text}\n}} }}"
