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
    ("이번 협약에 대해 레아 린 노벡스 CTO는 만족을 표했다.", {"레아 린"}, {"노벡스"}),
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


# --- a Hangul name followed by its Latin original in parentheses (finder "translit")
@pytest.mark.parametrize("text,expected,coarse", [
    ("한빛전자는 미국 노벡스 랩스(Novex Labs)와 손잡았다.", {"노벡스 랩스"}, "Organization"),    # by the ending
    ("이번 협약에 대해 레아 문(Lea Moon) CTO는 만족을 표했다.", {"레아 문"}, "Person"),           # by the title
    ("이 일을 맡은 레아 두프레(Lea Dupre) 한빛전자 전략팀 상무는 웃었다.", {"레아 두프레"}, "Person"),
    ("모아랩은 전략 게임 벨로라(VELORA) 개발을 맡는다.", {"벨로라", "VELORA"}, "Product"),       # by the cue noun
    ("차세대 칩인 토르 쿼드(Thor Quad)의 양산을 준비한다.", {"토르 쿼드", "Thor Quad"}, "Product"),
    ("엔비디아는 보스턴다이내믹스, 캐스필드(Casfield), 노바크 로보틱스(Novak Robotics) 등과 협력한다.",
     {"캐스필드", "노바크 로보틱스"}, "Organization"),                                         # listed with a company
])
def test_hangul_names_with_their_latin_original(analyse, text, expected, coarse):
    assert expected <= names(analyse(text), coarse)


def test_a_hangul_name_and_its_original_are_one_entity(analyse):
    doc = analyse("미국 스타트업 노벡스 랩스(Novex Labs)와 손잡았다. 노벡스 랩스는 성장했다.")
    keys = {m.text: m.entity.key for m in doc._.kg_mentions}
    assert keys["노벡스 랩스"] == keys["Novex Labs"]


@pytest.mark.parametrize("text", [
    "삼성전자가 인공지능(AI) 칩과 그래픽처리장치(GPU)를 공급한다.",    # a Korean gloss and its acronym
    "이른바 아이폰의 순간(iPhone moment)이 왔다.",                     # a common word glossed in English
    "회사는 칩렛(Chiplet) 기술을 준비한다.",                           # a technique, not a product
    "그는 마크 헤일(Mark Hale)을 언급했다.",                           # a person's shape, but no title: no claim
])
def test_glossed_words_are_not_names(analyse, text):
    from kgraph.model import coarse
    doc = analyse(text)
    assert not [s for s in doc._.kg_analysis.spans if s.source == "translit"], \
        [(s.text, s.type) for s in doc._.kg_analysis.spans]


# --- English names in English articles
@pytest.mark.parametrize("text,expected,coarse", [
    ("Signing it were Dana Moss (left), senior strategy officer at Initech.", {"Dana Moss"}, "Person"),
    ("Talks were run by a recent recruit, Lee Vance, its head of corporate finance.", {"Lee Vance"}, "Person"),
    ("Orion CEO and Chairman Sam Obi posed for a photo.", {"Sam Obi"}, "Person"),
    ("Shares rose, said Initech analyst Mara Velt Jansen.", {"Mara Velt Jansen"}, "Person"),
    ("The group joined Kara Lind of Microsoft on stage.", {"Kara Lind"}, "Person"),
    ("Orion CEO and Chairman Sam Obi posed for a photo.", {"Orion"}, "Organization"),    # the org before a title
    # lists of companies spread from one known member, a legal ending aside
    ("Backers include Nvidia, Inc. and Lumen Partners, Kestrel Bio, Vantor and Quell.",
     {"Lumen Partners", "Kestrel Bio", "Vantor", "Quell"}, "Organization"),
    ("The round drew Orion Asset & Research Company.", {"Orion Asset & Research Company"}, "Organization"),
    ("It teams up with two conglomerates Vantage Data Services and Quell.",
     {"Vantage Data Services", "Quell"}, "Organization"),
    # products: listed before a plural cue, an appositive after the cue, a quoted name after a possessive
    ("Orion will put AI into its Quill, Ledger, and Pigeon apps.", {"Quill", "Ledger", "Pigeon"}, "Product"),
    ("Moa sells a cleaning robot, Rova, which is sold widely.", {"Rova"}, "Product"),
    ("Moa will put Google DeepMind's \"LumaMark\" into its image model, \"Nova Canvas,\" soon.",
     {"LumaMark", "Nova Canvas"}, "Product"),
    ("It will expand its Titan supercomputer.", {"Titan"}, "Product"),
    ("The new iOS 19 system was shown.", {"iOS 19"}, "Product"),
])
def test_english_names(analyse, text, expected, coarse):
    assert expected <= names(analyse(text), coarse)


@pytest.mark.parametrize("text", [
    "Currently, Samsung supplies HBM3E to AMD.",                    # a sentence adverb is no company
    "Interestingly, OpenAI and Broadcom agreed.",
    "A Korean chip startup and an American chip giant talked.",     # demonyms are no products
    "Developers rushed to build AI-powered services.",
    "Published Jul 28 2025 by the desk.",                            # a date is no product
    "The cluster uses Nvidia’s Prism-Z Ethernet switch.",            # not a cut name (Prism)
])
def test_english_phrases_that_are_not_names(analyse, text):
    from kgraph.model import coarse
    doc = analyse(text)
    found = {m.text for m in doc._.kg_mentions if coarse(m.entity.type) in ("Organization", "Product", "Person")
             and m.entity.discovered}
    assert not (found & {"Currently", "Interestingly", "Korean", "American", "AI-powered", "Published Jul 28",
                         "Jul 28", "Prism"}), found


def test_a_known_company_with_its_legal_ending_is_that_company(analyse):
    doc = analyse("Nvidia Corp. and Meta Platforms Inc. signed.")
    keys = {m.text: m.entity.key for m in doc._.kg_mentions}
    assert keys["Nvidia Corp."] == "NVIDIA" and keys["Meta Platforms Inc."] == "Meta"


# --- lists: the noun closing a list gives its type to the members no list knows
@pytest.mark.parametrize("text,expected,coarse", [
    ("모아랩은 투자를 받았다. 벨로, 큐브릭스, 하나로(Hanaro) 등 일본 대기업으로부터 투자를 유치했다.",
     {"벨로", "큐브릭스", "하나로"}, "Organization"),
    ("한빛전자는 루미나·다온랩·세라 등 AI 스타트업 중심의 연합을 꾸렸다.", {"루미나", "다온랩", "세라"}, "Organization"),
    ("가온바이오를 중심으로 가온AI헬스, 가온백신연구소, 가온메디텍 등 계열사를 두고 있다.",
     {"가온AI헬스", "가온백신연구소", "가온메디텍"}, "Organization"),
    # bullets with one known organisation
    ("모아랩은 ▲산업은행(300억원) ▲한빛성장투자운용(70억원) ▲미국 로웰 캐피털 매니지먼트 등에서 투자받았다.",
     {"한빛성장투자운용", "로웰 캐피털 매니지먼트"}, "Organization"),
])
def test_list_members_take_the_type_of_the_list(analyse, text, expected, coarse):
    assert expected <= names(analyse(text), coarse)


@pytest.mark.parametrize("text", [
    "모아랩은 공개 설계 등을 이용한 AI 칩 개발을 노린다.",       # 등 as an object: no list head follows
    "한빛전자는 메모리, 파운드리 등 주요 사업에서 성장했다.",       # common nouns are no names
])
def test_lists_of_common_nouns_are_not_names(analyse, text):
    doc = analyse(text)
    assert not [s for s in doc._.kg_analysis.spans if s.source.startswith("list-")]


# --- versioned and numbered product names
@pytest.mark.parametrize("text,expected", [
    ("메타의 헤드셋 ‘노바링3’와 현대차 솔라리스5에 적용한다.", {"노바링3", "솔라리스5"}),   # a number fused to a name
    ("모아랩은 인간형 로봇 누리보2를 공개했다.", {"누리보2"}),                          # after a cue noun
    ("LG는 모델인 엑사원 1.0을 개발했다.", {"엑사원 1.0"}),                           # a version, then a particle
    ("삼성전자는 갤럭시 S27부터 적용한다.", {"갤럭시 S27"}),
    ("LG전자는 가정용 로봇 Q7을 출시한다.", {"Q7"}),                                 # Q7 is no quarter
])
def test_numbered_and_versioned_products(analyse, text, expected):
    assert expected <= names(analyse(text), "Product")


@pytest.mark.parametrize("text,not_expected", [
    ("레벨3 자율주행과 시즌2 공개, 평택2공장 가동", {"레벨3", "시즌2", "평택2공장"}),
    ("H100 35만개와 HBM3E 8단 제품을 공급한다.", {"H100 35", "HBM3E 8"}),          # counters are no versions
    ("2분기와 Q3 실적, H1 반기 매출", {"Q3", "H1"}),
    ("파리에서 열린 '갤럭시 언팩 2027' 행사에서 공개됐다.", {"갤럭시 언팩 2027"}),      # an event
])
def test_numbers_that_are_not_product_names(analyse, text, not_expected):
    assert not (names(analyse(text)) & not_expected)


# --- company names of several words (finder multiword-org)
@pytest.mark.parametrize("text,expected", [
    ("게임 개발 스튜디오 노바스파크 게임즈, 블루파이어 게임즈와 협력한다.", {"노바스파크 게임즈", "블루파이어 게임즈"}),
    ("이번 투자에는 레이크뷰 에쿼티파트너스, 타임라인 자산운용 등이 참여했다.", {"레이크뷰 에쿼티파트너스", "타임라인 자산운용"}),
    ("미국 로웰 캐피털 매니지먼트가 합류한다.", {"로웰 캐피털 매니지먼트"}),
    ("그는 IBM 왓슨리서치센터에서 일했다.", {"IBM 왓슨리서치센터"}),
])
def test_company_names_of_several_words(analyse, text, expected):
    assert expected <= names(analyse(text), "Organization")


@pytest.mark.parametrize("text,not_expected", [
    ("협약식에는 석지호 모아랩스 대표가 참석했다.", {"석지호 모아랩스"}),      # a person, then the company
    ("광양 클라우드데이터센터를 짓는다.", {"광양 클라우드데이터센터"}),          # a place and a generic head
    ("삼성전자 반도체 사업이 성장했다.", {"삼성전자 반도체"}),
])
def test_several_words_that_are_not_one_company(analyse, text, not_expected):
    assert not (names(analyse(text)) & not_expected)


# --- the title before the name, and names next to a title with a word between
@pytest.mark.parametrize("text,expected", [
    ("이 투자에는 아마존 창업자 제프 베이커스가 만든 투자회사가 참여한다.", {"제프 베이커스"}),
    ("모아랩은 한빛전자의 최고운영책임자(COO)인 키스 위트만을 사외이사로 임명했다.", {"키스 위트만"}),
    ("테리사 마르카나 웨이브원 공동 최고경영자(CEO)는 만족했다.", {"테리사 마르카나"}),
])
def test_people_named_after_their_title(analyse, text, expected):
    assert expected <= names(analyse(text), "Person")


@pytest.mark.parametrize("text", [
    "이번 사업은 AI 인프라 총괄 조직이 맡는다.",          # a loanword read as a common noun is no name
])
def test_loanwords_are_not_people(analyse, text):
    assert not names(analyse(text), "Person")


def test_a_known_company_with_dot_com_and_its_legal_ending_is_that_company(analyse):
    doc = analyse("Amazon.com Inc. invested again.")
    assert {m.entity.key for m in doc._.kg_mentions if m.text == "Amazon.com Inc."} == {"Amazon"}


# --- a Hangul name with a decimal version (finder ko-version); praise words are no products
@pytest.mark.parametrize("text,expected", [
    ("한빛전자는 새 모델 다온 패스 3.1을 공개했다.", {"다온 패스 3.1"}),
])
def test_hangul_names_with_a_version(analyse, text, expected):
    assert expected <= names(analyse(text), "Product")


@pytest.mark.parametrize("text", [
    "매출은 3.1조원이고 성장률 2.5를 기록했다.",
    "한빛전자는 업계 최초의 ‘최초’ 기술을 선보였다. 이는 국내 ‘최초’다.",
])
def test_numbers_and_praise_are_no_products(analyse, text):
    assert not names(analyse(text), "Product")


# --- quoted and numbered names Kiwi reads oddly; products by appositive in English
@pytest.mark.parametrize("text,expected", [
    ("네이버는 투자를 늘린다. 구글 ‘팜2’와 경쟁한다.", {"팜2"}),                 # a one-syllable name in quotes
    ("그가 개발했던 인간형 로봇 누보2. 사진은 연구실에서 찍었다.", {"누보2"}),     # the full stop after the number
    ("LG 임원진은 스마트글라스 ‘레이빈 아이’를 착용했다.", {"레이빈 아이"}),        # a device cue
    ("The app may take over from Bixo, Samsung’s built-in voice assistant, soon.", {"Bixo"}),
    ("Amazon makes its own chips, Trainor and Inferno, for its models.", {"Trainor", "Inferno"}),
])
def test_more_product_shapes(analyse, text, expected):
    assert expected <= names(analyse(text), "Product")


def test_a_cue_with_a_particle_is_no_head_of_the_quote(analyse):
    assert not names(analyse("경쟁사들은 자체 초거대 AI에 ‘올인’하고 있다."), "Product")


# --- universities by 대, customers closing a list, English cues of relation and release
@pytest.mark.parametrize("text,expected,coarse", [
    ("그는 미국 루벤스대에서 박사 학위를 받았다.", {"루벤스대"}, "Organization"),
    ("서빙 로봇이 핵심이다. 맥도널드·CJ·해솔푸드 등 고객이 있다.", {"맥도널드", "해솔푸드"}, "Organization"),
    ("Orion and its younger affiliate Kaia put in $20 million.", {"Kaia"}, "Organization"),
    ("Apple unveils ‘Nova Mind’ at its developer event.", {"Nova Mind"}, "Product"),
    ("It will make its Quill digital assistant smarter.", {"Quill"}, "Product"),
])
def test_more_cue_shapes(analyse, text, expected, coarse):
    assert expected <= names(analyse(text), coarse)


@pytest.mark.parametrize("text", [
    "자체 초거대 AI 개발에 몰두하고 있다.",             # 초거대 is no university
    "The telecom unit builds tools and apps for users.",  # a verb is no adjective before a cue
])
def test_more_cue_shapes_invent_nothing(analyse, text):
    doc = analyse(text)
    assert not [m for m in doc._.kg_mentions if m.entity.discovered and m.text in ("초거대", "The telecom unit", "telecom")]


@pytest.mark.parametrize("text,expected", [
    ("The launch drew Oracle’s (ORCL) Lena Parkes and others.", {"Lena Parkes"}),   # a known company's person
    ("Two days later President Obara toured the plant.", {"Obara"}),     # a title and a family name
])
def test_english_people_by_possessive_and_title(analyse, text, expected):
    assert expected <= names(analyse(text), "Person")


def test_a_possessive_product_is_no_person(analyse):
    assert not names(analyse("Microsoft’s Azure Cloud grew fast."), "Person")


# --- tickers, lower-case-initial names after a cue, quoted companies after a cue
@pytest.mark.parametrize("text,expected,coarse", [
    ("The launch drew Kara Lind of Ciscor (CSCO) and others.", {"Ciscor"}, "Organization"),
    ("The launch drew Kara Lind of Ciscor (CSCO) and others.", {"Kara Lind"}, "Person"),
    ("The billionaire's robotics company xBot announced a round.", {"xBot"}, "Organization"),
    ("모아랩은 캐나다의 유니콘 기업 ‘노바히어’와 공동 개발한 모델을 발표했다.", {"노바히어"}, "Organization"),
])
def test_tickers_and_cued_names(analyse, text, expected, coarse):
    assert expected <= names(analyse(text), coarse)


def test_an_acronym_of_the_name_is_no_ticker(analyse):
    doc = analyse("It ships High Bandwidth Memory (HBM) parts.")
    assert not [s for s in doc._.kg_analysis.spans if s.source == "en-org-ticker"]


@pytest.mark.parametrize("text,expected", [
    ("모아랩을 이끌던 김도윤, 박서준 각자 대표는 한빛으로 옮긴다.", {"김도윤", "박서준"}),
    ("한빛연구원은 이하늘·최다온 신임 공동 원장을 선임했다.", {"이하늘", "최다온"}),
])
def test_names_listed_before_a_titled_name_share_its_title(analyse, text, expected):
    assert expected <= names(analyse(text), "Person")


def test_the_trie_of_reference_names_finds_what_one_alternative_per_name_finds():
    """The names of the reference list are searched as a trie (issue 27: five times faster); at every place
    it finds the longest name there, as the alternation of every name, longest first, did."""
    import re

    from kgraph.nlp.reference_names import alias_pattern, trie_pattern
    words = ["칼리", "칼리스타", "칼리스타 랩스", "Nova", "Nova Labs", "Nova Labs AI", "N.", "A&B", "A&B Co.", "한빛",
             "한빛전자", "빛전자", "Labs"]
    flat = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    trie = trie_pattern(words)
    text = ("칼리스타 랩스는 칼리와 칼리스타를 만났다. Nova Labs AI and Nova Labs met Nova, N. and A&B Co. with A&B; "
            "한빛전자와 한빛, 빛전자. NovaLabs Labs")

    def every(pattern):
        return [(m.start(), m.group()) for i in range(len(text)) if (m := pattern.match(text, i))]

    assert every(trie) == every(flat)
    assert [m.group() for m in trie.finditer(text)] == [m.group() for m in flat.finditer(text)]
    pattern, names = alias_pattern()          # the packaged list: every name is found whole
    assert all(pattern.fullmatch(n) for n in names)
