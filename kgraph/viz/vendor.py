"""Refresh the WebGL renderer's files vendored into kgraph/viz/assets/ from the npm registry.

Run by hand when updating (never at run time; the package ships the files):

    python -m kgraph.viz.vendor 3.0.3 0.26.0        # sigma VERSION, graphology VERSION

It downloads sigma@VERSION's and graphology@VERSION's tarballs from registry.npmjs.org, checks
each against the registry's SHA-512 integrity, copies the built browser bundles (sigma's UMD
`dist/sigma.min.js`, which bundles its own dependencies and sets `window.Sigma`; graphology's
`dist/graphology.umd.min.js`, which sets `window.graphology`) and both licences, and rewrites
SOURCE.md with the versions, tarball addresses and SHA-256 checksums (tests/test_viz.py checks them).
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "assets"
REGISTRY = "https://registry.npmjs.org/"
FILES = {
    "sigma": {"package/dist/sigma.min.js": "sigma.min.js", "package/LICENSE.txt": "LICENSE-sigma.txt"},
    "graphology": {"package/dist/graphology.umd.min.js": "graphology.umd.min.js",
                   "package/LICENSE.txt": "LICENSE-graphology.txt"},
}


def fetch_npm(package: str, version: str) -> tuple[str, str, bytes]:
    """(tarball URL, registry integrity, tarball bytes) of package@version, checked against the
    registry's SHA-512 integrity (also used by kgraph.serve.vendor for CodeMirror)."""
    with urllib.request.urlopen(f"{REGISTRY}{package}/{version}", timeout=60) as r:
        meta = json.load(r)
    tarball, integrity = meta["dist"]["tarball"], meta["dist"]["integrity"]
    with urllib.request.urlopen(tarball, timeout=120) as r:
        data = r.read()
    algo, _, digest = integrity.partition("-")
    if algo != "sha512" or base64.b64encode(hashlib.sha512(data).digest()).decode() != digest:
        raise SystemExit(f"{tarball}: checksum does not match the registry's integrity {integrity}")
    return tarball, integrity, data


def vendor(sigma_version: str, graphology_version: str) -> None:
    ASSETS.mkdir(parents=True, exist_ok=True)
    sources, rows = [], []
    for package, version in (("sigma", sigma_version), ("graphology", graphology_version)):
        tarball, integrity, data = fetch_npm(package, version)
        sources.append(f"- {package} {version}: {tarball}\n  (registry integrity `{integrity}`)")
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member, name in FILES[package].items():
                content = tar.extractfile(member).read()
                (ASSETS / name).write_bytes(content)
                rows.append(f"| `{name}` | {package} `{member.removeprefix('package/')}` | "
                            f"`{hashlib.sha256(content).hexdigest()}` |")
    (ASSETS / "SOURCE.md").write_text(
        f"# sigma.js {sigma_version} and graphology {graphology_version}, vendored\n\n"
        "The graph page's WebGL renderer (`kgraph viz --renderer webgl`, and `auto` on large graphs)\n"
        "inlines these files so that the page works offline and sends no request. They are the\n"
        "packages' own built browser bundles (MIT licence, `LICENSE-sigma.txt` and\n"
        "`LICENSE-graphology.txt`), unchanged, from the npm tarballs\n\n" + "\n".join(sources) + "\n\n"
        "| file | from | SHA-256 |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n\n"
        "To update: `python -m kgraph.viz.vendor SIGMA_VERSION GRAPHOLOGY_VERSION` (sigma 3.x: the page\n"
        "uses sigma 3's API and its UMD bundle), then run tests/test_viz.py (checks the checksums above)\n"
        "and tests/test_browser.py (drives both renderers in Chromium).\n", encoding="utf-8")
    print(f"vendored sigma {sigma_version} and graphology {graphology_version} into {ASSETS}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python -m kgraph.viz.vendor SIGMA_VERSION GRAPHOLOGY_VERSION   (e.g. 3.0.3 0.26.0)")
    vendor(sys.argv[1], sys.argv[2])
