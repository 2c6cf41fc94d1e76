"""The trend question: facts per month and predicate, exact rows on the mini graph."""
from __future__ import annotations

import pytest

import kgraph
from kgraph.errors import QueryError
from tests import minigraph


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    with kgraph.KGraph(minigraph.store_dir(tmp_path_factory.mktemp("trend") / "store")) as kg:
        yield kg


def rows(kg, **params):
    return [(str(r["month"]), str(r["predicate"]), int(r["facts"])) for r in kg.canned_query("trend", **params)]


def test_trend_counts_each_fact_once_in_the_month_it_was_first_reported(kg):
    # Kakao-OpenAI is stated in d1 (02-04) and d2 (02-05): one fact, in February
    assert rows(kg) == [("2025-01", "investsIn", 1), ("2025-02", "partnerOf", 2), ("2025-02", "worksFor", 1),
                        ("2025-03", "partnerOf", 2), ("2025-03", "worksFor", 1)]


def test_trend_of_an_entity_and_a_range(kg):
    assert rows(kg, entity="오픈AI") == [("2025-01", "investsIn", 1), ("2025-02", "partnerOf", 2),
                                       ("2025-02", "worksFor", 1), ("2025-03", "partnerOf", 1)]
    assert rows(kg, entity="Kakao", since="2025-02-05") == [("2025-03", "partnerOf", 1)]
    assert rows(kg, until="2025-02-04") == [("2025-01", "investsIn", 1), ("2025-02", "partnerOf", 1),
                                            ("2025-02", "worksFor", 1)]
    with pytest.raises(QueryError, match="parameter 'since' must be a date YYYY-MM-DD, not '2025-13'"):
        kg.canned_query("trend", since="2025-13")
