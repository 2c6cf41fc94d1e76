"""Entity finders for names that are in no list (issue 24): each row is an invented sentence of a shape
real news uses, and the names the finders must (or must not) find in it."""
import pytest


def names(doc, coarse=None):
    from kgraph.model import coarse as c
    return {m.text for m in doc._.kg_mentions if coarse is None or c(m.entity.type) == coarse}


def spans(doc):
    return {(s.text, s.source) for s in doc._.kg_analysis.spans}


# --- people with a Korean job title, and the organisation between name and title
@pytest.mark.parametrize("text,people,orgs", [
    # the title closes a longer word: a unit and its head
    ("행사에는 이수빈 메모리사업부장이 참석했다.", {"이수빈"}, set()),
    ("오세린 경영지원부문장(부사장)이 겸직한다.", {"오세린"}, set()),
    ("협약식에는 한도윤 해솔도지사와 문가온 해솔시장이 참석했다.", {"한도윤", "문가온"}, set()),
    ("▲표하람 최고데이터·콘텐츠책임자(CDO)를 선임했다.", {"표하람"}, set()),
    # an organisation that no list knows stands between the name and the title
    ("이번 행사에는 오하늘 청람항공 부회장이 참석했다.", {"오하늘"}, {"청람항공"}),
    ("협약식에는 홍서진 ㈜누리클라우드 대표이사가 참석했다.", {"홍서진"}, {"누리클라우드"}),
    ("나단 코벨 루미나텍 최고경영자(CEO)는 엔비디아에 합류했다.", {"나단 코벨"}, {"루미나텍"}),
    ("이번 협약에 대해 마야 린 코벡스 CTO는 만족을 표했다.", {"마야 린"}, {"코벡스"}),
    # a three-word foreign name holds a particle in the middle
    ("협약식에는 자치행정주택부 마제드 알 호가일 장관이 참석했다.", {"마제드 알 호가일"}, set()),
    # the organisation, then the title and the name in parentheses
    ("모아랩스(대표 김도윤)와 협약을 맺었다.", {"김도윤"}, {"모아랩스"}),
    # a unit fused with 장: the unit is an organisation
    ("회의에는 한지호 국가데이터센터(NDC)장이 참석했다.", {"한지호"}, {"국가데이터센터", "NDC"}),
    ("그는 최다온 DTX CIC장과 함께 일한다.", {"최다온"}, {"DTX CIC"}),
])
def test_titled_people_and_their_organisations(analyse, text, people, orgs):
    doc = analyse(text)
    assert names(doc, "Person") == people
    assert orgs <= names(doc, "Organization")


@pytest.mark.parametrize("text", [
    "차세대 AI 칩 시장에서 두 회사가 경쟁한다.",           # 시장 after words is a market, not a mayor
    "지난해 말 한빛전자 대표가 방한했다.",                 # a time word is not a name
    "한국총괄 대표가 발표했다.",                           # four syllables without a two-syllable surname
    "김민준 기자 = 한빛전자는 새 칩을 공개했다.",          # a byline is no employee of the company after it
])
def test_titled_people_are_not_invented(analyse, text):
    doc = analyse(text)
    assert not (names(doc, "Person") - {"김민준"})
