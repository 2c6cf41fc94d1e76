"""Every relation rule, by id, on invented sentences of the shapes news uses; and the rule files' checks.

Adding a rule to kgraph/data/{ko,en}/relations.jsonl is a line there and a row here: a test fails
while a rule has no row.
"""
from __future__ import annotations

import pytest

from kgraph.nlp.rules import RuleError, parse_rules, rules

# (rule id, text, (subject, predicate, object)): the rule must state this relation. Names are labels or keys.
CASES = [
    # --- Korean
    ("ko.worksFor.apposition", "김도윤 네오비전랩스 대표가 말했다.", ("김도윤", "worksFor", "네오비전랩스")),
    ("ko.worksFor.title-is", "한빛전자의 창업자인 박준서 회장이 방한했다.", ("박준서", "worksFor", "한빛전자")),
    ("ko.worksFor.founded", "모아테크는 김도윤 대표가 2019년 설립한 스타트업이다.", ("김도윤", "worksFor", "모아테크")),
    ("ko.worksFor.leads", "김도윤 대표가 이끄는 모아테크는 투자를 유치했다.", ("김도윤", "worksFor", "모아테크")),
    ("ko.worksFor.list", "김도윤 한빛전자 사장을 비롯해 박서연 부사장 등이 참석했다.", ("박서연", "worksFor", "한빛전자")),
    ("ko.worksFor.paren", "한빛전자(대표 김도윤)는 협약을 맺었다.", ("김도윤", "worksFor", "한빛전자")),
    ("ko.develops.described-quoted", "모아테크 초거대 AI ‘누리’는 호평을 받았다.", ("모아테크", "develops", "누리")),
    ("ko.develops.paren", "이 시장에서는 구글(제미나이)이 앞서 있다.", ("구글", "develops", "제미나이")),
    ("ko.partnerOf.with", "한빛전자는 모아테크와 전략적 제휴를 맺었다.", ("한빛전자", "partnerOf", "모아테크")),
    ("ko.partnerOf.with", "한빛전자와 구름텔레콤이 합병을 추진한다.", ("한빛전자", "partnerOf", "구름텔레콤")),
    ("ko.partnerOf.hand-in-hand", "한빛전자는 모아테크와 손을 잡았다.", ("한빛전자", "partnerOf", "모아테크")),
    ("ko.partnerOf.co-develop", "한빛전자는 모아테크와 공동 개발에 나선다.", ("한빛전자", "partnerOf", "모아테크")),
    ("ko.partnerOf.with", "박준서 한빛전자 회장은 김도윤 모아테크 대표와 만나 협력 방안을 논의했다.",
     ("한빛전자", "partnerOf", "모아테크")),
    ("ko.partnerOf.together", "한빛전자는 구름텔레콤과 함께 데이터센터를 짓는다.", ("한빛전자", "partnerOf", "구름텔레콤")),
    ("ko.partnerOf.as-partner", "한빛전자는 모아테크를 AI 협력 파트너로 선정했다.", ("한빛전자", "partnerOf", "모아테크")),
    ("ko.partnerOf.consortium", "한빛전자는 구름텔레콤 컨소시엄으로 참여한다.", ("한빛전자", "partnerOf", "구름텔레콤")),
    ("ko.competesWith.rival", "한빛전자는 경쟁사 모아테크를 견제하고 있다.", ("한빛전자", "competesWith", "모아테크")),
    ("ko.competesWith.rival", "모아테크와 경쟁 중인 한빛전자는 웃었다.", ("한빛전자", "competesWith", "모아테크")),
    ("ko.meets.with", "김도윤 네오비전랩스 대표는 박준서 한빛전자 회장과 만났다.", ("김도윤", "meets", "박준서")),
    ("ko.meets.with", "김도윤 네오비전랩스 대표는 박준서 한빛전자 회장을 초청했다.", ("김도윤", "meets", "박준서")),
    ("ko.meets.three-way", "김도윤 네오비전랩스 대표는 박서연 모아테크 대표, 최민호 한빛전자 사장과 3자 회동을 가졌다.",
     ("박서연", "meets", "최민호")),
    ("ko.meets.attend", "협약식에는 김도윤 네오비전랩스 대표와 박서연 모아테크 대표 등 경영진이 참석했다.",
     ("김도윤", "meets", "박서연")),
    ("ko.supplies.to", "한빛전자는 구름텔레콤에 AI 칩을 공급한다.", ("한빛전자", "supplies", "구름텔레콤")),
    ("ko.supplies.receive", "구름텔레콤은 한빛전자로부터 GPU 5만 장을 공급받는다.", ("한빛전자", "supplies", "구름텔레콤")),
    ("ko.supplies.receive", "구름텔레콤이 한빛전자의 AI 칩 공급을 약속받았다.", ("한빛전자", "supplies", "구름텔레콤")),
    ("ko.supplies.order-from", "한빛전자는 구름텔레콤으로부터 AI 반도체를 수주했다.", ("한빛전자", "supplies", "구름텔레콤")),
    ("ko.supplies.customer", "한빛전자는 구름텔레콤을 핵심 고객으로 유지했다.", ("한빛전자", "supplies", "구름텔레콤")),
    ("ko.supplies.customer-after", "한빛전자는 첫 고객으로 구름텔레콤을 확보했다.", ("한빛전자", "supplies", "구름텔레콤")),
    ("ko.supplies.nominal", "한빛전자 HBM의 구름텔레콤 공급이 확인됐다.", ("한빛전자", "supplies", "구름텔레콤")),
    ("ko.supplies.use-contract", "구름텔레콤이 오라클과 서버 사용 계약을 맺었다.",
     ("Oracle", "supplies", "구름텔레콤")),
    ("ko.supplies.component", "구름텔레콤은 신형 서버에 한빛전자의 HBM을 탑재했다.", ("한빛전자", "supplies", "구름텔레콤")),
    ("ko.investsIn.in", "청운벤처스는 모아테크에 300억 원을 투자했다.", ("청운벤처스", "investsIn", "모아테크")),
    ("ko.investsIn.stake", "청운벤처스는 모아테크의 지분을 인수했다.", ("청운벤처스", "investsIn", "모아테크")),
    ("ko.investsIn.receive", "모아테크는 청운벤처스로부터 투자를 유치했다.", ("청운벤처스", "investsIn", "모아테크")),
    ("ko.investsIn.receive-compound", "청운벤처스 투자받은 모아테크가 상장한다.", ("청운벤처스", "investsIn", "모아테크")),
    ("ko.investsIn.shareholder", "모아테크의 최대주주인 청운벤처스는 말했다.", ("청운벤처스", "investsIn", "모아테크")),
    ("ko.investsIn.stake-owned", "한빛전자가 보유한 모아테크 지분을 청운벤처스에 넘긴다.",
     ("청운벤처스", "investsIn", "모아테크")),
    ("ko.investsIn.stake-giver", "모아테크는 일정 지분을 청운벤처스에 이전한다.", ("청운벤처스", "investsIn", "모아테크")),
    ("ko.develops.object", "한빛전자는 자체 AI 칩 ‘누리-7’을 공개했다.", ("한빛전자", "develops", "누리-7")),
    ("ko.develops.object", "자체 LLM ‘바람’을 공개한 모아테크는 웃었다.", ("모아테크", "develops", "바람")),
    ("ko.develops.poss", "한빛전자의 차세대 AI 칩 ‘누리’가 나왔다.", ("한빛전자", "develops", "누리")),
    ("ko.develops.maker-list", "유튜브, 제미나이 등 구글의 주요 서비스를 개편한다.", ("Google", "develops", "Gemini")),
    ("ko.develops.maker-prefix", "구글 제미나이가 나왔다.", ("Google", "develops", "Gemini")),
    ("ko.develops.own-list", "모아테크는 게임 ‘누리’와 게임 ‘바람’을 비롯한 다양한 게임을 서비스한다.", ("모아테크", "develops", "바람")),
    ("ko.develops.host-product", "한빛전자는 AI 가속기 ‘누리’에 모아테크의 HBM을 탑재했다.", ("한빛전자", "develops", "누리")),
    ("ko.develops.quoted-after-org", "알리바바 ‘누리’의 크기는 작다.", ("Alibaba", "develops", "누리")),
    ("ko.develops.operator", "포털 ‘바다’ 운영사인 모아테크는 말했다.", ("모아테크", "develops", "바다")),
    ("ko.uses.object", "모아테크는 오픈AI의 GPT-4o를 도입하기로 했다.", ("모아테크", "uses", "GPT_4o")),
    ("ko.uses.based-on", "모아테크는 ‘바람’ 모델을 기반으로 서비스를 만든다.", ("모아테크", "uses", "바람")),
    ("ko.uses.secure", "한빛전자가 확보한 블랙웰 2만장이 도착했다.", ("한빛전자", "uses", "Blackwell")),
    ("ko.uses.poss-object", "모아테크는 구름텔레콤의 AI 번역 서비스 도입을 검토 중이다.", ("모아테크", "uses", "구름텔레콤")),
    ("ko.uses.passive", "한빛전자의 AI 칩 ‘누리’는 구름텔레콤의 서비스에 활용됐다.", ("구름텔레콤", "uses", "누리")),
    ("ko.uses.contract", "구름텔레콤이 오라클과 서버 사용 계약을 맺었다.", ("구름텔레콤", "uses", "Oracle")),
    ("ko.subsidiaryOf.cue-before", "한빛전자 계열 모아테크가 상장한다.", ("모아테크", "subsidiaryOf", "한빛전자")),
    ("ko.subsidiaryOf.is", "라온소프트는 한빛전자의 자회사다.", ("라온소프트", "subsidiaryOf", "한빛전자")),
    ("ko.subsidiaryOf.branch-is", "한빛전자는 첫 지사인 ‘구름텔레콤’을 세웠다.", ("구름텔레콤", "subsidiaryOf", "한빛전자")),
    ("ko.subsidiaryOf.parent-company", "모아테크 모회사 한빛전자는 말했다.", ("모아테크", "subsidiaryOf", "한빛전자")),
    ("ko.subsidiaryOf.division", "삼성전자 삼성리서치가 새 모델을 공개했다.", ("Samsung_Research", "subsidiaryOf", "Samsung_Electronics")),
    ("ko.develops.own", "모아테크는 자체 대형언어모델(LLM) ‘바람’을 키운다.", ("모아테크", "develops", "바람")),
    ("ko.develops.project", "한빛전자가 구름텔레콤과 함께 추진 중인 ‘스타게이트’ 프로젝트가 커진다.",
     ("구름텔레콤", "develops", "Stargate")),
    ("ko.worksFor.implied", "모아테크 논문은 김다은 연구원, 박준수 수석 연구원 등이 썼다.", ("김다은", "worksFor", "모아테크")),
    # issue 24: investments received and made, acquisitions, affiliates, rivals, supply from the customer's side
    ("ko.investsIn.acquire", "한빛전자는 2022년 모아테크를 인수했다.", ("한빛전자", "investsIn", "모아테크")),
    ("ko.investsIn.acquire", "한빛전자가 독일 모아테크 인수를 마무리했다.", ("한빛전자", "investsIn", "모아테크")),
    ("ko.investsIn.acquired", "모아테크는 2019년 한빛전자에 인수됐다.", ("한빛전자", "investsIn", "모아테크")),
    ("ko.investsIn.sold-to", "한빛전자는 모아테크를 구름텔레콤에 매각했다.", ("구름텔레콤", "investsIn", "모아테크")),
    ("ko.investsIn.sold-to", "구름텔레콤에 매각한 스타트업 모아테크는 컸다.", ("구름텔레콤", "investsIn", "모아테크")),
    ("ko.investsIn.shares", "한빛전자는 모아테크 지분 21%를 취득했다.", ("한빛전자", "investsIn", "모아테크")),
    ("ko.investsIn.join", "모아테크는 시리즈C 투자를 유치했다고 밝혔다. 이번 투자에는 청운벤처스, 다온인베스트먼트 등이 참여했다.",
     ("다온인베스트먼트", "investsIn", "모아테크")),
    ("ko.investsIn.round", "모아테크의 시리즈B 투자 유치에서 청운벤처스가 최대 투자자로 참여했다.", ("청운벤처스", "investsIn", "모아테크")),
    ("ko.investsIn.raise-from", "모아테크는 ▲청운벤처스(30억원) ▲다온인베스트먼트(10억원) 등으로부터 500억원을 조달했다.",
     ("청운벤처스", "investsIn", "모아테크")),
    ("ko.investsIn.in", "한빛전자는 계열사인 모아테크와 함께 라온소프트에 300억원을 투자하기로 했다.",
     ("모아테크", "investsIn", "라온소프트")),
    ("ko.investsIn.shareholder", "청운벤처스는 한빛전자를 제치고 모아테크의 최대 주주가 됐다.", ("청운벤처스", "investsIn", "모아테크")),
    ("ko.subsidiaryOf.affiliate-is", "한빛전자는 모아테크에 300억원을 투자하는데 계열사인 라온소프트·구름텔레콤과 함께 참여한다.",
     ("구름텔레콤", "subsidiaryOf", "한빛전자")),
    ("ko.subsidiaryOf.has-affiliates", "한빛그룹은 한빛전자를 중심으로 라온소프트, 모아테크, 구름텔레콤 등 계열사를 두고 있다.",
     ("모아테크", "subsidiaryOf", "한빛그룹")),
    ("ko.subsidiaryOf.parent-is", "모아테크가 최다 사업자로 선정되자 모회사인 한빛전자의 주가가 뛰었다.", ("모아테크", "subsidiaryOf", "한빛전자")),
    ("ko.competesWith.rival-of", "한빛전자의 경쟁 업체인 모아테크가 웃었다.", ("한빛전자", "competesWith", "모아테크")),
    ("ko.competesWith.rival-of", "모아테크는 한빛전자 경쟁사 구름텔레콤과 달리 신중하다.", ("한빛전자", "competesWith", "구름텔레콤")),
    ("ko.partnerOf.agreement", "한빛전자는 모아테크·구름텔레콤·다온랩스 등 7개 기관과 데이터센터 구축 업무협약을 체결했다.",
     ("구름텔레콤", "partnerOf", "다온랩스")),
    ("ko.partnerOf.lead", "한빛전자를 주관기관으로 모아테크·구름텔레콤·다온랩스 등이 참여한 컨소시엄이 단독 입찰했다.",
     ("한빛전자", "partnerOf", "구름텔레콤")),
    ("ko.partnerOf.signing-attended", "한빛전자는 13일 본사에서 김도윤 모아테크 대표, 박서연 구름텔레콤 사장 등이 참석한 가운데 "
     "데이터센터 조성을 위한 투자 협약을 체결했다고 밝혔다.", ("한빛전자", "partnerOf", "구름텔레콤")),
    ("ko.supplies.to", "한빛전자는 모아테크에 지난 3월 HBM을 납품하기 시작했다.", ("한빛전자", "supplies", "모아테크")),
    ("ko.supplies.customer-of", "모아테크는 한빛전자의 주요 고객사다.", ("한빛전자", "supplies", "모아테크")),
    ("ko.supplies.customer-of", "한빛전자의 최대 고객인 모아테크가 웃었다.", ("한빛전자", "supplies", "모아테크")),
    ("ko.supplies.procure", "모아테크는 이미지센서를 일본 한빛전자로부터 전량 조달해왔다.", ("한빛전자", "supplies", "모아테크")),
    ("ko.supplies.produce-for", "한빛전자가 오스틴 파운드리 공장에서 모아테크의 차세대 칩을 생산한다.", ("한빛전자", "supplies", "모아테크")),
    ("ko.uses.host-product", "한빛전자는 AI 가속기 ‘누리’에 모아테크의 HBM4를 탑재한다.", ("누리", "uses", "HBM4")),
    ("ko.uses.based-on", "모아테크는 한빛전자가 개발한 ‘누리’를 기반으로 서비스를 만든다.", ("모아테크", "uses", "누리")),
    ("ko.investsIn.investors-secured", "모아테크는 시리즈B 투자를 유치했다. 모아테크는 ▲청운벤처스 ▲미국 다온인베스트먼트 "
     "등 글로벌 투자사까지 확보하며 몸값을 높였다.", ("다온인베스트먼트", "investsIn", "모아테크")),
    ("ko.investsIn.join", "모아테크가 시리즈C 투자를 유치했다. 눈에 띄는 대목은 이번 투자에 청운벤처스가 참여했다는 점이다.",
     ("청운벤처스", "investsIn", "모아테크")),
    ("ko.partnerOf.lead", "한빛전자를 주관기관으로 모아테크·구름텔레콤·해솔개발 등이 참여한 컨소시엄이 입찰했다.",
     ("한빛전자", "partnerOf", "구름텔레콤")),
    ("ko.uses.supplied", "한빛전자는 모아테크에 HBM4를 공급한다.", ("모아테크", "uses", "HBM4")),
    ("ko.uses.based-on-name", "구글 제미나이 기반의 챗봇 ‘누리’가 나왔다.", ("누리", "uses", "Gemini")),
    ("ko.uses.object", "한빛전자는 한빛로보틱스의 로봇 ‘아톰’을 신공장에 투입한다.", ("한빛전자", "uses", "아톰")),
    ("ko.supplies.component", "모아테크는 AI 칩을 만든다. 자사 제품에 한빛전자의 HBM 등 메모리 반도체를 탑재해왔다.",
     ("한빛전자", "supplies", "모아테크")),
    ("ko.subsidiaryOf.affiliate-is", "한빛전자는 자회사 모아테크를 통해 AI 칩을 판다.", ("모아테크", "subsidiaryOf", "한빛전자")),
    ("ko.subsidiaryOf.cue-before", "한빛전자는 구름텔레콤 자회사인 자율주행기업 모아테크와 협약을 맺었다.",
     ("모아테크", "subsidiaryOf", "구름텔레콤")),
    ("ko.competesWith.rival", "모아테크와 경쟁하는 인공지능(AI) 스타트업 한빛랩스(Hanbit Labs)의 투자 소식이 나왔다.",
     ("모아테크", "competesWith", "한빛랩스")),
    ("ko.competesWith.rival", "모아테크는 한빛전자의 대항마로 떠오른 구름텔레콤과 맞수로 꼽힌다.", ("모아테크", "competesWith", "구름텔레콤")),
    ("ko.investsIn.led", "모아테크는 2일 청운벤처스와 다온인베스트먼트가 주도한 시리즈D 펀딩에서 500억원을 유치했다고 밝혔다.",
     ("다온인베스트먼트", "investsIn", "모아테크")),
    ("ko.investsIn.led-round", "한빛전자는 모아테크의 1억달러 투자를 공동 주도했다.", ("한빛전자", "investsIn", "모아테크")),
    ("ko.partnerOf.met-to-cooperate", "김도윤 한빛전자 대표는 이날 모아테크, 구름텔레콤 경영진을 만나 AI 반도체 개발 등과 관련한 "
     "협력 방안도 논의했다.", ("한빛전자", "partnerOf", "구름텔레콤")),
    # --- English
    ("en.worksFor.apposition", "Acme Robotics CEO Jane Park said so.", ("Jane Park", "worksFor", "Acme Robotics")),
    ("en.worksFor.apposition", "Tom Lee, chief executive of Globex Corp., said so.", ("Tom Lee", "worksFor", "Globex Corp.")),
    ("en.worksFor.org-person", "Zentrix Labs' Jensen Huang said so.", ("Jensen_Huang", "worksFor", "Zentrix Labs")),
    ("en.worksFor.hired", "Globex Corp. hired co-founder Tom Lee last year.", ("Tom Lee", "worksFor", "Globex Corp.")),
    ("en.worksFor.joins", "Acme Robotics CEO Jane Park spoke. Jane Park joined Globex Corp. in May.",
     ("Jane Park", "worksFor", "Globex Corp.")),
    ("en.worksFor.founded", "Acme Robotics CEO Jane Park spoke. Jane Park founded Globex Corp. in 2019.",
     ("Jane Park", "worksFor", "Globex Corp.")),
    ("en.partnerOf.with", "Acme Robotics will partner with Globex Corp.", ("Acme Robotics", "partnerOf", "Globex Corp.")),
    ("en.partnerOf.with", "Acme Robotics is in talks with Globex Corp. on chips.",
     ("Acme Robotics", "partnerOf", "Globex Corp.")),
    ("en.partnerOf.deal", "Acme Robotics and Globex Corp. signed an agreement on Monday.",
     ("Acme Robotics", "partnerOf", "Globex Corp.")),
    ("en.partnerOf.together", "Acme Robotics, together with Globex Corp., will build it.",
     ("Acme Robotics", "partnerOf", "Globex Corp.")),
    ("en.partnerOf.chose-as", "Acme Robotics has picked Globex Corp. as its cloud partner for Europe.",
     ("Acme Robotics", "partnerOf", "Globex Corp.")),
    ("en.supplies.to", "Acme Robotics will supply chips to Globex Corp. next year.",
     ("Acme Robotics", "supplies", "Globex Corp.")),
    ("en.supplies.with", "Acme Robotics will supply Globex Corp. with 10,000 GPUs.",
     ("Acme Robotics", "supplies", "Globex Corp.")),
    ("en.supplies.provider", "Acme Robotics was named Globex Corp.'s primary cloud provider.",
     ("Acme Robotics", "supplies", "Globex Corp.")),
    ("en.investsIn.in", "Acme Robotics invested $2 billion in AI firm Zentrix.", ("Acme Robotics", "investsIn", "Zentrix")),
    ("en.investsIn.in", "Acme Robotics will buy a 30% stake in Globex Corp.",
     ("Acme Robotics", "investsIn", "Globex Corp.")),
    ("en.investsIn.from", "Globex Corp. won a $40 million investment round from Qubit Ventures.",
     ("Qubit Ventures", "investsIn", "Globex Corp.")),
    ("en.investsIn.backed-by", "Globex Corp., backed by Qubit Ventures, grew.", ("Qubit Ventures", "investsIn", "Globex Corp.")),
    ("en.investsIn.shareholders", "Globex Corp.'s shareholders include Qubit Ventures and Acme Robotics.",
     ("Acme Robotics", "investsIn", "Globex Corp.")),
    ("en.develops.maker-prefix", "They use Samsung Gauss now.", ("Samsung_Electronics", "develops", "Gauss")),
    ("en.develops.maker-before", "They use Google Gemini now.", ("Google", "develops", "Gemini")),
    ("ko.develops.maker-before", "한빛전자는 엔비디아 블랙웰을 쓴다.", ("NVIDIA", "develops", "Blackwell")),
    ("en.develops.poss", "Alibaba’s Qwen and Naver’s HyperCLOVA X are models.", ("Alibaba", "develops", "Qwen")),
    ("en.develops.appositive", "Gemini, Google’s flagship model family, is new.", ("Google", "develops", "Gemini")),
    ("en.develops.object", "Acme Robotics unveiled the Zorbo 2700 chip.", ("Acme Robotics", "develops", "Zorbo 2700")),
    ("en.develops.passive", "The Zorbo 2700 chip was developed by Acme Robotics.", ("Acme Robotics", "develops", "Zorbo 2700")),
    ("en.uses.object", "Acme Robotics will use the Zorbo 2700 chip.", ("Acme Robotics", "uses", "Zorbo 2700")),
    ("en.uses.relies-on", "Acme Robotics depends largely on Google's Gemini models.", ("Acme Robotics", "uses", "Gemini")),
    ("en.uses.added", "Acme Robotics added the Zorbo 2700 chip to its servers.", ("Acme Robotics", "uses", "Zorbo 2700")),
    ("en.uses.technology-from", "Acme Robotics obtained engineers and technology from Globex Corp.",
     ("Acme Robotics", "uses", "Globex Corp.")),
    ("en.competesWith.rival", "Acme Robotics aims to challenge leaders such as Globex Corp.",
     ("Acme Robotics", "competesWith", "Globex Corp.")),
    ("en.meets.with", "Acme Robotics CEO Jane Park met with Globex Corp. CEO Tom Lee.", ("Jane Park", "meets", "Tom Lee")),
    ("en.subsidiaryOf.division", "Samsung’s Visual Display division grew.", ("Visual Display", "subsidiaryOf",
                                                                               "Samsung_Electronics")),
    ("en.develops.its", "Acme Robotics started shipping its AI chip Zorbo this year.",
     ("Acme Robotics", "develops", "Zorbo")),
    ("en.worksFor.co-founder", "Tom Lee founded Zentrix Labs in 2016 alongside co-founder Ann Kim.",
     ("Ann Kim", "worksFor", "Zentrix Labs")),
    ("en.worksFor.leadership", "Globex Corp. took over Zentrix Labs’ management, including co-founder Ann Kim.",
     ("Ann Kim", "worksFor", "Zentrix Labs")),
    ("en.uses.partner-product", "Acme Robotics unveiled a deal to partner with Google’s Gemini models.",
     ("Acme Robotics", "uses", "Gemini")),
    ("en.worksFor.implied", "The paper by researcher Ann Kim and CTO Tom Lee of the lab won at Zentrix Labs.",
     ("Tom Lee", "worksFor", "Zentrix Labs")),
    ("en.subsidiaryOf.arm-of", "Qubit Ventures, the corporate investment arm of Globex Corp., invested.",
     ("Qubit Ventures", "subsidiaryOf", "Globex Corp.")),
    ("en.subsidiaryOf.established-by", "Zentrix Labs, a robotics company established by Globex Corp., grew.",
     ("Zentrix Labs", "subsidiaryOf", "Globex Corp.")),
    ("en.worksFor.org-ticker-person", "Microsoft's (MSFT) Satya Nadella said so.", ("Satya_Nadella", "worksFor", "Microsoft")),
    ("en.worksFor.apposition", "Tom Lee of Globex Corp. said so.", ("Tom Lee", "worksFor", "Globex Corp.")),
    ("en.partnerOf.with", "Globex Corp.'s partnerships with Acme Robotics and Zentrix Labs grew.",
     ("Globex Corp.", "partnerOf", "Zentrix Labs")),
    ("en.supplies.supplier", "Acme Robotics is a key supplier of memory chips to Globex Corp.",
     ("Acme Robotics", "supplies", "Globex Corp.")),
    ("en.supplies.to", "Acme Robotics supplied chips to American chip design firms Globex Corp. and Zentrix Labs.",
     ("Acme Robotics", "supplies", "Zentrix Labs")),
    ("en.investsIn.in", "Acme Robotics quietly invested $75 million in drone startup Zentrix Labs.",
     ("Acme Robotics", "investsIn", "Zentrix Labs")),
    ("en.investsIn.in", "Under the pact Acme Robotics takes $120 million of equity in Globex Corp.",
     ("Acme Robotics", "investsIn", "Globex Corp.")),
    ("en.investsIn.from", "Zentrix Labs attracted early participation from Qubit Ventures and Acme Robotics.",
     ("Acme Robotics", "investsIn", "Zentrix Labs")),
    ("en.investsIn.from", "Zentrix Labs raised $50 million on Monday. The round drew participation from Qubit Ventures.",
     ("Qubit Ventures", "investsIn", "Zentrix Labs")),
    ("en.investsIn.investors-include", "Zentrix Labs took in $40 million from seed investors including Qubit Ventures and "
     "Acme Robotics.", ("Acme Robotics", "investsIn", "Zentrix Labs")),
    ("en.investsIn.investors-include", "Zentrix Labs raised $50 million on Monday. Other investors in the new round include "
     "Qubit Ventures and Acme Robotics.", ("Qubit Ventures", "investsIn", "Zentrix Labs")),
    ("en.investsIn.led-by", "Zentrix Labs' funding round was led by Qubit Ventures.", ("Qubit Ventures", "investsIn", "Zentrix Labs")),
    ("en.investsIn.owns-percent", "Acme Robotics, which owns 4.9 percent of Globex Corp., grew.",
     ("Acme Robotics", "investsIn", "Globex Corp.")),
    ("en.investsIn.acquire", "Acme Robotics is in talks about acquiring Zentrix Labs.", ("Acme Robotics", "investsIn", "Zentrix Labs")),
    ("en.investsIn.backer", "Acme Robotics is a big backer of Zentrix Labs.", ("Acme Robotics", "investsIn", "Zentrix Labs")),
    ("en.develops.creator", "Zentrix Labs, the maker of the Zorbo 2700 chip, grew.", ("Zentrix Labs", "develops", "Zorbo 2700")),
    ("en.develops.its", "Acme Robotics will integrate Google's Gemini models into its new AI assistant, \"Nova.\"",
     ("Acme Robotics", "develops", "Nova")),
    ("en.develops.poss", "Globex Corp. added chips, including Acme Robotics' latest chip, Zorbo 2700.",
     ("Acme Robotics", "develops", "Zorbo 2700")),
    ("en.subsidiaryOf.poss-org", "Globex Corp.'s Zentrix Labs said so.", ("Zentrix Labs", "subsidiaryOf", "Globex Corp.")),
    ("en.subsidiaryOf.its-unit", "Globex Corp. and its tiny affiliate Zentrix Labs grew.",
     ("Zentrix Labs", "subsidiaryOf", "Globex Corp.")),
    ("en.subsidiaryOf.appositive-poss", "Qubit Ventures, Globex Corp.'s venture capital fund, invested.",
     ("Qubit Ventures", "subsidiaryOf", "Globex Corp.")),
    ("en.investsIn.backed-compound", "Zentrix Labs competes with Amazon-backed Anthropic.", ("Amazon", "investsIn", "Anthropic")),
    ("en.competesWith.rival", "Zentrix Labs competes with Amazon-backed Anthropic.",
     ("Zentrix Labs", "competesWith", "Anthropic")),
    ("en.competesWith.rival", "Zentrix Labs wants to compete against the likes of Globex Corp.",
     ("Zentrix Labs", "competesWith", "Globex Corp.")),
    ("en.worksFor.led-by", "Zentrix Labs, founded by co-founder Ann Kim in 2016, grew.", ("Ann Kim", "worksFor", "Zentrix Labs")),
    ("en.worksFor.led-by", "Zentrix Labs makes chips. It is led by CEO Tom Lee.", ("Tom Lee", "worksFor", "Zentrix Labs")),
    ("en.investsIn.investors-include", "Zentrix Labs raised $50 million. Other investors include Qubit Ventures, "
     "Acme Robotics, and several pension funds.", ("Acme Robotics", "investsIn", "Zentrix Labs")),
    ("en.uses.integrate-into", "Acme Robotics will integrate Google's \"Gemini\" into its new AI assistant, \"Nova.\"",
     ("Nova", "uses", "Gemini")),
    ("en.uses.object", "Acme Robotics will integrate Google's \"Gemini\" into its new AI assistant, \"Nova.\"",
     ("Acme Robotics", "uses", "Gemini")),
    ("en.uses.apply-to", "Acme Robotics will apply Zorbo 2700 chips to its AI model, \"Nova.\"", ("Nova", "uses", "Zorbo 2700")),
    ("en.meets.joined", "Acme Robotics CEO Jane Park spoke. Jane Park joined Globex Corp. CEO Tom Lee on stage in Seoul.",
     ("Jane Park", "meets", "Tom Lee")),
    ("en.meets.joined", "Acme Robotics CEO Jane Park spoke during a conversation with Globex Corp. CEO Tom Lee.",
     ("Jane Park", "meets", "Tom Lee")),
    ("en.meets.gathered", "Leaders gathered in Seoul, including Acme Robotics CEO Jane Park, Globex Corp. CEO Tom Lee and "
     "Zentrix Labs CEO Ann Kim.", ("Ann Kim", "meets", "Tom Lee")),
    ("en.competesWith.rival", "Zentrix Labs raised $65 million. Its sales have outpaced rival drone firms including "
     "Globex Corp. and Acme Robotics.", ("Zentrix Labs", "competesWith", "Acme Robotics")),
    ("en.develops.its", "Zentrix Labs makes memory. The firm began volume production of its 16-stack Zorbo 2700 chips.",
     ("Zentrix Labs", "develops", "Zorbo 2700")),
    ("en.supplies.customers", "Globex Corp.'s customers include Acme Robotics and Zentrix Labs.",
     ("Globex Corp.", "supplies", "Zentrix Labs")),
    ("en.supplies.customers", "Globex Corp.'s largest customer, until last year, was Acme Robotics.",
     ("Globex Corp.", "supplies", "Acme Robotics")),
    ("en.supplies.customer-of", "Zentrix Labs is a major customer of Globex Corp.", ("Globex Corp.", "supplies", "Zentrix Labs")),
    ("en.uses.usage-of", "Acme Robotics' usage of Globex Corp.'s cloud grew.", ("Acme Robotics", "uses", "Globex Corp.")),
    ("en.investsIn.backed-by-fronted", "Backed by Globex Corp., which holds 6%, Zentrix Labs runs data centers.",
     ("Globex Corp.", "investsIn", "Zentrix Labs")),
    ("en.partnerOf.fronted", "In partnership with Globex Corp., Acme Robotics will build chips.",
     ("Acme Robotics", "partnerOf", "Globex Corp.")),
    ("en.worksFor.persons-company", "Acme Robotics CEO Ann Kim spoke. Ann Kim‘s robotics startup Zentrix Labs grew.",
     ("Ann Kim", "worksFor", "Zentrix Labs")),
    ("en.uses.powered-by", "Acme Robotics upgraded its Nova supercomputer, which today runs on 8,000 Zorbo 2700 chips.",
     ("Nova", "uses", "Zorbo 2700")),
    ("en.uses.supplied-product", "Globex Corp. supplied Zorbo 2700 chips to Initech Systems and Acme Robotics.",
     ("Acme Robotics", "uses", "Zorbo 2700")),
    ("en.uses.product-supply-for", "Globex Corp. handles most of the Zorbo 2700 supply for Acme Robotics.",
     ("Acme Robotics", "uses", "Zorbo 2700")),
    ("en.uses.integration-into", "Acme Robotics is preparing Zorbo 2700 integration into the Nova app.", ("Nova", "uses", "Zorbo 2700")),
    ("en.uses.added", "Acme Robotics has added more chips, including Globex Corp.'s latest product, Zorbo 2700.",
     ("Acme Robotics", "uses", "Zorbo 2700")),
    ("en.develops.its", "Acme Robotics will add AI to its Nova, Atlas, and Zorbo apps.", ("Acme Robotics", "develops", "Zorbo")),
    ("en.worksFor.org-title-person", "Speaking on TV, Globex Corp. foundry division president Tom Lee joked.",
     ("Tom Lee", "worksFor", "Globex Corp.")),
    ("en.worksFor.title-of-org-person", "Acme Robotics CEO Jane Park and founder of Globex Corp. Jensen Huang posed for a photo.",
     ("Jensen_Huang", "worksFor", "Globex Corp.")),
    ("en.develops.poss-development", "The money backs Zentrix Labs' ongoing development of robot models, including "
     "Zorbo 2700, which is in testing.", ("Zentrix Labs", "develops", "Zorbo 2700")),
    ("en.partnerOf.deal", "Acme Robotics set up a consortium with Globex Corp. and AI hosting company Zentrix Labs.",
     ("Acme Robotics", "partnerOf", "Zentrix Labs")),
    ("en.supplies.cloud-partner", "As of May, Globex Corp. remains the primary cloud partner for Acme Robotics.",
     ("Globex Corp.", "supplies", "Acme Robotics")),
    ("en.partnerOf.hyphen-pair", "The restructured Samsung-Naver alliance ends next year.",
     ("Samsung_Electronics", "partnerOf", "Naver")),
    ("en.competesWith.poss-rival", "Acme Robotics said Globex Corp.'s biggest rival, Zentrix Labs, grew.",
     ("Globex Corp.", "competesWith", "Zentrix Labs")),
    ("en.competesWith.poss-rival", "Microsoft and its rival Google spoke.", ("Microsoft", "competesWith", "Google")),
    ("en.develops.its-family", "Google debuted its latest Gemini model, Gemini 2.5 Pro, on Monday.",
     ("Google", "develops", "Gemini 2.5 Pro")),
    ("en.worksFor.who-worked-at", "Zentrix Labs CEO Tom Lee, who once led radio design at Globex Corp. and Acme Robotics, "
     "spoke.", ("Tom Lee", "worksFor", "Acme Robotics")),
    ("en.worksFor.org-title-person", "Zentrix Labs, founded by former Globex Corp. software engineer Jensen Huang in 2017, grew.",
     ("Jensen_Huang", "worksFor", "Globex Corp.")),
    ("en.meets.gathered", "Leaders gathered in Seoul, including Microsoft's (MSFT) Satya Nadella, Nvidia's (NVDA) Jensen "
     "Huang, and Tom Lee of Globex Corp. (GLBX).", ("Satya_Nadella", "meets", "Jensen_Huang")),
]


def _named(ent, name: str) -> bool:
    return name in (ent.key, ent.label)


@pytest.mark.parametrize("rule_id,text,expected", CASES, ids=[f"{c[0]}:{i}" for i, c in enumerate(CASES)])
def test_rule_states_its_relation(analyse, rule_id, text, expected):
    from kgraph.rdf.namespaces import SYMMETRIC_PREDICATES
    s, p, o = expected
    rels = analyse(text)._.kg_relations
    got = [(r.subject.label, r.predicate, r.object.label, r.rule) for r in rels]
    assert any(r.rule == rule_id and r.predicate == p and (
        (_named(r.subject, s) and _named(r.object, o)) or
        (p in SYMMETRIC_PREDICATES and _named(r.subject, o) and _named(r.object, s))) for r in rels), got


def test_every_rule_has_a_test_row():
    ids = {r.id for group in rules().values() for r in group}
    assert ids - {c[0] for c in CASES} == set()


@pytest.mark.parametrize("line,message", [
    ('{"id": "ko.partnerOf.x", "pred": "friendOf", "kind": "frame", "conf": 0.5}', "unknown predicate 'friendOf'"),
    ('{"id": "bad id", "pred": "partnerOf", "kind": "frame", "conf": 0.5}', "every rule needs an id"),
    ('{"id": "ko.partnerOf.x", "pred": "partnerOf", "kind": "frame", "conf": 2}', "conf must be a number"),
    ('{"id": "ko.partnerOf.x", "pred": "partnerOf", "kind": "frame", "conf": 0.5, "trigger": [{"lema": "x"}],'
     ' "subject": {"roles": ["subj"]}}', "unknown element key 'lema'"),
    ('{"id": "ko.partnerOf.x", "pred": "partnerOf", "kind": "frame", "conf": 0.5, "trigger": [{"lemma": "x"}],'
     ' "subject": {"roles": ["owner"]}}', "unknown role 'owner'"),
    ('{"id": "ko.partnerOf.x", "pred": "partnerOf", "kind": "sequence", "conf": 0.5, "pattern": [{"ent": "*"}]}',
     "must capture 's' and 'o'"),
    ('{"id": "en.partnerOf.x", "pred": "partnerOf", "kind": "frame", "conf": 0.5}', "must start with the file's"),
    ("{not json", "not valid JSON"),
])
def test_a_bad_rule_names_its_file_line_and_id(line, message):
    with pytest.raises(RuleError, match=message) as err:
        parse_rules("// a comment\n" + line, "ko", "ko/relations.jsonl")
    assert str(err.value).startswith("ko/relations.jsonl:2")


def test_duplicate_ids_are_refused():
    line = '{"id": "ko.partnerOf.x", "pred": "partnerOf", "kind": "apposition", "conf": 0.5}'
    with pytest.raises(RuleError, match="duplicate rule id 'ko.partnerOf.x'"):
        parse_rules(line + "\n" + line, "ko", "ko/relations.jsonl")


def test_every_relation_records_its_rule_and_a_confidence(analyse):
    """A rule's relation names the rule; its confidence is the learned scorer's probability (or, where the
    scorer did not accept it, the rule's own confidence); a relation the scorer found alone says so."""
    from kgraph.nlp.accept import accept
    from kgraph.nlp.rules import rule_by_id
    doc = analyse("한빛전자는 모아테크와 전략적 제휴를 맺었다. 청운벤처스는 모아테크에 투자했다.")
    rels = doc._.kg_relations
    assert rels and all(r.rule == "model.pairs" or rule_by_id(r.rule) is not None for r in rels)
    assert all(0.0 < r.confidence <= 1.0 for r in rels)
    rules_only = accept(doc._.kg_candidates, None)
    assert rules_only and all(r.confidence <= rule_by_id(r.rule).conf for r in rules_only)
