"""Counts named for what they count (issue 29): ingest's summary, `stats`, `export` and `import` use
one vocabulary (README "Counts"), and the same word is the same number: ingest into an empty store
reports the mentions, entities, relations, facts and document-graph quads that stats then counts.
(Before, ingest called 107 (document, entity) pairs "entities" where stats counted 60 entities, and
import's "quads" left out the facts graph an export holds.)"""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kgraph.api import KGraph
from kgraph.cli import main
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    where = tmp_path_factory.mktemp("counts")
    with KGraph(str(where / "store")) as kg:
        report = kg.ingest([str(ROOT / "seeds")], jobs=1)
        stats = kg.stats()
    return where, report, stats


def test_ingest_and_stats_agree(seeded):
    _, report, st = seeded
    assert report.ingested == st["documents"] == 5
    assert (report.mentions, report.entities, report.relations, report.facts) == \
        (st["mentions"], st["entities"], st["relations"], st["facts"])
    assert report.quads == st["quads_by_graph"]["documents"]
    assert report.mentions > report.entities and report.relations > report.facts      # not the same thing
    assert st["quads"] == sum(st["quads_by_graph"].values())
    assert sum(st["entity_types"].values()) >= st["entities"] and sum(st["predicates"].values()) == st["relations"]
    assert (f"; {report.mentions} mentions of {report.entities} entities, {report.relations} relations stating "
            f"{report.facts} facts, {report.quads} quads in ") in report.summary()


def test_stats_says_what_each_count_counts(seeded):
    where, _, st = seeded
    out = CliRunner().invoke(main, ["--store", str(where / "store"), "stats", "--format", "table"]).output
    assert re.search(rf"^mentions +{st['mentions']} +\(document, entity\) pairs", out, re.MULTILINE), out
    assert re.search(rf"^facts +{st['facts']} +distinct \(subject, predicate, object\)", out, re.MULTILINE), out
    assert re.search(rf"^  documents +{st['quads_by_graph']['documents']}$", out, re.MULTILINE), out
    rows = CliRunner().invoke(main, ["--store", str(where / "store"), "stats", "--format", "tsv"]).output
    assert f"mentions\t\t{st['mentions']}" in rows and f"quads\tfacts\t{st['quads_by_graph']['facts']}" in rows


def test_export_then_import_counts_quads_read_and_new(seeded):
    where, _, st = seeded
    dump = where / "all.nq"
    r = CliRunner().invoke(main, ["--store", str(where / "store"), "export", "-o", str(dump)])
    assert r.exit_code == 0 and r.output == f"wrote {dump}: {st['quads']} quads\n"
    assert len(dump.read_text(encoding="utf-8").splitlines()) == st["quads"]
    with KGraph(str(where / "copy")) as kg:
        first = kg.import_files([str(dump)])
        again = kg.import_files([str(dump)])
        assert json.dumps(kg.stats(), sort_keys=True) == json.dumps(st, sort_keys=True)
    facts = st["quads_by_graph"]["facts"]
    assert (first.read, first.quads, first.new, first.rebuilt) == (st["quads"], st["quads"] - facts,
                                                                   st["quads"] - facts, facts)
    assert f"{st['quads']} quads read, {st['quads'] - facts} stored ({st['quads'] - facts} new), {facts} of the " \
           "facts graph rebuilt instead" in first.summary()
    assert again.new == 0 and again.replaced == again.graphs and "(0 new)" in again.summary()
    r = CliRunner().invoke(main, ["--store", str(where / "store"), "export", "--format", "ntriples",
                                  "-o", str(where / "all.nt")])
    lines = len((where / "all.nt").read_text(encoding="utf-8").splitlines())
    assert r.output == f"wrote {where / 'all.nt'}: {lines} triples\n"
