"""xproj train-ner on tiny CoNLL files with a tiny random BERT (head and full fine-tuning modes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fixtures.tiny_encoders import tiny_bert
from xproj_core.cli import main
from xproj_core.models.e5_ner import Head

SENTENCES = [
    (["the", "president", "visited", "berlin"], ["O", "B-PER", "O", "B-LOC"]),
    (["das", "haus", "in", "berlin"], ["O", "O", "O", "B-LOC"]),
    (["a", "president", "in", "b"], ["O", "B-PER", "O", "B-LOC"]),
    (["the", "house"], ["O", "O"]),
]


def _conll(path: Path, sentences: list[tuple[list[str], list[str]]]) -> Path:
    path.write_text("".join("".join(f"{w}\t{t}\n" for w, t in zip(*s)) + "\n" for s in sentences), encoding="utf-8")
    return path


@pytest.fixture()
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    monkeypatch.setenv("XPROJ_CACHE", str(tmp_path / "cache"))
    return {
        "encoder": tiny_bert(tmp_path / "bert"),
        "silver": _conll(tmp_path / "silver.conll", SENTENCES * 5),
        "english": _conll(tmp_path / "en.conll", SENTENCES[:2] * 3),
        "gold": _conll(tmp_path / "gold.conll", [(["b", "visited", "berlin"], ["B-PER", "O", "B-LOC"])]),
        "gold_train": _conll(tmp_path / "gold-train.conll", SENTENCES * 2),
        "dir": tmp_path,
    }


def _base(files: dict[str, Path], out: Path) -> list[str]:
    return [
        "train-ner",
        "--train",
        str(files["silver"]),
        "--eval",
        f"hau={files['gold']}",
        "--types",
        "PER,LOC",
        "--encoder",
        f"hf:{files['encoder']}",
        "--layers",
        "1,3",
        "--hidden",
        "8",
        "--epochs",
        "2",
        "--out",
        str(out),
        "--json",
    ]


def test_head_mode_scores_eval_sets_and_baselines(files, capsys) -> None:  # type: ignore[no-untyped-def]
    out = files["dir"] / "head.npz"
    assert main(_base(files, out)) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload["scores"]) == {"hau"} and set(payload["scores"]["hau"]) >= {"precision", "recall", "f1"}
    assert payload["scores"]["hau"]["support"] == 2
    assert payload["sentences"] == {"train": 18, "dev": 2} and "held apart" in payload["data"]["dev"]
    assert len(payload["history"]) == 2 and out.is_file() and json.loads(out.with_suffix(".json").read_text())
    assert Head.load(out).labels == ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"]
    stored = list((files["dir"] / "cache" / "ner-features").iterdir())
    assert len(stored) == 1 and stored[0].name.endswith("-L1-3")

    more = [
        "--baselines",
        "--zero-shot",
        str(out),
        "--english",
        str(files["english"]),
        "--gold-train",
        f"hau={files['gold_train']}",
    ]
    assert main(_base(files, files["dir"] / "head2.npz") + more) == 0
    baselines = json.loads(capsys.readouterr().out)["baselines"]
    assert set(baselines) == {"zero-shot", "silver", "silver+en", "gold"}
    assert all(set(row) == {"hau"} for row in baselines.values())


def test_the_same_seed_and_thread_count_give_the_same_head(files, capsys) -> None:  # type: ignore[no-untyped-def]
    import numpy as np
    import torch

    threads = torch.get_num_threads()
    heads = []
    try:
        for name in ("a.npz", "b.npz"):
            assert main([*_base(files, files["dir"] / name), "--threads", "1"]) == 0
            assert json.loads(capsys.readouterr().out)["torch_threads"] == 1
            heads.append(np.load(files["dir"] / name))
    finally:
        torch.set_num_threads(threads)
    assert heads[0].files and heads[0].files == heads[1].files
    assert all(np.array_equal(heads[0][k], heads[1][k]) for k in heads[0].files)


def test_full_mode_saves_a_tagger_the_hf_backend_loads(files, capsys) -> None:  # type: ignore[no-untyped-def]
    from xproj_core.models import NER_TAGGERS

    out = files["dir"] / "tagger"
    args = _base(files, out)
    args[args.index("--epochs") + 1] = "1"
    assert main([*args, "--mode", "full", "--batch-size", "4"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["mode"] == "full" and "hau" in payload["scores"] and (out / "xproj-card.json").is_file()
    tagger = NER_TAGGERS.create(f"hf:{out}")
    assert tagger.labels == ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"]
    assert len(tagger.tag([["the", "house"]])[0]) == 2


def test_bad_eval_and_missing_gold(files, capsys) -> None:  # type: ignore[no-untyped-def]
    out = files["dir"] / "head.npz"
    args = _base(files, out)
    args[args.index("--eval") + 1] = "hau="
    assert main(args) == 2
    assert "[E903]" in capsys.readouterr().err
    args[args.index("--eval") + 1] = "hau=masakhaner2:zzz:test"
    assert main(args) == 2
    assert "masakhaner2:zzz:test" in capsys.readouterr().err
    assert not out.exists()
