"""Image–text pairs: Multi30K, Hindi/Bengali/Malayalam Visual Genome, HaVQA, NLLB-CLIP Flickr30K.

Every pair carries its image id in ``meta["image"]`` (Multi30K task 1 where the split file exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Errors, XprojError
from ..io.parallel_text import read_image_captions, read_line_pairs
from ..io.text import read_lines
from ..types import SentencePair
from .base import IMAGE_TEXT, Dataset, count_lines
from .layouts import DelimitedPairs, LinePairs

MULTI30K_TASK1 = ("train", "val", "test_2016_flickr", "test_2017_flickr", "test_2017_mscoco", "test_2018_flickr")
MULTI30K_TASK2 = ("train", "val", "test_2016")
CAPTIONS_PER_IMAGE = 5


def _multi30k_variants() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {
        f"en-{lang}:task1:{split}": (f"multi30k/task1/raw/{split}.en.gz", f"multi30k/task1/raw/{split}.{lang}.gz")
        for lang in ("de", "fr", "cs")
        for split in MULTI30K_TASK1
    }
    for split in MULTI30K_TASK2:
        captions = [f"multi30k/task2/raw/{split}.{k}.{lang}.gz" for lang in ("en", "de") for k in range(1, 6)]
        table[f"en-de:task2:{split}"] = (f"multi30k/task2/image_splits/{split}_images.txt", *captions)
    return table


@dataclass(frozen=True, kw_only=True)
class Multi30k(Dataset):
    """Task 1: line-aligned translations (+ the image split file when present). Task 2: every English
    caption of an image with every German caption of it (comparable pairs, ``meta["comparable"]``)."""

    def resolve(self, argument: str) -> str:
        parts = argument.split(":") if argument else []
        if len(parts) == 1:
            parts.append("task1")
        if len(parts) == 2:
            parts.append("test_2016_flickr" if parts[1] == "task1" else "test_2016")
        return ":".join(parts)

    def read(self, root: Path, argument: str) -> list[SentencePair]:
        _, task, split = argument.split(":")
        src, tgt = self.languages(argument)
        files = self.paths(root, argument)
        if task == "task2":
            n = CAPTIONS_PER_IMAGE
            return read_image_captions(files[0], files[1 : 1 + n], files[1 + n :], src, tgt)
        pairs = read_line_pairs(files[0], files[1], src, tgt)
        images_path = root / f"multi30k/task1/image_splits/{split}.txt"
        if images_path.is_file():
            images = read_lines(images_path)
            if len(images) != len(pairs):
                raise XprojError(
                    Errors.E007, path=images_path, n_src=len(pairs), src=files[0], n_tgt=len(images), tgt=images_path
                )
            for pair, image in zip(pairs, images):
                pair.meta["image"] = image
        return pairs

    def count(self, root: Path, argument: str) -> int:
        per_image = CAPTIONS_PER_IMAGE**2 if ":task2:" in argument else 1
        return count_lines(self.paths(root, argument)[0]) * per_image


VISUAL_GENOME = {
    "hin": ("hvg", "hindi", "challenge-test-set"),
    "ben": ("bvg", "bengali", "challenge-test-set"),
    "mal": ("mvg", "malayalam", "chtest"),
}
NLLB_CLIP = {
    **{
        lang: f"{lang}_Latn"
        for lang in (
            "bam",
            "ewe",
            "fon",
            "hau",
            "ibo",
            "kin",
            "lug",
            "luo",
            "mos",
            "nya",
            "sna",
            "tsn",
            "twi",
            "wol",
            "xho",
            "yor",
            "zul",
        )
    },
    "swa": "swh_Latn",
    "hin": "hin_Deva",
    "ben": "ben_Beng",
}


def _visual_genome() -> dict[str, tuple[str, ...]]:
    table = {}
    for lang, (folder, stem, challenge) in VISUAL_GENOME.items():
        for split, suffix in (("train", "train"), ("dev", "dev"), ("test", "test"), ("challenge", challenge)):
            table[f"en-{lang}:{split}"] = (f"visual-genome-indic/{folder}/{stem}-visual-genome-{suffix}.txt",)
    return table


IMAGE_TEXT_DATASETS: list[Dataset] = [
    Multi30k(
        name="multi30k",
        description="Multi30K image captions: task1 translations (en-de, en-fr, en-cs); task2 independent en/de "
        "captions of the same image, NOT translations: 5x5 comparable pairs per image (default: task1, test_2016)",
        source="multi30k/dataset (Elliott et al., 2016), Flickr30K non-commercial research terms",
        kind=IMAGE_TEXT,
        variants=_multi30k_variants(),
    ),
    DelimitedPairs(
        name="visual-genome",
        description="Hindi/Bengali/Malayalam Visual Genome: English region captions, human post-edited translations "
        "made looking at the image (split default: train; also dev, test, challenge)",
        source="shantipriyap/SiloNLP_WAT2022 (Parida et al.), CC BY-NC-SA 4.0",
        kind=IMAGE_TEXT,
        variants=_visual_genome(),
        default_split="train",
        delimiter="\t",
        n_columns=7,
        src_column=5,
        tgt_column=6,
        image_column=0,
        quoted=False,
    ),
    DelimitedPairs(
        name="havqa",
        description="HaVQA: English questions/answers about Visual Genome images, human Hausa translations "
        "(split default: train)",
        source="shantipriyap/HausaVQA (Parida et al., 2023), CC BY-NC-SA",
        kind=IMAGE_TEXT,
        variants={f"en-hau:{split}": (f"hausa-vqa/hausa-{split}.txt",) for split in ("train", "dev", "test")},
        default_split="train",
        delimiter=",",
        n_columns=4,
        src_column=2,
        tgt_column=3,
        image_column=1,
    ),
    LinePairs(
        name="nllb-clip",
        description="NLLB-CLIP Flickr30K: 1000 English image captions, machine-translated by NLLB-3.3B",
        source="visheratin/nllb-clip, no licence stated",
        kind=IMAGE_TEXT,
        variants={
            f"en-{lang}": ("nllb-clip/flickr30k-200/eng_Latn.txt", f"nllb-clip/flickr30k-200/{code}.txt")
            for lang, code in NLLB_CLIP.items()
        },
    ),
]
