import json

import pytest

from tests.fixtures.tagger_cache import add_tagger_cells
from xproj_core.cli import main
from xproj_core.store import Store


@pytest.fixture()
def cache(tmp_path):
    path = tmp_path / "c.sqlite"
    add_tagger_cells(Store(path))
    return str(path)


def test_tagger_table_as_json(cache, capsys):
    assert main(["results", "--tagger", "--cache", cache, "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    rows = {row["language"]: row for row in payload["rows"]}
    assert set(rows) == {"hau", "hin"} and payload["interval"] == 95.0
    assert rows["hau"]["best"] == pytest.approx(52.0) and rows["hau"]["chosen_on"] == "dev masakhaner2:hau:dev"
    assert rows["hin"]["chosen_on"] == "reported set" and rows["hin"]["gold"] is None
    assert (rows["hau"]["seeds"], rows["hau"]["n"], rows["hau"]["gold_sentences"]) == (2, 500, 5000)
    assert isinstance(rows["hau"]["seeds"], int) and rows["hin"]["gold_sentences"] is None
    assert payload["summary"].startswith("Silver-trained beats zero-shot on 2 of 2")


def test_tagger_table_filters_and_formats(cache, capsys):
    assert main(["results", "--tagger", "--cache", cache, "--lang", "hin", "--scope", "PER"]) == 0
    text = capsys.readouterr().out
    assert "| hin " in text and "| hau " not in text and "42.0 ± 12.7" in text
    assert main(["results", "--tagger", "--cache", cache, "--format", "csv", "--interval", "90"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.startswith("language,corpus,types,zero_shot,best,ci,seeds")


def test_projection_results_leave_trained_cells_out(cache, capsys):
    assert main(["results", "--cache", cache]) == 2
    assert "E701" in capsys.readouterr().err
