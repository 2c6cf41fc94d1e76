"""The Python API in kgraph/__init__.py: names that say what they do, rdflib over the store in place."""
from __future__ import annotations

import networkx as nx
import pytest

import kgraph


def test_the_public_names_are_the_documented_ones():
    doc = kgraph.__doc__
    for name in kgraph.__all__:
        assert getattr(kgraph, name) is not None
        if not name.startswith("__"):
            assert name in doc, f"{name} is exported but not documented in kgraph/__init__.py"


def test_canned_query_and_to_networkx_on_the_seeds(seed_store):
    rows = kgraph.canned_query(seed_store, "partners", entity="오픈AI")
    assert rows and all("partner" in r or "other" in r or len(r) > 1 for r in rows)
    g = kgraph.to_networkx(seed_store)
    assert isinstance(g, nx.MultiDiGraph) and g.number_of_edges() > 0


def test_the_old_names_still_work_and_say_they_are_deprecated(seed_store):
    with pytest.warns(DeprecationWarning, match="canned_query"):
        old = kgraph.ask(seed_store, "partners", entity="오픈AI")
    assert old == kgraph.canned_query(seed_store, "partners", entity="오픈AI")
    with pytest.warns(DeprecationWarning, match="to_networkx"):
        assert kgraph.graph(seed_store).number_of_edges() == kgraph.to_networkx(seed_store).number_of_edges()


def test_rdflib_dataset_reads_the_store_in_place(seed_store):
    from rdflib import Dataset, URIRef
    ds = kgraph.rdflib_dataset(seed_store)
    assert isinstance(ds, Dataset)
    n = seed_store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"].toPython()
    assert sum(1 for _ in ds.quads((None, None, None, None))) == n
    graphs = seed_store.query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    row = next(iter(ds.query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))
    assert int(row[0]) == graphs.toPython() > 5
    nq = ds.serialize(format="nquads")
    assert len(nq.strip().splitlines()) == n
    assert any(isinstance(g.identifier, URIRef) and "/doc/" in str(g.identifier) for g in ds.graphs())


def test_rdflib_dataset_writes_go_to_the_store(memory_store):
    from rdflib import Literal, URIRef
    ds = kgraph.rdflib_dataset(memory_store)
    g = ds.graph(URIRef("https://example.org/g"))
    g.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal("o")))
    rows = memory_store.query("SELECT ?o WHERE { GRAPH <https://example.org/g> { ?s ?p ?o } }")
    assert [r["o"].toPython() for r in rows] == ["o"]


def test_rdflib_dataset_needs_the_embedded_store():
    from kgraph.store.remote import SparqlStore
    with pytest.raises(kgraph.KgraphError, match="embedded store"):
        kgraph.rdflib_dataset(SparqlStore("http://127.0.0.1:9/query"))


def test_annotate_gives_spacy_docs_with_kgraph_entities():
    doc = kgraph.annotate(["오픈AI는 카카오와 제휴했다."])[0]
    assert {e.text for e in doc.ents} >= {"오픈AI", "카카오"}
    assert doc._.kg_relations


# --- KGraph: the library on one store, which the CLI calls too ------------------------------------
@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    from tests.minigraph import store_dir
    return store_dir(tmp_path_factory.mktemp("api") / "store")


def test_kgraph_opens_a_location_and_closes_what_it_opened(mini):
    with kgraph.KGraph(mini, read_only=True) as kg:
        assert kg.stats()["documents"] == 4 and kg.location == mini
        assert len(kg.docs()) == 4
    assert kg.store._store is None                      # closed on leaving
    store = kgraph.open_store(mini, read_only=True)
    kgraph.KGraph(store).close()                        # a store given stays the caller's
    assert store._store is not None
    store.close()


def test_kgraph_answers_what_the_commands_ask(mini):
    with kgraph.KGraph(mini, read_only=True) as kg:
        partners = {str(r["label"]) for r in kg.canned_query("partners", entity="카카오")}
        assert partners == {"OpenAI", "모아랩"}
        limited = kg.canned_query("partners", entity="Kakao", limits={"timeout": 30, "max_memory": None})
        assert {str(r["label"]) for r in limited} == partners
        assert [f.predicate for f in kg.explain("Sam Altman")] == ["worksFor"]
        top = kg.analyze("centrality", top=1)
        assert top.columns[0] == "label" and top.rows[0]["label"] == "OpenAI"
        hops = kg.analyze("path", ["Kakao", "SoftBank"]).rows
        assert [h["to_label"] for h in hops][-1] == "SoftBank Group"
        with pytest.raises(kgraph.KgraphError, match="takes 2 entities"):
            kg.analyze("path", ["Kakao"])


def test_kgraph_writes_exports_and_pages(mini, tmp_path):
    with kgraph.KGraph(mini, read_only=True) as kg:
        kg.export(str(tmp_path / "g.nq"))
        kg.export(str(tmp_path / "g.gexf"), "gexf", kgraph.GraphFilter(modalities=["stated"]))
        pic = kg.viz(str(tmp_path / "g.html"), entity="Kakao", depth=1)
        with pytest.raises(kgraph.KgraphError, match="unknown export format 'xlsx'; use one of nquads"):
            kg.export(str(tmp_path / "g.xlsx"), "xlsx")
    assert (tmp_path / "g.nq").stat().st_size > 1000 and b"<gexf" in (tmp_path / "g.gexf").read_bytes()
    assert pic.entities >= 3 and (tmp_path / "g.html").is_file()


def test_a_canned_question_without_facts_graph_is_told_to_reindex(memory_store):
    memory_store.update("""INSERT DATA { GRAPH doc:a.txt { doc:a.txt a kg:Document ; kg:mentions ent:OpenAI .
        ent:OpenAI a kg:Company ; rdfs:label "OpenAI" } }""")
    kg = kgraph.KGraph(memory_store)
    for limits in (None, {"timeout": 30}):
        with pytest.raises(kgraph.KgraphError, match="has documents but no facts graph.*kgraph reindex"):
            kg.canned_query("partners", limits=limits, entity="OpenAI")
    kg.reindex()
    assert kg.canned_query("partners", entity="OpenAI") == []


def test_the_commands_print_what_the_library_gives(mini):
    # each command is one KGraph method and one kgraph.query.output function: they cannot drift
    from click.testing import CliRunner

    from kgraph.cli import main
    from kgraph.query import output

    def cli(*args):
        res = CliRunner().invoke(main, ["--store", mini, *args, "--format", "csv"])
        assert res.exit_code == 0, res.output
        return res.output
    with kgraph.KGraph(mini, read_only=True) as kg:
        expected = {
            ("stats",): output.stats_text(kg.stats(), "csv"),
            ("docs",): output.docs_text(kg.docs(), "csv"),
            ("explain", "Kakao"): output.facts_text(kg.explain("Kakao"), "csv", "Kakao"),
            ("analyze", "ego", "Kakao"): output.analysis_text(kg.analyze("ego", ["Kakao"]), "csv"),
            ("query", "--name", "partners", "-p", "entity=Kakao"):
                output.result_text(kg.canned_query("partners", entity="Kakao"), "csv"),
        }
    for args, text in expected.items():
        assert cli(*args) == text and text.count("\n") > 1, args
