import json

from xproj_core.cli import main
from xproj_core.store import Store
from xproj_core.sweep.config import split_components

FLAGS = [
    "--plugin",
    "tests.fixtures.sweep_fakes",
    "--corpus",
    "toy:en-de",
    "--aligner",
    "fake-eflomal,fake-neural",
    "--method",
    "fake-project",
    "--solver",
    "greedy,exact",
    "--sizes",
    "0,100",
    "--seeds",
    "0,1",
    "--parallel",
    "text=toy-parallel:text",
]
N_CELLS = (2 * 2 + 1) * 2


def test_split_components_reads_bracketed_options():
    assert split_components("e5(extraction=itermax,layer=8),eflomal") == [
        {"spec": "e5", "options": {"extraction": "itermax", "layer": 8}},
        "eflomal",
    ]


def test_sweep_dry_run_then_run_then_results_and_plot(tmp_path, capsys):
    cache = str(tmp_path / "c.sqlite")
    assert main(["sweep", *FLAGS, "--cache", cache, "--dry-run", "--json"]) == 0
    planned = json.loads(capsys.readouterr().out)
    assert planned["total"] == planned["todo"] == N_CELLS
    assert planned["estimate"]["estimated"] == 0 and planned["estimate"]["unknown"] == N_CELLS  # nothing timed yet
    assert Store(cache).corpora() == []  # a dry run writes nothing
    assert main(["sweep", *FLAGS, "--cache", cache, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["written"] == N_CELLS
    third_seed = [*FLAGS]
    third_seed[third_seed.index("--seeds") + 1] = "0,1,2"
    assert main(["sweep", *third_seed, "--cache", cache, "--dry-run"]) == 0
    out = capsys.readouterr().out  # seed 2 adds the data-hungry aligner's cells, timed like seeds 0 and 1
    assert "4 to run" in out and "time: about" in out and f"for 4 cells, from the timings of {N_CELLS} cached" in out
    assert main(["sweep", *FLAGS, "--cache", cache]) == 0
    assert f"{N_CELLS} cells: 0 written, {N_CELLS} already cached" in capsys.readouterr().out

    assert main(["results", "--cache", cache]) == 0
    text = capsys.readouterr().out
    assert "### toy:en-de (en-de), source labels: gold" in text and "N=100 |" in text and "fake-neural †" in text
    assert main(["results", "--cache", cache, "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith(
        "corpus,pair,source_labels,types,parallel,aligner,method,solver,n,mean,std,seeds"
    )
    assert main(["results", "--cache", cache, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert len(rows) == 2 * 2 + 2 and all(r["std"] is None for r in rows if r["aligner"] == "fake-neural")

    assert main(["plot", "--cache", cache, "--out", str(tmp_path / "plots"), "--no-png"]) == 0
    assert (tmp_path / "plots" / "scaling-toy_en-de-gold.html").exists()


def test_sweep_needs_a_config_or_flags(tmp_path, capsys):
    assert main(["sweep", "--cache", str(tmp_path / "c.sqlite")]) == 2
    assert "[E016]" in capsys.readouterr().err
    assert main(["results", "--cache", str(tmp_path / "empty.sqlite")]) == 2
    assert "[E701] no cached results" in capsys.readouterr().err


def test_only_names_a_known_field(tmp_path, capsys):
    from xproj_core.cli import main

    code = main(
        [
            "sweep",
            "--corpus",
            "toy:en-de",
            "--aligner",
            "fake-neural",
            "--method",
            "fake-project",
            "--plugin",
            "tests.fixtures.sweep_fakes",
            "--only",
            "colour=red",
            "--dry-run",
            "--cache",
            str(tmp_path / "c.sqlite"),
        ]
    )
    assert code == 2 and "--only" in capsys.readouterr().err


def test_only_value_that_no_cell_has_is_an_error(tmp_path, capsys):
    """`--only n=all` (the sweep resolves `all` to a number) or a typo selects nothing: a coded error listing the
    field's values, not an empty sweep; a value some cell has still works, also for a component's short name."""
    from xproj_core.cli import main

    def sweep(*only: str) -> int:
        flags = ["--corpus", "toy:en-de", "--aligner", "fake-eflomal", "--method", "fake-project"]
        flags += ["--parallel", "text=toy-parallel:text", "--sizes", "100,200"]
        args = [a for value in only for a in ("--only", value)]
        cache = str(tmp_path / "c.sqlite")
        return main(["sweep", *flags, "--plugin", "tests.fixtures.sweep_fakes", *args, "--dry-run", "--cache", cache])

    assert sweep("n=all") == 2
    assert "[E953] --only n=all matches no cell of this sweep; its n values: 100, 200" in capsys.readouterr().err
    assert sweep("aligner=fake-eflomla") == 2 and "fake-eflomal" in capsys.readouterr().err
    assert sweep("n=200", "aligner=fake-eflomal") == 0
    assert "1 cells, 1 to run" in capsys.readouterr().out


def test_only_n_all_picks_the_size_all_resolved_to(tmp_path, capsys):
    """A study that asks for `all` (or `matched`) is sliced by that name: `--only n=all` keeps its largest draw."""
    from xproj_core.cli import main
    from xproj_core.io.jsonl import write_jsonl
    from xproj_core.types import SentencePair

    text = tmp_path / "text.jsonl"
    write_jsonl(text, [SentencePair(str(i), "en", "de", [f"w{i}"], [f"w{i}"]) for i in range(300)])

    def sweep(*only: str) -> tuple[int, str]:
        flags = ["--corpus", "toy:en-de", "--aligner", "fake-eflomal", "--method", "fake-project"]
        flags += ["--parallel", f"text={text}", "--sizes", "100,all"]
        args = [a for value in only for a in ("--only", value)]
        cache = str(tmp_path / "c.sqlite")
        code = main(["sweep", *flags, "--plugin", "tests.fixtures.sweep_fakes", *args, "--dry-run", "--cache", cache])
        return code, capsys.readouterr().out

    code, everything = sweep()
    sizes = sorted({int(line.split(" N=")[1].split()[0]) for line in everything.splitlines() if " N=" in line})
    assert code == 0 and sizes == [100, 300]
    for name in ("all", "matched"):
        code, out = sweep(f"n={name}")
        assert code == 0 and "1 cells, 1 to run" in out and f" N={sizes[1]} " in out
    code, out = sweep("n=all", "n=100")
    assert code == 0 and "2 cells, 2 to run" in out
