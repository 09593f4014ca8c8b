"""``xproj translate``: translate-test and translate-train corpora.

* ``--mode test`` translates each pair's *target* sentence into the source language and makes the
  translation the (unlabelled) source side; the target tokens and gold tags are kept, so projection
  from labelled translations can be scored against the target gold.
* ``--mode train`` translates each *labelled source* sentence into the target language and makes the
  translation the (untagged) target side, for projection to label.

Translations are tokenised with ``--tokenizer`` (``auto``: ``whitespace`` for ``cached:`` files, whose
published translations are already tokenised, else spaCy's blank pipeline of the language); the
tokenizer, translator, mode and raw translation go into each record's ``meta``. With ``--markers``
(train mode), EasyProject labels the translations (:meth:`EasyProject.translate_train`).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import replace

from ..errors import Errors, XprojError
from ..models.base import Translator
from ..types import SentencePair
from ._common import add_command, emit


def translate_pairs(
    pairs: Sequence[SentencePair],
    translator: Translator,
    mode: str,
    tokenizer: str,
    batch_size: int = 64,
    progress: bool = False,
) -> list[SentencePair]:
    """Translate-test (``mode="test"``) or translate-train (``"train"``) versions of ``pairs``."""
    from tqdm import tqdm

    from ..io.tokenize import tokenize_translation, tokenizer_name

    result: list[SentencePair] = []
    for start in tqdm(range(0, len(pairs), batch_size), desc="translating", unit="batch", disable=not progress):
        batch = pairs[start : start + batch_size]
        groups: dict[tuple[str, str], list[int]] = {}
        for index, pair in enumerate(batch):
            direction = (pair.tgt_lang, pair.src_lang) if mode == "test" else (pair.src_lang, pair.tgt_lang)
            groups.setdefault(direction, []).append(index)
        texts: dict[int, str] = {}
        for (from_lang, to_lang), indices in groups.items():
            sides = [batch[i].tgt_tokens if mode == "test" else batch[i].src_tokens for i in indices]
            texts.update(zip(indices, translator.translate([" ".join(s) for s in sides], from_lang, to_lang)))
        for index, pair in enumerate(batch):
            lang = pair.src_lang if mode == "test" else pair.tgt_lang
            tokens = tokenize_translation(texts[index], lang, tokenizer)
            meta = {
                **pair.meta,
                "translator": translator.name,
                "translate_mode": mode,
                "tokenizer": tokenizer_name(tokenizer, lang),
                "translation": texts[index],
            }
            if mode == "test":
                result.append(replace(pair, src_tokens=tokens, src_tags=None, meta=meta))
            else:
                result.append(replace(pair, tgt_tokens=tokens, tgt_tags=None, meta=meta))
    return result


def run(args: argparse.Namespace) -> int:
    from ..datasets import load_corpus
    from ..io.jsonl import write_jsonl
    from ..models import TRANSLATORS
    from ..project.easyproject import EasyProject

    corpus = load_corpus(args.corpus)
    translator = TRANSLATORS.create(args.translator)
    tokenizer = args.tokenizer
    if tokenizer == "auto":
        tokenizer = "whitespace" if args.translator.startswith("cached:") else "spacy"
    payload: dict[str, object] = {
        "corpus": corpus.name,
        "mode": args.mode,
        "translator": translator.name,
        "tokenizer": tokenizer,
    }
    if args.markers:
        if args.mode != "train":
            raise XprojError(Errors.E016, option="--markers", detail="only with --mode train")
        projector = EasyProject(translator, tokenizer)
        pairs = projector.translate_train(corpus.pairs)
        payload["markers"] = projector.last_stats
    else:
        pairs = translate_pairs(corpus.pairs, translator, args.mode, tokenizer, progress=not args.json)
    payload.update(pairs=write_jsonl(args.out, pairs), out=args.out)
    survival = payload.get("markers", {}).get("survival_rate")  # type: ignore[union-attr]
    emit(
        args,
        payload,
        lambda: (
            f"{payload['pairs']} pairs translated ({args.mode}, {translator.name}) -> {args.out}"
            + ("" if survival is None else f"; marker survival {survival:.3f}")
        ),
    )
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "translate",
        run,
        help="Translate a corpus: test = target sentences into the source language (gold kept); "
        "train = labelled source sentences into the target language.",
        example="xproj translate --corpus europarl-ner:en-es --translator apertium:eng-spa --mode train --out es.jsonl",
    )
    parser.add_argument("--corpus", required=True, help="dataset name or JSONL file of sentence pairs")
    parser.add_argument("--translator", required=True, help="translator spec: cached:FILE, apertium:PAIR, hf:PATH")
    parser.add_argument("--mode", required=True, choices=["test", "train"], help="translate-test or translate-train")
    parser.add_argument(
        "--tokenizer",
        default="auto",
        choices=["auto", "whitespace", "spacy"],
        help="how translations are tokenised (default: whitespace for cached:, else spacy)",
    )
    parser.add_argument(
        "--markers",
        action="store_true",
        help="train mode: carry the source labels into the translation with [ ] markers (EasyProject)",
    )
    parser.add_argument("--out", required=True, help="JSONL file to write")
