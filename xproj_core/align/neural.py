"""Neural word aligners (SimAlign / AWESoME family) on a contextual encoder.

``e5`` runs the embedded multilingual-e5-small; ``hf:NAME_OR_PATH`` any transformers encoder. Sentences
are encoded separately, in batches sorted by length; a sentence longer than the encoder's limit is cut
into overlapping windows and each subword keeps the vector from the window where it sits most centrally.
In ``subword`` mode (SimAlign's ``bpe``) subwords are aligned and two words are linked when any of their
subwords are; in ``word`` mode a word's vector is the mean of its subwords'. Special and padding tokens
never reach the similarity matrix.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import regex

from ..errors import Errors, XprojError, check_choice
from ..io.tokenize import UNSPACED
from ..types import Alignment, SentencePair
from .base import ALIGNERS
from .extraction import EXTRACTIONS, SOFTMAX_THRESHOLD, softmax_probs

MODES = ("subword", "word")
MARKER = "\u2581"
FINETUNE_RECORD = "xproj-finetune.json"
"""The training record ``xproj align-train`` writes into a fine-tuned model directory."""
# chosen on the awesome-align en-fr / ro-en gold sets (docs/aligners-neural.md)
DEFAULTS = {
    "layer": 7,
    "mode": "subword",
    "extraction": "argmax",
    "threshold": SOFTMAX_THRESHOLD,
    "center": "auto",
    "drop_markers": False,
}
# centring helps AER and projection with argmax/softmax/match but hurts both with itermax (docs/quality.md);
# dropping lone '▁' pieces helps AER (docs/aligners-neural.md) but its effect on projection is unmeasured, so it
# stays off by default and every projection figure in the docs keeps its meaning
OPTIONS = {
    "layer": f"hidden layer to align on, 0 = embeddings (default {DEFAULTS['layer']})",
    "mode": f"subword (align subwords, link words if any link) or word (mean of subwords); default {DEFAULTS['mode']}",
    "extraction": f"{' | '.join(EXTRACTIONS)} (default {DEFAULTS['extraction']})",
    "threshold": f"softmax extraction threshold (default {SOFTMAX_THRESHOLD})",
    "center": "subtract each sentence's mean subword vector before comparing (default auto: true, false with itermax)",
    "batch_tokens": "padded tokens per forward batch (default 8192)",
    "drop_markers": "leave lone SentencePiece '▁' pieces of multi-piece words out of the comparison (default False)",
}


MEMO_SENTENCES = 20_000
"""Encoded sentences kept per process (oldest dropped first)."""
_ENCODED: OrderedDict[tuple[tuple[str, int, bool], tuple[str, ...]], Encoded] = OrderedDict()


@lru_cache(maxsize=4)
def cached_encoder(spec: str) -> Any:
    """One loaded encoder per spec and process."""
    from ..models.encoders import load_encoder

    return load_encoder(spec)


@dataclass
class Encoded:
    """A sentence's content subword vectors and the words they belong to.

    Entry k says that subword ``unit_of[k]`` (k itself when ``unit_of`` is None) is part of word
    ``word_of[k]``; a subword spanning several words of an unspaced script (``北京`` over the words
    ``北`` and ``京``) has one entry per word."""

    vectors: np.ndarray
    word_of: np.ndarray
    unit_of: np.ndarray | None = None

    def units(self) -> np.ndarray:
        return np.arange(len(self.word_of)) if self.unit_of is None else self.unit_of


def windows(n: int, size: int) -> list[tuple[int, int, int, int]]:
    """Cover ``n`` subwords with windows of at most ``size``, overlapping by half a window.

    Each item is ``(start, end, keep_start, keep_end)``: the window and the part of it whose vectors are
    kept, so every position is kept exactly once, from the window where it is furthest from an edge.
    """
    if n <= size:
        return [(0, n, 0, n)]
    stride = max(1, size // 2)
    starts = list(range(0, n - size, stride)) + [n - size]
    result = []
    for k, start in enumerate(starts):
        end = start + size
        keep_start = 0 if k == 0 else (starts[k - 1] + size + start) // 2
        keep_end = n if k == len(starts) - 1 else (end + starts[k + 1]) // 2
        result.append((start, end, keep_start, keep_end))
    return result


def special_affixes(tokenizer: Any) -> tuple[list[int], list[int]]:
    """The special token ids the tokenizer puts before and after a sentence's content subwords."""
    probe = tokenizer([["x"]], is_split_into_words=True)
    content = [k for k, w in enumerate(probe.word_ids(0)) if w is not None]
    return probe.input_ids[0][: content[0]], probe.input_ids[0][content[-1] + 1 :]


UNSPACED_WORD = regex.compile(rf"[{UNSPACED}\u3000-\u303f\u30fc\uff00-\uffef]+")
"""A word of a script written without spaces (or its punctuation): it joins its neighbours unspaced."""


def chunks(words: Sequence[str]) -> tuple[list[str], list[tuple[int, list[int]]]]:
    """The words as the encoder should read them: consecutive words of unspaced scripts joined into one
    chunk (the text as written, not one character per pseudo-word); per chunk, its first word and the
    character offset where each of its words starts."""
    texts: list[str] = []
    layout: list[tuple[int, list[int]]] = []
    for index, word in enumerate(words):
        joins = texts and UNSPACED_WORD.fullmatch(word) and UNSPACED_WORD.fullmatch(words[index - 1])
        if joins:
            layout[-1][1].append(len(texts[-1]))
            texts[-1] += word
        else:
            texts.append(word)
            layout.append((index, [0]))
    return texts, layout


def entries(
    word_ids: list[int], offsets: list[tuple[int, int]], layout: list[tuple[int, list[int]]], keep: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(word, kept subword) entries of a sentence from its chunk-level subwords and their offsets."""
    words, units = [], []
    for unit, piece in enumerate(np.flatnonzero(keep)):
        first_word, starts = layout[word_ids[piece]]
        start, end = offsets[piece]
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, max(start, end - 1)) - 1
        for word in range(first_word + first, first_word + last + 1):
            words.append(word)
            units.append(unit)
    return np.asarray(words, dtype=np.int64), np.asarray(units, dtype=np.int64)


def bare_marker_id(tokenizer: Any) -> int | None:
    """The id of SentencePiece's lone word-start piece ``▁``, or None when the vocabulary has none."""
    marker = tokenizer.convert_tokens_to_ids(MARKER)
    return None if marker is None or marker == tokenizer.unk_token_id else int(marker)


def content_pieces(ids: np.ndarray, word_of: np.ndarray, marker: int | None) -> np.ndarray:
    """Which pieces to align: all but a lone ``▁`` marker in a word that has other pieces (SentencePiece
    splits ``▁,`` or ``▁北`` into ``▁`` + the rest; the marker carries position, not content)."""
    keep = np.ones(len(ids), dtype=bool)
    if marker is None or not len(ids):
        return keep
    is_marker = ids == marker
    pieces_per_word = np.bincount(word_of, minlength=int(word_of.max()) + 1)
    keep[is_marker & (pieces_per_word[word_of] > 1)] = False
    return keep


@contextmanager
def layers_up_to(model: Any, layer: int) -> Iterator[bool]:
    """Temporarily drop the encoder layers above ``layer``; yields False when the model has no
    ``encoder.layer`` list (then all hidden states are computed)."""
    stack = getattr(getattr(model, "encoder", None), "layer", None)
    if stack is None:
        yield False
        return
    import torch

    model.encoder.layer = torch.nn.ModuleList(list(stack)[:layer])
    try:
        yield True
    finally:
        model.encoder.layer = stack


@dataclass
class NeuralAligner:
    """SimAlign/AWESoME-style aligner over one encoder."""

    encoder_spec: str
    layer: int = DEFAULTS["layer"]
    mode: str = DEFAULTS["mode"]
    extraction: str = DEFAULTS["extraction"]
    threshold: float = DEFAULTS["threshold"]
    center: bool | str = DEFAULTS["center"]
    batch_tokens: int = 8192
    drop_markers: bool = DEFAULTS["drop_markers"]
    preloaded: Any = field(default=None, repr=False, compare=False)
    """An already loaded encoder to use instead of loading ``encoder_spec`` (a model being fine-tuned)."""
    name: str = field(init=False)

    def __post_init__(self) -> None:
        self.name = self.encoder_spec
        self.layer, self.threshold, self.batch_tokens = int(self.layer), float(self.threshold), int(self.batch_tokens)
        if self.center == "auto":
            self.center = self.extraction != "itermax"
        elif isinstance(self.center, str):
            self.center = self.center.lower() in {"1", "true", "yes"}
        if isinstance(self.drop_markers, str):
            self.drop_markers = self.drop_markers.lower() in {"1", "true", "yes"}
        check_choice("mode", self.mode, MODES)
        check_choice("extraction", self.extraction, EXTRACTIONS)
        if self.batch_tokens < 1:
            raise XprojError(Errors.E016, option=f"batch_tokens={self.batch_tokens}", detail="must be positive")

    @property
    def encoder(self) -> Any:
        encoder = self.preloaded or cached_encoder(self.encoder_spec)
        if not 0 <= self.layer <= encoder.num_layers:
            raise XprojError(
                Errors.E016, option=f"layer={self.layer}", detail=f"{self.name} has layers 0..{encoder.num_layers}"
            )
        return encoder

    def signature(self) -> str:
        encoder = self.encoder
        settings = dict(
            layer=self.layer,
            mode=self.mode,
            extraction=self.extraction,
            center=self.center,
            **({"drop_markers": True} if self.drop_markers else {}),  # off: the signature of earlier releases
            max_length=encoder.max_length,
            windows="half-overlap",
            similarity="dot" if self.extraction == "softmax" else "(cos+1)/2",
        )
        if self.extraction == "softmax":
            settings["threshold"] = self.threshold
        return f"{self.name}(" + ",".join(f"{k}={v}" for k, v in settings.items()) + ")"

    # ------------------------------------------------------------ encoding

    def encode(self, sentences: Sequence[Sequence[str]], progress: bool = False) -> list[Encoded]:
        """Content-subword vectors at ``self.layer`` for each sentence (a list of words)."""
        import torch
        from tqdm import tqdm

        encoder = self.encoder
        tokenizer = encoder.tokenizer
        sentences = [list(s) for s in sentences]
        if not sentences:
            return []
        chunked = [chunks(s) for s in sentences]
        tokenized = tokenizer(
            [texts for texts, _ in chunked],
            is_split_into_words=True,
            add_special_tokens=False,
            return_offsets_mapping=True,
        )
        prefix, suffix = special_affixes(tokenizer)
        size = encoder.max_length - len(prefix) - len(suffix)

        segments = []  # (sentence, window start, end, keep start, keep end)
        for s in range(len(sentences)):
            n = len(tokenized.input_ids[s])
            segments += [(s, *w) for w in windows(n, size)] if n else []
        segments.sort(key=lambda seg: seg[2] - seg[1])
        batches: list[list[tuple[int, int, int, int, int]]] = []
        for seg in segments:
            width = seg[2] - seg[1] + len(prefix) + len(suffix)
            if batches and width * (len(batches[-1]) + 1) <= self.batch_tokens:
                batches[-1].append(seg)
            else:
                batches.append([seg])

        hidden = encoder.model.config.hidden_size
        out = [np.zeros((len(ids), hidden), np.float32) for ids in tokenized.input_ids]
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
        with torch.inference_mode(), layers_up_to(encoder.model, self.layer) as truncated:
            for batch in tqdm(batches, desc=f"encode {self.name}", unit="batch", disable=not progress):
                rows = [prefix + tokenized.input_ids[s][a:b] + suffix for s, a, b, _, _ in batch]
                width = max(map(len, rows))
                ids = torch.full((len(rows), width), pad, dtype=torch.long)
                mask = torch.zeros((len(rows), width), dtype=torch.long)
                for r, row in enumerate(rows):
                    ids[r, : len(row)] = torch.tensor(row)
                    mask[r, : len(row)] = 1
                result = encoder.model(input_ids=ids, attention_mask=mask, output_hidden_states=not truncated)
                states = (result.last_hidden_state if truncated else result.hidden_states[self.layer]).float().numpy()
                for r, (s, a, _, keep_a, keep_b) in enumerate(batch):
                    start = len(prefix) + keep_a - a
                    out[s][keep_a:keep_b] = states[r, start : start + keep_b - keep_a]
        marker = bare_marker_id(tokenizer) if self.drop_markers else None
        result = []
        for s, (texts, layout) in enumerate(chunked):
            chunk_of = np.asarray(tokenized.word_ids(s), dtype=np.int64).reshape(-1)
            keep = content_pieces(np.asarray(tokenized.input_ids[s], dtype=np.int64), chunk_of, marker)
            if len(texts) == len(sentences[s]):  # no unspaced run: one chunk per word
                result.append(Encoded(out[s][keep], chunk_of[keep]))
            else:
                word_of, unit_of = entries(chunk_of.tolist(), tokenized.offset_mapping[s], layout, keep)
                result.append(Encoded(out[s][keep], word_of, unit_of))
        return result

    def encode_memoized(self, sentences: Sequence[tuple[str, ...]], progress: bool = False) -> list[Encoded]:
        """``encode`` through a per-process memo, so aligners sharing an encoder and layer (argmax and
        itermax, or the same English side of several corpora) encode each sentence once."""
        key = (self.encoder_spec, self.layer, self.drop_markers)
        missing = [s for s in dict.fromkeys(sentences) if (key, s) not in _ENCODED]
        for sentence, encoded in zip(missing, self.encode(missing, progress=progress)):
            _ENCODED[(key, sentence)] = encoded
        result = [_ENCODED[(key, s)] for s in sentences]
        while len(_ENCODED) > MEMO_SENTENCES:
            _ENCODED.popitem(last=False)
        return result

    # ------------------------------------------------------------ alignment

    def _units(self, encoded: Encoded, n_words: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Vectors of the alignment units (subwords or words), and per (unit, word) entry its unit and word."""
        vectors = encoded.vectors - encoded.vectors.mean(0) if self.center and len(encoded.vectors) else encoded.vectors
        if self.mode == "subword" or not len(encoded.word_of):
            return vectors, encoded.units(), encoded.word_of
        words = np.unique(encoded.word_of)
        sums = np.zeros((n_words, vectors.shape[1]), np.float64)
        np.add.at(sums, encoded.word_of, vectors[encoded.units()])
        counts = np.bincount(encoded.word_of, minlength=n_words)[words, None]
        return (sums[words] / counts).astype(np.float32), np.arange(len(words)), words

    def _similarity(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        if self.extraction == "softmax":
            return x @ y.T
        x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
        y = y / np.maximum(np.linalg.norm(y, axis=1, keepdims=True), 1e-12)
        return (x @ y.T + 1.0) / 2.0

    def align_encoded(self, src: Encoded, tgt: Encoded, n_src: int, n_tgt: int) -> Alignment:
        """Word alignment of one pair from its encoded sides."""
        x, src_unit, src_word = self._units(src, n_src)
        y, tgt_unit, tgt_word = self._units(tgt, n_tgt)
        scores = np.zeros((n_src, n_tgt), np.float32)
        if not (len(x) and len(y)):
            return Alignment(scores, frozenset())
        sim = self._similarity(x, y)
        if self.extraction == "softmax":
            unit_scores = softmax_probs(sim)
            unit_links = unit_scores > self.threshold
        else:
            unit_scores, unit_links = sim, EXTRACTIONS[self.extraction](sim)
        np.maximum.at(scores, (src_word[:, None], tgt_word[None, :]), unit_scores[src_unit][:, tgt_unit])
        rows, cols = np.nonzero(unit_links[src_unit][:, tgt_unit])
        links = frozenset(zip(src_word[rows].tolist(), tgt_word[cols].tolist()))
        return Alignment(scores, links)

    def align(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[Alignment]:
        """One alignment per pair; each distinct sentence is encoded once."""
        index: dict[tuple[str, ...], int] = {}
        for pair in pairs:
            for tokens in (pair.src_tokens, pair.tgt_tokens):
                index.setdefault(tuple(tokens), len(index))
        encoded = self.encode_memoized(list(index), progress=progress)
        return [
            self.align_encoded(
                encoded[index[tuple(p.src_tokens)]],
                encoded[index[tuple(p.tgt_tokens)]],
                len(p.src_tokens),
                len(p.tgt_tokens),
            )
            for p in pairs
        ]


@ALIGNERS.register("e5", "multilingual-e5-small (embedded, offline), SimAlign/AWESoME extraction", options=OPTIONS)
def make_e5(**options: Any) -> NeuralAligner:
    return NeuralAligner("e5", **options)


@ALIGNERS.register(
    "hf",
    "any transformers encoder by hub name or local path, SimAlign/AWESoME extraction",
    takes_argument=True,
    argument_help="NAME_OR_PATH",
    options=OPTIONS,
)
def make_hf(argument: str, **options: Any) -> NeuralAligner:
    """A directory written by ``xproj align-train`` aligns as it was trained (its layer, lone ``▁`` pieces
    dropped) unless the options say otherwise."""
    record = Path(argument) / FINETUNE_RECORD
    if record.is_file():
        options.setdefault("drop_markers", True)
        if "layer" not in options:
            options["layer"] = json.loads(record.read_text(encoding="utf-8"))["training"]["settings"]["layer"]
    return NeuralAligner(f"hf:{argument}", **options)
