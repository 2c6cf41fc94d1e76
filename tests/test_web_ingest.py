"""Articles from the web (issue 28): a local HTTP server (tests/web_site.py) serves invented news pages
(Korean and English), a feed, a sitemap index, robots.txt rules, a slow page, huge pages, a redirect
loop, a PDF, an image, a 404 and a page that fails once; each ends as expected, and nothing is
requested outside 127.0.0.1 (the guard `loopback_only`, used by every test here)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kgraph.errors import LoadError
from kgraph.sources.fetch import Fetcher, FetchOptions
from kgraph.sources.loaders import load_paths
from kgraph.sources.pages import read_page, web_key
from kgraph.sources.web import WebSources
from tests.web_site import (  # noqa: F401
    EN_BODY,
    EN_CHROME,
    FAST,
    KO_BODY,
    KO_CHROME,
    PORTAL_PAGE,
    TABLE_PAGE,
    en_page,
    ko_page,
    loopback_only,
    site,
    web_docs,
)


# ------------------------------------------------------------------------------ extraction of pages
def test_a_korean_news_page_keeps_the_story_and_drops_the_chrome():
    page = read_page(ko_page().decode(), "https://www.hanbit-econ.example/news/articleView.html?idxno=1234")
    for sentence in KO_BODY:
        assert sentence in page.text
    assert not [c for c in KO_CHROME if c in page.text]
    assert page.title == "가온로보틱스, 누리칩과 AI 반도체 공동 개발" and page.publisher == "한빛경제"
    assert page.url == "https://www.hanbit-econ.example/news/articleView.html?idxno=1234"
    assert page.authors == ["박서연"] and page.extractor == "trafilatura"


def test_an_english_news_page_keeps_the_story_and_drops_the_chrome():
    page = read_page(en_page().decode(), "https://coastline.example/en/harbor-skyward")
    for sentence in EN_BODY:
        assert sentence in page.text
    assert not [c for c in EN_CHROME if c in page.text]
    assert page.title == "Harbor Devices to supply Skyward Labs" and page.publisher == "The Coastline Post"
    assert page.authors == ["Jonah Reel"] and page.published == "2025-05-06T08:15:00Z"     # JSON-LD, with its time


@pytest.mark.parametrize("html", [TABLE_PAGE, PORTAL_PAGE], ids=["table-layout", "portal"])
def test_older_and_portal_shaped_korean_pages(html):
    """A table layout with <br> paragraphs (older Korean sites) and a portal's article view."""
    from kgraph.sources.clean import clean_text
    page = read_page(html, "https://daon.example/a/1")
    text = clean_text(page.text).text
    assert all(s in text for s in KO_BODY) and page.title == "누리칩 소식"
    assert not [w for w in ("오늘의 운세", "금리 동결에 증시 혼조", "반도체 수출 다시 증가세", "훈훈해요", "정치") if w in text]


def test_an_html_file_is_read_with_the_same_extraction_and_the_old_reader_kept_what_it_should_not(tmp_path):
    (tmp_path / "ko.html").write_bytes(ko_page())
    [doc] = load_paths([tmp_path / "ko.html"])
    assert doc.text.splitlines()[0] == "가온로보틱스, 누리칩과 AI 반도체 공동 개발"      # the headline opens it
    assert all(s in doc.text for s in KO_BODY) and not [c for c in KO_CHROME if c in doc.text]
    assert doc.published == "2025-03-04T10:27:00+09:00" and doc.byline == ["박서연"] and doc.key == "ko.html"
    # the visible-text reader that came before kept the menus and the related articles
    from kgraph.sources.pages import VisibleText
    old = VisibleText()
    old.feed(ko_page().decode())
    assert "누리칩, 시리즈B 투자 유치 성공" in "".join(old.parts)


def test_addresses_are_named_without_tracking_and_fragments():
    assert web_key("HTTPS://News.Example:443/a?utm_source=x&b=2&a=1#top") == "https://news.example/a?a=1&b=2"
    assert web_key("http://news.example:8080") == "http://news.example:8080/"


# ------------------------------------------------------------------------------ fetching
def test_each_source_ends_as_expected(site):
    urls = ["/news/articleView.html?idxno=1234", "/private/memo.html", "/slow", "/huge", "/endless", "/loop-a",
            "/to-ftp", "/paper.pdf", "/photo.jpg", "/gone", "/flaky"]
    docs, _ = web_docs(site, urls=urls, options=FetchOptions(delay=0, timeout=0.5, retries=1, backoff=0.01,
                                                               max_bytes=1_000_000))
    by = {(d.path if isinstance(d, LoadError) else d.url).replace(site.base, ""): d for d in docs}
    ko = by["/news/articleView.html?idxno=1234"]
    assert ko.title.startswith("가온로보틱스") and ko.language == "ko" and ko.file_name == "127.0.0.1"
    assert ko.key == f"{site.base}/news/articleView.html?idxno=1234" and ko.source_path == ""
    assert "robots.txt" in by["/private/memo.html"].reason and site.hits("/private/memo.html") == 0
    assert "no answer within 0.5 s (2 tries)" in by["/slow"].reason
    assert "page is 50.0 MB; the limit is 1.0 MB" in by["/huge"].reason
    assert "larger than the limit of 1.0 MB" in by["/endless"].reason
    assert by["/loop-a"].reason.startswith("redirect loop: ") and "/loop-b -> " in by["/loop-a"].reason
    assert "ftp: addresses are not fetched" in by["/to-ftp"].reason
    assert "application/pdf" in by["/paper.pdf"].reason and "image (image/jpeg)" in by["/photo.jpg"].reason
    assert "HTTP 404 Not Found" in by["/gone"].reason and site.hits("/gone") == 1       # a 4xx is not retried
    assert by["/flaky"].title == "Harbor Devices to supply Skyward Labs" and site.hits("/flaky") == 2
    assert {ua for _, ua in site.requests} == {Fetcher().options.user_agent}
    assert Fetcher().options.user_agent.startswith("kgraph/") and site.hits("/robots.txt") == 1


@pytest.mark.parametrize("address,reason", [
    ("file:///etc/passwd", "file: addresses are not fetched"),
    ("ftp://127.0.0.1/a.txt", "ftp: addresses are not fetched"),
    ("http:///nohost", "without a host name"),
])
def test_other_schemes_are_refused_with_a_reason(address, reason):
    [err] = list(WebSources([address], options=FAST).documents())
    assert isinstance(err, LoadError) and reason in err.reason and err.path == address


def test_a_feed_and_a_sitemap_index_give_their_articles_once(site):
    docs, web = web_docs(site, feeds=["/feed.xml"], sitemaps=["/sitemap_index.xml"])
    got = sorted((type(d).__name__, (getattr(d, "url", None) or d.path).replace(site.base, "")) for d in docs)
    assert got == [("Document", "/en/harbor-skyward"), ("Document", "/news/articleView.html?idxno=1234"),
                   ("LoadError", "/gone"), ("LoadError", "/private/memo.html"),
                   ("SkippedPage", "/en/harbor-skyward")]
    assert web.total == 5 and site.hits("/en/harbor-skyward") == 1


def test_the_delay_between_requests_to_one_host_is_kept(site):
    waits = []
    fetcher = Fetcher(FetchOptions(delay=5.0, timeout=2, retries=0), sleep=waits.append)
    for path in ("/en/harbor-skyward", "/news/articleView.html?idxno=1234"):
        fetcher.get(site.base + path)
    assert len(waits) == 2 and all(4.9 < w <= 5.0 for w in waits)       # robots.txt, page, page
    fetcher.get(site.base.replace("127.0.0.1", "localhost") + "/en/harbor-skyward")
    assert len(waits) == 3          # another host name: its robots.txt at once, its page after the delay
    fetcher.get(site.base + "/en/harbor-skyward")
    assert len(waits) == 4          # and 127.0.0.1 again only after the delay


def test_a_crawl_delay_in_robots_txt_lengthens_the_delay(site):
    site.routes["/robots.txt"] = (200, {}, b"User-agent: kgraph\nCrawl-delay: 7\n")
    waits = []
    fetcher = Fetcher(FetchOptions(delay=1.0, timeout=2, retries=0), sleep=waits.append)
    fetcher.get(site.base + "/en/harbor-skyward")
    assert waits and waits[0] > 6.9


def test_a_robots_txt_that_fails_stops_the_host_and_a_missing_one_allows_it(site):
    site.routes["/robots.txt"] = (500, {}, b"oops")
    [err] = web_docs(site, urls=["/en/harbor-skyward"])[0]
    assert "robots.txt of" in err.reason and "could not be read (HTTP 500" in err.reason
    del site.routes["/robots.txt"]
    [doc] = web_docs(site, urls=["/en/harbor-skyward"])[0]
    assert doc.title == "Harbor Devices to supply Skyward Labs"


# ------------------------------------------------------------------------------ ingest, replay, re-ingest
def test_ingest_saves_pages_replays_them_offline_and_skips_unchanged_ones(site, tmp_path, extractor):
    from kgraph.ingest.runner import ingest
    from kgraph.store import open_store
    store = open_store(":memory:")
    saved = tmp_path / "pages"
    web = WebSources([site.base + "/news/articleView.html?idxno=1234", site.base + "/gone"],
                     [site.base + "/feed.xml"], options=FAST, save_html=saved)
    report = ingest(store, [web], extractor=extractor)
    assert report.ingested == 2 and [e.path for e in report.failed] == [site.base + "/gone"]
    # the feed lists the Korean page (with utm_source) and /gone again: each is fetched once
    assert [s.path.replace(site.base, "") for s in report.skipped] == [
        "/news/articleView.html?idxno=1234&utm_source=rss", "/gone"]
    assert all("already read in this run" in s.reason for s in report.skipped) and site.hits("/gone") == 1
    pages = sorted(saved.rglob("*.html"))
    assert len(pages) == 2
    record = json.loads(pages[0].with_name(pages[0].name + ".json").read_text())
    assert record["url"].startswith(site.base) and record["status"] == 200 and "fetched_at" in record

    again = ingest(store, [site.base + "/news/articleView.html?idxno=1234"], extractor=extractor)
    assert again.ingested == 0 and again.unchanged == 1
    # offline: the saved pages are the documents of their addresses, unchanged
    replay = ingest(store, [str(saved)], extractor=extractor)
    assert (replay.ingested, replay.unchanged, replay.failed, replay.skipped) == (0, 2, [], [])

    site.routes["/news/articleView.html?idxno=1234"] = (200, {"Content-Type": "text/html"},
                                                       ko_page(extra="두 회사는 연구 인력도 교류하기로 했다."))
    changed = ingest(store, [site.base + "/news/articleView.html?idxno=1234"], extractor=extractor)
    assert changed.ingested == 1 and changed.unchanged == 0
    rows = store.query("SELECT ?t WHERE { GRAPH ?d { ?d <https://w3id.org/kgraph/ontology#text> ?t } }")
    texts = [str(r["t"]) for r in rows]
    assert len(texts) == 2 and any("연구 인력도 교류" in t for t in texts)
    # kgraph docs lists a page under its site; kgraph remove takes its address
    from kgraph.store.info import find_documents, list_documents
    assert {d["file"] for d in list_documents(store)} == {"127.0.0.1"}
    assert len(find_documents(store, site.base + "/en/harbor-skyward")) == 1
    store.close()


def test_the_cli_takes_addresses_a_list_and_a_feed(site, tmp_path):
    from kgraph.cli import main
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# reading list\n{site.base}/en/harbor-skyward\n\n")
    res = CliRunner().invoke(main, ["--store", ":memory:", "ingest", "--urls", str(listing), "--feed",
                                    site.base + "/feed.xml", "--delay", "0", "--timeout", "1", "--retries", "0",
                                    "--jobs", "1", f"{site.base}/paper.pdf", "file:///etc/hosts"])
    assert res.exit_code == 1, res.output
    assert "2 ingested" in res.output and "3 failed" in res.output
    assert "file: addresses are not fetched" in res.output and "application/pdf" in res.output


def test_the_cli_asks_for_something_to_ingest():
    from kgraph.cli import main
    res = CliRunner().invoke(main, ["--store", ":memory:", "ingest"])
    assert res.exit_code == 2 and "--feed" in res.output


def test_an_euc_kr_page_is_read_in_the_charset_it_declares(site):
    def euc_kr(idx: int, meta: str) -> bytes:
        return ko_page(idx).decode().replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" '
                                             f'content="text/html; charset={meta}">').encode("euc-kr", "xmlcharrefreplace")
    site.routes["/old/1"] = (200, {"Content-Type": "text/html"}, euc_kr(1, "euc-kr"))        # <meta> only
    site.routes["/old/2"] = (200, {"Content-Type": "text/html; charset=EUC-KR"}, euc_kr(2, "x"))   # the header
    docs = web_docs(site, urls=["/old/1", "/old/2"])[0]
    assert len(docs) == 2
    for doc in docs:
        assert KO_BODY[0] in doc.text and doc.warnings == [] and doc.publisher == "한빛경제"


def test_sitemaps_in_every_form_and_what_is_not_one():
    from kgraph.sources.feeds import feed_entries, read_sitemap
    xml = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b'<url><loc>https://news.example/a/1</loc></url><url><loc>/a/2</loc></url></urlset>')
    assert read_sitemap(xml, "https://news.example/sitemap.xml").pages == ["https://news.example/a/1",
                                                                           "https://news.example/a/2"]
    import gzip
    assert read_sitemap(gzip.compress(xml), "https://news.example/s.xml.gz").pages[0] == "https://news.example/a/1"
    assert read_sitemap(b"https://news.example/a/3\nnot an address\n", "https://news.example/s.txt").pages == [
        "https://news.example/a/3"]
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><urlset><url><loc>&a;</loc></url></urlset>'
    with pytest.raises(LoadError, match="DOCTYPE or entities"):
        read_sitemap(bomb, "https://news.example/s.xml")
    with pytest.raises(LoadError, match="is it a feed"):
        read_sitemap(b'<rss version="2.0"><channel></channel></rss>', "https://news.example/s.xml")
    with pytest.raises(LoadError, match="not an RSS or Atom feed"):
        feed_entries(b"<html><body>a page</body></html>", "https://news.example/feed")


def test_extract_says_a_web_address_is_for_ingest(tmp_path):
    from kgraph.sources.loaders import iter_files
    [err] = list(iter_files(["https://news.example/a/1"]))
    assert "`kgraph ingest` fetches pages" in err.reason


def test_a_saved_page_whose_record_is_broken_is_named(tmp_path):
    (tmp_path / "a.html").write_bytes(en_page())
    (tmp_path / "a.html.json").write_text('{"url": "ftp://news.example/a"}')
    [err] = load_paths([tmp_path])
    assert isinstance(err, LoadError) and err.path.endswith("a.html.json") and "--save-html" in err.reason
    (tmp_path / "a.html.json").write_text('{"url": "https://news.example/a?utm_medium=x", "headers": {}}')
    [doc] = load_paths([tmp_path])
    assert doc.key == doc.url == "https://news.example/a" and doc.file_name == "news.example"
    assert doc.source_path == ""


def test_the_guard_catches_a_request_beyond_loopback(loopback_only):
    # the guard of every test here: a fetch of another host is stopped and recorded (then forgiven here)
    [err] = list(WebSources(["http://news.example.invalid/a"], options=FAST).documents())
    assert isinstance(err, LoadError) and loopback_only == ["news.example.invalid"]
    loopback_only.clear()


def test_the_python_api_takes_feeds_and_fetch_options(site, extractor):
    from kgraph import KGraph
    with KGraph(":memory:") as kg:
        report = kg.ingest([], feeds=[site.base + "/feed.xml"], fetch=FAST, extractor=extractor, max_pages=2)
        assert report.ingested == 2 and report.failed == []         # /gone, the third entry, is past max_pages
        assert any("the first 2 are read" in w for w in report.warnings)
        assert sorted(d["publisher"] for d in kg.docs()) == ["The Coastline Post", "한빛경제"]
