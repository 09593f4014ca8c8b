"""``spacy-map``: the ``spacy`` tagger with its OntoNotes → target type map changed.

``map="NORP=LOC"`` adds or overrides entries of the ``spacy`` tagger's map (``TYPE=O`` removes one),
comma-separated. ``NORP=LOC`` suits targets such as Bambara, where a nationality adjective ("the
Hungarian team") is rendered with the country name ("Hɔngiri"), which MasakhaNER annotates LOC.
"""

from __future__ import annotations

from typing import Any

from ..errors import Errors, XprojError
from .base import NER_TAGGERS


def parse_map(text: str) -> dict[str, str | None]:
    """``"NORP=LOC,FAC=O"`` → ``{"NORP": "LOC", "FAC": None}``."""
    out: dict[str, str | None] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise XprojError(Errors.E016, option=f"map={text}", detail="expected ONTONOTES=TYPE[,...], TYPE O to drop")
        out[key.strip().upper()] = None if value.strip().upper() == "O" else value.strip().upper()
    return out


def merged_map(base: dict[str, str], changes: dict[str, str | None]) -> dict[str, str]:
    """``base`` with ``changes`` applied (None removes a type)."""
    merged: dict[str, str | None] = {**base, **changes}
    return {k: v for k, v in merged.items() if v is not None}


@NER_TAGGERS.register(
    "spacy-map",
    "the spacy tagger with a changed OntoNotes → type map (e.g. map=NORP=LOC)",
    options={"model": "sm (default), md, or a spaCy package name or path", "map": "ONTONOTES=TYPE[,...]; TYPE O drops"},
)
def _spacy_map(model: str = "sm", map: str = "NORP=LOC", batch_size: int = 256) -> Any:  # noqa: A002
    from .ner_common import iob2_labels
    from .spacy_ner import TYPE_MAP, SpacyTagger

    type_map = merged_map(TYPE_MAP, parse_map(map))

    class MappedSpacyTagger(SpacyTagger):
        labels = iob2_labels(set(type_map.values()))

        def _tag(self, iob: str, entity_type: str) -> str:  # type: ignore[override]
            mapped = type_map.get(entity_type)
            return "O" if iob not in ("B", "I") or mapped is None else f"{iob}-{mapped}"

    tagger = MappedSpacyTagger(model, int(batch_size))
    tagger.name = f"spacy-map(model={model},map={','.join(f'{k}={v}' for k, v in sorted(parse_map(map).items()))})"
    return tagger
