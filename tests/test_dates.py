"""Publication dates read from the text: the forms news pages print near the top, never the story's dates.

Every text here is invented, in the shapes Korean and English outlets print.
"""
from __future__ import annotations

import pytest

from kgraph.sources.dates import find_published, rules
from kgraph.sources.loaders import load_paths
from kgraph.nlp.lexicon import table

BODY_KO = ("카카오는 오픈AI와 전략적 제휴를 맺고 국내 서비스에 인공지능 모델을 도입한다고 밝혔다. "
           "두 회사는 데이터센터 구축에도 협력하기로 했다.")
BODY_EN = ("Kakao said it had signed a strategic alliance with OpenAI to bring its models to Korean users, "
           "and the two companies will also work together on a data centre.")

# (text, expected date, rule id that reads it)
FOUND = [
    ("카카오, 오픈AI와 손잡는다\n\n입력 2025.02.04 10:27\n\n" + BODY_KO, "2025-02-04", "label.ko+form.numeric"),
    ("카카오, 오픈AI와 손잡는다\n입력 :2025/02/04 10:27\n" + BODY_KO, "2025-02-04", "label.ko+form.numeric"),
    ("카카오, 오픈AI와 손잡는다\n기사입력 2025-02-04 오전 10:27\n" + BODY_KO, "2025-02-04", "label.ko+form.numeric"),
    ("카카오, 오픈AI와 손잡는다\n등록 2025년 2월 4일 10:27\n" + BODY_KO, "2025-02-04", "label.ko+form.ko"),
    ("카카오, 오픈AI와 손잡는다\n2025년 3월 26일\n" + BODY_KO, "2025-03-26", "form.ko"),
    ("카카오, 오픈AI와 손잡는다\n\n2025-03-26     서울=홍길동 기자\n\n" + BODY_KO, "2025-03-26", "form.numeric"),
    ("카카오, 오픈AI와 손잡는다\n수정 2025.03.27 09:00\n" + BODY_KO, "2025-03-27", "later.ko+form.numeric"),
    ("Kakao teams up with OpenAI\nPublished: 26 Mar. 2025\n" + BODY_EN, "2025-03-26", "label.en+form.en.dmy"),
    ("Kakao teams up with OpenAI\nPosted on March 26, 2025 at 9:00 a.m.\n" + BODY_EN, "2025-03-26",
     "label.en+form.en.mdy"),
    ("Kakao teams up with OpenAI\nBy Jane Roe\nMarch 26, 2025\n\n" + BODY_EN, "2025-03-26", "form.en.mdy"),
    ("Kakao teams up with OpenAI\n26 March 2025 | Seoul\n" + BODY_EN, "2025-03-26", "form.en.dmy"),
    ("Kakao teams up with OpenAI\n2025-03-26\n" + BODY_EN, "2025-03-26", "form.numeric"),
    ("Kakao teams up with OpenAI\nLast updated March 27, 2025\n" + BODY_EN, "2025-03-27", "later.en+form.en.mdy"),
    # the footer of a Korean page
    ("카카오, 오픈AI와 손잡는다\n" + BODY_KO + "\n" + BODY_KO + "\n기사입력 2025.02.04 10:27\n저작권자 무단전재 금지",
     "2025-02-04", "label.ko+form.numeric"),
]

NOT_FOUND = [
    # a date in the story, in a sentence
    "카카오, 오픈AI와 손잡는다\n카카오는 2025년 3월 26일 오픈AI와 계약을 맺었다고 밝혔다.\n" + BODY_KO,
    "Kakao teams up with OpenAI\nKakao signed the deal with OpenAI on March 26, 2025.\n" + BODY_EN,
    "Kakao teams up with OpenAI\n" + BODY_EN + "\nThe deal closes on 2025-06-30.\n",
    # a short line of dates after the body started
    "카카오, 오픈AI와 손잡는다\n" + BODY_KO + "\n2025-06-30\n" + BODY_KO,
    # a date that does not exist, a month without a year
    "카카오, 오픈AI와 손잡는다\n입력 2025.02.30 10:27\n" + BODY_KO,
    "SEOUL, March 10 (Hanbit Wire) — Kakao teams up with OpenAI\n" + BODY_EN,
]


@pytest.mark.parametrize(("text", "date", "rule"), FOUND)
def test_a_printed_publication_date_is_read(text, date, rule):
    found = find_published(text.split("\n"))
    assert found is not None and (found.date, found.rule) == (date, rule)


@pytest.mark.parametrize("text", NOT_FOUND)
def test_dates_of_the_story_are_not_the_publication_date(text):
    assert find_published(text.split("\n")) is None


def test_a_publication_label_wins_over_an_update_and_a_bare_date():
    text = "카카오, 오픈AI와 손잡는다\n2025-01-01\n수정 2025.03.27 09:00\n입력 2025.03.26 10:27\n" + BODY_KO
    assert find_published(text.split("\n")).date == "2025-03-26"


def test_every_rule_is_exercised_by_a_row_here():
    ids = {rule_id for rule_id, _, _ in table("common/dates.tsv", 3)}
    used = {part for _, _, rule in FOUND for part in rule.split("+")}
    assert ids == used, f"rules without a test row: {sorted(ids - used)}"
    assert rules().forms and rules().labels and rules().later


def test_loaded_documents_take_the_text_date_only_without_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(FOUND[0][0], encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: 제휴\ndate: 2024-12-31\n---\n" + FOUND[0][0], encoding="utf-8")
    (tmp_path / "c.txt").write_text(NOT_FOUND[0], encoding="utf-8")
    docs = {d.file_name: d for d in load_paths([tmp_path])}
    assert docs["a.txt"].published == "2025-02-04"
    assert docs["b.md"].published == "2024-12-31"
    assert docs["c.txt"].published is None


def test_the_timeline_dates_facts_by_the_printed_date(tmp_path, extractor, memory_store):
    import kgraph
    from kgraph.ingest.runner import ingest
    (tmp_path / "a.txt").write_text("카카오, 오픈AI와 손잡는다\n\n입력 2025.02.04 10:27\n\n" + BODY_KO, encoding="utf-8")
    assert ingest(memory_store, [str(tmp_path / "a.txt")], extractor=extractor).ingested == 1
    rows = kgraph.KGraph(memory_store).canned_query("timeline")
    assert rows and {str(r["date"])[:10] for r in rows} == {"2025-02-04"}
