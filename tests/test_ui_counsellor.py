"""The counsellor's space through the real app, offscreen, on a controlled clock."""

from __future__ import annotations

import csv
import re
import sqlite3
import time
from datetime import datetime

import pytest
from kivy.core.image import Image as CoreImage
from kivy.core.window import Window
from kivy.tests.common import UnitTestTouch
from ui_helpers import FakeClock, make_app, rect, run_app, settle, tap, walk_widgets

from kiosk.cli import main
from kiosk.pin import set_pin
from kiosk.ui.screens.counsellor import month as month_view
from kiosk.ui.screens.counsellor.charts import BarChart
from kiosk.ui.screens.counsellor.figures import NumberCard, TableRow
from kiosk.ui.theme.metrics import MIN_GAP_PX, TARGET_MM
from kiosk.ui.theme.palette import rgba
from kiosk.ui.widgets.common import BigButton, BodyText
from kiosk.usage import demo, export, monthly, privacy, report, store
from kiosk.usage.monthly import Month

PIN = "4829"
NOW = datetime(2026, 11, 20, 16, 0)
FLOW = "creer-adresse-email"


def corner_taps(app, clock, count=5, every=0.3):
    """Real touches in the top-left corner, through the window."""
    for _ in range(count):
        touch = UnitTestTouch(3, Window.height - 3)
        touch.touch_down()
        touch.touch_up()
        clock.advance(every)
        yield
    yield from settle(app)


def enter(app, clock, pin=PIN):
    yield from corner_taps(app, clock)
    pad = app.counsellor.pad
    for digit in pin:
        tap(pad.keys[digit])
    tap(pad.keys["Valider"])
    yield from loaded(app)


def enter_tab(app, clock, tab):
    """Enter the space with the PIN and open one of its tabs; returns the space."""
    yield from enter(app, clock)
    space = app.counsellor.space
    tap(space.ids[tab])
    yield from settle(app)
    return space


def loaded(app):
    """Frames until the figures (computed on a thread) are on screen: on the wall clock, as
    the thread runs on it, whatever the machine's load."""
    deadline = time.monotonic() + 60
    while True:
        yield
        session = app.counsellor
        if session is None or session.space is None or not session.space.loading:
            break
        assert time.monotonic() < deadline, "the figures were never shown"
    yield from settle(app)


def in_order(widget):
    """Widgets in the order they were added (Kivy keeps children last first)."""
    yield widget
    for child in reversed(widget.children):
        yield from in_order(child)


def with_pin(tmp_path):
    set_pin(tmp_path / "data", PIN)


def events(app):
    assert app.usage_log.flush(10)
    with sqlite3.connect(app.usage_log.path) as conn:
        return conn.execute("SELECT kind, value FROM events ORDER BY id").fetchall()


def test_five_corner_taps_open_the_pad_four_or_slow_ones_do_not(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock)
    seen = {}

    def script(app):
        yield from settle(app)
        yield from corner_taps(app, clock, count=4)
        seen["four"] = app.counsellor
        clock.advance(5)
        yield from corner_taps(app, clock, count=5, every=0.8)  # 3.2 s from first to fifth
        seen["slow"] = app.counsellor
        clock.advance(5)
        yield from corner_taps(app, clock)
        seen["pad"] = app.counsellor.pad is not None and app.counsellor.space is None
        seen["home"] = app.root.ids.screens.current
        seen["events"] = events(app)

    run_app(app, script)
    assert seen == {"four": None, "slow": None, "pad": True, "home": "home", "events": []}


def test_without_a_pin_the_space_never_opens(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock)
    seen = {}

    def script(app):
        yield from settle(app)
        yield from corner_taps(app, clock)
        pad = app.counsellor.pad
        seen["message"] = pad.message
        seen["disabled"] = {k.disabled for k in pad.keys.values()}
        pad.press("1")
        pad.submit()
        yield from settle(app)
        seen["space"] = app.counsellor.space
        tap(pad.ids.close)
        yield from settle(app)
        seen["closed"] = app.counsellor

    run_app(app, script)
    assert seen == {"message": "Aucun code n'est réglé. Sur la borne, lancez : kiosk set-pin",
                    "disabled": {True}, "space": None, "closed": None}


def test_the_right_pin_opens_the_space_and_the_pad_is_big(tmp_path):
    clock = FakeClock()
    with_pin(tmp_path)
    app = make_app(tmp_path, clock)
    seen = {}

    def script(app):
        yield from settle(app)
        yield from corner_taps(app, clock)
        pad = app.counsellor.pad
        keys = list(pad.keys.values())
        minimum = TARGET_MM * app.theme.px_per_mm - 0.5
        seen["small"] = [k.text for k in keys if min(k.size) < minimum]
        seen["close"] = [k.text for k in keys + [pad.ids.close]
                         if _gap(rect(k), rect(pad.ids.close)) < MIN_GAP_PX and k is not
                         pad.ids.close]
        for digit in "12":
            tap(pad.keys[digit])
        seen["masked"] = pad.masked
        tap(pad.keys["Effacer"])
        seen["erased"] = pad.masked
        tap(pad.keys["Effacer"])
        for digit in PIN:
            tap(pad.keys[digit])
        tap(pad.keys["Valider"])
        yield from loaded(app)
        seen["space"] = app.counsellor.space is not None and app.counsellor.pad is None
        seen["tab"] = app.counsellor.space.tab
        for tab in ("flows", "kiosk", "figures"):
            tap(app.counsellor.space.ids[f"{tab}_tab"])
            yield from loaded(app)
        seen["events"] = events(app)  # the counsellor is not a visitor: nothing recorded

    run_app(app, script)
    assert seen == {"small": [], "close": [], "masked": "●●", "erased": "●", "space": True,
                    "tab": "figures", "events": []}


def _gap(first, second):
    ax0, ay0, ax1, ay1 = first
    bx0, by0, bx1, by1 = second
    return max(bx0 - ax1, ax0 - bx1, by0 - ay1, ay0 - by1, 0)


def test_five_wrong_pins_lock_the_pad_for_five_minutes(tmp_path):
    clock = FakeClock()
    with_pin(tmp_path)
    app = make_app(tmp_path, clock)
    seen: dict = {"messages": []}

    def wrong(pad):
        for digit in "1111":
            tap(pad.keys[digit])
        tap(pad.keys["Valider"])
        seen["messages"].append(pad.message)

    def script(app):
        yield from settle(app)
        yield from corner_taps(app, clock)
        pad = app.counsellor.pad
        for _ in range(5):
            wrong(pad)
            yield
        seen["locked"] = (pad.locked, {k.disabled for k in pad.keys.values()})
        pad.press("4")  # a locked pad takes nothing
        seen["typed"] = pad.masked
        clock.advance(61)
        app._tick_idle()
        seen["later"] = pad.message
        pad.session.touched(clock.now)
        clock.advance(100)
        pad.session.touched(clock.now)
        clock.advance(100)
        pad.session.touched(clock.now)
        clock.advance(40)  # 301 s after the fifth wrong code
        app._tick_idle()
        seen["unlocked"] = (pad.locked, pad.message)
        for digit in PIN:
            tap(pad.keys[digit])
        tap(pad.keys["Valider"])
        yield from loaded(app)
        seen["space"] = app.counsellor.space is not None

    run_app(app, script)
    assert seen == {
        "messages": ["Code incorrect. Encore 4 essais.", "Code incorrect. Encore 3 essais.",
                     "Code incorrect. Encore 2 essais.", "Code incorrect. Encore 1 essai.",
                     "Trop d'essais. Réessayez dans 5 min 00 s."],
        "locked": (True, {True}), "typed": "",
        "later": "Trop d'essais. Réessayez dans 3 min 59 s.",
        "unlocked": (False, "Tapez votre code, puis touchez « Valider »."), "space": True}


def test_the_space_closes_after_two_quiet_minutes_and_the_visit_is_wiped(tmp_path):
    clock = FakeClock()
    with_pin(tmp_path)
    app = make_app(tmp_path, clock)
    seen = {}

    def script(app):
        yield from settle(app)
        app.open_flow(FLOW)
        app.controller.next()
        yield from settle(app)
        yield from enter(app, clock)
        clock.advance(119)
        app._tick_idle()
        seen["at 119 s"] = app.counsellor is not None
        tap(app.counsellor.space.ids.flows_tab)  # a touch starts the two minutes again
        yield from settle(app)
        clock.advance(119)
        app._tick_idle()
        seen["touched"] = app.counsellor is not None
        clock.advance(2)
        app._tick_idle()
        yield from settle(app)
        seen["closed"] = app.counsellor is None
        seen["screen"] = app.root.ids.screens.current
        seen["walker"] = app.visit.walker
        seen["windows"] = [type(w).__name__ for w in Window.children[:-1]]
        seen["end"] = events(app)[-1]

    run_app(app, script)
    assert seen == {"at 119 s": True, "touched": True, "closed": True, "screen": "home",
                    "walker": None, "windows": [], "end": ("visit_ended", "home")}


def test_the_pad_alone_also_closes_after_two_minutes(tmp_path):
    clock = FakeClock()
    with_pin(tmp_path)
    app = make_app(tmp_path, clock)
    seen = {}

    def script(app):
        yield from settle(app)
        app.open_flow(FLOW)
        app.controller.next()
        yield from settle(app)
        step = app.visit.walker.step.id
        yield from corner_taps(app, clock)
        clock.advance(119)
        app._tick_idle()
        seen["at 119 s"] = app.counsellor is not None
        clock.advance(1)
        app._tick_idle()
        yield from settle(app)
        seen["closed"] = app.counsellor is None
        seen["windows"] = len(Window.children)
        # nobody entered: the visitor who stumbled on the gesture finds their step again
        seen["kept"] = (app.root.ids.screens.current, app.visit.walker.step.id == step)

    run_app(app, script)
    assert seen == {"at 119 s": True, "closed": True, "windows": 1, "kept": ("step", True)}


def test_a_flow_switched_off_leaves_home_and_stays_off_after_a_restart(tmp_path):
    clock = FakeClock()
    with_pin(tmp_path)
    app = make_app(tmp_path, clock)
    seen = {}

    def script(app):
        yield from settle(app)
        seen["before"] = FLOW in _home_flows(app)
        space = yield from enter_tab(app, clock, "flows_tab")
        row = next(w for w in walk_widgets(space) if getattr(w, "flow_id", "") == FLOW)
        space.ids.scroller.scroll_to(row, animate=False)
        yield from settle(app)
        tap(row)
        yield from settle(app)
        seen["row"] = row.checked
        tap(space.ids.close)
        yield from settle(app)
        seen["after"] = FLOW in _home_flows(app)

    run_app(app, script)
    restarted = make_app(tmp_path, FakeClock())

    def later(app):
        yield from settle(app)
        seen["restart"] = FLOW in _home_flows(app)

    run_app(restarted, later)
    assert seen == {"before": True, "row": False, "after": False, "restart": False}
    assert (tmp_path / "data" / "parcours.json").read_text() == '{\n "disabled": [\n  "' \
        + FLOW + '"\n ]\n}\n'


def _home_flows(app):
    screen = app.home_screen
    ids = []
    for page in range(screen.pages):
        screen.page = page
        screen.refresh()
        ids += [t.flow_id for t in screen.tiles()]
    screen.page = 0
    screen.refresh()
    return ids


def test_pausing_the_idle_wipe_keeps_a_visit_for_up_to_two_hours(tmp_path):
    clock = FakeClock()
    with_pin(tmp_path)
    app = make_app(tmp_path, clock)
    seen = {}

    def script(app):
        yield from settle(app)
        space = yield from enter_tab(app, clock, "kiosk_tab")
        tap(space.pause_button)
        yield
        seen["text"] = space.pause_label.text
        tap(space.ids.close)
        yield from settle(app)
        app.open_flow(FLOW)  # the counsellor now helps someone
        yield from settle(app)
        clock.advance(3600)
        app._tick_idle()
        seen["1 h"] = (app.dialogs.idle_view is None, app.visit.walker is not None)
        clock.advance(3601)
        app._tick_idle()  # the pause has ended: a fresh quiet time starts
        seen["2 h"] = (app.dialogs.idle_view is None, app.visit.walker is not None)
        clock.advance(app.settings.idle_timeout + 1)
        app._tick_idle()
        seen["warned"] = app.dialogs.idle_view is not None

    run_app(app, script)
    assert seen == {"text": "L'effacement automatique est suspendu encore 2 h 00 min.",
                    "1 h": (True, True), "2 h": (True, True), "warned": True}


def test_the_usb_button_writes_the_export_on_the_stick(tmp_path):
    clock = FakeClock()
    with_pin(tmp_path)
    media = tmp_path / "media"
    app = make_app(tmp_path, clock, usb_mount_root=str(media))
    demo.generate(tmp_path / "data" / store.DB_NAME, 3000, app.flowset.flows, end=NOW)
    app.wall_clock = lambda: NOW
    seen = {}

    def script(app):
        yield from settle(app)
        space = yield from enter_tab(app, clock, "kiosk_tab")
        button = next(w for w in walk_widgets(space)
                      if getattr(w, "text", "") == "Copier les statistiques sur une clé USB")
        tap(button)
        yield from loaded(app)
        seen["no stick"] = space.status
        (media / "CLE").mkdir(parents=True)
        tap(button)
        yield from loaded(app)
        seen["stick"] = space.status

    run_app(app, script)
    target = media / "CLE" / "borne-statistiques-2026-11-20.csv"
    pdf = media / "CLE" / "rapport-borne-2026-10.pdf"  # the last month that is over
    rows = list(csv.reader(target.open(encoding="utf-8-sig"), delimiter=";"))
    assert seen["no stick"] == ("Aucune clé USB trouvée. Branchez une clé USB, attendez "
                                "quelques secondes, puis réessayez.")
    assert seen["stick"] == (f"Copié sur la clé USB « CLE » : {target.name} "
                             f"({len(rows) - 1} lignes) et {pdf.name}. Vous pouvez "
                             "retirer la clé.")
    assert rows[0][:3] == ["Du", "Au", "Nom de la démarche"]
    assert pdf.read_bytes().startswith(b"%PDF")
    counts = [cell for row in rows[1:] for cell in row[5:-1]]
    assert "s" in counts and not {"1", "2", "3", "4"} & set(counts)


@pytest.mark.parametrize(("card_missing", "expected"), [
    (False, "Son indisponible : la voix n'est pas démarrée sur cette borne."),
    (True, "Son indisponible : cette borne n'a pas de carte son. Branchez des haut-parleurs "
           "ou un écran qui a le son, puis redémarrez la borne.")])
def test_sound_test_says_why_there_is_no_sound(tmp_path, card_missing, expected):
    clock = FakeClock()
    with_pin(tmp_path)
    app = make_app(tmp_path, clock)
    app.audio.card_missing = card_missing  # what kiosk.ui.boot found (test_ui_no_sound_card)
    seen = {}

    def script(app):
        yield from settle(app)
        space = yield from enter_tab(app, clock, "kiosk_tab")
        button = next(w for w in walk_widgets(space) if getattr(w, "text", "") ==
                      "Tester la voix")
        space.ids.scroller.scroll_to(button, animate=False)
        yield from settle(app)
        tap(button)
        yield
        seen["status"] = space.ids.status.text

    run_app(app, script)
    assert seen["status"] == expected


def test_quit_asks_first_then_stops_the_app(tmp_path):
    clock = FakeClock()
    with_pin(tmp_path)
    app = make_app(tmp_path, clock)
    from kivy.clock import Clock

    steps = iter(())
    state = {}

    def script():
        yield from settle(app)
        space = yield from enter_tab(app, clock, "kiosk_tab")
        space.ids.scroller.scroll_y = 0
        yield from settle(app)
        button = next(w for w in walk_widgets(space) if getattr(w, "text", "") ==
                      "Quitter la borne")
        tap(button)
        yield from settle(app)
        state["asked"] = app.overlay.title
        no, yes = app.overlay.buttons()
        tap(no)
        yield from settle(app)
        state["still"] = app.counsellor is not None
        tap(button)
        yield from settle(app)
        tap(app.overlay.buttons()[1])
        for _ in range(50):
            yield

    def tick(_dt):
        try:
            next(steps)
        except StopIteration:
            state["not stopped"] = True
            app.stop()
            return False
        return True

    steps = script()
    Clock.schedule_once(lambda _dt: Clock.schedule_interval(tick, 0), 0)
    app.run()
    Clock.unschedule(tick)
    assert state == {"asked": "Quitter la borne ?", "still": True}
    assert app.quit_for_maintenance is True and not app.errors


def _screen(space):
    """Everything the « Chiffres » tab shows, in the order shown."""
    widgets = list(in_order(space.ids.content))
    rows = [tuple(cell.text for cell in row.cells) for row in widgets
            if isinstance(row, TableRow)]
    charts = [c for c in widgets if isinstance(c, BarChart)]
    return {
        "picker": next(w.text for w in widgets if isinstance(w, BodyText) and w.bold
                       and "\n" in w.text),
        "buttons": {w.text: w.disabled for w in widgets if isinstance(w, BigButton)},
        "cards": [(c.number, c.caption) for c in widgets if isinstance(c, NumberCard)],
        "compared": [r for r in rows if len(r) == 4],
        "flows": [r for r in rows if len(r) == 6][1:],
        "charts": [(list(c.labels), list(c.values), list(c.notes)) for c in charts],
        "chart_widgets": charts,
    }


def test_the_figures_are_those_of_the_last_month_over_and_months_can_be_chosen(tmp_path):
    clock = FakeClock()
    with_pin(tmp_path)
    app = make_app(tmp_path, clock)
    db = tmp_path / "data" / store.DB_NAME
    demo.generate(db, 20_000, app.flowset.flows, end=NOW, days=120)
    app.wall_clock = lambda: NOW
    flows = app.flowset.flows
    october, september = Month(2026, 10), Month(2026, 9)
    expected = month_view.load(db, None, NOW, flows)
    seen = {}

    def script(app):
        yield from settle(app)
        yield from enter(app, clock)
        space = app.counsellor.space
        seen["october"] = _screen(space)
        # Look at the pixels: the busiest hour's bar is in the primary colour.
        hours = seen["october"]["chart_widgets"][1]
        space.ids.scroller.scroll_to(hours, animate=False)
        yield from settle(app)
        busiest = max(range(24), key=lambda h: hours.values[h])
        step = hours.width / 24
        x, y = hours.to_window(hours.x + step * (busiest + 0.5), hours.y + hours.height * 0.3)
        path = Window.screenshot(name=str(tmp_path / "heures.png"))
        image = CoreImage(path, keep_data=True)
        seen["pixel"] = tuple(round(c, 2) for c in image.read_pixel(x, Window.height - y)[:3])
        earlier = next(w for w in walk_widgets(space) if getattr(w, "text", "") ==
                       "‹ Mois d'avant")
        space.ids.scroller.scroll_y = 1
        yield from settle(app)
        tap(earlier)
        yield from loaded(app)
        seen["september"] = _screen(space)
        seen["month"] = space.month

    run_app(app, script)
    shown = seen["october"]
    assert expected.month == october and expected.months[-1] == october  # not November
    assert shown["picker"] == "octobre 2026\nDu 01/10/2026 au 31/10/2026"
    assert shown["buttons"]["‹ Mois d'avant"] is False
    assert shown["buttons"]["Mois d'après ›"] is True  # November is not over
    assert shown["cards"] == [(n, c) for n, c in expected.cards]
    assert shown["compared"][0] == expected.compared_header
    assert shown["compared"][1:] == list(expected.compared)
    assert shown["flows"] == [f.row for f in expected.flows]
    charts = [expected.outcomes, expected.hours, expected.weekdays, expected.choices,
              expected.themes, *(f.outcomes for f in expected.flows)]
    assert shown["charts"] == [(list(b.labels), list(b.values), list(b.notes))
                               for b in charts]
    assert int(shown["cards"][0][0]) > 100
    assert seen["pixel"] == tuple(round(c, 2) for c in rgba("#0B3D91")[:3])
    assert seen["month"] == september
    assert seen["september"]["picker"].startswith("septembre 2026\n")
    assert seen["september"]["buttons"]["Mois d'après ›"] is False
    assert seen["september"]["cards"] != shown["cards"]


def test_attack_comparing_the_screen_the_export_the_report_and_stats(tmp_path, capsys):
    """Issue 17: « not by comparing stats, the counsellor's screen, the report and the
    export ». Every count the screen shows for a month is the one the export, the report
    and ``kiosk stats`` publish for it, « s » where they write « s »: comparing them gives
    nothing that one of them does not."""
    clock = FakeClock()
    with_pin(tmp_path)
    app = make_app(tmp_path, clock)
    db = tmp_path / "data" / store.DB_NAME
    flows = app.flowset.flows
    demo.generate(db, 20_000, flows, end=NOW, days=120, seed=7)
    app.wall_clock = lambda: NOW
    month = Month(2026, 10)
    seen = {}

    def script(app):
        yield from settle(app)
        yield from enter(app, clock)
        seen.update(_screen(app.counsellor.space))

    run_app(app, script)
    export.write_export(db, [month], tmp_path / "e.csv", flows)
    rows = list(csv.reader((tmp_path / "e.csv").open(encoding="utf-8-sig"), delimiter=";"))
    header, rows = rows[0], rows[1:]
    col = {name: header.index(name) for name in header}
    conn = store.read_connection(db)
    parts = report.gather(conn, month, flows)
    true = monthly.month_figures(conn, month, flows)
    conn.close()
    assert main(["stats", "--data-dir", str(db.parent), "--mois", str(month)]) == 0
    stats = capsys.readouterr().out

    def count(note):  # « 759 (27 %) » -> « 759 »
        return note.split(" (")[0]

    total = next(r for r in rows if r[2] == export.TOTAL_ROW)
    cards = dict((caption, number) for number, caption in seen["cards"])
    assert cards["démarches suivies"] == total[col["Visites"]]
    assert cards["réussies"] == total[col["Réussites"]]
    assert cards["orientées vers un conseiller"] == total[col["Orientés vers un conseiller"]]
    assert cards["demandes d'aide"] == total[col["Demandes d'aide"]]
    assert cards["heures de guidage"] == total[col["Durée (heures)"]]
    pub = parts["month"]
    assert cards["visites"] == pub.text("visites")
    assert re.search(rf"Visites\s+{re.escape(cards['visites'])}\s", stats)
    for line, (words, key) in zip(seen["compared"][1:], month_view.COMPARED):
        assert line == (words, *(parts[p].text(key) for p in
                                 ("month", "previous", "year_before")))
    outcome_columns = dict(export.OUTCOME_COLUMNS)
    charts = seen["charts"]
    by_words = {words: o for o, words in monthly.OUTCOME_WORDS.items()}
    for labels, _values, notes in [charts[0]]:
        for label, note in zip(labels, notes):
            assert count(note) == total[col[outcome_columns[by_words[label]]]]
    assert len(seen["flows"]) == len(rows) - 1
    hidden = small_hidden = 0
    for line, (labels, _values, notes), csv_row in zip(seen["flows"], charts[5:], rows):
        assert line[0] == csv_row[col["Nom de la démarche"]]  # same rows, same order
        assert line[1] == csv_row[col["Visites"]]
        assert line[2] == csv_row[col["Réussites"]]
        assert line[3] == csv_row[col["Orientés vers un conseiller"]]
        assert line[5] == csv_row[col["Demandes d'aide"]]
        assert re.search(rf"visites {re.escape(line[1])} :", stats)
        f = next(f for f in true.flows if f.title == line[0])
        for label, note in zip(labels, notes):
            outcome = by_words[label]
            assert count(note) == csv_row[col[outcome_columns[outcome]]]
            hidden += count(note) == privacy.HIDDEN_MARK
            if privacy.small(f.outcomes.get(outcome, 0)):
                assert note == privacy.HIDDEN_MARK
                small_hidden += 1
    assert hidden and small_hidden  # the month had small counts to hide
    for hour, (value, note) in enumerate(zip(charts[1][1], charts[1][2])):
        shown = note or str(value)
        assert shown == pub.text(("heure", hour))
        if 8 <= hour <= 19:
            assert re.search(rf"^\s*{hour} h\s+{re.escape(shown)}\b", stats, re.M)
    numbers = {cell for line in seen["flows"] for cell in line[1:]}
    numbers |= {count(n) for _l, _v, notes in charts for n in notes}
    assert not {"1", "2", "3", "4"} & numbers  # no small count anywhere on the screen


def test_flows_with_problems_are_listed_in_plain_french(tmp_path):
    import shutil

    from kiosk.flows.loader import load_flows
    from kiosk.ui.widgets.common import SmallText, WarningBox

    clock = FakeClock()
    with_pin(tmp_path)
    app = make_app(tmp_path, clock)
    flows = tmp_path / "flows"
    flows.mkdir()
    shutil.copy(app.settings.path("flows_dir") / f"{FLOW}.yaml", flows)
    shutil.copy(app.settings.path("flows_dir").parent.parent / "tests" / "broken_flows" /
                "champ-inconnu.yaml", flows)
    app.flowset = load_flows(flows, app.settings.path("assets_dir"))
    seen = {}

    def script(app):
        yield from settle(app)
        space = yield from enter_tab(app, clock, "flows_tab")
        widgets = list(in_order(space.ids.content))
        seen["warning"] = [w.text for w in widgets if isinstance(w, WarningBox)]
        seen["lines"] = [w.text for w in widgets if isinstance(w, SmallText)][:2]
        seen["rows"] = [w.flow_id for w in widgets if hasattr(w, "flow_id") and
                        type(w).__name__ == "CheckRow"]

    run_app(app, script)
    assert seen == {
        "warning": ["1 fichier de parcours n'est pas montré aux visiteurs à cause d'une erreur. "
                    "Corrigez-le, puis redémarrez la borne. La commande « kiosk validate » "
                    "donne la même liste."],
        "lines": ["Erreur — champ-inconnu.yaml, ligne 9 : étape « debut » : champ obligatoire "
                  "« titre » manquant ou vide.",
                  "Erreur — champ-inconnu.yaml, ligne 11 : étape « debut » : champ inconnu "
                  "« titr ». Vouliez-vous dire « titre » ?"],
        "rows": [FLOW]}
