"""The Kiwi tokenizer in spaCy: texts rebuild exactly, particles split, tags and sentences from Kiwi."""
import pytest
import spacy

import kgraph.nlp.tokenizer_ko  # noqa: F401


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("ko", config={"nlp": {"tokenizer": {"@tokenizers": "kgraph.KiwiTokenizer.v1"}}})


@pytest.mark.parametrize("text,tokens", [
    ("삼성전자는", ["삼성전자", "는"]),
    ("오픈AI가 카카오와", ["오픈", "AI", "가", "카카오", "와"]),
    ("협력을 강화했다.", ["협력", "을", "강화", "했", "다", "."]),           # 했 = 하 + 었, merged
    ("만났다", ["만났", "다"]),
    ("삼성전자·SK하이닉스", ["삼성전자", "·", "SK", "하이닉스"]),
    ("H100 GPU", ["H100", "GPU"]),
    ("", []),
])
def test_tokens(nlp, text, tokens):
    doc = nlp(text)
    assert [t.text for t in doc if not t.is_space] == tokens
    assert doc.text == text


@pytest.mark.parametrize("text", [
    "샘 올트먼 오픈AI 최고경영자(CEO)는  4일\n\n서울에서 만났다.",
    "a\u0301 😀 漢字 ㅋㅋ\x00z",
    "   ",
    "Hello world. OpenAI CEO Sam Altman met Mr. Son.",
    "했했했했 했다했다",
    "‘카나나’와 “챗GPT”, 「제미나이」",
])
def test_text_rebuilds_exactly(nlp, text):
    assert nlp(text).text == text


def test_tags_and_lemmas_come_from_kiwi(nlp):
    doc = nlp("카카오가 협력을 강화했다.")
    tags = {t.text: t.tag_ for t in doc}
    assert tags["카카오"] == "NNP" and tags["가"] == "JKS" and tags["을"] == "JKO"
    assert tags["했"] == "XSV+EP"
    assert [t.lemma_ for t in doc if t.text == "했"] == ["하"]


def test_sentence_boundaries(nlp):
    doc = nlp("오픈AI가 카카오와 손잡았다. 삼성전자는 HBM을 공급한다.")
    assert [s.text for s in doc.sents] == ["오픈AI가 카카오와 손잡았다.", "삼성전자는 HBM을 공급한다."]


def test_english_words_are_not_cut(nlp):
    assert [t.text for t in nlp("Hello world.")] == ["Hello", "world", "."]


def test_batch_pipe_matches_single(nlp):
    from kgraph.nlp.tokenizer_ko import KiwiTokenizer
    tok = KiwiTokenizer(nlp.vocab, num_workers=2)
    texts = ["카카오가 오픈AI와 협력한다.", "Plain English.", "삼성전자·SK하이닉스와"]
    assert [[t.text for t in d] for d in tok.pipe(texts)] == [[t.text for t in nlp(x)] for x in texts]


def test_english_sentences_end_after_a_closing_quote_and_at_line_breaks(nlp):
    doc = nlp("Share this story\n\nGlobex said it would “grow.” The deal closed. He said \"yes.\" Then U.S. firms left.")
    assert [s.text.strip() for s in doc.sents] == [
        "Share this story", "Globex said it would “grow.”", "The deal closed.", "He said \"yes.\"",
        "Then U.S. firms left."]


def test_an_english_paragraph_of_a_korean_text_is_split_as_english(nlp):
    from kgraph.nlp.tokenizer_ko import is_english
    text = "한빛전자는 모아테크와 제휴했다.\nSK Telecom (SK텔레콤) invests in Anthropic. Microsoft partners with OpenAI."
    assert [s.text.strip() for s in nlp(text).sents] == [
        "한빛전자는 모아테크와 제휴했다.", "SK Telecom (SK텔레콤) invests in Anthropic.", "Microsoft partners with OpenAI."]
    assert nlp(text).text == text
    assert is_english("SK Telecom (SK텔레콤) invests in Anthropic.")
    assert not is_english("SK텔레콤은 OpenAI와 Anthropic에 투자했다.")
    assert not is_english("SK하이닉스 HBM4 NVIDIA")


def test_two_names_joined_by_a_hyphen_are_two_tokens(nlp):
    words = [t.text for t in nlp("The Globex-Initech deal uses Spectrum-X, GPT-4 and Wi-Fi.")]
    assert words[:4] == ["The", "Globex", "-", "Initech"]
    assert "Spectrum-X" in words and "GPT-4" in words and "Wi-Fi" in words


def test_is_english_looks_at_the_last_word_first_and_answers_as_before():
    """is_english reads a line's last word before it collects every word (issue 27: most lines of a Korean
    article end in a Korean predicate); the answers are those of collecting every word first."""
    import re

    from kgraph.names import HANGUL
    from kgraph.nlp.tokenizer_ko import is_english

    def every_word_first(text):
        if not HANGUL.search(text):
            return True
        words = [w for w in re.sub(r"\([^()]*\)", " ", text).split() if any(c.isalnum() for c in w)]
        if len(words) < 3 or HANGUL.search(words[-1]):
            return False
        ko = sum(1 for w in words if HANGUL.search(w))
        latin = sum(1 for w in words if re.search(r"[A-Za-z]{2}", w) and not HANGUL.search(w))
        return latin >= 3 and ko / len(words) < 0.3

    lines = ["한빛전자는 새 칩을 공개했다.", "Hanbit Electronics (한빛전자) unveiled a new chip.", "한빛 (Hanbit) …",
             "Globex said 한빛 is a partner of Initech today .", "— · —", "", "한빛", "Globex 한빛 Initech",
             "A B C 한빛", "Globex and Initech ( 한빛전자 ) signed .", "SK텔레콤 and Globex and Initech signed a deal"]
    for line in lines:
        assert is_english(line) == every_word_first(line), line
