"""Name lookup in one place (kgraph/query/resolve.py): the rule on the mini graph, through the
function, the API and the command line; CASES is the table the browser test runs against the
graph page's search too (tests/test_browser_resolve.py)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kgraph.api import KGraph
from kgraph.cli import main
from kgraph.errors import UnknownEntityError
from kgraph.query.resolve import lookup, rank_suggestions, resolve_entity, suggest
from kgraph.rdf.iri import entity_iri
from tests import minigraph

E = "https://w3id.org/kgraph/entity/"


def iri(entity) -> str | None:
    """A case's entity as its IRI: a reference key, or (name, type) of a discovered one."""
    if entity is None:
        return None
    return str(entity_iri(entity) if isinstance(entity, str) else entity_iri(*entity))

# what is typed -> the entity it names (None: none), and the first suggestions when none
CASES = [
    ("OpenAI", "OpenAI", []),
    ("오픈AI", "OpenAI", []),                       # the Korean preferred label
    ("open ai", "OpenAI", []),                      # case and spaces ignored
    ("ＯｐｅｎＡＩ", "OpenAI", []),                  # full-width letters (NFKC)
    ("  Kakao ", "Kakao", []),                      # surrounding spaces
    ("samsung", "Samsung_Electronics", []),         # an alias, in lower case
    ("삼전", "Samsung_Electronics", []),             # a Korean alias
    ("홍 길동", ("홍길동", "Person"), []),           # a discovered person, a space inside
    ("모아랩", ("모아랩", "Organization"), []),
    ("삼성", None, ["삼성전자"]),                    # only names in the store: not 삼성증권 or 삼성SDS
    ("모아", None, ["모아랩"]),
    ("Soft", None, ["SoftBank"]),
    ("no such thing", None, []),
]


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return minigraph.store_dir(tmp_path_factory.mktemp("mini") / "store")


@pytest.fixture
def store(mini):
    from kgraph.store import open_store
    s = open_store(mini, read_only=True)
    yield s
    s.close()


@pytest.mark.parametrize("name,entity,suggested", CASES)
def test_the_rule(store, name, entity, suggested):
    found = lookup(store, name)
    assert (str(found) if found else None) == iri(entity)
    if entity is None:
        with pytest.raises(UnknownEntityError) as err:
            resolve_entity(store, name)
        assert err.value.suggestions[:len(suggested)] == suggested
        if not suggested:
            assert err.value.suggestions == []


def test_suggestions_never_name_what_no_document_mentions(store):
    # 삼성증권 and 삼성SDS are in the packaged reference list (so in the store's reference graph) but
    # no document mentions them: resolving them works, suggesting them would lead nowhere
    assert str(lookup(store, "삼성SDS")) == E + "Samsung_SDS"
    assert suggest(store, "삼성") == ["삼성전자"]
    assert "Kakao" in suggest(store, "Kakoa")              # a close spelling, after names that contain it


def test_exact_before_normalised(tmp_path):
    """Two entities whose names differ only by case: the one written exactly as typed wins."""
    from kgraph.store import open_store
    store = open_store(":memory:")
    store.update(f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        INSERT DATA {{ GRAPH <urn:g> {{ <{E}Company/abc> rdfs:label "ABC"@en . <{E}Company/ABC> rdfs:label "abc"@en }} }}""")
    assert str(lookup(store, "abc")) == E + "Company/ABC"
    assert str(lookup(store, "ABC")) == E + "Company/abc"
    assert lookup(store, "Organization") is None            # ontology labels are not entities' names


def test_ranking():
    rows = [("e1", "삼성전자", 3), ("e2", "삼성SDS", 9), ("e3", "범삼성", 20), ("e1", "Samsung", 3), ("e4", "삼성", 0)]
    # start before contain; more documents first; one name per entity
    assert rank_suggestions("삼성", rows[:4]) == ["삼성SDS", "삼성전자", "범삼성"]
    assert rank_suggestions("삼성", rows, n=2) == ["삼성SDS", "삼성전자"]


def test_cli_and_api_agree(mini):
    with KGraph(mini, read_only=True) as kg:
        assert str(kg.resolve("open ai")) == E + "OpenAI"
        with pytest.raises(UnknownEntityError) as err:
            kg.explain("삼성")
    assert err.value.suggestions == ["삼성전자"]
    r = CliRunner().invoke(main, ["--store", mini, "explain", "삼성"])
    assert r.exit_code == 1 and "did you mean '삼성전자'?" in r.output and "삼성증권" not in r.output
    r = CliRunner().invoke(main, ["--store", mini, "query", "--name", "partners", "--param", "entity=samsung"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["--store", mini, "analyze", "path", "삼전", "카카오"])
    assert r.exit_code == 0, r.output


def test_corrections_resolve_through_the_one_function(tmp_path):
    """An alias added by `kgraph alias` and a name (or IRI) of a merged entity resolve through
    resolve_entity, which the canned questions' --param entity= uses as KGraph.resolve does."""
    loc = minigraph.store_dir(tmp_path / "store")
    moalab = iri(("모아랩", "Organization"))
    with KGraph(loc) as kg:
        kg.alias("OpenAI", "오픈에이아이 주식회사")
        kg.merge("Kakao", "모아랩")
        assert str(resolve_entity(kg.store, "오픈에이아이 주식회사")) == E + "OpenAI"    # exact
        assert str(resolve_entity(kg.store, "오픈에이아이주식회사")) == E + "OpenAI"      # normalised
        assert str(resolve_entity(kg.store, "모아랩")) == E + "Kakao"
        assert str(resolve_entity(kg.store, moalab)) == E + "Kakao"
        assert suggest(kg.store, "모아") == ["모아랩"]       # a name of Kakao now, which it resolves to
    r = CliRunner().invoke(main, ["--store", loc, "query", "--name", "partners", "--param", "entity=모아랩",
                                  "--format", "tsv"])
    assert r.exit_code == 0 and "OpenAI" in r.output, r.output
