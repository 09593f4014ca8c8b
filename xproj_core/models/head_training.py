"""Training the frozen-encoder NER head (:class:`xproj_core.models.e5_ner.Head`) on cached word features."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

Predictor = Callable[[Sequence[Sequence[str]]], list[list[str]]]
"""Tags (IOB2) for tokenised sentences."""


@dataclass
class Trained:
    """A trained tagger: how it predicts, its epoch history, and the sentences trained and selected on."""

    predict: Predictor
    history: list[dict[str, float]]
    model: Any
    n_train: int
    n_dev: int


def span_f1(gold: list[list[str]], predicted: list[list[str]], types: Sequence[str] | None = None) -> float:
    """Exact-span micro F1 (seqeval's default mode, :func:`xproj_core.evaluate.spans.tag_scores`), counting
    only ``types`` when given."""
    from ..evaluate.spans import tag_scores

    return tag_scores(gold, predicted, types).micro.f1


def predict(head: Any, features: Sequence[np.ndarray]) -> list[list[str]]:
    """IOB2 tags of each sentence's features."""
    from .ner_common import decode

    return [decode(head.probabilities(f), head.labels) for f in features]


def train_head(
    features: list[np.ndarray],
    tags: list[list[str]],
    labels: list[str],
    layers: Sequence[int],
    dev: tuple[list[np.ndarray], list[list[str]]],
    epochs: int,
    hidden: int,
    seed: int,
) -> tuple[Any, list[dict[str, float]]]:
    """Train mix + MLP with Adam on all training words; keep the epoch with the best dev F1."""
    import torch

    from .e5_ner import Head

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    x = torch.from_numpy(np.concatenate(features))  # kept as stored (float16): half the memory of float32
    index = {label: i for i, label in enumerate(labels)}
    y = torch.tensor([index[t] for sentence in tags for t in sentence])
    mix = torch.nn.Parameter(torch.zeros(len(layers)))
    mlp = torch.nn.Sequential(
        torch.nn.Dropout(0.2),
        torch.nn.Linear(x.shape[-1], hidden),
        torch.nn.ReLU(),
        torch.nn.Dropout(0.2),
        torch.nn.Linear(hidden, len(labels)),
    )
    optimiser = torch.optim.Adam([mix, *mlp.parameters()], lr=1e-3)
    history: list[dict[str, float]] = []
    best: tuple[float, Head | None] = (-1.0, None)
    for epoch in range(1, epochs + 1):
        mlp.train()
        for batch in np.array_split(rng.permutation(len(y)), max(1, len(y) // 256)):
            mixed = torch.einsum("nlh,l->nh", x[batch].float(), torch.softmax(mix, 0))
            loss = torch.nn.functional.cross_entropy(mlp(mixed), y[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        head = Head(
            labels,
            tuple(layers),
            mix.detach().numpy().copy(),
            mlp[1].weight.detach().numpy().T.copy(),
            mlp[1].bias.detach().numpy().copy(),
            mlp[4].weight.detach().numpy().T.copy(),
            mlp[4].bias.detach().numpy().copy(),
        )
        f1 = span_f1(dev[1], predict(head, dev[0]))
        history.append({"epoch": epoch, "loss": loss.item(), "dev_f1": round(f1, 4)})
        print(f"epoch {epoch}: last batch loss {loss.item():.4f}, dev F1 {f1:.4f}", file=sys.stderr)
        if f1 > best[0]:
            best = (f1, head)
    return best[1], history
