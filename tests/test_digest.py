"""What is new (issue 28): the canned question `new` and `kgraph digest`, exact answers on the mini graph."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import main
from kgraph.errors import QueryError
from kgraph.query.digest import parse_since
from tests import minigraph

D = "https://w3id.org/kgraph/doc/"


@pytest.fixture(scope="module")
def location(tmp_path_factory):
    return minigraph.store_dir(tmp_path_factory.mktemp("digest") / "store", hostile=True)


@pytest.fixture(scope="module")
def kg(location):
    with kgraph.KGraph(location) as kg:
        yield kg


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    with kgraph.KGraph(minigraph.store_dir(tmp_path_factory.mktemp("digest") / "plain")) as kg:
        yield kg


def rows(kg, **params):
    keys = ("date", "subject", "predicate", "object", "modality", "documents", "evidence", "doc", "url")
    return [tuple(None if r.get(k) is None else str(r[k]) for k in keys) for r in kg.canned_query("new", **params)]


def test_new_lists_the_facts_first_reported_since_a_date_with_their_first_document(kg):
    assert rows(kg, since="2025-02-05") == [
        ("2025-02-05", "OpenAI", "partnerOf", "SoftBank Group", "planned", "1",
         "오픈AI는 소프트뱅크와 합작법인을 세울 계획이다.", D + "d2", "https://news.example/hankyung/d2"),
        ("2025-03-01", "Kakao", "partnerOf", "모아랩", "discussed", "1",
         "홍길동 모아랩 대표는 카카오와 협력을 논의했다고 밝혔다.", D + "d3", "https://news.example/reuters/d3"),
        ("2025-03-01", "OpenAI", "partnerOf", "Samsung Electronics", "speculated", "1",
         "Samsung Electronics may partner with OpenAI.", D + "d3", "https://news.example/reuters/d3"),
        ("2025-03-01", "홍길동", "worksFor", "모아랩", "stated", "1",
         "홍길동 모아랩 대표는 카카오와 협력을 논의했다고 밝혔다.", D + "d3", "https://news.example/reuters/d3"),
        ("2025-04-01", "Kakao", "partnerOf", minigraph.HOSTILE, "stated", "1", minigraph.HOSTILE_SENTENCE,
         D + "hostile", "https://evil.example/a?q=%22%3E%3Csvg%20onload=alert(5)%3E"),
    ]
    # a fact already reported before the date is not new, though a later document states it again (d2)
    assert all(r[:4] != ("2025-02-05", "Kakao", "partnerOf", "OpenAI") for r in rows(kg, since="2025-02-05"))
    assert [r[0] for r in rows(kg, since="2025-01-01")][:3] == ["2025-01-10", "2025-02-04", "2025-02-04"]
    assert rows(kg, since="2025-05-01") == []
    assert [r[1] for r in rows(kg, since="2025-03-01", lang="ko")][:2] == ["오픈AI", "카카오"]


def test_new_needs_a_date(kg):
    with pytest.raises(QueryError, match="since"):
        kg.canned_query("new", since="last week")


def test_since_takes_days_weeks_or_a_date():
    today = dt.date(2025, 3, 8)
    assert parse_since("7d", today) == dt.date(2025, 3, 1)
    assert parse_since("2w", today) == dt.date(2025, 2, 22)
    assert parse_since("2025-02-05", today) == dt.date(2025, 2, 5)
    with pytest.raises(QueryError, match=r"--since 'yesterday' is neither .* e.g. --since 7d"):
        parse_since("yesterday", today)


def test_the_markdown_digest_groups_the_new_facts_by_entity(plain):
    text = plain.digest("7d", today=dt.date(2025, 3, 5)).render("md")
    assert text.splitlines() == [
        "# New since 2025-02-26", "",
        "3 new facts about 2 entities, first reported 2025-03-01.", "",
        "## 모아랩", "",
        "- 2025-03-01: **Kakao** partnerOf **모아랩** (discussed) — “홍길동 모아랩 대표는 카카오와 협력을 논의했다고 "
        "밝혔다.” — [Samsung may join OpenAI](<https://news.example/reuters/d3>), Reuters",
        "- 2025-03-01: **홍길동** worksFor **모아랩** (stated) — “홍길동 모아랩 대표는 카카오와 협력을 논의했다고 "
        "밝혔다.” — [Samsung may join OpenAI](<https://news.example/reuters/d3>), Reuters", "",
        "## OpenAI", "",
        "- 2025-03-01: **OpenAI** partnerOf **Samsung Electronics** (speculated) — “Samsung Electronics may "
        "partner with OpenAI.” — [Samsung may join OpenAI](<https://news.example/reuters/d3>), Reuters",
    ]
    empty = plain.digest("2025-05-01").render("md")
    assert empty == "# New since 2025-05-01\n\nNo fact was first reported on or after this date.\n"


def test_markup_in_names_sentences_and_links_stays_text(kg):
    page = kg.digest("2025-04-01").render("html")
    assert "<script" not in page and "<img" not in page and "<svg" not in page and "javascript:" not in page.split(
        "&lt;a href=&quot;javascript:")[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert 'href="https://evil.example/a?q=%22%3E%3Csvg%20onload=alert(5)%3E"' in page
    md = kg.digest("2025-04-01").render("md")
    assert r"\<img src=x onerror=alert(1)\>" in md and r"\<script\>alert(2)\</script\>" in md
    assert re.findall(r"(?<!\\)<(?!https://)", md) == []       # every other < is escaped: no HTML in Markdown


def test_the_digest_command(location, tmp_path):
    res = CliRunner().invoke(main, ["--store", location, "digest", "--since", "2025-03-01", "--lang", "ko"])
    assert res.exit_code == 0 and res.output.startswith("# New since 2025-03-01\n\n4 new facts about"), res.output
    assert "## 카카오" in res.output and "**카카오** partnerOf **모아랩**" in res.output
    out = tmp_path / "digest.html"
    res = CliRunner().invoke(main, ["--store", location, "digest", "--since", "2025-03-01", "--format", "html",
                                    "-o", str(out)])
    assert res.exit_code == 0 and res.output == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    res = CliRunner().invoke(main, ["--store", location, "digest", "--since", "soon"])
    assert res.exit_code == 1 and "--since 'soon' is neither" in res.output
    res = CliRunner().invoke(main, ["digest", "--help"])
    assert "kgraph digest --since 7d" in res.output
