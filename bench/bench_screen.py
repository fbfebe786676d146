"""The kiosk against a Chromium kiosk, on the same virtual screen, in one sitting (issues 8, 14).

Both programs show the same bundled flows: the kiosk itself, and an HTML page generated
from the same flow files (:mod:`bench.html_flow`: home screen, tiles, steps, practice
keyboards, the « Revenir à l'accueil ? » question) shown by Chromium in kiosk mode. Every
kind of tap is timed (« Suivant », an answer, « Retour », a home tile, a key of the practice
keyboard, « Accueil » and its confirmation), with launch time (also with 50 flows) and memory.
Runs are interleaved (kiosk, Chromium, kiosk…) after a warm-up launch of each, which also
takes the reference screenshots the pixels to wait for are chosen from, and finds where to
tap (:mod:`bench.screen.finders`). Everything is measured from outside the programs
(:mod:`bench.screen.measure`).

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
from kiosk.flows.model import Flow, PracticeCheck, Step, StepKind
from kiosk.settings import REPO_ROOT, load_settings

from . import html_flow
from .screen import finders, machine, measure, programs, report
from .screen.pixels import XClient
from .screen.xserver import MeasureError, VirtualScreen

WIDTH, HEIGHT = 1280, 800
START_RUNS = 6
"""Counted launches of each program (after one warm-up launch)."""
WALK_SESSIONS = 4
TIMED_TAPS = 50
"""Timed taps on « Suivant », and on « Retour », per walk session: 200 of each per program."""
SESSION_STEPS = 200
LAST_SESSION_STEPS = 1000
ROUTE_SESSIONS = 3
ROUTE_CYCLES = 25
"""Cycles of each route per session: 75 timed taps of each other kind per program."""
MANY_FLOWS = 50
WALK_KINDS = (StepKind.INFORMATION, StepKind.CHECKLIST)
"""Steps whose "Suivant" always leads on (no answer to choose, nothing to type)."""
LETTER_KEYBOARD = "texte"
"""The practice keyboard whose first key is a letter (« a » in AZERTY, « q » in QWERTY)."""
TAP_KINDS = ("next", "answer", "back", "tile", "key", "home", "home_yes")
"""Every kind of tap timed, in the order of the report."""
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


def path_to(flow: Flow, wanted: Callable[[Step], bool]) -> list[str] | None:
    """Ids of the steps "Suivant" goes through from the start before the first step that is
    ``wanted`` (None when "Suivant" never reaches one)."""
    ids: list[str] = []
    step = flow.start
    while not wanted(step):
        if not step.next or step.id in ids or step.kind is StepKind.QUESTION:
            return None
        ids.append(step.id)
        step = flow.step(step.next)
    return ids


def _nearest(flows: dict[str, Flow], wanted: Callable[[Step], bool]) -> tuple[Flow, int] | None:
    found = [(len(path), flow.id, flow) for flow in flows.values()
             if (path := path_to(flow, wanted)) is not None]
    if not found:
        return None
    steps, _, flow = min(found, key=lambda item: item[:2])
    return flow, steps


def is_plain_question(step: Step) -> bool:
    """A question whose first answer is the first white thing below its title (no picture)."""
    return step.kind is StepKind.QUESTION and bool(step.answers) and step.picture is None


def is_letter_practice(step: Step) -> bool:
    """A practice step typed on the letter keyboard (no picture above its answer field)."""
    practice = step.practice
    return (step.kind is StepKind.PRACTICE and practice is not None and step.picture is None
            and practice.keyboard == LETTER_KEYBOARD
            and practice.check is not PracticeCheck.PASSWORD)


def pick_question(flows: dict[str, Flow]) -> tuple[Flow, int] | None:
    """The flow whose plain question is the fewest « Suivant » from its start (then by id),
    and that number of taps."""
    return _nearest(flows, is_plain_question)


def pick_typing(flows: dict[str, Flow]) -> tuple[Flow, int] | None:
    """The same for a practice step typed on the letter keyboard."""
    return _nearest(flows, is_letter_practice)


NEXT = measure.Tap("Suivant", finders.next_button)


def routes(question: tuple[Flow, int] | None,
           typing: tuple[Flow, int] | None) -> dict[str, tuple[str | None, measure.Route]]:
    """Each route by name: (the flow it starts in, or None for the home screen; the route)."""
    found: dict[str, tuple[str | None, measure.Route]] = {
        "home": (None, measure.Route("accueil", (), (
            measure.Tap("tuile", finders.tile, "tile"), NEXT,
            measure.Tap("Accueil", finders.home_button, "home"),
            measure.Tap("Oui, revenir à l'accueil", finders.confirm_button, "home_yes"))))}
    if question is not None:
        flow, steps = question
        found["answer"] = (flow.id, measure.Route("réponse", (NEXT,) * steps, (
            measure.Tap("première réponse", finders.answer, "answer"),
            measure.Tap("Retour", finders.back_button))))
    if typing is not None:
        flow, steps = typing
        found["key"] = (flow.id, measure.Route("clavier", (NEXT,) * steps + (
            measure.Tap("champ de réponse", finders.answer_field),), (
            measure.Tap("première touche", finders.key, "key"),
            measure.Tap("Tout effacer", finders.erase_all_button))))
    return found


ROUTE_ROWS = {"home": ("tap_tile", "tap_home", "tap_home_yes"), "answer": ("tap_answer",),
              "key": ("tap_key",)}


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

    def add_taps(self, kind: str, program: str, values: list[float]) -> None:
        self.results["taps"].setdefault(kind, {}).setdefault(program, []).extend(values)


def _silent_config(work: Path, name: str, flows_dir: Path, assets: Path) -> Path:
    """A configuration with the visitor's sound off: a step being read animates its
    « Répéter » button, and the screen must hold still to be probed (the voice still starts,
    its worker process is measured)."""
    path = work / f"{name}.toml"
    path.write_text(f'flows_dir = "{flows_dir}"\nassets_dir = "{assets}"\n'
                    f'data_dir = "{work / name}"\nspeech_enabled = false\n', encoding="utf-8")
    return path


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


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
    page.write_text(html_flow.site(list(flowset.flows.values()), assets, WIDTH, HEIGHT),
                    encoding="utf-8")
    many = work / "flows-50"
    many_flows(sorted(p for p in flows_dir.glob("*.yaml")
                      if p.stem in {f.source.stem for f in flowset.flows.values() if f.source}),
               many, MANY_FLOWS)
    loaded = load_flows(many, assets)
    if len(loaded.flows) != MANY_FLOWS or loaded.errors:
        raise MeasureError(f"{len(loaded.flows)} parcours valables sur {MANY_FLOWS} copiés.")
    page_50 = work / "parcours-50.html"
    page_50.write_text(html_flow.site(list(loaded.flows.values()), assets, WIDTH, HEIGHT),
                       encoding="utf-8")
    config = work / "kiosk-50.toml"
    config.write_text(f'flows_dir = "{many}"\nassets_dir = "{assets}"\n'
                      f'data_dir = "{work / "data-50"}"\n', encoding="utf-8")
    results = sitting.results
    question, typing = pick_question(flowset.flows), pick_typing(flowset.flows)
    results.update(flow=flow.id, walk_steps=length, page_bytes=page.stat().st_size,
                   page_50_bytes=page_50.stat().st_size, flows_bundled=len(flowset.flows),
                   question_flow=question and [question[0].id, question[1]],
                   typing_flow=typing and [typing[0].id, typing[1]])
    print(f"parcours {flow.id} : {length} étapes de suite par « Suivant » ; page HTML de "
          f"{page.stat().st_size / 1024:.0f} Ko ({len(flowset.flows)} parcours), "
          f"{page_50.stat().st_size / 1024:.0f} Ko ({MANY_FLOWS} parcours)", flush=True)
    if question is None:
        sitting.results["failures"]["tap_answer"] = ("aucune question sans image atteinte par "
                                                     "« Suivant » dans les parcours fournis")
    if typing is None:
        sitting.results["failures"]["tap_key"] = ("aucun exercice au clavier « texte » atteint "
                                                  "par « Suivant » dans les parcours fournis")

    programs.compile_kiosk(REPO_ROOT)
    kiosk_home = programs.kiosk(REPO_ROOT, work / "data", WIDTH, HEIGHT)
    kiosk_many = programs.kiosk(REPO_ROOT, work / "data-50", WIDTH, HEIGHT, config=config,
                                name="kiosk50", label=f"borne ({MANY_FLOWS} parcours)")
    profile = work / "chromium-profile"
    chromium = programs.chromium(page, profile, WIDTH, HEIGHT)
    chromium_many = programs.chromium(page_50, profile, WIDTH, HEIGHT, name="chromium50",
                                      label=f"Chromium ({MANY_FLOWS} parcours)")

    def silent_kiosk(name: str, flow_id: str | None) -> programs.Program:
        silent = _silent_config(work, name, flows_dir, assets)
        return programs.kiosk(REPO_ROOT, work / name, WIDTH, HEIGHT, flow=flow_id,
                              config=silent, name=name)

    kiosk_walk = silent_kiosk("kiosk-walk", flow.id)
    chromium_walk = programs.chromium(page, profile, WIDTH, HEIGHT, flow=flow.id,
                                      name="chromium-walk")
    route_programs = {}
    for route_name, (flow_id, route) in routes(question, typing).items():
        route_programs[route_name] = (route, {
            "kiosk": silent_kiosk(f"kiosk-{route_name}", flow_id),
            "chromium": programs.chromium(page, profile, WIDTH, HEIGHT, flow=flow_id,
                                          name=f"chromium-{route_name}")})
    every = [kiosk_home, kiosk_many, chromium, chromium_many, kiosk_walk, chromium_walk]
    every += [p for _, pair in route_programs.values() for p in pair.values()]
    results["programs"] = {p.name: p.command for p in every}
    starters = {"kiosk": kiosk_home, "chromium": chromium, "kiosk50": kiosk_many,
                "chromium50": chromium_many}
    start_rows = {"kiosk": ("start", "memory_5s", "processes"),
                  "chromium": ("start", "memory_5s", "processes"),
                  "kiosk50": ("start_50",), "chromium50": ("start_50",)}
    walk_rows = ("tap_next", "tap_back", "memory_200", "memory_1000")

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
        for name, program in (("kiosk", kiosk_walk), ("chromium", chromium_walk)):
            walk = sitting.attempt(walk_rows, lambda p=program: measure.calibrate_walk(
                bench, p, length))
            if walk is not None:
                walks[name] = walk
        calibrated = {}
        for route_name, (route, pair) in route_programs.items():
            for name, program in pair.items():
                found = sitting.attempt(ROUTE_ROWS[route_name], lambda p=program, r=route: (
                    measure.calibrate_route(bench, p, r)))
                if found is not None:
                    calibrated[(route_name, name)] = found

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
            for name, program in (("kiosk", kiosk_walk), ("chromium", chromium_walk)):
                if name not in walks:
                    continue
                started = time.perf_counter()
                walked = sitting.attempt(walk_rows, lambda p=program, n=name, s=steps, m=marks: (
                    measure.walk_run(bench, p, walks[n], TIMED_TAPS, s, m)))
                if walked is None:
                    walks.pop(name)
                    continue
                sitting.add_taps("next", name, walked.taps_ms)
                sitting.add_taps("back", name, walked.back_ms)
                for mark, (pss, count) in walked.memory.items():
                    results["memory_steps"].setdefault(name, {}).setdefault(str(mark), []).append(
                        {"pss_mib": pss, "processes": count})
                print(f"  parcours {number}/{WALK_SESSIONS} {program.label:<22} "
                      f"« Suivant » médiane {_median(walked.taps_ms):6.1f} ms, « Retour » "
                      f"{_median(walked.back_ms):6.1f} ms ; "
                      + " ; ".join(f"{pss:.0f} Mio après {mark} étapes"
                                   for mark, (pss, _) in walked.memory.items())
                      + f"  ({time.perf_counter() - started:.0f} s)", flush=True)

        for number in range(1, ROUTE_SESSIONS + 1):
            for route_name, (route, pair) in route_programs.items():
                for name, program in pair.items():
                    if (route_name, name) not in calibrated:
                        continue
                    started = time.perf_counter()
                    times = sitting.attempt(ROUTE_ROWS[route_name], lambda p=program, c=(
                        calibrated[(route_name, name)]): measure.route_run(
                            bench, p, c, ROUTE_CYCLES))
                    if times is None:
                        calibrated.pop((route_name, name))
                        continue
                    for kind, values in times.items():
                        sitting.add_taps(kind, name, values)
                    print(f"  {route.name} {number}/{ROUTE_SESSIONS} {program.label:<22} "
                          + " ; ".join(f"{kind} médiane {_median(values):6.1f} ms"
                                       for kind, values in times.items())
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
    results["commit"] = machine.commit(REPO_ROOT)
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
        "route_sessions": ROUTE_SESSIONS, "route_cycles": ROUTE_CYCLES,
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
