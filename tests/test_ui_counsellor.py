"""The counsellor's space through the real app, offscreen, on a controlled clock."""

from __future__ import annotations

import csv
import sqlite3
import time
from datetime import date, datetime

from kivy.core.image import Image as CoreImage
from kivy.core.window import Window
from kivy.tests.common import UnitTestTouch
from ui_helpers import FakeClock, make_app, rect, run_app, settle, tap, walk_widgets

from kiosk.pin import set_pin
from kiosk.ui.screens.counsellor.charts import BarChart
from kiosk.ui.screens.counsellor.figures import NumberCard, TableRow
from kiosk.ui.screens.counsellor.state import biggest_drop
from kiosk.ui.theme.metrics import MIN_GAP_PX, TARGET_MM
from kiosk.ui.theme.palette import rgba
from kiosk.usage import demo, figures, store

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


def test_sound_test_says_why_there_is_no_sound(tmp_path):
    clock = FakeClock()
    with_pin(tmp_path)
    app = make_app(tmp_path, clock)
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
    assert seen["status"] == "Son indisponible : la voix n'est pas démarrée sur cette borne."


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


def test_the_figures_shown_are_those_of_figures_py_and_the_charts_are_drawn(tmp_path):
    clock = FakeClock()
    with_pin(tmp_path)
    app = make_app(tmp_path, clock)
    db = tmp_path / "data" / store.DB_NAME
    demo.generate(db, 20_000, app.flowset.flows, end=NOW)
    app.wall_clock = lambda: NOW
    period = figures.Period(date(2026, 9, 1), date(2026, 11, 20))
    expected = figures.figures_for(db, period, app.flowset.flows)
    seen = {}

    def script(app):
        yield from settle(app)
        yield from enter(app, clock)
        space = app.counsellor.space
        space.choose_period("custom")
        yield from loaded(app)
        space.set_custom(period.start, period.end)
        yield from loaded(app)
        widgets = list(in_order(space))
        seen["cards"] = [(c.number, c.caption) for c in widgets if isinstance(c, NumberCard)]
        seen["table"] = [tuple(cell.text for cell in row.cells[:3])
                         for row in widgets if isinstance(row, TableRow)][1:]
        charts = [c for c in widgets if isinstance(c, BarChart)]
        seen["hours"], seen["days"] = list(charts[0].values), list(charts[1].values)
        seen["themes"] = list(charts[2].values)
        seen["funnels"] = [(list(c.values), c.highlight) for c in charts[3:]]
        # Look at the pixels: the busiest hour's bar is in the primary colour.
        hours = charts[0]
        space.ids.scroller.scroll_to(hours, animate=False)
        yield from settle(app)
        busiest = max(range(24), key=lambda h: hours.values[h])
        step = hours.width / 24
        x, y = hours.to_window(hours.x + step * (busiest + 0.5), hours.y + hours.height * 0.3)
        path = Window.screenshot(name=str(tmp_path / "heures.png"))
        image = CoreImage(path, keep_data=True)
        seen["pixel"] = tuple(round(c, 2) for c in image.read_pixel(x, Window.height - y)[:3])

    run_app(app, script)
    t = expected.totals
    assert seen["cards"] == [(str(t.visits), "visites"),
                             (str(t.procedures_started), "parcours commencés"),
                             (str(t.procedures_finished), "parcours terminés"),
                             (str(t.help_requests), "demandes d'aide")]
    assert t.visits > 100
    assert seen["table"] == [(p.title, str(p.started), str(p.finished))
                             for p in expected.procedures]
    assert seen["hours"] == list(expected.by_hour)
    assert seen["days"] == list(expected.by_weekday)
    assert seen["themes"] == [th.started for th in expected.by_theme]
    assert seen["funnels"] == [([s.visits for s in p.funnel],
                                biggest_drop([s.visits for s in p.funnel]))
                               for p in expected.procedures if p.funnel]
    assert seen["pixel"] == tuple(round(c, 2) for c in rgba("#0B3D91")[:3])


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
