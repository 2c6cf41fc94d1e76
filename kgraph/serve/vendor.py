"""Refresh the editor files vendored into kgraph/serve/assets/ from the npm registry.

Run by hand when updating (never at run time; the package ships the files):

    python -m kgraph.serve.vendor 5.65.21

It downloads codemirror@VERSION's tarball from registry.npmjs.org, checks the registry's SHA-512
integrity, copies the files the query page uses and the licence, and rewrites SOURCE.md with the
version, tarball address and checksums.
"""
from __future__ import annotations

import hashlib
import io
import sys
import tarfile
from pathlib import Path

from kgraph.viz.vendor import fetch_npm

ASSETS = Path(__file__).resolve().parent / "assets" / "codemirror"
FILES = {"package/lib/codemirror.js": "codemirror.js", "package/lib/codemirror.css": "codemirror.css",
         "package/mode/sparql/sparql.js": "sparql.js", "package/addon/edit/matchbrackets.js": "matchbrackets.js",
         "package/LICENSE": "LICENSE"}


def vendor(version: str) -> None:
    tarball, integrity, data = fetch_npm("codemirror", version)
    ASSETS.mkdir(parents=True, exist_ok=True)
    rows = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member, name in FILES.items():
            content = tar.extractfile(member).read()
            (ASSETS / name).write_bytes(content)
            rows.append(f"| `{name}` | `{member.removeprefix('package/')}` | `{hashlib.sha256(content).hexdigest()}` |")
    (ASSETS / "SOURCE.md").write_text(
        f"# CodeMirror {version}, vendored\n\n"
        f"The query page (`/query` of `kgraph serve`) inlines these files so that it works offline and\n"
        f"sends no request beyond the server. They are CodeMirror {version} (MIT licence, `LICENSE`),\n"
        f"unchanged, from the npm tarball\n{tarball}\n(registry integrity `{integrity}`).\n\n"
        f"| file | path in the package | SHA-256 |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n\n"
        "To update: `python -m kgraph.serve.vendor VERSION` (a 5.x version: the query page uses\n"
        "CodeMirror 5's API), then `make test` (tests/test_query_page.py checks the checksums above\n"
        "and drives the page in Chromium).\n", encoding="utf-8")
    print(f"vendored codemirror {version} into {ASSETS}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m kgraph.serve.vendor VERSION   (e.g. 5.65.21)")
    vendor(sys.argv[1])
