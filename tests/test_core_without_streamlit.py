"""The core never imports Streamlit: no module says ``import streamlit``, and every module imports in a
fresh interpreter where ``streamlit`` cannot be imported at all."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "xproj_core"

BLOCK_AND_IMPORT = r"""
import importlib, importlib.abc, json, pkgutil, sys

class NoStreamlit(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "streamlit" or name.startswith("streamlit."):
            raise ImportError(f"blocked for this test: {name}")
        return None

sys.meta_path.insert(0, NoStreamlit())
import xproj_core
failed, imported = {}, []
for module in pkgutil.walk_packages(xproj_core.__path__, "xproj_core."):
    if module.name.endswith("__main__"):
        continue
    try:
        importlib.import_module(module.name)
        imported.append(module.name)
    except Exception as error:
        failed[module.name] = f"{type(error).__name__}: {error}"
print(json.dumps({"imported": imported, "failed": failed, "streamlit": "streamlit" in sys.modules}))
"""


def test_no_module_of_the_core_mentions_import_streamlit():
    grep = subprocess.run(["grep", "-rn", "import streamlit", str(CORE)], capture_output=True, text=True)
    assert grep.returncode == 1 and grep.stdout == "", grep.stdout


def test_every_core_module_imports_with_streamlit_unimportable():
    command = [sys.executable, "-c", BLOCK_AND_IMPORT]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["failed"] == {}
    assert not result["streamlit"]
    expected = {
        f"xproj_core.{'.'.join(p.relative_to(CORE).with_suffix('').parts)}".removesuffix(".__init__")
        for p in CORE.rglob("*.py")
        if p.stem != "__main__"
    } - {"xproj_core"}
    assert expected <= set(result["imported"])


def test_the_blocker_really_blocks_streamlit():
    probe = BLOCK_AND_IMPORT.split("import xproj_core")[0] + "import streamlit\n"
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0 and "blocked for this test: streamlit" in run.stderr
