"""Conventions a user expects of a command line: options anywhere, one output option, plain errors,
help on every option, a README that names every option."""
from __future__ import annotations

import json
import re

import click
import pytest
from click.testing import CliRunner

from kgraph.cli import FORMAT_HELP, FORMATS, main
from tests.conftest import ROOT
from tests.minigraph import store_dir as mini_store_dir

ROW_COMMANDS = ("docs", "stats", "query", "explain", "analyze")
GRAPH_FILTERS = {"--predicate", "--type", "--modality", "--since", "--until", "--min-docs", "--lang"}


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return mini_store_dir(tmp_path_factory.mktemp("conv") / "store")


def cli(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def test_store_and_debug_work_after_the_command(mini):
    before = cli("--store", mini, "stats", "--format", "json")
    after = cli("stats", "--store", mini, "--format", "json")
    assert before.exit_code == after.exit_code == 0 and json.loads(after.output)["documents"] == 4
    res = cli("stats", "--store", "/nonexistent/dir/for/sure", "--debug")
    assert res.exit_code != 0 and res.exception is not None and not isinstance(res.exception, SystemExit)


def test_every_row_command_has_the_same_output_option():
    for name in ROW_COMMANDS:
        opt = next(p for p in main.commands[name].params if isinstance(p, click.Option) and "--format" in p.opts)
        assert tuple(opt.type.choices) == FORMATS and opt.help == FORMAT_HELP, name


@pytest.mark.parametrize("command", ROW_COMMANDS)
def test_every_row_command_prints_every_format(mini, command):
    args = {"docs": [], "stats": [], "query": ["SELECT ?d ?t WHERE { ?d a <https://w3id.org/kgraph/ontology#Document> ; <https://w3id.org/kgraph/ontology#title> ?t }"],
            "explain": ["카카오"], "analyze": ["centrality"]}[command]
    for fmt in FORMATS:
        res = cli("--store", mini, command, *args, "--format", fmt)
        assert res.exit_code == 0 and res.output.strip(), (command, fmt, res.output)
        if fmt == "json":
            json.loads(res.output)
        if fmt in ("csv", "tsv"):
            assert ("," if fmt == "csv" else "\t") in res.output.splitlines()[0]


def test_kgraph_format_sets_the_default(mini):
    assert cli("--store", mini, "docs", env={"KGRAPH_FORMAT": "csv"}).output.startswith("document,title")
    res = cli("--store", mini, "docs", env={"KGRAPH_FORMAT": "yaml"})
    assert res.exit_code == 2 and "KGRAPH_FORMAT='yaml'" in res.output


def test_ask_in_every_format(mini):
    assert json.loads(cli("--store", mini, "query", "ASK { ?s ?p ?o }", "--format", "json").output) == \
        {"head": {}, "boolean": True}
    for fmt in ("csv", "tsv", "table"):
        assert cli("--store", mini, "query", "ASK { <urn:x> ?p ?o }", "--format", fmt).output == "false\n"


@pytest.mark.parametrize("query,message", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT is an update, and queries here are read-only: use kgraph "
                                               "ingest to add documents and kgraph remove to delete them"),
    ("DELETE WHERE { ?s ?p ?o }", "read-only"),
    ("", "the query is empty"),
    ("   # only a comment", "the query is empty"),
])
def test_updates_and_empty_queries_say_so(mini, query, message):
    res = cli("--store", mini, "query", query)
    assert res.exit_code == 1 and message in res.output and "syntax" not in res.output


def test_a_canned_parameter_out_of_range_names_the_range(mini):
    res = cli("--store", mini, "query", "--name", "paths", "-p", "x=Kakao", "-p", "y=OpenAI", "-p", "hops=9")
    assert res.exit_code == 1 and "parameter 'hops' must be from 1 to 3, not 9" in res.output


def test_a_malformed_jsonl_line_and_an_impossible_date_are_reported(tmp_path):
    f = tmp_path / "news.jsonl"
    f.write_text('{"text": "한빛전자는 모아테크와 협력했다.", "date": "2025-02-30"}\n{"text": oops}\n'
                 '{"text": "모아테크는 투자했다.", "date": "next week"}\n', encoding="utf-8")
    res = cli("--store", ":memory:", "ingest", str(f))
    assert res.exit_code == 1
    assert f"error: {f}:2: this line is not valid JSON" in res.output
    assert f"warning: {f}:1: date '2025-02-30' is not a real date; the document is stored without it" in res.output
    assert f"warning: {f}:3: date 'next week' is not a date" in res.output
    assert "2 ingested, 1 failed" in res.output


def test_every_option_has_help():
    missing = [f"{name} {opt.opts[0]}" for name, cmd in main.commands.items() for opt in cmd.params
               if isinstance(opt, click.Option) and not opt.help]
    assert missing == []


def test_readme_synopsis_names_every_option():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = []
    for name, cmd in main.commands.items():
        rows = [line for line in readme.splitlines() if line.startswith(f"| `kgraph {name}")]
        assert rows, f"README's command table has no row for {name}"
        for opt in cmd.params:
            if not isinstance(opt, click.Option) or opt.opts[0] in GRAPH_FILTERS | {"--store", "--debug", "--help"}:
                continue
            if not any(re.search(re.escape(o) + r"\b", " ".join(rows)) for o in opt.opts):
                missing.append(f"{name} {opt.opts[0]}")
    assert missing == []


def test_endpoint_errors_are_plain_text_and_the_server_header_is_clean(mini, tmp_path):
    import requests

    from tests.servers import kgraph_serve
    srv = kgraph_serve(mini, tmp_path)
    try:
        r = requests.get(srv.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * 70_000},
                         timeout=30)
        assert r.status_code == 414 and r.headers["Content-Type"].startswith("text/plain")
        assert "<html" not in r.text.lower() and "POST" in r.text
        r = requests.get(srv.url + "/nowhere", timeout=10)
        assert r.headers["Server"] == "kgraph" and r.headers["Content-Type"].startswith("text/plain")
        r = requests.post(srv.url + "/sparql", data={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, timeout=10)
        assert r.status_code in (400, 403) and "read-only" in r.text
    finally:
        srv.close()


def test_serving_beyond_loopback_warns(mini):
    import subprocess
    import sys

    from tests.servers import free_port
    proc = subprocess.Popen([sys.executable, "-m", "kgraph.cli", "--store", mini, "serve", "--host", "0.0.0.0",
                             "--port", str(free_port()), "--no-html"], stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stderr.readline()
    finally:
        proc.terminate()
        proc.wait(10)
    assert first.startswith("warning: listening on 0.0.0.0: the endpoint is exposed")


# Modules another change is rewriting (issue 25's ingest); each line here goes when that lands
PREFIXES_BY_HAND_PENDING: set[str] = set()


def test_prefixes_and_the_ontology_iri_are_written_once():
    # every store declares kgraph.rdf.namespaces.PREFIXES; a module that writes its own PREFIX block
    # or the ontology's IRI drifts from them (eight modules and the query page once did)
    hand = re.compile(r"PREFIX\s+\w*:\s*<|w3id\.org/kgraph/ontology")
    found = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "kgraph").rglob("*")
                   if p.suffix in (".py", ".html", ".js") and p.name != "namespaces.py"
                   and hand.search(p.read_text(encoding="utf-8")))
    assert set(found) <= PREFIXES_BY_HAND_PENDING, found


def test_the_canned_questions_declare_the_projects_prefixes_as_they_are():
    # the .rq files stand alone (copied into other tools, shown on the query page), so they keep
    # their PREFIX lines; those must say what namespaces.py says
    from kgraph.rdf.namespaces import PREFIXES
    for rq in sorted((ROOT / "kgraph" / "query" / "queries").glob("*.rq")):
        for name, iri in re.findall(r"^PREFIX\s+(\w*):\s*<([^>]*)>", rq.read_text(encoding="utf-8"), re.M):
            assert PREFIXES.get(name) == iri, f"{rq.name}: PREFIX {name}: <{iri}>"


def test_every_store_knows_the_projects_prefixes(memory_store):
    from kgraph.rdf.sparql import with_prefixes
    memory_store.update("INSERT DATA { GRAPH kgg:t { ent:A a kg:Company } }")
    assert memory_store.query("ASK { GRAPH kgg:t { ent:A a kg:Company } }") is True
    # a SPARQL server is sent the block, except the prefixes the text declares itself
    sent = with_prefixes("PREFIX kg: <http://example.org/other#>\nASK { ?s a kg:Company }")
    assert "PREFIX kgg: <https://w3id.org/kgraph/graph/>" in sent
    assert sent.count("PREFIX kg:") == 1 and sent.index("PREFIX kgg:") < sent.index("PREFIX kg: <http://example")
