"""The pure parts of the screen benchmark (bench/screen, bench/html_flow): fast, exact.

The benchmark itself (minutes, two programs) runs with ``make bench``; here: the HTML page
made from a flow, PSS and process trees read from this machine's real /proc, statistics,
probe choice, and the "fail loudly" path on a real Xvfb.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import bench_screen, html_flow
from bench.screen import procs, report
from bench.screen.pixels import Frame, png_bytes
from bench.screen.probes import Probe, choose, solid_block, wait_all, wait_first
from bench.screen.stats import Summary, percentile, ratio
from bench.screen.xserver import MeasureError, VirtualScreen
from kiosk.flows.loader import load_flows
from tests.flowfixtures import COMPLETE, MINIMAL, TESTS, with_steps

ASSETS = TESTS / "assets"

# -- the HTML page --------------------------------------------------------------------------
THREE_STEPS = with_steps("""\
  - id: debut
    type: information
    titre: Début
    image: images/ecran-accueil.png
    texte: |
      Bonjour.
      Deux lignes <b>ici</b>.
  - id: liste
    type: liste
    titre: À faire
    texte: Cochez.
    elements: [Un, Deux]
  - id: fin
    type: fin
    titre: Fin
    texte: Au revoir.
""")


def load_one(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    (tmp_path / "essai.yaml").write_text(text, encoding="utf-8")
    flowset = load_flows(tmp_path, ASSETS)
    assert not flowset.errors, [p.message for p in flowset.errors]
    return flowset.flows["essai"]


def test_each_step_is_a_section_with_the_kiosk_words(tmp_path: Path) -> None:
    flow = load_one(tmp_path, THREE_STEPS)
    picture = base64.b64encode((ASSETS / "images" / "ecran-accueil.png").read_bytes()).decode()
    assert html_flow.step_html(flow.step("debut"), flow, ASSETS, "fr", 3) == (
        '<section id="s-debut" data-remaining="3" data-next="liste" hidden>\n'
        "<h1>Début</h1>\n"
        f'<div class="card"><img alt="" src="data:image/png;base64,{picture}"></div>\n'
        '<p class="body">Bonjour.\nDeux lignes &lt;b&gt;ici&lt;/b&gt;.</p>\n'
        "</section>")
    assert html_flow.step_html(flow.step("liste"), flow, ASSETS, "fr", 2) == (
        '<section id="s-liste" data-remaining="2" data-next="fin" hidden>\n'
        "<h1>À faire</h1>\n"
        '<p class="body">Cochez.</p>\n'
        '<p class="small">Touchez une ligne pour la cocher.</p>\n'
        '<button class="secondary check">Un</button>\n'
        '<button class="secondary check">Deux</button>\n'
        "</section>")
    bravo = base64.b64encode((ASSETS / "pictos" / "bravo.png").read_bytes()).decode() \
        if (ASSETS / "pictos" / "bravo.png").exists() else None
    end = html_flow.step_html(flow.step("fin"), flow, ASSETS, "fr", 1)
    assert end.startswith('<section id="s-fin" data-remaining="1" hidden>\n')
    assert end.endswith("<h1>Fin</h1>\n<p class=\"body\">Au revoir.</p>\n</section>")
    assert (bravo is None) == ("<img" not in end)


def test_the_page_is_self_contained_and_themed(tmp_path: Path) -> None:
    flow = load_one(tmp_path, THREE_STEPS)
    page = html_flow.page(flow, ASSETS, 1280, 800)
    assert page.count("<section ") == 3
    assert re.findall(r'<section id="s-([a-z-]+)"', page) == ["debut", "liste", "fin"]
    # nothing fetched from outside: every src and url() is a data URI
    assert re.findall(r'src="(?!data:)', page) == []
    assert re.findall(r"url\((?!data:)", page) == []
    assert "http" not in page
    assert 'const START = "debut";' in page
    assert '"step_of": "Étape {number} sur {total}"' in page
    assert '<button id="next" class="primary">Suivant</button>' in page
    # the kiosk's colours and its sizes for 1280x800 (body 29 px, targets 95 px)
    assert "background: #0B3D91; color: #FFFFFF;" in page
    assert "background: #FAF7F0" in page
    assert "font-size: 29px" in page and "min-height: 95px" in page
    assert page.count("@font-face") == 2


def test_command_line_writes_the_page(tmp_path: Path) -> None:
    (tmp_path / "flows").mkdir()
    source = tmp_path / "flows" / "essai.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "page.html"
    assert html_flow.main([str(source), "--assets", str(ASSETS), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("<section ") == 2


def test_walk_follows_suivant_from_the_start() -> None:
    flowset = load_flows(COMPLETE.parent, ASSETS)
    flow = flowset.flows["exemple-email"]
    assert bench_screen.linear_part(flow) == ["bienvenue"]  # then a question
    assert bench_screen.pick_flow(flowset.flows) is flow


def test_fifty_flow_copies_are_all_valid(tmp_path: Path) -> None:
    bench_screen.many_flows([COMPLETE], tmp_path / "many", 50)
    flowset = load_flows(tmp_path / "many", ASSETS)
    assert flowset.errors == []
    assert sorted(flowset.flows) == sorted(f"complet-{n:02d}" for n in range(50))


# -- memory and processes -------------------------------------------------------------------
def test_pss_is_read_from_the_real_proc() -> None:
    text = Path("/proc/self/smaps_rollup").read_text()
    line = next(line for line in text.splitlines() if line.startswith("Pss:"))
    assert procs.parse_pss_kib(text) == int(line.split()[1]) > 0
    with pytest.raises(ValueError, match="Pss"):
        procs.parse_pss_kib("Rss: 12 kB\n")


def test_stat_with_parentheses_in_the_name() -> None:
    stat = procs.parse_stat("4242 (a) (b)) S 17 4242 4242 0 -1 4194560 0 0")
    assert stat == procs.ProcStat(pid=4242, ppid=17, session=4242)


def test_a_program_is_its_session_and_descendants(tmp_path: Path) -> None:
    # A session leader with a child, and a grandchild that detaches from its parent
    # (double fork, reparented) but stays in the session.
    script = ("import os, subprocess, sys, time\n"
              "subprocess.Popen(['sleep', '30'])\n"
              "child = os.fork()\n"
              "if child == 0:\n"
              "    subprocess.Popen(['sleep', '31']); os._exit(0)\n"
              "os.waitpid(child, 0)\n"
              "time.sleep(30)\n")
    leader = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    try:
        def commands() -> list[bytes]:
            members = procs.tree(leader.pid, procs.all_stats())
            return sorted(Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[1]
                          for pid in members)

        deadline = time.monotonic() + 10
        while commands() != [b"-c", b"30", b"31"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert commands() == [b"-c", b"30", b"31"]
        memory = procs.memory(leader.pid)
        assert memory.processes == 3
        own = procs.parse_pss_kib(Path(f"/proc/{leader.pid}/smaps_rollup").read_text())
        assert memory.pss_mib > own / 1024
    finally:
        os.killpg(leader.pid, 9)
        leader.wait()
    with pytest.raises(ProcessLookupError):
        procs.memory(leader.pid)


# -- statistics and the report --------------------------------------------------------------
def test_percentile_median_and_ratio() -> None:
    values = [float(n) for n in range(1, 201)]  # 1 … 200
    assert percentile(values, 0.95) == 190.0
    assert percentile([5.0, 1.0, 3.0], 0.5) == 3.0
    assert percentile([7.0], 0.95) == 7.0
    assert Summary.of([4.0, 1.0, 3.0, 2.0, 100.0]) == Summary(5, 3.0, 100.0, 1.0, 100.0)
    assert Summary.of([1.0, 2.0, 3.0, 4.0]).median == 2.5
    assert ratio(50.0, 200.0) == 0.25
    with pytest.raises(ValueError):
        ratio(1.0, 0.0)
    with pytest.raises(ValueError):
        Summary.of([])


def sitting(**changes: object) -> dict:
    runs = {"kiosk": [{"start_ms": 400.0 + n, "pss_mib": 100.0, "processes": 1}
                      for n in range(5)],
            "chromium": [{"start_ms": 500.0 + n, "pss_mib": 400.0, "processes": 11}
                         for n in range(5)],
            "kiosk50": [{"start_ms": 600.0, "pss_mib": 110.0, "processes": 1}] * 5}
    results = {"start": runs, "taps": {"kiosk": [30.0] * 50, "chromium": [20.0] * 50},
               "memory_steps": {name: {"200": [{"pss_mib": value, "processes": 1}],
                                       "1000": [{"pss_mib": value, "processes": 1}]}
                                for name, value in (("kiosk", 150.0), ("chromium", 450.0))},
               "failures": {}}
    results.update(changes)
    return results


def test_report_rows_ratios_and_targets() -> None:
    found = {line.row.key: line for line in report.lines(sitting())}
    assert found["start"].ratio == pytest.approx(402.0 / 502.0)
    assert found["start"].met is True
    assert found["start_50"].ratio == pytest.approx(600.0 / 502.0)
    assert found["start_50"].met is False
    assert found["tap"].ratio == 1.5 and found["tap"].met is False
    assert found["memory_5s"].ratio == 0.25 and found["memory_5s"].met is True
    assert found["memory_1000"].ratio == pytest.approx(1 / 3) and found["memory_1000"].met
    assert found["processes"].met is None
    table = report.table(sitting())
    assert "| 402 ms (400–404, n=5) | 502 ms (500–504, n=5) | 0.80× | ≤ 1.0× " \
           "| **yes** |" in table


def test_a_failed_measure_gives_no_number() -> None:
    results = sitting(failures={"tap": "borne : aucun pixel attendu après 10 s"})
    found = {line.row.key: line for line in report.lines(results)}
    assert found["tap"].ratio is None and found["tap"].kiosk is None
    assert found["tap_p95"].failure == "borne : aucun pixel attendu après 10 s"
    table = report.table(results)
    tap_line = next(line for line in table.splitlines() if "median" in line and "Tap" in line)
    assert tap_line == ("| Tap on « Suivant » → next step's pixels, median | **not measured**: "
                        "borne : aucun pixel attendu après 10 s | — | — | ≤ 1.0× | "
                        "not measured |")
    assert "30.0" not in tap_line
    text = report.markdown(results, Path("benchmarks/x.json"), Path("benchmarks.png"), None)
    assert "**Not measured in this run**" in text


# -- probes and the screen ------------------------------------------------------------------
def frame_of(width: int, height: int, paint: dict[tuple[int, int], int],
             fill: int = 0xFAF7F0) -> Frame:
    rows = []
    for y in range(height):
        row = bytearray()
        for x in range(width):
            colour = paint.get((x, y), fill)
            row += bytes((colour & 0xFF, colour >> 8 & 0xFF, colour >> 16, 0))
        rows.append(bytes(row))
    return Frame(width, height, tuple(rows))


def test_probes_are_solid_new_pixels() -> None:
    before = frame_of(40, 30, {})
    square = {(x, y): 0x0B3D91 for x in range(10, 20) for y in range(5, 15)}
    square[(14, 9)] = 0xFFFFFF  # white is never a probe
    after = frame_of(40, 30, square)
    chosen = choose(before, after)
    assert len(chosen) == 5
    for probe in chosen:
        assert probe.colour == 0x0B3D91
        assert 11 <= probe.x <= 18 and 6 <= probe.y <= 13  # inside, away from the edges
    with pytest.raises(MeasureError, match="aucun point"):
        choose(after, after)


def test_the_next_button_is_the_thickest_block() -> None:
    paint = {(x, 40): 0x0B3D91 for x in range(5, 80)}  # a thin border, wider
    paint |= {(x, y): 0x0B3D91 for x in range(45, 95) for y in range(45, 70)}
    assert solid_block(frame_of(100, 80, paint), 0x0B3D91, 30) == (45, 45, 94, 69)
    assert solid_block(frame_of(100, 80, {}), 0x0B3D91, 30) is None


def test_png_of_a_frame() -> None:
    data = png_bytes(frame_of(3, 2, {(0, 0): 0x112233}))
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb manque (make test l'installe)")
def test_a_pixel_that_never_appears_fails_loudly() -> None:
    from bench.screen.pixels import XClient

    with VirtualScreen(320, 240) as screen, XClient(screen.display) as client:
        assert client.pixel(10, 10) == 0x000000  # -br: a black, empty screen
        frame = client.grab()
        assert (frame.width, frame.height) == (320, 240)
        never = [Probe(10, 10, 0x0B3D91)]
        started = time.perf_counter()
        with pytest.raises(MeasureError) as caught:
            wait_first(client.pixel, never, 0.3, "borne, lancement")
        assert 0.3 <= time.perf_counter() - started < 2
        assert str(caught.value) == ("borne, lancement : aucun pixel attendu après 0 s "
                                     "(1 points surveillés) : pas de mesure.")
        with pytest.raises(MeasureError, match="pas complet"):
            wait_all(client.pixel, [Probe(1, 1, 0), *never], 0.2, "borne, étape 2")
        with pytest.raises(MeasureError, match="s'est arrêté"):
            wait_first(client.pixel, never, 5, "borne", alive=lambda: False)
        assert wait_first(client.pixel, [Probe(5, 5, 0x000000)], 1, "noir") > started
    assert screen.process is None


def test_kiosk_run_refuses_an_unknown_flow(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from kiosk.cli import main

    code = main(["run", "--flow", "inconnu", "--data-dir", str(tmp_path)])
    assert code == 2
    error = capsys.readouterr().err
    assert error.startswith("Parcours inconnu : « inconnu ». Parcours disponibles : ")
    assert "ecran-tactile" in error


def test_the_page_and_chart_are_written_from_the_raw_figures(tmp_path: Path) -> None:
    import importlib.util
    import json

    docs = tmp_path / "docs"
    raw = docs / "benchmarks" / "2026-01-01T000000Z.json"
    raw.parent.mkdir(parents=True)
    raw.write_text(json.dumps(sitting(when="2026-01-01T00:00:00+00:00")), encoding="utf-8")
    code = report.main([str(raw)])
    text = (docs / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert "Raw figures of this run: [`benchmarks/2026-01-01T000000Z.json`]" in text
    assert report.table(sitting()) in text
    assert "### Speech: request to audio playing (`bench/bench_speech.py`)\n\nNot run" in text
    if importlib.util.find_spec("matplotlib") is None:
        assert code == 1 and not (docs / "benchmarks.png").exists()
        assert "Chart not drawn: matplotlib manque" in text
    else:
        assert code == 0
        assert (docs / "benchmarks.png").read_bytes().startswith(b"\x89PNG")
        assert "![Distributions of each measure](benchmarks.png)" in text


def test_every_bundled_flow_becomes_a_page_with_every_step() -> None:
    repo = Path(__file__).resolve().parent.parent
    flowset = load_flows(repo / "config" / "flows", repo / "assets")
    assert len(flowset.flows) == 14 and not flowset.errors
    for flow in flowset.flows.values():
        page = html_flow.page(flow, repo / "assets", 1280, 800)
        assert page.count("<section") == len(flow.steps), flow.id


# -- the kiosk as installed: compiled bytecode ------------------------------------------------
def test_the_kiosk_is_compiled_before_it_is_measured(tmp_path: Path) -> None:
    from bench.screen import programs

    package = tmp_path / "kiosk"
    (package / "ui").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "ui" / "app.py").write_text("VALUE = 1\n", encoding="utf-8")
    programs.compile_kiosk(tmp_path)
    tag = sys.implementation.cache_tag
    assert (package / "__pycache__" / f"__init__.{tag}.pyc").is_file()
    assert (package / "ui" / "__pycache__" / f"app.{tag}.pyc").is_file()
    (package / "ui" / "broken.py").write_text("def (:\n", encoding="utf-8")
    with pytest.raises(MeasureError, match="ne se compile pas"):
        programs.compile_kiosk(tmp_path)
