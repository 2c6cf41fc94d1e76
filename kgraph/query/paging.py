"""Answers by the page: a question returns its first rows fast and says how to get the next.

A page of a SELECT is the query with plain SPARQL `LIMIT limit OFFSET offset` (at its end, or where
a canned question's inner query picks its rows); whether more rows follow is asked apart, with
`LIMIT 1` past the page, without counting them. An exact total is
counted only when it is free (the last page) or asked for (`count=True`: the whole answer is read
once). The endpoint and the query page use the same LIMIT/OFFSET, so the command line
(`kgraph query --limit/--offset`), the Python API (`KGraph.ask`, a Page) and the endpoint give the
same rows for the same page.

    >>> page = kg.ask("partners", entity="OpenAI", limit=20)        # doctest: +SKIP
    >>> page.has_more, page.next()                                  # doctest: +SKIP
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from kgraph.errors import QueryError
from kgraph.rdf.sparql import tokens
from kgraph.store.base import Rows

DEFAULT_LIMIT = 50          # rows of a first page: the command line and KGraph.ask
MAX_LIMIT = 10_000          # the largest page; for more, read page after page (or use kgraph export)


def check_page(limit, offset) -> tuple[int, int]:
    """(limit, offset) as integers, or a QueryError that says what a page takes."""
    def whole(value):
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            return None
        try:
            return int(value)
        except ValueError:
            return None
    limit_n, offset_n = whole(limit), whole(offset)
    if limit_n is None or offset_n is None:
        raise QueryError(f"a page takes whole numbers: limit {limit!r} and offset {offset!r} "
                         f"(e.g. limit=50, offset=100)")
    if not 1 <= limit_n <= MAX_LIMIT:
        raise QueryError(f"limit must be from 1 to {MAX_LIMIT:,}, not {limit_n}; for more rows read the next "
                         "pages (Page.next(), --offset), or export the store with kgraph export")
    if offset_n < 0:
        raise QueryError(f"offset must be 0 or more, not {offset_n} (the rows to skip before the page)")
    return limit_n, offset_n


PAGE_MARK = re.compile(r"^([ \t]*)# page[ \t]*$", re.MULTILINE)


def page_text(sparql: str, limit: int, offset: int) -> str:
    """The SELECT `sparql` cut to rows offset+1 .. offset+limit, in plain SPARQL. The LIMIT/OFFSET goes
    where a line `# page` stands (a canned question's inner query, which picks the page's rows by
    what the facts graph holds, before the labels of only those rows are looked up), else at the end
    (the query must then not end with a LIMIT or OFFSET of its own; the canned questions do not)."""
    m = PAGE_MARK.search(sparql)
    if m:
        return f"{sparql[:m.start()]}{m.group(1)}LIMIT {limit} OFFSET {offset}{sparql[m.end():]}"
    return f"{sparql.rstrip()}\nLIMIT {limit} OFFSET {offset}\n"


class Page(Rows):
    """One page of a SELECT answer: a list of rows (dicts of rdflib terms, the variables in `vars`)
    with where it is in the whole answer.

    `offset`, `limit`: the rows skipped and the most asked for; `has_more`: whether rows follow;
    `total`: the number of rows of the whole answer when known (the last page, or asked with
    count=True), else None. `next()` is the following page (None after the last); `pages()` this
    page and every one after it; `to_pandas()` a DataFrame of this page's rows."""

    def __init__(self, rows, variables, *, offset: int, limit: int | None, has_more: bool,
                 total: int | None = None, fetch: Callable[[int, int], Page] | None = None):
        super().__init__(rows, variables)
        self.offset, self.limit, self.has_more = offset, limit, has_more
        self.total = offset + len(self) if total is None and not has_more else total
        self._fetch = fetch

    @property
    def rows(self) -> list[dict]:
        return list(self)

    @property
    def next_offset(self) -> int | None:
        """The offset of the next page, or None when this is the last."""
        return self.offset + len(self) if self.has_more else None

    def next(self) -> Page | None:
        """The following page, of the same size; None when this page is the last."""
        if not self.has_more or self._fetch is None or self.limit is None:
            return None
        return self._fetch(self.limit, self.offset + len(self))

    def pages(self) -> Iterator[Page]:
        """This page and every page after it, each read when reached."""
        page: Page | None = self
        while page is not None:
            yield page
            page = page.next()

    def to_pandas(self):
        """This page's rows as a pandas DataFrame (the `notebook` extra)."""
        from kgraph.query.results import to_dataframe
        return to_dataframe(self, self.vars)

    def more_text(self, offset_option: str = "--offset") -> str:
        """What follows this page, in words ('' when nothing does): how many rows, when known, and how
        to ask for them."""
        if not self.has_more:
            return ""
        after = self.offset + len(self)
        count = f"{self.total - after:,} more rows follow" if self.total is not None else "more rows follow"
        return f"{count}: the next page with {offset_option} {after}"

    def __repr__(self) -> str:
        more = f", {self.total - self.offset - len(self)} more" if self.has_more and self.total is not None else \
            ", more follow" if self.has_more else ""
        return f"<Page rows {self.offset + 1}-{self.offset + len(self)}{more}: {list.__repr__(self)}>"


def run_page(run: Callable[[str], list], sparql: str, limit: int, offset: int, *, count: bool = False,
             fetch: Callable[[int, int], Page] | None = None) -> Page:
    """A page of the SELECT `sparql`, read by `run` (text -> rows), and whether rows follow (one row
    past it); with `count`, the whole answer is read once more for its total."""
    limit, offset = check_page(limit, offset)
    inner = PAGE_MARK.search(sparql) is not None
    rows = run(page_text(sparql, limit if inner else limit + 1, offset))
    if isinstance(rows, bool) or not isinstance(rows, list):
        raise QueryError("only a SELECT answers by the page; an ASK, CONSTRUCT or DESCRIBE answers whole")
    variables = list(getattr(rows, "vars", []) or [])
    if inner:
        # a question that pages in its inner query orders ties there by the store's index (facts of one
        # date): whether a row follows is asked apart (LIMIT 1 past the page), so that the page is read
        # by the very text the endpoint gets for it (a page cut from limit+1 rows could hold another tie)
        # by the inner query alone and unordered, which stops at the first row past the page (the
        # question's outer part gives each of its rows at least one row of the answer); ordered, the
        # store sorted every row again for that one answer
        has_more = len(rows) >= limit and len(run(rest_probe(sparql, offset + limit))) > 0
    else:
        # ordered to the last tie (the canned questions end their ORDER BY with an IRI): one row more
        has_more = len(rows) > limit
        rows = type(rows)(rows[:limit], variables) if has_more else rows
    total = None
    if count and has_more:
        total = len(run(sparql))
    return Page(rows, variables, offset=offset, limit=limit, has_more=has_more, total=total, fetch=fetch)


def rest_probe(sparql: str, offset: int) -> str:
    """A query whose answer is not empty when the inner query (the one marked `# page`) has more than
    `offset` rows: that query alone, without its ORDER BY, LIMIT 1 OFFSET `offset`, under the
    question's own prologue."""
    m = PAGE_MARK.search(sparql)
    if m is None:
        raise ValueError("the query has no '# page' line")
    depth, order, opening = 0, m.start(), None
    for t in reversed(list(tokens(sparql[:m.start()]))):
        if t.text == "}":
            depth += 1
        elif t.text == "{":
            if depth == 0:
                opening = t.start
                break
            depth -= 1
        elif depth == 0 and t.keyword == "ORDER":
            order = t.start
    if opening is None:
        raise ValueError("the '# page' line is not inside a sub-query")
    first = next(t for t in tokens(sparql) if t.keyword in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"))
    inner = sparql[opening + 1:order]
    return f"{sparql[:first.start]}SELECT * WHERE {{\n{{ {inner.strip()}\n}}\n}}\nLIMIT 1 OFFSET {offset}\n"


def slice_page(rows: list, limit: int | None, offset: int) -> Page:
    """A page cut from rows already read (at most offset + limit + 1 of them: see Store.query's limit)."""
    variables = list(getattr(rows, "vars", []) or [])
    if limit is None:
        return Page(rows[offset:], variables, offset=offset, limit=None, has_more=False)
    return Page(rows[offset:offset + limit], variables, offset=offset, limit=limit,
                has_more=len(rows) > offset + limit)


__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "Page", "check_page", "page_text", "rest_probe", "run_page", "slice_page"]
