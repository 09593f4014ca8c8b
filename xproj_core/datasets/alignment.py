"""Sentence pairs with gold (or silver) word alignments in ``meta["links"]``."""

from __future__ import annotations

from .base import ALIGNMENT, Dataset
from .layouts import AlignedTokenPairs

AWESOME = {"en-fr": "enfr", "ro-en": "roen"}
AWESOME_DIR = "word-alignment-gold/awesome-align"
SILVER_DIR = "word-alignment-gold/silveralign"
SILVERALIGN = ("cze", "deu", "fra", "hin", "per", "ron", "tur")

ALIGNMENT_DATASETS: list[Dataset] = [
    AlignedTokenPairs(
        name="alignment-gold",
        description="Gold word alignments (sure/possible) of tokenised pairs: en-fr Hansards (447), ro-en (248)",
        source="neulab/awesome-align examples (WPT03/05), BSD-3 repo",
        kind=ALIGNMENT,
        variants={
            pair: (f"{AWESOME_DIR}/{stem}.src-tgt", f"{AWESOME_DIR}/{stem}.gold") for pair, stem in AWESOME.items()
        },
        one_indexed=True,
    ),
    AlignedTokenPairs(
        name="silveralign",
        description="SilverAlign Silver_Small: MT-based partial word alignments, "
        "eng-cze, -deu, -fra, -hin, -per, -ron, -tur",
        source="akoksal/SilverAlign, no licence stated",
        kind=ALIGNMENT,
        variants={
            f"eng-{lang}": tuple(f"{SILVER_DIR}/eng_{lang}/Silver_Small/{f}" for f in ("parallel.txt", "gold.txt"))
            for lang in SILVERALIGN
        },
    ),
]
