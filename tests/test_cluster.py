"""`kgraph ingest --dask`: extraction on a dask.distributed cluster (a scheduler and two worker
processes started here on 127.0.0.1) gives the graph a local ingest gives."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from tests.conftest import DEV_TEXTS, SEEDS, require, require_corpus
from tests.servers import dask_cluster
from tests.test_extract import store_nquads, without_ingest_times

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    try:
        import distributed
    except ImportError:
        distributed = None
    require(distributed is not None and (BIN / "dask").exists(),
            "dask.distributed is not installed (pip install 'kgraph[dask]')")
    with dask_cluster(tmp_path_factory.mktemp("dask"), 2) as address:
        yield address


def test_dask_ingest_gives_the_graph_of_a_local_ingest(cluster, tmp_path):
    require_corpus()
    # relative paths: a worker in another directory must not resolve them (kg:sourcePath) against its own
    inputs = [os.path.relpath(SEEDS), os.path.relpath(DEV_TEXTS)]
    res = CliRunner().invoke(main, ["--store", str(tmp_path / "dask"), "ingest", *map(str, inputs),
                                    "--dask", cluster])
    assert res.exit_code == 0 and "29 ingested, 0 failed" in res.output, res.output
    res = CliRunner().invoke(main, ["--store", str(tmp_path / "local"), "ingest", *map(str, inputs), "--jobs", "2"])
    assert res.exit_code == 0, res.output
    dask_quads = without_ingest_times(store_nquads(tmp_path / "dask"))
    assert len(dask_quads) > 10_000
    assert dask_quads == without_ingest_times(store_nquads(tmp_path / "local"))


def test_dask_extract_writes_the_shards_of_a_local_extract(cluster, tmp_path):
    for where, extra in (("dask", ["--dask", cluster]), ("local", ["--jobs", "1"])):
        res = CliRunner().invoke(main, ["extract", str(SEEDS), "-o", str(tmp_path / where), *extra])
        assert res.exit_code == 0 and "5 documents" in res.output, res.output
    lines = {w: without_ingest_times((tmp_path / w / "part-00000.nq").read_text(encoding="utf-8"))
             for w in ("dask", "local")}
    assert lines["dask"] == lines["local"]


def test_an_unreachable_scheduler_is_named():
    require(_has_distributed(), "dask.distributed is not installed")
    from kgraph.ingest.cluster import DaskError, DaskPool
    with pytest.raises(DaskError, match=r"cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'.*dask scheduler"):
        DaskPool("tcp://127.0.0.1:9", timeout=1)


def _has_distributed() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True
