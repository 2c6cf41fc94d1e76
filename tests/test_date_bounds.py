"""timeline, trend and new with and without date bounds (issue 27): an unset bound filters nothing
(the questions read no date per fact for it), a bound at the far ends gives the same rows as none,
and a bound inside the range cuts on the first date, every bound inclusive."""
from __future__ import annotations

import pytest

import kgraph
from tests import minigraph


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    with kgraph.KGraph(minigraph.store_dir(tmp_path_factory.mktemp("bounds") / "store")) as kg:
        yield kg


def rows(kg, name, **params):
    return [tuple(str(v) for v in r.values()) for r in kg.canned_query(name, **params)]


def firsts(kg, name, **params):
    key = "date" if name != "trend" else "month"
    return [str(r[key]) for r in kg.canned_query(name, **params)]


@pytest.mark.parametrize("name", ["timeline", "trend", "new"])
def test_no_bound_is_the_whole_range(kg, name):
    whole = rows(kg, name)
    assert whole, f"{name}: the mini graph has dated facts"
    wide = {"since": "0001-01-01"} if name == "new" else {"since": "0001-01-01", "until": "9999-12-31"}
    assert rows(kg, name, **wide) == whole


@pytest.mark.parametrize("name", ["timeline", "new"])
def test_bounds_cut_on_the_first_date_inclusively(kg, name):
    dates = firsts(kg, name)
    assert len(set(dates)) >= 3, dates
    low, mid = sorted(set(dates))[1], sorted(set(dates))[-2]
    assert firsts(kg, name, since=low) == [d for d in dates if d >= low]
    if name == "timeline":
        assert firsts(kg, name, until=mid) == [d for d in dates if d <= mid]
        assert firsts(kg, name, since=low, until=mid) == [d for d in dates if low <= d <= mid]
    page = kg.ask(name, since=low, limit=1)
    assert [str(r["date"]) for r in page] == [d for d in dates if d >= low][:1] and page.has_more


def test_trend_bounds(kg):
    assert rows(kg, "trend", until="2025-02-04") == [("2025-01", "investsIn", "1"), ("2025-02", "partnerOf", "1"),
                                                     ("2025-02", "worksFor", "1")]
