"""``eflomal``: the eflomal statistical aligner, trained on the pairs plus N extra parallel sentences.

eflomal (Östling & Tiedemann 2016) is unsupervised, so it is trained on the very pairs it aligns; N extra
sentence pairs from a named corpus (``extra``, ``n_extra``) give it more statistics. N is the x-axis of
scaling studies: the sample is drawn with a fixed ``seed`` by :func:`xproj_core.mixture.sample_parallel`, and samples of
one seed are nested (the first N of a larger draw). Both directions are trained, symmetrised (default
grow-diag-final-and), and the score matrix is the symmetrisation evidence: 1 where both directions link,
0.5 where one does.

eflomal's Gibbs sampler seeds itself from ``/dev/urandom`` and has no seed option, so the same seed gives
the same training data but links can still differ slightly from run to run on real data.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from ..errors import Errors, XprojError, check_choice
from ..io.pharaoh import parse_links
from ..mixture import draw_parallel
from ..types import Alignment, Link, SentencePair
from .base import ALIGNERS
from .symmetrize import SYMMETRIZATIONS, evidence_matrix


def _line(tokens: Sequence[str]) -> str:
    """One eflomal input line; whitespace inside a token would split it, so it becomes ``_``."""
    return " ".join(re.sub(r"\s", "_", token) or "_" for token in tokens)


def run_eflomal(
    src_lines: Sequence[str], tgt_lines: Sequence[str], *, lowercase: bool = True, model: int = 3, n_samplers: int = 3
) -> tuple[list[frozenset[Link]], list[frozenset[Link]]]:
    """Forward and reverse links (both in source–target order) of every line pair."""
    from eflomal import cython as engine

    with tempfile.TemporaryDirectory(prefix="xproj-eflomal-") as tmp:
        paths = {name: str(Path(tmp, name)) for name in ("src", "tgt", "fwd", "rev")}
        for name, lines in (("src", src_lines), ("tgt", tgt_lines)):
            sentences, index = engine.read_text(lines, lowercase, 0, 0)
            with open(paths[name], "wb") as handle:
                engine.write_text(handle, tuple(sentences), len(index))
        try:
            engine.align(
                paths["src"],
                paths["tgt"],
                links_filename_fwd=paths["fwd"],
                links_filename_rev=paths["rev"],
                model=model,
                n_samplers=n_samplers,
                quiet=True,
            )
        except Exception as error:  # noqa: BLE001 - the wrapper raises bare exceptions when the binary fails
            raise XprojError(Errors.E603, tool="eflomal", detail=str(error)) from None
        return _read_links(paths["fwd"]), _read_links(paths["rev"])


def _read_links(path: str) -> list[frozenset[Link]]:
    text = Path(path).read_text(encoding="utf-8")
    return [parse_links(line, path=path, line=n)[0] for n, line in enumerate(text.split("\n")[:-1], start=1)]


class EflomalAligner:
    """eflomal in both directions, symmetrised; trained on the pairs plus ``n_extra`` sampled pairs of ``extra``."""

    name = "eflomal"

    def __init__(
        self,
        extra: str | None = None,
        n_extra: int = 0,
        seed: int = 0,
        lowercase: bool = True,
        symmetrization: str = "grow-diag-final-and",
        model: int = 3,
        n_samplers: int = 3,
    ) -> None:
        check_choice("symmetrization", symmetrization, SYMMETRIZATIONS)
        if int(n_extra) < 0 or (int(n_extra) > 0 and not extra):
            raise XprojError(Errors.E016, option=f"n_extra={n_extra}", detail="needs extra=CORPUS and N >= 0")
        self.extra, self.n_extra, self.seed = extra, int(n_extra), int(seed)
        self.lowercase, self.symmetrization = bool(lowercase), symmetrization
        self.model, self.n_samplers = int(model), int(n_samplers)

    def signature(self) -> str:
        return (
            f"eflomal(extra={self.extra},n_extra={self.n_extra},seed={self.seed},lowercase={self.lowercase},"
            f"symmetrization={self.symmetrization},model={self.model},n_samplers={self.n_samplers})"
        )

    @cached_property
    def extra_pairs(self) -> list[SentencePair]:
        """The sampled extra training pairs (loaded once)."""
        if not self.n_extra:
            return []
        return draw_parallel(self.extra, self.n_extra, self.seed)  # type: ignore[arg-type]

    def align(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[Alignment]:
        from tqdm import tqdm

        training = list(pairs) + self.extra_pairs
        symmetrize = SYMMETRIZATIONS[self.symmetrization]
        alignments = []
        with tqdm(total=len(pairs), desc="eflomal", unit="pair", disable=not progress) as bar:
            bar.set_postfix_str(f"training on {len(training)} pairs")
            forward, reverse = run_eflomal(
                [_line(p.src_tokens) for p in training],
                [_line(p.tgt_tokens) for p in training],
                lowercase=self.lowercase,
                model=self.model,
                n_samplers=self.n_samplers,
            )
            bar.set_postfix_str(self.symmetrization)
            for pair, fwd, rev in zip(pairs, forward, reverse):
                scores = evidence_matrix(fwd, rev, len(pair.src_tokens), len(pair.tgt_tokens))
                alignments.append(Alignment(scores, symmetrize(fwd, rev)))
                bar.update()
        return alignments


@ALIGNERS.register(
    "eflomal",
    "eflomal (statistical, both directions, symmetrised); trained on the pairs plus N sampled extra pairs",
    options={
        "extra": "corpus of extra training pairs: dataset name, .jsonl, 'src ||| tgt' file or mix:SHARE*SPEC;…",
        "n_extra": "N, how many extra pairs to sample (default 0)",
        "seed": "seed of the sample (default 0)",
        "lowercase": "lower-case before training (default true)",
        "symmetrization": "grow-diag-final-and (default), intersection or union",
        "model": "1 IBM1, 2 HMM, 3 HMM+fertility (default)",
        "n_samplers": "independent Gibbs samplers (default 3)",
    },
)
def _eflomal(**options: object) -> EflomalAligner:
    return EflomalAligner(**options)  # type: ignore[arg-type]
