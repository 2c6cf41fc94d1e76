"""The annotated articles kgraph learns from, read from a gold directory at run time.

The gold directory (../shared/gold beside the project) holds `train/` (articles with an `event`
column in its README: articles on one event stay in one fold), `dev/` (each article its own
group) and `seeds.jsonl` (gold for the project's five seed articles in seeds/). The texts belong
to their publishers: they are read from there, never copied into the project.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kgraph.errors import KgraphError
from kgraph.evaluate import read_gold

PROJECT = Path(__file__).resolve().parent.parent.parent


@dataclass
class GoldDoc:
    """One annotated article: where its text is, its gold line, and the group it is split by."""

    name: str
    path: Path
    gold: dict
    group: str
    part: str          # train, dev or seeds


def _events(readme: Path) -> dict[str, str]:
    """file -> event, from the table in train/README.md (the last column of each row)."""
    out: dict[str, str] = {}
    if not readme.exists():
        return out
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[0].endswith((".txt", ".md", ".html")):
            out[cells[0]] = cells[-1]
    return out


def _part(gold_dir: Path, part: str, texts: Path, gold_file: Path, events: dict[str, str]) -> list[GoldDoc]:
    out = []
    for g in read_gold(gold_file):
        path = texts / g["doc"]
        if not path.exists():
            raise KgraphError(f"{gold_file}: document {g['doc']!r} has no text at {path}")
        out.append(GoldDoc(g["doc"], path, g, events.get(g["doc"], f"{part}:{g['doc']}"), part))
    return out


def load_corpus(gold_dir: str | Path, parts: tuple[str, ...] = ("train", "dev", "seeds")) -> list[GoldDoc]:
    """Every annotated article of the requested parts, in a stable order."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise KgraphError(f"gold directory {gold_dir} not found; give the folder that holds train/, dev/ and "
                          f"seeds.jsonl (../shared/gold beside the project)")
    out: list[GoldDoc] = []
    for part in parts:
        if part == "seeds":
            out += _part(gold_dir, part, PROJECT / "seeds", gold_dir / "seeds.jsonl", {})
        else:
            d = gold_dir / part
            out += _part(gold_dir, part, d / "texts", d / "gold.jsonl", _events(d / "README.md"))
    return out


# -------------------------------------------------------------------------------- matching names
def norm(s: str) -> str:
    """A name as the referee compares it: NFKC, case-folded, without white space and middle dots."""
    s = unicodedata.normalize("NFKC", s).casefold()
    return "".join(ch for ch in s if not ch.isspace() and ch not in "·・")


class GoldIndex:
    """One document's gold: entity ids by (type, name), relations by pair, evidence located in the text."""

    def __init__(self, gold: dict, text: str):
        self.ents = {e["id"]: e for e in gold["entities"]}
        self.by_name: dict[tuple[str, str], str] = {}
        for e in gold["entities"]:
            for lab in e["labels"]:
                self.by_name.setdefault((e["type"], norm(lab)), e["id"])
        self.relations: list[tuple[str, str, str, tuple[int, int] | None, bool]] = []
        for r in gold["relations"]:
            optional = bool(r.get("optional") or self.ents[r["s"]].get("optional") or
                            self.ents[r["o"]].get("optional"))
            self.relations.append((r["s"], r["p"], r["o"], locate(text, r.get("evidence", "")), optional))

    def entity(self, coarse_type: str, names: list[str]) -> str | None:
        for n in names:
            gid = self.by_name.get((coarse_type, norm(n)))
            if gid is not None:
                return gid
        return None


_WS = re.compile(r"\s+")


def locate(text: str, evidence: str) -> tuple[int, int] | None:
    """Where the evidence snippet stands in the text (white space compared loosely), or None."""
    ev = _WS.sub(" ", evidence).strip()
    if len(ev) < 4:
        return None
    k = text.find(ev)
    if k != -1:
        return k, k + len(ev)
    # compare with runs of white space collapsed, then map back to the text's offsets
    flat, offsets = [], []
    prev_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if prev_space:
                continue
            prev_space = True
            ch = " "
        else:
            prev_space = False
        flat.append(ch)
        offsets.append(i)
    flat_text = "".join(flat)
    k = flat_text.find(ev)
    if k != -1:
        return offsets[k], offsets[k + len(ev) - 1] + 1
    head, tail = flat_text.find(ev[:30]), flat_text.find(ev[-30:])   # an annotator's small edit inside
    if head != -1:
        return offsets[head], offsets[head] + len(ev)
    if tail != -1:
        end = offsets[tail + min(30, len(ev)) - 1] + 1
        return max(0, end - len(ev)), end
    return None
