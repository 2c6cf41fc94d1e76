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
FACTS = "https://w3id.org/kgraph/graph/facts"
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


def test_a_date_in_other_words_leaves_the_fact_undated_and_old_years_keep_four_digits(tmp_path):
    from kgraph.ingest.writer import write_documents
    location = minigraph.store_dir(tmp_path / "store")
    with kgraph.KGraph(location) as kg:
        for key, date, sentence in (("d5", "spring 2025", "모아랩은 삼성과 경쟁한다고 밝혔다."),
                                    ("d6", "0999-05-01", "홍길동은 삼성과 만났다고 밝혔다.")):
            pred = "competesWith" if key == "d5" else "meets"
            who = minigraph.MOALAB if key == "d5" else minigraph.HONG
            iri, graph = minigraph.document(key, date, None, "t", "ko", [(who, pred, minigraph.SAMSUNG, sentence, "stated", None)])
            write_documents(kg.store, [(iri, list(graph))])
        rows = {str(r["predicate"]): r for r in run_canned(kg.store, "modality", modality="stated")}
        assert rows["competesWith"].get("first") is None and rows["competesWith"].get("last") is None
        assert str(rows["meets"]["first"]) == "0999-05-01" == str(rows["meets"]["last"])
        incremental = sorted(kg.store.graph_triples(FACTS))
        kg.reindex()
        assert sorted(kg.store.graph_triples(FACTS)) == incremental        # the recount agrees


def test_pages_of_an_entity_with_a_fact_of_itself(tmp_path):
    # a fact of an entity with itself (loaded by other means: extraction and merges never leave one)
    # is one row of the entity's timeline, not two
    from kgraph.ingest.writer import write_documents
    location = minigraph.store_dir(tmp_path / "store")
    with kgraph.KGraph(location) as kg:
        iri, graph = minigraph.document("d7", "2025-05-05", None, "t", "ko", [
            (minigraph.KAKAO, "partnerOf", minigraph.KAKAO, "카카오는 카카오와 협력한다.", "stated", None)])
        write_documents(kg.store, [(iri, list(graph))])
        whole = run_canned(kg.store, "timeline", entity="Kakao")
        assert len(whole) == 3
        for limit in (1, 2, 3):
            pages = [r for p in kg.ask("timeline", entity="Kakao", limit=limit).pages() for r in p]
            assert len(pages) == 3 and sorted(map(repr, pages)) == sorted(map(repr, whole))


def test_an_ingest_rebuilds_the_facts_of_a_store_made_before_they_existed(tmp_path):
    # a store without a facts graph whose reference list is older: the new list's refresh must not
    # pass for the facts graph
    from kgraph.ingest.runner import ensure_schema
    location = minigraph.store_dir(tmp_path / "store")
    store = open_store(location)
    try:
        store.update("DROP GRAPH <https://w3id.org/kgraph/graph/facts> ; "
                     f"DELETE WHERE {{ GRAPH <https://w3id.org/kgraph/graph/reference> {{ ?g <{KG}contentHash> ?h }} }}")
        ensure_schema(store)
        assert store.query(LAYOUT_ASK)
        assert len(store.query(f"SELECT ?f WHERE {{ GRAPH <{FACTS}> {{ ?f a <{KG}Fact> }} }}")) == 7
    finally:
        store.close()
