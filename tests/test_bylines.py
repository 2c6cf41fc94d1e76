"""Issue 25, item 10: headlines, bylines, datelines and outlet lines as real pages print them (kgraph/data/
common/bylines.tsv). Every text here is invented, shaped like the openings of real Korean and English
articles; none is copied from one."""
from __future__ import annotations

import pytest

from kgraph.sources.clean import byline_rules, clean_text, is_caption

BODY = "한빛전자가 모아테크와 인공지능 반도체 공동 개발 계약을 맺었다. 양사는 내년 시제품을 내놓을 계획이다."


@pytest.mark.parametrize("raw,title,publisher,byline,dateline", [
    # a bracketed outlet and reporter opening the body: no title from it, the outlet is the publisher
    (f"[가상경제뉴스 김하늘 기자] {BODY}", "한빛전자가 모아테크와 인공지능 반도체 공동 개발 계약을 맺었다.",
     "가상경제뉴스", ["김하늘"], None),
    (f"모아테크, 한빛전자와 AI 칩 동맹\n[가상데일리 박나래 기자] {BODY}", "모아테크, 한빛전자와 AI 칩 동맹",
     "가상데일리", ["박나래"], None),
    (f"모아테크, 한빛전자와 AI 칩 동맹\n[테크가상=이도윤 기자] {BODY}", "모아테크, 한빛전자와 AI 칩 동맹",
     "테크가상", ["이도윤"], None),
    (f"모아테크, 한빛전자와 AI 칩 동맹\n【가상퀘스트=정우진 기자】 {BODY}", "모아테크, 한빛전자와 AI 칩 동맹",
     "가상퀘스트", ["정우진"], None),
    # a dateline place with the agency in parentheses, then the reporter and '='
    (f"모아테크 대표 사의\n- 최서연 기자\n(서울=가상통신) 최서연 기자 = {BODY}", "모아테크 대표 사의", "가상통신",
     ["최서연"], "서울"),
    (f"[부산=뉴스가상] 한지민 기자 = {BODY}", "한빛전자가 모아테크와 인공지능 반도체 공동 개발 계약을 맺었다.",
     "뉴스가상", ["한지민"], "부산"),
    # a dateline line of its own: the place (with its country) is never the publisher
    (f"한빛전자 \"모아테크와 내일 만난다\" [CES 2030]\n라스베이거스(미국)=오세훈 기자\n{BODY}",
     "한빛전자 \"모아테크와 내일 만난다\" [CES 2030]", None, ["오세훈"], "라스베이거스(미국)"),
    (f"한빛전자 \"유럽 공략\" [MWC 2030]\n2030-03-06     바르셀로나(스페인)=김도현 기자\n{BODY}",
     "한빛전자 \"유럽 공략\" [MWC 2030]", None, ["김도현"], "바르셀로나(스페인)"),
    # outlet = reporter | story
    (f"가상피알=윤서아 기자|{BODY}", "한빛전자가 모아테크와 인공지능 반도체 공동 개발 계약을 맺었다.", "가상피알",
     ["윤서아"], None),
    (f"가상타임스 한유리 기자 | {BODY}", "한빛전자가 모아테크와 인공지능 반도체 공동 개발 계약을 맺었다.",
     "가상타임스", ["한유리"], None),
    # headline, outlet line, date line, reporter line with an address
    (f"모아테크, 한빛전자와 손잡나\n가상일보\n입력 2030.02.28 18:10\n{BODY}\n송하늘 기자 ㅣ song@example.com",
     "모아테크, 한빛전자와 손잡나", "가상일보", ["송하늘"], None),
    (f"• 류하준 기자\n{BODY}", "한빛전자가 모아테크와 인공지능 반도체 공동 개발 계약을 맺었다.", None, ["류하준"],
     None),
    # a photo caption opens the page: not the title
    (f"▲ 한빛전자 본사 전경. 사진 제공\n모아테크와 손잡은 한빛전자\n{BODY}", "모아테크와 손잡은 한빛전자", None, [], None),
    (f"(왼쪽부터) 김가상 한빛전자 부사장, 박가상 모아테크 사장\n{BODY}",
     "한빛전자가 모아테크와 인공지능 반도체 공동 개발 계약을 맺었다.", None, [], None),
    (("Harbor Devices to buy Skyward Labs\nBy Maya Linwood and Owen Tarrant\n\nJune 8 (Reuters) - Harbor Devices said "
      "on Thursday it would buy Skyward Labs."), "Harbor Devices to buy Skyward Labs", "Reuters",
     ["Maya Linwood", "Owen Tarrant"], None),
    # a photo caption that ends with its credit: the credit leaves the text, the caption stays
    (f"{BODY}\n한빛전자 대표가 로봇을 소개했다. 타이베이(대만)=장하은 기자\n둘째 문단이다.",
     "한빛전자가 모아테크와 인공지능 반도체 공동 개발 계약을 맺었다.", None, ["장하은"], "타이베이(대만)"),
    (f"{BODY}\n모아테크 로봇 시연 장면 [사진=홍가람 기자]", "한빛전자가 모아테크와 인공지능 반도체 공동 개발 계약을 맺었다.",
     None, ["홍가람"], None),
    # a credit in a byline's outlet position is not an outlet
    (f"[사진=문가람 기자] {BODY}", "한빛전자가 모아테크와 인공지능 반도체 공동 개발 계약을 맺었다.", None, ["문가람"], None),
])
def test_bylines_datelines_and_headlines(raw, title, publisher, byline, dateline):
    c = clean_text(raw)
    assert (c.title, c.publisher, c.byline, c.dateline) == (title, publisher, byline, dateline)
    for name in byline:
        assert name not in c.text           # the byline is metadata, not story text
    assert "기자" not in c.text


def test_a_reporter_of_the_byline_is_no_person_of_the_story(analyse):
    c = clean_text("모아테크, 한빛전자와 AI 칩 동맹\n[가상데일리 박나래 기자] 박준서 한빛전자 회장은 모아테크와 협력한다고 "
                   "밝혔다.")
    doc = analyse(c.text)
    names = {m.text for m in doc._.kg_mentions}
    assert "박준서" in names and "박나래" not in names
    assert all(c.text[m.start:m.end] == m.text for m in doc._.kg_mentions)


def test_a_story_that_opens_with_its_first_sentence_keeps_it_whole_as_title():
    long_first = "한빛전자가 " + "아주 " * 60 + "긴 문장으로 시작했다. 둘째 문장이다."
    assert clean_text(long_first).title is None                     # never a cut-off sentence
    assert clean_text("오픈 예정\n" + BODY).title == "오픈 예정"


def test_body_lines_that_merely_look_like_names_are_kept():
    text = "한빛전자 기자간담회가 열렸다.\n김하늘 기자간담회 사회자가 말했다.\n그는 \"기자=홍길동 기자\"라고 적었다."
    c = clean_text(text)
    assert c.text == text and c.byline == []


@pytest.mark.parametrize("line,date_only", [
    ("입력 2025.01.02 18:10", True), ("2025.01.02 09:44:50", True), ("기사등록 2025/01/02 16:57:48", True),
    ("승인 : 2025. 01. 02. 08:26", True), ("Published Jan 2, 2025", True), ("May 2, 2025 / 10:15 IST", True),
    ("한빛전자, 2025.01.02 실적 발표", False), ("2030년 AI 반도체 시장 전망", False),
])
def test_date_lines_are_not_headlines(line, date_only):
    title = clean_text(f"{line}\n{BODY}").title
    assert (title != line) == date_only


def test_caption_rules():
    assert is_caption("▲이가상 한빛전자 회장. 사진 제공") and is_caption("미국 모아테크가 개발한 로봇 '하늘'./뉴스가상")
    assert not is_caption("모아테크, 한빛전자와 AI 칩 동맹")


def test_every_rule_has_an_id_and_compiles():
    r = byline_rules()
    assert r.prefix and r.line and r.outlet and r.caption and "바르셀로나" in r.places and "사진" in r.not_outlet
