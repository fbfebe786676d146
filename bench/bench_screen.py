"""The kiosk against a Chromium kiosk, on the same virtual screen, in one sitting (issue 8).

Both programs show the same bundled flow: the kiosk itself, and an HTML page generated
from the same flow file (:mod:`bench.html_flow`) shown by Chromium in kiosk mode. Runs are
interleaved (kiosk, Chromium, kiosk…) after a warm-up launch of each, which also takes
the reference screenshots the pixels to wait for are chosen from. Everything is measured
from outside the programs (:mod:`bench.screen.measure`).

Writes ``docs/BENCHMARKS.md``, ``docs/benchmarks.png`` and the raw figures as
``docs/benchmarks/<date>.json``; exit status 1, and no figure for the row, when a
measurement did not happen.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kiosk.flows.loader import load_flows
from kiosk.flows.model import Flow, StepKind
from kiosk.settings import REPO_ROOT, load_settings

from . import html_flow
from .screen import machine, measure, programs, report
from .screen.pixels import XClient
from .screen.xserver import MeasureError, VirtualScreen

WIDTH, HEIGHT = 1280, 800
START_RUNS = 6
"""Counted launches of each program (after one warm-up launch)."""
WALK_SESSIONS = 4
TIMED_TAPS = 50
"""Timed taps on "Suivant" per session: 200 in all per program."""
SESSION_STEPS = 200
LAST_SESSION_STEPS = 1000
MANY_FLOWS = 50
WALK_KINDS = (StepKind.INFORMATION, StepKind.CHECKLIST)
"""Steps whose "Suivant" always leads on (no answer to choose, nothing to type)."""
DOCS = REPO_ROOT / "docs"


def linear_part(flow: Flow) -> list[str]:
    """Ids of the steps from the start that "Suivant" walks through, in order."""
    ids: list[str] = []
    step = flow.start
    while step.kind in WALK_KINDS and step.id not in ids:
        ids.append(step.id)
        if not step.next:
            break
        step = flow.step(step.next)
    return ids


def pick_flow(flows: dict[str, Flow]) -> Flow:
    """The bundled flow with the longest walk by "Suivant" from its start (then by id)."""
    return max(sorted(flows.values(), key=lambda f: f.id), key=lambda f: len(linear_part(f)))


_ID_LINE = re.compile(r"^id:.*$", re.MULTILINE)


def many_flows(originals: list[Path], folder: Path, count: int) -> None:
    """``count`` valid flow files: copies of the bundled ones with new ids."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        original = originals[number % len(originals)]
        text = _ID_LINE.sub(f"id: {original.stem[:50]}-{number:02d}", original.read_text(
            encoding="utf-8"), count=1)
        (folder / f"{number:02d}-{original.name}").write_text(text, encoding="utf-8")


class Sitting:
    """The figures of one sitting, and what failed (with the reason)."""

    def __init__(self) -> None:
        self.results: dict = {"start": {}, "taps": {}, "memory_steps": {}, "failures": {}}

    def attempt(self, rows: tuple[str, ...], action: Callable[[], object]) -> object | None:
        try:
            return action()
        except MeasureError as error:
            for row in rows:
                self.results["failures"].setdefault(row, str(error))
            print(f"ÉCHEC ({', '.join(rows)}) : {error}", flush=True)
            return None


def run_screen(work: Path, sitting: Sitting) -> None:
    settings = load_settings()
    flows_dir, assets = settings.path("flows_dir"), settings.path("assets_dir")
    flowset = load_flows(flows_dir, assets)
    if not flowset.flows:
        raise MeasureError("aucun parcours valable dans config/flows : rien à mesurer.")
    flow = pick_flow(flowset.flows)
    length = len(linear_part(flow))
    if length < 2:
        raise MeasureError(f"le parcours {flow.id} n'a pas deux étapes de suite à parcourir.")
    page = work / "parcours.html"
    page.write_text(html_flow.page(flow, assets, WIDTH, HEIGHT), encoding="utf-8")
    many = work / "flows-50"
    many_flows(sorted(p for p in flows_dir.glob("*.yaml")
                      if p.stem in {f.source.stem for f in flowset.flows.values() if f.source}),
               many, MANY_FLOWS)
    loaded = load_flows(many, assets)
    if len(loaded.flows) != MANY_FLOWS or loaded.errors:
        raise MeasureError(f"{len(loaded.flows)} parcours valables sur {MANY_FLOWS} copiés.")
    config = work / "kiosk-50.toml"
    config.write_text(f'flows_dir = "{many}"\nassets_dir = "{assets}"\n'
                      f'data_dir = "{work / "data-50"}"\n', encoding="utf-8")
    results = sitting.results
    results.update(flow=flow.id, walk_steps=length, page_bytes=page.stat().st_size,
                   flows_bundled=len(flowset.flows))
    print(f"parcours {flow.id} : {length} étapes de suite par « Suivant » ; page HTML de "
          f"{page.stat().st_size / 1024:.0f} Ko", flush=True)

    programs.compile_kiosk(REPO_ROOT)
    kiosk_home = programs.kiosk(REPO_ROOT, work / "data", WIDTH, HEIGHT)
    kiosk_many = programs.kiosk(REPO_ROOT, work / "data-50", WIDTH, HEIGHT, config=config,
                                name="kiosk50", label=f"borne ({MANY_FLOWS} parcours)")
    # The voice starts (its worker is measured) but the visitor's sound is off: a step being
    # read animates its « Répéter » button, and the screen must hold still to be probed.
    silent = work / "kiosk-walk.toml"
    silent.write_text(f'flows_dir = "{flows_dir}"\nassets_dir = "{assets}"\n'
                      f'data_dir = "{work / "data-walk"}"\nspeech_enabled = false\n',
                      encoding="utf-8")
    kiosk_walk = programs.kiosk(REPO_ROOT, work / "data-walk", WIDTH, HEIGHT, flow=flow.id,
                                config=silent, name="kiosk-walk")
    chromium = programs.chromium(page, work / "chromium-profile", WIDTH, HEIGHT)
    results["programs"] = {p.name: p.command for p in (kiosk_home, kiosk_many, kiosk_walk,
                                                       chromium)}
    starters = {"kiosk": kiosk_home, "chromium": chromium, "kiosk50": kiosk_many}
    start_rows = {"kiosk": ("start", "memory_5s", "processes"),
                  "chromium": ("start", "start_50", "memory_5s", "processes"),
                  "kiosk50": ("start_50",)}
    walk_rows = ("tap", "memory_200", "memory_1000")

    logs = work / "logs"
    logs.mkdir()
    with VirtualScreen(WIDTH, HEIGHT) as screen, XClient(screen.display) as client:
        bench = measure.Bench(client, screen.environment(), logs)
        print(f"écran virtuel {screen.display} {WIDTH}x{HEIGHT} ; lancements d'essai et "
              "captures de référence…", flush=True)
        first = {}
        for name, program in starters.items():
            probes_found = sitting.attempt(start_rows[name],
                                           lambda p=program: measure.calibrate_start(bench, p))
            if probes_found is not None:
                first[name] = probes_found
        walks = {}
        for name, program in (("kiosk", kiosk_walk), ("chromium", chromium)):
            walk = sitting.attempt(walk_rows, lambda p=program: measure.calibrate_walk(
                bench, p, length))
            if walk is not None:
                walks[name] = walk

        for number in range(1, START_RUNS + 1):
            for name, program in starters.items():
                if name not in first:
                    continue
                run = sitting.attempt(start_rows[name], lambda p=program, n=name: (
                    measure.start_run(bench, p, first[n])))
                if run is None:
                    first.pop(name)
                    continue
                results["start"].setdefault(name, []).append(run.__dict__)
                print(f"  lancement {number}/{START_RUNS} {program.label:<22} "
                      f"{run.start_ms:7.0f} ms  {run.pss_mib:6.0f} Mio  {run.processes} "
                      "processus", flush=True)

        for number in range(1, WALK_SESSIONS + 1):
            last = number == WALK_SESSIONS
            steps = LAST_SESSION_STEPS if last else SESSION_STEPS
            marks = (SESSION_STEPS, LAST_SESSION_STEPS) if last else (SESSION_STEPS,)
            for name, program in (("kiosk", kiosk_walk), ("chromium", chromium)):
                if name not in walks:
                    continue
                started = time.perf_counter()
                walked = sitting.attempt(walk_rows, lambda p=program, n=name, s=steps, m=marks: (
                    measure.walk_run(bench, p, walks[n], TIMED_TAPS, s, m)))
                if walked is None:
                    walks.pop(name)
                    continue
                results["taps"].setdefault(name, []).extend(walked.taps_ms)
                for mark, (pss, count) in walked.memory.items():
                    results["memory_steps"].setdefault(name, {}).setdefault(str(mark), []).append(
                        {"pss_mib": pss, "processes": count})
                taps = sorted(walked.taps_ms)
                print(f"  parcours {number}/{WALK_SESSIONS} {program.label:<22} "
                      f"{len(taps)} touchers, médiane {taps[len(taps) // 2]:6.1f} ms ; "
                      + " ; ".join(f"{pss:.0f} Mio après {mark} étapes"
                                   for mark, (pss, _) in walked.memory.items())
                      + f"  ({time.perf_counter() - started:.0f} s)", flush=True)


def others() -> dict:
    """What the other benchmark modules printed in this sitting (``python -m bench``)."""
    import bench

    return {name: dict(entry) for name, entry in getattr(bench, "SITTING", {}).items()
            if name != "bench_screen"}


def main() -> int:
    started = time.perf_counter()
    when = datetime.now(UTC)
    sitting = Sitting()
    results = sitting.results
    results.update(when=when.isoformat(timespec="seconds"), machine=machine.describe(),
                   load_before=os.getloadavg())
    work = Path(tempfile.mkdtemp(prefix="kiosk-bench-screen-"))
    try:
        results["versions"] = machine.versions()
        run_screen(work, sitting)
    except MeasureError as error:
        results["failures"].setdefault("all", str(error))
        print(f"ÉCHEC : {error}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["load_after"] = os.getloadavg()
    results["seconds"] = time.perf_counter() - started
    results["method"] = {
        "screen": f"{WIDTH}x{HEIGHT}x24 Xvfb", "start_runs": START_RUNS,
        "walk_sessions": WALK_SESSIONS, "timed_taps_per_session": TIMED_TAPS,
        "session_steps": SESSION_STEPS, "last_session_steps": LAST_SESSION_STEPS,
        "poll_ms": measure.probes.POLL_S * 1000, "many_flows": MANY_FLOWS,
        "timed_tap_pause_ms": measure.TIMED_TAP_PAUSE_S * 1000,
        "memory_after_s": measure.MEMORY_AFTER_S, "kiosk_bytecode": "compileall",
        "chromium_flags": [flag.format(width=WIDTH, height=HEIGHT)
                           for flag in programs.CHROMIUM_FLAGS]}
    results["others"] = others()
    stamp = when.strftime("%Y-%m-%dT%H%M%SZ")
    raw = DOCS / "benchmarks" / f"{stamp}.json"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    chart_problem = report.write(results, DOCS, raw)
    print(report.summary(results))
    print(f"écrit : docs/BENCHMARKS.md, docs/benchmarks.png, "
          f"{raw.relative_to(REPO_ROOT)} ({results['seconds']:.0f} s)")
    if chart_problem:
        print(f"ÉCHEC : graphique non dessiné ({chart_problem})")
    failed = bool(results["failures"]) or bool(chart_problem)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
