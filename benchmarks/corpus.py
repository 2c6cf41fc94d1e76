"""A reproducible SYNTHETIC corpus for benchmarks: seed sentences recombined, entity names swapped.

Every article is labelled synthetic (id prefix, title prefix, publisher and a `synthetic` field).
It exists to measure speed and memory at scale, never to measure extraction quality.

    python benchmarks/corpus.py 10000 -o /tmp/synthetic-10k.jsonl
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgraph.sources.loaders import load_paths  # noqa: E402
from kgraph.model import coarse  # noqa: E402
from kgraph.reference import reference_entities  # noqa: E402

_SENT = re.compile(r"(?<=[.!?다])\s+|\n+")


def seed_sentences(seeds: Path = ROOT / "seeds") -> list[str]:
    out = []
    for doc in load_paths([seeds]):
        if hasattr(doc, "text"):
            out += [s.strip() for s in _SENT.split(doc.text) if 15 <= len(s.strip()) <= 400]
    return out


class Swapper:
    """Replaces reference names in a sentence by names of other entities of the same kind."""

    def __init__(self, rnd: random.Random):
        self.rnd = rnd
        self.kind: dict[str, str] = {}
        by_kind: dict[str, list[tuple[str, str]]] = {}
        for e in reference_entities():
            k = coarse(e.type)
            by_kind.setdefault(k, []).append((e.ko, e.en))
            for name in (e.ko, e.en, *e.aliases):
                if name and len(name) >= 2:
                    self.kind.setdefault(name, k)
        self.by_kind = by_kind
        names = sorted(self.kind, key=len, reverse=True)
        # whole names only: not glued to a preceding syllable or letter (particles may follow Korean names)
        self.pattern = re.compile(r"(?<![\uac00-\ud7a3A-Za-z0-9])(?:" + "|".join(re.escape(n) for n in names) + ")")

    def __call__(self, sentence: str) -> str:
        def swap(m: re.Match) -> str:
            ko, en = self.rnd.choice(self.by_kind[self.kind[m.group()]])
            latin = not re.search("[\uac00-\ud7a3]", m.group())
            return (en if latin else ko) or ko or en
        return self.pattern.sub(swap, sentence)


def generate(n: int, seed: int = 20251123, min_sentences: int = 16, max_sentences: int = 40):
    """Yield n synthetic article dicts (id, title, date, publisher, text, synthetic)."""
    rnd = random.Random(seed)
    pool = seed_sentences()
    swap = Swapper(rnd)
    start = dt.date(2023, 1, 1)
    for i in range(n):
        sentences = [swap(s) for s in rnd.sample(pool, rnd.randint(min_sentences, min(max_sentences, len(pool))))]
        text = "\n".join(sentences)
        yield {"id": f"synthetic-{i:06d}", "title": "[synthetic] " + sentences[0][:60],
               "date": (start + dt.timedelta(days=rnd.randrange(3 * 365))).isoformat(),
               "publisher": "synthetic corpus", "synthetic": True, "text": text}


def write_jsonl(n: int, out: Path, seed: int = 20251123) -> tuple[int, int]:
    """Write n articles as JSONL; returns (articles, characters of text)."""
    chars = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        for art in generate(n, seed):
            chars += len(art["text"])
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    return n, chars


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("-o", "--output", type=Path, required=True, help="JSONL file to write")
    ap.add_argument("--seed", type=int, default=20251123)
    args = ap.parse_args(argv)
    t = time.perf_counter()
    n, chars = write_jsonl(args.n, args.output, args.seed)
    print(f"wrote {n} synthetic articles, {chars:,} characters, to {args.output} in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
