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
