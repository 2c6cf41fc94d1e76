"""The one reader of kgraph's data files (kgraph/data/): word lists, tables, rules' tables.

`.txt` files hold one entry per line; `.tsv` files have tab-separated columns named in their last
comment line. Lines starting with '#' are comments, blank lines are skipped. Each file is read
once, when first asked for; a file that cannot be read, or a row with the wrong number of
columns, is an error naming the file and line.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kgraph.errors import KgraphError

DATA = Path(__file__).resolve().parent / "data"


def lines(name: str) -> list[tuple[int, str]]:
    """(line number, line) of the data file `name` (relative to kgraph/data), comments and blanks left out."""
    path = DATA / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise KgraphError(f"cannot read data file {path}: {err}") from None
    return [(n, line.rstrip("\n")) for n, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The entries of a list, e.g. words('ko/org_stop.txt'); of a .tsv list, its first column."""
    return frozenset(line.split("\t")[0].strip() for _, line in lines(name))


@lru_cache(maxsize=None)
def table(name: str, columns: int) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV list with exactly `columns` columns; a malformed row is an error naming its line."""
    rows = []
    for n, line in lines(name):
        cols = tuple(c.strip() for c in line.split("\t"))
        if len(cols) != columns:
            raise KgraphError(f"{DATA / name}:{n}: expected {columns} tab-separated columns, found {len(cols)}")
        rows.append(cols)
    return tuple(rows)
