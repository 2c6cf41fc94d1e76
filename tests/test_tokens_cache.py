"""kgraph.rdf.sparql.tokens keeps the tokens of a query it has split (issue 27: a canned question is
tokenized three times a run): each call is a fresh iterator over the same tokens, and a text longer
than CACHED_TEXT is split each time, to the same tokens as a short one."""
from __future__ import annotations

from kgraph.rdf import sparql
from kgraph.rdf.sparql import CACHED_TEXT, tokens


def test_each_call_is_a_fresh_iterator():
    q = "SELECT ?x WHERE { ?x ?p 'a # not a comment' } # a comment"
    first = tokens(q)
    assert next(first).keyword == "SELECT"
    again = [t.text for t in tokens(q)]
    assert again == ["SELECT", "?x", "WHERE", "{", "?x", "?p", "'a # not a comment'", "}"]
    assert [t.text for t in first][0] == "?x"          # the first iterator goes on where it was
    assert [t.kind for t in tokens(q, significant=False)][-1] == "comment"


def test_a_long_text_is_split_each_time_to_the_same_tokens():
    short = "SELECT * WHERE { ?s ?p ?o }"
    long = short + " " * CACHED_TEXT
    sparql._cached_tokens.cache_clear()
    assert [t.text for t in tokens(long)] == [t.text for t in tokens(short)]
    assert sparql._cached_tokens.cache_info().currsize == 1          # the short one only
