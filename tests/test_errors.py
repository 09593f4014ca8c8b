import re

import pytest

from xproj_core.errors import Errors, XprojError


def test_codes_are_well_formed_and_templates_unique():
    codes = {k: v for k, v in vars(Errors).items() if not k.startswith("_")}
    assert all(re.fullmatch(r"E\d{3}", k) for k in codes)
    # XprojError finds the code from the template, so templates must be distinct
    assert len(set(codes.values())) == len(codes)


def test_message_names_code_file_and_line():
    error = XprojError(Errors.E003, path="a.conll", line=7, n_tokens=3, n_tags=2)
    assert str(error) == "[E003] a.conll:7: 3 tokens but 2 tags"
    assert (error.code, error.path, error.line) == ("E003", "a.conll", 7)
    assert str(XprojError(Errors.E002)) == "[E002] file is empty"
    with pytest.raises(KeyError):
        XprojError(Errors.E003, path="x")  # missing fields are a programming error


def test_check_choice_names_option_and_choices():
    from xproj_core.errors import check_choice

    check_choice("mode", "word", ["subword", "word"])
    with pytest.raises(XprojError, match=r"\[E016\] invalid option 'mode=wrd': choose from subword, word"):
        check_choice("mode", "wrd", ["subword", "word"])
