"""docs/BENCHMARKS.md and its chart, from the raw figures of one sitting."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .stats import Summary, ratio

OTHER_BENCHES = (("bench_validate", "Loading and validating 200 flow files"),
                 ("bench_speech", "Speech: request to audio playing"),
                 ("bench_usage", "Counsellor figures on 1,000,000 usage events"))


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    unit: str
    target: float | None
    """Highest kiosk/Chromium ratio allowed (None: for information)."""
    use_p95: bool = False


ROWS = (
    Row("start", "Launch → first pixel of the first screen (kiosk: home, bundled flows; "
        "Chromium: the page)", "ms", 1.0),
    Row("start_50", "Launch → first pixel, kiosk with 50 flows (home, page 1 of the tiles)",
        "ms", 1.0),
    Row("tap", "Tap on « Suivant » → next step's pixels, median", "ms", 1.0),
    Row("tap_p95", "Tap on « Suivant » → next step's pixels, 95th percentile", "ms", None,
        use_p95=True),
    Row("memory_5s", "Memory, PSS of all processes, 5 s after launch", "MiB", 0.4),
    Row("memory_200", "Memory, PSS of all processes, after 200 steps", "MiB", 0.4),
    Row("memory_1000", "Memory, PSS of all processes, after 1,000 steps", "MiB", 0.4),
    Row("processes", "Processes (5 s after launch)", "", None),
)


def samples(results: dict, key: str) -> tuple[list[float], list[float]]:
    """(kiosk values, Chromium values) of a row."""
    start = results.get("start", {})
    steps = results.get("memory_steps", {})
    taps = results.get("taps", {})

    def field(name: str, column: str) -> list[float]:
        return [run[column] for run in start.get(name, [])]

    def after(name: str, mark: str) -> list[float]:
        return [entry["pss_mib"] for entry in steps.get(name, {}).get(mark, [])]

    if key == "start":
        return field("kiosk", "start_ms"), field("chromium", "start_ms")
    if key == "start_50":
        return field("kiosk50", "start_ms"), field("chromium", "start_ms")
    if key in ("tap", "tap_p95"):
        return list(taps.get("kiosk", [])), list(taps.get("chromium", []))
    if key == "memory_5s":
        return field("kiosk", "pss_mib"), field("chromium", "pss_mib")
    if key == "memory_200":
        return after("kiosk", "200"), after("chromium", "200")
    if key == "memory_1000":
        return after("kiosk", "1000"), after("chromium", "1000")
    if key == "processes":
        return field("kiosk", "processes"), field("chromium", "processes")
    raise KeyError(key)


@dataclass(frozen=True)
class Line:
    row: Row
    kiosk: Summary | None
    chromium: Summary | None
    ratio: float | None
    met: bool | None
    failure: str | None


def lines(results: dict) -> list[Line]:
    failures = results.get("failures", {})
    found = []
    for row in ROWS:
        failure = failures.get(row.key.removesuffix("_p95")) or failures.get("all")
        kiosk_values, chromium_values = samples(results, row.key)
        if failure is None and not (kiosk_values and chromium_values):
            failure = "no figure recorded"
        if failure is not None:
            found.append(Line(row, None, None, None, None, failure))
            continue
        kiosk, chromium = Summary.of(kiosk_values), Summary.of(chromium_values)
        value = ratio(kiosk.p95, chromium.p95) if row.use_p95 else ratio(kiosk.median,
                                                                         chromium.median)
        met = None if row.target is None else value <= row.target
        found.append(Line(row, kiosk, chromium, value, met, None))
    return found


def _figure(summary: Summary, unit: str, use_p95: bool) -> str:
    digits = 1 if unit == "ms" and summary.median < 100 else 0
    main = summary.p95 if use_p95 else summary.median
    text = f"{main:.{digits}f} {unit}".strip()
    return f"{text} ({summary.low:.{digits}f}–{summary.high:.{digits}f}, n={summary.count})"


def table(results: dict) -> str:
    out = ["| Measure | Kiosk: median (min–max, n) | Chromium: median (min–max, n) | "
           "Ratio kiosk/Chromium | Target | Met? |",
           "|---|---|---|---|---|---|"]
    for line in lines(results):
        row = line.row
        target = f"≤ {row.target:.1f}×" if row.target is not None else "—"
        if line.failure is not None:
            out.append(f"| {row.label} | **not measured**: {line.failure} | — | — | {target} "
                       "| not measured |")
            continue
        assert line.kiosk is not None and line.chromium is not None and line.ratio is not None
        met = "—" if line.met is None else ("**yes**" if line.met else "**NO**")
        out.append(f"| {row.label} | {_figure(line.kiosk, row.unit, row.use_p95)} | "
                   f"{_figure(line.chromium, row.unit, row.use_p95)} | {line.ratio:.2f}× | "
                   f"{target} | {met} |")
    return "\n".join(out)


def summary(results: dict) -> str:
    text = ["", "Borne contre Chromium (même séance) :"]
    for line in lines(results):
        if line.failure is not None:
            text.append(f"  {line.row.key:<12} PAS DE MESURE : {line.failure}")
            continue
        assert line.kiosk is not None and line.chromium is not None
        verdict = "" if line.met is None else ("  cible atteinte" if line.met
                                               else "  cible MANQUÉE")
        main = "p95" if line.row.use_p95 else "médiane"
        kiosk = line.kiosk.p95 if line.row.use_p95 else line.kiosk.median
        chromium = line.chromium.p95 if line.row.use_p95 else line.chromium.median
        text.append(f"  {line.row.key:<12} {main} borne {kiosk:8.1f}  Chromium {chromium:8.1f}"
                    f"  rapport {line.ratio:5.2f}×{verdict}")
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
    figure, axes = plt.subplots(1, 3, figsize=(14, 5), dpi=100)
    start_k, start_c = samples(results, "start")
    start_50, _ = samples(results, "start_50")
    groups = [("kiosk", start_k, kiosk_colour), ("kiosk\n50 flows", start_50, many_colour),
              ("Chromium", start_c, chromium_colour)]
    _strip(axes[0], groups, "Launch → first pixel (ms)")
    tap_k, tap_c = samples(results, "tap")
    _strip(axes[1], [("kiosk", tap_k, kiosk_colour), ("Chromium", tap_c, chromium_colour)],
           "Tap « Suivant » → next step's pixels (ms)")
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
    missed = [line.row.label for line in lines_ if line.met is False]
    unmeasured = [line.row.label for line in lines_ if line.failure is not None]
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
        f"Run of {results.get('when', '?')}: {results.get('seconds', 0) / 60:.1f} min for the "
        f"comparison, {sitting_minutes:.1f} min for the whole sitting; load average "
        f"{load_before[0]:.2f} before the comparison, {load_after[0]:.2f} after (the machine "
        "is shared: read medians and ratios, not single runs).",
        "",
        "## Result",
        "",
        table(results),
        "",
    ]
    if unmeasured:
        out += ["**Not measured in this run** (the benchmark failed for these rows, so no "
                "number is given): " + "; ".join(unmeasured) + ".", ""]
    if missed:
        out += ["**Targets missed** in this run: " + "; ".join(missed) + ".", ""]
    elif not unmeasured:
        out += ["Every target with a ratio was met in this run.", ""]
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
        f"- Flow: `{results.get('flow', '?')}`, bundled; its first "
        f"{results.get('walk_steps', '?')} steps follow each other with « Suivant ». The kiosk "
        "shows it with `kiosk run --windowed 1280x800` (with `--flow` for the taps; its "
        "voice is started — the worker process is counted in memory — but for the taps the "
        "visitor's sound is off, `speech_enabled = false`, because a step being read "
        "animates its « Répéter » button and the screen would never hold still); Chromium "
        "shows a self-contained HTML page generated from the same flow file by "
        f"`bench/html_flow.py` ({results.get('page_bytes', 0) / 1024:.0f} KiB: every step, the "
        "kiosk's words, colours and sizes, Roboto and the pictures inlined, a few lines of "
        "script to switch steps), launched with "
        f"`{' '.join(method.get('chromium_flags', []))}` and a pre-filled profile "
        "(translation off, last exit marked clean).",
        *(["- The kiosk's modules are compiled to bytecode before the sitting "
           "(`compileall`, as `deploy/install.sh` does on a kiosk), so that no launch compiles "
           "them again (it would under `PYTHONDONTWRITEBYTECODE`)."]
          if method.get("kiosk_bytecode") else []),
        "- One Xvfb server for the whole sitting; one program on it at a time, each in its own "
        "session, stopped (SIGTERM to its process group) before the next one starts, and the "
        "screen checked empty in between.",
        "- Warm-up: one launch of each program, not counted, which also takes the reference "
        "screenshots. From them, a few pixels (up to 5, inside solid 3x3 patches, never black, "
        "white or the background colour) that only the expected screen draws are chosen "
        "automatically for each screen and each step change.",
        "- Launch: the time is taken right before the program is started, then a separate X "
        "client (ctypes on libX11) reads those pixels 1x1 with XGetImage every "
        f"{method['poll_ms']:.0f} ms until one shows its expected colour (first "
        "pixel), then checks they all do. "
        f"{method.get('start_runs', '?')} counted launches of each program, interleaved "
        "(kiosk, Chromium, kiosk with 50 flows, kiosk, …). The 50 flows are copies of the "
        "bundled ones with new ids.",
        f"- Memory: PSS from `/proc/PID/smaps_rollup` summed over every process of the "
        f"program (its session and descendants), {method['memory_after_s']:.0f} s "
        "after launch, and after 200 and 1,000 steps shown.",
        f"- Taps: {method.get('walk_sessions', '?')} interleaved sessions per program "
        f"(kiosk, Chromium, …), each a fresh launch walking the flow forward with « Suivant » "
        "and back with « Retour », again and again; the first "
        f"{method.get('timed_taps_per_session', '?')} « Suivant » of each session are timed "
        "(a click sent through XTEST — what `xdotool click` does — then the next step's "
        "pixels polled as above), each after a "
        f"{method['timed_tap_pause_ms']:.0f} ms pause. A step counts each screen "
        f"change (« Suivant » or « Retour »); each session shows "
        f"{method.get('session_steps', '?')} steps, the last one "
        f"{method.get('last_session_steps', '?')}.",
        "- Ratio: kiosk median / Chromium median of this run (95th percentile for the p95 "
        "row); targets from issue 8: start ≤ 1.0×, tap ≤ 1.0×, memory ≤ 0.4×.",
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
