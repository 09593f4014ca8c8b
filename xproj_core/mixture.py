"""Extra parallel data drawn as a mixture of sources at a fixed total N, and the largest matched N.

A sweep config's ``parallel:`` map may declare a mixture of sources named in the same map,
``half: {mix: {wmt-news: 0.5, m30k-translations: 0.5}}``; it becomes the spec
``mix:0.5*SPEC_A;0.5*SPEC_B``, which :func:`draw_parallel` understands wherever an ``extra`` corpus is
drawn (eflomal). A draw of N takes ``round(share × N)`` pairs from each part (largest remainders, so the
counts sum to N), each part drawn with the same seed by ``sample_parallel``: deterministic per seed, and
the draws of one seed are nested as N grows.

``matched`` in a study's ``sizes`` is the largest N every parallel source of the study can give
(:func:`matched_size`): the smallest usable size, a mixture counting as its scarcest part over its share.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from .errors import Errors, XprojError
from .io.tokpairs import read_token_pair_file
from .types import Corpus, SentencePair

MIX_PREFIX = "mix:"
PART_SEPARATOR = ";"
MATCHED = "matched"


def load_parallel(spec: str, data_dir: str | Path | None = None) -> Corpus:
    """Sentence pairs of one parallel source: a dataset name or canonical ``.jsonl``
    (``datasets.load_corpus``), a ``.tsv`` (header, first two columns), a ``src ||| tgt`` token file, or two
    line-aligned text files given as ``SRC_FILE,TGT_FILE``."""
    from .datasets import load_corpus
    from .io.parallel_text import read_line_pairs, read_tsv_pairs

    path, files = Path(spec), spec.split(",")
    if len(files) == 2 and not path.exists():
        return Corpus(spec, read_line_pairs(files[0], files[1], "src", "tgt"))
    if path.is_file() and path.suffix == ".tsv":
        return Corpus(spec, read_tsv_pairs(path, "src", "tgt"))
    if path.is_file() and path.suffix != ".jsonl":
        return read_token_pair_file(spec)
    return load_corpus(spec, data_dir)


def sample_parallel(pairs: Sequence[SentencePair], n: int, seed: int, name: str | None = None) -> list[SentencePair]:
    """``n`` pairs with both sides non-empty, drawn with ``seed``; the draw for n is a prefix of the draw for n+1.
    ``name`` (default: the corpus's own) names the source in the error when fewer pairs exist."""
    usable = [p for p in pairs if p.src_tokens and p.tgt_tokens]
    if n > len(usable):
        corpus = name or getattr(pairs, "name", "the corpus")
        raise XprojError(Errors.E600, n=n, corpus=corpus, available=len(usable))
    order = list(range(len(usable)))
    random.Random(seed).shuffle(order)
    return [usable[k] for k in order[:n]]


def mixture_spec(shares: Mapping[str, float], sources: Mapping[str, str], where: str = "<config>") -> str:
    """The ``mix:`` spec of ``{source name: share}`` over named ``sources`` (shares > 0, summing to 1)."""
    if len(shares) < 2:
        raise XprojError(Errors.E950, path=where, detail=f"a mixture names two or more sources, got {dict(shares)}")
    for name, share in shares.items():
        if name not in sources or sources[name].startswith(MIX_PREFIX):
            known = ", ".join(n for n, s in sources.items() if not s.startswith(MIX_PREFIX)) or "none"
            raise XprojError(Errors.E950, path=where, detail=f"unknown source {name!r} (sources: {known})")
        if not isinstance(share, (int, float)) or not share > 0:
            raise XprojError(Errors.E950, path=where, detail=f"share of {name!r} must be a number > 0, got {share!r}")
    if abs(sum(shares.values()) - 1.0) > 1e-6:
        raise XprojError(Errors.E950, path=where, detail=f"shares sum to {sum(shares.values()):g}, not 1")
    return MIX_PREFIX + PART_SEPARATOR.join(f"{float(share):g}*{sources[name]}" for name, share in shares.items())


def parse_mixture(spec: str) -> list[tuple[float, str]] | None:
    """``[(share, spec), …]`` of a ``mix:`` spec; None for a plain corpus spec."""
    if not spec.startswith(MIX_PREFIX):
        return None
    parts = []
    for part in spec[len(MIX_PREFIX) :].split(PART_SEPARATOR):
        share, star, name = part.partition("*")
        try:
            parts.append((float(share), name))
        except ValueError:
            star = ""
        if not star or not name:
            raise XprojError(Errors.E950, path=spec, detail=f"{part!r} is not SHARE*CORPUS")
    return parts


def part_counts(shares: Sequence[float], n: int) -> list[int]:
    """How many of ``n`` pairs each share gets: floors, then the largest remainders (first wins ties)."""
    exact = [share * n for share in shares]
    counts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    return counts


@lru_cache(maxsize=4)
def usable_pairs(spec: str, exclude: tuple[str, ...] = ()) -> tuple[SentencePair, ...]:
    """The pairs of a corpus with both sides non-empty, minus those whose sentence in the gold language
    also occurs in one of the gold sets ``exclude`` (:mod:`~xproj_core.overlap`); the last four are kept."""
    pairs = [p for p in load_parallel(spec) if p.src_tokens and p.tgt_tokens]
    if exclude:
        from .overlap import without_gold

        pairs = without_gold(pairs, exclude)
    return tuple(pairs)


def draw_parallel(spec: str, n: int, seed: int, exclude: tuple[str, ...] = ()) -> list[SentencePair]:
    """``n`` pairs drawn with ``seed`` from a corpus spec or a ``mix:`` spec (parts in order), after
    removing the pairs that overlap the gold sets ``exclude``."""
    parts = parse_mixture(spec) or [(1.0, spec)]
    counts = part_counts([share for share, _ in parts], n)
    drawn: list[SentencePair] = []
    for (_, part), count in zip(parts, counts):
        drawn += sample_parallel(usable_pairs(part, exclude), count, seed, name=part) if count else []
    return drawn


def source_capacity(spec: str, exclude: tuple[str, ...] = ()) -> int:
    """The largest N :func:`draw_parallel` can draw from ``spec``."""
    parts = parse_mixture(spec)
    if parts is None:
        return len(usable_pairs(spec, exclude))
    return min(math.floor(len(usable_pairs(part, exclude)) / share + 1e-9) for share, part in parts)


def matched_size(specs: Sequence[str], exclude: tuple[str, ...] = ()) -> int:
    """The largest N that every one of ``specs`` can give (the ``matched`` size of a study)."""
    return min(source_capacity(spec, exclude) for spec in specs)
