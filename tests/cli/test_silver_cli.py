"""xproj silver on tiny files with a capitalisation tagger and imported links."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.fixtures.silver_fakes import CapitalTagger
from xproj_core.cli import main
from xproj_core.io.conll import read_conll
from xproj_core.models import NER_TAGGERS
from xproj_core.registry import Entry


@pytest.fixture()
def caps(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Registers ``caps`` (a CapitalTagger) for the test; counts the sentences it tags; ``fail_after`` interrupts."""
    state = {"tagged": 0, "fail_after": -1}

    def make() -> CapitalTagger:
        tagger = CapitalTagger(None if state["fail_after"] < 0 else state["fail_after"])
        original = tagger.tag

        def tag(sentences):  # type: ignore[no-untyped-def]
            result = original(sentences)
            state["tagged"] += len(sentences)
            return result

        tagger.tag = tag  # type: ignore[method-assign]
        return tagger

    monkeypatch.setitem(NER_TAGGERS._entries, "caps", Entry("caps", make, "test tagger"))
    return state


@pytest.fixture()
def corpus(tmp_path: Path) -> dict[str, Path]:
    pairs = tmp_path / "pairs.txt"
    rows = ["Anna met Bob ||| Anna ta gana da Bob", "the house ||| gidan", "Ida sang ||| Ida ta rera"] * 3
    pairs.write_text("\n".join(rows) + "\n", encoding="utf-8")
    links = tmp_path / "links.txt"
    per_row = ["0-0 1-2 2-4", "1-0", "0-0 1-2"]
    links.write_text("".join(f"{k}\t{per_row[k % 3]}\n" for k in range(9)), encoding="utf-8")
    gold = tmp_path / "gold.conll"
    gold.write_text("gidan\tO\n\n", encoding="utf-8")
    return {"pairs": pairs, "links": links, "gold": gold, "dir": tmp_path}


def _silver(corpus: dict[str, Path], out: Path, *extra: str) -> list[str]:
    return [
        "silver",
        "--parallel",
        str(corpus["pairs"]),
        "--labels",
        "caps",
        "--aligner",
        f"imported:{corpus['links']}",
        "--aligner-option",
        "key=id",
        "--types",
        "PER",
        "--chunk",
        "2",
        "--out",
        str(out),
        "--json",
        *extra,
    ]


def test_silver_conll_with_filters(corpus, caps, capsys) -> None:  # type: ignore[no-untyped-def]
    out = corpus["dir"] / "silver.conll"
    assert main(_silver(corpus, out, "--exclude", str(corpus["gold"]), "--max-empty-share", "0")) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["overlap_removed"] == {str(corpus["gold"]): 3}
    assert payload["pairs"] == 6 and payload["kept"] == 6 and payload["complete"] == 6
    sentences = read_conll(out)
    assert sentences[0].tokens == ["Anna", "ta", "gana", "da", "Bob"]
    assert sentences[0].tags == ["B-PER", "O", "O", "O", "B-PER"] and sentences[0].meta["confidence"] == "1.000000"
    assert not list(corpus["dir"].glob(".silver.conll*"))  # checkpoints removed after success


def test_silver_resumes_after_interruption(corpus, caps, capsys) -> None:  # type: ignore[no-untyped-def]
    out = corpus["dir"] / "silver.jsonl"
    caps["fail_after"] = 4
    assert main(_silver(corpus, out)) == 130
    assert not out.exists() and len(list((corpus["dir"] / ".silver.jsonl.parts").glob("chunk-*"))) == 2
    caps.update(tagged=0, fail_after=-1)
    assert main(_silver(corpus, out)) == 0
    assert caps["tagged"] == 5  # 9 pairs in chunks of 2: the first two chunks were kept
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [str(k) for k in range(9)]
    assert records[0]["meta"]["silver"]["confidence"] == 1.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a b ||| c d\n\nx ||| y\n", r"\[E008\] .*pairs\.txt:2: empty sentence"),
        ("a b ||| c d\nx y\n", r"\[E009\] .*pairs\.txt:2: malformed line"),
    ],
)
def test_silver_bad_input_writes_nothing(  # type: ignore[no-untyped-def]
    corpus, caps, capsys, content, message
) -> None:
    corpus["pairs"].write_text(content, encoding="utf-8")
    out = corpus["dir"] / "silver.conll"
    assert main(_silver(corpus, out)) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert re.search(message, error)
    assert not out.exists() and not list(corpus["dir"].glob(".silver.conll*"))


def test_silver_unequal_files_unknown_dataset_and_format(corpus, caps, capsys) -> None:  # type: ignore[no-untyped-def]
    en, xx = corpus["dir"] / "a.en", corpus["dir"] / "a.xx"
    en.write_text("one\ntwo\n", encoding="utf-8")
    xx.write_text("un\n", encoding="utf-8")
    out = corpus["dir"] / "silver.conll"
    base = ["silver", "--labels", "caps", "--out", str(out)]
    assert main([*base, "--parallel", f"{en},{xx}"]) == 2
    assert "[E007]" in capsys.readouterr().err
    assert main([*base, "--parallel", "no-such-corpus:en-xx"]) == 2
    assert "[E013]" in capsys.readouterr().err
    assert main([*base, "--parallel", str(corpus["pairs"]), "--exclude", "masakhaner2:zzz:test"]) == 2
    assert "masakhaner2:zzz:test" in capsys.readouterr().err
    assert main(["silver", "--parallel", str(corpus["pairs"]), "--out", str(corpus["dir"] / "s.csv")]) == 2
    assert "[E006]" in capsys.readouterr().err
    assert not out.exists()
