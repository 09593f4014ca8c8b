import re

import pytest

from xproj_core.errors import Errors, XprojError


def test_codes_are_well_formed():
    codes = [k for k in vars(Errors) if not k.startswith("_")]
    assert codes and all(re.fullmatch(r"E\d{3}", k) for k in codes)
    assert len(set(codes)) == len(codes)


def test_reading_a_code_gives_the_coded_template():
    assert Errors.E013 == "[E013] unknown dataset {name!r}; run `xproj datasets` to list them"
    assert (Errors.E013.code, Errors.E013.template) == ("E013", vars(Errors)["E013"])


def test_code_comes_from_the_attribute_not_the_message_text():
    class Twin(Errors):
        E999 = vars(Errors)["E002"]  # same text as E002, another code

    assert XprojError(Twin.E999).code == "E999"
    assert XprojError(Errors.E002).code == "E002"
    with pytest.raises(TypeError):
        XprojError("file is empty")  # a bare string has no code


def test_message_names_code_file_and_line():
    error = XprojError(Errors.E003, path="a.conll", line=7, n_tokens=3, n_tags=2)
    assert str(error) == "[E003] a.conll:7: 3 tokens but 2 tags"
    assert (error.code, error.path, error.line) == ("E003", "a.conll", 7)
    assert str(XprojError(Errors.E002)) == "[E002] file is empty"
    with pytest.raises(KeyError):
        XprojError(Errors.E003, path="x")  # missing fields are a programming error


def test_error_survives_pickling():
    import pickle

    error = pickle.loads(pickle.dumps(XprojError(Errors.E003, path="a.conll", line=7, n_tokens=3, n_tags=2)))
    assert str(error) == "[E003] a.conll:7: 3 tokens but 2 tags"
    assert (type(error), error.code, error.path, error.line) == (XprojError, "E003", "a.conll", 7)


def test_check_choice_names_option_and_choices():
    from xproj_core.errors import check_choice

    check_choice("mode", "word", ["subword", "word"])
    with pytest.raises(XprojError, match=r"\[E016\] invalid option 'mode=wrd': choose from subword, word"):
        check_choice("mode", "wrd", ["subword", "word"])
