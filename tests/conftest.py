"""Shared fixtures: one NLP pipeline and one seed store per test session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.lanes import pytest_collection_modifyitems  # noqa: F401  (marks the slow lane: tests/lanes.py)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def require(condition: bool, reason: str) -> None:
    """Skip locally when a tool or file is missing; in CI (CI=true) that is a failure."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def extractor():
    from kgraph.nlp.pipeline import SpacyExtractor
    return SpacyExtractor(threads=1)


@pytest.fixture(scope="session")
def analyse(extractor):
    """Analyse one text: returns the spaCy Doc with kgraph's annotations."""
    def run(text: str):
        return extractor.analyse([text])[0]
    return run


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, extractor):
    """A store holding the five seed articles (on disk, ingested once)."""
    from kgraph.ingest.runner import ingest
    from kgraph.store import open_store
    loc = tmp_path_factory.mktemp("store") / "seed-store"
    store = open_store(str(loc))
    report = ingest(store, [str(SEEDS)], extractor=extractor)
    assert report.ok and report.ingested == 5
    yield store
    store.close()


@pytest.fixture
def memory_store():
    from kgraph.store import open_store
    store = open_store(":memory:")
    yield store
    store.close()


DATA = ROOT / "tests" / "data"
SEED_GOLD = DATA / "seeds" / "gold.jsonl"
# The real articles belong to their publishers: they are read from ../shared/gold at run time, never
# copied into the project (CI copies shared/ beside the clone). A test that needs them calls
# require_corpus(), which skips locally without ../shared and fails under CI=true.
GOLD = SHARED / "gold"
DEV_TEXTS = GOLD / "dev" / "texts"          # 24 real articles with gold
DEV_GOLD = GOLD / "dev" / "gold.jsonl"
TRAIN_TEXTS = GOLD / "train" / "texts"      # 91 more
TRAIN_GOLD = GOLD / "train" / "gold.jsonl"


def require_corpus(texts: Path = DEV_TEXTS, gold: Path | None = None) -> None:
    """Skip (locally) or fail (CI=true) unless the real articles of ../shared/gold are beside the checkout."""
    require(texts.is_dir() and (gold is None or gold.is_file()),
            f"the real articles are not at {texts.parent} (../shared beside the checkout)")


@pytest.fixture(scope="session")
def gold_items(extractor):
    """The 120 annotated articles of ../shared/gold (train, dev, seeds), analysed once, candidates labelled."""
    require_corpus(GOLD / "train" / "texts", GOLD / "train" / "gold.jsonl")
    require_corpus(DEV_TEXTS, DEV_GOLD)
    from kgraph.learn import analyse_corpus, load_corpus
    return analyse_corpus(load_corpus(GOLD), extractor)


@pytest.fixture(scope="session")
def real_store_dir(tmp_path_factory):
    """A store of the seeds and the 24 real dev articles, built by the CLI as a user would."""
    from click.testing import CliRunner

    from kgraph.cli import main
    require_corpus()
    loc = tmp_path_factory.mktemp("real") / "store"
    res = CliRunner().invoke(main, ["--store", str(loc), "ingest", str(SEEDS), str(DEV_TEXTS)])
    assert res.exit_code == 0, res.output
    assert "29 ingested, 0 failed" in res.output
    return str(loc)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A headless Chromium with a fresh profile and no background traffic (tests/browsers.py)."""
    from tests.browsers import ARGS, chromium_path
    path = chromium_path()
    require(path is not None, "Chromium is not installed (Debian package chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright for Python is not installed (pip install playwright)")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(tmp_path_factory.mktemp("profile")), executable_path=path,
                                                   args=ARGS, headless=True, viewport={"width": 1400, "height": 900},
                                                   accept_downloads=True)
        yield ctx
        ctx.close()
