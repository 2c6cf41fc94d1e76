"""The speed-ups of ingest outside the NLP (issue 27) change no result: signatures, terms, the query guard."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import numpy as np
import pytest
from rdflib import Literal, URIRef

from kgraph.errors import QueryError
from kgraph.ingest import minhash
from kgraph.model import Document, EntityRef, Extraction, Mention, Relation
from kgraph.rdf import build
from kgraph.rdf.ntriples import serialize
from kgraph.store import open_store

TEXTS = [
    "",
    "짧은 글",
    "Globex Corp. said on Monday that it would build a chip plant with Initech in Ulsan.",
    "한빛전자는 새 반도체 공장을 울산에 짓기로 했다고 밝혔다.\n" * 12 + "김하늘 대표가 발표했다.",
    "A line that is long enough to be kept as it is by the normaliser of texts.\n" * 30,
]


@pytest.mark.parametrize("text", TEXTS)
def test_signature_has_datasketchs_hash_values(text):
    """The numpy signature is datasketch's MinHash of the same shingles, value for value, so stored
    signatures and those made now compare as before."""
    from datasketch import LeanMinHash, MinHash
    m = MinHash(num_perm=minhash.NUM_PERM, seed=minhash.SEED, scheme=minhash.HASHING)
    items = minhash.shingles(text)
    if items:
        m.update_batch(list(items))
    expected = LeanMinHash(m)
    mine = minhash.signature(text)
    assert mine.hashvalues.dtype == expected.hashvalues.dtype
    assert np.array_equal(mine.hashvalues, expected.hashvalues)
    assert minhash.encode(mine) == minhash.encode(expected)
    assert mine.jaccard(expected) == 1.0


def test_ingest_does_not_import_datasketch():
    """Neither an extraction worker (it imports kgraph.ingest.parallel) nor the writing process (it makes
    signatures) loads datasketch, and with it scipy: 0.3 s of each process's start."""
    code = ("import sys, kgraph.ingest.parallel\nfrom kgraph.ingest import dedupe\ndedupe.signature('a long text ' * 40)\n"
            "print('datasketch' in sys.modules, 'scipy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def _doc(key: str, text: str) -> Document:
    return Document(key, key, text, "")


def test_cached_terms_keep_entities_and_literals_apart():
    """Terms made once per process: two entities with one key but another name or type stay two nodes,
    and the number 1 and the boolean true stay two literals."""
    a = EntityRef("globex", "Company", "Globex", discovered=True)
    b = EntityRef("globex", "Service", "Globex Cloud", discovered=True)
    assert build._node(a) == build.entity_node(a) and build._node(b) == build.entity_node(b)
    assert build._node(a) != build._node(b)
    assert build._plain(1).datatype != build._plain(True).datatype
    assert build._plain(True) == Literal(True) and build._plain(1) == Literal(1)


def test_document_triples_are_the_same_made_twice():
    """A document's graph does not depend on what the process built before it."""
    org = EntityRef("Q1", "Company", "Globex")
    other = EntityRef("initech", "Company", "Initech", discovered=True)
    text = "Globex said it signed a deal with Initech."
    extraction = Extraction(
        [Mention(org, "Globex", 0, 6, 0, "reference"), Mention(other, "Initech", 34, 41, 0, "discovery")],
        [Relation(org, "partnersWith", other, text, 0, 41, "signed a deal", "stated", 0.9)])
    at = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    first = serialize(build.document_triples(_doc("a.txt", text), extraction, at)[1])
    build.document_triples(_doc("b.txt", "Initech met Globex."), Extraction(), at)
    again = serialize(build.document_triples(_doc("a.txt", text), extraction, at)[1])
    assert first == again
    assert '"0.9"^^<http://www.w3.org/2001/XMLSchema#decimal>' in first
    assert '"41"^^<http://www.w3.org/2001/XMLSchema#integer>' in first


def test_the_guard_still_refuses_what_reaches_outside(monkeypatch):
    """Queries that cannot reach outside skip the token scan; the others are read as before."""
    store = open_store(":memory:")
    store.update('INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "from a file, loaded" } GRAPH <urn:h> { <urn:t> <urn:q> 1 } }')
    with pytest.raises(QueryError, match="SERVICE"):
        store.query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="nested"):
        store.query("SELECT * WHERE " + "{ " * 250 + "?s ?p ?o" + " }" * 250)
    # a word of the guard inside a literal: scanned, and allowed
    assert len(store.query('SELECT ?s WHERE { ?s ?p "from a file, loaded" }')) == 1
    # FROM still names the dataset: the default graph is then that graph only, not the union
    assert len(store.query("SELECT ?s WHERE { ?s ?p ?o }")) == 2
    assert len(store.query("SELECT ?s FROM <urn:h> WHERE { ?s ?p ?o }")) == 1
    from kgraph.store import oxigraph

    def scanned(*args, **kwargs):
        raise AssertionError("a plain query was scanned")
    monkeypatch.setattr(oxigraph, "guard", scanned)
    monkeypatch.setattr(oxigraph, "has_dataset_clause", scanned)
    rows = store.query("SELECT ?o WHERE { ?s <urn:p> ?o }")       # the union of the graphs, as before
    assert [str(r["o"]) for r in rows] == ["from a file, loaded"]
    assert store.query("SELECT ?o WHERE { ?s ?p ?o }", {"s": URIRef("urn:s")})
