"""A small hand-made graph with known answers, written through the real RDF builder.

Four documents, reference entities (OpenAI, Kakao, SoftBank, Samsung Electronics, Sam Altman)
and two discovered ones (모아랩, 홍길동):

  d1 2025-02-04 연합뉴스   OpenAI partnerOf Kakao (stated); Sam Altman worksFor OpenAI (CEO)
  d2 2025-02-05 한국경제   OpenAI partnerOf Kakao (stated); OpenAI partnerOf SoftBank (planned)
  d3 2025-03-01 Reuters   Samsung Electronics partnerOf OpenAI (speculated); 홍길동 worksFor 모아랩 (대표);
                          모아랩 partnerOf Kakao (discussed)
  d4 2025-01-10 (none)    SoftBank investsIn OpenAI (stated)

d1-d3 have source addresses (URLS); d4 has none.
"""
from __future__ import annotations

import datetime as dt

from kgraph.ingest.runner import ensure_schema
from kgraph.ingest.writer import write_documents
from kgraph.model import Document, EntityRef, Extraction, Mention, Relation
from kgraph.rdf.build import document_graph
from kgraph.reference import by_key

REF = by_key()


def ref(key: str) -> EntityRef:
    return REF[key].ref()


OPENAI, KAKAO, SOFTBANK = ref("OpenAI"), ref("Kakao"), ref("SoftBank")
SAMSUNG, ALTMAN = ref("Samsung_Electronics"), ref("Sam_Altman")
MOALAB = EntityRef("모아랩", "Company", "모아랩", discovered=True)
HONG = EntityRef("홍길동", "Person", "홍길동", discovered=True)

DOCS = [
    ("d1", "2025-02-04", "연합뉴스", "오픈AI·카카오 전략적 제휴", "ko", [
        (OPENAI, "partnerOf", KAKAO, "오픈AI는 카카오와 전략적 제휴를 맺었다.", "stated", None),
        (ALTMAN, "worksFor", OPENAI, "샘 올트먼 오픈AI CEO가 방한했다.", "stated", "CEO"),
    ]),
    ("d2", "2025-02-05", "한국경제", "오픈AI, 소프트뱅크와 합작 추진", "ko", [
        (OPENAI, "partnerOf", KAKAO, "오픈AI와 카카오의 협력이 본격화됐다.", "stated", None),
        (OPENAI, "partnerOf", SOFTBANK, "오픈AI는 소프트뱅크와 합작법인을 세울 계획이다.", "planned", None),
    ]),
    ("d3", "2025-03-01", "Reuters", "Samsung may join OpenAI", "en", [
        (SAMSUNG, "partnerOf", OPENAI, "Samsung Electronics may partner with OpenAI.", "speculated", None),
        (HONG, "worksFor", MOALAB, "홍길동 모아랩 대표는 카카오와 협력을 논의했다고 밝혔다.", "stated", "대표"),
        (MOALAB, "partnerOf", KAKAO, "홍길동 모아랩 대표는 카카오와 협력을 논의했다고 밝혔다.", "discussed", None),
    ]),
    ("d4", "2025-01-10", None, "소프트뱅크, 오픈AI에 투자", "ko", [
        (SOFTBANK, "investsIn", OPENAI, "소프트뱅크는 오픈AI에 투자했다.", "stated", None),
    ]),
]


URLS = {"d1": "https://news.example/yonhap/d1", "d2": "https://news.example/hankyung/d2",
        "d3": "https://news.example/reuters/d3"}


def store_dir(path, hostile: bool = False) -> str:
    """An embedded store at `path` holding the mini graph (and the hostile document); returns its location."""
    from kgraph.store import open_store
    store = open_store(str(path))
    try:
        build(store)
        if hostile:
            build_hostile(store)
    finally:
        store.close()
    return str(path)


def build(store) -> None:
    """Write the schema, reference entities and the four documents into `store`."""
    ensure_schema(store)
    for key, date, publisher, title, lang, facts in DOCS:
        iri, graph = document(key, date, publisher, title, lang, facts)
        write_documents(store, [(iri, list(graph))])


def document(key, date, publisher, title, lang, facts):
    """(IRI, graph) of one document written as DOCS gives them: (subject, predicate, object, sentence,
    modality, role) a fact (tests add their own with it)."""
    when = dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc)
    text, relations, mentions = "", [], []
    for s, p, o, sentence, modality, role in facts:
        start = text.find(sentence) if sentence in text else len(text)
        if sentence not in text:
            text += sentence + " "
        relations.append(Relation(s, p, o, sentence, start, start + len(sentence), "trigger", modality,
                                  0.9, role))
        for e in (s, o):
            mentions.append(Mention(e, e.label, start, start + 1))
    doc = Document(key=key, file_name=f"{key}.txt", text=text.strip(), content_hash=key * 8, title=title,
                   published=date, publisher=publisher, language=lang, url=URLS.get(key))
    return document_graph(doc, Extraction(mentions, relations), when)


HOSTILE = '<img src=x onerror=alert(1)>'
HOSTILE_SENTENCE = '<script>alert(2)</script> "href" <a href="javascript:alert(3)">협력</a> 모아랩이 카카오와 제휴했다.'


HOSTILE_URL = 'https://evil.example/a?q="><svg onload=alert(5)>'


def build_hostile(store) -> None:
    """A document whose entity names, title and evidence are markup: they must stay text everywhere."""
    ensure_schema(store)
    bad = EntityRef(HOSTILE, "Company", HOSTILE, discovered=True)
    rel = Relation(bad, "partnerOf", KAKAO, HOSTILE_SENTENCE, 0, len(HOSTILE_SENTENCE), "제휴", "stated", 0.9)
    doc = Document(key="hostile", file_name="hostile.txt", text=HOSTILE_SENTENCE, content_hash="h" * 16,
                   title=HOSTILE, published="2025-04-01", publisher='"><svg onload=alert(4)>', language="ko",
                   url=HOSTILE_URL)
    iri, graph = document_graph(doc, Extraction([Mention(bad, HOSTILE, 0, 5), Mention(KAKAO, "카카오", 60, 63)],
                                                [rel]), dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc))
    write_documents(store, [(iri, list(graph))])
