"""README cannot drift: its console examples are run on the seeds and must print what README shows."""
from __future__ import annotations

import shutil

from tests.conftest import require
from tests.readme_examples import README, SHARED, Runner, examples, matches, scratch_env


def test_readme_console_examples_print_what_readme_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)                       # scratch_env changes directory and environment;
    monkeypatch.setenv("KGRAPH_FORMAT", "table")      # monkeypatch restores both afterwards
    monkeypatch.delenv("KGRAPH_STORE", raising=False)
    scratch_env(tmp_path)
    found = examples(README.read_text(encoding="utf-8"))
    assert len(found) > 15 and {e.argv[1] for e in found if e.argv[0] == "kgraph"} >= {
        "ingest", "query", "explain", "analyze", "viz", "export", "eval", "serve", "validate"}
    if any("../shared/" in a for e in found for a in e.argv):
        require((SHARED / "gold").is_dir(), f"README's eval example reads the real articles of {SHARED / 'gold'}")
    if any(e.argv[0] == "curl" for e in found):
        require(shutil.which("curl") is not None, "curl is not installed (Debian package curl)")
    runner = Runner(tmp_path)
    failures = []
    try:
        for ex in found:
            out = runner.run(ex)
            if not matches(ex.expected, out):
                failures.append(f"README.md:{ex.line}: $ {ex.command}\n  README shows:\n    "
                                + "\n    ".join(ex.expected) + "\n  it prints:\n    " + "\n    ".join(out))
    finally:
        runner.close()
    assert not failures, "README examples differ (python -m tests.readme_examples prints them all):\n\n" \
        + "\n\n".join(failures)


def test_ellipsis_and_timings_in_the_comparison():
    assert matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "…", "d"], ["a", "d"])
    assert not matches(["a", "…", "d"], ["a", "b", "c"])
    assert matches(["5 ingested in 4.5 s"], ["5 ingested in 0.1 s"])
    assert not matches(["5 ingested in 4.5 s"], ["6 ingested in 4.5 s"])
    assert not matches(["a"], ["a", "b"])
