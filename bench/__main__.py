"""Run every ``bench/bench_*.py`` module's ``main()`` in name order, then print a summary.

``bench_screen`` runs last: it writes docs/BENCHMARKS.md, which quotes what the others
printed in the same sitting (kept in ``bench.SITTING``). Exit status 1 when any benchmark
returned non-zero or raised. ``python -m bench validate`` runs only the modules whose name
contains one of the words given.
"""

from __future__ import annotations

import importlib
import io
import sys
import time
import traceback
from pathlib import Path

import bench

HERE = Path(__file__).resolve().parent
LAST = "bench_screen"


def modules(words: list[str]) -> list[str]:
    names = sorted((p.stem for p in HERE.glob("bench_*.py")), key=lambda n: (n == LAST, n))
    return [n for n in names if not words or any(w in n for w in words)]


class Tee(io.TextIOBase):
    """Writes to the terminal and keeps a copy."""

    def __init__(self, terminal: io.TextIOBase) -> None:
        self.terminal = terminal
        self.copy = io.StringIO()

    def write(self, text: str) -> int:
        self.terminal.write(text)
        return self.copy.write(text)

    def flush(self) -> None:
        self.terminal.flush()


def main(argv: list[str]) -> int:
    results: list[tuple[str, str, float]] = []
    for name in modules(argv):
        print(f"\n=== {name} ===", flush=True)
        start = time.perf_counter()
        terminal, tee = sys.stdout, Tee(sys.stdout)
        sys.stdout = tee
        try:
            code = importlib.import_module(f"bench.{name}").main()
            outcome = "ok" if code == 0 else f"ÉCHEC (code {code})"
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc(file=sys.stdout)
            outcome = "ÉCHEC (exception)"
        finally:
            sys.stdout = terminal
        seconds = time.perf_counter() - start
        bench.SITTING[name] = {"outcome": outcome, "seconds": seconds,
                               "output": tee.copy.getvalue()}
        results.append((name, outcome, seconds))
        sys.stdout.flush()
    print("\n=== résumé ===")
    for name, outcome, seconds in results:
        print(f"  {name:<24} {outcome:<20} {seconds:7.1f} s")
    if not results:
        print("  aucun benchmark trouvé")
        return 1
    return 0 if all(outcome == "ok" for _, outcome, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
