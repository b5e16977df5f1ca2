"""Run every benchmark script in this folder and print their figures.

    python benchmarks/run_all.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Scripts run a second time with these arguments as well.
AGAIN = {"bench_api.py": ["--concurrency", "20"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    args = parser.parse_args()
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        # Only the scripts that read the shared corpora take --shared.
        extra = ["--shared", args.shared] if "--shared" in script.read_text() else []
        for more in [[], *([AGAIN[script.name]] if script.name in AGAIN else [])]:
            if more:
                print(f"== {script.name} {' '.join(more)}", flush=True)
            result = subprocess.run([sys.executable, str(script), *extra, *more])
            status = status or result.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
