"""Loading: each format, each encoding, boilerplate, metadata, and bad input."""
import json

import pytest

from kgraph.errors import LoadError
from kgraph.sources.loaders import load_paths

BODY = "오픈AI가 카카오와 동맹을 구축했다. 삼성전자는 HBM을 공급한다."


def load(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return list(load_paths([p]))


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp949", b""), ("euc-kr", b""), ("utf-16", b""),
])
def test_encodings(tmp_path, encoding, prefix):
    [doc] = load(tmp_path, "a.txt", prefix + BODY.encode(encoding))
    assert doc.text == BODY and doc.language == "ko"


EN_BODY = "".join(f"Skyward Labs said on day {i} it would buy memory chips from Harbor Devices. The deal covers "
                  "three years of deliveries and follows months of talks between the two firms.\n" for i in range(4))


def test_english_utf8_with_one_stray_byte_is_read_as_utf8(tmp_path):
    """Issue 25: the stray byte and the next letter were read as one CP949 syllable ('뻊amsung')."""
    data = EN_BODY.encode().replace(b"Harbor", b"\x96Harbor", 1)
    [doc] = load(tmp_path, "a.txt", data)
    assert "\ufffdHarbor Devices" in doc.text and not any("\uac00" <= c <= "\ud7a3" for c in doc.text)
    assert doc.language == "en"
    at = EN_BODY.index("Harbor")
    assert doc.warnings[0].startswith(f"not valid UTF-8: 1 bad byte sequence (the first at byte {at})")


def test_korean_utf8_with_one_stray_byte_is_read_as_utf8(tmp_path):
    [doc] = load(tmp_path, "a.txt", (BODY * 5).encode() + b"\xff")
    assert doc.text.startswith(BODY) and doc.text.endswith("\ufffd")
    assert "not valid UTF-8" in doc.warnings[0]


def test_english_cp1252_with_curly_quotes_is_read_and_said_so(tmp_path):
    """Issue 25: a Windows-1252 page (curly quotes, a dash, an accent) was refused."""
    text = "".join(f"Skyward’s chief said “we will grow” – and the café owner agreed {i} times.\n" for i in range(3))
    [doc] = load(tmp_path, "a.txt", text.encode("cp1252"))
    assert doc.text == text.strip() and doc.language == "en"
    assert doc.warnings == ["not UTF-8; read as Windows-1252 (cp1252), the encoding its quotes and accents fit"]


def test_a_jsonl_line_in_cp1252_gets_the_warning_on_its_record(tmp_path):
    line = json.dumps({"id": "q1", "text": "He said “yes” to the deal."}, ensure_ascii=False)
    [doc] = load(tmp_path, "a.jsonl", line.encode("cp1252"))
    assert doc.text == "He said “yes” to the deal." and "Windows-1252" in doc.warnings[0]


@pytest.mark.parametrize("text,encoding", [
    ("ソフトバンクグループは人工知能の新会社を設立すると発表した。新会社は来年から事業を始める予定だ。", "shift_jis"),
    ("阿里巴巴集团宣布与一家人工智能初创公司建立战略合作关系。双方将共同开发大型语言模型。", "gb18030"),
])
def test_japanese_and_chinese_legacy_encodings_are_detected(tmp_path, text, encoding):
    [doc] = load(tmp_path, "a.txt", text.encode(encoding))
    assert doc.text == text and "detected by charset-normalizer" in doc.warnings[0]


def test_short_korean_cp949_is_still_cp949(tmp_path):
    [doc] = load(tmp_path, "a.txt", "삼성전자는 네이버와 손잡았다.".encode("cp949"))
    assert doc.text == "삼성전자는 네이버와 손잡았다." and doc.warnings == []


def test_markdown_front_matter(tmp_path):
    md = "---\ntitle: 제목입니다\ndate: 2025-02-04\ntags: [AI, 카카오]\n---\n## 소제목\n- **카카오**와 협력했다.<br>\n"
    [doc] = load(tmp_path, "a.md", md.encode())
    assert doc.title == "제목입니다" and doc.published == "2025-02-04" and doc.tags == ["AI", "카카오"]
    assert doc.text == "소제목\n카카오와 협력했다."


def test_text_file_with_front_matter_is_markdown(tmp_path):
    [doc] = load(tmp_path, "a.txt", "---\ntitle: T\n---\n**굵게** 본문이다.\n".encode())
    assert doc.title == "T" and doc.text == "굵게 본문이다."


def test_html_visible_text_only(tmp_path):
    html = """<html><head><title>페이지 제목</title><meta property="og:site_name" content="테크뉴스">
    <meta property="article:published_time" content="2025-02-04T09:30:00+09:00"><style>p{}</style>
    <script>alert('x')</script></head><body><nav>메뉴</nav><p>카카오가 협력했다.</p>
    <iframe src="x">frame</iframe><p>둘째 문단.</p></body></html>"""
    [doc] = load(tmp_path, "a.html", html.encode())
    assert doc.title == "페이지 제목" and doc.publisher == "테크뉴스" and doc.published == "2025-02-04T09:30:00+09:00"
    assert "alert" not in doc.text and "frame" not in doc.text and "카카오가 협력했다." in doc.text


@pytest.mark.parametrize("head,url", [
    ('<link rel="canonical" href="https://news.example/a/1">', "https://news.example/a/1"),
    ('<meta property="og:url" content="https://news.example/a/2">', "https://news.example/a/2"),
    # canonical wins over og:url; a relative canonical is resolved against og:url
    ('<meta property="og:url" content="https://m.news.example/a/3?ref=x"><link rel="canonical" href="/a/3">',
     "https://m.news.example/a/3"),
    ('<link rel="alternate canonical" href="https://news.example/a/4 x">', "https://news.example/a/4%20x"),
    ('<link rel="canonical" href="/a/5">', None),                  # relative, nothing to resolve against
])
def test_html_source_address(tmp_path, head, url):
    [doc] = load(tmp_path, "a.html", f"<html><head>{head}</head><body><p>{BODY}</p></body></html>".encode())
    assert doc.url == url


def test_source_addresses_from_front_matter_and_jsonl_and_bad_ones_are_named(tmp_path):
    [md] = load(tmp_path, "a.md", f"---\nurl: https://blog.example/p/1\n---\n{BODY}\n".encode())
    assert md.url == "https://blog.example/p/1" and md.warnings == []
    [bad] = load(tmp_path, "b.md", f"---\nurl: javascript:alert(1)\n---\n{BODY}\n".encode())
    assert bad.url is None and "is not an absolute http(s) address" in bad.warnings[0]
    [rec] = load(tmp_path, "c.jsonl", json.dumps({"text": BODY, "url": "news.example/x"}).encode())
    assert rec.url is None and "news.example/x" in rec.warnings[0]


def test_the_source_is_stored_as_dcterms_source(tmp_path):
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS

    from kgraph.model import Extraction
    from kgraph.rdf.build import document_graph
    [doc] = load(tmp_path, "a.md", f"---\nurl: https://blog.example/p/1\n---\n{BODY}\n".encode())
    iri, g = document_graph(doc, Extraction([], []), __import__("datetime").datetime(2025, 1, 1))
    assert (iri, DCTERMS.source, URIRef("https://blog.example/p/1")) in set(g)


def test_jsonl_one_bad_line_among_good(tmp_path):
    lines = [json.dumps({"text": BODY, "title": "하나", "url": "https://example.org/1", "date": "2025-02-04"}),
             "{not json", json.dumps({"title": "no text"}), json.dumps({"text": "Plain English text here."})]
    items = load(tmp_path, "a.jsonl", "\n".join(lines).encode())
    docs = [d for d in items if not isinstance(d, LoadError)]
    errors = [e for e in items if isinstance(e, LoadError)]
    assert [d.title for d in docs] == ["하나", "Plain English text here."]
    assert docs[0].url == "https://example.org/1" and docs[1].language == "en"
    assert [e.path.rsplit(":", 1)[1] for e in errors] == ["2", "3"]
    assert "not valid JSON" in errors[0].reason


@pytest.mark.parametrize("name,data,reason", [
    ("a.txt", b"", "empty file"),
    ("b.txt", b"   \n\t ", "empty file"),
    ("c.txt", b"\x00\x01\x02binary\x00", "binary file"),
    ("d.txt", b"text \x80\x80 more \xc3", "cannot decode"),
    ("e.md", "---\ntitle: [broken\n---\n본문".encode(), "malformed YAML front matter"),
    ("f.md", "---\ntitle: x\n본문".encode(), "no closing"),
    ("g.pdf", b"%PDF", "PDF is not read"),
])
def test_bad_input_names_file_and_reason(tmp_path, name, data, reason):
    [err] = load(tmp_path, name, data)
    assert isinstance(err, LoadError) and reason in err.reason and name in str(err)


def test_missing_path(tmp_path):
    [err] = list(load_paths([tmp_path / "nope"]))
    assert "no such file" in str(err)


def test_boilerplate_removed_and_captions_kept_once(tmp_path):
    raw = "\n".join(["컨텐츠로 건너뛰기", "검색", "서울맑음 / -3.9 °", "제목 줄", "본문 첫 문장이다.",
                     "카카오 정신아 대표 [연합뉴스 제공]", "카카오 정신아 대표 [연합뉴스 제공]", "본문 둘째 문장이다.",
                     "<저작권자 Copyright ⓒ 테크리뷰 무단전재 및 재배포 금지>", "공유하기", "댓글 안에 당신의 성숙함도",
                     "누군가의 댓글이다"])
    [doc] = load(tmp_path, "a.txt", raw.encode())
    assert doc.text == "제목 줄\n본문 첫 문장이다.\n카카오 정신아 대표 [연합뉴스 제공]\n본문 둘째 문장이다."
    assert doc.title == "제목 줄" and doc.publisher == "테크리뷰"


def test_byline_and_publisher(tmp_path):
    [doc] = load(tmp_path, "a.txt", "기사 제목\n본문이다.\n<\n서울경제=홍길동·김철수 기자>\n".encode())
    assert doc.publisher == "서울경제" and doc.byline == ["홍길동", "김철수"]
    assert "기자" not in doc.text


def test_directory_walk_is_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b.txt").write_text("둘째 글이다.")
    (tmp_path / "a.txt").write_text("첫 글이다.")
    (tmp_path / ".hidden.txt").write_text("숨김")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.md").write_text("셋째 글이다.")
    assert [d.file_name for d in load_paths([tmp_path])] == ["a.txt", "b.txt", "c.md"]


@pytest.mark.parametrize("value,published", [
    ("2025-02-04T09:30:00+09:00", "2025-02-04T09:30:00+09:00"),      # issue 25: the +09:00 was dropped
    ("2025-02-04T09:30:00.250+0900", "2025-02-04T09:30:00+09:00"),
    ("2025-02-04T00:30:00Z", "2025-02-04T00:30:00+00:00"),
    ("2025-02-04 09:30", "2025-02-04T09:30:00"),                     # no zone printed: none invented
    ("2025-02-04", "2025-02-04"),
])
def test_html_dates_keep_their_time_zone(tmp_path, value, published):
    html = f'<html><head><meta property="article:published_time" content="{value}"></head><body><p>{BODY}</p></body></html>'
    [doc] = load(tmp_path, "a.html", html.encode())
    assert doc.published == published


def test_a_time_zone_reaches_the_graph(tmp_path):
    from kgraph.ingest.extract import extract_documents
    from kgraph.model import Extraction

    class Nothing:
        def extract(self, docs):
            return [Extraction() for _ in docs]
    html = f'<html><head><meta property="article:published_time" content="2025-02-04T09:30:00+09:00"></head><body><p>{BODY}</p></body></html>'
    [doc] = load(tmp_path, "a.html", html.encode())
    [quads] = extract_documents([doc], Nothing())
    assert '"2025-02-04T09:30:00+09:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in quads.ntriples
