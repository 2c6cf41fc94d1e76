"""A user's own reference list (kgraph/reference.py): given with --reference
or found as reference.tsv in the store's directory, it adds entities the next ingest links as
reference entities (not discovered ones), in this process and in worker processes, without two lists
mixing; `kgraph reference check` names every problem with its line."""
from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from kgraph.api import KGraph
from kgraph.cli import main
from kgraph.errors import KgraphError
from kgraph.reference import active_reference, by_key, read_user_reference, using_reference

E = "https://w3id.org/kgraph/entity/"
# an invented company, in a sentence of our own
ROW = "Quillmark\tCompany\tQuillmark Systems\t퀼마크시스템즈\tQuillmark|퀼마크\t\n"
TEXT = "카카오는 퀼마크와 인공지능 물류 로봇 개발을 위한 전략적 제휴를 맺었다고 밝혔다.\n"


def mentions(kg: KGraph) -> dict[str, bool]:
    """Entities the documents mention -> whether marked discovered."""
    rows = kg.query("SELECT DISTINCT ?e ?d WHERE { GRAPH ?g { ?g kg:mentions ?e OPTIONAL { ?e kg:discovered ?d } } }")
    return {str(r["e"]): bool(r.get("d") and r["d"].toPython()) for r in rows}


@pytest.fixture
def files(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "quill.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "mine.tsv").write_text("# my companies\n" + ROW, encoding="utf-8")
    return tmp_path


def test_without_a_list_the_name_is_not_a_reference_entity(files):
    with KGraph(str(files / "plain")) as kg:
        kg.ingest([str(files / "news")], jobs=1)
        assert E + "Quillmark" not in mentions(kg)


def test_reference_option_links_the_invented_company(files):
    with KGraph(str(files / "store"), reference=str(files / "mine.tsv")) as kg:
        report = kg.ingest([str(files / "news")], jobs=1)
        assert report.ingested == 1
        found = mentions(kg)
        assert found.get(E + "Quillmark") is False           # linked, as a reference entity
        assert E + "Kakao" in found
        assert str(kg.resolve("Quillmark Systems")) == E + "Quillmark"    # its labels are in the store
        assert str(kg.resolve("퀼마크")) == E + "Quillmark"
        assert kg.query("ASK { GRAPH kgg:reference { ent:Quillmark a kg:Company } }")
    assert active_reference() is None                       # in force for the ingest only


def test_reference_tsv_in_the_store_directory(files):
    store = files / "store2"
    store.mkdir()
    (store / "reference.tsv").write_text(ROW, encoding="utf-8")    # before the store exists, too
    r = CliRunner().invoke(main, ["--store", str(store), "ingest", "--jobs", "1", str(files / "news")])
    assert r.exit_code == 0, r.output
    with KGraph(str(store), read_only=True) as kg:
        assert mentions(kg).get(E + "Quillmark") is False


def test_two_lists_do_not_mix(files):
    other = files / "other.tsv"
    other.write_text(ROW.replace("Quillmark\t", "Quillmark_Korea\t", 1), encoding="utf-8")
    a, b = read_user_reference(files / "mine.tsv"), read_user_reference(other)
    with using_reference(a):
        assert "Quillmark" in by_key() and "Quillmark_Korea" not in by_key()
        with using_reference(b):
            assert "Quillmark_Korea" in by_key() and "Quillmark" not in by_key()
    assert "Quillmark" not in by_key()
    with KGraph(str(files / "sa"), reference=str(files / "mine.tsv")) as kg:
        kg.ingest([str(files / "news")], jobs=1)
        assert E + "Quillmark" in mentions(kg)
    with KGraph(str(files / "sb"), reference=str(other)) as kg:
        kg.ingest([str(files / "news")], jobs=1)
        found = mentions(kg)
        assert E + "Quillmark_Korea" in found and E + "Quillmark" not in found


def test_an_override_replaces_the_packaged_entry(files):
    # a packaged id: the row replaces the entry (here: a name the packaged list does not have)
    (files / "override.tsv").write_text("Kakao\tCompany\tKakao\t카카오\tKakao Corp|칼카오\t\n", encoding="utf-8")
    (files / "news" / "quill.txt").write_text("칼카오는 오픈AI와 전략적 제휴를 맺었다.\n", encoding="utf-8")
    with KGraph(str(files / "so"), reference=str(files / "override.tsv")) as kg:
        kg.ingest([str(files / "news")], jobs=1)
        assert mentions(kg).get(E + "Kakao") is False


def test_worker_processes_get_the_list(files):
    from kgraph.ingest.parallel import Pool
    from kgraph.sources.loaders import load_file
    doc = next(iter(load_file(files / "news" / "quill.txt", 100_000)))
    pool = Pool(1, reference=read_user_reference(files / "mine.tsv"))
    try:
        pool.submit([doc], dt.datetime.now(dt.UTC))
        [(_, [result])] = list(pool.results(wait=True))
    finally:
        pool.close()
    assert f"<{E}Quillmark>" in result.nquads()


def test_a_list_with_errors_is_refused_naming_the_file(files):
    bad = files / "bad.tsv"
    bad.write_text(ROW + "Quillmark\tRobot\tQ\t\t\t\n", encoding="utf-8")
    with pytest.raises(KgraphError) as err:
        KGraph(str(files / "sx"), reference=str(bad)).ingest([str(files / "news")], jobs=1)
    assert f"{bad}:2" in str(err.value) and "kgraph reference check" in str(err.value)


def test_check_command(files):
    bad = files / "bad.tsv"
    bad.write_text("\n".join([
        "# id\ttype\ten\tko\taliases\tparent",
        ROW.rstrip("\n"),
        "Quillmark\tCompany\tQ2\t\t\t",                     # 3: the id again
        "Nimbus Two\tRobot\t\t\t|x|\tNowhere",              # 4: bad id, type, no name, empty alias, parent
        "Acme_Labs\tCompany\tAcme Labs\t퀼마크\t\t",          # 5: a name of line 2
        "Acme_Ko\tCompany\tAcme Ko\t오픈AI\t\t",              # 6: a packaged entity's name
        "Kakao\tCompany\tKakao\t카카오\t\t",                  # 7: an override (a note)
        "Zed\tCompany\tZed\u200b\t\t\t",                     # 8: an invisible character
        "short\tCompany",                                   # 9: columns
    ]) + "\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["reference", "check", str(bad)])
    assert r.exit_code == 1
    out = r.output
    for line, words in [(3, "already on line 2"), (4, "is not an id"), (4, "unknown type 'Robot'"),
                        (4, "no English and no Korean name"), (4, "empty alias"), (4, "belongs to 'Nowhere'"),
                        (5, "also entity 'Quillmark'"), (6, "packaged entity OpenAI"), (7, "note: id 'Kakao' overrides"),
                        (8, "U+200B"), (9, "expected 6 tab-separated columns")]:
        assert any(x.startswith(f"{bad}:{line}: ") and words in x for x in out.splitlines()), (line, words, out)
    r = CliRunner().invoke(main, ["reference", "check", str(files / "mine.tsv")])
    assert r.exit_code == 0 and "1 entry, no errors" in r.output
    r = CliRunner().invoke(main, ["reference", "check", "--help"])
    assert r.exit_code == 0 and "Example" in r.output


def test_extract_takes_the_list_too(files):
    r = CliRunner().invoke(main, ["extract", str(files / "news"), "-o", str(files / "shards"), "--jobs", "1",
                                  "--reference", str(files / "mine.tsv")])
    assert r.exit_code == 0, r.output
    assert f"<{E}Quillmark>" in (files / "shards" / "part-00000.nq").read_text(encoding="utf-8")


def test_check_a_file_that_cannot_be_read(files):
    r = CliRunner().invoke(main, ["reference", "check", str(files / "missing.tsv")])
    assert r.exit_code == 1 and f"{files / 'missing.tsv'}: error: cannot read it" in r.output
    (files / "utf16.tsv").write_bytes(ROW.encode("utf-16"))
    r = CliRunner().invoke(main, ["reference", "check", str(files / "utf16.tsv")])
    assert r.exit_code == 1 and "utf16.tsv:1: error: not UTF-8" in r.output
    with pytest.raises(KgraphError, match="not UTF-8"):
        read_user_reference(files / "utf16.tsv")


def test_dask_workers_get_the_list_and_only_for_its_ingest(files, tmp_path_factory):
    """The list travels with each Dask task; the same worker extracting for an ingest without a list
    uses the packaged one again."""
    import sys
    from pathlib import Path

    from tests.conftest import require
    from tests.servers import dask_cluster
    try:
        import distributed
    except ImportError:
        distributed = None
    require(distributed is not None and (Path(sys.executable).parent / "dask").exists(),
            "dask.distributed is not installed (pip install 'kgraph[dask]')")
    with dask_cluster(tmp_path_factory.mktemp("dask"), 1) as address:
        with KGraph(str(files / "da"), reference=str(files / "mine.tsv")) as kg:
            assert kg.ingest([str(files / "news")], dask=address).ingested == 1
            assert mentions(kg).get(E + "Quillmark") is False
        with KGraph(str(files / "db")) as kg:
            assert kg.ingest([str(files / "news")], dask=address).ingested == 1
            assert E + "Quillmark" not in mentions(kg)
