"""Extraction without a store: kgraph.extract_document for other engines' maps, `kgraph extract` to
N-Quads shards, and `kgraph import` of those shards giving the store an ingest gives."""
from __future__ import annotations

import gzip
import io
import re

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import main
from kgraph.errors import ExtractionError, LoadError
from kgraph.store import open_store
from tests.conftest import DEV_TEXTS, SEEDS, require_corpus

RECORD = {"id": "a1", "title": "오픈AI와 카카오 제휴", "date": "2025-02-04", "url": "https://news.example/a1",
          "text": "오픈AI는 카카오와 전략적 제휴를 맺었다고 4일 밝혔다. 샘 올트먼 오픈AI CEO가 참석했다."}


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def without_ingest_times(nquads: str) -> list[str]:
    return sorted(line for line in nquads.splitlines() if "#ingestedAt>" not in line)


def store_nquads(location) -> str:
    store = open_store(str(location), read_only=True)
    try:
        buf = io.BytesIO()
        store.dump(buf, "nquads")
        return buf.getvalue().decode("utf-8")
    finally:
        store.close()


def test_extract_document_maps_a_record_to_its_named_graph(extractor):
    result = kgraph.extract_document(RECORD, extractor, source="feed.jsonl")
    assert result.key == "feed.jsonl#a1" and "/doc/feed.jsonl" in result.iri
    quads = list(ox.parse(result.nquads().encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == result.triple_count > 20
    assert {q.graph_name.value for q in quads} == {result.iri}
    preds = {re.split(r"[#/]", q.predicate.value)[-1] for q in quads}
    assert {"fileName", "contentHash", "partnerOf", "evidence", "source", "published"} <= preds
    assert "sourcePath" not in preds              # no file was read: the graph names no path of this machine
    assert ("https://w3id.org/kgraph/entity/Kakao", "https://w3id.org/kgraph/entity/OpenAI") in {
        tuple(sorted(k[::2])) for k in result.facts}


def test_extract_document_refuses_a_record_without_text_and_names_why(extractor):
    with pytest.raises(LoadError, match='non-empty "text" string'):
        kgraph.extract_document({"id": "x", "title": "no body"}, extractor)

    class Broken:
        def extract(self, docs):
            raise RuntimeError("boom")
    with pytest.raises(ExtractionError, match="records.jsonl#a1: extraction failed .RuntimeError: boom."):
        kgraph.extract_document(RECORD, Broken())


def test_shards_imported_give_the_store_an_ingest_gives(tmp_path):
    require_corpus()
    inputs = [SEEDS, *sorted(DEV_TEXTS.iterdir())[:3]]
    res = cli("extract", *inputs, "-o", tmp_path / "shards", "--shard-size", "3", "--jobs", "1")
    assert res.exit_code == 0, res.output
    assert "8 documents" in res.output and "in 3 shards; 0 failed" in res.output
    shards = sorted((tmp_path / "shards").iterdir())
    assert [p.name for p in shards] == ["part-00000.nq", "part-00001.nq", "part-00002.nq"]
    res = cli("--store", tmp_path / "imported", "import", *shards)
    assert res.exit_code == 0 and "imported 8 graphs" in res.output, res.output
    res = cli("--store", tmp_path / "ingested", "ingest", *inputs, "--jobs", "1")
    assert res.exit_code == 0, res.output
    # the same quads, the facts graph included (import rebuilds it), apart from the ingest times
    assert without_ingest_times(store_nquads(tmp_path / "imported")) == \
        without_ingest_times(store_nquads(tmp_path / "ingested"))


def test_extract_reports_bad_files_and_refuses_to_mix_runs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("한빛전자는 모아테크와 협력한다고 밝혔다.", encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    (src / "b").mkdir()
    (src / "b" / "good.txt").write_text("모아테크는 한빛전자에 투자했다.", encoding="utf-8")
    res = cli("extract", src, "-o", tmp_path / "out", "--gzip", "--jobs", "1")
    assert res.exit_code == 1
    assert "empty.txt" in res.output and "same document name 'good.txt'" in res.output
    assert "1 documents" in res.output
    (shard,) = (tmp_path / "out").iterdir()
    assert shard.name == "part-00000.nq.gz"
    with gzip.open(shard, "rt", encoding="utf-8") as fh:
        assert "한빛전자" in fh.read()
    res = cli("extract", src / "good.txt", "-o", tmp_path / "out", "--jobs", "1")
    assert res.exit_code == 1 and "already holds shards (part-00000.nq.gz" in res.output
    assert not list((tmp_path / "out").glob("*.part"))


def test_an_extracted_doc_is_freed_without_the_cycle_collector():
    """The analysis hung on a Doc refers back to it; extract() drops it once the Extraction is taken, so
    that the Docs of a batch are freed at once, not when a full collection comes (issue 27: workers run
    those a tenth as often)."""
    import gc
    import weakref

    from kgraph.nlp.pipeline import get_extractor, release
    ex = get_extractor(threads=1)
    gc.collect()
    gc.disable()
    try:
        docs = ex.analyse(["한빛전자 김하늘 대표는 구름텔레콤과 손잡았다고 밝혔다."])
        analysis = weakref.ref(docs[0]._.kg_analysis)
        assert docs[0]._.kg_relations
        release(docs[0])
        assert docs[0]._.kg_analysis is None and docs[0]._.kg_relations is None
        del docs
        assert analysis() is None
    finally:
        gc.enable()
