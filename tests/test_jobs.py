"""--jobs means worker processes, always; --threads is Kiwi's threads in a process that extracts itself."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.errors import KgraphError
from tests.conftest import SEEDS


def test_jobs_with_dask_is_refused_instead_of_ignored(tmp_path):
    res = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "ingest", str(SEEDS), "--jobs", "2",
                                    "--dask", "tcp://127.0.0.1:9"])
    assert res.exit_code == 1
    assert "--jobs 2 sets this machine's worker processes" in res.output and "leave --jobs out" in res.output


def test_a_small_batch_extracts_in_this_process_with_its_threads():
    from kgraph.ingest.parallel import InProcess
    from kgraph.ingest.runner import PARALLEL_MIN, make_work
    work = make_work(None, 2, PARALLEL_MIN - 1, threads=1)
    assert isinstance(work, InProcess) and work.extractor.threads == 1


def test_make_work_names_the_conflict_for_the_library_too():
    from kgraph.ingest.runner import make_work
    with pytest.raises(KgraphError, match="cluster's workers extract"):
        make_work(None, 3, 10, dask="tcp://127.0.0.1:9")


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_help_gives_one_meaning_to_jobs_and_threads(command):
    out = CliRunner().invoke(main, [command, "--help"]).output
    assert "Extraction worker processes" in out and "Kiwi threads" in out
