"""Readable names for component specs: ``e5 · itermax`` for ``e5(extraction=itermax)``, ``AccAlign (imported)``
for ``imported:${cache}/demo/accalign-bam.pharaoh``, ``fused e5+eflomal @0.7`` for ``fused:e5+eflomal@0.7``.

Pure string work (no registry, no I/O), for the app and for CLI tables alike; the full spec stays the
identity everywhere (signatures, the cache, exports), an alias is only ever shown next to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

VALUE_ONLY = frozenset({"extraction", "mode", "normalisation", "combine", "mono"})
"""Options whose value says it all: ``extraction=itermax`` → ``itermax``."""
QUIET = frozenset({"n_samplers", "batch_size", "device", "threads", "workers"})
"""Options about speed, not about the result's kind: left out of an alias (the spec keeps them)."""
KNOWN_IMPORTS = {
    "accalign": "AccAlign",
    "awesome": "awesome-align",
    "simalign": "SimAlign",
    "giza": "GIZA++",
    "fastalign": "fast_align",
    "fast_align": "fast_align",
    "eflomal": "eflomal",
}
"""Imported link files named after the aligner that made them (the file's stem starts with the key)."""


def split_label(label: str) -> tuple[str, list[tuple[str, str]]]:
    """``spec(k=v,k2=v2)`` → (``spec``, [(k, v), (k2, v2)]); a spec without options has none."""
    if not label.endswith(")") or "(" not in label:
        return label, []
    depth = 0
    for position in range(len(label) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(label[position], 0)
        if depth == 0:
            break
    spec, inner = label[:position], label[position + 1 : -1]
    options = [tuple(item.split("=", 1)) if "=" in item else (item, "") for item in inner.split(",") if item]
    return spec, [(str(k), str(v)) for k, v in options]


def _option_text(key: str, value: str) -> str | None:
    bare = key.rsplit(".", 1)[-1]
    if bare in QUIET:
        return None
    if bare in VALUE_ONLY:
        return value
    if bare == "layer":
        return f"layer {value}"
    return f"{key}={value}"


def _base_alias(spec: str) -> str:
    kind, sep, argument = spec.partition(":")
    if not sep:
        return spec
    if kind == "imported":
        stem = PurePosixPath(argument).stem
        name = next((v for k, v in KNOWN_IMPORTS.items() if stem.lower().startswith(k)), stem)
        return f"{name} (imported)"
    if kind == "fused":
        pair, at, weight = argument.rpartition("@") if "@" in argument else (argument, "", "")
        first, _, second = pair.partition("+")
        return f"fused {aligner_alias(first)}+{aligner_alias(second)}" + (f" @{weight}" if at else "")
    if kind == "bt":
        return f"{aligner_alias(argument)} + back-translation"
    if kind == "hf":
        return f"{PurePosixPath(argument.rstrip('/')).name} (HF)"
    return spec


def aligner_alias(label: str) -> str:
    """A short readable name for an aligner spec or label (see the module docstring for examples)."""
    spec, options = split_label(label.strip())
    shown = [text for key, value in options if (text := _option_text(key, value))]
    return " · ".join([_base_alias(spec), *shown])


def method_alias(label: str, solver: str = "-") -> str:
    """A projection method with its solver: ``ilp-align (exact)``; options as for aligners."""
    spec, options = split_label(label.strip())
    shown = [text for key, value in options if (text := _option_text(key, value))]
    name = " · ".join([spec, *shown])
    return name if solver in ("-", "") else f"{name} ({solver})"


def unique_aliases(labels: Iterable[str], alias: Callable[[str], str] = aligner_alias) -> dict[str, str]:
    """Each label's alias, made unique: labels whose aliases collide keep their full label instead."""
    labels = list(dict.fromkeys(labels))
    named = {label: alias(label) for label in labels}
    counts: dict[str, int] = {}
    for name in named.values():
        counts[name] = counts.get(name, 0) + 1
    return {label: name if counts[name] == 1 else label for label, name in named.items()}
