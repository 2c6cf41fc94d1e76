"""The findings of issue 16, replayed: each test failed before its fix."""
from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import require
from tests.test_failures import count_docs


def kgraph(store: str, *args: str, hash_seed: int = 0, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed), "KGRAPH_FORMAT": "tsv"}
    return subprocess.run([sys.executable, "-m", "kgraph.cli", "--store", store, *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_same_store_same_bytes_whatever_the_hash_seed(real_store_dir, tmp_path):
    """Finding 8: communities, GraphML, GEXF and the HTML page depended on Python's hash seed."""
    outputs = []
    for seed in (1, 2):
        digest = {}
        res = kgraph(real_store_dir, "analyze", "communities", hash_seed=seed)
        assert res.returncode == 0, res.stderr
        digest["communities"] = res.stdout
        for fmt in ("graphml", "gexf"):
            out = tmp_path / f"{seed}.{fmt}"
            assert kgraph(real_store_dir, "export", "--format", fmt, "-o", str(out), hash_seed=seed).returncode == 0
            digest[fmt] = hashlib.sha256(out.read_bytes()).hexdigest()
        page = tmp_path / f"{seed}.html"
        assert kgraph(real_store_dir, "viz", "-o", str(page), hash_seed=seed).returncode == 0
        digest["html"] = hashlib.sha256(page.read_bytes()).hexdigest()
        outputs.append(digest)
    assert outputs[0]["communities"].count("\n") > 5
    assert outputs[0] == outputs[1]


# --- finding 3 and 6: document identity -------------------------------------------------------
def cli(*args, env=None):
    from click.testing import CliRunner

    from kgraph.cli import main
    return CliRunner().invoke(main, list(args), env=env)


ARTICLE_A = "오픈AI는 카카오와 전략적 제휴를 맺었다고 밝혔다.\n"
ARTICLE_B = "삼성전자는 엔비디아에 HBM을 공급한다고 밝혔다.\n"


def docs_of(store):
    import json
    res = cli("--store", store, "docs", "--format", "json")
    assert res.exit_code == 0, res.output
    return sorted(d["document"] for d in json.loads(res.output))


def test_a_file_of_the_same_name_from_elsewhere_never_replaces_a_document(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "article.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "b" / "article.txt").write_text(ARTICLE_B, encoding="utf-8")
    store = str(tmp_path / "store")
    assert cli("--store", store, "ingest", str(tmp_path / "a")).exit_code == 0
    res = cli("--store", store, "ingest", str(tmp_path / "b"))
    assert res.exit_code == 1
    assert "already holds a different document named 'article.txt'" in res.output
    assert str((tmp_path / "a" / "article.txt").resolve()) in res.output     # names both files
    assert "0 ingested" in res.output and docs_of(store) == ["article.txt"]
    res = cli("--store", store, "query", "--format", "csv",
              "SELECT ?t WHERE { ?d <https://w3id.org/kgraph/ontology#text> ?t }")
    assert "카카오" in res.output and "엔비디아" not in res.output         # the first one is intact
    # the same file again, changed, still replaces its own document
    (tmp_path / "a" / "article.txt").write_text(ARTICLE_A + ARTICLE_B, encoding="utf-8")
    res = cli("--store", store, "ingest", str(tmp_path / "a"))
    assert res.exit_code == 0 and "1 ingested" in res.output


def test_two_files_of_one_name_in_one_batch_are_both_named(tmp_path):
    for d, text in (("a", ARTICLE_A), ("b", ARTICLE_B)):
        (tmp_path / d).mkdir()
        (tmp_path / d / "article.txt").write_text(text, encoding="utf-8")
    res = cli("--store", str(tmp_path / "store"), "ingest", str(tmp_path / "a"), str(tmp_path / "b"))
    assert res.exit_code == 1 and "1 ingested" in res.output and "1 failed" in res.output
    line = next(x for x in res.output.splitlines() if x.startswith("error:"))
    assert str(tmp_path / "a" / "article.txt") in line and str(tmp_path / "b" / "article.txt") in line


def test_names_that_differ_only_in_spaces_are_two_documents(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "my article.txt").write_text(ARTICLE_A, encoding="utf-8")
    (corpus / "myarticle.txt").write_text(ARTICLE_B, encoding="utf-8")
    store = str(tmp_path / "store")
    res = cli("--store", store, "ingest", str(corpus))
    assert res.exit_code == 0 and "2 ingested" in res.output
    assert docs_of(store) == ["my article.txt", "myarticle.txt"]


def test_jsonl_lines_are_addressable_and_a_jsonl_name_removes_them_all(tmp_path):
    import json
    news = tmp_path / "news.jsonl"
    news.write_text("\n".join(json.dumps(o, ensure_ascii=False) for o in (
        {"id": "j0", "text": ARTICLE_A}, {"id": "j1", "text": ARTICLE_B}, {"text": ARTICLE_A + ARTICLE_B})) + "\n",
        encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(ARTICLE_A, encoding="utf-8")
    store = str(tmp_path / "store")
    assert cli("--store", store, "ingest", str(news), str(other)).exit_code == 0
    assert docs_of(store) == ["news.jsonl#L3", "news.jsonl#j0", "news.jsonl#j1", "other.txt"]
    res = cli("--store", store, "remove", "news.jsonl#j0")
    assert res.exit_code == 0 and docs_of(store) == ["news.jsonl#L3", "news.jsonl#j1", "other.txt"]
    res = cli("--store", store, "remove", "news.jsonl")
    assert res.exit_code == 0 and "removed 2 documents of news.jsonl" in res.output
    assert docs_of(store) == ["other.txt"]


# --- finding 9: no store here ------------------------------------------------------------------
def test_reading_a_path_with_no_store_says_so_and_creates_nothing(tmp_path):
    where = tmp_path / "nothing-here"
    for args in (["stats"], ["docs"], ["query", "ASK {}"], ["remove", "a.txt"], ["validate"], ["viz", "-o",
                 str(tmp_path / "g.html")], ["analyze", "centrality"], ["export", "-o", str(tmp_path / "x.nq")]):
        res = cli("--store", str(where), *args)
        assert res.exit_code == 1, (args, res.output)
        assert f"no store at '{where}'" in res.output and "kgraph ingest" in res.output, res.output
        assert "IO error" not in res.output and "Traceback" not in res.output
        assert not where.exists()


def test_a_store_is_not_created_inside_a_directory_of_other_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    res = cli("--store", str(corpus), "ingest", str(corpus))
    assert res.exit_code == 1 and "not a kgraph store" in res.output
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]


# --- finding 10: silent skips --------------------------------------------------------------------
def test_files_that_are_not_read_are_named_and_an_empty_directory_fails(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (corpus / "data.json").write_text('{"text": "x"}', encoding="utf-8")
    (corpus / "table.csv").write_text("text\nx\n", encoding="utf-8")
    (corpus / ".hidden.txt").write_text(ARTICLE_B, encoding="utf-8")
    res = cli("--store", str(tmp_path / "store"), "ingest", str(corpus))
    assert res.exit_code == 0 and "1 ingested" in res.output and "3 skipped" in res.output
    assert "data.json: JSON is not read as articles; write one JSON object per line as .jsonl" in res.output
    assert "table.csv: CSV is not read" in res.output and ".hidden.txt: hidden file" in res.output
    empty = tmp_path / "empty"
    empty.mkdir()
    res = cli("--store", str(tmp_path / "store"), "ingest", str(empty))
    assert res.exit_code == 1 and "no articles in this directory" in res.output and "1 failed" in res.output


# --- finding 11: who holds the store ---------------------------------------------------------------
def test_the_lock_message_names_the_holding_command_and_pid(tmp_path):
    import time
    store = str(tmp_path / "store")
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    assert cli("--store", store, "ingest", str(tmp_path / "a.txt")).exit_code == 0
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nsys.argv = ['kgraph', 'ingest', 'news/']\nfrom kgraph.store import open_store\n"
        f"s = open_store({store!r})\nprint('open', flush=True)\ntime.sleep(60)")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        res = cli("--store", store, "remove", "a.txt")
        assert res.exit_code == 1
        assert f"in use by `kgraph ingest news/` (pid {holder.pid}, since" in res.output, res.output
        assert cli("--store", store, "docs").exit_code == 0          # readers read meanwhile
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.2)
    res = cli("--store", store, "remove", "a.txt")                  # a dead holder's note is ignored
    assert res.exit_code == 0, res.output


# --- finding 4: workers die with their parent -------------------------------------------------------
def children_of(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def alive(pids: list[int]) -> list[int]:
    living = []
    for p in pids:
        try:
            state = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.append(p)
    return living


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    from tests.test_failures import make_corpus
    return make_corpus(tmp_path_factory.mktemp("workers") / "corpus", n=400)


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_no_worker_outlives_an_ingest_that_is_stopped(how, big_corpus, tmp_path):
    require(Path("/proc").is_dir(), "needs /proc to list processes")
    store = str(tmp_path / "store")
    proc = subprocess.Popen([sys.executable, "-m", "kgraph.cli", "--store", store, "ingest", str(big_corpus),
                             "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while time.monotonic() < deadline and proc.poll() is None:
            # the spawn workers (and multiprocessing's resource tracker) are children of the ingest
            workers = [p for p in children_of(proc.pid)]
            if len(workers) >= 3 and count_docs(store) > 0:
                break
            time.sleep(0.1)
        assert proc.poll() is None and len(workers) >= 2, "the ingest ended before its workers could be seen"
        proc.send_signal(getattr(signal, how))
        out, _ = proc.communicate(timeout=30)
        end = time.monotonic() + 5
        while alive(workers) and time.monotonic() < end:
            time.sleep(0.1)
        assert alive(workers) == [], f"workers alive 5 s after {how}: {alive(workers)}"
        if how == "SIGINT":
            assert proc.returncode == 130 and "interrupted:" in out and "stored, each whole" in out, out
            assert "Traceback" not in out
            stored = int(re.search(r"interrupted: (\d+) document", out).group(1))
            assert stored == count_docs(store)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# --- finding 7: export, then import, restores the store ----------------------------------------------
def test_export_then_import_restores_the_same_quads(real_store_dir, tmp_path):
    first, second = tmp_path / "first.nq", tmp_path / "second.nq"
    assert cli("--store", real_store_dir, "export", "-o", str(first)).exit_code == 0
    restored = str(tmp_path / "restored")
    res = cli("--store", restored, "import", str(first))
    assert res.exit_code == 0 and "0 refused" in res.output, res.output
    assert cli("--store", restored, "export", "-o", str(second)).exit_code == 0
    a, b = first.read_text(encoding="utf-8").splitlines(), second.read_text(encoding="utf-8").splitlines()
    assert len(a) > 5_000 and sorted(a) == sorted(b)
    assert cli("--store", restored, "validate").exit_code == 0


def test_import_takes_trig_and_gzip_and_replaces_graphs_of_the_same_name(real_store_dir, tmp_path):
    import gzip
    trig = tmp_path / "all.trig"
    assert cli("--store", real_store_dir, "export", "--format", "trig", "-o", str(trig)).exit_code == 0
    packed = tmp_path / "all.trig.gz"
    packed.write_bytes(gzip.compress(trig.read_bytes()))
    restored = str(tmp_path / "restored")
    assert cli("--store", restored, "import", str(packed)).exit_code == 0
    res = cli("--store", restored, "import", str(trig))
    assert res.exit_code == 0 and "replaced" in res.output
    assert docs_of(restored) == docs_of(real_store_dir)


SHARD_DOC = """<https://w3id.org/kgraph/doc/x.txt> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> \
<https://w3id.org/kgraph/ontology#Document> <https://w3id.org/kgraph/doc/x.txt> .
<https://w3id.org/kgraph/doc/x.txt> <https://w3id.org/kgraph/ontology#fileName> "x.txt" <https://w3id.org/kgraph/doc/x.txt> .
<https://w3id.org/kgraph/doc/x.txt> <https://w3id.org/kgraph/ontology#contentHash> \
"%s" <https://w3id.org/kgraph/doc/x.txt> .
<https://w3id.org/kgraph/doc/x.txt> <https://w3id.org/kgraph/ontology#language> "ko" <https://w3id.org/kgraph/doc/x.txt> .
""" % ("0" * 64)


def test_import_checks_shards_against_the_graph_contract(tmp_path):
    shard = tmp_path / "shard.nq"
    shard.write_text(SHARD_DOC + "\n".join([
        '<http://ex.org/s> <http://ex.org/p> "in the default graph" .',
        '<http://ex.org/s> <http://ex.org/p> "elsewhere" <http://ex.org/g> .',
        '<https://w3id.org/kgraph/doc/y.txt> <http://ex.org/p> "no document node" <https://w3id.org/kgraph/doc/y.txt> .',
        '<https://w3id.org/kgraph/rel/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
        '<https://w3id.org/kgraph/ontology#Relationship> <https://w3id.org/kgraph/doc/z.txt> .',
    ]) + "\n", encoding="utf-8")
    store = str(tmp_path / "store")
    res = cli("--store", store, "import", str(shard))
    assert res.exit_code == 1
    assert "1 triples outside any named graph were not imported" in res.output
    assert "graph <http://ex.org/g>: not one of kgraph's graphs" in res.output
    assert "graph <https://w3id.org/kgraph/doc/y.txt>: a document graph without its document node" in res.output
    assert "graph <https://w3id.org/kgraph/doc/z.txt>" in res.output
    assert "imported 1 graphs" in res.output and "3 refused" not in res.output
    assert docs_of(store) == ["x.txt"]


def test_a_syntax_error_half_way_imports_nothing_from_that_file(tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text(SHARD_DOC + "<broken\n", encoding="utf-8")
    store = str(tmp_path / "store")
    res = cli("--store", store, "import", str(bad), str(tmp_path / "missing.nq"), str(tmp_path / "x.json"))
    assert res.exit_code == 1
    assert f"{bad}: not valid N-Quads" in res.output and "nothing from this file was imported" in res.output
    assert "missing.nq: no such file" in res.output and "kgraph imports N-Quads (.nq) and TriG" in res.output
    assert "imported 0 graphs" in res.output


# --- findings 1, 2 and 5: the endpoint under load ------------------------------------------------------
RUNAWAY_SORT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
RUNAWAY_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    from kgraph.children import rss_bytes
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss_bytes(p)
        todo += parents.get(p, [])
    return total


@pytest.fixture(scope="module")
def loaded_server(tmp_path_factory):
    from tests.servers import kgraph_serve
    from tests.test_failures import make_corpus
    tmp = tmp_path_factory.mktemp("load")
    corpus = make_corpus(tmp / "corpus", n=60)
    store = str(tmp / "store")
    assert cli("--store", store, "ingest", str(corpus), "--jobs", "1").exit_code == 0
    srv = kgraph_serve(store, tmp, "--timeout", "5", "--max-memory", "400", "--no-html")
    yield srv
    srv.close()


def post_query(server, text, accept="application/sparql-results+json", timeout=60):
    import requests
    return requests.post(server.url + "/sparql", data={"query": text}, headers={"Accept": accept}, timeout=timeout)


def test_a_runaway_query_is_stopped_and_its_memory_returned(loaded_server):
    require(Path("/proc").is_dir(), "needs /proc to measure memory")
    started = time.monotonic()
    r = post_query(loaded_server, RUNAWAY_SORT)
    assert r.status_code == 503 and time.monotonic() - started < 10, r.text
    assert "was stopped" in r.text
    end = time.monotonic() + 10
    while tree_rss(loaded_server.proc.pid) > 1.5 * 2**30 and time.monotonic() < end:
        time.sleep(0.2)
    assert tree_rss(loaded_server.proc.pid) < 1.5 * 2**30
    assert post_query(loaded_server, "ASK {}").json() == {"head": {}, "boolean": True}


def test_runaway_counts_do_not_block_the_endpoint(loaded_server):
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(4) as ex:
        answers = list(ex.map(lambda _: post_query(loaded_server, RUNAWAY_COUNT), range(4)))
    assert [a.status_code for a in answers] == [503] * 4
    started = time.monotonic()
    r = post_query(loaded_server, "ASK {}", timeout=10)
    assert r.status_code == 200 and time.monotonic() - started < 2


def test_forty_cheap_queries_at_once_all_answer(loaded_server):
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(40) as ex:
        codes = list(ex.map(lambda _: post_query(loaded_server, CHEAP).status_code, range(40)))
    assert codes == [200] * 40


def test_a_full_queue_answers_503_with_retry_after(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from tests import minigraph
    from tests.servers import kgraph_serve
    srv = kgraph_serve(minigraph.store_dir(tmp_path / "store"), tmp_path, "--workers", "1", "--queue", "1",
                       "--timeout", "3", "--no-html")
    try:
        with ThreadPoolExecutor(4) as ex:
            answers = list(ex.map(lambda _: post_query(srv, RUNAWAY_COUNT), range(4)))
        busy = [a for a in answers if "already waiting" in a.text]
        assert busy and all(a.status_code == 503 and a.headers["Retry-After"].isdigit() for a in busy)
    finally:
        srv.close()


CONSTRUCT = ("CONSTRUCT { ?d a <https://w3id.org/kgraph/ontology#Document> } "
             "WHERE { ?d a <https://w3id.org/kgraph/ontology#Document> } LIMIT 3")


@pytest.mark.parametrize("accept,fmt", [("application/rdf+xml", "xml"), ("application/ld+json", "json-ld"),
                                        ("application/n-quads", "nquads"), ("application/trig", "trig"),
                                        ("text/turtle", "turtle"), ("application/n-triples", "nt")])
def test_construct_in_every_rdf_format(loaded_server, accept, fmt):
    from rdflib import Dataset
    r = post_query(loaded_server, CONSTRUCT, accept)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith(accept)
    ds = Dataset()
    ds.parse(data=r.content, format=fmt)
    assert len(ds) == 3 or sum(1 for _ in ds.quads((None, None, None, None))) == 3


def test_standard_clients_construct_with_their_defaults(loaded_server):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    from SPARQLWrapper import SPARQLWrapper
    w = SPARQLWrapper(loaded_server.url + "/sparql")
    w.setQuery(CONSTRUCT)
    g = w.query().convert()                       # SPARQLWrapper's default: RDF/XML
    assert isinstance(g, Graph) and len(g) == 3
    store = SPARQLStore(loaded_server.url + "/sparql")
    assert len(store.query(CONSTRUCT).graph) == 3
    assert len(list(store.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"))) == 2


def test_kgraph_query_timeout_stops_the_query(loaded_server):
    store = loaded_server.proc.args[loaded_server.proc.args.index("--store") + 1]
    started = time.monotonic()
    res = kgraph(store, "query", "--timeout", "2", RUNAWAY_COUNT)
    assert res.returncode == 1 and "ran past the time limit of 2 s and was stopped" in res.stderr
    assert time.monotonic() - started < 15
    assert kgraph(store, "query", "--timeout", "20", "ASK {}").stdout.strip() == "true"
