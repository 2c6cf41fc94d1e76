"""Bytes to text: UTF-8 (with a byte-order mark or UTF-16 too), nearly-UTF-8 with replacement, Korean
CP949/EUC-KR only when it reads as Korean, Western Windows-1252, and East Asian legacy encodings that
charset-normalizer recognises; what was guessed is said in words for the document's warnings."""
from __future__ import annotations

import re

from kgraph.errors import LoadError


def decode(data: bytes, path: str) -> str:
    """Text from bytes (see decode_noted); what was guessed is dropped."""
    return decode_noted(data, path)[0]


# Characters a Windows-1252 (cp1252) text plausibly holds beyond ASCII: typographic punctuation, currency
# and signs anywhere; accented Latin letters only next to a letter (inside a word).
_CP1252_SIGNS = set("‘’‚“”„–—…•·€£¥¢™©®°±×÷«»§¶†‡‰′″¡¿¼½¾²³µ\xa0")
_LATIN_LETTER = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœŠšŽžŸƒ]")


def _utf8_errors(data: bytes) -> tuple[str, int, int]:
    """The bytes as UTF-8 with each invalid sequence replaced by U+FFFD, the number of invalid
    sequences, and the byte offset of the first."""
    found: list[int] = []

    def note(err: UnicodeDecodeError):
        found.append(err.start)
        return "\ufffd", err.end
    import codecs
    codecs.register_error("kgraph-count", note)
    return data.decode("utf-8", errors="kgraph-count"), len(found), (found[0] if found else -1)


def _plausible_cp949(data: bytes, text: str) -> bool:
    """Whether bytes that decode as CP949 are Korean text. Not English with a stray byte that took the
    next letter as its partner (b"\x96Samsung" reads as '뻊amsung'): in Korean text most double-byte
    characters are the common syllables of EUC-KR, whose second byte is never ASCII. Not Chinese in
    GB18030, which reads as CP949 too, as Hangul and Hanja mixed: in Korean text most are Hangul."""
    pairs = re.findall(rb"[\x81-\xfe][\x00-\xff]", data, re.S)     # a lead byte takes the next byte
    ascii_trail = sum(1 for p in pairs if p[1] < 0x80)
    return bool(pairs) and ascii_trail * 10 <= len(pairs) and len(re.findall("[가-힣]", text)) * 10 >= len(pairs) * 7


def _plausible_cp1252(text: str) -> bool:
    """Whether a cp1252 reading looks like Western text: every character beyond ASCII a typographic sign,
    or an accented letter next to another letter, and such characters a small part of the text."""
    odd = 0
    for m in re.finditer(r"[^\x00-\x7f]", text):
        c, i = m.group(), m.start()
        odd += 1
        if c in _CP1252_SIGNS or c in "àÀéÉ":          # French à, Portuguese é: words of one letter
            continue
        if _LATIN_LETTER.match(c) and (_LATIN_LETTER.match(text[i - 1:i] or " ") or
                                       _LATIN_LETTER.match(text[i + 1:i + 2] or " ")):
            continue
        return False
    return 0 < odd * 3 <= len(text) and len(re.findall("[A-Za-z]", text)) >= odd


def decode_noted(data: bytes, path: str) -> tuple[str, str | None]:
    """Text from bytes, and a note saying what was decided when it was a guess (None when it was not).

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as they are. Otherwise, in order: text that
    is nearly UTF-8 (at most one bad sequence in a thousand bytes, as a stray byte in an English page)
    is read as UTF-8 with the bad bytes replaced by U+FFFD; Korean text in CP949/EUC-KR; Western text in
    Windows-1252 (curly quotes, accents); Japanese or Chinese in a legacy multi-byte encoding, as
    charset-normalizer detects it. Anything else is refused with a LoadError."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            raise LoadError(path, "starts with a UTF-16 byte-order mark but is not valid UTF-16") from None
    if b"\x00" in data[:8192]:
        raise LoadError(path, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        korean = data.decode("cp949")     # a superset of EUC-KR
        if _plausible_cp949(data, korean):
            return korean, None
    except UnicodeDecodeError:
        pass
    text, bad, first = _utf8_errors(data)
    if bad <= max(1, len(data) // 1000):
        return text, (f"not valid UTF-8: {bad} bad byte sequence{'s' if bad != 1 else ''} (the first at byte "
                      f"{first:,}) replaced by U+FFFD, the rest read as UTF-8; check the file's encoding")
    try:
        western = data.decode("cp1252")
        if _plausible_cp1252(western):
            return western, "not UTF-8; read as Windows-1252 (cp1252), the encoding its quotes and accents fit"
    except UnicodeDecodeError:
        pass
    guess = _east_asian(data)
    if guess:
        return guess
    raise LoadError(path, "cannot decode as UTF-8, CP949 or EUC-KR (or Windows-1252); convert it to UTF-8")


# Multi-byte encodings of Japanese and Chinese pages that charset-normalizer may name; a single-byte guess
# is never taken from it (it names one for any bytes at all, binary noise included).
_EAST_ASIAN = {"cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004", "euc_jisx0213",
               "iso2022_jp", "gb18030", "gbk", "gb2312", "cp936", "big5", "big5hkscs", "cp950"}
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u3000-\u303f]")


def _east_asian(data: bytes) -> tuple[str, str] | None:
    """Japanese or Chinese text in a legacy encoding, as charset-normalizer detects it, when the reading
    is clean (little chaos) and made of kana and han characters; else None."""
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None or best.encoding not in _EAST_ASIAN or best.chaos > 0.1:
        return None
    text = str(best)
    wide = len(re.findall(r"[^\x00-\x7f]", text))
    if not wide or len(_CJK.findall(text)) * 2 < wide:
        return None
    return text, f"not UTF-8; read as {best.encoding} (detected by charset-normalizer)"
