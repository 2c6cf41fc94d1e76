"""Entities: reference names, discovery of invented names, linking and short forms."""
import pytest


def mentions(doc):
    return [(m.text, m.entity.type, m.entity.discovered) for m in doc._.kg_mentions]


def names(doc, coarse=None):
    from kgraph.nlp.reference import coarse as c
    return {m.text for m in doc._.kg_mentions if coarse is None or c(m.entity.type) == coarse}


@pytest.mark.parametrize("text,expected,coarse", [
    ("삼성전자는 HBM을 공급한다.", {"삼성전자"}, "Organization"),                 # particle not in the name
    ("오픈AI가 카카오와 손잡았다.", {"오픈AI", "카카오"}, "Organization"),
    ("OpenAI and Microsoft", {"OpenAI", "Microsoft"}, "Organization"),
    ("카카오페이는 새 서비스를 냈다.", {"카카오페이"}, "Organization"),            # not 카카오 inside it
    ("SKT와 SK텔레콤", {"SKT", "SK텔레콤"}, "Organization"),
    # discovered organisations: shapes of names that are in no list
    ("한빛전자는 새 칩을 공개했다.", {"한빛전자"}, "Organization"),
    ("청운벤처스가 투자했다.", {"청운벤처스"}, "Organization"),
    ("대한디지털재단과 협약을 맺었다.", {"대한디지털재단"}, "Organization"),
    ("국내 스타트업 모아랩과 손잡았다.", {"모아랩"}, "Organization"),
    ("Acme Robotics signed a deal with Globex Corp.", {"Acme Robotics", "Globex Corp."}, "Organization"),
    # people by the shapes of Korean news
    ("김도윤 네오비전 대표가 말했다.", {"김도윤"}, "Person"),
    ("네오비전 김도윤 대표가 말했다.", {"김도윤"}, "Person"),
    ("마이클 스미스 CEO는 밝혔다.", {"마이클 스미스"}, "Person"),
    ("경영진 회장이 아니다.", set(), "Person"),                                  # common nouns are not names
    ("Globex CEO Jane Doe said so.", {"Jane Doe"}, "Person"),
    # products: quoted next to product nouns, coded names, acronym expansions
    ("한빛전자는 AI 칩 ‘누리-7’을 공개했다.", {"누리-7"}, "Product"),
    ("모아랩은 자체 LLM ‘바람’을 선보였다.", {"바람"}, "Product"),
    ("새 GPU X900과 o5-mini", {"X900", "o5-mini"}, "Product"),
    ("캐릭터 NPX(Neural Play Xperience)를 공개", {"NPX", "Neural Play Xperience"}, "Product"),
])
def test_entity_cases(analyse, text, expected, coarse):
    assert names(analyse(text), coarse) == expected


@pytest.mark.parametrize("text", [
    "AI 반도체 시장에서 빅테크가 경쟁한다.",
    "정부는 'AI 기본법'을 시행할 예정이다.",
    "국내 기업들은 B2B와 B2C 시장을 노린다.",
    "2025년 6월 서울에서 열린 행사에서",
])
def test_generic_phrases_are_not_entities(analyse, text):
    from kgraph.nlp.reference import coarse
    assert [m for m in analyse(text)._.kg_mentions if coarse(m.entity.type) in ("Organization", "Person", "Product")] == []


def test_aliases_and_languages_share_one_node(analyse):
    doc = analyse("오픈AI(OpenAI)는 MS, 마이크로소프트와 협력한다. Open AI도 있다.")
    keys = {m.text: m.entity.key for m in doc._.kg_mentions}
    assert keys["오픈AI"] == keys["OpenAI"] == keys["Open AI"] == "OpenAI"
    assert keys["MS"] == keys["마이크로소프트"] == "Microsoft"


def test_discovered_names_have_deterministic_keys(analyse):
    a = {m.text: m.entity for m in analyse("한빛전자는 칩을 만든다.")._.kg_mentions}
    b = {m.text: m.entity for m in analyse("새 소식: 한빛전자가 투자했다.")._.kg_mentions}
    assert a["한빛전자"].key == b["한빛전자"].key == "Organization/한빛전자"
    assert a["한빛전자"].discovered


@pytest.mark.parametrize("text,short,full", [
    ("샘 올트먼 CEO가 왔다. 올트먼은 말했다.", "올트먼", "Sam_Altman"),
    ("마이클 스미스 네오랩스 CEO가 왔다. 스미스는 웃었다.", "스미스", "Person/마이클스미스"),
    ("이재용 삼성전자 회장이 왔다. 이 회장은 웃었다.", "이", "Lee_Jae_yong"),
    ("김창한 크래프톤 대표를 만났다. 김 대표는 웃었다.", "김", "Kim_Chang_han"),
    ("박준서 모아랩 대표를 만났다. 박 대표는 웃었다.", "박", "Person/박준서"),
])
def test_short_forms_link_to_the_full_name(analyse, text, short, full):
    doc = analyse(text)
    keys = [m.entity.key for m in doc._.kg_mentions if m.entity.type == "Person"]
    assert keys.count(full) == 2, keys


def test_company_and_product_ambiguity_resolves_by_context(analyse):
    doc = analyse("딥시크가 새 모델을 냈다. 딥시크 R1은 빠르다.")
    kinds = {m.text: m.entity.key for m in doc._.kg_mentions}
    assert kinds["딥시크"] == "DeepSeek"
    assert kinds["딥시크 R1"] == "DeepSeek_R1"


def test_reference_list_is_large_and_well_formed():
    from kgraph.nlp.reference import reference_entities, by_key
    ents = reference_entities()
    assert len(ents) >= 300
    assert all(e.ko and e.en for e in ents)
    assert all(e.parent in by_key() for e in ents if e.parent)
    types = {e.type for e in ents}
    assert {"Company", "Person", "AIModel", "Chip", "GovernmentBody", "University"} <= types
