"""Gold NER families: tags on the target side (and on both sides for Europarl-NER).

The types of every family are mapped to PER/ORG/LOC/DATE through :mod:`xproj_core.tagsets`: the
foreign tag sets (HiNER, IL-NER, Bengali-NER) on reading; the CoNLL-style ones (MasakhaNER2,
WikiANN, CoNLL-2003, Europarl-NER) already use those names and are read as they are (``MISC`` kept;
a study drops it by its ``types``), so that existing studies see the same tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations
from pathlib import Path

from ..io.accalign import read_accalign_jsonl
from ..io.hf import read_hf_jsonl
from ..io.links import attach_links
from ..io.tokpairs import read_token_pair_corpus
from ..types import SentencePair
from .base import GOLD, Dataset, count_lines
from .layouts import ConllMonolingual, ConllPair, MappedConll

MASAKHANE = "masakhane-io/masakhane-ner (Adelani et al., EMNLP 2022), CC BY-NC 4.0"
MASAKHANER2_LANGS = (
    "bam",
    "bbj",
    "ewe",
    "fon",
    "hau",
    "ibo",
    "kin",
    "lug",
    "luo",
    "mos",
    "nya",
    "pcm",
    "sna",
    "swa",
    "tsn",
    "twi",
    "wol",
    "xho",
    "yor",
    "zul",
)
SPLITS = ("train", "dev", "test")
EUROPARL_LANGS = ("en", "de", "es", "it")
BAM_DIR = "devil-in-details-bam-translate-test"


def _europarl(src: str, tgt: str) -> tuple[str, ...]:
    return tuple(f"europarl-ner/{lang}-europarl.test.conll02" for lang in (src, tgt))


@dataclass(frozen=True, kw_only=True)
class BamTranslateTest(Dataset):
    """English NLLB translation tokens ``|||`` Bambara tokens, Bambara gold (HF label ids), AccAlign links."""

    def read(self, root: Path, argument: str) -> list[SentencePair]:
        tokens, gold, final = self.paths(root, argument)
        pairs = read_token_pair_corpus(tokens, "en", "bam", read_hf_jsonl(gold), gold, gold_side="tgt")
        attach_links(pairs, read_accalign_jsonl(final, pairs), final)
        return pairs

    def count(self, root: Path, argument: str) -> int:
        return count_lines(self.paths(root, argument)[0])


GOLD_DATASETS: list[Dataset] = [
    ConllPair(
        name="europarl-ner",
        description="Europarl, the same sentences with gold PER/LOC/ORG/MISC on both sides "
        "(any pair of en, de, es, it)",
        source="ixa-ehu/ner-evaluation-corpus-europarl (Agerri et al., LREC 2018)",
        kind=GOLD,
        tagset="conll",
        variants={f"en-{lang}": _europarl("en", lang) for lang in EUROPARL_LANGS[1:]},
        also_accepts={f"{s}-{t}": _europarl(s, t) for s, t in permutations(EUROPARL_LANGS, 2) if s != "en"},
    ),
    ConllMonolingual(
        name="masakhaner2",
        description="MasakhaNER 2.0 gold PER/ORG/LOC/DATE, target side only (split default: test)",
        source=MASAKHANE,
        kind=GOLD,
        tagset="masakhaner2",
        variants={
            f"{lang}:{split}": (f"masakhaner2/{lang}/{split}.txt",) for lang in MASAKHANER2_LANGS for split in SPLITS
        },
        default_split="test",
    ),
    ConllMonolingual(
        name="wikiann",
        description="WikiANN/PAN-X, Rahimi et al. splits, gold PER/LOC/ORG, target side only",
        source="masakhane-io/masakhane-ner transfer_corpus/panx (Pan et al., ACL 2017)",
        kind=GOLD,
        tagset="wikiann",
        variants={
            f"{lang}:{split}": (f"wikiann-panx/{lang}/{split}.txt",)
            for lang in ("amh", "ibo", "kin", "swa", "yor")
            for split in SPLITS
        },
        default_split="test",
    ),
    ConllMonolingual(
        name="conll2003-en",
        description="English CoNLL-2003 gold PER/LOC/ORG/MISC (4 columns), target side only (split default: test)",
        source="kyzhouhzau/BERT-NER (Tjong Kim Sang & De Meulder, 2003), Reuters research use",
        kind=GOLD,
        tagset="conll",
        variants={split: (f"conll2003-en/{split}.txt",) for split in SPLITS},
        default_split="test",
        languages_of=("", "en"),
    ),
    BamTranslateTest(
        name="bam-translate-test",
        description="MasakhaNER2 Bambara test (first 637) translated to English by NLLB: English tokens (untagged) → "
        "Bambara gold tags; AccAlign links in meta['links']",
        source="bebing93/devil-in-details (Ebing & Glavaš 2025), Apache-2.0; data MasakhaNER2 CC BY-NC 4.0",
        kind=GOLD,
        tagset="masakhaner2",
        variants={
            "": (
                f"{BAM_DIR}/intermediate/nllb/masakhaner/test-translate-bam-en/en-bam-tokens.txt",
                f"{BAM_DIR}/original/masakhaner/test-bam.jsonl",
                f"{BAM_DIR}/final/nllb/accalign/masakhaner/test-translate-bam-en.jsonl",
            )
        },
        languages_of=("en", "bam"),
    ),
    MappedConll(
        name="hiner",
        description="HiNER Hindi gold, validation split used as a test set; PERSON/LOCATION/ORGANIZATION → PER/LOC/ORG",
        source="cfiltnlp/HiNER (Murthy et al., LREC 2022), CC BY-SA 4.0",
        kind=GOLD,
        tagset="hiner",
        variants={"hin:validation": ("indic-ner/hiner/validation.conll",)},
        default_split="validation",
        test_split="validation",
    ),
    MappedConll(
        name="il-ner",
        description="IL-NER Hindi test; NEP/NEO/NEL/NETI → PER/ORG/LOC/DATE, other types dropped, "
        "malformed '-' tags read as O and '-TYPE' as TYPE",
        source="ltrc/IL-NER, CC BY 4.0",
        kind=GOLD,
        tagset="il-ner",
        variants={"hin:test": ("indic-ner/il-ner/Hindi-test.txt",)},
        default_split="test",
    ),
    MappedConll(
        name="bengali-ner",
        description="Bengali-NER test, B-/I- PER/ORG/LOC read as they are (adjacent B- kept apart), "
        "prefix-less TIM → DATE",
        source="Rifat1493/Bengali-NER, MIT",
        kind=GOLD,
        tagset="bengali-ner",
        variants={"ben:test": ("indic-ner/bengali-ner/test_data.txt",)},
        default_split="test",
    ),
]
