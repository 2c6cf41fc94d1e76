"""Roles normalised by kgraph/data/roles.tsv: one kg:role per role whatever the article's language or
spelling, labels in both languages, the title as written kept in the evidence sentence."""
from __future__ import annotations

import kgraph
from kgraph.datafiles import table
from kgraph.roles import normalise_role, role_label, roles


def test_titles_in_either_language_are_one_role():
    assert {normalise_role(t) for t in ("대표이사", "최고경영자", "CEO", "chief executive", "대표")} == {"CEO"}
    assert {normalise_role(t) for t in ("회장", "Chairman", "chairwoman")} == {"chair"}
    assert normalise_role("사장") == normalise_role("President") == "president"
    assert normalise_role("부사장") == normalise_role("VP") == "vice president"
    assert normalise_role("연구소장") == "연구소장"                    # in no row: the title as it stands
    assert (role_label("chair", "ko"), role_label("chair", "en"), role_label("연구소장", "en")) == \
        ("회장", "chair", "연구소장")


def test_every_role_has_both_labels():
    for role, labels in roles().items():
        assert labels["en"] and labels["ko"], role
    assert len(table("roles.tsv", 4)) == len(roles())                     # one row per role


def test_extraction_records_the_role_and_keeps_the_title_in_the_evidence():
    texts = ["이재용 삼성전자 회장이 샘 올트먼 오픈AI 최고경영자를 만났다.",
             "SoftBank Chairman Masayoshi Son met OpenAI chief executive Sam Altman in Tokyo."]
    found = {}
    for doc in kgraph.annotate(texts):
        for r in doc._.kg_relations:
            if r.predicate == "worksFor":
                found[r.subject.label] = (r.role, r.sentence)
    assert found["이재용"][0] == found["손정의"][0] == "chair"            # 회장 and Chairman: one role
    assert found["샘 올트먼"][0] == "CEO"                                # 최고경영자 and chief executive too
    assert "회장" in found["이재용"][1] and "Chairman" in found["손정의"][1]   # the title as written: evidence


def test_people_shows_roles_in_the_language_asked(tmp_path):
    from tests import minigraph
    with kgraph.KGraph(minigraph.store_dir(tmp_path / "s")) as kg:
        assert [(str(r["label"]), str(r["roles"])) for r in kg.canned_query("people", org="OpenAI", lang="ko")] == \
            [("샘 올트먼", "대표이사")]
        assert [str(r["roles"]) for r in kg.canned_query("people", org="OpenAI")] == ["CEO"]
        assert [str(r["roles"]) for r in kg.canned_query("people", org="모아랩", lang="en")] == ["대표"]   # no row: as stored
        # a role is no entity: its labels are no names to look up
        assert kg.query("ASK { GRAPH kgg:facts { ?e kg:nameKey ?k FILTER(CONTAINS(STR(?e), '/role/')) } }") is False
