"""What the package needs at run time is committed: a fresh clone (CI) has every data file."""
from __future__ import annotations

import shutil
import subprocess

from tests.conftest import ROOT, require


def test_every_package_file_is_tracked_by_git():
    git = shutil.which("git")
    require(git is not None and (ROOT / ".git").exists(), "not a git checkout")
    tracked = set(subprocess.run([git, "ls-files", "kgraph"], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout.splitlines())
    on_disk = {str(p.relative_to(ROOT)) for p in (ROOT / "kgraph").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and not p.is_symlink()
               and not any(part.endswith(".egg-info") for part in p.parts)}
    # the ontology directory is a symlink to ../ontology: its files are tracked there
    assert on_disk - tracked == set()
    assert {"kgraph/viz/template.html", "kgraph/query/queries/partners.rq"} <= tracked


def test_package_data_globs_cover_every_data_file():
    """A wheel carries only what pyproject's package-data names: every data file must match a glob."""
    import fnmatch
    import tomllib
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["kgraph"]
    files = [str(p.relative_to(ROOT / "kgraph")) for p in (ROOT / "kgraph" / "data").rglob("*") if p.is_file()]
    assert files and [f for f in files if not any(fnmatch.fnmatch(f, g) and f.count("/") == g.count("/")
                                                  for g in globs)] == []


def test_licence_is_an_spdx_string_with_its_file():
    import tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT" and (ROOT / project["license-files"][0]).exists()


def test_gitignore_covers_the_files_readme_examples_write():
    import re
    git = shutil.which("git")
    require(git is not None and (ROOT / ".git").exists(), "not a git checkout")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # relative paths only: an absolute one (a cron line's /srv/www/digest.html) is not in the checkout
    written = sorted({p for p in re.findall(r"(?:-o|--output) ([\w./-]+\.\w+)", readme) if not p.startswith("/")})
    assert "partners.gexf" in written
    res = subprocess.run([git, "check-ignore", "--no-index", *written], cwd=ROOT, capture_output=True, text=True)
    assert sorted(res.stdout.split()) == written


def test_the_benchmark_scripts_still_run(tmp_path):
    """`make bench` is not part of the suite: at least its scripts must import and make a corpus."""
    import sys
    res = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--help"], capture_output=True, text=True)
    assert res.returncode == 0 and "--sizes" in res.stdout, res.stderr
    out = tmp_path / "c.jsonl"
    res = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "corpus.py"), "3", "-o", str(out)],
                         capture_output=True, text=True)
    assert res.returncode == 0 and len(out.read_text(encoding="utf-8").splitlines()) == 3, res.stderr
