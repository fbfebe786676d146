"""The published month: outcomes that add up, the CSV, the report, and the privacy attacks
of issue 17 run against every publication (they must not recover a count from 1 to 4)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.flows.engine import Walker
from kiosk.flows.loader import load_flows
from kiosk.usage import UsageLog, UsageRecorder, demo, export, monthly, privacy, report, store
from kiosk.usage.export import HEADER, OUTCOME_COLUMNS, TOTAL_ROW

ROOT = Path(__file__).resolve().parent.parent
END = datetime(2026, 12, 10, 19, 0)
MONTHS = [monthly.Month(2026, m) for m in range(6, 12)]


@pytest.fixture(scope="module")
def flows():
    return load_flows(ROOT / "config" / "flows", ROOT / "assets").flows


@pytest.fixture(scope="module")
def db(tmp_path_factory, flows) -> Path:
    """About 25,000 events walked through the real engine and recorder, over 200 days."""
    path = tmp_path_factory.mktemp("monthly") / "usage.db"
    demo.generate(path, 25_000, flows, seed=3, end=END, days=200)
    return path


@pytest.fixture(scope="module")
def conn(db):
    connection = store.read_connection(db)
    yield connection
    connection.close()


# -- outcomes ------------------------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.at, self.mono = datetime(2026, 11, 3, 10), 0.0

    def advance(self, seconds: float) -> None:
        from datetime import timedelta

        self.at += timedelta(seconds=seconds)
        self.mono += seconds


def test_back_from_an_end_and_forward_again_is_one_visit_with_one_outcome(tmp_path, flows):
    flow = flows["caf-declaration-trimestrielle"]
    clock = Clock()
    log = UsageLog(tmp_path / "usage.db", now=lambda: clock.at)
    recorder = UsageRecorder(log, now=lambda: clock.at, monotonic=lambda: clock.mono)
    walker = Walker(flow)
    recorder.watch(walker)
    walker.start()
    ends = 0
    for _ in range(200):  # always the first answer, until an end; then back and on, twice
        clock.advance(10)
        if walker.finished:
            ends += 1
            if ends == 3:
                break
            walker.back()
            clock.advance(5)
        step = walker.step
        if step.answers:
            walker.answer(0)
        else:
            walker.next()
    recorder.visit_ended("home")
    assert log.flush()
    log.close()
    conn = store.read_connection(tmp_path / "usage.db")
    kinds = dict(conn.execute("SELECT kind, COUNT(*) FROM events GROUP BY kind").fetchall())
    assert kinds["procedure_ended"] == 3 and kinds["procedure_outcome"] == 1
    pub = monthly.publish(conn, monthly.Month(2026, 11), flows)
    conn.close()
    f = pub.figures.flows[0]
    assert f.visits == 1 and sum(f.outcomes.values()) == 1  # never above 100 %


def test_every_visit_of_a_flow_has_exactly_one_outcome(conn, flows):
    for month in MONTHS:
        fig = monthly.month_figures(conn, month, flows)
        start, end = month.bounds()
        runs = conn.execute(
            "SELECT COUNT(*) FROM (SELECT DISTINCT e.visit, e.flow FROM events e JOIN events v "
            "ON v.visit = e.visit AND v.kind = 'visit_ended' WHERE e.kind = "
            "'procedure_started' AND v.at >= ? AND v.at < ?)", (start, end)).fetchone()[0]
        assert fig.procedure_visits == runs
        for f in fig.flows:
            assert set(f.outcomes) <= set(monthly.OUTCOMES)
            assert 0 <= f.outcomes.get("reussite", 0) <= f.visits
            assert sum(f.leave_steps.values()) == sum(f.outcomes.get(o, 0)
                                                      for o in monthly.LEFT)


def test_where_people_leave_is_a_step_after_which_visits_ended(conn, flows):
    pub = monthly.publish(conn, monthly.Month(2026, 11), flows)
    named = 0
    for f in pub.figures.flows:
        step = pub.top_step(f.flow, "sortie")
        if step is None:
            continue
        named += 1
        assert f.leave_steps[step] == max(f.leave_steps.values()) >= 5
        assert pub.step_title(f.flow, step) == next(
            s.title.fr for s in flows[f.flow].steps if s.id == step)  # a title, not an id
    assert named


def test_attack_the_order_of_the_rows_bounds_no_hidden_count(conn, flows):
    """Rows ranked by their true visits would bound a hidden one by its neighbours (a
    « s » between 16 and 10 is 10 to 16) and say « small » of one after every number:
    shown rows come first, most first, hidden ones after them, by title."""
    for month in MONTHS:
        pub = monthly.publish(conn, month, flows)
        shown = [pub.count(("parcours", f.flow)) for f in pub.flows]
        hidden = [f.title for f in pub.flows if pub.count(("parcours", f.flow)) is None]
        assert hidden and None not in shown[:len(shown) - len(hidden)]
        assert shown[len(shown) - len(hidden):] == [None] * len(hidden)
        numbers = shown[:len(shown) - len(hidden)]
        assert numbers == sorted(numbers, reverse=True)
        assert hidden == sorted(hidden)


def test_a_step_is_named_only_when_the_count_it_bounds_is_shown(flows):
    """Naming « where people leave » says 5 or more left there: never for a flow whose
    visits are hidden (nor « where help is asked » for hidden help requests)."""
    month = monthly.Month(2026, 11)
    big = monthly.FlowMonth("a", "A", (), {"reussite": 50}, help=40, help_steps={"a1": 40})
    mid = monthly.FlowMonth("b", "B", (), {"abandon": 7}, help=6, help_steps={"b1": 6},
                            leave_steps={"b1": 6, monthly.NO_STEP: 1})
    tiny = monthly.FlowMonth("c", "C", (), {"abandon": 3}, help=2, help_steps={"c1": 2},
                             leave_steps={"c1": 3})
    fig = monthly.MonthFigures(month, 60, (60,) + (0,) * 23, (60,) + (0,) * 6,
                               {name: 0 for name in monthly.CHOICES}, [big, mid, tiny], 0,
                               {})
    table = monthly.table(fig)
    pub = monthly.Published(fig, privacy.protect(table), dict(table.values))
    assert pub.count(("parcours", "b")) is None and pub.count(("aide", "b")) is None
    assert pub.top_step("b", "sortie") is None and pub.top_step("b", "aide") is None
    assert pub.top_step("a", "aide") == "a1"


# -- the CSV -------------------------------------------------------------------------------
def test_the_csv_opens_in_a_french_spreadsheet(db, tmp_path, flows):
    out = tmp_path / "e.csv"
    export.write_export(db, MONTHS[-2:], out, flows)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == HEADER
    assert {"Nom de la démarche", "Thématique(s)"} <= set(HEADER)
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", r[0]) and re.fullmatch(r"\d\d/\d\d/\d{4}", r[1])
               for r in rows[1:])
    assert [r[2] for r in rows[1:]].count(TOTAL_ROW) == 2
    assert {r[0] for r in rows[1:]} == {"01/10/2026", "01/11/2026"}
    assert "Aide aux démarches administratives" in raw.decode("utf-8-sig")


# -- privacy -------------------------------------------------------------------------------
def _exports(db, tmp_path, flows, spans) -> dict[tuple, list[list[str]]]:
    result = {}
    for index, span in enumerate(spans):
        out = tmp_path / f"e{index}.csv"
        export.write_export(db, span, out, flows)
        result[tuple(span)] = list(csv.reader(io.StringIO(
            out.read_text(encoding="utf-8-sig")), delimiter=";"))[1:]
    return result


def test_attack_difference_of_two_exports_gives_no_day_and_nothing_new(db, tmp_path, flows,
                                                                       capsys):
    # A day cannot be asked for: exports take whole months only...
    with pytest.raises(SystemExit):
        main(["export", "--data-dir", str(db.parent), "--from", "2026-11-02",
              "--out", str(tmp_path / "x.csv")])
    assert "Écrivez-le AAAA-MM" in capsys.readouterr().err
    # ...and the month still running is refused (two looks a day apart would give a day).
    assert main(["stats", "--data-dir", str(db.parent), "--mois", "2099-01"]) == 2
    # The difference of two exports is a set of whole months, each already published.
    spans = [MONTHS[i:] for i in range(len(MONTHS))] + [MONTHS[:3], MONTHS[2:5]]
    exports = _exports(db, tmp_path, flows, spans)
    by_month: dict[str, list[list[str]]] = {}
    for rows in exports.values():
        for start in {r[0] for r in rows}:
            block = [r for r in rows if r[0] == start]
            assert block == by_month.setdefault(start, block), start  # same in every export
    for a in exports.values():
        for b in exports.values():
            extra = [r for r in a if r not in b]
            for row in extra:
                assert row in by_month[row[0]]  # the rows of a month published anyway


def _attack_by_subtraction(rows: list[list[str]]) -> list[tuple[str, str, int, int]]:
    """The attacker: for one month of the CSV, every equation a reader knows (a flow's
    visits are the sum of its outcomes; the totals row is the sum of the rows), hidden
    cells at least 1, bounds tightened until nothing moves. Returns (row, column, low,
    high) of each hidden cell."""
    columns = [HEADER.index("Visites")] + [HEADER.index(w) for _o, w in OUTCOME_COLUMNS]
    help_col = HEADER.index("Demandes d'aide")
    cells: dict[tuple[int, int], list[int]] = {}
    for r, row in enumerate(rows):
        for c in [*columns, help_col]:
            cells[(r, c)] = [1, 10**6] if row[c] == privacy.HIDDEN_MARK else [int(row[c])] * 2
    total = len(rows) - 1
    equations = []
    for r in range(len(rows)):
        equations.append(([(r, c) for c in columns[1:]], [(r, columns[0])]))
    for c in [*columns, help_col]:
        equations.append(([(r, c) for r in range(total)], [(total, c)]))
    changed = True
    while changed:
        changed = False
        for parts, whole in equations:
            for side, other in ((parts, whole), (whole, parts)):
                for cell in side:
                    rest_lo = sum(cells[k][0] for k in side if k != cell)
                    rest_hi = sum(cells[k][1] for k in side if k != cell)
                    lo = sum(cells[k][0] for k in other) - rest_hi
                    hi = sum(cells[k][1] for k in other) - rest_lo
                    if lo > cells[cell][0] or hi < cells[cell][1]:
                        cells[cell] = [max(lo, cells[cell][0]), min(hi, cells[cell][1])]
                        changed = True
    return [(rows[r][2], HEADER[c], lo, hi) for (r, c), (lo, hi) in cells.items()
            if rows[r][c] == privacy.HIDDEN_MARK]


def test_attack_totals_minus_shown_rows_recovers_nothing(db, tmp_path, flows):
    [rows] = _exports(db, tmp_path, flows, [MONTHS]).values()
    hidden_small = 0
    for start in sorted({r[0] for r in rows}):
        block = [r for r in rows if r[0] == start]
        for name, column, low, high in _attack_by_subtraction(block):
            assert high >= 5, (start, name, column, low, high)  # could be 5 or more
            hidden_small += 1
    assert hidden_small > 20  # the attack had cells to try


def test_attack_on_the_protection_itself_each_small_cell_has_a_twin_table(conn, flows):
    for month in MONTHS:
        fig = monthly.month_figures(conn, month, flows)
        table = monthly.table(fig)
        hidden = privacy.protect(table)
        small = [k for k, v in table.values.items() if privacy.small(v)]
        assert small and set(small) <= hidden
        for key in small:  # an independent check of the other table the search found
            coefs = [e.coefficients() for e in table.equations]
            of_cell: dict = {}
            for i, coef in enumerate(coefs):
                for k in coef:
                    of_cell.setdefault(k, []).append(i)
            delta = privacy._other_table(key, table.values, coefs, of_cell, set(hidden))
            assert delta is not None
            twin = {k: v + delta.get(k, 0) for k, v in table.values.items()}
            assert twin[key] >= 5
            assert all(twin[k] == v for k, v in table.values.items() if k not in hidden)
            assert all(twin[k] >= min(v, 1) for k, v in table.values.items())
            for e in table.equations:
                assert sum(twin[k] for k in e.parts) == sum(twin[k] for k in e.total)


def test_attack_comparing_stats_report_and_export_they_say_the_same(db, conn, tmp_path,
                                                                    flows, capsys):
    month = monthly.Month(2026, 11)
    assert main(["stats", "--data-dir", str(db.parent), "--mois", str(month)]) in (0,)
    text = capsys.readouterr().out
    [rows] = _exports(db, tmp_path, flows, [[month]]).values()
    parts = report.gather(conn, month, flows)
    pub = parts["month"]
    totals = next(r for r in rows if r[2] == TOTAL_ROW)
    assert totals[HEADER.index("Visites")] == pub.text("parcours")
    assert re.search(rf"Démarches suivies\s+{re.escape(pub.text('parcours'))}\s", text)
    assert re.search(rf"réussi\s+{re.escape(pub.text(('issue', 'reussite')))}\s", text)
    for f in pub.figures.flows:
        row = next(r for r in rows if r[3] == f.flow)
        assert row[HEADER.index("Visites")] == pub.text(("parcours", f.flow))
        assert f"visites {pub.text(('parcours', f.flow))} :" in text
    for hour in range(24):  # no number anywhere that is a small count of the month
        value = pub.figures.by_hour[hour]
        if 1 <= value <= 4:
            assert pub.text(("heure", hour)) == privacy.HIDDEN_MARK


# -- the report ----------------------------------------------------------------------------
def test_the_monthly_report_is_two_a4_pages_with_charts(db, tmp_path, flows, capsys):
    out = tmp_path / "rapport.pdf"
    assert main(["rapport", "--data-dir", str(db.parent), "--mois", "2026-11",
                 "--out", str(out)]) == 0
    assert "Rapport d'activité de la borne — novembre 2026" in capsys.readouterr().out
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(
        b"/Type /Page ") + data.count(b"/Type/Page") >= 2
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm absent (Debian paquet poppler-utils) : pages non rendues")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(out), str(tmp_path / "page")],
                   check=True, timeout=60)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    from matplotlib.image import imread

    for page in pages:
        pixels = imread(page)
        height, width = pixels.shape[:2]
        assert abs(height / width - 297 / 210) < 0.02  # A4 portrait
        dark = (pixels[..., :3].mean(axis=2) < 0.5).mean()
        assert 0.01 < dark < 0.4  # text and bars drawn, not blank, not a black page


def test_the_report_uses_the_readers_own_font_and_embeds_one_for_other_alphabets(
        conn, tmp_path, flows, caplog):
    """French fits Helvetica, a font every PDF reader has: nothing embedded (fast, small).
    A title in another alphabet would come out as « ? » there: DejaVu Sans's glyphs go
    into the file instead. Neither asks matplotlib for a font it warns about."""
    import dataclasses
    import logging

    from kiosk.flows.model import Text

    month = monthly.Month(2026, 11)
    french = tmp_path / "fr.pdf"
    caplog.set_level(logging.WARNING, logger="matplotlib")
    report.render(report.gather(conn, month, flows), french)
    busiest = monthly.publish(conn, month, flows).figures.flows[0].flow
    renamed = dict(flows)
    renamed[busiest] = dataclasses.replace(flows[busiest],
                                           short_title=Text.of("Déclaration — إقرار"))
    other = tmp_path / "ar.pdf"
    report.render(report.gather(conn, month, renamed), other)
    assert [r.getMessage() for r in caplog.records] == []
    data, data_other = french.read_bytes(), other.read_bytes()
    assert b"/BaseFont /Helvetica" in data and b"/Type3" not in data
    assert b"DejaVuSans" not in data
    assert b"DejaVuSans" in data_other and b"/Type3" in data_other  # glyphs in the file
    assert b"Helvetica" not in data_other
