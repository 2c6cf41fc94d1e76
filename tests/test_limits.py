"""Runaway queries outside `kgraph serve`: `kgraph query` and `kgraph.query` run the query in a worker
process (kgraph/query/isolated.py, the mechanism the endpoint's pool uses) that is stopped at a time
limit or a memory ceiling, both on by default and both overridable."""
from __future__ import annotations

import inspect
import time

import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import main
from kgraph.children import alive
from kgraph.errors import QueryError, QueryTimeout
from kgraph.query import isolated
from kgraph.query.isolated import QueryLimitError
from kgraph.query.run import query
from kgraph.serve import ServeConfig
from tests import minigraph

# the query: 5.9 GB in 15 s on a 14k-quad store; here its sort needs far more than the ceiling
RUNAWAY = "SELECT * WHERE {?a ?b ?c . ?d ?e ?f} ORDER BY ?c ?f LIMIT 1"
# little memory, a very long time: a count over a three-way cartesian product
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE {?a ?b ?c . ?d ?e ?f . ?g ?h ?i}"


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return minigraph.store_dir(tmp_path_factory.mktemp("limits") / "store")


@pytest.fixture
def store(mini):
    s = kgraph.open_store(mini, read_only=True)
    yield s
    s.close()


def worker_pid(store) -> int:
    import os
    return isolated._workers[os.path.abspath(store.location)][0].proc.pid


def test_the_defaults_are_the_endpoints():
    params = inspect.signature(query).parameters
    assert params["timeout"].default == ServeConfig().timeout
    assert params["max_memory"].default == ServeConfig().max_memory
    opts = {o.name: o.default for o in main.commands["query"].params}
    assert opts["timeout"] == ServeConfig().timeout and opts["max_memory"] == ServeConfig().max_memory


def test_a_runaway_query_is_stopped_at_the_memory_ceiling(store):
    assert kgraph.query(store, "ASK { ?s ?p ?o }") is True
    before = worker_pid(store)
    with pytest.raises(QueryLimitError) as err:
        kgraph.query(store, RUNAWAY, max_memory=200)
    assert err.value.limit == "memory"
    assert "more than 200 MB of memory and was stopped" in str(err.value)
    assert "max_memory=MB" in str(err.value)                      # how to raise it, in the API's terms
    assert not alive(before)                                      # the process and its memory are gone
    assert len(kgraph.query(store, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")) == 3    # a fresh worker answers


def test_a_query_past_its_time_limit_is_stopped(store):
    with pytest.raises(QueryTimeout) as err:
        kgraph.query(store, ENDLESS, timeout=1, max_memory=None)
    assert isinstance(err.value, QueryLimitError) and err.value.limit == "time"
    assert "time limit of 1 s" in str(err.value) and "timeout=SECONDS" in str(err.value)


def test_the_cli_stops_it_and_names_its_options(mini):
    res = CliRunner().invoke(main, ["--store", mini, "query", RUNAWAY, "--max-memory", "200"])
    assert res.exit_code == 1
    assert "more than 200 MB of memory" in res.output and "--max-memory MB (0: no ceiling)" in res.output
    res = CliRunner().invoke(main, ["--store", mini, "query", ENDLESS, "--timeout", "1", "--max-memory", "0"])
    assert res.exit_code == 1
    assert "time limit of 1 s" in res.output and "--timeout SECONDS (0: no limit)" in res.output
    assert "Traceback" not in res.output


def test_answers_are_the_same_as_in_process(store):
    from kgraph.query.run import run
    for text in ("SELECT ?d ?t WHERE { ?d a <https://w3id.org/kgraph/ontology#Document> ; "
                 "<https://w3id.org/kgraph/ontology#title> ?t } ORDER BY ?d",
                 "ASK { ?s <https://w3id.org/kgraph/ontology#partnerOf> ?o }",
                 "CONSTRUCT { ?s <urn:p> ?o } WHERE { ?s <https://w3id.org/kgraph/ontology#partnerOf> ?o }"):
        limited, here = kgraph.query(store, text), run(store, text)
        if isinstance(here, list):
            assert limited == here and limited.vars == here.vars
        elif isinstance(here, bool):
            assert limited is here
        else:
            assert set(limited) == set(here) and len(here) > 0
    from rdflib import Literal
    rows = kgraph.query(store, "SELECT ?x WHERE { ?x <https://w3id.org/kgraph/ontology#title> ?t }",
                        {"t": Literal("Samsung may join OpenAI", lang="en")})      # bindings travel too
    assert [str(r["x"]) for r in rows] == ["https://w3id.org/kgraph/doc/d3"]


def test_the_worker_sees_what_was_written_since(tmp_path):
    from rdflib import URIRef
    store = kgraph.open_store(minigraph.store_dir(tmp_path / "store"))       # open for writing, as in a notebook
    try:
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:new> { ?s ?p ?o } }"
        assert int(kgraph.query(store, count)[0]["n"]) == 0
        store.replace_graph(URIRef("urn:new"), [(URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c"))])
        assert int(kgraph.query(store, count)[0]["n"]) == 1
    finally:
        store.close()


def test_errors_keep_their_kind(store):
    with pytest.raises(QueryError, match="SPARQL syntax error at line 1"):
        kgraph.query(store, "SELECT ?s WHERE { ?s ?p ?o")
    with pytest.raises(QueryError, match="read-only"):
        kgraph.query(store, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_an_in_memory_store_answers_in_process(memory_store):
    from kgraph.ingest.runner import ensure_schema
    ensure_schema(memory_store)
    assert kgraph.query(memory_store, "ASK { ?s ?p ?o }") is True
    assert memory_store.location not in isolated._workers


def test_a_ceiling_too_low_to_start_says_so(store, mini):
    with pytest.raises(QueryError, match="a memory ceiling of 10 MB is below what a query's process needs to "
                                         "start .* give 64 or more with max_memory=MB"):
        kgraph.query(store, "ASK {}", max_memory=10)
    res = CliRunner().invoke(main, ["--store", mini, "query", "ASK {}", "--max-memory", "10"])
    assert res.exit_code == 1 and "give 64 or more with --max-memory MB" in res.output


def test_a_forked_process_starts_its_own_worker(store):
    """A worker's pipe belongs to the process that started it: after a fork (a multiprocessing pool
    in a notebook) the child starts its own instead of talking over the parent's."""
    import os
    assert kgraph.query(store, "ASK { ?s ?p ?o }") is True
    parent_worker = worker_pid(store)
    pid = os.fork()
    if pid == 0:                                      # the child: exit 0 only if all went right
        code = 1
        try:
            ok = kgraph.query(store, "ASK { ?s ?p ?o }") is True and worker_pid(store) != parent_worker
            code = 0 if ok else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert worker_pid(store) == parent_worker and alive(parent_worker)
    assert kgraph.query(store, "ASK { ?s ?p ?o }") is True


def test_threads_sharing_a_worker_survive_its_stop(store):
    """Two threads of one process share the store's worker: when one's runaway query gets it killed,
    the other, waiting for it, is answered by the next worker (it used to write to a closed pipe)."""
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(2) as ex:
        runaway = ex.submit(kgraph.query, store, ENDLESS, timeout=1, max_memory=None)
        time.sleep(0.2)
        cheap = ex.submit(kgraph.query, store, "ASK { ?s ?p ?o }")
        with pytest.raises(QueryLimitError):
            runaway.result(30)
        assert cheap.result(30) is True
