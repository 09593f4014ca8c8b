"""``xproj import-silver`` and ``xproj retrain``: a silver corpus into the cache for review in the app, and the
target tagger retrained on its corrected data beside the uncorrected one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import Errors, XprojError
from ._common import add_command, emit, split_list


def run_import(args: argparse.Namespace) -> int:
    from ..silver_cache import read_silver, store_corpus
    from ..store import Store

    if not args.file.endswith(".jsonl"):  # the CoNLL output of xproj silver has no projections to import
        raise XprojError(Errors.E006, path=args.file, fmt=Path(args.file).suffix, known=".jsonl (xproj silver)")
    store = Store(args.cache)
    corpus = read_silver(args.file, args.corpus, {"file": args.file})
    n_methods = store_corpus(store, corpus)
    payload = {"corpus": corpus.name, "sentences": len(corpus), "methods": n_methods, "cache": str(store.path)}
    emit(
        args,
        payload,
        lambda: (
            f"stored {len(corpus)} silver sentences as {corpus.name} ({n_methods} projection methods) in {store.path}"
        ),
    )
    return 0


def run_retrain(args: argparse.Namespace) -> int:
    from ..browse import choose_methods, resolve_method
    from ..retrain import comparison, head_features, retrain
    from ..silver_train import TrainSettings, parse_eval
    from ..store import Store

    store = Store(args.cache)
    method = resolve_method(store, args.corpus, args.method) if args.method else None
    method = method or next(iter(choose_methods(store, args.corpus)), None)
    settings = TrainSettings(
        tuple(split_list(args.types) or ()) or None,
        args.epochs,
        args.dev_share,
        args.seed,
        hidden=args.hidden,
        layers=tuple(int(k) for k in args.layers.split(",")),
    )
    evals = dict(parse_eval(spec) for spec in args.eval)
    features = head_features(args.encoder, settings.layers, progress=True)
    run = retrain(store, args.corpus, method, evals, settings, features, args.encoder, args.data_dir)
    emit(args, run, lambda: _human(run, comparison(run)))
    return 0


def _human(run: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    lines = [
        f"{row['eval set']}: F1 {row['F1 uncorrected']:.4f} uncorrected → {row['F1 corrected']:.4f} corrected "
        f"({row['gain']:+.4f})"
        for row in rows
    ]
    return "\n".join(
        [f"{run['corrected']} of {run['sentences']} sentences corrected; method {run['method_label']}", *lines]
    )


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "import-silver",
        run_import,
        help="Store a silver corpus (the JSONL of `xproj silver`) in the cache, one cached cell per projection "
        "method, to triage and correct it in the app.",
        example="xproj import-silver silver-hau.jsonl --corpus silver:en-hau",
    )
    parser.add_argument("file", help="silver JSONL written by `xproj silver --out FILE.jsonl`")
    parser.add_argument("--corpus", required=True, help="name in the cache, e.g. silver:en-hau")
    parser.add_argument("--cache", help="cache file (default: $XPROJ_CACHE/xproj.sqlite or cache/xproj.sqlite)")

    parser = add_command(
        subparsers,
        "retrain",
        run_retrain,
        help="Train the target tagger (frozen-encoder head) on a cached silver corpus with its corrections and "
        "without them (same settings and seed), score both on gold sets, and record the result.",
        example="xproj retrain --corpus silver:en-hau --eval hau=masakhaner2:hau:test",
    )
    parser.add_argument("--corpus", required=True, help="cached silver corpus with corrections")
    parser.add_argument(
        "--eval", action="append", required=True, metavar="NAME=FILE_OR_DATASET", help="gold set to score; repeatable"
    )
    parser.add_argument(
        "--method", help="projection of the uncorrected sentences: ALIGNER/METHOD or a signature (default: the first)"
    )
    parser.add_argument("--types", default="PER,ORG,LOC", help="entity types to train and score (default: %(default)s)")
    parser.add_argument("--encoder", default="e5", help="encoder: e5 or hf:PATH (default: %(default)s)")
    parser.add_argument("--layers", default="6,9,12", help="encoder layers mixed by the head (default: %(default)s)")
    parser.add_argument("--hidden", type=int, default=256, help="MLP hidden size (default: %(default)s)")
    parser.add_argument("--epochs", type=int, default=10, help="training epochs (default: %(default)s)")
    parser.add_argument("--dev-share", type=float, default=0.1, help="share held apart (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=13, help="random seed (default: %(default)s)")
    parser.add_argument("--data-dir", help="folder with the datasets (default: the usual data roots)")
    parser.add_argument("--cache", help="cache file (default: $XPROJ_CACHE/xproj.sqlite or cache/xproj.sqlite)")
