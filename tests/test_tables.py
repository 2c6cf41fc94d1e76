"""Tables out: `kgraph export --format csv|parquet -o DIR` writes entities, facts and documents,
which load in pandas with the columns README documents, and exact rows on the mini graph."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import main
from kgraph.errors import KgraphError
from kgraph.query.tables import COLUMNS
from tests import minigraph

E = "https://w3id.org/kgraph/entity/"


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return minigraph.store_dir(tmp_path_factory.mktemp("tables") / "store")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_writes_three_tables_that_load_in_pandas(mini, tmp_path, fmt):
    out = tmp_path / "tables"
    result = CliRunner().invoke(main, ["--store", mini, "export", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    read = pd.read_csv if fmt == "csv" else pd.read_parquet
    frames = {name: read(out / f"{name}.{fmt}") for name in COLUMNS}
    for name, df in frames.items():
        assert list(df.columns) == COLUMNS[name]
    facts = frames["facts"]
    assert len(facts) == 7 and len(frames["documents"]) == 4 and len(frames["entities"]) == 7
    row = facts[(facts.subject == E + "Kakao") & (facts.object == E + "OpenAI")].iloc[0]
    assert (row.predicate, row.modality, row.modalities, row.confidence, row.first_date, row.last_date,
            row.documents, row.relations) == ("partnerOf", "stated", "stated", 0.9, "2025-02-04", "2025-02-05", 2, 2)
    openai = frames["entities"].set_index("entity").loc[E + "OpenAI"]
    assert (openai.label_en, openai.label_ko, openai.documents, openai.degree) == ("OpenAI", "오픈AI", 4, 4)
    d4 = frames["documents"].set_index("id").loc["d4"]
    assert (d4.published, d4.relations) == ("2025-01-10", 1)


def test_readme_documents_every_column():
    text = open("README.md", encoding="utf-8").read()
    for name, columns in COLUMNS.items():
        for c in columns:
            assert f"`{c}`" in text, (name, c)


def test_tables_need_a_directory(mini, tmp_path):
    with kgraph.KGraph(mini, read_only=True) as kg:
        (tmp_path / "file").write_text("x")
        with pytest.raises(KgraphError, match="is a file"):
            kg.export(str(tmp_path / "file"), "csv")
        with pytest.raises(KgraphError, match="-o DIR"):
            import io
            kg.export(io.BytesIO(), "parquet")
