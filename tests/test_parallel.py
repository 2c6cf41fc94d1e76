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
