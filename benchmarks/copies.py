"""How far apart copies and distinct articles are, for the copy threshold of kgraph/ingest/dedupe.py.

Reads the real articles of ../shared/gold/{train,dev}/texts (they stay there: nothing is written),
and prints
  - the highest similarity between two distinct articles, exact (shingle sets) and estimated (MinHash),
  - what copies made of each article in memory score against it: another site's headline, byline,
    dateline, share buttons, footer and spacing; an AMP page with straight quotes; an agency's
    dateline prefix and sign-off; a re-post with a related-articles list; a mobile page without the
    last paragraph,
  - what one paragraph of an article put into another article scores (two stories sharing a paragraph).

    python benchmarks/copies.py [--gold ../shared/gold]
"""
from __future__ import annotations

import argparse
import itertools
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgraph.ingest import dedupe
from kgraph.sources.loaders import load_paths

# the same article annotated twice under two names in the gold set: true copies, not distinct articles
IDENTICAL = {frozenset({"ka03_kt-rebellions-series-b.txt", "kc04_kt-rebellions-series-b.txt"}),
             frozenset({"ka15_rebellions-series-c-samsung.txt", "kc16_rebellions-series-c-samsung-sk.txt"})}


def copies(doc) -> dict[str, str]:
    """Invented site furniture around the article's own paragraphs (held in memory only)."""
    paras = [p for p in doc.text.split("\n") if p.strip()]
    ko = doc.language == "ko"
    title = doc.title or ""
    head = [("[단독] " + title) if ko else ("EXCLUSIVE: " + title + " | Site B"),
            "김철수 기자 chulsoo@siteb.example" if ko else "By Jane Roe, Site B staff",
            "입력 2025.03.04 10:12 수정 2025.03.04 11:00" if ko else "Published March 4, 2025 10:12 am ET",
            "공유하기 페이스북 트위터 카카오톡 URL복사" if ko else "Share on Facebook Twitter LinkedIn Copy link"]
    agency = list(paras)
    agency[0] = ("(서울=가상통신) 홍길동 기자 = " if ko else "SEOUL (Agency) - ") + agency[0]
    related = ["관련기사", "다른 회사, 새 칩 공개", "시장 전망 밝아", "전문가 인터뷰 모음"] if ko else \
        ["Related", "Another firm unveils chip", "Market outlook bright", "Expert interviews"]
    return {
        "another site": "\n".join(head + ["  ".join(p.split()) + " " for p in paras]
                                  + ["ⓒ 사이트B 무단전재 및 재배포 금지" if ko else "© Site B. All rights reserved."]),
        "AMP page": "\n\n".join(p.replace("“", '"').replace("”", '"').replace("’", "'") for p in paras),
        "agency copy": "\n".join(agency + ["(끝)" if ko else "(Reporting by A. Person; editing by B. Person)"]),
        "re-post": "\n".join(paras + related),
        "mobile, last paragraph cut": "\n".join(paras[:-1]) if len(paras) > 3 else "\n".join(paras),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold"), help="the gold set (default ../shared/gold)")
    args = ap.parse_args()
    dirs = [Path(args.gold) / part / "texts" for part in ("train", "dev")]
    if not all(d.is_dir() for d in dirs):
        print(f"no articles at {args.gold}/{{train,dev}}/texts", file=sys.stderr)
        return 1
    docs = [d for d in load_paths(dirs) if not isinstance(d, Exception)]
    sets = {d.key: dedupe.shingles(d.text) for d in docs}
    sigs = {d.key: dedupe.signature(d.text) for d in docs}
    exact, estimated, pairs = [], [], 0
    for a, b in itertools.combinations(docs, 2):
        if frozenset({a.key, b.key}) in IDENTICAL:
            continue
        pairs += 1
        x, y = sets[a.key], sets[b.key]
        exact.append((len(x & y) / len(x | y), a.key, b.key))
        estimated.append((sigs[a.key].jaccard(sigs[b.key]), a.key, b.key))
    print(f"threshold {dedupe.THRESHOLD}; {len(docs)} articles, {pairs} distinct pairs")
    print(f"distinct articles, highest: exact {max(exact)[0]:.3f} ({max(exact)[1]} / {max(exact)[2]}), "
          f"estimated {max(estimated)[0]:.3f}")
    scores: dict[str, list[float]] = {}
    for d in docs:
        for name, text in copies(d).items():
            scores.setdefault(name, []).append(dedupe.jaccard(d.text, text))
    for name, values in scores.items():
        print(f"copy, {name}: lowest {min(values):.3f}, median {statistics.median(values):.3f}")
    shared = []
    for a, b in itertools.permutations(docs, 2):
        if frozenset({a.key, b.key}) in IDENTICAL:
            continue
        paras = sorted((p for p in a.text.split("\n") if len(p) > 80), key=len)
        if len(paras) >= 3:
            shared.append(dedupe.jaccard(a.text, b.text + "\n" + paras[len(paras) // 2]))
    print(f"another story with one of the article's paragraphs ({len(shared)} pairs): highest {max(shared):.3f}, "
          f"median {statistics.median(shared):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
