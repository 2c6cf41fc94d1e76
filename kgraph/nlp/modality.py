"""Modality and negation of a relation, from the words that follow its trigger in the sentence."""
from __future__ import annotations

import re

SPECULATED = re.compile(r"전망|관측|가능성|예상|추정|유력|점쳐|예측|기대된다|기대가|해석|풀이|보인다|보여|보이|것으로 보|"
                        r"[ㄹ을] 수 있|할 수 있|될 수 있|수 있다는|여겨지|의혹|시사|로 알려|것으로 알려|"
                        r"\b(?:may|might|could|expected|likely|reportedly|possibly)\b")
DISCUSSED = re.compile(r"논의|협의|검토|고려|타진|모색|의견을 나누|이야기를 나누|대화를 나누|토론|협상|"
                       r"\b(?:discuss\w*|talks?|consider\w*|negotiat\w*)\b")
PLANNED = re.compile(r"예정|계획|기로 했|기로 결정|기로 합의|방침|추진|할 것|될 것|것이다|예고|준비 중|목표|나설|"
                     r"\b(?:will|plans?|planned|to be|set to|aims?)\b")
NEGATION = re.compile(r"(?<!뿐만 )(?<!뿐 )(?<!뿐)아니[다라고며]?|아닌|않|없[다었고는]|부인|못하|못했|무산|결렬|철회|중단|금지|퇴출|차단|배제|"
                      r"\b(?:not|no longer|never|denied|deny|denies)\b")


def modality_of(after_trigger: str, trigger: str = "", before_trigger: str = "") -> str:
    """stated, planned, discussed or speculated, from the trigger and the rest of its sentence.

    Korean marks modality after the verb (협력할 예정이다); English before it (will partner),
    so the words just before the trigger count too when given.
    """
    text = before_trigger + " " + trigger + " " + after_trigger
    if SPECULATED.search(text):
        return "speculated"
    if DISCUSSED.search(text):
        return "discussed"
    if PLANNED.search(text):
        return "planned"
    return "stated"


def negated(clause_after_trigger: str) -> bool:
    """Whether the trigger's own clause denies it (않, 없, 아니, 부인 …); 뿐만 아니라 is not a denial."""
    return bool(NEGATION.search(clause_after_trigger))
