from xproj_core import __version__
from xproj_core.signature import Signature, data_hash
from xproj_core.types import SentencePair


def test_signature_string_round_trips():
    sig = Signature(
        corpus="europarl-ner:en-de",
        pair="en-de",
        n=250,
        aligner="eflomal(extra=nllb-seed)",
        method="ilp-align",
        solver="exact",
        seed=3,
        data_hash="abc",
    )
    text = str(sig)
    assert text.startswith(
        "corpus:europarl-ner:en-de|pair:en-de|N:250|aligner:eflomal(extra=nllb-seed)|method:ilp-align|solver:exact|seed:3|"
    )
    assert f"|xproj:{__version__}|data:abc" in text
    assert Signature.parse(text) == sig


def test_data_hash_depends_on_content():
    a = SentencePair("1", "en", "de", ["a"], ["b"], ["O"], None)
    b = SentencePair("1", "en", "de", ["a"], ["b"], ["B-PER"], None)
    assert data_hash([a]) == data_hash([a]) != data_hash([b])


def test_parallel_source_is_signed_and_old_strings_still_parse():
    sig = Signature(corpus="bam-translate-test", pair="en-bm", n=500, aligner="eflomal", parallel="nllb-seed", seed=1)
    assert "|parallel:nllb-seed|" in str(sig) and Signature.parse(str(sig)) == sig
    old = (
        "corpus:c|pair:en-de|N:0|aligner:e5|method:heuristic|solver:-|seed:0|labels:gold|types:all|xproj:0.1.0|data:abc"
    )
    assert Signature.parse(old).parallel == "-"
    assert Signature.parse(old).data_hash == "abc" and str(Signature.parse(old)).endswith("|xproj:0.1.0|data:abc")


def test_training_is_signed_only_for_trained_tagger_cells():
    projection = Signature(corpus="c", pair="en-de", parallel="p")
    assert "training" not in str(projection) and Signature.parse(str(projection)) == projection
    trained = Signature(corpus="masakhaner2:hau:test", pair="en-hau", parallel="mafand", n=500, training="head")
    assert "|parallel:mafand|training:head|" in str(trained) and Signature.parse(str(trained)) == trained
    assert str(trained) != str(Signature(**{**trained.as_dict(), "training": "full"}))
