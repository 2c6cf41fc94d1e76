"""The documents question joins each document's file name and date by hash (issue 27): the same
documents, an undated one among them (first, as SPARQL orders an unbound date), paged the same."""
from __future__ import annotations

import pytest

import kgraph
from tests import minigraph


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    with kgraph.KGraph(minigraph.store_dir(tmp_path_factory.mktemp("docs") / "store")) as kg:
        yield kg


def mentioning(kg, iri: str) -> set[str]:
    return {str(r["doc"]) for r in kg.store.query(f"SELECT ?doc WHERE {{ GRAPH ?doc {{ ?doc kg:mentions <{iri}> }} }}")}


def test_documents_dated_and_undated(kg):
    iri = str(kg.resolve("Kakao"))
    docs = mentioning(kg, iri)
    assert len(docs) >= 2
    rows = kg.canned_query("documents", entity="Kakao")
    assert {str(r["doc"]) for r in rows} == docs and all(r.get("file") is not None for r in rows)
    dates = [str(r["published"]) for r in rows]
    assert dates == sorted(dates)
    undated = str(rows[-1]["doc"])
    kg.store.update(f"DELETE WHERE {{ GRAPH <{undated}> {{ <{undated}> kg:published ?p }} }}")
    rows = kg.canned_query("documents", entity="Kakao")
    assert [str(r["doc"]) for r in rows][0] == undated and rows[0].get("published") is None
    assert {str(r["doc"]) for r in rows} == docs
    first = kg.ask("documents", entity="Kakao", limit=1)
    assert [str(r["doc"]) for r in first] == [undated] and first.has_more
    assert [str(r["doc"]) for p in first.pages() for r in p] == [str(r["doc"]) for r in rows]
