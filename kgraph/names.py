"""Names as text: the key two spellings of one name share, and the language a name is written in."""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s·・]+")
HANGUL = re.compile(r"[\uac00-\ud7a3]")     # a Hangul syllable: the one definition the package uses


def normalise_name(name: str) -> str:
    """The matching key of a name: NFKC, case-folded, without spaces or middle dots."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name).casefold())


def label_language(text: str) -> str:
    """Language tag of a name: ko when it has Hangul syllables, else en."""
    return "ko" if HANGUL.search(text) else "en"
