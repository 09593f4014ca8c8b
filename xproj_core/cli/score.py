"""``xproj score``: span precision, recall and F1 of a prediction file against a gold file.

Both files are CoNLL column files or canonical JSONL (``.jsonl``; the target side unless ``--side src``),
in any combination; sentences are matched by position and must have the same tokens.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from ..errors import Errors, XprojError
from ..evaluate.categories import categorize_corpus, category_totals
from ..evaluate.spans import SpanScores, span_scores
from ..io.conll import read_conll
from ..io.jsonl import read_json_lines, record_to_pair
from ..tags import tags_to_spans
from ._common import add_command, emit, split_list


@dataclass(frozen=True)
class Tagged:
    """Tokens and tags of one sentence and the line of its file where it starts."""

    tokens: list[str]
    tags: list[str]
    line: int


def read_tagged(path: Path, side: str) -> list[Tagged]:
    """Sentences of a CoNLL file, or one side of a canonical JSONL file (``.jsonl``)."""
    if path.name.endswith((".jsonl", ".jsonl.gz")):
        sentences = []
        for line, record in read_json_lines(path):
            pair, _ = record_to_pair(record, path, line)
            tokens, tags = (pair.src_tokens, pair.src_tags) if side == "src" else (pair.tgt_tokens, pair.tgt_tags)
            if tags is None:
                raise XprojError(Errors.E402, path=path, line=line, side=side)
            sentences.append(Tagged(tokens, tags, line))
        if not sentences:
            raise XprojError(Errors.E002, path=path)
        return sentences
    return [Tagged(s.tokens, s.tags, s.line) for s in read_conll(path)]


def check_parallel(gold: list[Tagged], pred: list[Tagged], gold_path: Path, pred_path: Path) -> None:
    """Raise on a different sentence count or a sentence whose tokens differ."""
    if len(gold) != len(pred):
        raise XprojError(Errors.E400, path=pred_path, n_gold=len(gold), gold=gold_path, n_pred=len(pred))
    for g, p in zip(gold, pred):
        if g.tokens == p.tokens:
            continue
        if len(g.tokens) != len(p.tokens):
            detail = f"{len(p.tokens)} tokens, gold has {len(g.tokens)}"
        else:
            k = next(k for k, (a, b) in enumerate(zip(g.tokens, p.tokens)) if a != b)
            detail = f"token {k + 1} is {p.tokens[k]!r}, gold has {g.tokens[k]!r}"
        raise XprojError(Errors.E401, path=pred_path, line=p.line, gold=gold_path, gold_line=g.line, detail=detail)


def table(scores: SpanScores) -> str:
    """Per-type and micro precision, recall, F1 and support as an aligned text table."""
    rows = [*scores.per_type.items(), ("micro", scores.micro)]
    width = max(len("type"), *(len(name) for name, _ in rows))
    lines = [f"{'type':<{width}}  precision  recall      f1  support"]
    for name, c in rows:
        if name == "micro":
            lines.append("-" * len(lines[0]))
        lines.append(f"{name:<{width}}  {c.precision:9.4f}  {c.recall:6.4f}  {c.f1:6.4f}  {c.n_gold:7d}")
    lines.append(f"macro F1: {scores.macro_f1:.4f}")
    return "\n".join(lines)


def run_score(args: argparse.Namespace) -> int:
    gold_path, pred_path = Path(args.gold), Path(args.pred)
    types = split_list(args.types)
    gold, pred = read_tagged(gold_path, args.side), read_tagged(pred_path, args.side)
    check_parallel(gold, pred, gold_path, pred_path)
    gold_spans = [tags_to_spans(s.tags) for s in gold]
    pred_spans = [tags_to_spans(s.tags) for s in pred]
    scores = span_scores(gold_spans, pred_spans, types)
    categories = category_totals(categorize_corpus(gold_spans, pred_spans, types))
    payload = {
        "gold": str(gold_path),
        "pred": str(pred_path),
        "side": args.side,
        "types": types,
        **scores.as_dict(),
        "categories": categories,
    }

    def human() -> str:
        restricted = f", types {','.join(types)}" if types else ""
        header = f"{pred_path} against {gold_path}: {len(gold)} sentences{restricted}"
        counts = ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in categories.items())
        return f"{header}\n\n{table(scores)}\n\nspans: {counts}"

    emit(args, payload, human)
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "score",
        run_score,
        help="Span precision/recall/F1 (overall and per type, seqeval-equal) of predicted against gold tags.",
        example="xproj score --gold de.test.conll02 --pred projected.jsonl --types PER,ORG,LOC",
    )
    parser.add_argument("--gold", required=True, help="gold file: CoNLL columns or canonical .jsonl")
    parser.add_argument("--pred", required=True, help="predicted file: CoNLL columns or canonical .jsonl")
    parser.add_argument("--types", help="comma-separated entity types to evaluate (default: all)")
    parser.add_argument("--side", choices=("tgt", "src"), default="tgt", help="side of JSONL records (default: tgt)")
