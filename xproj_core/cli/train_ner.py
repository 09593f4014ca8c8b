"""``xproj train-ner``: train a NER tagger on the frozen ``e5`` encoder (or fine-tune it) and score it on gold.

Without ``--train`` it trains the English ``e5-conll`` head on CoNLL-2003 (epoch picked on CoNLL dev,
scored on CoNLL test). With ``--train`` (silver data, optionally mixed with ``conll2003-en:train``) the
epoch is picked on a slice held apart from the first training set; ``--eval`` sets are never seen in
training. ``--baselines`` adds zero-shot transfer, silver, silver + English and gold-trained rows.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from ..errors import XprojError
from ..io.atomic import atomic_write
from ._common import add_command, emit, split_list

REPO_ROOT = Path(__file__).resolve().parents[2]
EVAL_TYPES = ("PER", "ORG", "LOC")
ENGLISH_TRAIN = "conll2003-en:train"


def _shown(spec: str | Path) -> str:
    """A data path as the card records it: relative to the repository's parent when inside it."""
    if not Path(spec).exists():
        return str(spec)
    absolute = Path(os.path.normpath(os.path.abspath(spec)))
    try:
        return "../" + str(absolute.relative_to(REPO_ROOT.parent))
    except ValueError:
        return str(spec)


def _english_defaults(args: argparse.Namespace) -> bool:
    """No ``--train``: the English head on CoNLL-2003 train, dev and test (the shipped head's recipe)."""
    if args.train:
        return False
    args.train, args.dev = [ENGLISH_TRAIN], args.dev or "conll2003-en:dev"
    args.test = args.test or "conll2003-en:test"
    return True


def run(args: argparse.Namespace) -> int:
    import torch

    from ..models.e5_ner import SHIPPED_HEAD
    from ..models.encoders import cache_dir, e5_dir, load_encoder
    from ..models.feature_store import FeatureStore
    from ..silver_train import TrainSettings, baselines, evaluate, load_tagged, parse_eval, train_tagger

    start = time.time()
    if args.threads:
        torch.set_num_threads(args.threads)
    english = _english_defaults(args)
    types = split_list(args.types)
    settings = TrainSettings(
        tuple(types) if types else None,
        args.epochs,
        args.dev_share,
        args.seed,
        args.mode,
        args.hidden,
        tuple(int(k) for k in args.layers.split(",")),
        args.lr,
        args.batch_size,
    )
    out = Path(args.out or (SHIPPED_HEAD if english else "head.npz" if args.mode == "head" else "tagger"))
    load = lambda spec: load_tagged(spec, args.data_dir)  # noqa: E731
    train_sets = [load(spec) for spec in args.train]
    train_sets[0] = train_sets[0][: args.limit_train]
    dev = load(args.dev)[: args.limit_dev] if args.dev else None
    evals = dict(parse_eval(spec) for spec in args.eval or [])
    if args.test:
        evals = {"en-test": args.test, **evals}
    gold = {name: load(target) for name, target in evals.items()}

    encoder = load_encoder(args.encoder)
    store = FeatureStore(cache_dir(), encoder, settings.layers)
    features = lambda sentences: store.features(sentences, progress=True)  # noqa: E731
    encoder_dir = None
    if args.mode == "full":
        encoder_dir = e5_dir() if args.encoder == "e5" else Path(args.encoder.partition(":")[2])

    def train(sets: list[Any], target: Path = out, selected: Any = None) -> Any:
        return train_tagger(sets, settings, features=features, encoder_dir=encoder_dir, out_dir=target, dev=selected)

    trained = train(train_sets, out, dev)
    eval_types = settings.types or EVAL_TYPES
    scores = {
        name: evaluate(
            trained.predict, {name: gold[name]}, None if name.startswith("en-") and not types else eval_types
        )[name]
        for name in gold
    }
    if dev is not None:
        scores = {
            "en-dev" if english else "dev": evaluate(trained.predict, {"dev": dev}, settings.types)["dev"],
            **scores,
        }
    if args.mode == "head":
        trained.model.save(out)
    payload: dict[str, Any] = {
        "command": "xproj " + " ".join(sys.argv[1:]),
        "mode": args.mode,
        "seed": args.seed,
        "torch_threads": torch.get_num_threads(),  # the trained weights depend on it
        "layers": list(settings.layers),
        "hidden": args.hidden,
        "epochs_run": args.epochs,
        "best_epoch": max(trained.history, key=lambda h: h["dev_f1"])["epoch"],
        "history": trained.history,
        "data": {
            "train": [_shown(s) for s in args.train],
            "dev": _shown(args.dev)
            if args.dev
            else f"{args.dev_share:g} of the first training set, held apart (seed {args.seed})",
        },
        "eval": {name: _shown(target) for name, target in evals.items()},
        "sentences": {"train": trained.n_train, "dev": trained.n_dev},
        "labels": trained.model.labels if args.mode == "head" else list(trained.model.config.id2label.values()),
        "encoder": f"{args.encoder} ({'frozen' if args.mode == 'head' else 'fine-tuned'})",
        "scores": scores,
        "score_note": "exact-span micro P/R/F1; en sets over all types unless --types, others over "
        + ",".join(eval_types),
    }
    if args.baselines:
        gold_train = _gold_train(evals, args.gold_train or [], load)
        payload["baselines"] = baselines(
            {n: g for n, g in gold.items() if not n.startswith("en-")},
            _zero_shot(args.zero_shot, store),
            lambda sets: train(sets, out.with_name(f".{out.name}.baseline")),
            None if english else train_sets[0],
            None if english else load(args.english),
            gold_train,
            eval_types,
        )
    payload["seconds"] = round(time.time() - start, 1)
    card = out.with_suffix(".json") if args.mode == "head" else out / "xproj-card.json"
    with atomic_write(card) as handle:
        handle.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    emit(args, payload, lambda: _human(payload, out))
    return 0


def _gold_train(evals: dict[str, str], given: list[str], load: Any) -> dict[str, Any]:
    """Gold train sets: ``--gold-train NAME=SPEC``, else the ``:train`` split beside a ``:test`` dataset
    (left out when that split does not exist)."""
    from ..silver_train import gold_train_spec, parse_eval

    found: dict[str, Any] = {}
    for name, target in evals.items():
        spec = gold_train_spec(target)
        try:
            found.update({name: load(spec)} if spec else {})
        except XprojError:
            continue
    found.update({name: load(spec) for name, spec in map(parse_eval, given)})
    return found


def _zero_shot(head_path: str | None, store: Any) -> Any:
    """The English head applied as it is (zero-shot model transfer), over stored features."""
    from ..models.e5_ner import SHIPPED_HEAD, Head
    from ..models.feature_store import FeatureStore
    from ..silver_train import head_predictor

    head = Head.load(head_path or SHIPPED_HEAD)
    if tuple(head.layers) != store.layers:
        store = FeatureStore(store.root, store.encoder, head.layers)
    return head_predictor(head, lambda sentences: store.features(sentences, progress=True))


def _human(payload: dict[str, Any], out: Path) -> str:
    lines = [
        f"{name}: P {s['precision']:.4f} R {s['recall']:.4f} F1 {s['f1']:.4f}" for name, s in payload["scores"].items()
    ]
    for row, sets in payload.get("baselines", {}).items():
        lines += [f"baseline {row} on {name}: F1 {s['f1']:.4f}" for name, s in sets.items()]
    return "\n".join(lines + [f"tagger written to {out}"])


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "train-ner",
        run,
        help="Train a NER tagger (head on the frozen e5 encoder, or full fine-tuning) on English CoNLL-2003 or on "
        "silver data; score it on gold sets.",
        example="xproj train-ner --train silver-hau.conll --train conll2003-en:train --eval hau=masakhaner2:hau:test "
        "--types PER,ORG,LOC --out hau-head.npz --baselines --json",
    )
    parser.add_argument(
        "--train",
        action="append",
        metavar="FILE_OR_DATASET",
        help="training data (CoNLL, JSONL or a dataset name); repeatable, joined (default: "
        "English CoNLL-2003 with its dev and test sets)",
    )
    parser.add_argument("--dev", help="set that picks the epoch (default: a slice held apart from the first --train)")
    parser.add_argument("--dev-share", type=float, default=0.1, help="share held apart (default: %(default)s)")
    parser.add_argument("--test", help="English test set scored as en-test (default with no --train: CoNLL test)")
    parser.add_argument("--limit-train", type=int, help="use only the first N sentences of the first --train")
    parser.add_argument("--limit-dev", type=int, help="use only the first N sentences of --dev")
    parser.add_argument(
        "--eval",
        action="append",
        metavar="NAME=FILE_OR_DATASET",
        help="gold set to score (never trained or selected on); repeatable",
    )
    parser.add_argument(
        "--types",
        help="entity types to train and score, e.g. PER,ORG,LOC (default: all types for "
        "training; PER,ORG,LOC for non-English scores)",
    )
    parser.add_argument(
        "--mode",
        choices=("head", "full"),
        default="head",
        help="head: frozen encoder + MLP head (CPU); full: fine-tune the encoder (GPU when present)",
    )
    parser.add_argument("--encoder", default="e5", help="encoder: e5 or hf:PATH (default: %(default)s)")
    parser.add_argument(
        "--baselines",
        action="store_true",
        help="also score zero-shot transfer, silver, silver + English and gold-trained taggers",
    )
    parser.add_argument(
        "--english", default=ENGLISH_TRAIN, help="English training set of the silver+en baseline (default: %(default)s)"
    )
    parser.add_argument("--zero-shot", help="English head for the zero-shot row (default: the shipped e5-conll head)")
    parser.add_argument(
        "--gold-train",
        action="append",
        metavar="NAME=FILE_OR_DATASET",
        help="gold train set of an eval set, for the gold-trained row (default: NAME's :train split)",
    )
    parser.add_argument("--layers", default="6,9,12", help="encoder layers mixed by the head (default: %(default)s)")
    parser.add_argument("--hidden", type=int, default=256, help="MLP hidden size (default: %(default)s)")
    parser.add_argument("--epochs", type=int, default=10, help="training epochs (default: %(default)s)")
    parser.add_argument("--lr", type=float, default=5e-5, help="learning rate of --mode full (default: %(default)s)")
    parser.add_argument("--batch-size", type=int, default=16, help="sentences per step in --mode full")
    parser.add_argument("--seed", type=int, default=13, help="random seed (default: %(default)s)")
    parser.add_argument(
        "--threads",
        type=int,
        help="torch threads (default: torch's own choice); the trained weights depend on the count, so give the "
        "card's torch_threads to repeat a run exactly",
    )
    parser.add_argument("--data-dir", help="folder with the datasets (default: the usual data roots)")
    parser.add_argument(
        "--out",
        help="head .npz (a JSON card goes beside it) or, with --mode full, a model folder "
        "(default without --train: the shipped head)",
    )
