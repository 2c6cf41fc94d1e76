"""Entities: reference names, discovery of invented names, linking and short forms."""
import pytest


def mentions(doc):
    return [(m.text, m.entity.type, m.entity.discovered) for m in doc._.kg_mentions]


def names(doc, coarse=None):
    from kgraph.model import coarse as c
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
    from kgraph.model import coarse
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
    from kgraph.reference import by_key, reference_entities
    ents = reference_entities()
    assert len(ents) >= 300
    assert all(e.ko and e.en for e in ents)
    assert all(e.parent in by_key() for e in ents if e.parent)
    types = {e.type for e in ents}
    assert {"Company", "Person", "AIModel", "Chip", "GovernmentBody", "University"} <= types


def test_reference_keys_and_names_are_unique():
    """One entry per real-world entity: no key twice, and no name shared by two entries of one type."""
    from collections import Counter

    from kgraph.model import coarse
    from kgraph.rdf.iri import normalise_name
    from kgraph.reference import reference_entities
    ents = reference_entities()
    assert [k for k, n in Counter(e.key for e in ents).items() if n > 1] == []
    owners: dict = {}
    for e in ents:
        for name in e.names:
            owners.setdefault((coarse(e.type), normalise_name(name)), set()).add(e.key)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


# Names the dev set taught us to find, tested on invented sentences of the same shapes.
@pytest.mark.parametrize("text,expected,coarse", [
    # English people next to a title, in every order news uses
    ("Globex CEO Jane Park said so.", {"Jane Park"}, "Person"),
    ("Hooli’s CEO Gavin Belson spoke.", {"Gavin Belson"}, "Person"),
    ("Tom Lee, chief executive of Initech, said so.", {"Tom Lee"}, "Person"),
    ("Ann Kim, formerly chief product officer at Initech, left.", {"Ann Kim"}, "Person"),
    ("Dan Ho, President and COO of Initech’s Mobile division, spoke.", {"Dan Ho"}, "Person"),
    ("It was founded with co-founder Lucy Han.", {"Lucy Han"}, "Person"),
    # English organisations by cue, appositive, ending, list and preposition
    ("The deal values AI firm Zentrix at $2 billion.", {"Zentrix"}, "Organization"),
    ("Zentrix, a startup gaining ground, grew.", {"Zentrix"}, "Organization"),
    ("It raised money from Qubit Ventures.", {"Qubit Ventures"}, "Organization"),
    ("He was an executive at Zorb Eats and Plexon.", {"Zorb Eats", "Plexon"}, "Organization"),
    ("Samsung’s Visual Display division grew.", {"Samsung", "Visual Display"}, "Organization"),
    # English products: cue, possessive, version, quoted appositive
    ("It uses the AI coding assistant Codewise daily.", {"Codewise"}, "Product"),
    ("KT’s Zorbo and LG Uplus’s Quanta-X are models.", {"Zorbo", "Quanta-X"}, "Product"),
    ("Anthropic released Claude 4.5 Sonnet.", {"Claude 4.5 Sonnet"}, "Product"),
    ("It will use the Exynos 2700 chip.", {"Exynos 2700"}, "Product"),
    ("It plans to launch ‘KORA’, a new AI inference chip.", {"KORA"}, "Product"),
    # Korean: versions and K- names, quoted names after an organisation or a release verb
    ("업스테이지는 ‘솔라 12B’ 모델을 공개했다.", {"솔라 12B"}, "Product"),
    ("모아랩은 라마 3 기반 모델을 쓴다.", {"라마 3"}, "Product"),
    ("한빛전자는 K-엑사원을 활용한다.", {"K-엑사원"}, "Product"),
    ("모아테크의 ‘누리’가 1위에 올랐다.", {"누리"}, "Product"),
    ("이번에 공개된 ‘누리 폰7’과 ‘누리 탭3’이 나왔다.", {"누리 폰7", "누리 탭3"}, "Product"),
    ("포털 ‘바다’를 매각했다.", {"바다"}, "Product"),
    ("한빛전자는 HBM4E를 양산한다.", {"HBM4E"}, "Product"),
    # Korean organisations: listed with a known one, after a cue noun with 인, quoted alliances
    ("삼성전자는 텐스토렌트, 모아칩 등 스타트업과 협력한다.", {"삼성전자", "텐스토렌트", "모아칩"}, "Organization"),
    ("다음 운영사인 ZXQ는 말했다.", {"ZXQ"}, "Organization"),
    ("국내 연합 ‘K-AI 얼라이언스’를 결성했다.", {"K-AI 얼라이언스"}, "Organization"),
    # Korean people with a parenthesis or a researcher title
    ("김다은 연구원과 박준수 수석 연구원이 참여했다.", {"김다은", "박준수"}, "Person"),
])
def test_discovery_shapes(analyse, text, expected, coarse):
    assert names(analyse(text), coarse) == expected


@pytest.mark.parametrize("text", [
    "서버 2만대 확보한 기아 ‘제조 AI’ 혁신 박차",              # a quoted idea, not a product
    "LG, 가전 설계에 '카카오 AI' 들인다",                    # an organisation and a generic word
    "Google's Gemini and Anthropic's Claude",            # apostrophes are not quotes
    "Meanwhile, Apple, Amazon, and Meta are moving quickly.",
])
def test_discovery_does_not_invent(analyse, text):
    from kgraph.model import coarse
    found = {m.text for m in analyse(text)._.kg_mentions if m.entity.discovered and
             coarse(m.entity.type) in ("Organization", "Person", "Product")}
    assert found == set()


@pytest.mark.parametrize("text,a,b", [
    ("Anthropic released Claude 4.5 Sonnet. Claude 4.5 beat GPT-4.", "Claude 4.5", "Claude 4.5 Sonnet"),
    ("AMD는 AI 가속기 ‘인스팅트(Instinct) MX900’을 공개했다. MX900은 빠르다.", "MX900", "인스팅트(Instinct) MX900"),
    ("미스트랄AI의 ‘믹스트랄(Mixtral 9x7B)’이 나왔다.", "믹스트랄", "Mixtral 9x7B"),
])
def test_short_and_long_product_names_are_one_node(analyse, text, a, b):
    keys = {m.text: m.entity.key for m in analyse(text)._.kg_mentions}
    assert keys[a] == keys[b]


def test_a_discovered_name_keeps_one_type_in_a_document(analyse):
    doc = analyse("한빛은 포털 ‘바다’를 매각한다. 모아랩은 바다를 인수한다.")
    assert {m.entity.key for m in doc._.kg_mentions if m.text == "바다"} == {"Product/바다"}


def test_discovered_iris_use_the_coarse_type():
    """The same discovered name read as a Service in one article and a Chip in another is one node."""
    from kgraph.model import EntityRef
    from kgraph.rdf.build import entity_node
    a = entity_node(EntityRef("Product/누리", "Service", "누리", discovered=True))
    b = entity_node(EntityRef("Product/누리", "Chip", "누리", discovered=True))
    assert a == b and "/entity/Product/" in a


def test_a_weak_alias_finds_the_entity_but_is_not_its_label(analyse):
    doc = analyse("삼성과 AMD가 손잡았다.")
    m = next(m for m in doc._.kg_mentions if m.entity.key == "Samsung_Electronics")
    assert m.text == "삼성전자"


@pytest.mark.parametrize("text", [
    "▲ ‘네이티브 AI’ 되려는 KBS\n6G 백서에서 카카오는 ‘AI 내재화’를 꼽았다.",        # a headline ends, a line begins
    "Samsung unveiled its phone\n26 Ultra models at the event, with the Galaxy\nS26 to follow.",
])
def test_a_name_never_spans_a_line_break(analyse, text):
    # found on a synthetic corpus: an English name pattern matched across "\n", the cleaned name
    # ("KBS 6G") was not in the text, and the whole document failed to extract
    doc = analyse(text)
    assert all("\n" not in m.text for m in doc._.kg_mentions)
    assert "KBS 6G" not in {m.text for m in doc._.kg_mentions}
