"""docs/BENCHMARKS.md and its chart, from the raw figures of one sitting."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .stats import Summary, ratio

OTHER_BENCHES = (("bench_lines", "Lines of code: kiosk/ui/ and the whole package"),
                 ("bench_validate", "Loading and validating 200 flow files"),
                 ("bench_speech", "Speech: request to audio playing"),
                 ("bench_usage", "Counsellor figures on 1,000,000 usage events"))


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    unit: str
    target: float | None = None
    """Highest kiosk/Chromium ratio allowed (None: no ratio target)."""
    budget: float | None = None
    """Highest kiosk value allowed, in ``unit`` (None: no budget)."""


ROWS = (
    Row("start", "Launch → first pixel of the home screen (bundled flows)", "ms", target=1.0),
    Row("start_50", "Launch → first pixel of the home screen, 50 flows (page 1 of the tiles)",
        "ms", target=1.0),
    Row("memory_5s", "Memory, PSS of all processes, 5 s after launch", "MiB"),
    Row("memory_200", "Memory, PSS of all processes, after 200 steps", "MiB"),
    Row("memory_1000", "Memory, PSS of all processes, after 1,000 steps", "MiB", budget=250.0),
    Row("processes", "Processes (5 s after launch)", ""),
)

TAP_BUDGET_MS = 50.0
"""Budget of every kind of tap on this software-rendered machine: 95th percentile (issue 14)."""
TAP_KINDS = (
    ("next", "« Suivant » → the next step"),
    ("answer", "An answer of a question → the step it leads to"),
    ("back", "« Retour » → the step before"),
    ("tile", "A home tile → the flow's first step"),
    ("key", "A key of the practice keyboard (« a ») → the letter in the typed field"),
    ("home", "« Accueil » on step 2 → « Revenir à l'accueil ? »"),
    ("home_yes", "« Oui, revenir à l'accueil » → the home screen"),
)


def samples(results: dict, key: str) -> tuple[list[float], list[float]]:
    """(kiosk values, Chromium values) of a row."""
    start = results.get("start", {})
    steps = results.get("memory_steps", {})

    def field(name: str, column: str) -> list[float]:
        return [run[column] for run in start.get(name, [])]

    def after(name: str, mark: str) -> list[float]:
        return [entry["pss_mib"] for entry in steps.get(name, {}).get(mark, [])]

    if key == "start":
        return field("kiosk", "start_ms"), field("chromium", "start_ms")
    if key == "start_50":
        return field("kiosk50", "start_ms"), field("chromium50", "start_ms")
    if key == "memory_5s":
        return field("kiosk", "pss_mib"), field("chromium", "pss_mib")
    if key == "memory_200":
        return after("kiosk", "200"), after("chromium", "200")
    if key == "memory_1000":
        return after("kiosk", "1000"), after("chromium", "1000")
    if key == "processes":
        return field("kiosk", "processes"), field("chromium", "processes")
    if key.startswith("tap_"):
        taps = results.get("taps", {}).get(key.removeprefix("tap_"), {})
        return list(taps.get("kiosk", [])), list(taps.get("chromium", []))
    raise KeyError(key)


@dataclass(frozen=True)
class Line:
    row: Row
    kiosk: Summary | None
    chromium: Summary | None
    ratio: float | None
    met: bool | None
    failure: str | None


def _failure(results: dict, key: str) -> str | None:
    failures = results.get("failures", {})
    return failures.get(key) or failures.get("all")


def lines(results: dict) -> list[Line]:
    found = []
    for row in ROWS:
        failure = _failure(results, row.key)
        kiosk_values, chromium_values = samples(results, row.key)
        if failure is None and not (kiosk_values and chromium_values):
            failure = "no figure recorded"
        if failure is not None:
            found.append(Line(row, None, None, None, None, failure))
            continue
        kiosk, chromium = Summary.of(kiosk_values), Summary.of(chromium_values)
        value = ratio(kiosk.median, chromium.median)
        met = None
        if row.target is not None:
            met = value <= row.target
        elif row.budget is not None:
            met = kiosk.median <= row.budget
        found.append(Line(row, kiosk, chromium, value, met, None))
    return found


@dataclass(frozen=True)
class TapLine:
    kind: str
    label: str
    kiosk: Summary | None
    chromium: Summary | None
    failure: str | None

    @property
    def met(self) -> bool | None:
        """Kiosk 95th percentile within :data:`TAP_BUDGET_MS` (None: not measured)."""
        return None if self.kiosk is None else self.kiosk.p95 <= TAP_BUDGET_MS

    @property
    def ratio_median(self) -> float | None:
        if self.kiosk is None or self.chromium is None:
            return None
        return ratio(self.kiosk.median, self.chromium.median)

    @property
    def ratio_p95(self) -> float | None:
        if self.kiosk is None or self.chromium is None:
            return None
        return ratio(self.kiosk.p95, self.chromium.p95)


def tap_lines(results: dict) -> list[TapLine]:
    found = []
    for kind, label in TAP_KINDS:
        failure = _failure(results, f"tap_{kind}")
        kiosk_values, chromium_values = samples(results, f"tap_{kind}")
        if failure is None and not (kiosk_values and chromium_values):
            failure = "no figure recorded"
        if failure is not None:
            found.append(TapLine(kind, label, None, None, failure))
            continue
        found.append(TapLine(kind, label, Summary.of(kiosk_values), Summary.of(chromium_values),
                             None))
    return found


def _figure(summary: Summary, unit: str) -> str:
    digits = 1 if unit == "ms" and summary.median < 100 else 0
    text = f"{summary.median:.{digits}f} {unit}".strip()
    return f"{text} ({summary.low:.{digits}f}–{summary.high:.{digits}f}, n={summary.count})"


def _verdict(met: bool | None) -> str:
    return "—" if met is None else ("**yes**" if met else "**NO**")


def tap_table(results: dict) -> str:
    out = ["| Tap → pixels of the screen it leads to | Kiosk: median / p95 (n) | "
           "Chromium: median / p95 (n) | Ratio of medians | Ratio of p95 | "
           f"Budget: kiosk p95 ≤ {TAP_BUDGET_MS:.0f} ms | Met? |",
           "|---|---|---|---|---|---|---|"]
    for line in tap_lines(results):
        budget = f"≤ {TAP_BUDGET_MS:.0f} ms"
        if line.failure is not None:
            out.append(f"| {line.label} | **not measured**: {line.failure} | — | — | — | "
                       f"{budget} | not measured |")
            continue
        assert line.kiosk is not None and line.chromium is not None
        out.append(f"| {line.label} | {line.kiosk.median:.1f} / {line.kiosk.p95:.1f} ms "
                   f"(n={line.kiosk.count}) | {line.chromium.median:.1f} / "
                   f"{line.chromium.p95:.1f} ms (n={line.chromium.count}) | "
                   f"{line.ratio_median:.2f}× | {line.ratio_p95:.2f}× | {budget} | "
                   f"{_verdict(line.met)} |")
    return "\n".join(out)


def table(results: dict) -> str:
    out = ["| Measure | Kiosk: median (min–max, n) | Chromium: median (min–max, n) | "
           "Ratio kiosk/Chromium | Target | Met? |",
           "|---|---|---|---|---|---|"]
    for line in lines(results):
        row = line.row
        if row.target is not None:
            target = f"ratio ≤ {row.target:.1f}×"
        elif row.budget is not None:
            target = f"≤ {row.budget:.0f} {row.unit}"
        else:
            target = "—"
        if line.failure is not None:
            out.append(f"| {row.label} | **not measured**: {line.failure} | — | — | {target} "
                       "| not measured |")
            continue
        assert line.kiosk is not None and line.chromium is not None and line.ratio is not None
        out.append(f"| {row.label} | {_figure(line.kiosk, row.unit)} | "
                   f"{_figure(line.chromium, row.unit)} | {line.ratio:.2f}× | "
                   f"{target} | {_verdict(line.met)} |")
    return "\n".join(out)


def summary(results: dict) -> str:
    text = ["", "Borne contre Chromium (même séance), toucher → pixels de l'écran suivant :"]
    for tap in tap_lines(results):
        if tap.failure is not None:
            text.append(f"  {tap.kind:<10} PAS DE MESURE : {tap.failure}")
            continue
        assert tap.kiosk is not None and tap.chromium is not None
        verdict = "budget tenu" if tap.met else "budget MANQUÉ"
        text.append(f"  {tap.kind:<10} borne médiane {tap.kiosk.median:6.1f} p95 "
                    f"{tap.kiosk.p95:6.1f} ms ; Chromium médiane {tap.chromium.median:6.1f} "
                    f"p95 {tap.chromium.p95:6.1f} ms ; p95 ≤ {TAP_BUDGET_MS:.0f} ms : {verdict}")
    text.append("Lancement et mémoire :")
    for line in lines(results):
        if line.failure is not None:
            text.append(f"  {line.row.key:<12} PAS DE MESURE : {line.failure}")
            continue
        assert line.kiosk is not None and line.chromium is not None
        verdict = "" if line.met is None else ("  cible atteinte" if line.met
                                               else "  cible MANQUÉE")
        text.append(f"  {line.row.key:<12} médiane borne {line.kiosk.median:8.1f}  Chromium "
                    f"{line.chromium.median:8.1f}  rapport {line.ratio:5.2f}×{verdict}")
    return "\n".join(text)


def chart(results: dict, path: Path) -> str | None:
    """Draw the distributions; the reason when it could not be drawn, else None."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib manque : make bench l'installe (pip install -e '.[bench]')"
    kiosk_colour, chromium_colour, many_colour = "#0B3D91", "#8E1B10", "#5A7DBE"
    many_chromium = "#C0645A"
    figure, axes = plt.subplots(1, 3, figsize=(16, 5.5), dpi=100,
                                gridspec_kw={"width_ratios": [1.1, 2.2, 1.1]})
    start_k, start_c = samples(results, "start")
    start_50, _ = samples(results, "start_50")
    _, chromium_50 = samples(results, "start_50")
    groups = [("kiosk", start_k, kiosk_colour), ("Chromium", start_c, chromium_colour),
              ("kiosk\n50 flows", start_50, many_colour),
              ("Chromium\n50 flows", chromium_50, many_chromium)]
    _strip(axes[0], groups, "Launch → first pixel (ms)")
    _taps(axes[1], results, kiosk_colour, chromium_colour)
    labels = ("5 s", "200 steps", "1,000 steps")
    keys = ("memory_5s", "memory_200", "memory_1000")
    width = 0.38
    highest = 0.0
    for index, key in enumerate(keys):
        kiosk_values, chromium_values = samples(results, key)
        for offset, values, colour in ((-width / 2, kiosk_values, kiosk_colour),
                                       (width / 2, chromium_values, chromium_colour)):
            if values:
                highest = max(highest, *values)
                ordered = sorted(values)
                axes[2].bar(index + offset, ordered[len(ordered) // 2], width, color=colour,
                            alpha=0.35)
                axes[2].scatter([index + offset] * len(values), values, color=colour, s=12,
                                zorder=3)
    axes[2].set_xticks(range(len(keys)), labels)
    axes[2].set_title("Memory, PSS of all processes (MiB)", fontsize=11)
    axes[2].legend(handles=[plt.Rectangle((0, 0), 1, 1, color=kiosk_colour, alpha=0.6),
                            plt.Rectangle((0, 0), 1, 1, color=chromium_colour, alpha=0.6)],
                   labels=["kiosk", "Chromium"], loc="upper left")
    axes[2].set_ylim(0, highest * 1.3 or 1)  # room for the legend above the bars
    figure.suptitle(f"Kiosk vs Chromium --kiosk, same sitting ({results.get('when', '?')}); "
                    "bars and lines: medians", fontsize=12)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return None


def _taps(axis: object, results: dict, kiosk_colour: str, chromium_colour: str) -> None:
    """Each kind of tap: the kiosk's and Chromium's times side by side, the budget line."""
    positions, values, colours, ticks = [], [], [], []
    for index, (kind, _label) in enumerate(TAP_KINDS):
        kiosk, chromium = samples(results, f"tap_{kind}")
        for offset, found, colour in ((-0.2, kiosk, kiosk_colour), (0.2, chromium,
                                                                     chromium_colour)):
            if found:
                positions.append(index + offset)
                values.append(found)
                colours.append(colour)
        ticks.append(kind.replace("_", "\n"))
    if values:
        axis.boxplot(values, positions=positions, widths=0.35,  # type: ignore[attr-defined]
                     showfliers=False, medianprops={"color": "black"})
        for position, found, colour in zip(positions, values, colours, strict=True):
            spread = [position + (0.14 * ((n * 7919) % 100) / 100 - 0.07)
                      for n in range(len(found))]
            axis.scatter(spread, found, s=6, color=colour, alpha=0.6, zorder=3)  # type: ignore[attr-defined]
    axis.axhline(TAP_BUDGET_MS, color="#333333", linestyle="--", linewidth=1)  # type: ignore[attr-defined]
    axis.set_xticks(range(len(TAP_KINDS)), ticks)  # type: ignore[attr-defined]
    axis.set_title(f"Tap → next screen's pixels (ms); dashed: budget p95 ≤ "  # type: ignore[attr-defined]
                   f"{TAP_BUDGET_MS:.0f} ms; blue: kiosk, red: Chromium", fontsize=11)
    axis.set_ylim(bottom=0)  # type: ignore[attr-defined]


def _strip(axis: object, groups: list[tuple[str, list[float], str]], title: str) -> None:
    present = [(label, values, colour) for label, values, colour in groups if values]
    if present:
        axis.boxplot([values for _, values, _ in present], widths=0.5,  # type: ignore[attr-defined]
                     showfliers=False, medianprops={"color": "black"})
        for index, (_, values, colour) in enumerate(present, start=1):
            spread = [index + (0.18 * ((n * 7919) % 100) / 100 - 0.09)
                      for n in range(len(values))]
            axis.scatter(spread, values, s=10, color=colour, alpha=0.7, zorder=3)  # type: ignore[attr-defined]
        axis.set_xticks(range(1, len(present) + 1), [label for label, _, _ in present])  # type: ignore[attr-defined]
    axis.set_title(title, fontsize=11)  # type: ignore[attr-defined]
    axis.set_ylim(bottom=0)  # type: ignore[attr-defined]


def markdown(results: dict, raw: Path, chart_path: Path, chart_problem: str | None) -> str:
    machine = results.get("machine", {})
    versions = results.get("versions", {})
    method = {"poll_ms": 0.0, "memory_after_s": 0.0, "timed_tap_pause_ms": 0.0,
              **results.get("method", {})}
    lines_ = lines(results)
    taps = tap_lines(results)
    missed = [line.row.label for line in lines_ if line.met is False]
    missed += [f"{tap.label} (p95)" for tap in taps if tap.met is False]
    unmeasured = [line.row.label for line in lines_ if line.failure is not None]
    unmeasured += [tap.label for tap in taps if tap.failure is not None]
    load_before = results.get("load_before") or (0, 0, 0)
    load_after = results.get("load_after") or (0, 0, 0)
    sitting_minutes = (results.get("seconds", 0) + sum(
        entry.get("seconds", 0) for entry in results.get("others", {}).values())) / 60
    out = [
        "# Benchmarks: the kiosk against a Chromium kiosk",
        "",
        "Written by `make bench` (`python -m bench`); do not edit by hand. Every figure below",
        "comes from one sitting, both programs measured the same way, from outside them.",
        f"Raw figures of this run: [`{raw}`]({raw}). Figures of earlier runs are kept beside it.",
        "",
        f"Run of {results.get('when', '?')}"
        + (f" on commit `{results['commit']}`" if results.get("commit") else "")
        + f": {results.get('seconds', 0) / 60:.1f} min for the "
        f"comparison, {sitting_minutes:.1f} min for the whole sitting; load average "
        f"{load_before[0]:.2f} before the comparison, {load_after[0]:.2f} after (the machine "
        "is shared: read medians and ratios, not single runs).",
        "",
        "## Taps",
        "",
        tap_table(results),
        "",
        "## Launch and memory",
        "",
        table(results),
        "",
    ]
    if unmeasured:
        out += ["**Not measured in this run** (the benchmark failed for these rows, so no "
                "number is given): " + "; ".join(unmeasured) + ".", ""]
    if missed:
        out += ["**Budgets or targets missed** in this run: " + "; ".join(missed) + ".", ""]
    elif not unmeasured:
        out += ["Every budget and target was met in this run.", ""]
    if chart_problem:
        out += [f"Chart not drawn: {chart_problem}.", ""]
    else:
        out += [f"![Distributions of each measure]({chart_path})", ""]
    out += [
        "## Machine and versions",
        "",
        f"- CPU: {machine.get('cpu', '?')}, {machine.get('cores', '?')} cores; RAM "
        f"{machine.get('ram_gib', '?')} GiB; {machine.get('system', '?')}, "
        f"kernel {machine.get('kernel', '?')}",
        "- " + ", ".join(f"{name} {version}" for name, version in versions.items()),
        f"- Virtual screen: {method.get('screen', '?')} (no window manager, no GPU: both "
        "programs render in software)",
        "",
        "## Method",
        "",
        "- Programs: the kiosk, `kiosk run --windowed 1280x800` (its voice is started — the "
        "worker process is counted in memory — but for the taps the visitor's sound is off, "
        "`speech_enabled = false`, because a step being read animates its « Répéter » button "
        "and the screen would never hold still); Chromium, a self-contained HTML page "
        "generated from the same flow files by `bench/html_flow.py` "
        f"({results.get('page_bytes', 0) / 1024:.0f} KiB for the "
        f"{results.get('flows_bundled', '?')} bundled flows, "
        f"{results.get('page_50_bytes', 0) / 1024:.0f} KiB for 50: the home screen with its "
        "tiles, every step, the answer field and typing panel of practice steps, the "
        "« Revenir à l'accueil ? » question, the kiosk's words, colours, sizes and keyboards, "
        "Roboto and the pictures inlined, a few lines of script), launched with "
        f"`{' '.join(method.get('chromium_flags', []))}` and a pre-filled profile "
        "(translation off, last exit marked clean). `#flow-id` after the page's address opens "
        "a flow as `kiosk run --flow flow-id` does.",
        *(["- The kiosk's modules are compiled to bytecode before the sitting "
           "(`compileall`, as `deploy/install.sh` does on a kiosk), so that no launch compiles "
           "them again (it would under `PYTHONDONTWRITEBYTECODE`)."]
          if method.get("kiosk_bytecode") else []),
        "- One Xvfb server for the whole sitting; one program on it at a time, each in its own "
        "session, stopped (SIGTERM to its process group) before the next one starts, and the "
        "screen checked empty in between.",
        "- Warm-up: one launch of each program for each measure, not counted, which also "
        "takes the reference screenshots (the first screen once it has held still "
        "4 s — the kiosk's bar changes when its voice becomes ready). From them, a few pixels "
        "(up to 5, inside solid 3x3 patches, never black, white or the background colour) "
        "that only the expected screen draws are chosen automatically for each screen "
        "change, and where to tap is found on the screen before the tap "
        "(`bench/screen/finders.py`: the primary colour for « Suivant », « Accueil » and "
        "« Oui », white for tiles, answers, « Retour », the answer field, keys and « Tout "
        "effacer »), the same rules for both programs.",
        "- Launch: the time is taken right before the program is started, then a separate X "
        "client (ctypes on libX11) reads those pixels 1x1 with XGetImage every "
        f"{method['poll_ms']:.0f} ms until one shows its expected colour (first "
        "pixel), then checks they all do. "
        f"{method.get('start_runs', '?')} counted launches of each program, interleaved "
        "(kiosk, Chromium, kiosk with 50 flows, Chromium with 50 flows, …), each on its home "
        "screen. The 50 flows are copies of the bundled ones with new ids.",
        f"- Memory: PSS from `/proc/PID/smaps_rollup` summed over every process of the "
        f"program (its session and descendants), {method['memory_after_s']:.0f} s "
        "after launch, and after 200 and 1,000 steps shown.",
        "- Each tap is a click sent through XTEST (what `xdotool click` does), timed from "
        "right before it is sent to the first poll that sees a pixel of the screen it leads "
        f"to, after a {method['timed_tap_pause_ms']:.0f} ms pause (untimed taps, which only "
        "lead to the next timed one, wait for their screen and 30 ms).",
        f"- « Suivant » and « Retour »: flow `{results.get('flow', '?')}`, whose first "
        f"{results.get('walk_steps', '?')} steps follow each other with « Suivant »; "
        f"{method.get('walk_sessions', '?')} interleaved sessions per program, each a fresh "
        "launch walking forward with « Suivant » and back with « Retour », again and again; "
        f"the first {method.get('timed_taps_per_session', '?')} of each in each session are "
        f"timed. A step counts each screen change; each session shows "
        f"{method.get('session_steps', '?')} steps, the last one "
        f"{method.get('last_session_steps', '?')} (the memory rows).",
        f"- The other kinds: {method.get('route_sessions', '?')} interleaved sessions per "
        f"program of {method.get('route_cycles', '?')} cycles, each cycle coming back to the "
        "screen it started from (checked in the warm-up): a home tile (the first, top left), "
        "« Suivant », « Accueil » (on step 2, so the kiosk asks « Revenir à l'accueil ? »: that "
        "tap is timed to the question's pixels), « Oui, revenir à l'accueil » (timed to the "
        "home screen's pixels); "
        + (f"in flow `{results['question_flow'][0]}`, after {results['question_flow'][1]} "
           "« Suivant », its first question: the first answer (timed), then « Retour »; "
           if results.get("question_flow") else "")
        + (f"in flow `{results['typing_flow'][0]}`, after {results['typing_flow'][1]} "
           "« Suivant », its practice step on the letter keyboard: the answer field is touched "
           "once (the typing panel opens), then the first key, « a » (timed to the letter in "
           "the typed field; the cursor moves in the same frame), and « Tout effacer »."
           if results.get("typing_flow") else ""),
        f"- Ratio: kiosk / Chromium of this run, medians (and 95th percentiles for the taps). "
        f"Budgets of issue 14: every kind of tap ≤ {TAP_BUDGET_MS:.0f} ms at the 95th "
        "percentile (nearest rank), launch ≤ 1.0× Chromium (also with 50 flows), memory after "
        "1,000 steps ≤ 250 MiB.",
        "- A measurement that does not happen (pixel never seen, program ended, screen not "
        "complete) makes `make bench` fail with a message, and its row says « not measured ».",
        "- Earlier reference on these machines: `../shared/BENCHMARK-BASELINE.md` (Chromium "
        "526 ms to first pixel, 18.6 ms per tap, 394 MB, 11 processes).",
        "",
        "## Running it",
        "",
        "`make bench` installs what it needs (Debian's chromium, xvfb, xdotool, libxtst6 as "
        "root; matplotlib through the `bench` extra), then runs every `bench/bench_*.py`, this "
        "one last, and rewrites this page. `.venv/bin/python -m bench screen` runs only the "
        "comparison (the sections below then say « not run »). "
        "`.venv/bin/python -m bench.html_flow config/flows/ecran-tactile.yaml --out page.html` "
        "writes the page Chromium shows. Launch logs of both programs are kept only during "
        "the run (a temporary folder).",
        "",
        "## The kiosk's own figures, same sitting",
        "",
    ]
    others = results.get("others", {})
    for name, title in OTHER_BENCHES:
        entry = others.get(name)
        out.append(f"### {title} (`bench/{name}.py`)")
        out.append("")
        if entry is None:
            out += ["Not run in this sitting (`make bench` runs it).", ""]
            continue
        out += [f"Outcome: {entry['outcome']}, {entry['seconds']:.0f} s.", "", "```",
                entry["output"].strip(), "```", ""]
    return "\n".join(out)


def write(results: dict, docs: Path, raw: Path) -> str | None:
    """docs/BENCHMARKS.md and docs/benchmarks.png from ``results`` (raw: the JSON beside).

    Returns the reason the chart could not be drawn, or None."""
    chart_path = docs / "benchmarks.png"
    problem = chart(results, chart_path)
    text = markdown(results, raw.relative_to(docs), chart_path.relative_to(docs), problem)
    (docs / "BENCHMARKS.md").write_text(text, encoding="utf-8")
    return problem


def main(argv: list[str]) -> int:
    """``python -m bench.screen.report docs/benchmarks/<date>.json``: the page again."""
    import json

    if len(argv) != 1:
        print("usage : python -m bench.screen.report docs/benchmarks/<date>.json")
        return 2
    raw = Path(argv[0]).resolve()
    problem = write(json.loads(raw.read_text(encoding="utf-8")), raw.parent.parent, raw)
    if problem:
        print(f"graphique non dessiné : {problem}")
        return 1
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
