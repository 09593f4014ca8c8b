"""``bt-project:<inner>``: the paper's back-translation route (Politov et al. 2025: ``align_tgt`` and
``backtrans_candidates`` in its results).

For a labelled source sentence s and its target sentence t:

1. s is translated into t's language with EasyProject markers (:class:`.easyproject.EasyProject`
   ``translate_train``), giving t′ with entity spans read from the markers;
2. t′ and t — both in the target language — are aligned by a neural aligner with its own extraction
   (``aligner``, default ``e5`` at its defaults);
3. t′'s spans are projected onto t by the inner projector (``heuristic`` = the paper's ``align_tgt``,
   ``ilp-align`` = ``backtrans_candidates``; ``inner.candidates=ner`` with a ``tagger`` = its NER selection).

No English↔target alignment is ever composed; that is xproj's own ``bt:`` aligner, a different method.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..align.base import ALIGNERS, Aligner
from ..align.fused import split_options
from ..models.base import Translator
from ..tags import spans_to_tags
from ..types import SentencePair, Span
from .base import PROJECTORS, ProjectionInput, Projector
from .easyproject import EasyProject


class BackProjector:
    """Mark and translate the source, align the translation with the target, project its spans."""

    needs_alignment = False

    def __init__(
        self,
        inner: Projector,
        translator: str | Translator = "apertium:eng-spa",
        aligner: str | Aligner = "e5",
        aligner_options: dict[str, Any] | None = None,
        tokenizer: str = "spacy",
    ) -> None:
        self.inner = inner
        self.name = f"bt-project:{inner.name}"
        self.marker = EasyProject(translator, tokenizer)
        self.aligner = ALIGNERS.create(aligner, **(aligner_options or {})) if isinstance(aligner, str) else aligner
        self.last_stats: dict[str, Any] = {}

    def signature(self) -> str:
        return (
            f"bt-project({self.inner.signature()},translation={self.marker.signature()},"
            f"aligner={self.aligner.signature()})"
        )

    def translated(self, items: Sequence[ProjectionInput], progress: bool = False) -> list[SentencePair]:
        """Step 1: each source translated into its target language, tagged from the markers (t′)."""
        pairs = [
            replace(i.pair, src_tags=spans_to_tags(i.src_spans, len(i.pair.src_tokens)), tgt_tags=None) for i in items
        ]
        marked = self.marker.translate_train(pairs, progress)
        self.last_stats = dict(self.marker.last_stats)
        return marked

    def project(self, items: Sequence[ProjectionInput], progress: bool = False) -> list[list[Span]]:
        marked = self.translated(items, progress)
        mono = [
            SentencePair(i.pair.id, i.pair.tgt_lang, i.pair.tgt_lang, list(m.tgt_tokens), list(i.pair.tgt_tokens))
            for i, m in zip(items, marked)
        ]
        alignments = self.aligner.align(mono, progress)
        inner_items = [ProjectionInput(pair, m.tgt_spans, a) for pair, m, a in zip(mono, marked, alignments)]
        return self.inner.project(inner_items, progress)


@PROJECTORS.register(
    "bt-project",
    "the paper's back-translation route: translate the source with EasyProject markers into the target "
    "language (t′), align t′ with the target t (same language), project t′'s spans onto t with INNER",
    takes_argument=True,
    argument_help="INNER_PROJECTOR (heuristic = the paper's align_tgt, ilp-align = backtrans_candidates)",
    options={
        "translator": "translator spec or object for s → t′ with markers (default apertium:eng-spa; cached:FILE)",
        "aligner": "aligner spec for t′↔t (default e5, its own extraction)",
        "aligner.KEY": "option of the t′↔t aligner, e.g. aligner.layer=8",
        "tokenizer": "tokenizer of t′: spacy (default) or whitespace",
        "tagger": "target-side NerTagger object, passed to the inner projector (e.g. inner.candidates=ner)",
        "inner.KEY": "option of the inner projector, e.g. inner.d=2 or inner.solver=greedy",
    },
)
def _bt_project(argument: str, **options: Any) -> BackProjector:
    own, nested = split_options(options, ("inner", "aligner"))
    inner_options = dict(nested["inner"])
    if "tagger" in own:
        inner_options["tagger"] = own.pop("tagger")
    inner = PROJECTORS.create(argument, **inner_options)
    return BackProjector(inner, aligner_options=nested["aligner"], **own)
