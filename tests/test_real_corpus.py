"""Every command on a store of real articles (the seeds plus the 24 dev articles).

The seeds alone hid a bug that stopped viz, serve, analyze and the graph exports on every real
corpus (an entity of type Service put the word SERVICE into an internal query); this file runs
every reading command on real text so that such a bug cannot pass the suite again.
"""
from __future__ import annotations

import json

import pytest
import requests
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.query.canned import canned_names, get_canned
from tests.conftest import (DEV_GOLD, DEV_TEXTS, ROOT, SEED_GOLD, SHARED, TRAIN_GOLD, TRAIN_TEXTS,
                            require, require_corpus)
from tests.servers import kgraph_serve

PARAMS = {"entity": "삼성전자", "org": "OpenAI", "x": "카카오", "y": "SoftBank", "modality": "planned"}


def run(store, *args):
    res = CliRunner().invoke(main, ["--store", store, *args])
    assert res.exit_code == 0, f"kgraph {' '.join(args)}: {res.output}"
    return res.output


def test_the_real_articles_are_read_from_shared_with_their_gold():
    """The project holds no copy of the articles (they belong to their publishers): they are read from
    ../shared/gold, and each corpus there has a text for every gold record and a gold record for every text."""
    for texts, gold in ((DEV_TEXTS, DEV_GOLD), (TRAIN_TEXTS, TRAIN_GOLD)):
        require_corpus(texts, gold)
        docs = [json.loads(line)["doc"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert sorted(docs) == sorted(p.name for p in texts.glob("*.txt")), gold
    assert len(list(DEV_TEXTS.glob("*.txt"))) == 24
    assert not (ROOT / "tests" / "data" / "dev").exists()
    # the seed gold is the user's and stays in the project: it is the copy of ../shared/gold/seeds.jsonl
    assert SEED_GOLD.read_bytes() == (SHARED / "gold" / "seeds.jsonl").read_bytes()


def test_the_checkout_holds_no_sentence_of_the_real_articles():
    """Rule notes, comments and test rows use invented sentences: shared/tools/third_party_text.py finds no run
    of 25 characters of the dev or train articles in any tracked file (seeds/ are the user's)."""
    import shutil
    import subprocess
    import sys
    tool = SHARED / "tools" / "third_party_text.py"
    require_corpus(TRAIN_TEXTS)
    require(tool.is_file() and (ROOT / ".git").exists() and shutil.which("git") is not None,
            f"{tool} and a git checkout are needed")
    res = subprocess.run([sys.executable, str(tool), str(ROOT), str(DEV_TEXTS), str(TRAIN_TEXTS)],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr


def test_graph_commands_on_an_entity_whose_iri_holds_a_keyword(tmp_path):
    """The bug this file guards against: an entity IRI with SERVICE in it went into build_graph's VALUES."""
    import datetime as dt

    from kgraph.model import Document, EntityRef, Extraction, Mention, Relation
    from kgraph.rdf.build import document_graph
    from kgraph.store import open_store
    svc = EntityRef("Service", "Service", "Service", discovered=True)
    org = EntityRef("Organization/load", "Company", "LOAD", discovered=True)
    text = "LOAD uses Service."
    ext = Extraction([Mention(svc, "Service", 10, 17), Mention(org, "LOAD", 0, 4)],
                     [Relation(org, "uses", svc, text, 0, len(text), "uses")])
    loc = str(tmp_path / "s")
    with open_store(loc) as store:
        iri, g = document_graph(Document("d.txt", "d.txt", text, "0"), ext, dt.datetime(2025, 1, 1))
        store.replace_graph(iri, g)
    run(loc, "viz", "-o", str(tmp_path / "g.html"))
    run(loc, "analyze", "centrality")
    run(loc, "export", "--format", "gexf", "-o", str(tmp_path / "g.gexf"))


@pytest.mark.parametrize("args", [
    ["docs"], ["stats"], ["validate"],
    ["analyze", "centrality", "--top", "5"], ["analyze", "communities"],
    ["analyze", "path", "카카오", "SoftBank"], ["analyze", "ego", "삼성전자"],
    ["explain", "삼성전자"], ["explain", "OpenAI", "Microsoft"],
    ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
])
def test_reading_commands(real_store_dir, args):
    assert run(real_store_dir, *args).strip()


@pytest.mark.parametrize("name", canned_names())
def test_every_canned_question(real_store_dir, name):
    params = [f"{p.name}={PARAMS[p.name]}" for p in get_canned(name).params if p.name in PARAMS and p.required]
    args = ["query", "--name", name, "--format", "json"] + [x for p in params for x in ("-p", p)]
    json.loads(run(real_store_dir, *args))


@pytest.mark.parametrize("fmt", ["nquads", "trig", "turtle", "ntriples", "jsonld", "graphml", "gexf"])
def test_every_export_format(real_store_dir, tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    run(real_store_dir, "export", "--format", fmt, "-o", str(out))
    assert out.stat().st_size > 1000


def test_viz(real_store_dir, tmp_path):
    out = tmp_path / "graph.html"
    assert "wrote" in run(real_store_dir, "viz", "-o", str(out))
    assert "Samsung Electronics" in out.read_text(encoding="utf-8")


def test_serve_starts_answers_and_stops(real_store_dir, tmp_path):
    srv = kgraph_serve(real_store_dir, tmp_path)
    try:
        r = requests.post(srv.url + "/sparql", data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                          headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert r.status_code == 200 and int(r.json()["results"]["bindings"][0]["n"]["value"]) > 1000
        assert requests.get(srv.url + "/", timeout=30).status_code == 200
    finally:
        srv.close()
    assert srv.proc.returncode is not None
