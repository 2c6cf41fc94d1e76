"""Two lanes through the suite: `make test-fast` runs what is not marked slow (unit tests, in this
process, on the seeds and hand-made graphs: well under a minute), `make test` runs everything.

A test is slow when it starts processes (servers, worker pools, kill -9, subprocesses of the
CLI), drives a browser or a cluster, reads the real articles of ../shared, or validates a whole
store with SHACL. Rather than a mark in each file, the modules and tests are listed here with the
reason, and tests/test_layers.py checks that every name listed still exists.
"""
from __future__ import annotations

import pytest

SLOW_MODULES = {
    "test_quality.py": "extraction figures on the real articles",
    "test_real_corpus.py": "the real articles through every command",
    "test_reliability.py": "kills and restarts processes, big stores",
    "test_failures.py": "kill -9 during ingest, full disks, an Oxigraph server",
    "test_cluster.py": "a Dask cluster",
    "test_browser.py": "Chromium",
    "test_query_page.py": "Chromium and a server",
    "test_serve.py": "server and query worker processes",
    "test_live.py": "a server beside ingest processes, kill -9",
    "test_security.py": "a fuzz run against a server",
    "test_remote.py": "an Oxigraph server process",
    "test_dataset_clause.py": "query worker processes and an Oxigraph server",
    "test_limits.py": "query worker processes",
    "test_parallel.py": "ingest worker processes",
    "test_notebook.py": "a Jupyter kernel",
    "test_readme.py": "every README example, the server and curl included",
    "test_package.py": "git and the benchmark scripts in processes",
    "test_web_ingest.py": "a local HTTP server with slow pages, retries and ingests into stores",
    "test_browser_resolve.py": "Chromium and a server",
    "test_corrections_served.py": "servers that take corrections, and Chromium",
}
SLOW_TESTS = {
    "test_dedupe.py::test_no_two_real_articles_merge": "the real articles, every pair",
    "test_reference_list.py::test_worker_processes_get_the_list": "an ingest worker process",
    "test_reference_list.py::test_dask_workers_get_the_list_and_only_for_its_ingest": "a Dask cluster",
    "test_cli.py::test_validate_seed_store": "SHACL over the seed store",
    "test_cli.py::test_eval_agrees_with_the_referee": "the referee's script in a process",
    "test_store.py::test_second_writer_gets_clear_message": "a second process",
    "test_store.py::test_seed_store_is_shacl_valid": "SHACL over the seed store",
    "test_hostile.py::test_store_is_valid_after_hostile_corpus_and_seeds": "SHACL over the hostile store",
    "test_facts.py::test_incremental_facts_equal_a_rebuild": "many stores built and compared",
    "test_conventions.py::test_endpoint_errors_are_plain_text_and_the_server_header_is_clean": "a server process",
    "test_conventions.py::test_serving_beyond_loopback_warns": "a server process",
}
# fixtures that only slow tests can use: the real articles, a browser
SLOW_FIXTURES = {"real_store_dir", "gold_items", "browser"}


def is_slow(item: pytest.Item) -> bool:
    module = item.path.name
    test = f"{module}::{item.name.split('[')[0]}"
    return module in SLOW_MODULES or test in SLOW_TESTS or bool(SLOW_FIXTURES & set(item.fixturenames))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if is_slow(item):
            item.add_marker(pytest.mark.slow)
