"""``eflomal`` through xproj vs the eflomal package called directly, on the same sentences.

    python -m bench.bench_eflomal [--n-extra 10000] [--repeat 3]

Input: the 447 en-fr gold pairs plus N Multi30K en-fr captions (tokenised by bench_aer), i.e. what
``eflomal extra=... n_extra=N`` trains on. *direct*: ``eflomal.Aligner().align(src, tgt, links_filename_fwd=F,
links_filename_rev=R)`` with the package defaults, the links left in files. *xproj*: ``ALIGNERS.create("eflomal",
...).align(pairs)``, which also samples the extra pairs, reads both link files back, symmetrises with GDFA
and builds the score matrices. Each run is a fresh process (wall time of the alignment call, peak RSS of the
process and of its children, i.e. the eflomal binary); runs alternate, and the median is reported.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_aer import GOLD, multi30k_enfr

ROOT = Path(__file__).resolve().parents[1]


def worker(mode: str, extra: str, n_extra: int) -> dict[str, float]:
    from xproj_core.align import ALIGNERS
    from xproj_core.io.tokpairs import read_token_pair_file
    from xproj_core.mixture import sample_parallel

    gold = read_token_pair_file(GOLD / "enfr.src-tgt")
    if mode == "xproj":
        aligner = ALIGNERS.create("eflomal", extra=extra, n_extra=n_extra, seed=0)
        start = time.perf_counter()
        aligner.align(gold.pairs)
    else:
        import eflomal

        pairs = gold.pairs + sample_parallel(read_token_pair_file(extra).pairs, n_extra, 0)
        src = [" ".join(p.src_tokens) for p in pairs]
        tgt = [" ".join(p.tgt_tokens) for p in pairs]
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            eflomal.Aligner().align(
                src, tgt, links_filename_fwd=f"{tmp}/fwd", links_filename_rev=f"{tmp}/rev", quiet=True
            )
    seconds = time.perf_counter() - start
    kib = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    return {"seconds": seconds, "peak_rss_mb": kib / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n-extra", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worker", choices=["xproj", "direct"], help=argparse.SUPPRESS)
    parser.add_argument("--extra", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.extra, args.n_extra)))
        return
    results: dict[str, list[dict[str, float]]] = {"direct": [], "xproj": []}
    with tempfile.TemporaryDirectory() as tmp:
        extra = str(multi30k_enfr(Path(tmp)))
        for _ in range(args.repeat):
            for mode in results:
                command = [
                    sys.executable,
                    "-m",
                    "bench.bench_eflomal",
                    "--worker",
                    mode,
                    "--extra",
                    extra,
                    "--n-extra",
                    str(args.n_extra),
                ]
                out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
                results[mode].append(json.loads(out.strip().splitlines()[-1]))
    summary = {
        mode: {key: round(statistics.median(r[key] for r in runs), 2) for key in runs[0]}
        for mode, runs in results.items()
    }
    summary["ratio_xproj_over_direct"] = round(summary["xproj"]["seconds"] / summary["direct"]["seconds"], 3)
    print(json.dumps({"n_pairs": 447 + args.n_extra, "repeat": args.repeat, "runs": results, **summary}))


if __name__ == "__main__":
    main()
