"""``xproj project``: project source entity labels onto the target side of a parallel corpus."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import Errors, XprojError
from ..io.atomic import atomic_write
from ..types import Corpus, Span
from ._common import add_command, emit, split_list
from .align import parse_options

OBJECT_OPTIONS = {"tagger": "ner", "scorer": "scorer", "translator": "translator"}
"""Projector options that take a backend object, and the CLI flag whose spec builds it."""


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    from ..project import PROJECTORS
    from ..project.solvers import SOLVERS

    parser = add_command(
        subparsers,
        "project",
        run,
        help="Project source entity labels onto the target sentences; score against target gold if present.",
        example=(
            "xproj project --corpus corpus.jsonl --method ilp-align --aligner e5 --solver exact --out projected.jsonl"
        ),
    )
    parser.add_argument("--corpus", required=True, help="dataset name (see `xproj datasets`) or canonical .jsonl file")
    parser.add_argument("--data-dir", help="folder with the datasets (default: the usual data roots)")
    parser.add_argument(
        "--method", required=True, help=f"projector: {', '.join(PROJECTORS.names())} (ilp-fused:PRESET)"
    )
    parser.add_argument("--aligner", help="aligner spec, for methods that need an alignment (e.g. e5, eflomal)")
    parser.add_argument(
        "--aligner-option", action="append", default=[], metavar="KEY=VALUE", help="aligner option (repeatable)"
    )
    parser.add_argument("--solver", choices=list(SOLVERS), default="exact", help="ILP solver (default exact)")
    parser.add_argument(
        "--source-labels", default="gold", help="gold (the corpus's source tags) or a NER tagger spec (spacy, hf:PATH)"
    )
    parser.add_argument(
        "--source-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="option of the --source-labels tagger (repeatable), e.g. model=md for spacy-map",
    )
    parser.add_argument("--ner", help="target-side NER tagger spec, for ilp-ner, ilp-ner-spans and fused presets")
    parser.add_argument("--scorer", help="translation-scorer spec (a translator with log_prob), for nmt scores")
    parser.add_argument("--translator", help="translator spec, for projectors that translate")
    parser.add_argument("--types", help="comma-separated entity types to project and evaluate, e.g. PER,ORG,LOC")
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="projector option (repeatable), e.g. d=2, thr=0, sense=>=, n_proj=2",
    )
    parser.add_argument("--out", help="write the projected corpus here (JSONL)")


def source_spans(
    corpus: Corpus, spec: str, types: list[str] | None, options: dict[str, Any] | None = None
) -> list[list[Span]]:
    """Source entity spans per pair: the corpus's own (``gold``) or a tagger's (built with ``options``)."""
    from ..models import NER_TAGGERS
    from ..tags import filter_types, tags_to_spans

    if spec == "gold":
        if not corpus.has_src_tags:
            raise XprojError(Errors.E017, what="gold source labels", detail=f"corpus {corpus.name} has no source tags")
        spans = [p.src_spans for p in corpus]
    else:
        tagger = NER_TAGGERS.create(spec, **(options or {}))
        spans = [tags_to_spans(tags) for tags in tagger.tag([p.src_tokens for p in corpus])]
    return [filter_types(s, types) for s in spans]


def build_projector(args: argparse.Namespace) -> Any:
    """The projector ``--method`` names, given the backends and options it accepts."""
    from ..models import NER_TAGGERS, TRANSLATORS
    from ..project import PROJECTORS

    entry, _ = PROJECTORS.entry(args.method)
    options = parse_options(args.option)
    unknown = {
        key for key in options if key not in entry.options and f"{key.partition('.')[0]}.KEY" not in entry.options
    }
    if unknown:
        raise XprojError(
            Errors.E016,
            option=",".join(sorted(unknown)),
            detail=f"{entry.name} takes {', '.join(entry.options) or 'no options'}",
        )
    if "solver" in entry.options:
        options.setdefault("solver", args.solver)
    for option, flag in OBJECT_OPTIONS.items():
        spec = getattr(args, flag)
        if option in entry.options and spec:
            registry = NER_TAGGERS if option == "tagger" else TRANSLATORS
            options[option] = registry.create(spec)
    return PROJECTORS.create(args.method, **options)


def run(args: argparse.Namespace) -> int:
    from ..align import ALIGNERS
    from ..datasets import load_corpus
    from ..evaluate.spans import span_scores
    from ..project import ProjectionInput
    from ..tags import spans_to_tags

    types = split_list(args.types)
    corpus = load_corpus(args.corpus, args.data_dir)
    projector = build_projector(args)
    src = source_spans(corpus, args.source_labels, types, parse_options(args.source_option))
    alignments: list[Any] = [None] * len(corpus)
    if projector.needs_alignment:
        if not args.aligner:
            raise XprojError(Errors.E200, name=args.method, what="an aligner (--aligner)")
        aligner = ALIGNERS.create(args.aligner, **parse_options(args.aligner_option))
        alignments = aligner.align(corpus.pairs, progress=True)
    items = [ProjectionInput(p, s, a) for p, s, a in zip(corpus.pairs, src, alignments)]
    projected = projector.project(items, progress=True)

    records = []
    for pair, spans, tgt in zip(corpus.pairs, src, projected):
        record = pair.to_record()
        record["src_tags"] = spans_to_tags(spans, len(pair.src_tokens))
        record["tgt_tags"] = spans_to_tags(tgt, len(pair.tgt_tokens))
        record["meta"]["projection"] = {
            "signature": projector.signature(),
            "spans": [[s.start, s.end, s.label, round(s.score, 6)] for s in tgt],
        }
        if pair.tgt_tags is not None:
            record["meta"]["tgt_gold_tags"] = list(pair.tgt_tags)
        records.append(record)
    if args.out:
        with atomic_write(args.out) as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    scored = [(p.tgt_spans, t) for p, t in zip(corpus.pairs, projected) if p.tgt_tags is not None]
    metrics = None
    if scored:
        scores = span_scores([g for g, _ in scored], [t for _, t in scored], types)
        metrics = {**{k: c.as_dict() for k, c in scores.per_type.items()}, "ALL": scores.micro.as_dict()}
    payload = {
        "corpus": corpus.name,
        "pairs": len(corpus),
        "method": projector.signature(),
        "aligner": args.aligner if projector.needs_alignment else None,
        "source_labels": args.source_labels,
        "projected_spans": sum(len(t) for t in projected),
        "out": args.out,
        "metrics": metrics,
    }
    emit(args, payload, lambda: _human(payload))
    return 0


def _human(payload: dict[str, Any]) -> str:
    lines = [
        f"{payload['corpus']}: {payload['pairs']} pairs, "
        f"{payload['projected_spans']} spans projected by {payload['method']}"
    ]
    if payload["out"]:
        lines.append(f"wrote {payload['out']}")
    if payload["metrics"]:
        lines.append(f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}")
        for kind, m in sorted(payload["metrics"].items(), key=lambda kv: (kv[0] == "ALL", kv[0])):
            lines.append(f"{kind:<8}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}{m['support']:>8}")
    return "\n".join(lines)
