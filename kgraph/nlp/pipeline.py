"""The spaCy pipeline built from pipeline.cfg, and the Extractor the ingest stage calls."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import load_config, load_model_from_config

from kgraph.model import Document, Extraction, coarse
from kgraph.nlp import tokenizer_ko  # noqa: F401  (registers kgraph.KiwiTokenizer.v1)
from kgraph.nlp.entities import find_spans
from kgraph.nlp.linking import link, to_mentions

CONFIG = Path(__file__).with_name("pipeline.cfg")

for _name in ("kg_mentions", "kg_relations", "kg_analysis", "kg_linked", "kg_candidates"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory("kgraph_entities")
def make_entities(nlp: Language, name: str):
    """Finds and links mentions; sets doc._.kg_mentions and doc.ents (for displaCy)."""

    def component(doc: Doc) -> Doc:
        analysis = find_spans(doc)
        linked = link(analysis)
        doc._.kg_analysis = analysis
        doc._.kg_linked = linked
        doc._.kg_mentions = to_mentions(analysis, linked)
        ents = []
        last = -1
        for s, ent in linked:
            span = doc.char_span(s.start, s.end, label=coarse(ent.type), alignment_mode="expand")
            if span is not None and span.start > last:
                ents.append(span)
                last = span.end - 1
        doc.ents = [e for e in ents if isinstance(e, SpacySpan)]
        return doc

    return component


@Language.factory("kgraph_relations", default_config={"model": ""})
def make_relations(nlp: Language, name: str, model: str):
    """Relations between linked mentions: the rules' candidates and every typed pair of a sentence, accepted
    by the learned scorer (`model`: a model file, or "" for the packaged one); sets doc._.kg_relations and
    doc._.kg_candidates (what kgraph.learn trains and cross-validates on)."""
    from kgraph.nlp.accept import accept, relation_candidates
    from kgraph.nlp.scorer import load_model
    scorer = load_model(model)

    def component(doc: Doc) -> Doc:
        stated, cands = relation_candidates(doc._.kg_analysis, doc._.kg_linked)
        doc._.kg_candidates = cands
        doc._.kg_relations = accept(cands, scorer, scorer.rules_too) if scorer is not None else stated
        return doc

    return component


def build_nlp(num_workers: int = 0) -> Language:
    """The pipeline from pipeline.cfg; `num_workers` Kiwi threads for batches."""
    config = load_config(CONFIG)
    config["nlp"]["tokenizer"]["num_workers"] = num_workers
    return load_model_from_config(config, auto_fill=True, validate=True)


@lru_cache(maxsize=4)
def cached_nlp(num_workers: int = 0) -> Language:
    return build_nlp(num_workers)


class Extractor(Protocol):
    """What the ingest stage needs from an NLP backend."""

    def extract(self, docs: list[Document]) -> list[Extraction]:
        """One Extraction per document, in order."""


def release(doc: Doc) -> None:
    """Drop what the components hung on a Doc once its extraction is taken: the analysis refers back to
    the Doc, a cycle that only the cycle collector would free, after the Docs of many batches have piled
    up (issue 27: +160 MiB a worker after 300 articles with full collections a tenth as often)."""
    for name in ("kg_analysis", "kg_linked", "kg_candidates", "kg_mentions", "kg_relations"):
        setattr(doc._, name, None)
    doc.user_data.clear()


class SpacyExtractor:
    """kgraph's rule-based extractor on spaCy with Kiwi tokens."""

    def __init__(self, threads: int | None = None):
        """`threads`: Kiwi's threads for a batch (default: every core; 1 tokenizes in this thread)."""
        from kgraph.config import default_threads
        self.threads = threads or default_threads()
        self.nlp = cached_nlp(self.threads if self.threads > 1 else 0)

    def analyse(self, texts: list[str]) -> list[Doc]:
        """spaCy Docs with kgraph's annotations; Kiwi gets the whole list at once."""
        docs = list(self.nlp.tokenizer.pipe(texts))
        return list(self.nlp.pipe(docs))

    def extract(self, docs: list[Document]) -> list[Extraction]:
        out = []
        for doc in self.analyse([d.text for d in docs]):
            out.append(Extraction(doc._.kg_mentions or [], doc._.kg_relations or []))
            release(doc)
        return out


EXTRACTORS: dict[str, Callable[..., Extractor]] = {"kgraph.rules.v1": SpacyExtractor}


def get_extractor(name: str = "kgraph.rules.v1", threads: int | None = None) -> Extractor:
    """An extractor by registered name (entry point group `kgraph.extractors` adds more)."""
    if name not in EXTRACTORS:
        from importlib.metadata import entry_points
        for ep in entry_points(group="kgraph.extractors"):
            if ep.name == name:
                EXTRACTORS[name] = ep.load()
                break
        else:
            from kgraph.errors import KgraphError
            raise KgraphError(f"unknown extractor {name!r}; available: {', '.join(sorted(EXTRACTORS))}")
    return EXTRACTORS[name](threads=threads)
