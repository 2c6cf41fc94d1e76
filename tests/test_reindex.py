"""`kgraph reindex` in one pass (kgraph/ingest/reindex.py): the same facts graph as the SPARQL rebuild
it replaced and as the ingest wrote, whichever way it is written, with progress reported."""
from __future__ import annotations

import shutil

import pytest

from kgraph.ingest import reindex as streaming
from kgraph.rdf import facts
from kgraph.rdf.corrections import HIDE_REJECTED
from kgraph.rdf.namespaces import FACTS_GRAPH
from kgraph.store import open_store
from tests import minigraph


def facts_nquads(store) -> list[str]:
    """The facts graph as sorted N-Quads lines."""
    import io
    buf = io.BytesIO()
    store.dump(buf, "nquads")
    tail = f"<{FACTS_GRAPH}> ."
    return sorted(line for line in buf.getvalue().decode("utf-8").splitlines() if line.endswith(tail))


def old_rebuild(store) -> None:
    """The reindex before the streaming one: one SPARQL update (kgraph.rdf.facts.rebuild)."""
    store.update(facts.rebuild() + " ;\n" + HIDE_REJECTED, "the facts graph")


@pytest.fixture
def real_copy(real_store_dir, tmp_path):
    """A copy of the store of the seeds and the 24 real dev articles, to rebuild in."""
    loc = tmp_path / "store"
    shutil.copytree(real_store_dir, loc, ignore=shutil.ignore_patterns("kgraph-snapshots", "LOCK"))
    store = open_store(str(loc))
    yield store
    store.close()


def test_streaming_reindex_gives_the_old_rebuilds_facts_graph_on_real_articles(real_copy):
    at_ingest = facts_nquads(real_copy)
    assert len(at_ingest) > 1000
    old_rebuild(real_copy)
    old = facts_nquads(real_copy)
    assert old == at_ingest                       # the ingest's sums and the old rebuild agree
    seen = []
    n = streaming.rebuild(real_copy, progress=lambda done, total, doc: seen.append((done, total)))
    assert facts_nquads(real_copy) == old
    assert n == sum(1 for line in old if "#Fact>" in line.split(" ")[2])
    # the progress callback: once per document, up to the number of documents
    assert [d for d, _ in seen] == list(range(1, 30)) and {t for _, t in seen} == {29}


def test_reindex_repairs_a_changed_facts_graph_and_writes_it_whole_when_absent(real_copy):
    good = facts_nquads(real_copy)
    fact = next(line.split(" ")[0] for line in good if "documentCount" in line and "/fact/" in line)
    real_copy.update(f"DELETE WHERE {{ GRAPH <{FACTS_GRAPH}> {{ {fact} <https://w3id.org/kgraph/ontology#documentCount> ?n }} }} ;"
                     f"INSERT DATA {{ GRAPH <{FACTS_GRAPH}> {{ <urn:x:stale> a <https://w3id.org/kgraph/ontology#Fact> }} }}")
    assert facts_nquads(real_copy) != good
    streaming.rebuild(real_copy)                  # the difference, in one update
    assert facts_nquads(real_copy) == good
    real_copy.remove_graph(FACTS_GRAPH)
    streaming.rebuild(real_copy)                  # no facts graph: bulk-loaded
    assert facts_nquads(real_copy) == good
    streaming.DIFF_LIMIT, limit = 0, streaming.DIFF_LIMIT
    try:                                          # a large difference: dropped and bulk-loaded
        real_copy.update(f"INSERT DATA {{ GRAPH <{FACTS_GRAPH}> {{ <urn:x:stale> a <urn:x:Thing> }} }}")
        streaming.rebuild(real_copy)
    finally:
        streaming.DIFF_LIMIT = limit
    assert facts_nquads(real_copy) == good


class ServerLike:
    """A store that is not the embedded one (as a SPARQL server is): only the Store interface."""

    def __init__(self, inner):
        self.inner, self.location = inner, "http://127.0.0.1:1/sparql"

    def __getattr__(self, name):
        if name in ("graph_triples", "load_stream", "_store"):
            raise AttributeError(name)
        return getattr(self.inner, name)


def test_a_server_store_gets_the_same_graph_through_a_staging_graph(tmp_path):
    store = open_store(minigraph.store_dir(tmp_path / "mini"))
    try:
        good = facts_nquads(store)
        old_rebuild(store)
        assert facts_nquads(store) == good
        server = ServerLike(store)
        moves = []
        update = store.update
        server.update = lambda text, what="an update": (moves.append(text), update(text, what))
        streaming.rebuild(server)
        assert facts_nquads(store) == good and not store.has_graph(streaming.STAGING)
        assert any(t.startswith("MOVE ") for t in moves)      # the swap is one request
    finally:
        store.close()


def test_kgraph_reindex_reports_progress_and_the_count(tmp_path):
    from click.testing import CliRunner

    from kgraph.cli import main
    loc = minigraph.store_dir(tmp_path / "mini")
    res = CliRunner().invoke(main, ["--store", loc, "reindex"])
    assert res.exit_code == 0, res.output
    assert "facts graph rebuilt: 7 facts" in res.output
