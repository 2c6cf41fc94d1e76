"""The findings of issue 16, replayed: each test failed before its fix."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys


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
