"""Learning from annotated articles: the scorer's training (`make train`) and grouped cross-validation (`make cv`).

The learned parts of extraction are trained here from a gold directory (../shared/gold: train/,
dev/, seeds.jsonl) and shipped as small files in kgraph/data/models; extraction itself never
imports this package.
"""
from __future__ import annotations

from kgraph.learn.corpus import GoldDoc, load_corpus
from kgraph.learn.cv import CVResult, analyse_corpus, cross_validate
from kgraph.learn.train import train_model

__all__ = ["CVResult", "GoldDoc", "analyse_corpus", "cross_validate", "load_corpus", "train_model"]
