"""One SPARQL request answered, as bytes: the work a query worker does, in a process or a thread.

Kept free of HTTP so that a worker process can run it on its own read-only store and hand back
the finished response; the server only negotiates, queues and sends.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

from rdflib import Graph

from kgraph.errors import KgraphError, QueryError, QueryTimeout
from kgraph.query import results as F
from kgraph.serve.negotiation import negotiate
from kgraph.query.run import run as run_query
from kgraph.rdf.sparql import query_form
from kgraph.store.base import Rows


@dataclass
class Answer:
    status: int
    body: bytes
    ctype: str
    headers: dict = field(default_factory=dict)


def text_answer(status: int, message: str, headers: dict | None = None) -> Answer:
    return Answer(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers or {})


def requested(params: dict, accept_header: str | None) -> str:
    """What the client asked for, as an Accept value: `format=` when given (SPARQLWrapper repeats it,
    format=tsv&format=text/tab-separated-values, and sends an empty one beside */*: the non-empty
    values are joined), else the Accept header."""
    formats = [f.strip() for f in params.get("format", []) if f.strip()]
    return ", ".join(formats) if formats else (accept_header or "")


def offered_types(form: str) -> tuple[str, ...]:
    """The media types a query of this form can be answered in."""
    return F.GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else F.SELECT_TYPES


def negotiate_for(text: str, accept: str) -> tuple[str | None, Answer | None]:
    """(media type, None), or (None, a 406 Answer) before any work is done."""
    form = query_form(text)
    offered = offered_types(form)
    mime = negotiate(accept, offered)
    if mime is None and form == "ASK":
        mime = F.JSON
    if mime is None and form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        what = "a CONSTRUCT or DESCRIBE" if offered is F.GRAPH_TYPES else "a SELECT"
        return None, text_answer(406, f"cannot answer {what} as {accept!r}; accept one of " + ", ".join(offered))
    return mime, None


def answer_query(store, text: str, accept: str, cap: int, deadline: float | None, dataset=None) -> Answer:
    """Run `text` on `store` (over the protocol `dataset` when one is given: serve/dataset.py) and
    serialise the result for `accept`; errors become plain-text answers."""
    mime, refusal = negotiate_for(text, accept)
    if refusal is not None:
        return refusal
    try:
        if dataset is not None:
            from kgraph.serve.dataset import DatasetStore
            store = DatasetStore(store, dataset)
        result = run_query(store, text, limit=cap, deadline=deadline)
    except QueryTimeout as err:
        return text_answer(503, str(err))
    except QueryError as err:
        return text_answer(400, str(err))
    except KgraphError as err:
        return text_answer(500, str(err))
    truncated = False
    if not isinstance(result, bool) and len(result) > cap:
        truncated = True
        if isinstance(result, Rows):
            result = Rows(result[:cap], result.vars)
        else:
            g = Graph()                 # a CONSTRUCT or DESCRIBE answer: the first `cap` triples
            for t in islice(result, cap):
                g.add(t)
            result = g
    extra = {"X-Kgraph-Row-Cap": f"{cap}; truncated"} if truncated else {}
    if isinstance(result, bool):
        mime = mime if mime in F.SELECT_TYPES else F.JSON
        return Answer(200, F.serialize_boolean(result, mime), mime + "; charset=utf-8")
    if isinstance(result, list):
        mime = mime if mime in F.SELECT_TYPES else negotiate(accept, F.SELECT_TYPES)
        if mime is None:
            return text_answer(406, f"cannot answer a SELECT as {accept!r}; accept one of " + ", ".join(F.SELECT_TYPES))
        variables = getattr(result, "vars", None) or list(dict.fromkeys(k for r in result for k in r))
        return Answer(200, F.serialize_rows(result, variables, mime), mime + "; charset=utf-8", extra)
    mime = mime if mime in F.GRAPH_TYPES else negotiate(accept, F.GRAPH_TYPES)
    if mime is None:
        return text_answer(406, f"cannot answer a CONSTRUCT or DESCRIBE as {accept!r}; accept one of "
                                + ", ".join(F.GRAPH_TYPES))
    return Answer(200, F.serialize_graph(result, mime), F.content_type(mime), extra)
