"""Symmetric predicates (partnerOf, competesWith, meets) answer both ways in plain SPARQL: the facts
graph holds the direct triple in both directions, while the document graphs keep what the text said
and every question still counts each fact once."""
from __future__ import annotations

import kgraph
from kgraph.rdf.namespaces import SYMMETRIC_PREDICATES
from tests import minigraph


def test_symmetric_ask_is_true_both_ways_on_a_store_built_from_text(tmp_path):
    (tmp_path / "a.txt").write_text("오픈AI는 카카오와 전략적 제휴를 맺었다.\n", encoding="utf-8")
    with kgraph.KGraph(":memory:") as kg:
        kg.ingest([str(tmp_path / "a.txt")])
        stated = kg.query("SELECT ?s ?o WHERE { GRAPH ?d { ?s kg:partnerOf ?o } FILTER(?d != kgg:facts) }")
        assert len(stated) == 1                       # the document graph keeps the one direction of the text
        assert kg.query("ASK { ent:OpenAI kg:partnerOf ent:Kakao }") is True
        assert kg.query("ASK { ent:Kakao kg:partnerOf ent:OpenAI }") is True
        kg.reindex()
        assert kg.query("ASK { ent:OpenAI kg:partnerOf ent:Kakao }") is True
        assert kg.query("ASK { ent:Kakao kg:partnerOf ent:OpenAI }") is True
        kg.remove("a.txt")
        assert kg.query("ASK { GRAPH kgg:facts { ?s kg:partnerOf ?o } }") is False


def test_every_symmetric_fact_has_both_directions_and_others_one(tmp_path):
    with kgraph.KGraph(minigraph.store_dir(tmp_path / "s")) as kg:
        rows = kg.query("SELECT ?s ?p ?o WHERE { GRAPH kgg:facts { ?f kg:factSubject ?s ; kg:factPredicate ?p ;"
                        " kg:factObject ?o } }")
        for r in rows:
            back = kg.query(f"ASK {{ GRAPH kgg:facts {{ <{r['o']}> <{r['p']}> <{r['s']}> }} }}")
            assert back is (str(r["p"]).rsplit("#", 1)[-1] in SYMMETRIC_PREDICATES)
        # each fact counted once: OpenAI's partners are Kakao, SoftBank and Samsung, one row each
        partners = kg.canned_query("partners", entity="OpenAI")
        assert sorted(str(r["label"]) for r in partners) == ["Kakao", "Samsung Electronics", "SoftBank Group"]
        g = kg.to_networkx()
        assert g.number_of_edges() == len(rows)
