"""Extraction in worker processes gives the same graph as in this process."""
from __future__ import annotations

import io

from kgraph.ingest.runner import ingest
from kgraph.store import open_store
from tests.conftest import SEEDS


def nquads(store) -> list[str]:
    buf = io.BytesIO()
    store.dump(buf, "nquads")
    return sorted(line for line in buf.getvalue().decode().splitlines() if "#ingestedAt>" not in line)


def test_worker_processes_give_the_same_graph(seed_store, tmp_path, monkeypatch):
    from kgraph.ingest import parallel, runner
    monkeypatch.setattr(runner, "PARALLEL_MIN", 1)          # worker processes even for six documents
    started = []
    real_start = parallel.Pool._start
    monkeypatch.setattr(parallel.Pool, "_start", lambda self: started.append(1) or real_start(self))
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01binary")
    store = open_store(":memory:")
    seen = []
    try:
        report = ingest(store, [str(SEEDS), str(tmp_path)], jobs=2, progress=lambda d, t, n: seen.append((d, t)))
        assert report.ingested == 5 and len(report.failed) == 1
        assert nquads(store) == nquads(seed_store)
    finally:
        store.close()
    assert seen[-1] == (6, 6) and all(d <= t for d, t in seen)
    assert started == [1]


def test_a_document_that_breaks_the_worker_extractor_is_reported():
    from kgraph.ingest.extract import extract_isolated
    from kgraph.model import Document

    class Fragile:
        def extract(self, docs):
            if any("boom" in d.text for d in docs):
                raise RuntimeError("boom inside")
            return [f"ok {d.key}" for d in docs]
    docs = [Document(key=k, file_name=k, text=t, content_hash="x") for k, t in (("a", "fine"), ("b", "boom"))]
    assert extract_isolated(Fragile(), docs) == ["ok a", "RuntimeError: boom inside"]


def test_ingest_flushes_the_store_as_it_goes(monkeypatch, extractor):
    """RocksDB keeps written graphs in memory tables until flushed: an ingest of 10,000 articles grew
    to 2 GB in the main process before it flushed every FLUSH_EVERY documents."""
    from kgraph.ingest import runner
    monkeypatch.setattr(runner, "FLUSH_EVERY", 2)
    monkeypatch.setattr(runner, "WRITE_GROUP", 1)
    store = open_store(":memory:")
    calls = []
    monkeypatch.setattr(store, "flush", lambda: calls.append(1), raising=False)
    try:
        report = ingest(store, [str(SEEDS)], extractor=extractor)
    finally:
        store.close()
    assert report.ingested == 5 and len(calls) == 2


def test_a_pool_settles_the_collector_and_gives_it_back():
    """While an ingest runs, the writing process freezes what it has loaded and runs full collections a
    tenth as often (issue 27: 5% of its time went to the collector); closing the pool restores both, so a
    notebook that ingested keeps its own settings."""
    import gc

    from kgraph.ingest.parallel import Pool
    before = gc.get_threshold()
    pool = Pool(1)
    try:
        assert gc.get_threshold() == (700, 10, 100)
        assert gc.get_freeze_count() > 0
    finally:
        pool.close()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_worker_warm_up_reads_what_extraction_reads():
    """A worker extracts a short invented text before it freezes its memory, so that the word lists and
    the relation model read on first use are frozen with the rest: the text must find names."""
    from kgraph.ingest.parallel import WARM_UP
    from kgraph.nlp.pipeline import get_extractor
    found = get_extractor(threads=1).extract([WARM_UP])[0]
    assert {m.text for m in found.mentions} >= {"한빛전자", "김하늘", "Globex Corp.", "Jane Doe"}
    assert found.relations


def test_what_the_caller_froze_stays_frozen_after_an_ingest_pool():
    import gc

    from kgraph.ingest.parallel import Pool
    gc.freeze()
    try:
        mine = gc.get_freeze_count()
        Pool(1).close()
        assert gc.get_freeze_count() >= mine > 0
    finally:
        gc.unfreeze()
