"""The findings of issue 16, replayed: each test failed before its fix."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys


def kgraph(store: str, *args: str, hash_seed: int = 0, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed), "KGRAPH_FORMAT": "tsv"}
    return subprocess.run([sys.executable, "-m", "kgraph.cli", "--store", store, *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_same_store_same_bytes_whatever_the_hash_seed(real_store_dir, tmp_path):
    """Finding 8: communities, GraphML, GEXF and the HTML page depended on Python's hash seed."""
    outputs = []
    for seed in (1, 2):
        digest = {}
        res = kgraph(real_store_dir, "analyze", "communities", hash_seed=seed)
        assert res.returncode == 0, res.stderr
        digest["communities"] = res.stdout
        for fmt in ("graphml", "gexf"):
            out = tmp_path / f"{seed}.{fmt}"
            assert kgraph(real_store_dir, "export", "--format", fmt, "-o", str(out), hash_seed=seed).returncode == 0
            digest[fmt] = hashlib.sha256(out.read_bytes()).hexdigest()
        page = tmp_path / f"{seed}.html"
        assert kgraph(real_store_dir, "viz", "-o", str(page), hash_seed=seed).returncode == 0
        digest["html"] = hashlib.sha256(page.read_bytes()).hexdigest()
        outputs.append(digest)
    assert outputs[0]["communities"].count("\n") > 5
    assert outputs[0] == outputs[1]
