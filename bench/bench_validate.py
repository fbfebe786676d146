"""Loading and validating 200 flow files (target: under 1 s for all of them).

The files are copies of the bundled flows (``config/flows``) with new ids, or of the test
example when there are none. Each run is a full ``load_flows`` on the folder: YAML reading,
every check, pictures' headers, FALC warnings. The same is measured with PyYAML's
pure-Python reader instead of libyaml, to show what the fast reader brings.
"""

from __future__ import annotations

import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from kiosk.flows import yamlnodes
from kiosk.flows.loader import load_flows
from kiosk.settings import REPO_ROOT, load_settings

FILES = 200
RUNS = 9
TARGET_S = 1.0
_ID_LINE = re.compile(r"^id:.*$", re.MULTILINE)


def sources() -> tuple[list[Path], Path]:
    settings = load_settings()
    assets = settings.path("assets_dir")
    folder = settings.path("flows_dir")
    bundled = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    good = [p for p in bundled if not load_flows(p, assets).errors]
    if good:
        return good, assets
    print("aucun parcours livré sans erreur : copies de tests/flows/complet.yaml")
    return [REPO_ROOT / "tests" / "flows" / "complet.yaml"], REPO_ROOT / "tests" / "assets"


def make_copies(originals: list[Path], folder: Path) -> int:
    size = 0
    for number in range(FILES):
        original = originals[number % len(originals)]
        text = original.read_text(encoding="utf-8")
        text = _ID_LINE.sub(f"id: {original.stem[:50]}-copie-{number}", text, count=1)
        target = folder / f"{number:03d}-{original.name}"
        target.write_text(text, encoding="utf-8")
        size += target.stat().st_size
    return size


def measure(folder: Path, assets: Path) -> tuple[list[float], int, int]:
    load_flows(folder, assets)  # warm-up: imports, file cache
    times = []
    flows = errors = 0
    for _ in range(RUNS):
        start = time.perf_counter()
        result = load_flows(folder, assets)
        times.append(time.perf_counter() - start)
        flows, errors = len(result.flows), len(result.errors)
    return times, flows, errors


def report(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(f"  {label:<28} médiane {median * 1000:7.1f} ms  (min {min(times) * 1000:6.1f} – "
          f"max {max(times) * 1000:6.1f})  {median / TARGET_S:5.2f} × cible  "
          f"{median / FILES * 1000:5.2f} ms par fichier")
    return median


def main() -> int:
    originals, assets = sources()
    folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-validate-"))
    try:
        size = make_copies(originals, folder)
        print(f"{FILES} fichiers ({size / 1024:.0f} Ko) copiés de {len(originals)} parcours ; "
              f"{RUNS} essais ; cible < {TARGET_S:.0f} s pour tout charger et vérifier")
        times, flows, errors = measure(folder, assets)
        if flows != FILES or errors:
            print(f"ÉCHEC : {flows} parcours chargés sur {FILES}, {errors} erreurs")
            return 1
        fast = report("libyaml (normal)", times)
        saved = yamlnodes._FAST_LOADER
        yamlnodes._FAST_LOADER = None
        try:
            slow_times, slow_flows, _ = measure(folder, assets)
        finally:
            yamlnodes._FAST_LOADER = saved
        if slow_flows != FILES:
            print(f"ÉCHEC : lecteur Python, {slow_flows} parcours chargés sur {FILES}")
            return 1
        slow = report("PyYAML pur Python", slow_times)
        print(f"  libyaml est {slow / fast:.1f} fois plus rapide ; "
              f"{'dans' if fast < TARGET_S else 'AU-DESSUS de'} la cible")
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)
