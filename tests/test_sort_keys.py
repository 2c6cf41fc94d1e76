"""The sort keys the facts graph holds for the questions that page (layout 2 of kgraph/rdf/facts.py):
each fact's rank under the property of its strongest modality and its month-and-predicate key; the
layout stated in the graph, an older store told to reindex (and upgraded by its next ingest); and
`has_more` read by the inner query alone (kgraph.query.paging.rest_probe), at every page boundary."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import main
from kgraph.errors import QueryError
from kgraph.model import MODALITIES
from kgraph.query.canned import get_canned, run_canned
from kgraph.query.paging import page_text, rest_probe
from kgraph.rdf.facts import LAYOUT_ASK, LAYOUT_LINE, RANK_DATE, RANK_DOCS, modality_rank, month_predicate, rank_property
from kgraph.store import open_store
from tests import minigraph

KG = "https://w3id.org/kgraph/ontology#"
PAGED = [("modality", {"modality": "stated"}), ("timeline", {}),
         ("new", {"since": "2025-01-01"}), ("documents", {"entity": "OpenAI"}), ("relations", {"entity": "OpenAI"})]


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return minigraph.store_dir(tmp_path_factory.mktemp("keys") / "store")


def test_the_keys_order_as_the_modality_question_does():
    # most documents first, then the earliest first date, an undated fact before every dated one
    assert modality_rank(3, "2025-02-04") < modality_rank(2, None) < modality_rank(2, "2024-12-31") \
        < modality_rank(2, "2025-01-01") < modality_rank(1, "2023-01-01")
    assert modality_rank(2, "2025-02-04") == (RANK_DOCS - 2) * RANK_DATE + 20250204
    assert modality_rank(RANK_DOCS + 5, None) == 0                # a count past the key's range ranks first
    assert rank_property("speculated") == KG + "speculatedRank"
    assert month_predicate("2025-02-04", KG + "partnerOf") == "2025-02 partnerOf"


def test_every_fact_has_its_keys_and_the_graph_its_layout(mini):
    with kgraph.KGraph(mini, read_only=True) as kg:
        rows = kg.store.query(f"""SELECT ?f ?strong ?n ?first ?key ?rank ?by WHERE {{ GRAPH ?g {{
            ?f a <{KG}Fact> ; <{KG}strongestModality> ?strong ; <{KG}documentCount> ?n ; <{KG}factPredicate> ?p .
            OPTIONAL {{ ?f <{KG}firstDate> ?first }} OPTIONAL {{ ?f <{KG}monthPredicate> ?key }}
            ?f ?by ?rank . FILTER(STRENDS(STR(?by), "Rank")) }} }}""")
        assert len(rows) == 7 and kg.store.query(LAYOUT_ASK)       # the mini graph's seven facts
        for r in rows:
            first = str(r["first"]) if r["first"] is not None else None
            assert str(r["by"]) == rank_property(str(r["strong"]))
            assert int(r["rank"]) == modality_rank(int(r["n"]), first)
            assert (r["key"] is None) == (first is None)
            assert r["key"] is None or str(r["key"]).startswith(first[:7] + " ")


def test_modality_gives_the_first_and_last_dates(mini):
    # a bug fixed with the keys: the last date of every fact was empty (MAX over the date and the
    # fact node itself was an error, so no value)
    with kgraph.KGraph(mini, read_only=True) as kg:
        rows = run_canned(kg.store, "modality", modality="stated")
    dated = {(str(r["subject"]), str(r["object"])): (str(r["first"]), str(r["last"])) for r in rows if r["first"] is not None}
    assert dated[("Kakao", "OpenAI")] == ("2025-02-04", "2025-02-05")        # stated in d1 and d2
    assert dated[("SoftBank Group", "OpenAI")] == ("2025-01-10", "2025-01-10")
    assert len(dated) == len(rows) == 4


@pytest.mark.parametrize("name,params", PAGED)
def test_has_more_is_right_at_every_boundary(mini, name, params):
    def key(row) -> str:
        return repr(sorted((k, str(v)) for k, v in row.items() if v is not None))

    with kgraph.KGraph(mini, read_only=True) as kg:
        whole = run_canned(kg.store, name, **params)
        total = len(whole)
        assert total >= 2
        for limit in range(1, total + 2):
            pages = [row for page in kg.ask(name, limit=limit, **params).pages() for row in page]
            assert sorted(map(key, pages)) == sorted(map(key, whole)), limit     # the pages split the answer
            for offset in range(0, total + 1):
                page = kg.ask(name, limit=limit, offset=offset, **params)
                assert page.has_more == (offset + limit < total), (limit, offset)
                assert len(page) == max(0, min(limit, total - offset))


def test_the_probe_is_the_inner_query_unordered():
    probe = rest_probe(get_canned("new").text, 50)
    assert probe.startswith("# Facts first reported") and "PREFIX kgg:" in probe
    assert "ORDER BY" not in probe and probe.rstrip().endswith("LIMIT 1 OFFSET 50")
    assert "kg:firstDate ?first" in probe and "kg:evidence" not in probe     # the outer part is left out
    with pytest.raises(ValueError, match="no '# page' line"):
        rest_probe("SELECT * WHERE { ?s ?p ?o }", 5)
    assert "LIMIT 7 OFFSET 3" in page_text(get_canned("modality").text, 7, 3)


def test_a_store_of_the_older_layout_is_told_to_reindex_and_an_ingest_upgrades_it(tmp_path):
    location = minigraph.store_dir(tmp_path / "store")
    store = open_store(location)
    try:           # what an older kgraph wrote: no layout line, no keys
        store.update(f"DELETE DATA {{ GRAPH <https://w3id.org/kgraph/graph/facts> {{ {LAYOUT_LINE} }} }} ;"
                     f"DELETE WHERE {{ GRAPH <https://w3id.org/kgraph/graph/facts> {{ ?f <{KG}monthPredicate> ?k }} }}")
    finally:
        store.close()
    with kgraph.KGraph(location) as kg:
        with pytest.raises(QueryError, match="older layout.*kgraph reindex"):
            kg.ask("trend")
    res = CliRunner().invoke(main, ["--store", location, "query", "--name", "trend"])
    assert res.exit_code != 0 and "kgraph reindex" in res.output
    text = tmp_path / "new.txt"
    text.write_text("오픈AI는 카카오와 협력한다고 밝혔다.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["--store", location, "ingest", str(text)])
    assert res.exit_code == 0, res.output
    with kgraph.KGraph(location, read_only=True) as kg:
        assert kg.store.query(LAYOUT_ASK)
        months = {(str(r["month"]), str(r["predicate"])): int(r["facts"]) for r in kg.ask("trend")}
    assert months[("2025-02", "partnerOf")] == 2 and months[("2025-02", "worksFor")] == 1


def test_modalities_of_the_vocabulary_each_have_a_rank_property():
    text = get_canned("modality").text
    for m in MODALITIES:
        assert f'("{m}" kg:{m}Rank)' in text
