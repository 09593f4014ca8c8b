"""``xproj density``: the markdown table and the JSON rows, with a registered test tagger."""

import json

from tests.test_density import CapitalTagger, corpus
from xproj_core.cli import main
from xproj_core.models import NER_TAGGERS

if "test-capital" not in NER_TAGGERS:
    NER_TAGGERS.register("test-capital", "capitalised words after the first are PER (tests only)")(CapitalTagger)


def test_density_prints_a_table_and_json(tmp_path, capsys):
    news = corpus(tmp_path, "news", ["Yesterday Merkel met Macron .", "It rained ."])
    assert main(["density", news, "--tagger", "test-capital"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("| spec | sentences | sampled |") and table[0].endswith("| PER |")
    assert table[2].endswith("| 2 | 2 | 8 | 2 | 250.0 | 0.5 | 2 |")
    assert main(["density", news, "--tagger", "test-capital", "--cap", "1", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["rows"]
    assert (row["sentences"], row["sampled"]) == (2, 1)
