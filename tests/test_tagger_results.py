import math

import pandas as pd
import pytest

from tests.fixtures.tagger_cache import HAU, HIN, LABELLED, add_tagger_cells
from xproj_core.errors import XprojError
from xproj_core.paper_results import PaperRun
from xproj_core.signature import Signature
from xproj_core.store import CellResult, Store
from xproj_core.tagger_results import (
    REPORTED_SET,
    choose,
    display_table,
    paper_numbers,
    role_of,
    tagger_curves,
    tagger_frame,
    tagger_markdown,
    tagger_table,
    trained_metrics,
)

T_975_1 = 12.7062  # t quantile for a 95% interval with two seeds (one degree of freedom)


@pytest.fixture()
def store(tmp_path):
    store = Store(tmp_path / "c.sqlite")
    add_tagger_cells(store)
    projection = Signature(corpus=HAU, pair="en-hau", aligner="e5", method="heuristic")  # not a trained tagger
    metrics = {"overall": {"precision": 0.9, "recall": 0.9, "f1": 0.9, "support": 1, "predicted": 1}}
    store.write_cell(CellResult(projection, {}, metrics, [[]]))
    return store


def paper() -> dict:
    runs = [
        PaperRun("masakhaner2", "hau", "align_src", "awesome", "", "", 0.70, 100),
        PaperRun("masakhaner2", "hau", "candidates", "simalign", "ner", "argmax", 0.73, 100),
        PaperRun("masakhaner2", "hau", "model_transfer", "", "", "", 0.74, 100),
    ]
    return paper_numbers(runs)


def test_roles_of_training_values():
    assert [role_of(t) for t in ("zero-shot", "gold:head", "head", "full", LABELLED, "full/labelled=x")] == [
        "zero-shot",
        "gold",
        "B",
        "B",
        "A",
        "A",
    ]


def test_frame_keeps_trained_cells_only(store):
    frame = tagger_frame(trained_metrics(store))
    assert len(frame) == 19 and set(frame["training"]) == {"zero-shot", "gold:head", "head", LABELLED}
    assert set(frame["language"]) == {"hau", "hin"}
    hin = frame[frame["corpus"] == HIN]
    assert hin["dev_f1"].isna().all() and (frame.loc[frame["corpus"] == HAU, "dev_set"] == "masakhaner2:hau:dev").all()


def test_table_picks_the_best_setting_on_dev_and_says_so(store):
    table = tagger_table(tagger_frame(trained_metrics(store)), paper()).set_index("language")
    hau = table.loc["hau"]
    # dev picks mafand N=500 (dev 61.0) although mafand N=1000 is better on test (62.0 vs 52.0)
    assert (hau["parallel"], hau["n"], hau["training"], hau["role"]) == ("mafand", 500, "head", "B")
    assert hau["best"] == pytest.approx(52.0) and hau["seeds"] == 2 and hau["candidates"] == 6
    assert hau["ci"] == pytest.approx(T_975_1 * math.sqrt(8) / math.sqrt(2), rel=1e-4)  # std of 50, 54 is √8
    assert hau["chosen_on"] == "dev masakhaner2:hau:dev"
    assert hau["zero_shot"] == pytest.approx(40.0) and hau["gain"] == pytest.approx(12.0)
    assert hau["gold"] == pytest.approx(80.0) and hau["gold_sentences"] == 5000
    assert hau["paper_projection"] == pytest.approx(73.0) and hau["paper_model_transfer"] == pytest.approx(74.0)
    assert hau["paper_projection_setting"] == "candidates/simalign/ner"
    # the chosen setting's cells, one per seed, by signature (for xproj reproduce)
    chosen = [Signature.parse(s) for s in hau["signatures"]]
    assert sorted(c.seed for c in chosen) == [1, 2]
    assert {(c.parallel, c.n, c.training, c.corpus) for c in chosen} == {("mafand", 500, "head", HAU)}


def test_without_a_dev_set_the_table_chooses_on_the_reported_set(store):
    hin = tagger_table(tagger_frame(trained_metrics(store)), paper()).set_index("language").loc["hin"]
    assert (hin["parallel"], hin["best"], hin["chosen_on"]) == ("captions", pytest.approx(42.0), REPORTED_SET)
    assert hin["gain"] == pytest.approx(9.0) and math.isnan(hin["gold"]) and math.isnan(hin["paper_projection"])


def test_one_candidate_without_dev_makes_the_choice_on_the_reported_set(store):
    curves = tagger_curves(tagger_frame(trained_metrics(store)))
    hau = curves[(curves["corpus"] == HAU) & curves["role"].isin(["A", "B"])].copy()
    assert choose(hau)[0]["n"] == 500
    hau.loc[hau.index[0], "dev_seeds"] = 1  # one seed of one candidate lost its dev score
    best, chosen_on = choose(hau)
    assert chosen_on == REPORTED_SET and (best["parallel"], best["n"]) == ("mafand", 1000)


def test_markdown_and_display(store):
    table = tagger_table(tagger_frame(trained_metrics(store)), paper())
    shown = display_table(table).set_index("language")
    assert shown.loc["hau", "best silver-trained"] == "52.0 ± 25.4"
    assert shown.loc["hau", "setting"] == "mafand · N=500 · eflomal · heuristic · head (B)"
    assert shown.loc["hau", "gold-trained"] == "80.0 (5000 sentences)" and shown.loc["hin", "gold-trained"] == ""
    text = tagger_markdown(table)
    assert "95% t-interval" in text and "reported set" in text and "on 2 of 2 gold sets; mean gain +10.5" in text


def test_no_trained_cells_is_a_clear_error(tmp_path):
    with pytest.raises(XprojError, match="E701"):
        tagger_table(tagger_frame(trained_metrics(Store(tmp_path / "empty.sqlite"))))


def test_paper_numbers_go_by_language_whatever_the_gold_set_is_called(tmp_path):
    store = Store(tmp_path / "bam.sqlite")
    metrics = {"overall": {"precision": 0.35, "recall": 0.35, "f1": 0.35, "support": 9, "predicted": 9}}
    zero_shot = Signature(corpus="bam-translate-test", pair="en-bam", training="zero-shot", types="PER,ORG,LOC")
    store.write_cell(CellResult(zero_shot, {}, metrics, [[]]))
    runs = [PaperRun("masakhaner2", "bam", "candidates", "simalign", "ner", "argmax", 0.553, 1120)]
    (row,) = tagger_table(tagger_frame(trained_metrics(store)), paper_numbers(runs)).to_dict(orient="records")
    assert row["language"] == "bam" and row["zero_shot"] == pytest.approx(35.0)
    assert row["paper_projection"] == pytest.approx(55.3) and row["best"] != row["best"]  # no silver-trained yet
    assert display_table(pd.DataFrame([row])).iloc[0]["gold set"] == "bam-translate-test (PER,ORG,LOC)"
