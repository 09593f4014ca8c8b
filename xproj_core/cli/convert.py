"""``xproj convert``: a dataset name or files in any supported format → canonical JSONL, CoNLL or Pharaoh."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..datasets import load_corpus
from ..errors import Errors, XprojError
from ..io.conll import write_conll_side
from ..io.formats import FORMATS, ReadOptions, read_files
from ..io.jsonl import write_jsonl
from ..io.links import attach_links, corpus_alignments
from ..io.pharaoh import read_pharaoh, write_pharaoh_gold
from ..io.tokpairs import write_token_pairs
from ..types import Corpus
from ._common import add_command, emit, split_list
from .datasets import add_data_dir

TARGETS = ("jsonl", "conll", "pharaoh", "tokpairs")


def _column(value: str) -> str | int:
    return int(value) if value.isdigit() else value


def read_source(args: argparse.Namespace) -> Corpus:
    """The corpus that ``SOURCE`` names: files with ``--format``, else a dataset name or a ``.jsonl`` file."""
    if args.format is None:
        if len(args.source) != 1:
            raise XprojError(Errors.E016, option=" ".join(args.source), detail="several files need --format")
        spec = args.source[0]
        suffix = Path(spec).suffix
        if suffix and suffix != ".jsonl" and ":" not in spec:
            raise XprojError(Errors.E006, path=spec, fmt=suffix, known=", ".join(FORMATS) + " (pass --format)")
        return load_corpus(spec, args.data_dir)
    options = ReadOptions(
        src_lang=args.src_lang,
        tgt_lang=args.tgt_lang,
        gold=Path(args.gold) if args.gold else None,
        labels=split_list(args.labels) or ReadOptions.labels,
        gold_side=args.gold_side,
        split=args.split,
        src_column=_column(args.src_column),
        tgt_column=_column(args.tgt_column),
    )
    return Corpus(Path(args.source[0]).stem, read_files(args.format, args.source, options), {"source": args.source})


def write_output(corpus: Corpus, args: argparse.Namespace) -> list[str]:
    """Write the corpus as ``--to`` says; returns the files written."""
    if args.to == "jsonl":
        write_jsonl(args.out, corpus.pairs)
    elif args.to == "conll":
        write_conll_side(args.out, corpus.pairs, args.side)
        if args.out_src:
            write_conll_side(args.out_src, corpus.pairs, "src")
            return [args.out, args.out_src]
    elif args.to == "pharaoh":
        write_pharaoh_gold(args.out, corpus_alignments(corpus), one_indexed=args.one_indexed)
    else:
        write_token_pairs(args.out, corpus.pairs)
    return [args.out]


def run_convert(args: argparse.Namespace) -> int:
    if args.to not in TARGETS:
        raise XprojError(Errors.E006, path=args.out, fmt=args.to, known=", ".join(TARGETS))
    if args.out_src and (args.to != "conll" or args.side == "src"):
        raise XprojError(Errors.E016, option="--out-src", detail="only with --to conll --side tgt")
    corpus = read_source(args)
    if args.links:
        attach_links(corpus.pairs, read_pharaoh(args.links, args.one_indexed, n_pairs=len(corpus)), args.links)
    written = write_output(corpus, args)
    tagged = [side for side in ("src", "tgt") if getattr(corpus, f"has_{side}_tags")]
    payload = {
        "source": args.source,
        "name": corpus.name,
        "records": len(corpus),
        "to": args.to,
        "out": written,
        "tagged_sides": tagged,
    }
    emit(
        args,
        payload,
        lambda: f"wrote {len(corpus)} sentence pairs of {corpus.name} to {', '.join(written)} ({args.to})",
    )
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "convert",
        run_convert,
        "Convert a dataset (by name) or files in a supported format to canonical JSONL, CoNLL, Pharaoh or src ||| tgt.",
        "xproj convert europarl-ner:en-de --out europarl-en-de.jsonl\n"
        "  xproj convert en.conll02 de.conll02 --format conll2 --src-lang en --tgt-lang de --out ende.jsonl\n"
        "  xproj convert bam-translate-test --to pharaoh --out accalign.pharaoh",
    )
    parser.add_argument(
        "source",
        nargs="+",
        metavar="SOURCE",
        help="a dataset name (see `xproj datasets`), a .jsonl file, or files with --format",
    )
    parser.add_argument("--out", required=True, help="the file to write (written atomically: nothing partial on error)")
    parser.add_argument("--format", help=f"the format of SOURCE files: {', '.join(FORMATS)}")
    parser.add_argument("--to", default="jsonl", help=f"output format: {', '.join(TARGETS)} (default: jsonl)")
    add_data_dir(parser)
    parser.add_argument("--src-lang", default="src", help="source language code for files (default: src)")
    parser.add_argument("--tgt-lang", default="tgt", help="target language code for files (default: tgt)")
    parser.add_argument("--gold", help="tokpairs: HF-style JSONL gold tags (tokens + ner_tags ids) for one side")
    parser.add_argument("--labels", help="label names of the gold ids, comma-separated (default: MasakhaNER2's)")
    parser.add_argument("--gold-side", default="tgt", help="tokpairs: the side the gold tags belong to (src|tgt)")
    parser.add_argument("--split", help="hf: the split of a saved DatasetDict")
    parser.add_argument("--src-column", default="0", help="tsv: source column, header name or index (default: 0)")
    parser.add_argument("--tgt-column", default="1", help="tsv: target column, header name or index (default: 1)")
    parser.add_argument("--links", help="a Pharaoh file of word alignments to attach to the pairs (meta links)")
    parser.add_argument("--one-indexed", action="store_true", help="Pharaoh links (read or written) are 1-based")
    parser.add_argument("--side", default="tgt", choices=("src", "tgt"), help="--to conll: the side written to --out")
    parser.add_argument("--out-src", help="--to conll: also write the source side to this file")
