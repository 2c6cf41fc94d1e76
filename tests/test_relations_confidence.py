"""The relations question reads a statement's confidence only for min_confidence (issue 27): without
it every statement of the entity is listed once, with or without a confidence; with it, a statement
without a confidence is left out and the others are kept by their value."""
from __future__ import annotations

import pytest

import kgraph
from tests import minigraph


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    with kgraph.KGraph(minigraph.store_dir(tmp_path_factory.mktemp("relconf") / "store")) as kg:
        yield kg


def statements(kg, entity_iri: str) -> dict[str, float | None]:
    """Every statement about the entity in the document graphs, with its confidence (None: none)."""
    rows = kg.store.query(f"""SELECT ?rel ?c WHERE {{ GRAPH ?d {{
        {{ ?rel kg:subject <{entity_iri}> }} UNION {{ ?rel kg:object <{entity_iri}> }}
        OPTIONAL {{ ?rel kg:confidence ?c }} }} }}""")
    return {str(r["rel"]): (None if r.get("c") is None else float(r["c"])) for r in rows}


def listed(kg, **params) -> list[str]:
    return [str(r["rel"]) for r in kg.canned_query("relations", entity="Kakao", **params)]


def test_statements_with_and_without_a_confidence(kg):
    iri = str(kg.resolve("Kakao"))
    before = statements(kg, iri)
    assert len(before) >= 3 and None not in before.values()
    # one statement loses its confidence (an older extraction wrote none)
    bare = sorted(before)[0]
    kg.store.update(f"DELETE WHERE {{ GRAPH ?d {{ <{bare}> kg:confidence ?c }} }}")
    now = statements(kg, iri)
    assert now[bare] is None
    rows = listed(kg)
    assert sorted(rows) == sorted(now), "each statement once, the one without a confidence too"
    low = min(c for c in now.values() if c is not None)
    assert sorted(listed(kg, min_confidence=str(low))) == sorted(r for r, c in now.items() if c is not None)
    high = max(c for c in now.values() if c is not None)
    assert sorted(listed(kg, min_confidence=str(high))) == sorted(r for r, c in now.items()
                                                                   if c is not None and c >= high)
