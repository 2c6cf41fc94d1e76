"""Issue 25: one long paragraph stalled ingest for over ten minutes. A long document is analysed in
segments cut between paragraphs or after a sentence, with evidence offsets into the whole text; a
document that runs past its time budget is reported and skipped; progress is printed as lines when
the output is not a terminal. Speed itself is measured in benchmarks/long_document.py, not here."""
from __future__ import annotations

import io
import re
import threading
import time

from click.testing import CliRunner

from kgraph.cli import main
from kgraph.ingest.extract import extract_documents, extract_one, segments
from kgraph.ingest.progress import ProgressLines
from kgraph.ingest.runner import ingest
from kgraph.model import Document, EntityRef, Extraction, Mention, Relation
from kgraph.store import open_store

# invented sentences, Korean and English, flattened into one paragraph as some pages deliver them
KO = ["가상기업 하늘소프트는 바다전자와 인공지능 반도체 협력을 맺었다.", "두 회사는 내년 시제품을 함께 내놓을 계획이다.",
      "하늘소프트 관계자는 \"협력 범위를 넓히겠다\"고 말했다."]
EN = ["Skyward Labs signed a chip deal with Harbor Devices.", "The two firms plan a joint pilot next year."]


def paragraph(n: int) -> str:
    sentences = (KO + EN) * n
    return " ".join(sentences)


def doc_of(text: str, key: str = "long.txt") -> Document:
    return Document(key=key, file_name=key, text=text, content_hash="0" * 64, language="ko")


def test_a_short_document_is_one_segment():
    text = paragraph(3)
    assert segments(text, 10_000) == [(0, len(text))]


def test_one_long_paragraph_is_cut_after_sentences():
    text = paragraph(200)
    pieces = segments(text, 2_000)
    assert len(pieces) > 10
    assert all(end - start <= 2_000 for start, end in pieces)
    for start, end in pieces:
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert re.search(r"(다\.|\.\"|year\.|Devices\.)$", text[start:end]), text[end - 30:end]
    # nothing but the spaces between pieces is left out, in order
    assert re.sub(r"\s", "", "".join(text[s:e] for s, e in pieces)) == re.sub(r"\s", "", text)
    assert all(a[1] <= b[0] for a, b in zip(pieces, pieces[1:]))


def test_paragraph_breaks_are_preferred_to_sentence_ends():
    text = "\n".join(paragraph(4) for _ in range(30))
    pieces = segments(text, 3_000)
    assert all(text[end:end + 1] in ("\n", "") for _, end in pieces)


def test_text_without_sentences_or_spaces_is_still_cut():
    text = "가" * 25_000
    pieces = segments(text, 10_000)
    assert pieces == [(0, 10_000), (10_000, 20_000), (20_000, 25_000)]


class Finder:
    """A stand-in extractor: every 하늘소프트 is a mention, every sentence naming it a relation; it
    records the length of each text it is given."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.lengths: list[int] = []

    def extract(self, docs):
        out = []
        for d in docs:
            self.lengths.append(len(d.text))
            time.sleep(self.delay)
            ent = EntityRef("haneul", "Company", "하늘소프트")
            mentions = [Mention(ent, m.group(), m.start(), m.end(), i)
                        for i, m in enumerate(re.finditer("하늘소프트", d.text))]
            relations = [Relation(ent, "partnerOf", ent, m.group(), m.start(), m.end(), "협력")
                         for m in re.finditer(r"[^.]*하늘소프트[^.]*\.", d.text)]
            out.append(Extraction(mentions, relations))
        return out


def test_offsets_of_a_segmented_document_point_into_the_whole_text():
    text = paragraph(150)
    finder = Finder()
    found = extract_one(finder, doc_of(text), None, 2_000)
    assert len(finder.lengths) > 5 and max(finder.lengths) <= 2_000
    assert len(found.mentions) == text.count("하늘소프트")
    assert all(text[m.start:m.end] == "하늘소프트" for m in found.mentions)
    assert all(text[r.start:r.end] == r.sentence for r in found.relations)
    assert [m.sent for m in found.mentions] == sorted({m.sent for m in found.mentions})


def test_the_real_extractor_keeps_evidence_offsets_in_a_segmented_document(extractor):
    text = paragraph(40)
    found = extract_one(extractor, doc_of(text), None, 1_500)
    assert found.relations and found.mentions
    assert all(text[m.start:m.end] == m.text for m in found.mentions)
    assert all(text[r.start:r.end] == r.sentence for r in found.relations)


def test_a_document_past_its_time_budget_is_reported_and_the_rest_go_on(tmp_path):
    (tmp_path / "a_slow.txt").write_text("느린 문서: " + paragraph(1), encoding="utf-8")
    (tmp_path / "b_fine.txt").write_text(paragraph(1), encoding="utf-8")

    class Slow(Finder):
        def extract(self, docs):
            if any("느린" in d.text for d in docs):
                time.sleep(30)          # stopped by the budget long before
            return super().extract(docs)
    store = open_store(":memory:")
    started = time.monotonic()
    try:
        report = ingest(store, [str(tmp_path)], extractor=Slow(), doc_timeout=0.5)
    finally:
        store.close()
    assert time.monotonic() - started < 25
    assert report.ingested == 1
    [err] = report.failed
    assert "a_slow.txt" in str(err) and "time budget of 0.5 s" in str(err) and "--doc-timeout" in str(err)


def test_the_budget_is_checked_between_segments_where_no_timer_signal_can_be_used():
    """A Dask worker runs tasks on threads, which take no timer signal: a long document stops between
    its segments."""
    finder = Finder(delay=0.2)
    result = []
    t = threading.Thread(target=lambda: result.append(
        extract_documents([doc_of(paragraph(1000))], finder, timeout=0.5)))
    t.start()
    t.join(60)
    [failure] = result[0]
    assert failure.timed_out and "time budget" in failure.message
    assert 1 < len(finder.lengths) < len(segments(paragraph(1000))) / 2


def test_progress_lines_every_n_documents():
    out = io.StringIO()
    progress = ProgressLines("ingest", every=100, out=out)
    for done in range(16, 350, 16):
        progress(done, 350, "news.jsonl")
    progress(350, 350, "")
    progress(350, 350, "")               # the closing call of ingest adds no second line
    lines = out.getvalue().splitlines()
    assert [line.split()[1] for line in lines] == ["112/350", "208/350", "304/350", "350/350"]
    assert "docs/s" in lines[0] and "left" in lines[0] and "left" not in lines[-1]


def test_a_short_batch_prints_no_progress_lines():
    out = io.StringIO()
    progress = ProgressLines("ingest", every=100, out=out)
    for done in (1, 2, 3, 3):
        progress(done, 3, "a.txt")
    assert out.getvalue() == ""


def test_ingest_prints_progress_lines_when_the_output_is_not_a_terminal(tmp_path, monkeypatch):
    from kgraph.ingest import progress, runner
    monkeypatch.setattr(progress, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(runner, "make_work", lambda *a, **k: __import__(
        "kgraph.ingest.parallel", fromlist=["InProcess"]).InProcess(Finder()))
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(paragraph(1) + f" {i}", encoding="utf-8")
    result = CliRunner().invoke(main, ["--store", ":memory:", "ingest", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "ingest: 3/3 documents (100%)" in result.output


def test_short_documents_within_the_budget_go_to_the_extractor_as_one_batch():
    calls = []

    class Recording(Finder):
        def extract(self, docs):
            calls.append(len(docs))
            return super().extract(docs)
    docs = [doc_of(paragraph(1), f"{i}.txt") for i in range(3)]
    results = extract_documents(docs, Recording(), timeout=30)
    assert calls == [3] and len(results) == 3 and not any(hasattr(r, "timed_out") for r in results)
