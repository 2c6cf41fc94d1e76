"""The store: one graph per document, idempotent ingest, replacement, the lock message."""
import subprocess
import sys

import pytest

from kgraph.errors import StoreLockedError
from kgraph.ingest.runner import ingest
from kgraph.store import open_store


def test_seed_documents_are_named_graphs(seed_store):
    rows = seed_store.query("""PREFIX kg: <https://w3id.org/kgraph/ontology#>
        SELECT ?g ?f WHERE { GRAPH ?g { ?g a kg:Document ; kg:fileName ?f } } ORDER BY ?f""")
    assert [str(r["f"]) for r in rows] == ["000_2c4785145359766b.txt", "001_3e56672d30eb900f.txt",
                                           "002_7d2e61138442548f.txt", "003_cb24808c715b4078.txt",
                                           "004_bf3c5b794963c655.txt"]


def test_ingest_twice_gives_same_quads(tmp_path, extractor):
    (tmp_path / "a.txt").write_text("한빛전자는 모아테크와 협력했다.")
    store = open_store(":memory:")
    r1 = ingest(store, [tmp_path], extractor=extractor)
    n1 = store.quad_count()
    r2 = ingest(store, [tmp_path], extractor=extractor)
    assert (r1.ingested, r2.ingested, r2.unchanged) == (1, 0, 1)
    assert store.quad_count() == n1
    r3 = ingest(store, [tmp_path], extractor=extractor, force=True)
    assert r3.ingested == 1
    # ingestedAt differs, everything else is equal
    assert store.quad_count() == n1


def test_changed_file_replaces_its_graph(tmp_path, extractor):
    f = tmp_path / "a.txt"
    f.write_text("한빛전자는 모아테크와 협력했다.")
    store = open_store(":memory:")
    ingest(store, [f], extractor=extractor)
    f.write_text("청운벤처스는 구름텔레콤에 투자했다.")
    ingest(store, [f], extractor=extractor)
    labels = {str(r["l"]) for r in store.query("""SELECT ?l WHERE { GRAPH ?g {
        ?g a <https://w3id.org/kgraph/ontology#Document> . ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l .
        ?g <https://w3id.org/kgraph/ontology#mentions> ?e } }""")}
    assert labels == {"청운벤처스", "구름텔레콤"}


def test_bad_file_does_not_stop_the_batch(tmp_path, extractor):
    (tmp_path / "good.txt").write_text("한빛전자는 모아테크와 협력했다.")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00binary")
    store = open_store(":memory:")
    report = ingest(store, [tmp_path], extractor=extractor)
    assert report.ingested == 1 and len(report.failed) == 1 and "bad.txt" in str(report.failed[0])
    assert "1 ingested, 1 failed" in report.summary()


def test_second_writer_gets_clear_message(tmp_path):
    loc = str(tmp_path / "store")
    store = open_store(loc)
    try:
        with pytest.raises(StoreLockedError, match="is in use by"):
            open_store(loc)
        code = f"from kgraph.store import open_store; open_store({loc!r})"
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert proc.returncode != 0 and "StoreLockedError" in proc.stderr
    finally:
        store.close()


def test_remove_document(tmp_path, extractor):
    from kgraph.ingest.writer import remove_documents
    from kgraph.store.info import find_documents, list_documents
    (tmp_path / "a.txt").write_text("한빛전자는 모아테크와 협력했다.")
    store = open_store(":memory:")
    ingest(store, [tmp_path], extractor=extractor)
    remove_documents(store, find_documents(store, "a.txt"))
    assert list_documents(store) == []


def test_seed_store_is_shacl_valid(seed_store):
    from kgraph.validate import validate
    assert validate(seed_store) == []


def test_broken_offsets_are_reported(extractor):
    """The shapes catch evidence that does not slice back out of the stored text."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, XSD

    from kgraph.rdf.namespaces import KG
    from kgraph.validate import validate
    store = open_store(":memory:")
    g = Graph()
    doc, rel = URIRef("https://w3id.org/kgraph/doc/x"), URIRef("https://w3id.org/kgraph/rel/x")
    g.add((doc, RDF.type, KG.Document))
    for p, o in ((KG.fileName, "x.txt"), (KG.contentHash, "0" * 64), (KG.language, "ko"), (KG.text, "짧은 글")):
        g.add((doc, p, Literal(o)))
    g.add((doc, KG.ingestedAt, Literal("2025-01-01T00:00:00", datatype=XSD.dateTime)))
    g.add((rel, RDF.type, KG.Relationship))
    for p, o in ((KG.predicate, KG.partnerOf), (KG.subject, URIRef("https://w3id.org/kgraph/entity/A")),
                 (KG.object, URIRef("https://w3id.org/kgraph/entity/B")), (KG.extractedFrom, doc)):
        g.add((rel, p, o))
    for p, o in ((KG.evidence, Literal("다른 문장")), (KG.start, Literal(0)), (KG.end, Literal(99)),
                 (KG.trigger, Literal("협력")), (KG.modality, Literal("stated")),
                 (KG.confidence, Literal("0.5", datatype=XSD.decimal))):
        g.add((rel, p, o))
    store.replace_graph(doc, g)
    messages = [v.message for v in validate(store)]
    assert any("offsets" in m for m in messages)
