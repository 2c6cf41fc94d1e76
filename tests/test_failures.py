"""Crashes and failures: kill -9 mid-ingest, a full disk, an unwritable store. Whatever is in the
store afterwards is whole, and running the ingest again completes the rest."""
from __future__ import annotations

import os
import random
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.sources.loaders import _sha256
from kgraph.store import open_store
from tests.conftest import SEEDS, require
from tests.servers import oxigraph_binary, oxigraph_serve

PREFIX = "PREFIX kg: <https://w3id.org/kgraph/ontology#>\n"


def make_corpus(root: Path, n: int = 200, sentences: int = 12) -> Path:
    """n articles made of seed sentences (a fixed shuffle), so that extraction finds real relations."""
    pool = []
    for f in sorted(SEEDS.iterdir()):
        text = f.read_text(encoding="utf-8")
        pool += [s.strip() for s in re.split(r"(?<=[.다])\s+", text) if 20 < len(s.strip()) < 300]
    rnd = random.Random(7)
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"a{i:03d}.txt").write_text("\n".join(rnd.sample(pool, sentences)), encoding="utf-8")
    return root


def doc_state(store) -> dict[str, tuple[str, int]]:
    """file name -> (content hash, number of relation nodes) for every document graph."""
    rows = store.query(PREFIX + """
        SELECT ?f ?h (COUNT(?r) AS ?n) WHERE { GRAPH ?d { ?d kg:fileName ?f ; kg:contentHash ?h .
          OPTIONAL { ?r kg:extractedFrom ?d } } } GROUP BY ?f ?h""")
    return {str(r["f"]): (str(r["h"]), int(r["n"])) for r in rows}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("crash") / "corpus")


@pytest.fixture(scope="module")
def clean_state(corpus, extractor):
    from kgraph.ingest.runner import ingest
    store = open_store(":memory:")
    assert ingest(store, [str(corpus)], extractor=extractor).ingested == 200
    state = doc_state(store)
    store.close()
    return state


def ingest_process(store: str, corpus: Path, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kgraph.cli", "--store", store, "ingest", str(corpus),
                             "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)


def count_docs(location: str) -> int:
    try:
        store = open_store(location, read_only=True)
    except Exception:   # noqa: BLE001 - the store may not exist yet
        return 0
    try:
        return len(store.query(PREFIX + "SELECT ?d WHERE { GRAPH ?d { ?d a kg:Document } }"))
    finally:
        store.close()


def kill_after_first_documents(proc: subprocess.Popen, location: str) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        seen = count_docs(location)
        if seen:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return seen
        time.sleep(0.05)
    pytest.fail(f"the ingest finished or never wrote a document before it could be killed: "
                f"{proc.stdout.read().decode()[-2000:]}")


def check_whole_then_complete(location: str, corpus: Path, clean: dict) -> None:
    store = open_store(location)
    try:
        present = doc_state(store)
    finally:
        store.close()
    assert 0 < len(present) < 200
    for name, (digest, relations) in present.items():
        assert digest == _sha256((corpus / name).read_bytes())
        assert relations == clean[name][1], name
    res = CliRunner().invoke(main, ["--store", location, "ingest", str(corpus), "--jobs", "1"])
    assert res.exit_code == 0, res.output
    assert f"{200 - len(present)} ingested, {len(present)} unchanged, 0 failed" in res.output
    store = open_store(location, read_only=True)
    try:
        assert doc_state(store) == clean
    finally:
        store.close()


def test_kill_9_during_ingest_leaves_whole_documents(corpus, clean_state, tmp_path):
    location = str(tmp_path / "store")
    proc = ingest_process(location, corpus)
    kill_after_first_documents(proc, location)
    check_whole_then_complete(location, corpus, clean_state)


def test_kill_9_during_ingest_into_a_remote_store(corpus, clean_state, tmp_path):
    require(oxigraph_binary() is not None, "Oxigraph server is not installed (pip install oxigraph)")
    server = oxigraph_serve(tmp_path / "data", tmp_path)
    try:
        proc = ingest_process(server.url, corpus)
        kill_after_first_documents(proc, server.url)
        # a request the client sent before it died is still the server's to finish (or not): whole, either way
        settle = time.monotonic() + 10
        last = -1
        while time.monotonic() < settle and count_docs(server.url) != last:
            last = count_docs(server.url)
            time.sleep(0.5)
        check_whole_then_complete(server.url, corpus, clean_state)
    finally:
        server.close()


def test_full_disk_is_a_clear_error_and_nothing_half_written(corpus, clean_state, tmp_path):
    location = str(tmp_path / "store")

    def small_disk():          # files may not grow past 6 MB: as if the disk filled up
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (6_000_000, 6_000_000))
    proc = ingest_process(location, corpus, preexec_fn=small_disk)
    out = proc.communicate(timeout=300)[0].decode()
    assert proc.returncode == 1 and "Traceback" not in out
    assert re.search(r"Error: (cannot write .* to store|could not save store) .*File too large", out), out
    store = open_store(location)
    try:
        present = doc_state(store)
    finally:
        store.close()
    assert present, "the disk filled up before any document: raise the limit so the test sees a partial store"
    for name, (digest, relations) in present.items():
        assert digest == _sha256((corpus / name).read_bytes()) and relations == clean_state[name][1]
    res = CliRunner().invoke(main, ["--store", location, "ingest", str(corpus), "--jobs", "1"])
    assert res.exit_code == 0 and f"{200 - len(present)} ingested" in res.output


def test_unwritable_store_location_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    res = CliRunner().invoke(main, ["--store", str(blocker / "store"), "ingest", str(SEEDS)])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert f"cannot open store '{blocker / 'store'}'" in res.output
    assert not (blocker.parent / "store").exists()


def test_two_writers_second_is_told_and_nothing_is_corrupted(tmp_path, extractor):
    from kgraph.ingest.runner import ingest
    location = str(tmp_path / "store")
    first = open_store(location)
    try:
        ingest(first, [str(SEEDS)], extractor=extractor)
        res = CliRunner().invoke(main, ["--store", location, "ingest", str(SEEDS)])
        assert res.exit_code == 1 and "is in use by" in res.output
    finally:
        first.close()
    res = CliRunner().invoke(main, ["--store", location, "validate"])
    assert res.exit_code == 0 and res.output.strip().endswith("0 violations")
    assert os.path.isdir(location)
