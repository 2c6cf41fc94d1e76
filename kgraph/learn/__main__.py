"""`python -m kgraph.learn train|cv`: what `make train` and `make cv` run."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kgraph.errors import KgraphError

EXAMPLES = """examples:
  python -m kgraph.learn train --gold ../shared/gold            # rebuild kgraph/data/models/relations.json
  python -m kgraph.learn train --gold ../shared/gold -o m.json  # write elsewhere
  python -m kgraph.learn cv --gold ../shared/gold --folds 5     # grouped cross-validation; ends with a cv: line
  python -m kgraph.learn cv --gold ../shared/gold --misses /tmp/misses.txt   # and every held-out miss, one a line
"""


def main(argv: list[str] | None = None) -> int:
    from kgraph.nlp.scorer import MODEL
    ap = argparse.ArgumentParser(prog="python -m kgraph.learn", description=__doc__, epilog=EXAMPLES,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=("train", "cv"))
    ap.add_argument("--gold", default="../shared/gold", help="folder with train/, dev/ and seeds.jsonl")
    ap.add_argument("-o", "--output", default=str(MODEL), help="where train writes the model")
    ap.add_argument("--folds", type=int, default=5, help="folds of the cross-validation (default 5)")
    ap.add_argument("--quiet", action="store_true", help="only the final line")
    ap.add_argument("--misses", metavar="FILE", help="cv: write every missed and false entity and relation of the "
                    "held-out folds to FILE (outside the project: the lines name the articles' entities)")
    args = ap.parse_args(argv)

    def say(msg: str) -> None:
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    from kgraph.learn import analyse_corpus, cross_validate, load_corpus, train_model
    started = time.perf_counter()
    try:
        corpus = load_corpus(args.gold)
        items = analyse_corpus(corpus, say=say)
        if args.command == "train":
            model = train_model(items, say=say)
            out = Path(args.output)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(model.to_json(), encoding="utf-8")
            print(f"trained on {len(items)} articles: {len(model.weights):,} weights, threshold {model.threshold}, "
                  f"rules kept: {'yes' if model.rules_too else 'no'} -> {out} "
                  f"({time.perf_counter() - started:.0f} s)")
        else:
            result = cross_validate(items, k=args.folds, say=say)
            if args.misses:
                Path(args.misses).write_text("".join(m + "\n" for m in result.model.misses), encoding="utf-8")
                say(f"{len(result.model.misses)} misses -> {args.misses}")
            if not args.quiet:
                print(result.report())
            else:
                print(result.line())
    except KgraphError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
