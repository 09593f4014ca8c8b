"""Per-language view of the catalogue: for a target language, the parallel and image–text sources
with English, and the gold sets (the test sets among them), as found in the data roots.

Language codes are normalised to ISO 639-3 (``de`` → ``deu``, ``swh`` → ``swa``), so ``hau`` finds
``flores:en-hau``, ``wmt:hau-en:newstest2021`` and ``masakhaner2:hau:test`` alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, XprojError
from . import DatasetInfo, find_dataset, is_english, list_datasets
from .base import GOLD, IMAGE_TEXT, PARALLEL

KINDS = (GOLD, PARALLEL, IMAGE_TEXT)

ISO3 = {
    "en": "eng",
    "de": "deu",
    "es": "spa",
    "it": "ita",
    "fr": "fra",
    "cs": "ces",
    "ro": "ron",
    "ha": "hau",
    "sw": "swa",
    "swh": "swa",
    "yo": "yor",
    "bm": "bam",
    "hi": "hin",
    "bn": "ben",
    "ml": "mal",
}


def iso3(code: str) -> str:
    """A language code as ISO 639-3 (codes already in that form are returned as they are)."""
    return ISO3.get(code, code)


@dataclass
class LanguageSources:
    """What the data roots hold for one language."""

    lang: str
    parallel: list[DatasetInfo] = field(default_factory=list)
    image_text: list[DatasetInfo] = field(default_factory=list)
    gold: list[DatasetInfo] = field(default_factory=list)
    gold_tests: list[str] = field(default_factory=list)


def _other_side(info: DatasetInfo) -> str | None:
    """The non-English language of a pair with English, else None."""
    src, tgt = info.languages
    if is_english(src) and not is_english(tgt):
        return iso3(tgt)
    if is_english(tgt) and not is_english(src):
        return iso3(src)
    return None


def _sources(lang: str, infos: list[DatasetInfo]) -> LanguageSources:
    found = LanguageSources(lang)
    for info in infos:
        if info.kind == GOLD and iso3(info.languages[1]) == lang:
            found.gold.append(info)
            dataset, argument = find_dataset(info.name)
            if dataset.is_test(argument):
                found.gold_tests.append(info.name)
        elif info.kind == PARALLEL and _other_side(info) == lang:
            found.parallel.append(info)
        elif info.kind == IMAGE_TEXT and _other_side(info) == lang:
            found.image_text.append(info)
    return found


def language_sources(lang: str, data_dir: str | Path | None = None) -> LanguageSources:
    """The sources for ``lang`` (any code :func:`iso3` knows), each list sorted by name."""
    return _sources(iso3(lang), list_datasets(data_dir, kinds=KINDS))


def languages(data_dir: str | Path | None = None) -> dict[str, LanguageSources]:
    """Every non-English language with a parallel or image–text source or a gold set."""
    infos = list_datasets(data_dir, kinds=KINDS)
    codes: set[str] = set()
    for info in infos:
        other = iso3(info.languages[1]) if info.kind == GOLD else _other_side(info)
        if other and other != "eng":
            codes.add(other)
    return {code: _sources(code, infos) for code in sorted(codes)}


def gold_tests(lang: str, data_dir: str | Path | None = None) -> list[str]:
    """The gold test sets of a language (E043 when it has none)."""
    tests = language_sources(lang, data_dir).gold_tests
    if not tests:
        known = sorted(code for code, found in languages(data_dir).items() if found.gold_tests)
        raise XprojError(Errors.E043, lang=lang, known=", ".join(known))
    return tests
