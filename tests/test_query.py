"""Canned questions, evidence and analytics against a small graph with known answers (tests/minigraph.py)."""
from __future__ import annotations

import csv
import io
import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.errors import QueryError, UnknownEntityError
from kgraph.query.analyze import centrality, communities, ego, path_with_evidence
from kgraph.query.canned import canned_names, get_canned, run_canned
from kgraph.query.explain import explain_text, facts
from kgraph.query.graph import GraphFilter, build_graph, write_graph
from kgraph.query.resolve import resolve_entity
from tests import minigraph
from tests.conftest import ROOT

E = "https://w3id.org/kgraph/entity/"


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return minigraph.store_dir(tmp_path_factory.mktemp("mini") / "store")


@pytest.fixture
def store(mini):
    from kgraph.store import open_store
    s = open_store(mini, read_only=True)
    yield s
    s.close()


def cells(rows, *cols):
    return [tuple(str(r.get(c, "")) for c in cols) for r in rows]


# --- every canned question, with its expected answer --------------------------------------------------
def test_partners(store):
    rows = run_canned(store, "partners", entity="오픈AI")
    assert cells(rows, "label", "modalities", "documents") == [
        ("Kakao", "stated", "2"), ("Samsung Electronics", "speculated", "1"), ("SoftBank Group", "planned", "1")]
    assert cells(run_canned(store, "partners", entity="OpenAI", lang="ko"), "label")[0] == ("카카오",)


def test_relations_with_evidence(store):
    rows = run_canned(store, "relations", entity="카카오")
    assert cells(rows, "predicate", "direction", "otherLabel", "modality", "published", "evidence") == [
        ("partnerOf", "in", "OpenAI", "stated", "2025-02-04", "오픈AI는 카카오와 전략적 제휴를 맺었다."),
        ("partnerOf", "in", "OpenAI", "stated", "2025-02-05", "오픈AI와 카카오의 협력이 본격화됐다."),
        ("partnerOf", "in", "모아랩", "discussed", "2025-03-01", "홍길동 모아랩 대표는 카카오와 협력을 논의했다고 밝혔다.")]


def test_people_and_roles(store):
    assert cells(run_canned(store, "people", org="모아랩"), "label", "roles", "documents") == [("홍길동", "대표", "1")]
    assert cells(run_canned(store, "people", org="OpenAI"), "label", "roles") == [("Sam Altman", "CEO")]


def test_paths(store):
    rows = run_canned(store, "paths", x="Kakao", y="소프트뱅크")
    assert cells(rows, "length", "via1Label", "via2Label") == [("2", "OpenAI", "")]
    assert run_canned(store, "paths", x="Kakao", y="SoftBank", hops="1") == []
    assert cells(run_canned(store, "paths", x="홍길동", y="SoftBank"), "length", "via1Label", "via2Label") == []
    assert cells(run_canned(store, "paths", x="모아랩", y="OpenAI"), "length", "via1Label") == [("2", "Kakao")]


def test_timeline(store):
    rows = run_canned(store, "timeline")
    assert [r["date"].value for r in rows] == sorted(r["date"].value for r in rows)
    assert cells(rows, "date", "subject", "predicate", "object")[0] == (
        "2025-01-10", "SoftBank Group", "investsIn", "OpenAI")
    # one row per fact, at the date it was first reported: OpenAI-Kakao (d1 and d2) is one row, on d1's date
    assert len(rows) == 7
    assert ("2025-02-04", "Kakao", "partnerOf", "OpenAI", "2") in cells(rows, "date", "subject", "predicate",
                                                                       "object", "documents")
    feb = run_canned(store, "timeline", entity="SoftBank", since="2025-02-01", until="2025-02-28")
    assert cells(feb, "date", "subject", "predicate", "object", "modality") == [
        ("2025-02-05", "OpenAI", "partnerOf", "SoftBank Group", "planned")]


def test_facts_by_modality(store):
    # a symmetric fact reads in one direction (the smaller IRI first), whichever way it was stated
    assert cells(run_canned(store, "modality"), "subject", "predicate", "object", "documents") == [
        ("OpenAI", "partnerOf", "Samsung Electronics", "1")]
    assert cells(run_canned(store, "modality", modality="discussed"), "subject", "object") == [("Kakao", "모아랩")]
    # OpenAI-Kakao is stated twice: it is a stated fact, not a planned one
    assert ("Kakao", "OpenAI") in cells(run_canned(store, "modality", modality="stated"), "subject", "object")
    assert ("Kakao", "OpenAI") not in cells(run_canned(store, "modality", modality="planned"), "subject", "object")
    with pytest.raises(QueryError, match="must be one of stated, planned"):
        run_canned(store, "modality", modality="rumoured")


def test_most_connected(store):
    rows = run_canned(store, "central")
    assert cells(rows, "label", "degree", "documents")[:3] == [("OpenAI", "4", "4"), ("Kakao", "2", "3"),
                                                               ("모아랩", "2", "1")]


def test_documents_mentioning(store):
    rows = run_canned(store, "documents", entity="Samsung Electronics")
    assert cells(rows, "file", "published", "facts") == [("d3.txt", "2025-03-01", "1")]
    assert [str(r["file"]) for r in run_canned(store, "documents", entity="OpenAI")] == [
        "d4.txt", "d1.txt", "d2.txt", "d3.txt"]


def test_discovered_entities(store):
    assert cells(run_canned(store, "discovered"), "label", "type") == [("모아랩", "Company"), ("홍길동", "Person")]


def test_every_canned_question_is_tested():
    tested = {"partners", "relations", "people", "paths", "timeline", "modality", "central", "documents",
              "discovered", "trend", "new"}      # trend: tests/test_trend.py; new: tests/test_digest.py
    assert set(canned_names()) == tested


def test_entity_parameters_are_bound_where_the_walk_starts():
    """Oxigraph joins a VALUES outside a group only after evaluating the group: bound at the top, a
    hub's partners took 80 ms instead of 2 (and a month's timeline 2.7 s instead of 0.15). Each
    entity parameter of a canned question has its placeholders, and the query runs from them."""
    from kgraph.rdf.sparql import tokens
    for name in canned_names():
        cq = get_canned(name)
        toks = [t.text for t in tokens(cq.text)]
        placed = {toks[i + 1][1:] for i in range(len(toks) - 4)
                  if toks[i].upper() == "VALUES" and toks[i + 2:i + 5] == ["{", "UNDEF", "}"]}
        entities = {p.name for p in cq.params if p.type == "entity"}
        assert entities <= placed, f"{name}.rq binds {sorted(entities - placed)} at the top"


def test_canned_parameters_are_checked(store):
    with pytest.raises(QueryError, match="parameter 'entity' is required"):
        run_canned(store, "partners")
    with pytest.raises(QueryError, match="unknown parameter 'who'"):
        run_canned(store, "partners", entity="OpenAI", who="x")
    with pytest.raises(QueryError, match="must be an integer"):
        run_canned(store, "paths", x="Kakao", y="OpenAI", hops="three")
    with pytest.raises(QueryError, match="must be a date"):
        run_canned(store, "timeline", since="last week")
    with pytest.raises(QueryError, match="no canned question named '../x'"):
        get_canned("../x")


@pytest.mark.parametrize("hostile", ['en" } } SELECT * { ?s ?p ?o', "ko>\n}#", "'", '"""'])
def test_hostile_parameter_values_stay_values(store, hostile):
    from rdflib import Literal

    from kgraph.query.canned import bind_params
    from kgraph.query.run import run
    with pytest.raises(QueryError, match="parameter 'lang' must be one of en, ko, not "):
        run_canned(store, "partners", entity="OpenAI", lang=hostile)
    # bound as it stands, a hostile value is just a language tag that matches nothing
    cq = get_canned("partners")
    bound = bind_params(store, cq, {"entity": "OpenAI"})
    expected = run(store, cq.text, {**bound, "lang": Literal("xx")})
    assert len(expected) == 3 and run(store, cq.text, {**bound, "lang": Literal(hostile)}) == expected
    with pytest.raises(UnknownEntityError):
        resolve_entity(store, hostile)


# --- names ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["OpenAI", "오픈AI", "open ai", "ＯｐｅｎＡＩ", "오픈에이아이"])
def test_names_resolve_in_either_language(store, name):
    assert str(resolve_entity(store, name)) == E + "OpenAI"


def test_unknown_name_suggests_close_ones(store):
    with pytest.raises(UnknownEntityError) as err:
        resolve_entity(store, "Kakoa")
    assert "Kakao" in err.value.suggestions


# --- evidence ---------------------------------------------------------------------------------------
def test_explain_pair(store):
    found = facts(store, resolve_entity(store, "Kakao"), resolve_entity(store, "OpenAI"))
    assert len(found) == 1
    f = found[0]
    assert (f.sentence(), f.modality, f.documents) == ("Kakao partners with OpenAI", "stated", 2)
    text = explain_text(found, "Kakao", "OpenAI")
    assert "“오픈AI는 카카오와 전략적 제휴를 맺었다.”" in text
    assert "— 오픈AI·카카오 전략적 제휴 (연합뉴스, 2025-02-04)\n        https://news.example/yonhap/d1\n" in text
    assert {e.url for e in f.evidence} == {"https://news.example/yonhap/d1", "https://news.example/hankyung/d2"}


def test_explain_entity_orders_by_strength(store):
    found = facts(store, resolve_entity(store, "OpenAI"))
    assert [f.modality for f in found] == ["stated", "stated", "stated", "planned", "speculated"]
    assert "Sam Altman works for OpenAI as CEO" in [f.sentence() for f in found]
    assert explain_text([], "X") == "No facts about X in the store."


# --- networkx ---------------------------------------------------------------------------------------
def test_graph_and_filters(store):
    g = build_graph(store)
    assert (g.number_of_nodes(), g.number_of_edges()) == (7, 7)
    edge = g.get_edge_data(E + "Kakao", E + "OpenAI", "partnerOf")
    assert edge["documents"] == 2 and edge["modality"] == "stated" and edge["first"] == "2025-02-04"
    assert g.nodes[E + "Kakao"]["label_ko"] == "카카오" and not g.nodes[E + "Kakao"]["discovered"]
    assert build_graph(store, GraphFilter(min_docs=2)).number_of_edges() == 1
    assert build_graph(store, GraphFilter(modalities=["planned", "speculated"])).number_of_edges() == 2
    assert build_graph(store, GraphFilter(predicates=["worksFor"])).number_of_edges() == 2
    assert build_graph(store, GraphFilter(types=["Person"])).number_of_edges() == 0
    orgs = build_graph(store, GraphFilter(types=["Organization"]))
    assert {d["type"] for _, d in orgs.nodes(data=True)} == {"Company"} and orgs.number_of_edges() == 5
    assert build_graph(store, GraphFilter(since="2025-02-05", until="2025-02-28")).number_of_edges() == 2
    with pytest.raises(QueryError, match="unknown modality"):
        build_graph(store, GraphFilter(modalities=["rumour"]))


def test_centrality_and_communities(store):
    g = build_graph(store)
    top = centrality(g, 3)
    assert top[0]["label"] == "OpenAI" and top[0]["neighbours"] == 4 and top[0]["betweenness"] > 0.5
    groups = communities(g)
    assert sum(c["size"] for c in groups) == 7
    assert any({"홍길동", "모아랩"} <= set(c["members"]) for c in groups)


def test_path_with_evidence_and_ego(store):
    g = build_graph(store)
    hops = path_with_evidence(store, g, E + "Kakao", E + "SoftBank")
    assert [(h["from_label"], h["to_label"]) for h in hops] == [("Kakao", "OpenAI"), ("OpenAI", "SoftBank Group")]
    assert {f.predicate for f in hops[1]["facts"]} == {"partnerOf", "investsIn"}
    assert hops[0]["facts"][0].evidence[0].sentence == "오픈AI는 카카오와 전략적 제휴를 맺었다."
    rows = ego(g, E + "Kakao")
    # both facts are symmetric (partnerOf): their direction is a canonical order of IRIs, not meaning
    assert {frozenset((r["subject"], r["object"])) for r in rows} == {frozenset(("Kakao", "OpenAI")),
                                                                      frozenset(("모아랩", "Kakao"))}
    with pytest.raises(QueryError, match="no path"):
        path_with_evidence(store, build_graph(store, GraphFilter(predicates=["worksFor"])), E + "Sam_Altman",
                           minigraph_hong(store))


def minigraph_hong(store) -> str:
    return str(resolve_entity(store, "홍길동"))


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_round_trip(store, fmt, reader):
    buf = io.BytesIO()
    write_graph(build_graph(store), buf, fmt)
    buf.seek(0)
    back = reader(buf)
    assert back.number_of_nodes() == 7 and back.number_of_edges() == 7
    assert back.nodes[E + "Kakao"]["label_ko"] == "카카오"


# --- command line -----------------------------------------------------------------------------------
def cli(mini, *args):
    return CliRunner().invoke(main, ["--store", mini, *args])


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_output_formats(mini, fmt):
    res = cli(mini, "query", "--name", "partners", "-p", "entity=OpenAI", "-p", "lang=ko", "--format", fmt)
    assert res.exit_code == 0, res.output
    if fmt == "json":
        data = json.loads(res.output)
        assert data["head"]["vars"] == ["partner", "label", "modalities", "documents"]
        first = data["results"]["bindings"][0]
        assert first["label"] == {"type": "literal", "value": "카카오", "xml:lang": "ko"}
        assert first["documents"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    elif fmt == "table":
        lines = res.output.splitlines()
        # wide Korean characters line up: every row's "documents" column starts at the same display column
        from kgraph.query.results import display_width
        starts = {display_width(line[: line.rindex(" ") + 1]) for line in lines[2:5]}
        assert len(starts) == 1 and "(3 rows)" in res.output
    else:
        sep = "," if fmt == "csv" else "\t"
        assert res.output.splitlines()[0] == sep.join(["partner", "label", "modalities", "documents"])
        assert res.output.splitlines()[1].endswith(sep.join(["카카오", "stated", "2"]))


def test_empty_result_keeps_the_header(mini):
    res = cli(mini, "query", "--format", "csv", "SELECT ?a ?b WHERE { FILTER(false) }")
    assert res.output == "a,b\n"


def test_ask_and_construct(mini):
    assert cli(mini, "query", "ASK { ?s a <https://w3id.org/kgraph/ontology#Document> }").output.strip() == "true"
    out = cli(mini, "query", "CONSTRUCT { ?d a ?t } WHERE { GRAPH ?d { ?d a ?t } }").output
    assert "<https://w3id.org/kgraph/doc/d1>" in out and "kgraph/ontology#Document" in out


def test_bad_sparql_points_at_the_error(mini):
    res = cli(mini, "query", "SELECT ?x WHERE { ?x ?y }")
    assert res.exit_code == 1
    assert "at line 1, column 26" in res.output and "  SELECT ?x WHERE { ?x ?y }\n" in res.output
    assert res.output.rstrip().endswith(" " * 27 + "^")


MISSING_BRACE = """PREFIX kg: <https://w3id.org/kgraph/ontology#>
SELECT ?doc ?title WHERE {
  GRAPH ?doc {
    ?doc a kg:Document .
    OPTIONAL { ?doc kg:title ?title }
}
"""


def test_a_missing_brace_says_which_one_in_words(mini):
    """Oxigraph listed every Unicode range a name may hold; the message says what is open and what
    could come, and points at the place (the CLI, the Python API and the endpoint share it)."""
    res = cli(mini, "query", MISSING_BRACE)
    assert res.exit_code == 1
    lines = res.output.rstrip().split("\n")
    assert lines[0] == ('Error: SPARQL syntax error at line 7, column 1 (the end of the query): the query ends before '
                        'the "{" at line 2, column 26 is closed; add "}"')
    assert '"}"' in lines[1] and "a variable" in lines[1] and "an IRI" in lines[1]
    assert lines[2:] == ["  }", "   ^"]
    assert "\\u{" not in res.output and ".." not in res.output and len(res.output) < 500


@pytest.mark.parametrize("text,message", [
    ('SELECT * WHERE { ?s ?p "abc }', 'the string that starts at line 1, column 24 is not closed; add the closing "'),
    ("SELECT * WHERE { ?s foo:bar ?o }", "the prefix foo: is not declared; add PREFIX foo: <…> before the query"),
    ('SELECT * WHERE { ?s ?p ?o . FILTER(?o = "x" }', 'the query ends with 2 brackets open; the last, "(" at '
                                                      'line 1, column 35, needs ")"'),
    ("SELECT * WHERE { ?s ?p ?o } ORDER ?s", "at line 1, column 37 (the end of the query): expected BY, found the "
                                             "end of the query"),
    ("SELEC ?x WHERE { ?x ?y ?z }", "at line 1, column 10: expected CONSTRUCT, found 'WHERE'"),
])
def test_syntax_errors_in_words(store, text, message):
    from kgraph.query.run import query
    with pytest.raises(QueryError) as err:
        query(store, text)
    assert message in str(err.value) and "\\u{" not in str(err.value)
    assert str(err.value).startswith("SPARQL syntax error at line ")


def test_query_list_and_errors(mini):
    out = cli(mini, "query", "--list").output
    assert "paths       x=<entity> y=<entity> [hops=<1-3>]" in out
    assert "--param is for canned" in cli(mini, "query", "-p", "a=b", "SELECT * {}").output
    res = cli(mini, "query", "--name", "partners", "-p", "entity=Kakoa")
    assert res.exit_code == 1 and "did you mean 'Kakao'" in res.output
    res = cli(mini, "query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert res.exit_code == 1 and "SERVICE is refused" in res.output


def test_explain_command(mini):
    res = cli(mini, "explain", "카카오", "OpenAI", "--format", "table")
    assert res.exit_code == 0 and res.output.startswith("Kakao partners with OpenAI — stated (2 documents)")
    data = json.loads(cli(mini, "explain", "SoftBank", "--format", "json").output)
    assert {d["predicate"] for d in data} == {"partnerOf", "investsIn"}
    assert cli(mini, "explain", "Nobody").exit_code == 1
    rows = list(csv.DictReader(io.StringIO(cli(mini, "explain", "카카오", "OpenAI", "--format", "csv").output)))
    assert {r["url"] for r in rows} == {"https://news.example/yonhap/d1", "https://news.example/hankyung/d2"}


def test_docs_command_shows_sources(mini):
    docs = {d["document"]: d for d in json.loads(cli(mini, "docs", "--format", "json").output)}
    assert docs["d1"]["url"] == "https://news.example/yonhap/d1" and docs["d4"]["url"] == ""


def test_analyze_commands(mini):
    res = cli(mini, "analyze", "centrality", "--top", "2", "--format", "table")
    assert res.exit_code == 0 and res.output.splitlines()[2].startswith("OpenAI")
    res = cli(mini, "analyze", "path", "카카오", "SoftBank", "--format", "table")
    assert res.exit_code == 0 and res.output.startswith("Kakao → OpenAI → SoftBank Group")
    assert "“오픈AI는 소프트뱅크와 합작법인을 세울 계획이다.”" in res.output
    rows = json.loads(cli(mini, "analyze", "ego", "Kakao", "--format", "json").output)
    assert {r["subject"] for r in rows} | {r["object"] for r in rows} == {"Kakao", "모아랩", "OpenAI"}
    groups = json.loads(cli(mini, "analyze", "communities", "--method", "greedy", "--format", "json").output)
    assert sum(g["size"] for g in groups) == 7
    res = cli(mini, "analyze", "path", "Kakao")
    assert res.exit_code == 2 and "takes 2 entities (X Y)" in res.output


def test_export_graphml(mini, tmp_path):
    out = tmp_path / "g.graphml"
    res = cli(mini, "export", "--format", "graphml", "--modality", "stated", "-o", str(out))
    assert res.exit_code == 0, res.output
    g = nx.read_graphml(out)
    assert g.number_of_edges() == 4 and not list(tmp_path.glob("*.part"))


def test_dataframe(store):
    pd = pytest.importorskip("pandas")
    from kgraph.query.results import to_dataframe
    df = to_dataframe(run_canned(store, "partners", entity="OpenAI"))
    assert isinstance(df, pd.DataFrame) and list(df["documents"]) == [2, 1, 1]



INTERNALS = re.compile(r"\b[a-z_]+\.[a-z_]+\b|\bVALUES\b|\bUNDEF\b|Oxigraph|property path|\bbranch")


def test_canned_descriptions_speak_to_users(mini):
    """`query --list` and the query page show the descriptions: no module names, no notes on how the
    query runs ("see sparql.bind_values" was shown)."""
    for name in canned_names():
        cq = get_canned(name)
        assert cq.description and not INTERNALS.search(cq.description), (name, cq.description)
        for p in cq.params:
            assert not INTERNALS.search(p.description), (name, p.name, p.description)
    out = cli(mini, "query", "--list").output
    assert "bind_values" not in out and "sparql." not in out and "timeline    [entity=<entity>]" in out


REQUIRED = {"partners": {"entity": "OpenAI"}, "relations": {"entity": "OpenAI"}, "people": {"org": "OpenAI"},
            "paths": {"x": "Kakao", "y": "SoftBank"}, "documents": {"entity": "OpenAI"}}


@pytest.mark.parametrize("name", canned_names())
def test_lang_is_taken_as_readme_says(store, name):
    """README: every canned question that names entities (all but documents and trend) takes lang=en|ko."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Every canned question that names entities (all but `documents` and `trend`) takes `lang=en|ko`" in readme
    given = REQUIRED.get(name, {})
    if name == "trend":
        with pytest.raises(QueryError, match="trend: its rows name no entities, so it takes no lang"):
            run_canned(store, name, lang="ko")
        return
    if name == "documents":
        with pytest.raises(QueryError, match="documents: its rows name no entities, so it takes no lang; it takes "
                                             "entity=<entity>"):
            run_canned(store, name, **given, lang="ko")
        return
    assert "[lang=<en|ko>]" in get_canned(name).usage()
    run_canned(store, name, **given, lang="ko")
    run_canned(store, name, **given, lang="en")
    with pytest.raises(QueryError, match="parameter 'lang' must be one of en, ko, not 'fr'"):
        run_canned(store, name, **given, lang="fr")


def test_discovered_names_in_the_language_asked(memory_store):
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS
    minigraph.build(memory_store)
    facts = URIRef("https://w3id.org/kgraph/graph/facts")
    moa = next(r["entity"] for r in run_canned(memory_store, "discovered") if str(r["label"]) == "모아랩")
    memory_store.update(f"INSERT DATA {{ GRAPH <{facts}> {{ <{moa}> <{RDFS.label}> {Literal('Moalab', lang='en').n3()} "
                        "} }")
    labels = {str(r["entity"]): str(r["label"]) for r in run_canned(memory_store, "discovered", lang="en")}
    assert labels[str(moa)] == "Moalab"
    assert "홍길동" in labels.values()                # no English name: the one the text gave
    labels = {str(r["entity"]): str(r["label"]) for r in run_canned(memory_store, "discovered", lang="ko")}
    assert labels[str(moa)] == "모아랩"


def test_json_output_is_what_readme_says(mini):
    """README: json is SPARQL JSON for queries, one object for stats, an array of rows elsewhere."""
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert ("json is SPARQL 1.1 JSON results for queries, one object for `stats` (`documents`, `quads`, `entities`, "
            "`mentions`, `relations`, `facts`, and the counts by `quads_by_graph`, `entity_types` and `predicates`), "
            "and a JSON array of rows elsewhere") in readme
    st = json.loads(cli(mini, "stats", "--format", "json").output)
    assert set(st) == {"documents", "quads", "entities", "mentions", "relations", "facts", "quads_by_graph",
                       "entity_types", "predicates"}
    assert st["documents"] == 4 and st["predicates"]["partnerOf"] > 0 and st["entity_types"]["Person"] == 2
    for args in (["docs"], ["explain", "카카오"], ["analyze", "centrality"]):
        assert isinstance(json.loads(cli(mini, *args, "--format", "json").output), list), args
    assert "head" in json.loads(cli(mini, "query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "--format", "json").output)
