"""The analyst's corrections (issue 29): merge, alias, split, reject and its withdrawal are data in the
store (kgg:corrections) that re-ingest, reindex, export and import keep."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import main
from kgraph.errors import KgraphError
from kgraph.rdf.namespaces import CORRECTIONS_GRAPH
from tests import minigraph

# invented articles: one company under a Korean and an English name, then a third name
KO = "카카오는 스타트업 뉴로하모닉스와 전략적 제휴를 맺었다. 뉴로하모닉스는 음성 인공지능을 개발한다.\n"
EN = "Kakao signed a partnership with Neuroharmonix Inc., a voice AI startup.\n"
LATER = "Kakao expanded its partnership with Neuroharmonix Labs.\n"

FACTS = """SELECT ?s ?p ?o ?n WHERE { GRAPH kgg:facts { ?f kg:factSubject ?s ; kg:factPredicate ?p ;
           kg:factObject ?o ; kg:documentCount ?n } }"""


def facts(kg) -> set:
    return {(str(r["s"]), str(r["p"]).rsplit("#", 1)[-1], str(r["o"]), int(r["n"])) for r in kg.query(FACTS)}


def quads(kg, without_corrections: bool = True) -> set:
    return {q for q in kg.store.quads() if not (without_corrections and q[3] == CORRECTIONS_GRAPH)}


def partners(kg, entity: str) -> list[str]:
    return sorted(str(r["label"]) for r in kg.canned_query("partners", entity=entity))


@pytest.fixture
def mini(tmp_path):
    with kgraph.KGraph(minigraph.store_dir(tmp_path / "s")) as kg:
        yield kg


@pytest.fixture
def articles(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ko.txt").write_text(KO, encoding="utf-8")
    (tmp_path / "docs" / "en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "later.txt").write_text(LATER, encoding="utf-8")
    return tmp_path


def test_merge_maps_documents_facts_and_names_and_split_undoes_it_exactly(mini):
    before_facts, before_quads = facts(mini), quads(mini)
    moa = str(mini.resolve("모아랩"))
    softbank = mini.merge("SoftBank", "모아랩", by="ana", reason="one company")
    assert softbank.endswith("/SoftBank")
    after = facts(mini)
    assert not [f for f in after if moa in (f[0], f[2])]
    assert (softbank, "partnerOf", str(mini.resolve("Kakao")), 1) in after or \
           (str(mini.resolve("Kakao")), "partnerOf", softbank, 1) in after
    assert "SoftBank Group" in partners(mini, "Kakao")
    assert str(mini.resolve("모아랩")) == softbank               # its name is an alias of the survivor
    assert [c.detail for c in mini.corrections("merge")] == ["모아랩"]
    # no document mentions it any more (d3 mentions others, and not SoftBank): its mentions are the survivor's
    assert mini.query(f"ASK {{ GRAPH ?g {{ ?d kg:mentions <{moa}> }} }}") is False
    assert mini.query(f"ASK {{ GRAPH ?g {{ ?d kg:linkedMention <{moa}> ; kg:mentions <{softbank}> }} }}") is True
    # the document says what extraction linked, beside the survivor
    assert mini.query(f"ASK {{ GRAPH ?g {{ ?rel kg:linkedObject <{moa}> ; kg:object <{softbank}> }} }}") is True
    # merged twice, or into itself: refused with a message that says what to do
    with pytest.raises(KgraphError, match="already one entity"):
        mini.merge("SoftBank", "모아랩")
    assert mini.split("SoftBank", "모아랩") == moa
    assert facts(mini) == before_facts
    assert quads(mini) == before_quads                           # documents and facts graph as they were
    assert mini.corrections() == []
    with pytest.raises(KgraphError, match="no merges"):
        mini.split("SoftBank", "모아랩")


def test_merge_then_reingest_keeps_the_merge(articles, extractor):
    with kgraph.KGraph(":memory:") as kg:
        kg.ingest([str(articles / "docs")], extractor=extractor)
        assert partners(kg, "Kakao") == ["Neuroharmonix Inc.", "뉴로하모닉스"]
        kg.merge("뉴로하모닉스", "Neuroharmonix Inc.")
        assert partners(kg, "Kakao") == ["뉴로하모닉스"]
        merged = facts(kg)
        report = kg.ingest([str(articles / "docs")], extractor=extractor, force=True)
        assert report.ingested == 2
        assert facts(kg) == merged
        assert partners(kg, "Kakao") == ["뉴로하모닉스"]
        rows = kg.canned_query("partners", entity="Kakao")
        assert int(rows[0]["documents"]) == 2
        kg.reindex()
        assert facts(kg) == merged
        # documents ingested after the merge can be split off too
        kg.split("뉴로하모닉스", "Neuroharmonix Inc.")
        assert partners(kg, "Kakao") == ["Neuroharmonix Inc.", "뉴로하모닉스"]


def test_alias_makes_the_next_ingest_link_the_name(articles, extractor):
    with kgraph.KGraph(":memory:") as kg:
        kg.ingest([str(articles / "docs" / "ko.txt")], extractor=extractor)
        target = kg.alias("뉴로하모닉스", "Neuroharmonix Labs", by="ana")
        assert str(kg.resolve("neuroharmonix labs")) == target      # lookup knows it before any document
        kg.ingest([str(articles / "later.txt")], extractor=extractor)
        assert partners(kg, "Kakao") == ["뉴로하모닉스"]
        assert int(kg.canned_query("partners", entity="Kakao")[0]["documents"]) == 2
        # the name already names another entity: merge, not alias
        with pytest.raises(KgraphError, match="kgraph merge"):
            kg.alias("뉴로하모닉스", "Kakao")


def test_reject_hides_a_fact_everywhere_and_reindex_keeps_it_hidden(mini, tmp_path):
    kakao, openai = str(mini.resolve("Kakao")), str(mini.resolve("OpenAI"))
    iri = mini.reject("OpenAI partnerOf 카카오", by="ana", reason="the article says talks failed")
    assert iri.startswith("https://w3id.org/kgraph/fact/")

    def hidden():
        assert "Kakao" not in partners(mini, "OpenAI")
        assert mini.query("ASK { ent:OpenAI kg:partnerOf ent:Kakao }") is False
        assert mini.query("ASK { ent:Kakao kg:partnerOf ent:OpenAI }") is False
        assert not [f for f in mini.explain("OpenAI") if {str(f.subject), str(f.object)} == {kakao, openai}]
        assert not [r for r in mini.canned_query("relations", entity="OpenAI") if str(r["other"]) == kakao]
        for g in (mini.to_networkx(), mini.to_networkx(with_evidence=True)):
            assert not g.has_edge(kakao, openai) and not g.has_edge(openai, kakao)
        page = tmp_path / "graph.html"
        mini.viz(str(page))
        assert iri not in page.read_text(encoding="utf-8")
        table = mini.tables()["facts"]
        assert not ((table["subject"].isin([kakao, openai])) & (table["object"].isin([kakao, openai]))).any()
        assert mini.query(f"ASK {{ GRAPH kgg:facts {{ <{iri}> ?p ?o }} }}") is False
        # the sentences stay in their documents, as evidence of what was rejected
        assert mini.query(f"ASK {{ GRAPH ?d {{ ?rel kg:subject <{openai}> ; kg:object <{kakao}> ; "
                          "kg:evidence ?e } }") is True

    hidden()
    [c] = mini.corrections()
    assert (c.kind, c.target, c.by, c.reason) == ("reject", iri, "ana", "the article says talks failed")
    assert c.target_label == "Kakao partnerOf OpenAI" and c.at.startswith("20")
    mini.reindex()
    hidden()
    with pytest.raises(KgraphError, match="already rejected"):
        mini.reject(iri.replace("https://w3id.org/kgraph/fact/", "fact:"))
    with pytest.raises(KgraphError, match="no fact"):
        mini.reject("SoftBank partnerOf Kakao")
    with pytest.raises(KgraphError, match="SUBJECT PREDICATE OBJECT"):
        mini.reject("Kakao likes OpenAI")


def test_withdrawing_a_rejection_gives_back_what_was_there(mini):
    before_facts, before_quads = facts(mini), quads(mini)
    mini.reject("Kakao partnerOf OpenAI")
    mini.reject("SoftBank investsIn OpenAI")
    assert facts(mini) != before_facts
    mini.unreject("Kakao partnerOf OpenAI")
    mini.unreject("SoftBank investsIn OpenAI")
    assert facts(mini) == before_facts
    assert quads(mini) == before_quads
    with pytest.raises(KgraphError, match="not rejected"):
        mini.unreject("Kakao partnerOf OpenAI")


def test_a_rejected_fact_stated_again_by_a_new_document_stays_hidden(articles, extractor):
    with kgraph.KGraph(":memory:") as kg:
        kg.ingest([str(articles / "docs" / "ko.txt")], extractor=extractor)
        kg.reject("Kakao partnerOf 뉴로하모닉스")
        (articles / "more.txt").write_text("카카오와 뉴로하모닉스는 협력을 확대하기로 했다.\n", encoding="utf-8")
        kg.ingest([str(articles / "more.txt")], extractor=extractor)
        assert partners(kg, "Kakao") == []
        assert kg.query("ASK { GRAPH kgg:facts { ?s kg:partnerOf ?o } }") is False


def test_export_import_round_trips_the_corrections(mini, tmp_path):
    mini.merge("SoftBank", "모아랩", by="ana", reason="one company")
    mini.reject("OpenAI partnerOf Kakao", by="ana", reason="denied")
    mini.alias("OpenAI", "오픈에이아이")
    backup = tmp_path / "backup.nq"
    mini.export(str(backup), "nquads")
    text = backup.read_text(encoding="utf-8")
    assert str(CORRECTIONS_GRAPH) in text
    with kgraph.KGraph(str(tmp_path / "restored")) as kg:
        report = kg.import_files([str(backup)])
        assert report.ok, report.failed
        assert [c.as_row() for c in kg.corrections()] == [c.as_row() for c in mini.corrections()]
        assert facts(kg) == facts(mini)
        assert "Kakao" not in partners(kg, "OpenAI")
        assert str(kg.resolve("모아랩")).endswith("/SoftBank")
        assert str(kg.resolve("오픈에이아이")).endswith("/OpenAI")
        # and undoing works on the restored store
        kg.split("SoftBank", "모아랩")
        kg.unreject("OpenAI partnerOf Kakao")
        assert "Kakao" in partners(kg, "OpenAI")


def test_corrections_add_no_shape_violation(mini):
    before = {repr(v) for v in mini.validate()}          # the mini graph's made-up content hashes are violations already
    mini.merge("SoftBank", "모아랩")
    mini.reject("OpenAI partnerOf Kakao")
    mini.alias("OpenAI", "오픈에이아이")
    assert {repr(v) for v in mini.validate()} == before


def test_cli_merge_reject_corrections_and_undo(tmp_path, monkeypatch):
    store = minigraph.store_dir(tmp_path / "s")
    monkeypatch.setenv("KGRAPH_USER", "analyst-1")
    run = CliRunner().invoke

    def ok(*args):
        result = run(main, ["--store", store, *args])
        assert result.exit_code == 0, result.output
        return result.output

    assert "merged" in ok("merge", "SoftBank", "모아랩", "--reason", "same firm")
    assert "rejected" in ok("reject", "Kakao partnerOf OpenAI", "--reason", "denied")
    assert "alias" in ok("alias", "OpenAI", "오픈에이아이")
    rows = json.loads(ok("corrections", "--format", "json"))
    assert [(r["kind"], r["by"]) for r in rows] == [("merge", "analyst-1"), ("reject", "analyst-1"),
                                                    ("alias", "analyst-1")] or \
        sorted(r["kind"] for r in rows) == ["alias", "merge", "reject"]
    assert {r["reason"] for r in rows} == {"same firm", "denied", ""}
    assert json.loads(ok("corrections", "--kind", "reject", "--format", "json"))[0]["target"] == \
        "Kakao partnerOf OpenAI"
    table = ok("corrections", "--format", "table")
    assert "analyst-1" in table and "same firm" in table
    assert "withdrew" in ok("reject", "Kakao partnerOf OpenAI", "--withdraw")
    assert "split" in ok("unmerge", "SoftBank", "모아랩")
    assert "no longer" in ok("alias", "OpenAI", "오픈에이아이", "--remove")
    assert json.loads(ok("corrections", "--format", "json")) == []
    bad = run(main, ["--store", store, "reject", "Kakao partnerOf"])
    assert bad.exit_code != 0 and "SUBJECT PREDICATE OBJECT" in bad.output
    for cmd in ("merge", "alias", "split", "unmerge", "reject", "corrections"):
        assert "Example:" in run(main, [cmd, "--help"]).output


def test_only_the_served_page_may_post_corrections(mini, tmp_path):
    from kgraph.viz import render_html
    g = mini.to_networkx(with_evidence=True)
    offline = render_html(g)
    assert "connect-src" not in offline and "default-src 'none'" in offline      # a file asks nothing of anyone
    served = render_html(g, query_page="/query")
    assert "connect-src 'self'" in served             # kgraph serve's own origin, as its CSP header says
    assert "X-Kgraph-Token" in served and 'location.hash' in served


def test_a_broken_correction_is_a_shape_violation(mini):
    before = {repr(v) for v in mini.validate()}
    mini.reject("OpenAI partnerOf Kakao", reason="denied")
    assert {repr(v) for v in mini.validate()} == before
    # the record edited by hand, without its author
    mini.store.update("DELETE WHERE { GRAPH kgg:corrections { ?r kg:correctedBy ?who } }")
    found = [v for v in mini.validate() if repr(v) not in before]
    assert found and "who made it" in found[0].message


def test_importing_documents_written_before_a_merge_keeps_the_merge(mini, tmp_path):
    backup = tmp_path / "before.nq"
    mini.export(str(backup), "nquads")                 # the documents as extraction linked them
    mini.merge("SoftBank", "모아랩")
    merged = facts(mini)
    report = mini.import_files([str(backup)])          # they replace the remapped ones ...
    assert report.ok, report.failed
    assert facts(mini) == merged                       # ... and are mapped again
    assert str(mini.resolve("모아랩")).endswith("/SoftBank")


def test_removing_one_of_the_documents_of_a_rejected_fact_keeps_it_hidden(mini):
    mini.reject("OpenAI partnerOf Kakao")
    mini.remove("d1")                                   # d2 still states it
    assert "Kakao" not in partners(mini, "OpenAI")
    assert mini.query("ASK { GRAPH kgg:facts { ent:OpenAI kg:partnerOf ent:Kakao } }") is False
    mini.unreject("OpenAI partnerOf Kakao")
    rows = {str(r["label"]): int(r["documents"]) for r in mini.canned_query("partners", entity="OpenAI")}
    assert rows["Kakao"] == 1


def test_merges_chain_and_split_takes_the_one_named(mini):
    before = quads(mini)
    mini.merge("SoftBank", "모아랩")
    mini.merge("OpenAI", "SoftBank")                    # what was merged into SoftBank now goes to OpenAI
    assert str(mini.resolve("모아랩")).endswith("/OpenAI") and str(mini.resolve("SoftBank")).endswith("/OpenAI")
    assert {c.detail for c in mini.corrections("merge")} == {"모아랩", "SoftBank Group"}
    assert all(c.target.endswith("/OpenAI") for c in mini.corrections("merge"))
    assert mini.split("OpenAI", "모아랩").endswith("%EB%AA%A8%EC%95%84%EB%9E%A9")   # not SoftBank, whose aliases it had
    assert str(mini.resolve("SoftBank")).endswith("/OpenAI")
    mini.split("OpenAI", "SoftBank Group")
    assert quads(mini) == before


def test_withdrawing_an_alias_unlinks_what_it_linked(articles, extractor):
    with kgraph.KGraph(":memory:") as kg:
        kg.ingest([str(articles / "docs" / "ko.txt")], extractor=extractor)
        before = quads(kg)
        kg.alias("뉴로하모닉스", "Neuroharmonix Labs")
        kg.ingest([str(articles / "later.txt")], extractor=extractor)
        assert partners(kg, "Kakao") == ["뉴로하모닉스"]
        kg.unalias("뉴로하모닉스", "neuroharmonix labs")
        assert partners(kg, "Kakao") == ["Neuroharmonix Labs", "뉴로하모닉스"]
        assert kg.corrections() == []
        kg.remove("later.txt")
        # every quad as it was, but the reference list's hash: the ingest after the alias wrote the list
        # with the alias's own entry, which the withdrawal took out again
        from kgraph.rdf.namespaces import REFERENCE_GRAPH
        assert {q for q in quads(kg) if q[3] != REFERENCE_GRAPH} == {q for q in before if q[3] != REFERENCE_GRAPH}
        assert not kg.query("ASK { ?e ?p ?o FILTER(CONTAINS(STR(?e), '/Alias_')) }")
        with pytest.raises(KgraphError, match="not an alias"):
            kg.unalias("뉴로하모닉스", "Neuroharmonix Labs")


def test_an_alias_makes_extraction_find_a_name_it_would_not_discover(tmp_path, extractor):
    (tmp_path / "ko.txt").write_text("카카오는 큐브릭스에 클라우드를 공급하기로 했다.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Kakao agreed to supply cloud capacity to qubrix, a speech start-up.\n",
                                     encoding="utf-8")
    with kgraph.KGraph(":memory:") as kg:
        kg.ingest([str(tmp_path / "ko.txt"), str(tmp_path / "en.txt")], extractor=extractor)
        target = str(kg.resolve("큐브릭스"))
        def statements():
            return [r for r in kg.canned_query("relations", entity="Kakao") if str(r["other"]) == target]
        assert len(statements()) == 1                 # the English article's lower-case name is not found
        kg.alias("큐브릭스", "qubrix")
        kg.ingest([str(tmp_path / "en.txt")], extractor=extractor, force=True)
        assert len(statements()) == 2                 # now it is, and linked to the entity
        assert str(kg.resolve("qubrix")) == target
        assert not kg.query("ASK { GRAPH ?g { ?d kg:mentions ?e FILTER(CONTAINS(STR(?e), 'Alias_')) } }")


def test_the_documents_question_does_not_count_a_rejected_fact(mini):
    """documents counts, per document, the statements about the entity: a rejected fact's
    statements leave the count (either way round for a symmetric predicate), and come back with
    the withdrawal."""
    def counts():
        return {str(r["file"]): int(r["facts"]) for r in mini.canned_query("documents", entity="Kakao")}

    kakao, openai = str(mini.resolve("Kakao")), str(mini.resolve("OpenAI"))
    stated = {}
    for r in mini.query(f"SELECT ?file (COUNT(DISTINCT ?rel) AS ?n) WHERE {{ GRAPH ?d {{ ?d kg:fileName ?file . "
                        f"{{ ?rel kg:subject <{kakao}> ; kg:object <{openai}> }} UNION "
                        f"{{ ?rel kg:subject <{openai}> ; kg:object <{kakao}> }} ?rel kg:predicate kg:partnerOf }} }} "
                        "GROUP BY ?file"):
        stated[str(r["file"])] = int(r["n"])
    assert stated, "the mini graph states Kakao partnerOf OpenAI"
    before = counts()
    mini.reject("OpenAI partnerOf 카카오", by="ana")        # named the other way round
    after = counts()
    assert {f: after.get(f, 0) for f in before} == {f: n - stated.get(f, 0) for f, n in before.items()}
    mini.unreject("OpenAI partnerOf 카카오")
    assert counts() == before


def test_a_merge_rejects_the_fact_it_makes_of_an_entity_with_itself_and_a_split_takes_it_back(mini):
    before_facts, before_quads = facts(mini), quads(mini)
    openai = mini.merge("OpenAI", "Kakao", by="ana")           # d1 and d2 say OpenAI partnerOf Kakao
    assert not [f for f in facts(mini) if f[0] == f[2]]        # no fact of OpenAI with itself
    assert mini.query(f"ASK {{ GRAPH ?g {{ <{openai}> kg:partnerOf <{openai}> }} }}") is False
    assert "OpenAI" not in partners(mini, "OpenAI")
    made = [c for c in mini.corrections("reject")]
    assert len(made) == 1 and made[0].by == "ana" and made[0].target_label == "OpenAI partnerOf OpenAI"
    assert "with itself, made by merging Kakao into OpenAI" in made[0].reason
    mini.split("OpenAI", "Kakao")
    assert facts(mini) == before_facts and quads(mini) == before_quads and mini.corrections() == []


def test_a_rejection_holds_for_the_survivor_of_a_merge_until_the_split(mini):
    mini.reject("모아랩 partnerOf Kakao", by="ana", reason="a different company")
    rejected_facts, rejected_quads = facts(mini), quads(mini)
    softbank = mini.merge("SoftBank", "모아랩", by="ana")
    kakao = str(mini.resolve("Kakao"))
    # the rejected statement of d3 is now about SoftBank: it stays rejected under the survivor's name
    assert not [f for f in facts(mini) if {f[0], f[2]} == {softbank, kakao}]
    assert "SoftBank Group" not in partners(mini, "Kakao")
    reasons = sorted(c.reason for c in mini.corrections("reject"))
    assert reasons[0] == "a different company"
    assert reasons[1] == "the rejection of Kakao partnerOf 모아랩, carried over by merging 모아랩 into SoftBank Group"
    mini.split("SoftBank", "모아랩")
    assert facts(mini) == rejected_facts and quads(mini) == rejected_quads
    assert [c.reason for c in mini.corrections()] == ["a different company"]


def test_a_self_fact_two_merges_make_stays_rejected_until_both_are_split(mini):
    mini.merge("OpenAI", "Kakao", by="ana")              # d1, d2: OpenAI partnerOf OpenAI
    mini.merge("OpenAI", "SoftBank", by="ana")           # d2's OpenAI partnerOf SoftBank makes it too (and d4 investsIn)
    mini.split("OpenAI", "Kakao")
    assert not [f for f in facts(mini) if f[0] == f[2]]
    assert sorted(c.target_label for c in mini.corrections("reject")) == ["OpenAI investsIn OpenAI",
                                                                          "OpenAI partnerOf OpenAI"]
    mini.split("OpenAI", "SoftBank")
    assert not [f for f in facts(mini) if f[0] == f[2]] and mini.corrections() == []


def test_a_rejection_is_not_carried_onto_a_fact_the_survivor_has_of_its_own(mini):
    kakao, openai = str(mini.resolve("Kakao")), str(mini.resolve("OpenAI"))
    mini.reject("모아랩 partnerOf Kakao", by="ana")
    mini.merge("OpenAI", "모아랩", by="ana")
    # d1 and d2 state Kakao partnerOf OpenAI: it stays, now with d3's statement too
    assert (kakao, "partnerOf", openai, 3) in facts(mini)
    assert [c.reason for c in mini.corrections("reject")] == [""]


def test_a_document_written_after_a_merge_cannot_bring_the_self_fact_back(mini):
    from kgraph.ingest.writer import write_documents
    kakao, openai = str(mini.resolve("Kakao")), str(mini.resolve("OpenAI"))
    mini.merge("OpenAI", "Kakao", by="ana")
    iri, graph = minigraph.document("d5", "2025-04-01", None, "카카오, 오픈AI에 투자", "ko", [
        (minigraph.KAKAO, "investsIn", minigraph.OPENAI, "카카오가 오픈AI에 투자했다고 밝혔다.", "stated", None)])
    write_documents(mini.store, [(iri, list(graph))])    # as ingest writes it: mapped to the survivor
    assert not [f for f in facts(mini) if f[0] == f[2]]
    made = {c.target_label: c for c in mini.corrections("reject")}
    assert set(made) == {"OpenAI partnerOf OpenAI", "OpenAI investsIn OpenAI"}
    assert made["OpenAI investsIn OpenAI"].by == "ana" and "written after a merge" in made["OpenAI investsIn OpenAI"].reason
    mini.split("OpenAI", "Kakao")                          # the last merge into OpenAI: both withdrawn
    assert mini.corrections() == [] and (kakao, "investsIn", openai, 1) in facts(mini)
