"""The analyst notebook: committed without outputs or machine paths, and runs top to bottom on a fresh store."""
from __future__ import annotations

import json
import re

from tests.conftest import ROOT, require

NOTEBOOK = ROOT / "notebooks" / "analyst.ipynb"


def test_committed_without_outputs_or_paths():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, cell["source"][:80]
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert not re.search(r"(/home/|/root/|/tmp/|/work/|/Users/|[A-Z]:\\\\)", text)
    assert set(nb["metadata"]) <= {"kernelspec", "language_info"}


def test_uses_only_the_public_api():
    sources = "\n".join("".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"]
                        if c["cell_type"] == "code")
    imports = set(re.findall(r"^\s*(?:from|import) (kgraph[\w.]*)", sources, re.M))
    assert imports <= {"kgraph", "kgraph.viz"}
    assert "._" not in re.sub(r"doc\._\.", "", sources)       # no private helpers


def test_runs_top_to_bottom_on_a_fresh_store(tmp_path, monkeypatch):
    try:
        import nbclient
        import nbformat
    except ImportError:
        require(False, "nbclient is not installed (pip install 'kgraph[notebook]')")
    monkeypatch.setenv("KGRAPH_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = {i: c.outputs for i, c in enumerate(nb.cells) if c.cell_type == "code"}
    errors = [o for outs in outputs.values() for o in outs if o.output_type == "error"]
    assert errors == []
    text = json.dumps([c.outputs for c in nb.cells if c.cell_type == "code"], ensure_ascii=False)
    for expected in ("카카오", "image/png", "srcdoc", "<mark class="):
        assert expected in text, expected
    # the second run opens the same store and ingests nothing new
    nbclient.NotebookClient(nbformat.read(NOTEBOOK, as_version=4), timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()

