"""Colours, shapes and words of the page: one place to change how the graph looks."""
from __future__ import annotations

from kgraph.predicates import predicates

# ontology class -> (colour, vis-network shape)
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "Company": ("#4e79a7", "dot"),
    "Group": ("#2f4b7c", "hexagon"),
    "Division": ("#76a5d8", "dot"),
    "University": ("#59a14f", "triangle"),
    "GovernmentBody": ("#9c755f", "square"),
    "Media": ("#bab0ac", "square"),
    "FinancialInstitution": ("#edc948", "hexagon"),
    "Foundation": ("#86bcb6", "triangle"),
    "Organization": ("#4e79a7", "dot"),
    "Person": ("#e15759", "diamond"),
    "AIModel": ("#f28e2b", "star"),
    "Service": ("#ff9da7", "star"),
    "Chip": ("#b07aa1", "triangleDown"),
    "CloudPlatform": ("#8cd17d", "triangleDown"),
    "Game": ("#d4a6c8", "star"),
    "Device": ("#a0cbe8", "triangleDown"),
    "Project": ("#ffbe7d", "star"),
    "Product": ("#f1ce63", "star"),
    "Event": ("#79706e", "square"),
    "Place": ("#d37295", "triangle"),
    "Entity": ("#999999", "dot"),
}

PREDICATE_COLOURS = {p.name: p.colour for p in predicates().values()}

TYPE_WORDS = {"en": {}, "ko": {
    "Company": "기업", "Group": "그룹", "Division": "사업부", "University": "대학", "GovernmentBody": "정부 기관",
    "Media": "언론", "FinancialInstitution": "금융사", "Foundation": "재단", "Organization": "조직",
    "Person": "인물", "AIModel": "AI 모델", "Service": "서비스", "Chip": "반도체", "CloudPlatform": "클라우드",
    "Game": "게임", "Device": "기기", "Project": "프로젝트", "Product": "제품", "Event": "행사", "Place": "장소", "Entity": "개체"}}


def type_style(type_: str) -> tuple[str, str]:
    return TYPE_STYLE.get(type_, TYPE_STYLE["Entity"])
