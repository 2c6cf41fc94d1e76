"""The outbound guard reads the query's tokens: names, IRIs, strings and comments never trip it,
and every way of writing SERVICE, LOAD or a remote FROM does, in every store and in the Python API."""
from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

import kgraph
from kgraph.errors import QueryError
from kgraph.rdf.sparql import bind_values, guard, query_form, tokens
from kgraph.store import open_store

KG = "PREFIX kg: <https://w3id.org/kgraph/ontology#>\n"
ENT = "https://w3id.org/kgraph/entity/"

MUST_PASS = [
    KG + "SELECT ?s WHERE { ?s a kg:Service }",
    KG + "SELECT ?s WHERE { ?s a kg:SERVICE ; kg:load ?x ; kg:From ?y }",
    f"SELECT * WHERE {{ VALUES ?e {{ <{ENT}Service/클로바> <{ENT}Product/load> }} ?e ?p ?o }}",
    "SELECT * WHERE { ?s <http://example.org/load> ?o . ?s <http://example.org/SERVICE> ?x }",
    "SELECT * WHERE { ?s <http://example.org/from> <http://example.org/FROM%20NAMED> }",
    'SELECT * WHERE { ?s ?p "LOAD" . ?s ?q "SERVICE <http://x/> { }" . ?s ?r \'FROM <http://x/>\' }',
    'SELECT * WHERE { ?s ?p """multi\nSERVICE <http://x/> {}\nline""" }',
    "SELECT * WHERE { ?s ?p ?o # SERVICE <http://x/> { }\n }",
    "PREFIX service: <http://example.org/> PREFIX load: <http://example.org/l/>\n"
    "SELECT * WHERE { ?s service:x load:y }",
    "PREFIX from: <https://w3id.org/kgraph/doc/> SELECT * FROM from:d1 WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?service ?load ?from }",
    'SELECT * WHERE { ?s ?p "x"@service }',
    "SELECT * FROM <https://w3id.org/kgraph/doc/a.txt> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <https://w3id.org/kgraph/graph/reference> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * WHERE { _:service ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<?s && ?s>?o) }",
    "SELECT * WHERE { ?s kg:Service\\.load ?o }".replace("SELECT", KG + "SELECT"),
]

MUST_REFUSE = [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
    ("select * where { service <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { SeRvIcE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { BIND(IRI('http://x/') AS ?u) SERVICE ?u { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { OPTIONAL { SERVICE <http://x/> { ?s ?p ?o } } }", "SERVICE"),
    ("SELECT * WHERE { { ?a ?b ?c } UNION { SERVICE <http://x/> { ?s ?p ?o } } }", "SERVICE"),
    ("SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }", "SERVICE"),
    ("SELECT * WHERE { FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }", "SERVICE"),
    ("SELECT * WHERE {\tSERVICE\n<http://x/>{?s ?p ?o}}", "SERVICE"),
    ("SELECT * WHERE { ?s ?p ?o # comment\nSERVICE <http://x/> { } }", "SERVICE"),
    ("SELECT * WHERE { \"x\" SERVICE <http://x/> { } }", "SERVICE"),
    ("SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { \\U00000053\\u0045RVICE <http://x/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { ?s ?p \"\\u0022 } SERVICE <http://x/> { } \" }", "SERVICE"),
    ("LOAD <http://x/data.ttl>", "LOAD"),
    ("load silent <http://x/d> into graph <urn:g>", "LOAD"),
    ("SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }", "FROM <http://127.0.0.1:9/data.ttl>"),
    ("select * from named <ftp://x/g> where { graph ?g { ?s ?p ?o } }", "FROM <ftp://x/g>"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM <file:///etc/passwd>"),
    ("PREFIX e: <http://evil.example/> SELECT * FROM NAMED e:g WHERE { ?s ?p ?o }", "FROM <http://evil.example/g>"),
    ("BASE <http://evil.example/> SELECT * FROM <data.ttl> WHERE { ?s ?p ?o }", "FROM <http://evil.example/data.ttl>"),
    ("SELECT * \\u0046ROM <http://x/> WHERE { ?s ?p ?o }", "FROM <http://x/>"),
    ("DELETE { ?s ?p ?o } USING <http://x/> WHERE { ?s ?p ?o }", "USING <http://x/>"),
]


@pytest.mark.parametrize("q", MUST_PASS)
def test_names_iris_strings_and_comments_pass(q):
    guard(q)


@pytest.mark.parametrize("q,word", MUST_REFUSE)
def test_every_way_of_reaching_out_is_refused(q, word):
    with pytest.raises(QueryError, match="refused") as err:
        guard(q)
    assert str(err.value).startswith(word + " is refused")


def test_a_values_block_of_5000_iris_with_service_in_them_passes():
    iris = " ".join(f"<{ENT}Service/s{i}> <{ENT}Product/LOAD{i}>" for i in range(2500))
    guard(f"SELECT * WHERE {{ VALUES ?e {{ {iris} }} ?e ?p ?o }}")


def test_deep_nesting_is_refused_before_the_parser_crashes():
    with pytest.raises(QueryError, match="nested more than"):
        guard("SELECT * WHERE " + "{" * 500 + "}" * 500)
    guard("SELECT * WHERE { ?s ?p \"" + "{" * 500 + "\" }")     # braces in a string are text


def test_tokens_tell_keywords_from_names():
    kinds = [(t.kind, t.text) for t in tokens("SELECT ?s { ?s a kg:Service ; <x:load> 'SERVICE' }")]
    assert ("pname", "kg:Service") in kinds and ("iri", "<x:load>") in kinds and ("word", "SELECT") in kinds
    assert not any(k == "word" and t.upper() == "SERVICE" for k, t in kinds)


@pytest.mark.parametrize("q,form", [
    ("PREFIX a: <x:> SELECT * {}", "SELECT"), ("ask {}", "ASK"), ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT"), ("# c\nDELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("", ""), ("   # only a comment", ""), ("foo bar", ""),
])
def test_query_form(q, form):
    assert query_form(q) == form


@pytest.mark.parametrize("q,expected", [
    ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { VALUES"),
    ("SELECT (EXISTS { ?a ?b ?c } AS ?e) { ?x ?p ?o }", "AS ?e) { VALUES"),
    ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", "} WHERE { VALUES"),
    ("SELECT ?x { { SELECT ?x WHERE { ?x ?p ?o } } }", "SELECT ?x { VALUES"),
    ("SELECT ?x WHERE { ?x ?p '{ WHERE {' }", "SELECT ?x WHERE { VALUES"),
])
def test_parameters_bind_in_the_outer_where_group(q, expected):
    from rdflib import URIRef
    assert expected in bind_values(q, {"x": URIRef("http://example.org/a")})


@pytest.mark.parametrize("q,bindings,expected", [
    # a placeholder binds its parameter in place, every one of them; no outer clause for it
    ("SELECT * WHERE { { VALUES ?x { UNDEF } ?x ?p ?o } UNION { VALUES ?x { UNDEF } ?o ?p ?x } }",
     {"x": URIRef("http://example.org/a")},
     "SELECT * WHERE { { VALUES ?x { <http://example.org/a> } ?x ?p ?o } UNION "
     "{ VALUES ?x { <http://example.org/a> } ?o ?p ?x } }"),
    # the other parameters still go to the outer group
    ("SELECT * WHERE { GRAPH ?g { VALUES ?x { UNDEF } ?x ?p ?lang } }",
     {"x": URIRef("http://example.org/a"), "lang": Literal("en")},
     'SELECT * WHERE { VALUES (?lang) { ("en") }  GRAPH ?g { VALUES ?x { <http://example.org/a> } ?x ?p ?lang } }'),
    # an unset optional parameter stays UNDEF
    ("SELECT * WHERE { VALUES ?x { UNDEF } ?x ?p ?o }", {"x": None}, "SELECT * WHERE { VALUES ?x { UNDEF } ?x ?p ?o }"),
    # text that only looks like a placeholder (a string, a comment) is left alone
    ("SELECT * WHERE { ?s ?p 'VALUES ?x { UNDEF }' # VALUES ?x { UNDEF }\n }",
     {"x": Literal('"} ; DROP ALL')},
     "SELECT * WHERE { VALUES (?x) { (\"\\\"} ; DROP ALL\") }  ?s ?p 'VALUES ?x { UNDEF }' # VALUES ?x { UNDEF }\n }"),
])
def test_placeholders_bind_a_parameter_where_the_query_puts_it(q, bindings, expected):
    assert bind_values(q, bindings) == expected


def test_every_store_refuses_service_from_python(tmp_path):
    """The guard sits in Store.query: the store object itself refuses, not only kgraph.query."""
    for store in (open_store(":memory:"), open_store(str(tmp_path / "s"))):
        with store:
            with pytest.raises(QueryError, match="SERVICE is refused"):
                store.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
            with pytest.raises(QueryError, match="SERVICE is refused"):
                kgraph.query(store, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
            assert store.query(KG + "ASK { ?s a kg:Service }") is False


def test_from_a_graph_the_store_holds_is_allowed(memory_store):
    from rdflib import Graph, Literal, URIRef
    g = URIRef("urn:example:imported")
    memory_store.replace_graph(g, Graph().add((URIRef("urn:a"), URIRef("urn:b"), Literal("c"))))
    rows = memory_store.query("SELECT ?o FROM <urn:example:imported> WHERE { ?s ?p ?o }")
    assert [str(r["o"]) for r in rows] == ["c"]
    with pytest.raises(QueryError, match="FROM <urn:example:other> is refused"):
        memory_store.query("SELECT ?o FROM <urn:example:other> WHERE { ?s ?p ?o }")
