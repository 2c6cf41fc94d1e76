"""Content negotiation of `kgraph serve` (kgraph/serve/negotiation.py, serve/answer.py requested)
against the Accept headers that real clients send, written down as those clients send them.

Sources: SPARQLWrapper 2.0.0 (Wrapper._getAcceptHeader, and the format= parameters it adds unless
onlyConneg), rdflib 7 (SPARQLConnector.response_mime_types), Apache Jena ARQ (WebContent:
defaultSparqlResultsHeader, defaultSparqlAskHeader, defaultGraphAcceptHeader), YASGUI (@triply/yasqe
requestConfig defaults), Chromium and Firefox navigation headers, fetch() and curl (*/*), and the
query page of kgraph serve itself."""
from __future__ import annotations

import pytest

from kgraph.query import results as F
from kgraph.serve.negotiation import negotiate
from kgraph.serve.answer import negotiate_for, requested

SELECT = "SELECT ?s WHERE { ?s ?p ?o }"
ASK = "ASK {}"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
DESCRIBE = "DESCRIBE <https://w3id.org/kgraph/entity/OpenAI>"

CHROMIUM = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
            "application/signed-exchange;v=b3;q=0.7")
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
JENA_SELECT = ("application/sparql-results+json,application/sparql-results+xml;q=0.9,text/tab-separated-values;q=0.7,"
               "text/csv;q=0.5,application/json;q=0.2,application/xml;q=0.2,*/*;q=0.1")
JENA_ASK = "application/sparql-results+json,application/sparql-results+xml;q=0.9,application/json;q=0.2," \
           "application/xml;q=0.2,*/*;q=0.1"
JENA_GRAPH = "text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,application/rdf+xml;q=0.7,*/*;q=0.3"
SW_JSON = "application/sparql-results+json,application/json,text/javascript,application/javascript"
SW_N3 = "application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3"
PAGE = "application/sparql-results+json, application/n-triples;q=0.9"

CASES = [
    # client, query, Accept header, format= values, what it must get
    ("query page", SELECT, PAGE, [], F.JSON),
    ("query page", ASK, PAGE, [], F.JSON),
    ("query page", CONSTRUCT, PAGE, [], F.NTRIPLES),          # was JSON-LD, read as N-Triples: "0 rows"
    ("query page", DESCRIBE, PAGE, [], F.NTRIPLES),
    ("Chromium, address bar", SELECT, CHROMIUM, [], F.XML),
    ("Chromium, address bar", CONSTRUCT, CHROMIUM, [], F.RDFXML),
    ("Firefox, address bar", SELECT, FIREFOX, [], F.XML),
    ("Firefox, address bar", DESCRIBE, FIREFOX, [], F.RDFXML),
    ("fetch() default", SELECT, "*/*", [], F.JSON),
    ("fetch() default", CONSTRUCT, "*/*", [], F.TURTLE),
    ("curl", SELECT, "*/*", [], F.JSON),
    ("curl", DESCRIBE, "*/*", [], F.TURTLE),
    ("curl -H 'Accept: text/csv'", SELECT, "text/csv", [], F.CSV),
    ("SPARQLWrapper JSON", SELECT, SW_JSON, ["json"], F.JSON),
    ("SPARQLWrapper XML (default)", SELECT, "application/sparql-results+xml", ["xml"], F.XML),
    ("SPARQLWrapper CSV", SELECT, "text/csv", ["csv"], F.CSV),
    ("SPARQLWrapper TSV", SELECT, "text/tab-separated-values", ["tsv", "text/tab-separated-values"], F.TSV),
    ("SPARQLWrapper XML (default)", CONSTRUCT, "application/rdf+xml", ["xml"], F.RDFXML),
    ("SPARQLWrapper TURTLE", CONSTRUCT, "application/turtle,text/turtle", ["turtle"], F.TURTLE),
    ("SPARQLWrapper N3", CONSTRUCT, SW_N3, ["n3"], F.TURTLE),
    ("SPARQLWrapper RDFXML", DESCRIBE, "application/rdf+xml", ["rdf+xml", "application/rdf+xml"], F.RDFXML),
    ("SPARQLWrapper JSONLD", CONSTRUCT, "application/ld+json,application/x-json+ld",
     ["json-ld", "application/ld+json,application/x-json+ld"], F.JSONLD),
    ("SPARQLWrapper JSON on a CONSTRUCT", CONSTRUCT, "*/*", ["json"], F.JSONLD),
    ("SPARQLWrapper onlyConneg N3", CONSTRUCT, SW_N3, [], F.TURTLE),
    ("rdflib SPARQLStore (xml)", SELECT, "application/rdf+xml, application/sparql-results+xml", [], F.XML),
    ("rdflib SPARQLStore (xml)", CONSTRUCT, "application/rdf+xml, application/sparql-results+xml", [], F.RDFXML),
    ("rdflib SPARQLConnector json", SELECT, "application/sparql-results+json", [], F.JSON),
    ("rdflib SPARQLConnector json", CONSTRUCT, "application/sparql-results+json", [], F.JSONLD),   # nothing else fits
    ("Jena ARQ", SELECT, JENA_SELECT, [], F.JSON),
    ("Jena ARQ", ASK, JENA_ASK, [], F.JSON),
    ("Jena ARQ", CONSTRUCT, JENA_GRAPH, [], F.TURTLE),
    ("Jena ARQ", DESCRIBE, JENA_GRAPH, [], F.TURTLE),
    ("YASGUI", SELECT, "application/sparql-results+json,*/*;q=0.9", [], F.JSON),
    ("YASGUI", CONSTRUCT, "text/turtle,*/*;q=0.9", [], F.TURTLE),
    ("no Accept header", SELECT, "", [], F.JSON),
    ("no Accept header", CONSTRUCT, "", [], F.TURTLE),
]


@pytest.mark.parametrize("client,query,accept,formats,expected", CASES,
                         ids=[f"{c[0]}: {c[1].split()[0]}" for c in CASES])
def test_each_client_gets_what_it_asked_for(client, query, accept, formats, expected):
    mime, refusal = negotiate_for(query, requested({"format": formats} if formats else {}, accept))
    assert refusal is None and mime == expected, (client, accept, mime)


@pytest.mark.parametrize("accept,offered,expected", [
    ("text/csv;q=0, */*", F.SELECT_TYPES, F.JSON),                 # the most specific range counts: CSV refused
    ("text/csv;q=0, text/*;q=0.5", F.SELECT_TYPES, F.TSV),
    ("application/n-triples;q=0.5, text/turtle;q=0.4", F.GRAPH_TYPES, F.NTRIPLES),
    ("text/turtle;q=0.5, application/n-triples;q=0.5", F.GRAPH_TYPES, F.TURTLE),   # a tie: the one listed first
    ("application/n-triples, text/turtle", F.GRAPH_TYPES, F.NTRIPLES),
    ("application/sparql-results+json; charset=utf-8", F.SELECT_TYPES, F.JSON),
    ("application/sparql-results+json, */*;q=0.1", F.GRAPH_TYPES, F.TURTLE),      # a results type is a last resort
    ("application/json", F.GRAPH_TYPES, F.JSONLD),
    ("text/html", F.SELECT_TYPES, None),
    ("text/csv;q=abc", F.SELECT_TYPES, None),
])
def test_negotiation_follows_http(accept, offered, expected):
    assert negotiate(accept, offered) == expected


def test_a_graph_asked_as_csv_is_refused_with_the_types_it_can_have():
    mime, refusal = negotiate_for(CONSTRUCT, "text/csv")
    assert mime is None and refusal.status == 406
    assert "text/turtle" in refusal.body.decode() and "'text/csv'" in refusal.body.decode()
