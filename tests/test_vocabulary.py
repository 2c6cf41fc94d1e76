"""One modality vocabulary: the names the options take (kgraph.model.MODALITIES) are the words every
output shows: explain, analyze path, the canned questions, the tables and the graph page."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import main
from kgraph.model import MODALITIES
from tests import minigraph

OTHER_WORDS = re.compile(r"under discussion|discussion|speculation|plan(?!ned)", re.I)


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return minigraph.store_dir(tmp_path_factory.mktemp("vocab") / "store")


def cli(mini, *args):
    run = CliRunner().invoke(main, ["--store", mini, *args])
    assert run.exit_code == 0, run.output
    return run.output


def test_explain_and_analyze_use_the_option_names(mini):
    out = cli(mini, "explain", "모아랩", "Kakao", "--format", "table")
    assert "— discussed (1 document)" in out and not OTHER_WORDS.search(out)
    out = cli(mini, "analyze", "path", "모아랩", "SoftBank", "--format", "table")
    assert "discussed" in out and not OTHER_WORDS.search(out)
    for modality in MODALITIES:        # each option value is a word the outputs show
        cli(mini, "query", "--name", "modality", "-p", f"modality={modality}")


def test_canned_answers_and_tables_use_the_vocabulary(mini):
    with kgraph.KGraph(mini, read_only=True) as kg:
        seen = {str(r["modality"]) for r in kg.canned_query("timeline")}
        for r in kg.canned_query("partners", entity="Kakao"):
            seen |= set(str(r["modalities"]).split(", "))
        facts = kg.tables()["facts"]
        seen |= set(facts.modality) | {m for ms in facts.modalities for m in ms.split(",")}
    assert seen == set(MODALITIES)


def test_the_graph_page_uses_the_vocabulary(mini, tmp_path):
    with kgraph.KGraph(mini, read_only=True) as kg:
        kg.viz(str(tmp_path / "g.html"))
    html = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert "under discussion" not in html
    found = re.search(r'"modalities":\s*(\{[^}]*\})', html)
    assert found and json.loads(found.group(1)) == {m: m for m in MODALITIES}
