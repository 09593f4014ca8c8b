from __future__ import annotations

import json
import shutil

import pytest

from tests.fixtures.tiny_models import seq2seq
from xproj_core.errors import XprojError
from xproj_core.models import TRANSLATORS, TranslationScorer, Translator
from xproj_core.models.translators import parse_lang_codes


def test_cached_pipe_file_translates_both_ways(tmp_path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("The house .  ||| La casa .\nA cat ||| Un gato\n", encoding="utf-8")
    translator = TRANSLATORS.create(f"cached:{path}")
    assert isinstance(translator, Translator)
    assert translator.translate(["La  casa .", "A cat"], "es", "en") == ["The house .", "Un gato"]
    with pytest.raises(XprojError, match="E501"):
        translator.translate(["missing"], "es", "en")


def test_cached_jsonl_keyed_by_language(tmp_path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"translation": {"en": "Hello", "bam": "I ni ce", "fr": "Bonjour"}}) + "\n", "utf-8")
    translator = TRANSLATORS.create(f"cached:{path}")
    assert translator.translate(["I ni ce"], "bam", "en") == ["Hello"]
    assert translator.translate(["Hello"], "en", "fr") == ["Bonjour"]
    with pytest.raises(XprojError, match="E501"):
        translator.translate(["Hello"], "fr", "en")


def test_cached_malformed_line_names_line(tmp_path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("a ||| b\nno separator\n", encoding="utf-8")
    with pytest.raises(XprojError, match=r"t.txt:2"):
        TRANSLATORS.create(f"cached:{path}")


@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium not installed")
def test_apertium_eng_spa() -> None:
    translator = TRANSLATORS.create("apertium:eng-spa")
    out = translator.translate(["The house.", "The [ president ] visited Berlin ."], "en", "es")
    assert out[0] == "La casa."
    assert "[ presidente ]" in out[1] and "Berlín" in out[1]


def test_apertium_missing_pair_or_binary(monkeypatch) -> None:
    if shutil.which("apertium") is not None:
        with pytest.raises(XprojError, match=r"E017.*xxx-yyy"):
            TRANSLATORS.create("apertium:xxx-yyy")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(XprojError, match=r"E017.*apertium"):
        TRANSLATORS.create("apertium:eng-spa")


def test_parse_lang_codes() -> None:
    assert parse_lang_codes("en=eng_Latn, bam=bam_Latn") == {"en": "eng_Latn", "bam": "bam_Latn"}
    with pytest.raises(XprojError, match="E016"):
        parse_lang_codes("en")


@pytest.fixture(scope="module")
def hf_translator(tmp_path_factory):
    path = seq2seq(tmp_path_factory.mktemp("mt") / "m", ["__es__", "__en__"])
    return TRANSLATORS.create(f"hf:{path}", lang_codes="es=__es__,en=__en__", num_beams=2, max_new_tokens=6)


def test_hf_translate_forces_target_code(hf_translator) -> None:
    assert isinstance(hf_translator, Translator) and isinstance(hf_translator, TranslationScorer)
    out = hf_translator.translate(["the president visited berlin", "a cat"], "en", "es")
    assert len(out) == 2 and all(isinstance(t, str) for t in out)
    import torch

    inputs = hf_translator.tokenizer(["a cat"], return_tensors="pt")
    generated = hf_translator.model.generate(
        **inputs, max_new_tokens=3, forced_bos_token_id=hf_translator._set_langs("en", "es")
    )
    assert generated[0, 1].item() == hf_translator.tokenizer.convert_tokens_to_ids("__es__")
    assert hf_translator._set_langs("en", "xx") is None  # not a vocabulary token: nothing forced
    del torch


def test_hf_log_prob_matches_step_by_step_decoding(hf_translator) -> None:
    import torch

    sources, targets = ["the president visited berlin", "a cat"], ["el presidente visitó berlin", "la casa en la casa"]
    scores = hf_translator.log_prob(sources, targets, "en", "es")
    model, tokenizer = hf_translator.model, hf_translator.tokenizer
    for source, target, score in zip(sources, targets, scores):
        src = tokenizer([source], return_tensors="pt")["input_ids"]
        tgt = tokenizer([target])["input_ids"][0]
        decoder = [model.config.decoder_start_token_id]
        total = 0.0
        with torch.inference_mode():
            for token in tgt:
                logits = model(input_ids=src, decoder_input_ids=torch.tensor([decoder])).logits[0, -1]
                total += torch.log_softmax(logits, -1)[token].item()
                decoder.append(token)
        assert score == pytest.approx(total / len(tgt), abs=1e-4)
        assert score < 0
