"""Word lists of Korean (and English) news: titles, organisation suffixes, cue nouns, places.

Data, not logic: the rules in entities.py and relations.py read these lists.
"""
from __future__ import annotations

# Surnames: a Korean full name is a surname plus one or two syllables.
SURNAMES = set("김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공"
               "현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부") | {
    "황보", "남궁", "제갈", "선우", "독고", "사공", "서문"}

# Job titles, longest first when matched. Each maps to the role recorded on worksFor.
TITLES = [
    "최고경영자", "최고전략책임자", "최고기술책임자", "최고재무책임자", "최고운영책임자", "최고제품책임자",
    "최고인공지능책임자", "최고AI책임자", "최고정보책임자", "최고마케팅책임자", "최고사업책임자", "최고연구책임자",
    "최고투자책임자", "투자책임자", "글로벌책임자", "사업책임자", "책임자",
    "대표이사", "공동대표", "각자대표", "부대표", "대표",
    "명예회장", "부회장", "회장", "부사장", "사장", "전무", "상무", "이사회 의장", "이사회의장", "의장", "사외이사",
    "공동창업자", "창업자", "창업주", "총수", "부문장", "사업부장", "본부장", "센터장", "연구소장", "연구원장",
    "이사장", "원장", "소장", "실장", "팀장", "단장", "그룹장", "총괄", "지사장", "법인장", "대표변호사",
    "장관", "차관", "대통령", "부총리", "총리", "위원장", "국회의원", "의원", "시장", "도지사", "청장", "처장",
    "교수", "박사", "특파원", "기자", "애널리스트", "연구위원", "대변인", "고문", "이사",
    "CEO", "CTO", "CFO", "COO", "CSO", "CPO", "CAIO", "CIO", "CMO", "CRO", "CDO", "VP", "SVP", "EVP",
]
TITLES.sort(key=len, reverse=True)   # longest first: 이사장 before 이사
TITLE_SET = set(TITLES)
# Titles that are not a job at an organisation: no worksFor from them.
NON_EMPLOYMENT_TITLES = {"대통령", "총리", "부총리", "국회의원", "의원", "박사"}
# A person of these titles is not the organisation's own leader (reporters, analysts).
ROLE_EN = {"최고경영자": "CEO", "최고전략책임자": "CSO", "최고기술책임자": "CTO", "최고재무책임자": "CFO",
           "최고운영책임자": "COO", "최고제품책임자": "CPO"}


# Organisation shapes: name endings and the class they suggest.
ORG_SUFFIXES = [
    ("대학교", "University"), ("대학원", "University"), ("과학기술원", "University"), ("연구원", "University"),
    ("연구소", "University"), ("위원회", "GovernmentBody"), ("재단", "Foundation"), ("협회", "Foundation"),
    ("연합회", "Foundation"), ("은행", "FinancialInstitution"), ("증권", "FinancialInstitution"),
    ("자산운용", "FinancialInstitution"), ("캐피탈", "FinancialInstitution"), ("캐피털", "FinancialInstitution"),
    ("인베스트먼트", "FinancialInstitution"), ("파트너스", "FinancialInstitution"), ("벤처스", "FinancialInstitution"),
    ("금융그룹", "FinancialInstitution"), ("생명", "FinancialInstitution"), ("화재", "FinancialInstitution"),
    ("그룹", "Group"), ("홀딩스", "Company"), ("지주", "Company"),
    ("전자", "Company"), ("텔레콤", "Company"), ("통신", "Company"), ("반도체", "Company"), ("디스플레이", "Company"),
    ("중공업", "Company"), ("건설", "Company"), ("화학", "Company"), ("제약", "Company"), ("바이오", "Company"),
    ("모빌리티", "Company"), ("엔터테인먼트", "Company"), ("게임즈", "Company"), ("랩스", "Company"), ("테크", "Company"),
    ("테크놀로지", "Company"), ("테크놀로지스", "Company"), ("소프트", "Company"), ("시스템즈", "Company"),
    ("네트웍스", "Company"), ("솔루션즈", "Company"), ("로보틱스", "Company"), ("에너지", "Company"),
    ("일보", "Media"), ("신문", "Media"), ("방송", "Media"), ("뉴스", "Media"), ("통신사", "Media"),
    ("부", "GovernmentBody"), ("청", "GovernmentBody"), ("처", "GovernmentBody"),
]
# Words that end like an organisation but are common nouns.
ORG_STOP = {
    "정부", "내부", "외부", "일부", "전부", "본부", "세부", "간부", "학부", "사업부", "지도부", "수뇌부", "상층부", "중심부",
    "하부", "상부", "경영부", "사령부", "관계부", "요청", "신청", "초청", "경청", "시청", "대처", "출처", "거래처", "판매처",
    "소비처", "공급처", "수요처", "투자처", "납품처", "사용처", "근처", "은행", "투자은행", "중앙은행", "시중은행",
    "인터넷은행", "지방은행", "국책은행", "상업은행", "저축은행", "대형은행", "전자", "가전", "통신", "이동통신", "반도체",
    "그룹", "대기업그룹", "재벌그룹", "연구원", "연구소", "위원회", "재단", "협회", "증권", "생명", "화재", "뉴스", "방송",
    "신문", "일보", "테크", "빅테크", "핀테크", "딥테크", "에듀테크", "바이오", "에너지", "소프트", "화학", "건설", "제약",
    "하드웨어부", "엔지니어링부", "신재생에너지", "전력반도체", "시스템반도체", "메모리반도체", "AI반도체", "차세대반도체",
    "디스플레이", "모빌리티", "엔터테인먼트", "지주", "홀딩스", "방송통신", "정보통신", "위성통신", "무선통신", "데이터통신",
    "언론사", "연합뉴스", "가짜뉴스", "각부", "분부", "해당부", "상대부", "전담부", "국내은행", "해외은행", "글로벌은행",
    "세부처", "공공기관", "정책위원회", "이사회", "운영위원회", "심사위원회", "자문위원회", "조직위원회", "각처",
}
GOV_SUFFIXES = {"부", "청", "처", "위원회"}

# Nouns that, next to a quoted or coded name, say it is a product.
PRODUCT_CUES = {
    "서비스", "모델", "앱", "어플", "애플리케이션", "챗봇", "비서", "칩", "GPU", "NPU", "CPU", "TPU", "프로세서", "가속기",
    "게임", "플랫폼", "솔루션", "언어모델", "LLM", "sLLM", "SLM", "AI모델", "에이전트", "기기", "단말기", "스마트폰",
    "제품", "신제품", "엔진", "메신저", "소프트웨어", "브라우저", "운영체제", "OS", "반도체", "메모리", "시리즈",
    "클라우드", "도구", "툴", "검색엔진", "로봇", "휴머노이드", "신작", "캐릭터", "기술", "파운데이션모델", "생성형AI",
}
PRODUCT_CLASS = {"칩": "Chip", "GPU": "Chip", "NPU": "Chip", "CPU": "Chip", "TPU": "Chip", "프로세서": "Chip",
                 "가속기": "Chip", "반도체": "Chip", "메모리": "Chip", "모델": "AIModel", "언어모델": "AIModel",
                 "LLM": "AIModel", "sLLM": "AIModel", "SLM": "AIModel", "AI모델": "AIModel", "파운데이션모델": "AIModel",
                 "게임": "Game", "신작": "Game", "서비스": "Service", "앱": "Service", "챗봇": "Service",
                 "비서": "Service", "플랫폼": "Service", "메신저": "Service", "클라우드": "CloudPlatform",
                 "기기": "Device", "단말기": "Device", "스마트폰": "Device", "로봇": "Device", "휴머노이드": "Device"}
# A quoted name followed by one of these is a plan, law or slogan, not a product.
NOT_PRODUCT_AFTER = {"전략", "정책", "계획", "프로젝트", "이니셔티브", "법", "기본법", "구상", "비전", "전환", "체제",
                     "행사", "워크숍", "컨퍼런스", "콘퍼런스", "세미나", "포럼", "대회", "캠페인", "선언", "방식", "개념",
                     "생태계", "동맹", "협약", "프로그램"}
EVENT_CUES = {"워크숍", "행사", "컨퍼런스", "콘퍼런스", "세미나", "포럼", "대회", "박람회", "전시회", "서밋", "개발자회의"}

# Nouns before a proper noun that say it is an organisation.
ORG_CUES = {"스타트업", "기업", "업체", "회사", "자회사", "계열사", "손자회사", "협력사", "경쟁사", "고객사", "제조사",
            "개발사", "운영사", "벤처", "유니콘", "빅테크", "팹리스", "파운드리", "통신사", "투자사", "운용사", "은행",
            "증권사", "연구기관", "대학", "재단", "게임사", "플랫폼사", "설계사", "법인"}

# Generic Latin acronyms that are never names on their own.
GENERIC_ACRONYMS = {
    "AI", "API", "LLM", "SLM", "GPU", "CPU", "NPU", "TPU", "HBM", "DRAM", "NAND", "IT", "ICT", "B2B", "B2C", "B2G",
    "SNS", "IP", "NPC", "MOU", "LOI", "USD", "KRW", "ESG", "IPO", "AGI", "ASI", "SaaS", "PaaS", "IaaS", "DX", "AX",
    "PC", "TV", "OS", "UI", "UX", "VR", "AR", "XR", "MR", "R&D", "M&A", "CEO", "CTO", "CFO", "COO", "CSO", "CPO",
    "CIO", "CMO", "VP", "PR", "HR", "KPI", "GDP", "CES", "MWC", "IFA", "GTC", "Q&A", "FAQ", "NLP", "STT", "TTS", "RL",
    "ML", "DL", "RAG", "GPT", "SW", "HW", "OTT", "IoT", "EV", "ETF", "PER", "PBR", "ROE", "QA", "CCTV", "GPS", "LTE",
    "URL", "PDF", "HTML", "JSON", "USB", "LED", "OLED", "LCD", "SSD", "HDD", "RAM", "AP", "SoC", "ASIC", "FPGA",
    "NFT", "DB", "CRM", "ERP", "SCM", "US", "UK", "EU", "UN", "UAE", "G7", "G20", "OECD", "WTO", "IMF", "NATO",
    "ASEAN", "APEC", "DS", "DX", "MX", "VD", "DA", "SK", "LG", "KT", "CJ", "GS", "LS", "HD", "DB", "OK", "NO", "AM",
    "PM", "KST", "UTC", "GW", "MW", "TB", "GB", "MB", "PB", "TOPS", "FLOPS", "API의", "CPC", "ACE",
}
CODE_STOP = {"B2B", "B2C", "B2G", "C2C", "P2P", "G7", "G20", "COVID-19", "COVID19", "Q1", "Q2", "Q3", "Q4", "H1", "H2",
             "1H", "2H", "F1", "K-POP", "MP3", "MP4", "A4", "A3", "B5", "LTE", "IPv4", "IPv6", "USB-C", "Wi-Fi",
             "WiFi", "PM2", "PM10", "CO2", "LPDDR5", "LPDDR5X", "DDR4", "DDR5", "HBM3", "HBM3E", "HBM4", "HBM4E",
             "GDDR6", "GDDR7", "PCIe", "PCIe5", "4K", "8K", "S&P500", "S&P", "AI2", "X1"}

# Places: countries, regions, cities. Entities of type Place (not scored), and never organisations.
PLACES = {
    "한국", "대한민국", "국내", "미국", "중국", "일본", "대만", "영국", "프랑스", "독일", "인도", "이탈리아", "호주", "캐나다",
    "싱가포르", "베트남", "인도네시아", "사우디아라비아", "사우디", "아랍에미리트", "UAE", "이스라엘", "러시아", "유럽",
    "아시아", "중동", "아프리카", "북미", "남미", "동남아", "서울", "부산", "인천", "대구", "대전", "광주", "울산", "세종",
    "경기", "판교", "평택", "용인", "이천", "청주", "도쿄", "오사카", "베이징", "상하이", "선전", "홍콩", "뉴욕",
    "샌프란시스코", "실리콘밸리", "워싱턴", "시애틀", "라스베이거스", "런던", "파리", "베를린", "타이베이", "두바이",
    "리야드", "아부다비", "중구", "강남", "여의도", "광진구", "서초", "한미일", "한미", "한일", "미중",
}
