"""Fine-tuned neural aligners: the model directory with its card, and the data-hungry ``e5-ft`` aligner.

:func:`train_aligner_model` fine-tunes an encoder (:mod:`.training`) and writes a standard Hugging Face
directory: weights, tokenizer, ``README.md`` (the model card: data, N, objectives, steps, seed, time,
AER when measured) and ``xproj-finetune.json`` (the same record, machine-readable). Align with it through
``hf:<dir>``, which reads the alignment layer from that record.

``e5-ft`` is data-hungry like ``eflomal``: with ``extra=CORPUS``, ``n_extra=N`` and ``seed`` it fine-tunes
e5 on N pairs drawn by :func:`xproj_core.mixture.draw_parallel` (the same nested draw as eflomal's) and aligns
with the result; N = 0 is plain ``e5``. A sweep hands it N, seed and the parallel source exactly as it
does eflomal. Models are cached under ``$XPROJ_CACHE/models/e5-ft/<key>``, keyed by the base encoder,
the training settings and the content of the drawn pairs, so each draw is trained once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from ..errors import Errors, XprojError
from ..mixture import draw_parallel
from ..signature import data_hash
from ..types import Alignment, SentencePair
from .base import ALIGNERS
from .neural import FINETUNE_RECORD, NeuralAligner
from .neural import OPTIONS as NEURAL_OPTIONS
from .training import OBJECTIVES, TrainingReport, TrainingSettings, finetune

TRAINING_OPTIONS = {
    "objectives": f"training objectives joined by '+': {', '.join(OBJECTIVES)} (default so)",
    "train_layers": "encoder layers under the alignment layer that learn (default 4)",
    "learning_rate": "AdamW learning rate, decayed linearly to 0 (default 1e-4)",
    "batch_size": "sentence pairs per step (default 16)",
    "epochs": "passes over the pairs (default 1)",
    "max_subwords": "subwords kept per sentence while training (default 96)",
    "so_threshold": "softmax probability a self-training link needs in both directions (default 0.3; AWESoME: 0.001)",
    "targets": "self-training targets: self (the training model's links, per batch), base (the links of the "
    "model before training, fixed) or ema (the links of the moving average of the weights) (default self)",
    "ema": "decay per step of a moving average of the trained weights, which is what is kept (default 0: none)",
}


def settings_from(options: dict[str, Any], seed: int = 0, layer: int | None = None) -> TrainingSettings:
    """Training settings from CLI/aligner options (``objectives`` as ``so+psi``; ``so_threshold``)."""
    known = {f.name for f in fields(TrainingSettings)}
    values: dict[str, Any] = {"seed": int(seed)}
    if layer is not None:
        values["layer"] = int(layer)
    for key, value in options.items():
        name = "threshold" if key == "so_threshold" else key
        if name not in known or name in ("seed", "layer"):
            raise XprojError(Errors.E110, setting=key, detail=f"known: {', '.join(sorted(TRAINING_OPTIONS))}")
        values[name] = tuple(str(value).split("+")) if name == "objectives" else value
    typed = {
        f.name: (values[f.name] if f.name == "objectives" else type(f.default)(values[f.name]))
        for f in fields(TrainingSettings)
        if f.name in values
    }
    return TrainingSettings(**typed)


def model_card(record: dict[str, Any]) -> str:
    """The README.md of a fine-tuned directory (Hugging Face card with YAML front matter)."""
    s, report = record["training"]["settings"], record["training"]
    lines = [
        "---",
        "library_name: transformers",
        f"base_model: {record['base']}",
        "tags:",
        "- word-alignment",
        "- xproj",
        "---",
        "",
        f"# {record['base']} fine-tuned for word alignment (xproj align-train)",
        "",
        "Self-training alignment objectives after AWESoME (Dou & Neubig 2021), on plain parallel text (no gold "
        f"alignments). Align with it through `hf:<this dir>` (it aligns at layer {s['layer']}, read from "
        f"`{FINETUNE_RECORD}`).",
        "",
        "| | |",
        "|---|---|",
        f"| data | {', '.join(record['data'])} |",
        f"| N (pairs trained on) | {report['n_pairs']} |",
        f"| data hash | {record['data_hash']} |",
        f"| objectives | {' + '.join(s['objectives'])} "
        f"(self-training threshold {s['threshold']}, targets: {s['targets']}) |",
        f"| weights kept | {'moving average, decay ' + str(s['ema']) if s.get('ema') else 'the last step'} |",
        f"| alignment layer / layers trained | {s['layer']} / {s['layer'] - s['train_layers'] + 1}–{s['layer']} "
        f"({report['trainable_parameters']:,} of {report['total_parameters']:,} parameters) |",
        f"| steps / epochs / batch | {report['steps']} / {s['epochs']} / {s['batch_size']} |",
        f"| learning rate | {s['learning_rate']} (AdamW, linear decay) |",
        f"| max subwords per sentence | {s['max_subwords']} |",
        f"| seed | {s['seed']} |",
        f"| device / time | {report['device']} / {report['seconds']} s |",
        f"| final losses | {report['final_losses']} |",
    ]
    for name, scores in record.get("evaluation", {}).items():
        lines.append(f"| AER {name} (before → after) | {scores['before']:.3f} → {scores['after']:.3f} |")
    return "\n".join(lines) + "\n"


def gold_aer(aligner: Any, gold: Any) -> float:
    """AER of ``aligner`` on a corpus whose pairs carry gold links in ``meta``."""
    from ..evaluate.alignment import alignment_scores
    from ..io.links import corpus_alignments

    links = corpus_alignments(gold)
    predicted = [a.links for a in aligner.align(gold.pairs)]
    return alignment_scores(predicted, [s for s, _ in links], [p for _, p in links]).aer


def train_aligner_model(
    base: str,
    pairs: Sequence[SentencePair],
    settings: TrainingSettings,
    out: str | Path,
    data: Sequence[str],
    evaluate: dict[str, Any] | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """Fine-tune ``base`` on ``pairs`` and publish the directory ``out``; returns the card's record.

    ``evaluate`` maps names to gold corpora (pairs with links in ``meta``): their AER before and after
    goes into the card."""
    from ..models.encoders import SOURCE_FILE, _publishing, load_encoder

    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise XprojError(Errors.E102, path=out)
    evaluate = evaluate or {}
    before = {
        name: gold_aer(NeuralAligner(base, layer=settings.layer, drop_markers=True), gold)
        for name, gold in evaluate.items()
    }
    encoder = load_encoder(base)
    report: TrainingReport = finetune(encoder, pairs, settings, progress=progress)
    record = {"base": base, "data": list(data), "data_hash": data_hash(pairs), "training": report.as_dict()}
    with _publishing(out) as tmp:
        encoder.model.save_pretrained(tmp)
        encoder.tokenizer.save_pretrained(tmp)
        if before:
            tuned = NeuralAligner(f"hf:{out}", layer=settings.layer, drop_markers=True, preloaded=encoder)
            record["evaluation"] = {
                name: {"before": before[name], "after": gold_aer(tuned, gold)} for name, gold in evaluate.items()
            }
        (tmp / FINETUNE_RECORD).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        (tmp / SOURCE_FILE).write_text(json.dumps({"model": f"{base} fine-tuned", "tokenizer": base}) + "\n")
        (tmp / "README.md").write_text(model_card(record), encoding="utf-8")
    return record


def _split_options(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Aligner options (layer, mode, extraction, ...) and training options; E016 for anything else."""
    aligner = {k: v for k, v in options.items() if k in NEURAL_OPTIONS}
    training = {k: v for k, v in options.items() if k in TRAINING_OPTIONS}
    unknown = set(options) - set(aligner) - set(training)
    if unknown:
        raise XprojError(Errors.E016, option=sorted(unknown)[0], detail="not an e5-ft option (see `xproj aligners`)")
    return aligner, training


class FineTunedAligner:
    """``e5-ft``: e5 fine-tuned on N pairs drawn from ``extra`` (N = 0: plain e5), then a neural aligner."""

    name = "e5-ft"

    def __init__(self, extra: str | None = None, n_extra: int = 0, seed: int = 0, base: str = "e5", **options: Any):
        if int(n_extra) < 0 or (int(n_extra) > 0 and not extra):
            raise XprojError(Errors.E016, option=f"n_extra={n_extra}", detail="needs extra=CORPUS and N >= 0")
        self.extra, self.n_extra, self.seed, self.base = extra, int(n_extra), int(seed), base
        self.aligner_options, training = _split_options(options)
        self.settings = settings_from(training, seed=self.seed, layer=self.aligner_options.get("layer"))
        self.base_aligner = NeuralAligner(base, **{"drop_markers": True, **self.aligner_options})
        self._tuned: NeuralAligner | None = None

    def signature(self) -> str:
        training = ",".join(
            f"{k}={'+'.join(v) if k == 'objectives' else v}"
            for k, v in asdict(self.settings).items()
            if k not in ("layer", "seed")
        )
        head = f"e5-ft(base={self.base},extra={self.extra},n_extra={self.n_extra},seed={self.seed},{training})"
        inner = self.base_aligner.signature()
        return head + inner[len(self.base_aligner.name) :]

    def model_dir(self, pairs: Sequence[SentencePair]) -> Path:
        """Where the model fine-tuned on ``pairs`` with these settings is cached."""
        from ..models.encoders import cache_dir

        key = json.dumps([self.base, asdict(self.settings), data_hash(pairs)], sort_keys=True)
        return cache_dir() / "models" / "e5-ft" / hashlib.sha256(key.encode()).hexdigest()[:16]

    def fit(self, pairs: Sequence[SentencePair], progress: bool = False) -> Path:
        """Fine-tune on ``pairs`` (or reuse the cached model of the same pairs and settings)."""
        directory = self.model_dir(pairs)
        if not (directory / FINETUNE_RECORD).is_file():
            data = [f"{self.extra} (n={len(pairs)}, seed={self.seed})"] if self.extra else [f"{len(pairs)} pairs"]
            train_aligner_model(self.base, pairs, self.settings, directory, data, progress=progress)
        self._tuned = NeuralAligner(
            f"hf:{directory}", **{"drop_markers": True, **self.aligner_options, "layer": self.settings.layer}
        )
        return directory

    def align(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[Alignment]:
        if self.n_extra == 0:
            return self.base_aligner.align(pairs, progress=progress)
        if self._tuned is None:
            drawn = draw_parallel(self.extra, self.n_extra, self.seed)  # type: ignore[arg-type]
            self.fit(drawn, progress=progress)
        assert self._tuned is not None
        return self._tuned.align(pairs, progress=progress)


@ALIGNERS.register(
    "e5-ft",
    "e5 fine-tuned for alignment on N sampled extra pairs (data-hungry, like eflomal), SimAlign/AWESoME extraction",
    options={
        "extra": "corpus to fine-tune on: dataset name, .jsonl or 'src ||| tgt' file",
        "n_extra": "N, how many pairs to fine-tune on (default 0 = plain e5)",
        "seed": "seed of the sample and of the training (default 0)",
        "base": "encoder to fine-tune: e5 (default) or hf:NAME_OR_PATH",
        **TRAINING_OPTIONS,
        **NEURAL_OPTIONS,
    },
)
def _e5_ft(**options: Any) -> FineTunedAligner:
    return FineTunedAligner(**options)
