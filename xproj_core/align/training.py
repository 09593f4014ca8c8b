"""Fine-tuning an encoder for word alignment on plain parallel text (after AWESoME, Dou & Neubig 2021).

No gold alignments are needed. The objectives work on exactly what the neural aligner compares: the
content subword vectors of each sentence at the alignment layer, centred per sentence, and their dot
products ``S`` (source rows × target columns), turned into probabilities by a softmax over each row
(source → target) and over each column (target → source):

- ``so`` (self-training): the model's own confident links, those above ``threshold`` in both directions
  (recomputed on every batch, without gradient; with ``targets="base"`` computed once by the model
  before training, so that the targets cannot drift with it; with ``targets="ema"`` recomputed by a
  mean teacher, the exponential moving average of the trained weights), are the targets; the loss
  raises their probability in both directions, each direction normalised by its number of softmaxes (rows or columns).
- ``psi`` (parallel-sentence identification): every source sentence must pick its own translation among
  the targets of the batch (cross-entropy over cosine similarities of mean subword vectors, in-batch
  negatives), so sentence meaning stays shared across languages.
- ``co`` (consistency): the two directions' probability matrices should agree (their element-wise product
  summed, divided by the shorter side).

Translation language modelling is not offered: the embedded e5 has no masked-LM head, and a fresh head
over its 250k-piece vocabulary would cost more on a CPU than the rest of the training together.

Only the ``train_layers`` encoder layers just below the alignment layer learn; the embeddings (96 M of
e5-small's 118 M parameters) and the lower layers stay frozen, and the layers above the alignment layer
are not run. With ``ema`` > 0 the weights kept at the end are the moving average of the trained ones
(Polyak averaging), which damps the drift of self-training. The model stays in eval mode (no dropout),
so the confident links of ``so`` come from the same deterministic forward pass that is trained. Runs on
CUDA when ``torch.cuda.is_available()``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import Errors, XprojError
from ..types import SentencePair
from .neural import DEFAULTS, bare_marker_id, chunks, content_pieces, layers_up_to, special_affixes

OBJECTIVES = ("so", "psi", "co")
TARGETS = ("self", "base", "ema")
POOL_BATCHES = 50
"""Batches are cut from pools of this many batches sorted by length (little padding, random order)."""
SO_THRESHOLD = 0.3
"""Self-training links need this probability in both directions. AWESoME's 0.001 lets e5 reinforce
imprecise links (softmax extraction at 0.001: precision .75 on en-fr); 0.3 was chosen on the first halves
of the en-fr and ro-en gold sets among 0.001, 0.1, 0.3, 0.5, 0.7 (docs/aligners-neural.md)."""


@dataclass(frozen=True)
class TrainingSettings:
    """How an encoder is fine-tuned; every field goes into the model card."""

    layer: int = DEFAULTS["layer"]
    train_layers: int = 4
    objectives: tuple[str, ...] = ("so",)
    threshold: float = SO_THRESHOLD
    targets: str = "self"
    ema: float = 0.0
    learning_rate: float = 1e-4
    batch_size: int = 16
    epochs: int = 1
    max_subwords: int = 96
    psi_temperature: float = 0.05
    seed: int = 0

    def checked(self, num_layers: int) -> TrainingSettings:
        """These settings, or E110 naming the first invalid one."""
        problems = {
            "layer": not 1 <= self.layer <= num_layers,
            "train_layers": not 1 <= self.train_layers <= self.layer,
            "objectives": not self.objectives or not set(self.objectives) <= set(OBJECTIVES),
            "threshold": not 0 < self.threshold < 1,
            "targets": self.targets not in TARGETS or (self.targets == "ema" and not self.ema),
            "ema": not 0 <= self.ema < 1,
            "learning_rate": self.learning_rate <= 0,
            "batch_size": self.batch_size < 1 or ("psi" in self.objectives and self.batch_size < 2),
            "epochs": self.epochs < 1,
            "max_subwords": self.max_subwords < 1,
            "psi_temperature": self.psi_temperature <= 0,
        }
        for name, bad in problems.items():
            if bad:
                raise XprojError(Errors.E110, setting=f"{name}={getattr(self, name)!r}", detail=_RULES[name])
        return self


_RULES = {
    "layer": "must be a hidden layer of the encoder (1 .. number of layers)",
    "train_layers": "must be between 1 and the alignment layer",
    "objectives": f"a non-empty subset of {', '.join(OBJECTIVES)}",
    "threshold": "must lie strictly between 0 and 1",
    "targets": f"one of {', '.join(TARGETS)} (ema needs ema > 0)",
    "ema": "must lie in [0, 1): 0 keeps no average, else the decay of the moving average per step",
    "learning_rate": "must be positive",
    "batch_size": "must be positive (at least 2 with psi: it needs in-batch negatives)",
    "epochs": "must be at least 1",
    "max_subwords": "must be positive",
    "psi_temperature": "must be positive",
}


@dataclass
class TrainingReport:
    """What a fine-tuning run did (goes into the model card)."""

    settings: TrainingSettings
    n_pairs: int
    steps: int
    device: str
    seconds: float
    trainable_parameters: int
    total_parameters: int
    final_losses: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "settings": asdict(self.settings)}


def length_batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Indices grouped in batches of similar length: shuffled, sorted within pools, batches shuffled."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = batch_size * POOL_BATCHES
    batches: list[list[int]] = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lengths.__getitem__)
        batches += [chunk[k : k + batch_size] for k in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def confident_links(forward: Any, backward: Any, threshold: float) -> Any:
    """The links above ``threshold`` in both directions, as a 0/1 matrix without gradient."""
    return ((forward > threshold) & (backward > threshold)).detach().to(forward.dtype)


def pair_probabilities(x: Any, y: Any) -> tuple[Any, Any]:
    """Source → target (rows) and target → source (columns) softmaxes of the centred dot products."""
    x, y = x - x.mean(0), y - y.mean(0)
    logits = x @ y.T
    return logits.softmax(dim=1), logits.softmax(dim=0)


def pair_losses(x: Any, y: Any, settings: TrainingSettings, targets: Any = None) -> dict[str, Any]:
    """``so`` and ``co`` losses of one pair from its source (n × d) and target (m × d) subword vectors;
    ``targets`` (n × m, 0/1) replaces the model's own confident links as the ``so`` targets."""
    forward, backward = pair_probabilities(x, y)
    n, m = forward.shape
    losses = {}
    if "so" in settings.objectives:
        links = confident_links(forward, backward, settings.threshold) if targets is None else targets
        losses["so"] = -(links * (forward / n + backward / m)).sum() / 2
    if "co" in settings.objectives:
        losses["co"] = -(forward * backward).sum() / min(n, m)
    return losses


def psi_loss(src: Sequence[Any], tgt: Sequence[Any], temperature: float) -> Any:
    """In-batch parallel-sentence identification from mean subword vectors (both directions)."""
    import torch
    import torch.nn.functional as F

    a = F.normalize(torch.stack([v.mean(0) for v in src]), dim=-1)
    b = F.normalize(torch.stack([v.mean(0) for v in tgt]), dim=-1)
    logits = a @ b.T / temperature
    gold = torch.arange(len(src), device=logits.device)
    return (F.cross_entropy(logits, gold) + F.cross_entropy(logits.T, gold)) / 2


def _content_vectors(
    model: Any,
    rows: list[list[int]],
    affixes: tuple[list[int], list[int]],
    pad: int,
    layer: int,
    truncated: bool,
    device: str,
) -> list[Any]:
    """Each sentence's content subword vectors at the alignment layer (one padded forward pass)."""
    import torch

    prefix, suffix = affixes
    full = [prefix + row + suffix for row in rows]
    width = max(map(len, full))
    ids = torch.full((len(full), width), pad, dtype=torch.long)
    mask = torch.zeros((len(full), width), dtype=torch.long)
    for r, row in enumerate(full):
        ids[r, : len(row)] = torch.tensor(row)
        mask[r, : len(row)] = 1
    result = model(input_ids=ids.to(device), attention_mask=mask.to(device), output_hidden_states=not truncated)
    states = result.last_hidden_state if truncated else result.hidden_states[layer]
    return [states[r, len(prefix) : len(prefix) + len(row)] for r, row in enumerate(rows)]


def _src(pair: SentencePair) -> list[str]:
    return pair.src_tokens


def _tgt(pair: SentencePair) -> list[str]:
    return pair.tgt_tokens


def _subwords(tokenizer: Any, sentences: list[list[str]], limit: int) -> list[tuple[list[int], Any]]:
    """Per sentence its first ``limit`` subword ids, read as the aligner reads them (unspaced scripts as
    written), and which of them the aligner compares (lone ``▁`` markers dropped)."""
    import numpy as np

    tokenized = tokenizer([chunks(words)[0] for words in sentences], is_split_into_words=True, add_special_tokens=False)
    marker = bare_marker_id(tokenizer)
    result = []
    for s, ids in enumerate(tokenized.input_ids):
        chunk_of = np.asarray(tokenized.word_ids(s)[:limit], dtype=np.int64)
        result.append((ids[:limit], content_pieces(np.asarray(ids[:limit], dtype=np.int64), chunk_of, marker)))
    return result


def _freeze_all_but(model: Any, settings: TrainingSettings) -> list[Any]:
    """Freeze every parameter except those of the ``train_layers`` layers under the alignment layer."""
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    stack = getattr(getattr(model, "encoder", None), "layer", None)
    if stack is None:
        raise XprojError(Errors.E111, name=type(model).__name__)
    trainable = []
    for block in list(stack)[settings.layer - settings.train_layers : settings.layer]:
        for parameter in block.parameters():
            parameter.requires_grad_(True)
            trainable.append(parameter)
    return trainable


@contextmanager
def _swapped(parameters: list[Any], replacements: list[Any]) -> Iterator[None]:
    """Run the model with ``replacements`` as the values of ``parameters`` (swapped back afterwards)."""
    for parameter, other in zip(parameters, replacements):
        parameter.data, other.data = other.data, parameter.data
    try:
        yield
    finally:
        for parameter, other in zip(parameters, replacements):
            parameter.data, other.data = other.data, parameter.data


def device_name() -> str:
    """``cuda`` when a GPU is usable, else ``cpu``."""
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def finetune(
    encoder: Any,
    pairs: Sequence[SentencePair],
    settings: TrainingSettings,
    progress: bool = False,
    on_step: Callable[[int, dict[str, float]], None] | None = None,
) -> TrainingReport:
    """Fine-tune ``encoder`` (an :class:`~xproj_core.models.encoders.Encoder`) in place on ``pairs``."""
    import torch
    from tqdm import tqdm

    model, tokenizer = encoder.model, encoder.tokenizer
    settings = settings.checked(encoder.num_layers)
    usable = [p for p in pairs if p.src_tokens and p.tgt_tokens]
    if not usable:
        raise XprojError(Errors.E112, detail="no sentence pair has both sides non-empty")
    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)
    device = device_name()
    model.to(device).eval()
    trainable = _freeze_all_but(model, settings)
    limit = min(settings.max_subwords, encoder.max_length - sum(map(len, special_affixes(tokenizer))))
    sides = [_subwords(tokenizer, [side(p) for p in usable], limit) for side in (_src, _tgt)]
    keep = [k for k in range(len(usable)) if sides[0][k][1].any() and sides[1][k][1].any()]
    src_ids, tgt_ids = [sides[0][k] for k in keep], [sides[1][k] for k in keep]
    schedule = [
        b
        for _ in range(settings.epochs)
        for b in length_batches([len(s) + len(t) for (s, _), (t, _) in zip(src_ids, tgt_ids)], settings.batch_size, rng)
    ]
    optimizer = torch.optim.AdamW(trainable, lr=settings.learning_rate, weight_decay=0.0)
    decay = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1.0 - step / max(1, len(schedule)))
    affixes, pad = special_affixes(tokenizer), tokenizer.pad_token_id or 0
    recent: dict[str, float] = {}
    start = time.perf_counter()
    with layers_up_to(model, settings.layer) as truncated:

        def vectors_of(batch: list[int]) -> tuple[list[Any], list[Any]]:
            rows = [src_ids[k] for k in batch] + [tgt_ids[k] for k in batch]
            states = _content_vectors(model, [ids for ids, _ in rows], affixes, pad, settings.layer, truncated, device)
            vectors = [v[torch.from_numpy(content).to(device)] for v, (_, content) in zip(states, rows)]
            return vectors[: len(batch)], vectors[len(batch) :]

        def links_of(batch: list[int]) -> dict[int, Any]:
            """Each pair's confident links under the current weights (no gradient)."""
            with torch.no_grad():
                return {
                    k: confident_links(*pair_probabilities(x, y), settings.threshold)
                    for k, x, y in zip(batch, *vectors_of(batch))
                }

        given: dict[int, Any] = {}  # so targets that are not the training model's own (targets=base or ema)
        if settings.targets == "base":
            first_epoch = schedule[: len(schedule) // settings.epochs]  # every pair once
            for batch in tqdm(first_epoch, desc="base links", disable=not progress):
                given.update(links_of(batch))
        average = [p.detach().clone() for p in trainable] if settings.ema else []
        bar = tqdm(schedule, desc="align-train", unit="batch", disable=not progress)
        for step, batch in enumerate(bar, start=1):
            if settings.targets == "ema":
                with _swapped(trainable, average):
                    given = links_of(batch)
            src, tgt = vectors_of(batch)
            losses: dict[str, Any] = {}
            for k, x, y in zip(batch, src, tgt):
                for name, value in pair_losses(x, y, settings, given.get(k)).items():
                    losses[name] = losses.get(name, 0.0) + value / len(batch)
            if "psi" in settings.objectives and len(batch) > 1:
                losses["psi"] = psi_loss(src, tgt, settings.psi_temperature)
            if not losses:  # a lone pair left over when psi is the only objective
                continue
            total = sum(losses.values())
            optimizer.zero_grad()
            total.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            decay.step()
            with torch.no_grad():
                for mean, parameter in zip(average, trainable):
                    mean.lerp_(parameter, 1.0 - settings.ema)
            recent = {name: round(float(value.detach()), 4) for name, value in losses.items()}
            bar.set_postfix(recent)
            if on_step:
                on_step(step, recent)
    for mean, parameter in zip(average, trainable):
        parameter.data.copy_(mean)
    model.to("cpu").eval()
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    return TrainingReport(
        settings=settings,
        n_pairs=len(src_ids),
        steps=len(schedule),
        device=device,
        seconds=round(time.perf_counter() - start, 1),
        trainable_parameters=sum(p.numel() for p in trainable),
        total_parameters=sum(p.numel() for p in model.parameters()),
        final_losses=recent,
    )
