"""Hostile input and failures: nothing crashes, nothing is lost, nothing gets in.

A corpus of hostile files is generated here; each gets one clear line or is read correctly,
the good files of the same batch are stored, and the store stays SHACL-valid."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from tests.conftest import SEEDS

KOREAN = "한빛전자는 모아테크와 전략적 제휴를 맺었다고 밝혔다. 양사는 내년 공동 서비스를 출시할 계획이다."


def hostile_corpus(root: Path) -> dict[str, str | None]:
    """Write the corpus; returns file name -> expected error text (None: must be ingested)."""
    expect: dict[str, str | None] = {}

    def put(name: str, data: bytes, error: str | None):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expect[name] = error

    put("binary.txt", b"\x7fELF\x02\x01\x00\x00" + os.urandom(4000), "binary file")
    put("invalid-utf8.txt", b"\xc3\x28 abc \x80\x80 " * 50, "cannot decode as UTF-8, CP949 or EUC-KR")
    put("cp949.txt", KOREAN.encode("cp949"), None)
    put("euc-kr.txt", KOREAN.encode("euc-kr"), None)
    put("utf16.txt", KOREAN.encode("utf-16"), None)
    put("utf8-bom.txt", b"\xef\xbb\xbf" + KOREAN.encode(), None)
    put("empty.txt", b"", "empty file")
    put("blank.txt", b" \n\t\r\n  ", "empty file")
    with open(root / "huge.txt", "wb") as fh:                      # 50 MB
        fh.write((KOREAN + "\n").encode() * (50_000_000 // len((KOREAN + "\n").encode())))
    expect["huge.txt"] = "file is 50.0 MB"
    put("one-line.txt", b"word " * 1_000_000, "file is 5.0 MB")
    put("scripts.html", ("<html><head><title>기사</title><style>body{color:red}</style>"
                         "<script>alert('x')</script></head><body><iframe src='http://127.0.0.1:9/'>frame</iframe>"
                         f"<script>document.write('<p>injected</p>')</script><p>{KOREAN}</p>"
                         "<noscript>enable js</noscript></body></html>").encode(), None)
    put("broken-front.md", f"---\ntitle: [unclosed\n---\n{KOREAN}".encode(), "malformed YAML front matter")
    put("unclosed-front.md", f"---\ntitle: x\n{KOREAN}".encode(), "no closing '---' line")
    put("mixed.jsonl", (f'{{"id": "a", "text": "{KOREAN}"}}\n{{"id": "b", "text": oops}}\n'
                        f'{{"id": "c", "text": "{KOREAN}"}}\n').encode(), "mixed.jsonl:2: this line is not valid JSON")
    put("dir.txt/inside.txt", KOREAN.encode(), None)             # a directory named like a file
    (root / "loop").mkdir()
    os.symlink("..", root / "loop" / "up")                        # a directory symlink loop
    os.symlink("b-link.txt", root / "a-link.txt")
    os.symlink("a-link.txt", root / "b-link.txt")                 # a file symlink loop
    expect["a-link.txt"] = expect["b-link.txt"] = "broken or looping symbolic link"
    put("secret.txt", KOREAN.encode(), "permission denied")
    os.chmod(root / "secret.txt", 0)
    return expect


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    expect = hostile_corpus(corpus)
    store = str(root / "store")
    real_read = Path.read_bytes

    def read_bytes(self):                   # root ignores file modes: refuse like the OS would for others
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)
    mp = pytest.MonkeyPatch()
    mp.setattr(Path, "read_bytes", read_bytes)
    try:
        res = CliRunner().invoke(main, ["--store", store, "ingest", str(corpus), str(SEEDS)])
    finally:
        mp.undo()
    return corpus, store, expect, res


def test_each_bad_file_gets_one_clear_line(hostile_run):
    corpus, _store, expect, res = hostile_run
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    errors = [line for line in res.output.splitlines() if line.startswith("error: ")]
    for name, reason in expect.items():
        mine = [e for e in errors if f"{corpus / name.split('/')[0]}" in e and (reason or "") in e]
        if reason is None:
            assert not [e for e in errors if f"/{name}:" in e], name
        else:
            assert len(mine) >= 1, (name, reason, errors)
    bad = sum(1 for r in expect.values() if r)
    assert len(errors) == bad
    # stored: the good files of the corpus, the two good lines of mixed.jsonl and the five seeds
    good = sum(1 for r in expect.values() if r is None) + 2 + 5
    assert re.search(rf"\b{good} ingested, {bad} failed", res.output), res.output


def test_good_files_are_read_correctly(hostile_run):
    from kgraph.store import open_store
    _corpus, store_dir, _expect, _res = hostile_run
    store = open_store(store_dir, read_only=True)
    try:
        rows = store.query("""PREFIX kg: <https://w3id.org/kgraph/ontology#>
            SELECT ?f ?t WHERE { GRAPH ?d { ?d kg:fileName ?f ; kg:text ?t } }""")
    finally:
        store.close()
    texts = {str(r["f"]): str(r["t"]) for r in rows if str(r["f"]) != "mixed.jsonl"}
    assert [str(r["t"]) for r in rows if str(r["f"]) == "mixed.jsonl"] == [KOREAN, KOREAN]
    for name in ("cp949.txt", "euc-kr.txt", "utf16.txt", "utf8-bom.txt", "inside.txt"):
        assert texts[name] == KOREAN, name
    html = texts["scripts.html"]
    assert KOREAN in html and "alert" not in html and "color:red" not in html and "injected" not in html
    assert "frame" not in html and "enable js" not in html


def test_store_is_valid_after_hostile_corpus_and_seeds(hostile_run):
    _corpus, store_dir, _expect, _res = hostile_run
    res = CliRunner().invoke(main, ["--store", store_dir, "validate"])
    assert res.exit_code == 0 and res.output.strip().endswith("0 violations"), res.output[-2000:]


def test_debug_shows_the_traceback_of_an_internal_error(tmp_path, monkeypatch):
    import kgraph.store.info as info

    def boom(store):
        raise ValueError("surprise")
    monkeypatch.setattr(info, "statistics", boom)
    res = CliRunner().invoke(main, ["--store", ":memory:", "stats"])
    assert res.exit_code == 1 and "internal error: ValueError: surprise" in res.output
    assert "--debug" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(main, ["--store", ":memory:", "--debug", "stats"])
    assert isinstance(res.exception, ValueError)


def breaks_on_bomb(extractor, monkeypatch) -> None:
    """Make the extractor fail on any batch holding a document with "폭탄"."""
    real = extractor.extract

    def fragile(docs):
        if any("폭탄" in d.text for d in docs):
            raise RuntimeError("the extractor broke")
        return real(docs)
    monkeypatch.setattr(extractor, "extract", fragile)


def test_one_document_that_breaks_the_extractor_does_not_sink_the_batch(tmp_path, monkeypatch, extractor):
    from kgraph.ingest.runner import ingest
    from kgraph.store import open_store
    for i in range(3):
        (tmp_path / f"d{i}.txt").write_text(KOREAN + ("" if i != 1 else " 폭탄"), encoding="utf-8")
    breaks_on_bomb(extractor, monkeypatch)
    store = open_store(":memory:")
    report = ingest(store, [str(tmp_path)], extractor=extractor)
    assert report.ingested == 2 and len(report.failed) == 1
    assert "d1.txt: extraction failed (RuntimeError: the extractor broke)" in str(report.failed[0])


def test_a_jsonl_record_that_breaks_the_extractor_is_named_by_its_id(tmp_path, monkeypatch, extractor):
    import json

    from kgraph.ingest.runner import ingest
    from kgraph.store import open_store
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"a{i}", "text": KOREAN + (" 폭탄" if i == 1 else "")},
                                         ensure_ascii=False) for i in range(3)), encoding="utf-8")
    breaks_on_bomb(extractor, monkeypatch)
    store = open_store(":memory:")
    report = ingest(store, [str(path)], extractor=extractor)
    assert report.ingested == 2 and len(report.failed) == 1
    assert str(report.failed[0]).startswith(f"{path}#a1: extraction failed (RuntimeError: the extractor broke)")


def test_a_repeated_id_in_one_jsonl_file_names_the_id_and_both_lines(tmp_path):
    """Issue 25: the message was "has the same document name 'articles.jsonl#a1' as …/articles.jsonl#a1"."""
    import json

    from kgraph.ingest.runner import ingest
    from kgraph.store import open_store

    class Nothing:
        def extract(self, docs):
            from kgraph.model import Extraction
            return [Extraction() for _ in docs]
    path = tmp_path / "articles.jsonl"
    records = [{"id": ident, "text": KOREAN} for ident in ("a0", "a2", "a1", "a3", "a4", "a5", "a6", "a7", "a1")]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(1, "")                                   # a blank line still counts as a line
    path.write_text("\n".join(lines), encoding="utf-8")
    store = open_store(":memory:")
    try:
        report = ingest(store, [str(path)], extractor=Nothing())
    finally:
        store.close()
    assert report.ingested == 8
    [err] = report.failed
    assert str(err).startswith(f"{path}#a1: id a1 appears twice in articles.jsonl (lines 4 and 10)")
    assert "give each record its own id" in str(err)


def test_the_same_id_in_two_jsonl_files_of_one_name_still_names_both_files(tmp_path):
    import json

    from kgraph.ingest.shards import extract_files
    for d in ("one", "two"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "feed.jsonl").write_text(json.dumps({"id": "x", "text": KOREAN}, ensure_ascii=False),
                                                 encoding="utf-8")

    class Nothing:
        def extract(self, docs):
            from kgraph.model import Extraction
            return [Extraction() for _ in docs]
    report = extract_files([str(tmp_path / "one"), str(tmp_path / "two")], str(tmp_path / "out"), extractor=Nothing())
    [err] = report.failed
    assert "same document name 'feed.jsonl#x' as " + str(tmp_path / "one" / "feed.jsonl") + "#x" in str(err)
