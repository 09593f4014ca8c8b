"""Full fine-tuning of an encoder for NER: a token-classification model trained with a plain PyTorch loop.

Each word is labelled through its first subword (the others are ignored by the loss). AdamW, the epoch
with the best F1 on the held-apart dev slice is kept and saved as a Hugging Face directory, which the
``hf:DIR`` NER tagger loads. Runs on CUDA when ``torch.cuda.is_available()``, else on the CPU (small N).
"""

from __future__ import annotations

import copy
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .ner_common import decode, iob2_labels


def _batch(tokenizer: Any, sentences: Sequence[Sequence[str]], max_length: int) -> Any:
    return tokenizer(
        [list(s) or [""] for s in sentences],
        is_split_into_words=True,
        truncation=True,
        max_length=max_length,
        padding=True,
        return_tensors="pt",
    )


def _targets(inputs: Any, tags: Sequence[Sequence[str]], index: dict[str, int]) -> Any:
    """Label ids on each word's first subword, -100 elsewhere."""
    import torch

    targets = torch.full(inputs["input_ids"].shape, -100, dtype=torch.long)
    for row, sentence in enumerate(tags):
        seen: set[int] = set()
        for position, word in enumerate(inputs.word_ids(row)):
            if word is not None and word not in seen and word < len(sentence):
                seen.add(word)
                targets[row, position] = index[sentence[word]]
    return targets


def tag_with(
    model: Any,
    tokenizer: Any,
    labels: list[str],
    sentences: Sequence[Sequence[str]],
    max_length: int,
    batch_size: int = 32,
) -> list[list[str]]:
    """IOB2 tags by first-subword argmax; words past ``max_length`` get ``O``."""
    import numpy as np
    import torch

    device = next(model.parameters()).device
    model.eval()
    result: list[list[str]] = []
    for start in range(0, len(sentences), batch_size):
        chunk = sentences[start : start + batch_size]
        inputs = _batch(tokenizer, chunk, max_length)
        with torch.inference_mode():
            logits = model(**{k: v.to(device) for k, v in inputs.items()}).logits.float().cpu().numpy()
        for row, words in enumerate(chunk):
            probs = np.zeros((len(words), len(labels)), np.float32)
            probs[:, 0] = 1.0
            seen: set[int] = set()
            for position, word in enumerate(inputs.word_ids(row)):
                if word is not None and word not in seen and word < len(words):
                    seen.add(word)
                    probs[word] = logits[row, position]
            result.append(decode(probs, labels))
    return result


def finetune(encoder_dir: Path, train: Any, dev: Any, settings: Any, out_dir: Path) -> Any:
    """Fine-tune ``encoder_dir`` on ``train`` (tokens, tags), keep the best epoch on ``dev``, save it to
    ``out_dir`` (replaced only when training succeeds); returns a :class:`xproj_core.models.head_training.Trained`."""
    import numpy as np
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer
    from transformers.utils import logging

    from .head_training import Trained, span_f1

    logging.set_verbosity_error()
    torch.manual_seed(settings.seed)
    rng = np.random.default_rng(settings.seed)
    labels = iob2_labels(t[2:] for _, tags in train for t in tags if t != "O")
    index = {label: i for i, label in enumerate(labels)}
    tokenizer = AutoTokenizer.from_pretrained(encoder_dir)
    model = AutoModelForTokenClassification.from_pretrained(
        encoder_dir, num_labels=len(labels), id2label=dict(enumerate(labels)), label2id=index
    )
    limit = min(512, int(tokenizer.model_max_length), int(getattr(model.config, "max_position_embeddings", 512)))
    if getattr(model.config, "model_type", "") in {"xlm-roberta", "roberta"}:
        limit -= 2
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device)
    optimiser = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate)
    history: list[dict[str, float]] = []
    best: tuple[float, dict[str, Any] | None] = (-1.0, None)
    for epoch in range(1, settings.epochs + 1):
        model.train()
        order = rng.permutation(len(train))
        for start in range(0, len(order), settings.batch_size):
            batch = [train[k] for k in order[start : start + settings.batch_size]]
            inputs = _batch(tokenizer, [s for s, _ in batch], limit)
            targets = _targets(inputs, [t for _, t in batch], index)
            loss = model(**{k: v.to(device) for k, v in inputs.items()}, labels=targets.to(device)).loss
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        f1 = span_f1([t for _, t in dev], tag_with(model, tokenizer, labels, [s for s, _ in dev], limit))
        history.append({"epoch": epoch, "loss": round(loss.item(), 4), "dev_f1": round(f1, 4)})
        print(f"epoch {epoch}: last batch loss {loss.item():.4f}, dev F1 {f1:.4f}", file=sys.stderr)
        if f1 > best[0]:
            best = (f1, copy.deepcopy(model.state_dict()))
    model.load_state_dict(best[1])
    _save(model, tokenizer, Path(out_dir))
    return Trained(
        lambda sentences: tag_with(model, tokenizer, labels, sentences, limit), history, model, len(train), len(dev)
    )


def _save(model: Any, tokenizer: Any, out_dir: Path) -> None:
    """Save into a temporary folder beside ``out_dir``, then swap it in."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
