"""Untagged parallel text with English: NLLB-Seed, MAFAND-MT, MENYO-20k, SALT and the test sets
under ``parallel-en-xx/`` (FLORES-200 devtest, NTREX-128, Tatoeba, TICO-19, WMT news)."""

from __future__ import annotations

from itertools import permutations
from typing import NamedTuple

from .base import PARALLEL, Dataset
from .layouts import LinePairs, MultiwayJsonl, TsvPairs

OPUS_MT = "Helsinki-NLP/OPUS-MT-testsets"
TATOEBA = "tatoeba-test-v2021-08-07"


class EnXX(NamedTuple):
    """One ``parallel-en-xx/en-<folder>`` folder: the dataset-name code and each set's file code."""

    folder: str
    code: str
    flores: str
    ntrex: str = ""
    tatoeba: str = ""
    tico: str = ""


EN_XX = (
    EnXX("de", "deu", "deu_Latn", "deu", "deu"),
    EnXX("es", "spa", "spa_Latn", "spa", "spa"),
    EnXX("it", "ita", "ita_Latn", "ita", "ita"),
    EnXX("ha", "hau", "hau_Latn", "hau", tico="ha"),
    EnXX("sw", "swa", "swh_Latn", "swa", "swa", "sw"),
    EnXX("yo", "yor", "yor_Latn", "yor"),
    EnXX("bm", "bam", "bam_Latn"),
    EnXX("hi", "hin", "hin_Deva", "hin", "hin", "hi"),
    EnXX("bn", "ben", "ben_Beng", "ben", "ben", "bn"),
)
"""Folder (ISO 639-1) → name code (ISO 639-3) and file codes; ``""`` where the folder lacks the set."""

WMT_SETS = {
    "deu": ("news-test2008", "newssyscomb2009", *(f"newstest{y}" for y in range(2009, 2021))),
    "spa": ("news-test2008", "newssyscomb2009", *(f"newstest{y}" for y in range(2009, 2014))),
    "ita": ("newssyscomb2009", "newstest2009"),
}


def _en_xx(set_code: str, english: str, other: str) -> dict[str, tuple[str, ...]]:
    """``{en-<code>: (English file, other file)}`` for the folders that have a set; ``{x}`` is its code."""
    table = {}
    for row in EN_XX:
        code = getattr(row, set_code)
        if code:
            folder = f"parallel-en-xx/en-{row.folder}"
            table[f"en-{row.code}"] = (f"{folder}/{english}", f"{folder}/{other.format(x=code)}")
    return table


def _wmt() -> dict[str, tuple[str, ...]]:
    folder = {row.code: f"parallel-en-xx/en-{row.folder}" for row in EN_XX}
    table = {
        f"en-{code}:{name}": (f"{folder[code]}/{name}.eng", f"{folder[code]}/{name}.{code}")
        for code, names in WMT_SETS.items()
        for name in names
    }
    table["en-hin:newstest2014"] = ("parallel-en-xx/en-hi/newstest2014.en", "parallel-en-xx/en-hi/newstest2014.hi")
    for src, tgt in (("en", "ha"), ("ha", "en")):
        stem = f"parallel-en-xx/en-ha/newstest2021.{src}-{tgt}"
        table[f"{'hau' if src == 'ha' else 'en'}-{'hau' if tgt == 'ha' else 'en'}:newstest2021"] = (
            f"{stem}.src.{src}",
            f"{stem}.ref.A.{tgt}",
        )
    return table


MAFAND_TRAIN = ("hau", "ibo", "lug", "luo", "pcm", "tsn", "twi", "yor", "zul")
MAFAND_LANGS = ("amh", "hau", "ibo", "kin", "lug", "luo", "nya", "pcm", "sna", "swa", "tsn", "twi", "xho", "yor", "zul")
SALT_LANGS = ("eng", "lug", "ach", "teo", "lgg", "nyn")
NLLB_SEED_LANGS = ("bam", "fuv", "mri")


def _salt(pairs: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    return {f"{s}-{t}:{split}": (f"salt/salt-{split}-v1.2.jsonl",) for s, t in pairs for split in ("dev", "test")}


PARALLEL_DATASETS: list[Dataset] = [
    LinePairs(
        name="nllb-seed",
        description="NLLB-Seed v2.0: English Wikipedia sentences, professional translations "
        "(eng-bam, eng-fuv, eng-mri)",
        source="openlanguagedata/seed, CC BY-SA 4.0",
        kind=PARALLEL,
        variants={f"eng-{lang}": ("nllb-seed/eng_Latn", f"nllb-seed/{lang}_Latn") for lang in NLLB_SEED_LANGS},
    ),
    TsvPairs(
        name="mafand",
        description="MAFAND-MT English–African news, TSV (split default: test; train only for "
        + ", ".join(MAFAND_TRAIN)
        + ")",
        source="masakhane-io/lafand-mt (Adelani et al., NAACL 2022), CC BY-NC 4.0",
        kind=PARALLEL,
        variants={
            f"en-{lang}:{split}": (f"mafand-mt/en-{lang}/{split}.tsv",)
            for lang in MAFAND_LANGS
            for split in ("train", "dev", "test")
        },
        default_split="test",
    ),
    TsvPairs(
        name="menyo",
        description="MENYO-20k English–Yorùbá multi-domain, TSV (split default: test)",
        source="uds-lsv/menyo-20k_MT (Adelani et al., 2021), CC BY-NC 4.0",
        kind=PARALLEL,
        variants={f"en-yor:{split}": (f"menyo-20k/{split}.tsv",) for split in ("train", "dev", "test")},
        default_split="test",
        src_column="English",
        tgt_column="Yoruba",
    ),
    MultiwayJsonl(
        name="salt",
        description="SALT v1.2 six-way parallel (eng, lug, ach, teo, lgg, nyn), any two languages "
        "(split default: test)",
        source="SunbirdAI/salt-data-archive, CC BY-SA 4.0",
        kind=PARALLEL,
        variants=_salt([("eng", lang) for lang in SALT_LANGS[1:]]),
        also_accepts=_salt([(s, t) for s, t in permutations(SALT_LANGS, 2) if s != "eng"]),
        default_split="test",
    ),
    LinePairs(
        name="flores",
        description="FLORES-200 devtest (Wikinews, Wikibooks, Wikivoyage), 10-way parallel",
        source=f"{OPUS_MT}, CC BY-SA 4.0",
        kind=PARALLEL,
        variants=_en_xx("flores", "eng_Latn.devtest", "{x}.devtest"),
    ),
    LinePairs(
        name="ntrex",
        description="NTREX-128: WMT newstest2019 English-original, professional translations",
        source=f"{OPUS_MT}, CC BY-SA 4.0",
        kind=PARALLEL,
        variants=_en_xx("ntrex", "newstest2019-src.eng.txt", "newstest2019-ref.{x}.txt"),
    ),
    LinePairs(
        name="tatoeba",
        description="Tatoeba Translation Challenge test v2021-08-07, short everyday sentences",
        source=f"{OPUS_MT}, CC BY 2.0 FR",
        kind=PARALLEL,
        variants=_en_xx("tatoeba", f"{TATOEBA}.eng", f"{TATOEBA}.{{x}}"),
    ),
    LinePairs(
        name="tico19",
        description="TICO-19 COVID-19 test set",
        source=f"{OPUS_MT}, CC0 1.0",
        kind=PARALLEL,
        variants=_en_xx("tico", "tico19-test.en", "tico19-test.{x}"),
    ),
    LinePairs(
        name="wmt",
        description="WMT news test sets "
        "(wmt:en-deu:newstest2019, wmt:en-hin:newstest2014, wmt:hau-en:newstest2021, ...)",
        source=f"{OPUS_MT}, WMT research use",
        kind=PARALLEL,
        variants=_wmt(),
    ),
]
