"""xproj align / align-eval / aligners."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xproj_core.cli import main
from xproj_core.cli.align import parse_options
from xproj_core.errors import XprojError


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    pairs = tmp_path / "pairs.txt"
    pairs.write_text("the house ||| la maison\nyes ! ||| oui !\n", encoding="utf-8")
    links = tmp_path / "pred.pharaoh"
    links.write_text("0-0 1-0\n0-0 1-1\n", encoding="utf-8")
    gold = tmp_path / "gold.pharaoh"
    gold.write_text("1-1 2-2\n1-1 2p2\n", encoding="utf-8")  # one-indexed, one possible link
    return {"pairs": pairs, "links": links, "gold": gold, "out": tmp_path / "out.pharaoh"}


def test_parse_options() -> None:
    assert parse_options(["n=3", "w=0.5", "lower=False", "extra=nllb-seed:eng-bam", "x=a=b"]) == {
        "n": 3,
        "w": 0.5,
        "lower": False,
        "extra": "nllb-seed:eng-bam",
        "x": "a=b",
    }
    with pytest.raises(XprojError, match="E016"):
        parse_options(["novalue"])


def test_align_eval(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "align-eval",
            "--aligner",
            f"imported:{files['links']}",
            "--pairs",
            str(files["pairs"]),
            "--gold",
            str(files["gold"]),
            "--one-indexed",
            "--json",
        ]
    )
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    # predicted 4 links: 3 in gold (2 sure hits, 1 possible hit); gold has 3 sure links
    assert result["precision"] == pytest.approx(3 / 4)
    assert result["recall"] == pytest.approx(2 / 3)
    assert result["aer"] == pytest.approx(1 - (2 + 3) / (4 + 3))
    assert result["n_pairs"] == 2 and result["pairs_per_s"] > 0 and result["aligner"].startswith("imported(")


def test_align_writes_pharaoh(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "align",
            "--aligner",
            f"imported:{files['links']}",
            "--corpus",
            str(files["pairs"]),
            "--out",
            str(files["out"]),
            "--json",
        ]
    )
    assert code == 0
    assert files["out"].read_text(encoding="utf-8") == "0-0 1-0\n0-0 1-1\n"
    assert json.loads(capsys.readouterr().out)["n_pairs"] == 2


def test_aligners_lists_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["aligners", "--json"]) == 0
    listed = {a["name"]: a for a in json.loads(capsys.readouterr().out)["aligners"]}
    assert {"eflomal", "imported", "fused", "bt"} <= set(listed)
    assert "n_extra" in listed["eflomal"]["options"] and listed["imported"]["argument"] == "FILE"
    assert main(["aligners"]) == 0
    assert "n_extra" in capsys.readouterr().out


def test_errors_exit_2(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    args = ["align", "--corpus", str(files["pairs"]), "--out", str(files["out"])]
    assert main([*args, "--aligner", f"imported:{files['links']}", "--option", "colour=red"]) == 2
    assert "E016" in capsys.readouterr().err
    assert main([*args, "--aligner", "nosuch"]) == 2
    assert "E010" in capsys.readouterr().err
    assert not files["out"].exists()
