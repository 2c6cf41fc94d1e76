"""Relations between linked mentions (filled in below)."""
from __future__ import annotations


def extract_relations(analysis, linked):
    return []
