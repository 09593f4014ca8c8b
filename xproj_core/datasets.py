"""Named corpora: ``europarl-ner:en-de``, ``masakhaner2:hau``, ... or a path to a canonical ``.jsonl``.

Data roots, searched in order: the data directory given (``--data-dir`` / ``data_dir``, else the
environment variable ``XPROJ_DATA``), the vendored demo data in the repository's ``data/`` (always),
and ``../shared/data`` beside the repository when it exists and no data directory was given. Every
root has the ``../shared/data`` layout. A name resolves to the first root holding its files.

Conventions: pair ids are the 0-based sentence index; language codes are the ones in the name;
tagged monolingual corpora (MasakhaNER2, WikiANN, CoNLL-2003) put their sentence on the *target*
side with an empty, untagged source; corpora with word alignments keep them per pair in
``meta["links"]`` (and ``meta["possible"]``) as ``[src, tgt]`` index pairs, read back with
:func:`xproj_core.io.links.corpus_alignments` (re-exported here).
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import Errors, XprojError
from .io.conll import read_conll_monolingual, read_conll_pair
from .io.hf import read_hf_jsonl
from .io.jsonl import read_json_lines, read_jsonl
from .io.links import attach_links, corpus_alignments  # noqa: F401 (corpus_alignments is re-exported)
from .io.parallel_text import read_image_captions, read_line_pairs, read_multiway_jsonl, read_tsv_pairs
from .io.pharaoh import GoldLinks, read_pharaoh
from .io.text import read_lines, read_text
from .io.tokpairs import read_token_pair_corpus
from .types import Corpus, SentencePair

REPO_ROOT = Path(__file__).resolve().parents[1]
VENDORED = REPO_ROOT / "data"
SHARED = REPO_ROOT.parent / "shared" / "data"
ENV_VAR = "XPROJ_DATA"

Loader = Callable[[Path, str], list[SentencePair]]


@dataclass(frozen=True)
class DatasetInfo:
    """One named corpus found in a data root: ``size`` is its number of sentence pairs."""

    name: str
    size: int
    description: str
    source: str
    root: str


@dataclass(frozen=True)
class Family:
    """A kind of dataset, named ``prefix:argument`` (``prefix`` alone when the argument is ``""``).

    ``candidates(root)`` proposes the arguments to list, ``files(argument)`` gives the files (relative
    to a root) a variant needs and raises E013 for an invalid argument, ``default`` completes a short
    argument (``hau`` → ``hau:test``), ``count`` gives the number of pairs without a full parse.
    """

    prefix: str
    description: str
    source: str
    candidates: Callable[[Path], list[str]]
    files: Callable[[str], list[str]]
    load: Loader
    count: Callable[[Path, str], int]
    default: Callable[[str], str] = lambda argument: argument

    def name(self, argument: str) -> str:
        return f"{self.prefix}:{argument}" if argument else self.prefix

    def available(self, root: Path, argument: str) -> bool:
        return all((root / f).is_file() for f in self.files(argument))

    def variants(self, root: Path) -> list[str]:
        """The arguments whose files are all in ``root``."""
        return [a for a in self.candidates(root) if self.available(root, a)]


def data_roots(data_dir: str | Path | None = None) -> list[Path]:
    """The data roots to search, in order (see the module docstring)."""
    explicit = data_dir or os.environ.get(ENV_VAR) or None
    roots: list[Path] = []
    if explicit:
        root = Path(explicit)
        if not root.is_dir():
            raise XprojError(Errors.E001, path=root)
        roots.append(root)
    roots.append(VENDORED)
    if not explicit and SHARED.is_dir():
        roots.append(SHARED)
    return roots


# --- helpers -----------------------------------------------------------------------------------------


def count_blocks(path: Path) -> int:
    """Sentences in a CoNLL file: blank-line separated blocks, ``-DOCSTART-`` blocks excluded."""
    blocks = re.split(r"\n[ \t\r]*\n", read_text(path).strip())
    return sum(1 for b in blocks if b.strip() and not b.startswith("-DOCSTART-"))


def count_lines(path: Path) -> int:
    """Non-blank lines of a text file."""
    return sum(1 for line in read_text(path).split("\n") if line.strip())


def count_tsv_rows(path: Path) -> int:
    """Non-blank rows after the header of a TSV file (quoted fields may span lines)."""
    rows = csv.reader(io.StringIO(read_text(path), newline=""), delimiter="\t")
    return sum(1 for row in rows if any(f.strip() for f in row)) - 1


def _subdirs(root: Path, folder: str) -> list[str]:
    base = root / folder
    return sorted(p.name for p in base.iterdir() if p.is_dir()) if base.is_dir() else []


def _pair(argument: str, name: str) -> tuple[str, str]:
    """``"en-yor:test"`` → ``("en", "yor")``."""
    langs = argument.split(":")[0].split("-")
    if len(langs) != 2 or not all(langs):
        raise XprojError(Errors.E013, name=name)
    return langs[0], langs[1]


def _split_default(split: str) -> Callable[[str], str]:
    """A ``default`` that appends ``:split`` to a one-part argument."""
    return lambda argument: argument if ":" in argument or not argument else f"{argument}:{split}"


def _parts(argument: str, n: int, prefix: str) -> list[str]:
    parts = argument.split(":")
    if len(parts) != n or not all(parts):
        raise XprojError(Errors.E013, name=f"{prefix}:{argument}")
    return parts


def _line_loader(files: Callable[[str], list[str]], prefix: str) -> Loader:
    def load(root: Path, argument: str) -> list[SentencePair]:
        src, tgt = _pair(argument, f"{prefix}:{argument}")
        src_file, tgt_file = (root / f for f in files(argument))
        return read_line_pairs(src_file, tgt_file, src, tgt)

    return load


# --- tagged corpora ----------------------------------------------------------------------------------

EUROPARL_LANGS = ("en", "de", "es", "it")


def _europarl_files(argument: str) -> list[str]:
    langs = argument.split("-")
    if len(langs) != 2 or not set(langs) <= set(EUROPARL_LANGS) or langs[0] == langs[1]:
        raise XprojError(Errors.E013, name=f"europarl-ner:{argument}")
    return [f"europarl-ner/{lang}-europarl.test.conll02" for lang in langs]


def _europarl_load(root: Path, argument: str) -> list[SentencePair]:
    src, tgt = argument.split("-")
    src_file, tgt_file = (root / f for f in _europarl_files(argument))
    return read_conll_pair(src_file, tgt_file, src, tgt)


def _monolingual_family(prefix: str, folder: str, description: str, source: str, langs: Callable[[Path], list[str]]) -> Family:
    """Tagged CoNLL files ``folder/<lang>/<split>.txt``, named ``prefix:<lang>:<split>`` (split default test)."""

    def files(argument: str) -> list[str]:
        lang, split = _parts(argument, 2, prefix)
        return [f"{folder}/{lang}/{split}.txt"]

    return Family(
        prefix, description, source,
        lambda root: [f"{lang}:{split}" for lang in langs(root) for split in ("train", "dev", "test")],
        files,
        lambda root, argument: read_conll_monolingual(root / files(argument)[0], argument.split(":")[0]),
        lambda root, argument: count_blocks(root / files(argument)[0]),
        _split_default("test"),
    )


def _conll2003_files(argument: str) -> list[str]:
    if argument not in ("train", "dev", "test"):
        raise XprojError(Errors.E013, name=f"conll2003-en:{argument}")
    return [f"conll2003-en/{argument}.txt"]


BAM_DIR = "devil-in-details-bam-translate-test"
BAM_FILES = [
    f"{BAM_DIR}/intermediate/nllb/masakhaner/test-translate-bam-en/en-bam-tokens.txt",
    f"{BAM_DIR}/original/masakhaner/test-bam.jsonl",
    f"{BAM_DIR}/final/nllb/accalign/masakhaner/test-translate-bam-en.jsonl",
]


def read_accalign_jsonl(path: Path, pairs: list[SentencePair]) -> list[GoldLinks]:
    """The ``alignment`` links ([English, Bambara] indices) of the final translate-test JSON lines."""
    links: list[GoldLinks] = []
    for line, record in read_json_lines(path):
        index = len(links)
        if "alignment" not in record or "tokens" not in record:
            raise XprojError(Errors.E012, path=path, line=line, field="alignment" if "tokens" in record else "tokens")
        if index < len(pairs) and record["tokens"] != pairs[index].src_tokens:
            raise XprojError(Errors.E300, path=path, line=line, index=index, side="src", detail="English tokens differ")
        links.append((frozenset((int(i), int(j)) for i, j in record["alignment"]), frozenset()))
    return links


def _bam_files(argument: str) -> list[str]:
    if argument:
        raise XprojError(Errors.E013, name=f"bam-translate-test:{argument}")
    return BAM_FILES


def _bam_load(root: Path, argument: str) -> list[SentencePair]:
    tokens, gold, final = (root / f for f in BAM_FILES)
    pairs = read_token_pair_corpus(tokens, "en", "bam", read_hf_jsonl(gold), gold, gold_side="tgt")
    attach_links(pairs, read_accalign_jsonl(final, pairs), final)
    return pairs


# --- untagged parallel text --------------------------------------------------------------------------

ISO3 = {"de": "deu", "es": "spa", "it": "ita", "ha": "hau", "sw": "swa", "yo": "yor", "bm": "bam"}
"""``parallel-en-xx/en-<xx>`` folder codes → the ISO 639-3 codes used in dataset names."""
ISO1 = {v: k for k, v in ISO3.items()}
FLORES_CODE = {"swa": "swh"}
TATOEBA = "tatoeba-test-v2021-08-07"


def _en_xx(argument: str, prefix: str) -> str:
    """The ``parallel-en-xx`` folder of an ``en-<iso3>`` argument."""
    src, tgt = _pair(argument, f"{prefix}:{argument}")
    if src != "en" or tgt not in ISO1:
        raise XprojError(Errors.E013, name=f"{prefix}:{argument}")
    return f"parallel-en-xx/en-{ISO1[tgt]}"


def _en_xx_candidates(root: Path) -> list[str]:
    return [f"en-{ISO3[d[3:]]}" for d in _subdirs(root, "parallel-en-xx") if d[3:] in ISO3]


def _flores_files(argument: str) -> list[str]:
    folder, lang = _en_xx(argument, "flores"), argument.split("-")[1]
    return [f"{folder}/eng_Latn.devtest", f"{folder}/{FLORES_CODE.get(lang, lang)}_Latn.devtest"]


def _ntrex_files(argument: str) -> list[str]:
    folder = _en_xx(argument, "ntrex")
    return [f"{folder}/newstest2019-src.eng.txt", f"{folder}/newstest2019-ref.{argument.split('-')[1]}.txt"]


def _tatoeba_files(argument: str) -> list[str]:
    folder = _en_xx(argument, "tatoeba")
    return [f"{folder}/{TATOEBA}.eng", f"{folder}/{TATOEBA}.{argument.split('-')[1]}"]


def _tico_files(argument: str) -> list[str]:
    folder = _en_xx(argument, "tico19")
    return [f"{folder}/tico19-test.en", f"{folder}/tico19-test.{ISO1[argument.split('-')[1]]}"]


def _wmt_files(argument: str) -> list[str]:
    pair, test_set = _parts(argument, 2, "wmt")
    if test_set == "newstest2021" and pair in ("en-hau", "hau-en"):
        src, tgt = ("en", "ha") if pair == "en-hau" else ("ha", "en")
        stem = f"parallel-en-xx/en-ha/newstest2021.{src}-{tgt}"
        return [f"{stem}.src.{src}", f"{stem}.ref.A.{tgt}"]
    folder = _en_xx(pair, "wmt")
    if "." in test_set:
        raise XprojError(Errors.E013, name=f"wmt:{argument}")
    return [f"{folder}/{test_set}.eng", f"{folder}/{test_set}.{pair.split('-')[1]}"]


def _wmt_candidates(root: Path) -> list[str]:
    found = []
    for pair in _en_xx_candidates(root):
        folder = root / _en_xx(pair, "wmt")
        found += [f"{pair}:{p.stem}" for p in sorted(folder.glob("*.eng")) if not p.stem.startswith(TATOEBA)]
    if (root / "parallel-en-xx/en-ha").is_dir():
        found += ["en-hau:newstest2021", "hau-en:newstest2021"]
    return found


def _mafand_files(argument: str) -> list[str]:
    pair, split = _parts(argument, 2, "mafand")
    return [f"mafand-mt/{pair}/{split}.tsv"]


def _mafand_load(root: Path, argument: str) -> list[SentencePair]:
    """English is the first column, the other language the second (en-luo's header says ``eng``)."""
    src, tgt = _pair(argument, f"mafand:{argument}")
    return read_tsv_pairs(root / _mafand_files(argument)[0], src, tgt)


def _menyo_files(argument: str) -> list[str]:
    pair, split = _parts(argument, 2, "menyo")
    if pair != "en-yor":
        raise XprojError(Errors.E013, name=f"menyo:{argument}")
    return [f"menyo-20k/{split}.tsv"]


SALT_LANGS = ("lug", "ach", "teo", "lgg", "nyn")


def _salt_files(argument: str) -> list[str]:
    pair, split = _parts(argument, 2, "salt")
    src, tgt = _pair(pair, f"salt:{argument}")
    if {src, tgt} - {"eng", *SALT_LANGS} or src == tgt:
        raise XprojError(Errors.E013, name=f"salt:{argument}")
    return [f"salt/salt-{split}-v1.2.jsonl"]


def _salt_load(root: Path, argument: str) -> list[SentencePair]:
    src, tgt = _pair(argument, f"salt:{argument}")
    return read_multiway_jsonl(root / _salt_files(argument)[0], src, tgt)


NLLB_SEED_LANGS = ("bam", "fuv", "mri")


def _seed_files(argument: str) -> list[str]:
    src, tgt = _pair(argument, f"nllb-seed:{argument}")
    if src != "eng" or tgt not in NLLB_SEED_LANGS:
        raise XprojError(Errors.E013, name=f"nllb-seed:{argument}")
    return ["nllb-seed/eng_Latn", f"nllb-seed/{tgt}_Latn"]


MULTI30K_TASK1 = ("train", "val", "test_2016_flickr", "test_2017_flickr", "test_2017_mscoco", "test_2018_flickr")
MULTI30K_TASK2 = ("train", "val", "test_2016")


def _multi30k_default(argument: str) -> str:
    parts = argument.split(":")
    if len(parts) == 1:
        parts.append("task1")
    if len(parts) == 2:
        parts.append("test_2016_flickr" if parts[1] == "task1" else "test_2016")
    return ":".join(parts)


def _multi30k_files(argument: str) -> list[str]:
    pair, task, split = _parts(argument, 3, "multi30k")
    src, tgt = _pair(pair, f"multi30k:{argument}")
    if task == "task1" and split in MULTI30K_TASK1:
        return [f"multi30k/task1/raw/{split}.{src}.gz", f"multi30k/task1/raw/{split}.{tgt}.gz"]
    if task == "task2" and split in MULTI30K_TASK2:
        captions = [f"multi30k/task2/raw/{split}.{k}.{lang}.gz" for lang in (src, tgt) for k in range(1, 6)]
        return [f"multi30k/task2/image_splits/{split}_images.txt", *captions]
    raise XprojError(Errors.E013, name=f"multi30k:{argument}")


def _multi30k_load(root: Path, argument: str) -> list[SentencePair]:
    pair, task, split = argument.split(":")
    src, tgt = pair.split("-")
    files = [root / f for f in _multi30k_files(argument)]
    if task == "task2":
        return read_image_captions(files[0], files[1:6], files[6:], src, tgt)
    pairs = read_line_pairs(files[0], files[1], src, tgt)
    images_path = root / f"multi30k/task1/image_splits/{split}.txt"
    if images_path.is_file():
        images = read_lines(images_path)
        if len(images) != len(pairs):
            raise XprojError(Errors.E007, path=images_path, n_src=len(pairs), src=files[0], n_tgt=len(images), tgt=images_path)
        for pair_, image in zip(pairs, images):
            pair_.meta["image"] = image
    return pairs


def _multi30k_candidates(root: Path) -> list[str]:
    task1 = [f"en-{lang}:task1:{split}" for lang in ("de", "fr", "cs") for split in MULTI30K_TASK1]
    return task1 + [f"en-de:task2:{split}" for split in MULTI30K_TASK2]


def _multi30k_count(root: Path, argument: str) -> int:
    first = root / _multi30k_files(argument)[0]
    return count_lines(first) * (25 if ":task2:" in argument else 1)


# --- word alignments ---------------------------------------------------------------------------------

AWESOME = {"en-fr": "enfr", "ro-en": "roen"}


def _gold_files(argument: str) -> list[str]:
    if argument not in AWESOME:
        raise XprojError(Errors.E013, name=f"alignment-gold:{argument}")
    stem = f"word-alignment-gold/awesome-align/{AWESOME[argument]}"
    return [f"{stem}.src-tgt", f"{stem}.gold"]


def _gold_load(root: Path, argument: str) -> list[SentencePair]:
    src, tgt = argument.split("-")
    text, gold = (root / f for f in _gold_files(argument))
    pairs = read_token_pair_corpus(text, src, tgt)
    attach_links(pairs, read_pharaoh(gold, one_indexed=True), gold)
    return pairs


def _silver_files(argument: str) -> list[str]:
    src, tgt = _pair(argument, f"silveralign:{argument}")
    stem = f"word-alignment-gold/silveralign/{src}_{tgt}/Silver_Small"
    return [f"{stem}/parallel.txt", f"{stem}/gold.txt"]


def _silver_load(root: Path, argument: str) -> list[SentencePair]:
    src, tgt = argument.split("-")
    text, gold = (root / f for f in _silver_files(argument))
    pairs = read_token_pair_corpus(text, src, tgt)
    attach_links(pairs, read_pharaoh(gold, n_pairs=len(pairs)), gold)
    return pairs


# --- the families ------------------------------------------------------------------------------------

MASAKHANE = "masakhane-io/masakhane-ner (Adelani et al., EMNLP 2022), CC BY-NC 4.0"
OPUS_MT = "Helsinki-NLP/OPUS-MT-testsets"


def _line_family(
    name: str, description: str, source: str, candidates: Callable[[Path], list[str]], files: Callable[[str], list[str]]
) -> Family:
    """A family of line-aligned plain-text files (sizes are line counts of the first file)."""
    return Family(
        name, description, source, candidates, files, _line_loader(files, name),
        lambda root, argument: count_lines(root / files(argument)[0]),
    )


FAMILIES: list[Family] = [
    Family(
        "europarl-ner",
        "Europarl, the same sentences with gold PER/LOC/ORG/MISC on both sides (any pair of en, de, es, it)",
        "ixa-ehu/ner-evaluation-corpus-europarl (Agerri et al., LREC 2018)",
        lambda root: [f"en-{lang}" for lang in EUROPARL_LANGS[1:]],
        _europarl_files,
        _europarl_load,
        lambda root, argument: count_blocks(root / _europarl_files(argument)[0]),
    ),
    _monolingual_family(
        "masakhaner2", "masakhaner2", "MasakhaNER 2.0 gold PER/ORG/LOC/DATE, target side only (split default: test)",
        MASAKHANE, lambda root: _subdirs(root, "masakhaner2"),
    ),
    _monolingual_family(
        "wikiann", "wikiann-panx", "WikiANN/PAN-X, Rahimi et al. splits, gold PER/LOC/ORG, target side only",
        "masakhane-io/masakhane-ner transfer_corpus/panx (Pan et al., ACL 2017)", lambda root: _subdirs(root, "wikiann-panx"),
    ),
    Family(
        "conll2003-en",
        "English CoNLL-2003 gold PER/LOC/ORG/MISC (4 columns), target side only (split default: test)",
        "kyzhouhzau/BERT-NER (Tjong Kim Sang & De Meulder, 2003), Reuters research use",
        lambda root: ["train", "dev", "test"],
        _conll2003_files,
        lambda root, argument: read_conll_monolingual(root / _conll2003_files(argument)[0], "en"),
        lambda root, argument: count_blocks(root / _conll2003_files(argument)[0]),
        lambda argument: argument or "test",
    ),
    Family(
        "bam-translate-test",
        "MasakhaNER2 Bambara test (first 637) translated to English by NLLB: English tokens (untagged) → "
        "Bambara gold tags; AccAlign links in meta['links']",
        "bebing93/devil-in-details (Ebing & Glavaš 2025), Apache-2.0; data MasakhaNER2 CC BY-NC 4.0",
        lambda root: [""],
        _bam_files,
        _bam_load,
        lambda root, argument: count_lines(root / BAM_FILES[0]),
    ),
    Family(
        "nllb-seed",
        "NLLB-Seed v2.0: English Wikipedia sentences, professional translations (eng-bam, eng-fuv, eng-mri)",
        "openlanguagedata/seed, CC BY-SA 4.0",
        lambda root: [f"eng-{lang}" for lang in NLLB_SEED_LANGS],
        _seed_files,
        _line_loader(_seed_files, "nllb-seed"),
        lambda root, argument: count_lines(root / _seed_files(argument)[0]),
    ),
    Family(
        "mafand",
        "MAFAND-MT English–African news, TSV (split default: test)",
        "masakhane-io/lafand-mt (Adelani et al., NAACL 2022), CC BY-NC 4.0",
        lambda root: [f"{pair}:{split}" for pair in _subdirs(root, "mafand-mt") for split in ("train", "dev", "test")],
        _mafand_files,
        _mafand_load,
        lambda root, argument: count_tsv_rows(root / _mafand_files(argument)[0]),
        _split_default("test"),
    ),
    Family(
        "menyo",
        "MENYO-20k English–Yorùbá multi-domain, TSV (split default: test)",
        "uds-lsv/menyo-20k_MT (Adelani et al., 2021), CC BY-NC 4.0",
        lambda root: [f"en-yor:{split}" for split in ("train", "dev", "test")],
        _menyo_files,
        lambda root, argument: read_tsv_pairs(root / _menyo_files(argument)[0], "en", "yor", "English", "Yoruba"),
        lambda root, argument: count_tsv_rows(root / _menyo_files(argument)[0]),
        _split_default("test"),
    ),
    Family(
        "salt",
        "SALT v1.2 six-way parallel (eng, lug, ach, teo, lgg, nyn), any two languages (split default: test)",
        "SunbirdAI/salt-data-archive, CC BY-SA 4.0",
        lambda root: [f"eng-{lang}:{split}" for lang in SALT_LANGS for split in ("dev", "test")],
        _salt_files,
        _salt_load,
        lambda root, argument: count_lines(root / _salt_files(argument)[0]),
        _split_default("test"),
    ),
    Family(
        "multi30k",
        "Multi30K image captions: task1 translations (en-de, en-fr, en-cs), task2 independent en/de captions "
        "paired through the image, 5x5 comparable pairs per image (default: task1, test_2016)",
        "multi30k/dataset (Elliott et al., 2016), Flickr30K non-commercial research terms",
        _multi30k_candidates,
        _multi30k_files,
        _multi30k_load,
        _multi30k_count,
        _multi30k_default,
    ),
    _line_family(
        "flores", "FLORES-200 devtest (Wikinews, Wikibooks, Wikivoyage), 8-way parallel", f"{OPUS_MT}, CC BY-SA 4.0",
        _en_xx_candidates, _flores_files,
    ),
    _line_family(
        "ntrex", "NTREX-128: WMT newstest2019 English-original, professional translations", f"{OPUS_MT}, CC BY-SA 4.0",
        _en_xx_candidates, _ntrex_files,
    ),
    _line_family(
        "tatoeba", "Tatoeba Translation Challenge test v2021-08-07, short everyday sentences", f"{OPUS_MT}, CC BY 2.0 FR",
        _en_xx_candidates, _tatoeba_files,
    ),
    _line_family(
        "tico19", "TICO-19 COVID-19 test set", f"{OPUS_MT}, CC0 1.0",
        _en_xx_candidates, _tico_files,
    ),
    _line_family(
        "wmt", "WMT news test sets (wmt:en-deu:newstest2019, wmt:hau-en:newstest2021, ...)", f"{OPUS_MT}, WMT research use",
        _wmt_candidates, _wmt_files,
    ),
    Family(
        "alignment-gold",
        "Gold word alignments (sure/possible) of tokenised pairs: en-fr Hansards (447), ro-en (248)",
        "neulab/awesome-align examples (WPT03/05), BSD-3 repo",
        lambda root: list(AWESOME),
        _gold_files,
        _gold_load,
        lambda root, argument: count_lines(root / _gold_files(argument)[0]),
    ),
    Family(
        "silveralign",
        "SilverAlign Silver_Small: MT-based partial word alignments, eng-cze, -deu, -fra, -hin, -per, -ron, -tur",
        "akoksal/SilverAlign, no licence stated",
        lambda root: [d.replace("_", "-") for d in _subdirs(root, "word-alignment-gold/silveralign")],
        _silver_files,
        _silver_load,
        lambda root, argument: count_lines(root / _silver_files(argument)[0]),
    ),
]


def _family(prefix: str) -> Family | None:
    return next((f for f in FAMILIES if f.prefix == prefix), None)


def list_datasets(data_dir: str | Path | None = None) -> list[DatasetInfo]:
    """Every named corpus in the data roots (a name found in several roots is listed once, first root)."""
    seen: dict[str, DatasetInfo] = {}
    for root in data_roots(data_dir):
        for family in FAMILIES:
            for argument in family.variants(root):
                name = family.name(argument)
                if name not in seen:
                    size = family.count(root, argument)
                    seen[name] = DatasetInfo(name, size, family.description, family.source, str(root))
    return sorted(seen.values(), key=lambda info: info.name)


def load_corpus(spec: str, data_dir: str | Path | None = None) -> Corpus:
    """A corpus by dataset name (``europarl-ner:en-de``) or from a canonical ``.jsonl`` file."""
    if spec.endswith(".jsonl") or Path(spec).is_file():
        path = Path(spec)
        return Corpus(path.stem, read_jsonl(path), {"source": str(path)})
    prefix, _, argument = spec.partition(":")
    family = _family(prefix)
    if family is None:
        raise XprojError(Errors.E013, name=spec)
    argument = family.default(argument)
    roots = data_roots(data_dir)
    for root in roots:
        if family.available(root, argument):
            pairs = family.load(root, argument)
            return Corpus(family.name(argument), pairs, {"source": family.source, "root": str(root)})
    searched = ", ".join(str(r) for r in roots)
    raise XprojError(Errors.E017, what=f"dataset {spec!r}", detail=f"its files are not in {searched}; pass --data-dir")
