"""The web of the web-ingest tests (tests/test_web_ingest.py): invented news pages (Korean and
English, with menus, share buttons, related articles, comments and footers), a local HTTP server on
127.0.0.1 that serves them with robots.txt, a feed, a sitemap index and pages that misbehave, and a
guard that fails a test on any connection or name lookup beyond 127.0.0.1. Every sentence is invented."""
from __future__ import annotations

import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kgraph.sources.fetch import FetchOptions
from kgraph.sources.web import WebSources

# ------------------------------------------------------------------------------ invented pages
KO_BODY = [
    "로봇 기업 가온로보틱스가 반도체 설계 회사 누리칩과 손잡고 물류 로봇용 인공지능 반도체를 함께 개발한다고 4일 밝혔다.",
    "두 회사는 내년 상반기까지 시제품을 만들고 가온로보틱스의 창고 자동화 설비에 먼저 적용할 계획이다.",
    "김도윤 가온로보틱스 대표는 \"현장 로봇에 맞춘 칩이 필요했다\"며 \"전력 소모를 절반으로 줄이겠다\"고 말했다.",
    "업계에서는 두 회사가 향후 합작법인 설립까지 논의할 수 있다는 관측도 나온다.",
]
KO_CHROME = ["정치", "사회", "로그인", "회원가입", "페이스북", "카카오톡", "URL 복사", "누리칩, 시리즈B 투자 유치 성공",
             "반도체 수출 다시 증가세", "좋은 소식이네요 응원합니다", "대표전화 02-000-0000", "개인정보처리방침"]


def ko_page(idx: int = 1234, extra: str = "", canonical: str | None = None) -> bytes:
    canonical = canonical or f"/news/articleView.html?idxno={idx}"
    body = "".join(f"<p>{p}</p>" for p in KO_BODY) + (f"<p>{extra}</p>" if extra else "")
    return f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">
<title>가온로보틱스, 누리칩과 AI 반도체 공동 개발 | 한빛경제</title>
<meta property="og:title" content="가온로보틱스, 누리칩과 AI 반도체 공동 개발">
<meta property="og:site_name" content="한빛경제">
<link rel="canonical" href="{canonical}">
<meta property="article:published_time" content="2025-03-04T10:27:00+09:00">
<meta name="author" content="박서연 기자"></head><body>
<header><div class="top-menu"><a href="/">홈</a> <a href="/login">로그인</a> <a href="/join">회원가입</a></div>
<div class="weather">서울 맑음 / 3.1 °C</div></header>
<nav><ul><li><a href="/1">정치</a></li><li><a href="/2">사회</a></li><li><a href="/3">산업</a></li></ul></nav>
<div id="container"><article><h1>가온로보틱스, 누리칩과 AI 반도체 공동 개발</h1>
<div class="byline">박서연 기자 <span>입력 2025.03.04 10:27</span></div>
<div class="share"><button>페이스북</button><button>카카오톡</button><button>URL 복사</button></div>
<div id="article-body">{body}</div>
<p class="copy">&lt;저작권자 © 한빛경제 무단전재 및 재배포 금지&gt;</p></article>
<aside class="related"><h3>관련기사</h3><ul><li><a href="/n/1">누리칩, 시리즈B 투자 유치 성공</a></li>
<li><a href="/n/2">물류 로봇 시장 3년 새 두 배로</a></li></ul></aside>
<aside class="popular"><h3>많이 본 뉴스</h3><ol><li><a href="/p/1">반도체 수출 다시 증가세</a></li></ol></aside>
<section id="comments"><h3>댓글 2</h3><div class="comment"><p>좋은 소식이네요 응원합니다</p></div></section></div>
<footer><p>한빛경제 | 서울특별시 중구 가상로 12 | 대표전화 02-000-0000</p>
<p>Copyright © 2025 한빛경제. All rights reserved.</p><a href="/privacy">개인정보처리방침</a></footer>
</body></html>""".encode()


EN_BODY = [
    "Harbor Devices said on Tuesday it would supply memory modules to Skyward Labs for its new data centres.",
    "The agreement runs for three years and ends a negotiation that began last winter.",
    "Skyward Labs chief executive Mara Quill said the deal would let the company train larger models next year.",
    "Analysts expect other chip makers to seek similar contracts with cloud providers.",
]
EN_CHROME = ["Subscribe", "Sign in", "Share on X", "Most read", "Tidewater Bank cuts rates again",
             "Great news for the sector!", "Terms of use", "Cookie settings"]


def en_page() -> bytes:
    body = "".join(f"<p>{p}</p>" for p in EN_BODY)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbor Devices to supply Skyward Labs - The Coastline Post</title>
<meta property="og:site_name" content="The Coastline Post">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Harbor Devices to supply Skyward Labs", "datePublished": "2025-05-06T08:15:00Z",
 "author": {{"@type": "Person", "name": "Jonah Reel"}}}}</script></head><body>
<div class="topbar"><a href="/subscribe">Subscribe</a> <a href="/signin">Sign in</a></div>
<nav><a href="/tech">Tech</a> <a href="/markets">Markets</a></nav>
<main><article><h1>Harbor Devices to supply Skyward Labs</h1><p class="byline">By Jonah Reel</p>
<div class="social"><button>Share on X</button><button>Share on LinkedIn</button></div>
<div class="story">{body}</div></article>
<aside><h2>Most read</h2><ul><li><a href="/x">Tidewater Bank cuts rates again</a></li></ul></aside>
<div id="comments"><h2>Comments</h2><div class="comment"><p>Great news for the sector!</p></div></div></main>
<footer><a href="/terms">Terms of use</a> <a href="/cookies">Cookie settings</a> © 2025 The Coastline Post</footer>
</body></html>""".encode()


# ------------------------------------------------------------------------------ the local server
class Site:
    """Routes of the test server: path -> (status, headers, body) or a function of the Site; every
    request is recorded (path, User-Agent)."""

    def __init__(self):
        self.routes: dict = {}
        self.requests: list[tuple[str, str]] = []
        self.flaky_calls = 0
        self.base = ""

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args):
            pass

        def do_GET(self):
            site.requests.append((self.path, self.headers.get("User-Agent", "")))
            route = site.routes.get(re.sub(r"&utm_\w+=[^&]*", "", self.path))    # as sites ignore them
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/html"}, b"<html><body>not here</body></html>"
            else:
                status, headers, body = route(site) if callable(route) else route
            try:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if "Content-Length" not in headers and not headers.get("_stream"):
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if isinstance(body, bytes):
                    self.wfile.write(body)
                else:                       # a generator: a body without a length, written as it goes
                    for chunk in body:
                        self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
    return Handler


def slow(site):
    time.sleep(1.5)
    return 200, {"Content-Type": "text/html"}, ko_page()


def flaky(site):
    site.flaky_calls += 1
    if site.flaky_calls == 1:
        return 503, {"Content-Type": "text/plain", "Retry-After": "0"}, b"busy"
    return 200, {"Content-Type": "text/html; charset=utf-8"}, en_page()


def endless(site):
    def chunks():
        for _ in range(400):
            yield b"<p>" + "가나다라마바사".encode() * 700 + b"</p>"
    return 200, {"Content-Type": "text/html", "_stream": "1"}, chunks()


@pytest.fixture
def site():
    s = Site()
    html = {"Content-Type": "text/html; charset=utf-8"}
    s.routes.update({
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/news/articleView.html?idxno=1234": (200, html, ko_page()),
        "/en/harbor-skyward": (200, html, en_page()),
        "/private/memo.html": (200, html, ko_page(99)),
        "/slow": slow,
        "/huge": (200, {"Content-Type": "text/html", "Content-Length": "50000000"}, b""),
        "/endless": endless,
        "/loop-a": (302, {"Location": "/loop-b"}, b""),
        "/loop-b": (302, {"Location": "/loop-a"}, b""),
        "/to-ftp": (301, {"Location": "ftp://127.0.0.1/file"}, b""),
        "/paper.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7 invented"),
        "/photo.jpg": (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff\xe0 invented"),
        "/flaky": flaky,
    })
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(s))
    server.daemon_threads = True
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    s.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>한빛경제 IT</title><link>{s.base}/</link>
<item><title>가온로보틱스, 누리칩과 AI 반도체 공동 개발</title>
<link>{s.base}/news/articleView.html?idxno=1234&amp;utm_source=rss</link><pubDate>Tue, 04 Mar 2025 01:27:00 GMT</pubDate></item>
<item><title>Harbor Devices to supply Skyward Labs</title><link>{s.base}/en/harbor-skyward</link></item>
<item><title>gone</title><link>{s.base}/gone</link></item>
</channel></rss>""".encode())
    s.routes["/sitemap_index.xml"] = (200, {"Content-Type": "application/xml"}, f"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{s.base}/sitemap-news.xml</loc></sitemap></sitemapindex>""".encode())
    s.routes["/sitemap-news.xml"] = (200, {"Content-Type": "application/xml"}, f"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{s.base}/en/harbor-skyward</loc></url><url><loc>{s.base}/private/memo.html</loc></url>
</urlset>""".encode())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield s
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Fails any connection or name lookup beyond 127.0.0.1: feedparser, trafilatura and htmldate must
    not fetch by themselves, and the tests must not reach the internet."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    outside: list = []
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(self, address):
        if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1", "localhost"):
            outside.append(address)
            raise OSError(f"test guard: connection to {address} refused")
        return real_connect(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("127.0.0.1", "::1", "localhost", None):
            outside.append(host)
            raise socket.gaierror(f"test guard: no lookups of {host}")
        return real_getaddrinfo(host, *args, **kwargs)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield outside
    assert outside == [], f"requests left 127.0.0.1: {outside}"


FAST = FetchOptions(delay=0.0, timeout=0.5, retries=1, backoff=0.01)


def web_docs(site, *, urls=(), feeds=(), sitemaps=(), options=FAST, **kw):
    web = WebSources([site.base + u for u in urls], [site.base + f for f in feeds],
                     [site.base + s for s in sitemaps], options=options, **kw)
    return list(web.documents()), web


BR_BODY = "<br><br>".join(KO_BODY)
TABLE_PAGE = f"""<html><head><title>누리칩 소식 : 다온일보</title></head><body>
<div id="gnb"><ul><li><a href="/">홈</a></li><li><a href="/pol">정치</a></li><li><a href="/eco">경제</a></li></ul></div>
<table width="100%"><tr><td class="left"><a href="/a">오늘의 운세</a><br><a href="/b">포토뉴스</a></td>
<td class="main"><h2>누리칩 소식</h2><div id="articleBody">{BR_BODY}<br><br>홍길동 기자 gildong@daon.example</div></td>
<td class="right"><b>많이 본 기사</b><br><a href="/c">금리 동결에 증시 혼조</a><br><a href="/d">반도체 수출 다시 증가세</a></td>
</tr></table><div class="copyright">Copyright ⓒ 다온일보. All rights reserved.</div></body></html>"""
PORTAL_PAGE = f"""<html><head><meta property="og:title" content="누리칩 소식"></head><body>
<div id="header"><a>뉴스홈</a><a>정치</a><a>경제</a></div><div id="ct"><h2>누리칩 소식</h2>
<div class="datestamp"><span>입력</span><span data-date-time="2025-03-04 10:27:00">2025.03.04. 오전 10:27</span></div>
<article id="dic_area">{BR_BODY}</article><div class="byline"><p>홍길동 기자</p></div>
<div class="reaction"><span>좋아요</span><span>훈훈해요</span><span>슬퍼요</span></div></div>
<div class="section_latest"><h4>언론사 주요뉴스</h4><ul><li>금리 동결에 증시 혼조</li><li>반도체 수출 다시 증가세</li></ul></div>
</body></html>"""
