"""Alignment fine-tuning on a tiny random BERT: objectives, frozen layers, the model directory, e5-ft."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.fixtures.tiny_encoders import tiny_bert
from xproj_core.align import ALIGNERS
from xproj_core.align.finetuned import FineTunedAligner, settings_from, train_aligner_model
from xproj_core.align.neural import NeuralAligner
from xproj_core.align.training import TrainingSettings, finetune, length_batches, pair_losses, psi_loss
from xproj_core.errors import XprojError
from xproj_core.models.encoders import load_encoder
from xproj_core.types import SentencePair

TEXTS = [
    ("the house", "das haus"),
    ("the president visited berlin", "der präsident besuchte berlin"),
    ("a house in berlin", "ein haus in berlin"),
    ("the president", "der präsident"),
    ("b a", "b a"),
]


def pairs(k: int = 1) -> list[SentencePair]:
    return [SentencePair(f"{n}", "en", "de", s.split(), t.split()) for n, (s, t) in enumerate(TEXTS * k)]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tiny_bert(tmp_path_factory.mktemp("bert") / "bert"))


def test_length_batches_cover_every_index_once_with_similar_lengths() -> None:
    lengths = [random.Random(1).randrange(1, 60) for _ in range(1000)]
    batches = length_batches(lengths, 16, random.Random(0))
    assert sorted(k for b in batches for k in b) == list(range(1000))
    spread = sum(max(lengths[k] for k in b) - min(lengths[k] for k in b) for b in batches) / len(batches)
    assert spread < 5  # sorted within pools: little padding


def test_self_training_loss_rewards_confident_links_in_both_directions() -> None:
    import torch

    x = torch.eye(3) * 10
    settings = TrainingSettings(objectives=("so", "co"))
    matching = pair_losses(x, x.clone(), settings)
    crossed = pair_losses(x, x[[1, 0, 2]] * 0.1, settings)
    assert matching["so"] < -0.99 and matching["co"] < -0.99
    assert crossed["so"] > matching["so"] and crossed["co"] > matching["co"]


def test_psi_prefers_the_true_translation() -> None:
    import torch

    vectors = [torch.randn(4, 8, generator=torch.Generator().manual_seed(k)) for k in range(4)]
    assert psi_loss(vectors, vectors, 0.05) < psi_loss(vectors, vectors[1:] + vectors[:1], 0.05)


@pytest.mark.parametrize(
    "setting",
    [
        dict(layer=4),
        dict(train_layers=3),
        dict(objectives=("tlm",)),
        dict(threshold=1.0),
        dict(objectives=("psi",), batch_size=1),
        dict(epochs=0),
        dict(targets="ema"),
        dict(ema=1.0),
    ],
)
def test_invalid_settings_raise_e110(setting: dict) -> None:
    with pytest.raises(XprojError, match="E110"):
        TrainingSettings(**{"layer": 2, "train_layers": 2, **setting}).checked(num_layers=3)


def test_base_targets_are_computed_once_before_training(tiny: str) -> None:
    """With ``targets=base`` every pair gets its so targets once, before any update, and keeps them in every
    epoch; with the default (``self``) they are recomputed from the training model on every batch."""
    from xproj_core.align import training

    seen: list[object] = []
    original = training.pair_losses

    def spy(x: object, y: object, s: TrainingSettings, targets: object = None) -> dict:
        seen.append(targets)
        return original(x, y, s, targets)

    for targets in ("base", "self"):
        settings = TrainingSettings(layer=2, train_layers=1, batch_size=2, epochs=4, threshold=0.05, targets=targets)
        seen.clear()
        try:
            training.pair_losses = spy
            finetune(load_encoder(f"hf:{tiny}"), pairs(), settings)
        finally:
            training.pair_losses = original
        assert len(seen) == 20
        if targets == "base":
            assert len({id(t) for t in seen}) == 5 and all(t.sum() > 0 for t in seen)
        else:
            assert all(t is None for t in seen)
    with pytest.raises(XprojError, match="E110"):
        TrainingSettings(layer=2, train_layers=1, targets="teacher").checked(num_layers=3)


def test_ema_keeps_the_moving_average_and_can_give_the_targets(tiny: str) -> None:
    """``ema`` > 0 keeps the moving average of the trained weights (it lags behind them, so it stays closer to
    the start); ``targets=ema`` computes the so targets per batch with that average, not the training model."""
    import torch

    from xproj_core.align import training

    start = load_encoder(f"hf:{tiny}").model.encoder.layer[1].state_dict()

    def distance(settings: TrainingSettings) -> float:
        encoder = load_encoder(f"hf:{tiny}")
        finetune(encoder, pairs(), settings)
        after = encoder.model.encoder.layer[1].state_dict()
        return sum(float((after[k] - start[k]).norm()) for k in start)

    common = dict(layer=2, train_layers=1, batch_size=2, epochs=4, learning_rate=1e-2, threshold=0.05)
    assert 0 < distance(TrainingSettings(**common, ema=0.9)) < distance(TrainingSettings(**common))

    seen: list[object] = []
    original = training.pair_losses

    def spy(x: object, y: object, s: TrainingSettings, targets: object = None) -> dict:
        seen.append(targets)
        return original(x, y, s, targets)

    try:
        training.pair_losses = spy
        finetune(load_encoder(f"hf:{tiny}"), pairs(), TrainingSettings(**common, ema=0.9, targets="ema"))
    finally:
        training.pair_losses = original
    assert len(seen) == 20 and len({id(t) for t in seen}) == 20
    assert all(isinstance(t, torch.Tensor) and not t.requires_grad for t in seen)


def test_settings_from_options() -> None:
    settings = settings_from({"objectives": "so+psi", "so_threshold": "0.01", "batch_size": 4}, seed=3, layer=2)
    assert settings == TrainingSettings(layer=2, objectives=("so", "psi"), threshold=0.01, batch_size=4, seed=3)
    with pytest.raises(XprojError, match="E110"):
        settings_from({"dropout": 0.1})


def test_finetune_trains_only_the_layers_under_the_alignment_layer(tiny: str) -> None:
    import torch

    encoder = load_encoder(f"hf:{tiny}")
    before = {k: v.clone() for k, v in encoder.model.state_dict().items()}
    settings = TrainingSettings(
        layer=2, train_layers=1, objectives=("so", "psi", "co"), learning_rate=1e-3, batch_size=2, epochs=3
    )
    report = finetune(encoder, pairs(), settings)
    after = encoder.model.state_dict()
    changed = {k for k in before if not torch.equal(before[k], after[k])}
    assert changed and all(k.startswith("encoder.layer.1.") for k in changed)
    assert report.steps == 9 and report.n_pairs == 5 and report.device == "cpu"
    assert set(report.final_losses) == {"so", "psi", "co"}
    assert report.trainable_parameters == sum(p.numel() for p in encoder.model.encoder.layer[1].parameters())
    assert len(encoder.model.encoder.layer) == 3  # the layers above are restored


def test_a_step_on_the_self_training_loss_sharpens_the_confident_links() -> None:
    import torch

    generator = torch.Generator().manual_seed(0)
    x = 0.5 * torch.randn(6, 16, generator=generator)
    y = (x[[1, 0, 2, 3, 5, 4]] + 0.5 * torch.randn(6, 16, generator=generator)).requires_grad_(True)
    settings = TrainingSettings(threshold=0.05)

    def probabilities() -> tuple[torch.Tensor, torch.Tensor]:
        logits = (x - x.mean(0)) @ (y - y.mean(0)).T
        return logits.softmax(1), logits.softmax(0)

    forward, backward = probabilities()
    links = ((forward > 0.05) & (backward > 0.05)).detach()
    pair_losses(x, y, settings)["so"].backward()
    with torch.no_grad():
        y -= 0.5 * y.grad
    new_forward, new_backward = probabilities()
    assert links.sum() == 6 and links[[1, 0, 2, 3, 5, 4], range(6)].all()  # the true permutation
    assert new_forward[links].sum() > forward[links].sum() + 0.01
    assert new_backward[links].sum() > backward[links].sum() + 0.01


def test_model_directory_card_and_hf_spec(tiny: str, tmp_path: Path) -> None:
    out = tmp_path / "tuned"
    settings = TrainingSettings(layer=2, train_layers=1, batch_size=2)
    gold = _gold_corpus()
    record = train_aligner_model(f"hf:{tiny}", pairs(), settings, out, ["toy"], {"toy-gold": gold})
    card = (out / "README.md").read_text()
    for text in [
        "| N (pairs trained on) | 5 |",
        "| seed | 0 |",
        "| objectives | so",
        "toy",
        "AER toy-gold",
        "the last step",
    ]:
        assert text in card
    assert json.loads((out / "xproj-finetune.json").read_text()) == json.loads(json.dumps(record))
    aligner = ALIGNERS.create(f"hf:{out}")
    assert aligner.layer == 2 and "layer=2" in aligner.signature()
    assert len(aligner.align(pairs())) == 5
    with pytest.raises(XprojError, match="E102"):
        train_aligner_model(f"hf:{tiny}", pairs(), settings, out, ["toy"])


def _gold_corpus():
    from xproj_core.types import Corpus

    gold = pairs()
    for p in gold:
        p.meta["links"] = [[k, k] for k in range(min(len(p.src_tokens), len(p.tgt_tokens)))]
    return Corpus("toy-gold", gold)


def test_e5_ft_is_data_hungry_and_caches_its_model(tiny: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XPROJ_CACHE", str(tmp_path / "cache"))
    extra = tmp_path / "extra.txt"
    extra.write_text("".join(f"{s} ||| {t}\n" for s, t in TEXTS * 3), encoding="utf-8")
    assert "n_extra" in ALIGNERS.entry("e5-ft")[0].options  # what makes a sweep hand it N, seed and extra
    options = dict(base=f"hf:{tiny}", layer=2, train_layers=1, batch_size=4)
    plain = FineTunedAligner(extra=str(extra), n_extra=0, **options)
    base = NeuralAligner(f"hf:{tiny}", layer=2)
    assert [a.links for a in plain.align(pairs())] == [a.links for a in base.align(pairs())]
    tuned = ALIGNERS.create("e5-ft", extra=str(extra), n_extra=8, seed=1, **options)
    assert "n_extra=8" in tuned.signature() and "seed=1" in tuned.signature()
    assert len(tuned.align(pairs())) == 5
    models = list((tmp_path / "cache" / "models" / "e5-ft").iterdir())
    assert len(models) == 1 and json.loads((models[0] / "xproj-finetune.json").read_text())["training"]["n_pairs"] == 8
    again = FineTunedAligner(extra=str(extra), n_extra=8, seed=1, **options)
    assert again.fit(tuned_pairs := again_pairs(extra, 8, 1)) == models[0] and len(tuned_pairs) == 8
    with pytest.raises(XprojError, match="E016"):
        FineTunedAligner(n_extra=5)
    with pytest.raises(XprojError, match="E016"):
        FineTunedAligner(colour="red")


def again_pairs(path: Path, n: int, seed: int) -> list[SentencePair]:
    from xproj_core.mixture import load_parallel, sample_parallel

    return sample_parallel(load_parallel(str(path)).pairs, n, seed)


def test_cli_align_train_writes_a_model(tiny: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from xproj_core.cli import main

    data = tmp_path / "pairs.tsv"
    data.write_text("en\tde\n" + "".join(f"{s}\t{t}\n" for s, t in TEXTS), encoding="utf-8")
    out = tmp_path / "model"
    code = main(
        [
            "align-train",
            "--data",
            str(data),
            "--n",
            "4",
            "--out",
            str(out),
            "--base",
            f"hf:{tiny}",
            "--layer",
            "2",
            "--option",
            "train_layers=1",
            "--option",
            "objectives=so+co",
            "--json",
        ]
    )
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["training"]["n_pairs"] == 4 and payload["training"]["settings"]["objectives"] == ["so", "co"]
    assert (out / "model.safetensors").is_file() and (out / "README.md").is_file()


def test_cli_align_train_leaves_out_the_sentences_of_a_gold_set(
    tiny: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from xproj_core.cli import main
    from xproj_core.io.jsonl import write_jsonl

    data = tmp_path / "pairs.tsv"
    data.write_text("en\tde\n" + "".join(f"{s}\t{t}\n" for s, t in TEXTS), encoding="utf-8")
    gold = tmp_path / "gold.jsonl"  # one German sentence of the training data, differently cased
    write_jsonl(gold, [SentencePair("g", "en", "de", ["The", "House"], ["Das", "Haus"], tgt_tags=["O", "B-LOC"])])
    out = tmp_path / "model"
    common = ["--base", f"hf:{tiny}", "--layer", "2", "--option", "train_layers=1", "--json"]
    assert main(["align-train", "--data", str(data), "--exclude", str(gold), "--out", str(out), *common]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["training"]["n_pairs"] == len(TEXTS) - 1
    assert f"without 1 pairs in {gold}" in payload["data"]
