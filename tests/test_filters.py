"""Filters on the canned questions that list facts (since, until, modality, min_confidence; options
of `kgraph query` too), and kg:maxConfidence in the facts graph, incremental equal to a rebuild."""
from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import main
from kgraph.errors import QueryError
from kgraph.ingest.writer import reindex, remove_documents, write_documents
from kgraph.model import Document, Extraction, Mention, Relation
from kgraph.rdf.build import document_triples
from kgraph.rdf.iri import document_iri
from kgraph.rdf.namespaces import FACTS_GRAPH
from kgraph.store import open_store
from tests import minigraph

E = "https://w3id.org/kgraph/entity/"


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return minigraph.store_dir(tmp_path_factory.mktemp("filters") / "store")


@pytest.fixture(scope="module")
def kg(mini):
    with kgraph.KGraph(mini, read_only=True) as kg:
        yield kg


def partners(kg, **params):
    return [(str(r["label"]), str(r["modalities"]), int(r["documents"]))
            for r in kg.canned_query("partners", entity="OpenAI", **params)]


def test_partners_filtered(kg):
    assert partners(kg) == [("Kakao", "stated", 2), ("Samsung Electronics", "speculated", 1),
                            ("SoftBank Group", "planned", 1)]
    assert partners(kg, since="2025-02-05") == [("Samsung Electronics", "speculated", 1),
                                                ("SoftBank Group", "planned", 1)]
    assert partners(kg, until="2025-02-04") == [("Kakao", "stated", 2)]
    assert partners(kg, modality="planned") == [("SoftBank Group", "planned", 1)]
    assert partners(kg, min_confidence="0.9") == partners(kg)         # every statement of the mini graph: 0.9
    assert partners(kg, min_confidence="0.95") == []


def test_timeline_and_modality_filtered(kg):
    rows = kg.canned_query("timeline", modality="stated")
    assert [(str(r["date"]), str(r["subject"]), str(r["predicate"]), str(r["object"])) for r in rows] == [
        ("2025-01-10", "SoftBank Group", "investsIn", "OpenAI"), ("2025-02-04", "Kakao", "partnerOf", "OpenAI"),
        ("2025-02-04", "Sam Altman", "worksFor", "OpenAI"), ("2025-03-01", "홍길동", "worksFor", "모아랩")]
    assert kg.canned_query("timeline", min_confidence="0.95") == []
    rows = kg.canned_query("modality", modality="stated", until="2025-02-04", min_confidence="0.5")
    assert [(str(r["subject"]), str(r["predicate"]), str(r["object"])) for r in rows] == [
        ("Kakao", "partnerOf", "OpenAI"), ("SoftBank Group", "investsIn", "OpenAI"),
        ("Sam Altman", "worksFor", "OpenAI")]
    with pytest.raises(QueryError, match="parameter 'min_confidence' must be a number \\(e.g. 0.8\\), not 'high'"):
        kg.canned_query("partners", entity="OpenAI", min_confidence="high")
    with pytest.raises(QueryError, match="central: unknown parameter 'since'"):
        kg.canned_query("central", since="2025-01-01")


def test_query_options_are_the_parameters(mini):
    run = CliRunner().invoke(main, ["--store", mini, "query", "--name", "partners", "-p", "entity=OpenAI",
                                    "--since", "2025-02-05", "--modality", "planned", "--min-confidence", "0.5",
                                    "--format", "csv"])
    assert run.exit_code == 0, run.output
    assert run.output.splitlines()[1:] == [f"{E}SoftBank,SoftBank Group,planned,1"]
    run = CliRunner().invoke(main, ["--store", mini, "query", "--name", "partners", "-p", "entity=OpenAI",
                                    "-p", "since=2025-01-01", "--since", "2025-02-05"])
    assert run.exit_code != 0 and "--since '2025-02-05' and --param since='2025-01-01' disagree" in run.output


def _doc(name: str, confidence: float):
    from kgraph.reference import by_key
    openai, kakao = by_key()["OpenAI"].ref(), by_key()["Kakao"].ref()
    text = f"문서 {name}."
    doc = Document(key=name, file_name=name, text=text, content_hash=name.ljust(64, "0"), language="ko",
                   published="2025-02-04")
    rel = Relation(openai, "partnerOf", kakao, text, 0, len(text), "t", "stated", confidence, rule="t")
    return document_triples(doc, Extraction([Mention(openai, "x", 0, 1), Mention(kakao, "y", 0, 1)], [rel]),
                            dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))


def test_max_confidence_incremental_equals_rebuild():
    store = open_store(":memory:")
    try:
        def facts():
            return sorted(" ".join(t.n3() for t in x) for x in store.graph_triples(FACTS_GRAPH))

        def conf():
            rows = store.query("SELECT ?c WHERE { GRAPH kgg:facts { ?f kg:maxConfidence ?c } }")
            return [float(r["c"]) for r in rows]
        for name, c in (("a.txt", 0.7), ("b.txt", 0.95), ("c.txt", 0.8)):
            iri, triples = _doc(name, c)
            write_documents(store, [(iri, list(triples))])
        assert conf() == [0.95]
        incremental = facts()
        reindex(store)
        assert facts() == incremental
        remove_documents(store, [document_iri("b.txt")])
        assert conf() == [0.8]
        incremental = facts()
        reindex(store)
        assert facts() == incremental
    finally:
        store.close()


def test_relations_filtered_per_statement(kg):
    def rel(**params):
        return [(str(r["predicate"]), str(r["otherLabel"]), str(r["modality"]), str(r["published"]))
                for r in kg.canned_query("relations", entity="OpenAI", **params)]
    assert len(rel()) == 6
    assert rel(since="2025-02-05") == [("partnerOf", "Kakao", "stated", "2025-02-05"),
                                       ("partnerOf", "SoftBank Group", "planned", "2025-02-05"),
                                       ("partnerOf", "Samsung Electronics", "speculated", "2025-03-01")]
    assert rel(modality="planned") == [("partnerOf", "SoftBank Group", "planned", "2025-02-05")]
    assert rel(min_confidence="0.95") == []
    assert rel(min_confidence="0.9", modality="stated", since="2025-02-01", until="2025-02-04") == [
        ("partnerOf", "Kakao", "stated", "2025-02-04"), ("worksFor", "Sam Altman", "stated", "2025-02-04")]
