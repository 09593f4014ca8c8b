import pytest

from xproj_core.errors import XprojError
from xproj_core.io.tokenize import tokenize, tokenize_elided, tokenize_translation, tokenizer_name


def test_elided_rule_splits_after_the_apostrophe_unlike_the_default():
    text = "L'Union européenne, à Bruxelles."
    assert tokenize_elided(text) == ["L'", "Union", "européenne", ",", "à", "Bruxelles", "."]
    assert tokenize(text) == ["L'Union", "européenne", ",", "à", "Bruxelles", "."]


def test_translation_tokenizers_and_their_names():
    assert tokenize_translation("Ana  vive en Madrid.", "es", "whitespace") == ["Ana", "vive", "en", "Madrid."]
    assert tokenize_translation("Ana vive en Madrid.", "es") == ["Ana", "vive", "en", "Madrid", "."]
    assert (tokenizer_name("whitespace", "es"), tokenizer_name("spacy", "es")) == ("whitespace", "spacy-blank:es")
    with pytest.raises(XprojError, match=r"\[E016\] invalid option 'tokenizer=moses': choose from whitespace, spacy"):
        tokenize_translation("a b", "es", "moses")
