"""Run every ``bench/bench_*.py`` module's ``main()`` in name order, then print a summary.

Exit status 1 when any benchmark returned non-zero or raised. ``python -m bench validate``
runs only the modules whose name contains one of the words given.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def modules(words: list[str]) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    return [n for n in names if not words or any(w in n for w in words)]


def main(argv: list[str]) -> int:
    results: list[tuple[str, str, float]] = []
    for name in modules(argv):
        print(f"\n=== {name} ===", flush=True)
        start = time.perf_counter()
        try:
            code = importlib.import_module(f"bench.{name}").main()
            outcome = "ok" if code == 0 else f"ÉCHEC (code {code})"
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            outcome = "ÉCHEC (exception)"
        results.append((name, outcome, time.perf_counter() - start))
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
