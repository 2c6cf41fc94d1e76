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
from tests.conftest import DEV_GOLD, DEV_TEXTS, SHARED
from tests.servers import kgraph_serve

PARAMS = {"entity": "삼성전자", "org": "OpenAI", "x": "카카오", "y": "SoftBank", "modality": "planned"}


def run(store, *args):
    res = CliRunner().invoke(main, ["--store", store, *args])
    assert res.exit_code == 0, f"kgraph {' '.join(args)}: {res.output}"
    return res.output


def test_the_dev_copy_matches_shared_when_present():
    if not (SHARED / "gold" / "dev").is_dir():
        pytest.skip("../shared is not beside this checkout")
    shared = SHARED / "gold" / "dev"
    assert DEV_GOLD.read_bytes() == (shared / "gold.jsonl").read_bytes()
    assert sorted(p.name for p in DEV_TEXTS.iterdir()) == sorted(p.name for p in (shared / "texts").iterdir())


def test_the_store_holds_entities_whose_iris_contain_keywords(real_store_dir):
    out = run(real_store_dir, "query", "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?d <https://w3id.org/kgraph/"
              "ontology#mentions> ?e FILTER(CONTAINS(STR(?e), '/Service/')) }", "--format", "csv")
    assert int(out.split()[-1]) > 0      # the shape that broke the old guard is really in this store


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
