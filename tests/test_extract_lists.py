"""Relation rules added for recall on unseen articles (make cv): each test is an invented sentence that the
rule reads, and one it must not read. The rules' own relations are checked (doc._.kg_candidates), so the
learned scorer's threshold does not decide whether a rule fired."""
import pytest


def stated(doc, rule_prefix=""):
    """(subject, predicate, object) of every relation a rule stated (by rule id prefix)."""
    return {(r.subject.label, r.predicate, r.object.label) for c in doc._.kg_candidates for r in c.rules
            if (r.rule or "").startswith(rule_prefix)}


# ------------------------------------------------------------------ a name in an organisation's parenthesis
@pytest.mark.parametrize("text,expected", [
    ("한빛전자(대표 김도윤)는 구름텔레콤과 협약을 맺었다고 밝혔다.", {("김도윤", "worksFor", "한빛전자")}),
    ("이 시장에서는 구글(제미나이)과 메타(라마)가 앞서 있다.",
     {("구글", "develops", "제미나이"), ("메타", "develops", "라마")}),
])
def test_a_parenthesis_after_an_organisation(analyse, text, expected):
    assert stated(analyse(text), "ko.") >= expected


@pytest.mark.parametrize("text", [
    "한빛전자(김도윤)는 구름텔레콤과 협약을 맺었다.",              # a person without a title: no employer stated
    "구글(제미나이 개발사)은 메타와 경쟁한다.",                     # more than the product in the parenthesis
])
def test_a_parenthesis_that_states_nothing(analyse, text):
    got = stated(analyse(text))
    assert not {t for t in got if t[1] in ("worksFor", "develops")}
