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

from bench import bench_lines, bench_screen, html_flow
from bench.screen import finders, probes, procs, report
from bench.screen.pixels import Frame, png_bytes
from bench.screen.probes import Probe, choose, solid_block, wait_all, wait_first
from bench.screen.stats import Summary, percentile, ratio
from bench.screen.xserver import MeasureError, VirtualScreen
from kiosk.flows.loader import load_flows
from kiosk.flows.model import StepKind
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
    pictures = html_flow.Pictures(ASSETS)
    picture = base64.b64encode((ASSETS / "images" / "ecran-accueil.png").read_bytes()).decode()
    assert html_flow.step_html(flow.step("debut"), flow, pictures, "fr", 3, 4) == (
        '<section id="s-4-debut" data-remaining="3" data-next="liste" hidden>\n'
        "<h1>Début</h1>\n"
        '<div class="card"><i class="p0"></i></div>\n'
        '<p class="body">Bonjour.\nDeux lignes &lt;b&gt;ici&lt;/b&gt;.</p>\n'
        "</section>")
    assert pictures.css() == f".p0 {{ --picture: url(data:image/png;base64,{picture}); }}"
    assert html_flow.step_html(flow.step("liste"), flow, pictures, "fr", 2) == (
        '<section id="s-0-liste" data-remaining="2" data-next="fin" hidden>\n'
        "<h1>À faire</h1>\n"
        '<p class="body">Cochez.</p>\n'
        '<p class="small">Touchez une ligne pour la cocher.</p>\n'
        '<button class="secondary check">Un</button>\n'
        '<button class="secondary check">Deux</button>\n'
        "</section>")
    end = html_flow.step_html(flow.step("fin"), flow, pictures, "fr", 1)
    assert end.startswith('<section id="s-0-fin" data-remaining="1" data-end="1" hidden>\n')
    assert end.endswith("<h1>Fin</h1>\n<p class=\"body\">Au revoir.</p>\n</section>")
    assert ("<i class=" in end) == (ASSETS / "pictos" / "bravo.png").exists()


def test_the_page_is_self_contained_and_themed(tmp_path: Path) -> None:
    flow = load_one(tmp_path, THREE_STEPS)
    page = html_flow.page(flow, ASSETS, 1280, 800)
    assert page.count("<section ") == 3
    assert re.findall(r'<section id="s-0-([a-z-]+)"', page) == ["debut", "liste", "fin"]
    # nothing fetched from outside: every src and url() is a data URI (or a CSS variable)
    assert re.findall(r'src="(?!data:)', page) == []
    assert re.findall(r"url\((?!data:)", page) == []
    assert "http" not in page
    assert '<div class="flow" id="f-0" data-id="essai" data-title="Essai" ' \
           'data-start="debut">' in page
    assert '"step_of": "Étape {number} sur {total}"' in page
    assert '"page_of": "Page {page} sur {pages}"' in page
    assert '<button id="next" class="primary">Suivant</button>' in page
    assert '<button class="primary" id="home-button">Accueil</button>' in page
    assert '<button id="confirm-yes" class="primary">Oui, revenir à l&#x27;accueil</button>' \
        in page
    assert page.count('<button class="tile" data-flow="0" hidden>') == 1
    # the kiosk's colours and its sizes for 1280x800 (body 29 px, targets 95 px)
    assert "background: #0B3D91; color: #FFFFFF;" in page
    assert "background: #FAF7F0" in page
    assert "font-size: 29px" in page and "min-height: 95px" in page
    assert page.count("@font-face") == 2


def test_each_picture_is_inlined_once(tmp_path: Path) -> None:
    flow = load_one(tmp_path, THREE_STEPS)
    data = base64.b64encode((ASSETS / "images" / "ecran-accueil.png").read_bytes()).decode()
    twice = with_steps("""\
  - id: un
    type: information
    titre: Un
    texte: Un.
    image: images/ecran-accueil.png
    suivante: deux
  - id: deux
    type: information
    titre: Deux
    texte: Deux.
    image: images/ecran-accueil.png
  - id: fin
    type: fin
    titre: Fin
    texte: Fin.
""").replace("id: essai", "id: autre")
    (tmp_path / "autre").mkdir()
    (tmp_path / "autre" / "autre.yaml").write_text(twice, encoding="utf-8")
    other = load_flows(tmp_path / "autre", ASSETS).flows["autre"]
    page = html_flow.site([flow, other], ASSETS)
    assert page.count(data) == 1
    assert page.count('<i class="p0">') == 3


def test_practice_step_has_its_field_and_the_kiosk_keyboard(tmp_path: Path) -> None:
    flowset = load_flows(COMPLETE.parent, ASSETS)
    flow = flowset.flows["exemple-email"]
    pictures = html_flow.Pictures(ASSETS)
    practice = html_flow.step_html(flow.step("essai-adresse"), flow, pictures, "fr", 3)
    assert '<div class="typed field" data-keyboard="email" ' in practice
    assert 'data-placeholder="Touchez ici pour écrire."' in practice
    assert '<button class="primary write">Écrire ma réponse</button>' in practice
    question = html_flow.step_html(flow.step("adresse"), flow, pictures, "fr", 5)
    assert question.count('<button class="secondary answer" data-goto="') == len(
        flow.step("adresse").answers) >= 2
    keyboard = html_flow.keyboard_html("texte", "fr", "compact")
    first = re.search(r'<button class="key"[^>]*>([^<]*)</button>', keyboard)
    assert first is not None and first.group(1) == "a"  # AZERTY: the first key is a letter
    assert 'data-type="a" data-action="char">a</button>' in keyboard
    assert 'data-type=" " data-action="space">espace</button>' in keyboard
    page = html_flow.site([flow], ASSETS)
    # one keyboard for its typed practice step; its choice practice step has none
    assert page.count('<div class="keyboard" data-keyboard="') == 1
    assert '<div class="keyboard" data-keyboard="email" hidden>' in page


def test_the_page_follows_the_kiosk_rules_for_tiles_and_keyboards() -> None:
    from kiosk.ui.screens.home.home import order_flows
    from kiosk.ui.screens.practice.keyboard import choose_variant

    repo = Path(__file__).resolve().parent.parent
    flows = list(load_flows(repo / "config" / "flows", repo / "assets").flows.values())
    assert [f.id for f in html_flow.order_flows(flows)] == [f.id for f in order_flows(flows)]
    for size in ((1280, 800, 95, 24), (1920, 1080, 95, 24), (800, 1280, 95, 24),
                 (1024, 600, 80, 20)):
        assert html_flow.keyboard_variant(*size) == choose_variant(*size)


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


def test_the_question_and_the_letter_keyboard_reached_by_suivant() -> None:
    flowset = load_flows(COMPLETE.parent, ASSETS)
    flow = flowset.flows["exemple-email"]
    assert bench_screen.path_to(flow, bench_screen.is_plain_question) == ["bienvenue"]
    assert bench_screen.pick_question(flowset.flows) == (flow, 1)
    # its letter keyboard lies beyond the question: « Suivant » never gets there
    assert bench_screen.path_to(flow, bench_screen.is_letter_practice) is None
    assert bench_screen.pick_typing(flowset.flows) is None
    repo = Path(__file__).resolve().parent.parent
    bundled = load_flows(repo / "config" / "flows", repo / "assets").flows
    typing = bench_screen.pick_typing(bundled)
    assert typing is not None
    typed_flow, steps = typing
    step = typed_flow.start
    for _ in range(steps):
        assert step.next is not None and step.kind is not StepKind.QUESTION
        step = typed_flow.step(step.next)
    assert step.kind is StepKind.PRACTICE and step.practice is not None
    assert step.practice.keyboard == "texte" and step.picture is None


def test_every_kind_of_tap_is_timed_by_one_route() -> None:
    flowset = load_flows(COMPLETE.parent, ASSETS)
    flow = flowset.flows["exemple-email"]
    found = bench_screen.routes((flow, 1), (flow, 3))
    timed = {"next", "back"}  # the walk
    for name, (flow_id, route) in found.items():
        assert flow_id == (None if name == "home" else "exemple-email")
        kinds = [tap.kind for tap in route.cycle if tap.kind]
        assert tuple(kinds) and set(kinds).isdisjoint(timed)
        assert {f"tap_{kind}" for kind in kinds} == set(bench_screen.ROUTE_ROWS[name])
        assert all(tap.kind is None for tap in route.setup)
        timed |= set(kinds)
    assert [tap.name for tap in found["answer"].__getitem__(1).setup] == ["Suivant"]
    assert [tap.name for tap in found["key"][1].setup] == ["Suivant"] * 3 + ["champ de réponse"]
    assert timed == set(bench_screen.TAP_KINDS) == {kind for kind, _ in report.TAP_KINDS}
    assert list(bench_screen.routes(None, None)) == ["home"]


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
            # A process that has just ended and is not reaped yet (the forked child, between
            # its exit and its parent's waitpid) has no command line: not counted.
            members = procs.tree(leader.pid, procs.all_stats())
            lines = []
            for pid in members:
                try:
                    words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                except OSError:
                    continue  # gone meanwhile
                if len(words) > 1:
                    lines.append(words[1])
            return sorted(lines)

        deadline = time.monotonic() + 60  # a generous bound: CI machines are busy
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
            "kiosk50": [{"start_ms": 600.0, "pss_mib": 110.0, "processes": 1}] * 5,
            "chromium50": [{"start_ms": 550.0, "pss_mib": 420.0, "processes": 11}] * 5}
    taps = {kind: {"kiosk": [30.0] * 50, "chromium": [20.0] * 50}
            for kind, _ in report.TAP_KINDS}
    taps["key"] = {"kiosk": [40.0] * 47 + [60.0] * 3, "chromium": [10.0] * 50}
    results = {"start": runs, "taps": taps,
               "memory_steps": {name: {"200": [{"pss_mib": value, "processes": 1}],
                                       "1000": [{"pss_mib": value, "processes": 1}]}
                                for name, value in (("kiosk", 260.0), ("chromium", 450.0))},
               "failures": {}}
    results.update(changes)
    return results


def test_report_rows_ratios_and_targets() -> None:
    found = {line.row.key: line for line in report.lines(sitting())}
    assert found["start"].ratio == pytest.approx(402.0 / 502.0)
    assert found["start"].met is True
    assert found["start_50"].ratio == pytest.approx(600.0 / 550.0)  # against Chromium's 50
    assert found["start_50"].met is False
    assert found["memory_5s"].ratio == 0.25 and found["memory_5s"].met is None
    # memory after 1,000 steps: a budget in MiB, the ratio only reported
    assert found["memory_1000"].ratio == pytest.approx(260 / 450)
    assert found["memory_1000"].met is False
    assert {line.row.key: line.met for line in report.lines(sitting(memory_steps={
        name: {"1000": [{"pss_mib": 250.0, "processes": 1}]} for name in ("kiosk", "chromium")
    }))}["memory_1000"] is True
    assert found["processes"].met is None
    table = report.table(sitting())
    assert "| 402 ms (400–404, n=5) | 502 ms (500–504, n=5) | 0.80× | ratio ≤ 1.0× " \
           "| **yes** |" in table
    assert "| 260 MiB (260–260, n=1) | 450 MiB (450–450, n=1) | 0.58× | ≤ 250 MiB | " \
           "**NO** |" in table


def test_each_kind_of_tap_against_its_budget() -> None:
    taps = {tap.kind: tap for tap in report.tap_lines(sitting())}
    assert list(taps) == list(bench_screen.TAP_KINDS)
    assert taps["next"].met is True and taps["next"].ratio_median == 1.5
    # 3 slow taps in 50: the 95th percentile (48th of 50) is one of them
    assert taps["key"].kiosk is not None and taps["key"].kiosk.median == 40.0
    assert taps["key"].kiosk.p95 == 60.0 and taps["key"].met is False
    assert taps["key"].ratio_p95 == 6.0
    table = report.tap_table(sitting())
    assert ("| A key of the practice keyboard (« a ») → the letter in the typed field | "
            "40.0 / 60.0 ms (n=50) | 10.0 / 10.0 ms (n=50) | 4.00× | 6.00× | ≤ 50 ms | "
            "**NO** |") in table
    text = report.summary(sitting())
    assert "key        borne médiane   40.0 p95   60.0 ms" in text and "budget MANQUÉ" in text


def test_a_failed_measure_gives_no_number() -> None:
    results = sitting(failures={"tap_answer": "borne : aucun pixel attendu après 10 s"})
    taps = {tap.kind: tap for tap in report.tap_lines(results)}
    assert taps["answer"].kiosk is None and taps["answer"].met is None
    assert taps["answer"].ratio_median is None
    assert taps["answer"].failure == "borne : aucun pixel attendu après 10 s"
    table = report.tap_table(results)
    line = next(line for line in table.splitlines() if "An answer" in line)
    assert line == ("| An answer of a question → the step it leads to | **not measured**: "
                    "borne : aucun pixel attendu après 10 s | — | — | — | ≤ 50 ms | "
                    "not measured |")
    assert "30.0" not in line
    text = report.markdown(results, Path("benchmarks/x.json"), Path("benchmarks.png"), None)
    assert "**Not measured in this run**" in text
    missing = sitting(taps={})
    assert all(tap.failure == "no figure recorded" for tap in report.tap_lines(missing))


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
        assert time.perf_counter() - started >= 0.3  # it waited its time before failing
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
    assert report.table(sitting()) in text and report.tap_table(sitting()) in text
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


# -- where to tap ----------------------------------------------------------------------------
def boxes(*filled: tuple[int, int, int, int, int]) -> dict[tuple[int, int], int]:
    """Pixels of solid boxes (x0, y0, x1, y1 included, colour), later ones on top."""
    paint: dict[tuple[int, int], int] = {}
    for x0, y0, x1, y1, colour in filled:
        paint |= {(x, y): colour for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)}
    return paint


PRIMARY, WHITE = finders.PRIMARY, finders.WHITE


def test_the_buttons_of_a_step_are_found_by_colour_and_place() -> None:
    step = frame_of(400, 200, boxes((10, 5, 60, 35, PRIMARY),      # « Accueil »
                                    (80, 5, 130, 35, WHITE),       # another bar button
                                    (20, 60, 380, 90, WHITE),      # an answer
                                    (20, 100, 380, 130, WHITE),    # another answer
                                    (10, 160, 100, 190, WHITE),    # « Retour »
                                    (150, 160, 250, 190, WHITE),   # « Répéter »
                                    (300, 160, 380, 190, PRIMARY)))  # « Suivant »
    assert finders.next_button(step) == (340, 175)
    assert finders.back_button(step) == (55, 175)
    assert finders.home_button(step) == (35, 20)
    assert finders.answer(step) == (200, 80)  # 20 px below the first answer's top edge
    assert finders.answer_field(step) == (200, 72)  # the widest, 12 px below its top
    with pytest.raises(MeasureError, match="« Suivant »"):
        finders.next_button(frame_of(400, 200, boxes((300, 160, 380, 170, PRIMARY))))


def test_home_tiles_the_confirmation_and_the_keyboard() -> None:
    home = frame_of(400, 200, boxes((10, 5, 60, 35, PRIMARY), (20, 50, 120, 120, WHITE),
                                    (150, 50, 250, 120, WHITE)))
    assert finders.tile(home) == (70, 80)
    asked = frame_of(400, 200, boxes((10, 5, 60, 35, 0x06204C),  # dimmed « Accueil »
                                     (60, 60, 180, 110, WHITE), (220, 60, 340, 110, PRIMARY),
                                     (300, 160, 380, 190, 0x06204C)))
    assert finders.confirm_button(asked) == (280, 85)
    typing = frame_of(400, 200, boxes((20, 50, 140, 66, WHITE),     # the typed field
                                      (150, 42, 200, 66, WHITE),    # « Effacer »
                                      (220, 42, 300, 66, WHITE),    # « Tout effacer »
                                      (330, 42, 390, 66, PRIMARY),  # « Vérifier »
                                      (20, 100, 60, 140, WHITE),    # « a »
                                      (70, 100, 110, 140, WHITE)))  # « z »
    assert finders.erase_all_button(typing) == (260, 54)
    assert finders.key(typing) == (40, 130)
    with pytest.raises(MeasureError, match="première touche"):
        finders.key(frame_of(400, 200, boxes((10, 5, 60, 35, PRIMARY))))


def test_a_screen_redrawn_with_a_few_pixels_shaded_apart_is_the_same_screen() -> None:
    screen = frame_of(100, 100, boxes((10, 10, 40, 40, PRIMARY)))
    seam = frame_of(100, 100, boxes((10, 10, 40, 40, PRIMARY), (10, 41, 14, 41, 0x3355AA)))
    other = frame_of(100, 100, boxes((10, 10, 40, 40, PRIMARY), (50, 50, 60, 60, WHITE)))
    assert probes.differing_pixels(screen, seam) == 5 and probes.same_screen(screen, seam)
    assert probes.differing_pixels(screen, other) == 121
    assert not probes.same_screen(screen, other)


def test_a_first_screen_is_taken_once_it_holds_still() -> None:
    early = frame_of(20, 20, {(1, 1): PRIMARY})
    ready = frame_of(20, 20, {(1, 1): PRIMARY, (5, 5): WHITE})
    shown = iter([early, early, early, ready])

    def grab() -> Frame:
        return next(shown, ready)

    now = [0.0]  # a clock of the test's own: each pause takes exactly its time

    def sleep(seconds: float) -> None:
        now[0] += seconds

    def clock() -> float:
        return now[0]

    assert probes.steady(grab, 30, "borne", quiet=0.02, pause=0.001, clock=clock,
                         sleep=sleep) is ready
    assert 0.022 <= now[0] <= 0.025  # three early frames, then 0.02 s of the ready one
    with pytest.raises(MeasureError, match="sans changer"):
        flicker = iter([early, ready] * 1000)
        probes.steady(lambda: next(flicker), 0.05, "borne", quiet=10, pause=0.001,
                      clock=clock, sleep=sleep)


# -- lines of code ---------------------------------------------------------------------------
def test_lines_of_the_ui_and_of_the_package() -> None:
    files = {"kiosk/a.py": b"x = 1\ny = 2\n", "kiosk/ui/b.py": b"\n\nz = 3",
             "kiosk/ui/c.kv": b"<C>:\n", "kiosk/ui/__pycache__/b.py": b"no\n",
             "kiosk_other/d.py": b"1\n", "kiosk/e.txt": b"1\n"}
    assert bench_lines.count(files, "kiosk/ui", ".py") == bench_lines.Count(1, 3)
    assert bench_lines.count(files, "kiosk", ".py") == bench_lines.Count(2, 5)
    assert bench_lines.count(files, "kiosk", ".kv") == bench_lines.Count(1, 1)
    table = bench_lines.rows({"kiosk/ui/b.py": b"1\n2\n"}, files)
    assert table[1].split() == ["kiosk/ui/", "py", "2", "lignes,", "1", "fichiers", "3",
                                "lignes,", "1", "fichiers", "+1"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git manque")
def test_lines_before_are_read_from_a_commit(tmp_path: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(tmp_path), *args], check=True,
                              capture_output=True, text=True).stdout.strip()

    (tmp_path / "kiosk" / "ui").mkdir(parents=True)
    (tmp_path / "kiosk" / "ui" / "a.py").write_text("a\nb\nc\n", encoding="utf-8")
    (tmp_path / "kiosk" / "b.kv").write_text("é\n", encoding="utf-8")
    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "avant")
    commit = git("rev-parse", "HEAD")
    (tmp_path / "kiosk" / "ui" / "a.py").write_text("a\n", encoding="utf-8")
    assert bench_lines.commit_files(tmp_path, commit) == {
        "kiosk/b.kv": "é\n".encode(), "kiosk/ui/a.py": b"a\nb\nc\n"}
    assert bench_lines.working_files(tmp_path)["kiosk/ui/a.py"] == b"a\n"
    with pytest.raises(RuntimeError):
        bench_lines.commit_files(tmp_path, "0" * 40)
