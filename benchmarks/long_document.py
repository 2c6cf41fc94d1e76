"""One long single-paragraph document (issue 25): `kgraph ingest` of a SYNTHETIC article of 900,000
characters on one line (seed sentences recombined, benchmarks/corpus.py), into a new store. Target:
under a minute on 2 cores (it ran over ten minutes before long documents were analysed in segments).

    python benchmarks/long_document.py                 # 900,000 characters, every core
    python benchmarks/long_document.py --chars 200000  # a smaller one
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

TARGET_SECONDS = 60.0


def one_paragraph(chars: int, out: Path, seed: int = 25) -> int:
    """A synthetic article of `chars` characters with no line break: generated articles joined by spaces."""
    import corpus as synthetic
    parts, total = [], 0
    for article in synthetic.generate(1_000_000, seed=seed):
        text = article["text"].replace("\n", " ")
        parts.append(text)
        total += len(text) + 1
        if total >= chars:
            break
    text = " ".join(parts)[:chars].rstrip()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return len(text)


def bench_long_document(chars: int, work: Path, jobs: int) -> dict:
    """Wall time and peak RSS of `kgraph ingest` of one single-paragraph document into a new store."""
    from run import PY, run_measured
    path = work / f"one-paragraph-{chars}" / "article.txt"
    n = one_paragraph(chars, path)
    store = work / f"store-one-paragraph-{chars}"
    shutil.rmtree(store, ignore_errors=True)
    seconds, rss, out = run_measured([PY, "-m", "kgraph.cli", "--store", str(store), "ingest", str(path.parent),
                                      "--jobs", str(jobs), "--doc-timeout", "0"])
    shutil.rmtree(store, ignore_errors=True)
    return {"chars": n, "seconds": seconds, "rss": rss, "summary": out.strip().splitlines()[-1],
            "target": TARGET_SECONDS, "met": seconds < TARGET_SECONDS}


def main(argv=None) -> None:
    from run import cores, mib
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=int, default=900_000)
    ap.add_argument("--jobs", type=int, default=cores())
    ap.add_argument("--work", type=Path, default=ROOT / "benchmarks" / ".work")
    args = ap.parse_args(argv)
    row = bench_long_document(args.chars, args.work, args.jobs)
    print(json.dumps({**row, "rss": mib(row["rss"])}, ensure_ascii=False))


if __name__ == "__main__":
    main()
