"""The counsellor's space rendered at both reference screens and in both palettes: touch
targets of 16 mm with 24 px between them, no text cut or overflowing; and it leaves
nothing behind when closed many times."""

from __future__ import annotations

import collections
import gc
import itertools
import threading
import time
import types
from datetime import datetime

import pytest
from fit_checks import Rect, check_target, check_unbroken_words
from kivy.core.window import Window
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from test_ui_counsellor import PIN, enter, loaded
from ui_helpers import FakeClock, make_app, rect, run_app, settle, visible, walk_widgets

from kiosk.pin import set_pin
from kiosk.ui.screens.counsellor.charts import BarChart
from kiosk.ui.screens.counsellor.space import CounsellorSpace
from kiosk.ui.theme.metrics import MIN_GAP_PX, TARGET_MM
from kiosk.usage import demo, store

SCREENS = [(1920, 1080, 15.6), (1280, 800, 10.0)]
NOW = datetime(2026, 11, 20, 16, 0)


def _inside_view(widget, scroller):
    x0, y0, x1, y1 = rect(widget)
    sx0, sy0, sx1, sy1 = rect(scroller)
    return y0 >= sy0 - 1 and y1 <= sy1 + 1


def _gap(first, second):
    ax0, ay0, ax1, ay1 = first
    bx0, by0, bx1, by1 = second
    return max(bx0 - ax1, ax0 - bx1, by0 - ay1, ay0 - by1, 0)


def problems(app, view, where):
    found = []
    minimum = TARGET_MM * app.theme.px_per_mm - 0.5
    scroller = view.ids.get("scroller")
    scroller = scroller.__self__ if scroller is not None else None  # ids hold weak proxies
    targets = [w for w in walk_widgets(view) if isinstance(w, ButtonBehavior) and visible(w)
               and (scroller is None or not _is_in(w, scroller) or _inside_view(w, scroller))]
    for target in targets:
        if min(target.width, target.height) < minimum:
            found.append(f"{where}: {getattr(target, 'text', '')!r} is "
                         f"{target.width:.0f}x{target.height:.0f} px < {minimum:.0f}")
    for first, second in itertools.combinations(targets, 2):
        if _is_in(first, second) or _is_in(second, first):
            continue
        if _gap(rect(first), rect(second)) < MIN_GAP_PX - 0.5:
            found.append(f"{where}: {getattr(first, 'text', '')!r} and "
                         f"{getattr(second, 'text', '')!r} closer than {MIN_GAP_PX} px")
    for label in walk_widgets(view):
        if isinstance(label, Label) and visible(label) and label.text:
            tw, th = label.texture_size
            if tw > label.width + 1 or th > label.height + 1:
                found.append(f"{where}: {label.text[:40]!r} overflows ({tw}x{th} in "
                             f"{label.width:.0f}x{label.height:.0f})")
    for chart in walk_widgets(view):
        if isinstance(chart, BarChart) and chart.height < 10:
            found.append(f"{where}: a chart is not drawn")
        if isinstance(chart, BarChart) and visible(chart):
            found.extend(chart_problems(chart, where))
    return found


def chart_problems(chart, where):
    """What a chart draws: whole words only (no « … », no piece of a word), each line inside
    the chart, no two lines over each other."""
    words = {w for text in [*map(str, chart.labels), *chart.texts()] for w in text.split()}
    box = Rect(chart.x, chart.y, chart.right, chart.top)
    found = []
    boxes = []
    for text, (x, y, width, height) in chart.drawn:
        line = Rect(x, y, x + width, y + height)
        cut = [w for w in text.split() if w not in words]
        if cut or "…" in text:
            found.append(f"{where}: the chart writes {text!r}: {cut} cut inside a word")
        if not line.inside(box):
            found.append(f"{where}: the chart's {text!r} {line} is outside the chart {box}")
        for other_text, other in boxes:
            if line.gap_to(other) == 0 and min(line.x1, other.x1) - max(line.x0, other.x0) > 1 \
                    and min(line.y1, other.y1) - max(line.y0, other.y0) > 1:
                found.append(f"{where}: the chart's {text!r} overlaps {other_text!r}")
        boxes.append((text, line))
    return found


def _is_in(widget, ancestor):
    node = widget.parent
    while node is not None and node is not node.parent:
        if node is ancestor:
            return True
        node = node.parent
    return False


@pytest.mark.parametrize(("high_contrast", "level"), [(False, 1), (True, 1), (False, 3)])
@pytest.mark.parametrize(("width", "height", "diagonal"), SCREENS)
def test_pad_and_every_tab_fit_with_big_targets(tmp_path, width, height, diagonal,
                                                 high_contrast, level):
    clock = FakeClock()
    set_pin(tmp_path / "data", PIN)
    app = make_app(tmp_path, clock, screen_diagonal_inches=diagonal)
    demo.generate(tmp_path / "data" / store.DB_NAME, 5000, app.flowset.flows, end=NOW, days=60)
    app.wall_clock = lambda: NOW
    found: list[str] = []

    def script(app):
        yield from settle(app)
        if high_contrast:
            app.controller.toggle_contrast()
        while app.theme.level != level:  # a visitor chose bigger text before
            app.controller.cycle_text_size()
        yield from settle(app)
        app.door.open()
        yield from settle(app)
        found.extend(problems(app, app.counsellor.pad, "pad"))
        app.counsellor.pad.message = "Trop d'essais. Réessayez dans 4 min 59 s."
        yield from settle(app)
        found.extend(problems(app, app.counsellor.pad, "pad locked"))
        app.counsellor.close()
        yield from settle(app)
        yield from enter(app, clock)
        space = app.counsellor.space
        for tab in ("figures", "flows", "kiosk"):
            space.show_tab(tab)
            yield from loaded(app)
            scroller = space.ids.scroller
            position = 1.0
            while True:
                scroller.scroll_y = position
                yield from settle(app)
                found.extend(problems(app, space, f"{tab} at {position:.2f}"))
                if position <= 0 or scroller.viewport_size[1] <= scroller.height:
                    break
                step = scroller.height / (scroller.viewport_size[1] - scroller.height)
                position = max(0.0, position - step * 0.9)

    Window.size = (width, height)
    run_app(app, script, size=(width, height))
    assert found == [], "\n".join(found[:20])


def _holders(obj, limit=40):
    """The chain of objects that keeps ``obj`` alive, up to a module, a class or a running
    frame (breadth first through ``gc.get_referrers``): said when a closed space stays."""
    seen, queue = {id(obj)}, collections.deque([(obj, [])])
    while queue:
        node, path = queue.popleft()
        for holder in gc.get_referrers(node):
            if id(holder) in seen or holder is queue or len(path) > limit or isinstance(
                    holder, types.FrameType) and holder.f_code.co_filename == __file__:
                continue  # this test's own frames hold it while it looks
            seen.add(id(holder))
            step = path + [type(holder).__name__]
            if isinstance(holder, (types.ModuleType, type, types.FrameType)):
                return " <- ".join(step + [getattr(holder, "__name__", "")])
            queue.append((holder, step))
    return "held by something the collector does not see"


def test_opening_and_closing_the_space_many_times_leaves_nothing(tmp_path):
    clock = FakeClock()
    set_pin(tmp_path / "data", PIN)
    app = make_app(tmp_path, clock)
    counts = []
    held = []
    # Spaces that earlier tests of the same process may still hold (only this app's count).
    gc.collect()
    before = {id(o) for o in gc.get_objects() if type(o) is CounsellorSpace}

    def left():  # a count, not a list: a list kept over a frame would hold them
        gc.collect()
        return sum(type(o) is CounsellorSpace and id(o) not in before for o in gc.get_objects())

    def script(app):
        yield from settle(app)
        for round_ in range(12):
            yield from enter(app, clock)
            app.counsellor.space.show_tab(("flows", "kiosk", "figures")[round_ % 3])
            yield from loaded(app)
            app.counsellor.close()
            yield from settle(app)
            clock.advance(5)  # corner taps must not run into each other
            if round_ in (3, 7, 11):
                # The figures' thread holds the space until it has returned, which may come
                # a little after its result was shown on a busy machine: wait for it first.
                for thread in threading.enumerate():
                    if thread.name == "counsellor-space":
                        thread.join(30)
                # Kivy's ScrollView fades its bar after each scroll: a Clock trigger of 0.5 s,
                # then an Animation of 0.5 s, both holding the scroll view (so the space)
                # until they have run, on the wall clock. Frames pass until they have; a
                # space that something else keeps would stay (30 s: a bound, not a measure).
                deadline = time.monotonic() + 30
                while (count := left()) and time.monotonic() < deadline:
                    yield
                counts.append(count)
                if count:
                    held.append(_holders(next(o for o in gc.get_objects() if type(
                        o) is CounsellorSpace and id(o) not in before)))

    run_app(app, script)
    # Twelve spaces were opened: every closed one is gone (a leak of each would show 4, 8, 12).
    assert counts == [0, 0, 0], (counts, held)


def test_hour_columns_turn_into_rows_when_their_numbers_would_not_fit(tmp_path):
    app = make_app(tmp_path, FakeClock())
    seen = {}

    def script(app):
        yield from settle(app)
        small = BarChart(values=[120 + h for h in range(24)], labels=[f"{h} h" for h in range(24)])
        big = BarChart(values=[98_000 + h for h in range(24)],
                       labels=[f"{h} h" for h in range(24)])
        for chart in (small, big):
            chart.width = 1200
            chart.redraw()
            chart.redraw()
        seen["small"] = (small.as_rows(), small.height < 400)
        seen["big"] = (big.as_rows(), big.height == 24 * app.theme.small * 1.5
                       + app.theme.small * 0.5)

    run_app(app, script)
    assert seen == {"small": (False, True), "big": (True, True)}


CRA_LABELS = ["Aide aux démarches administratives", "Réseaux sociaux communication",
              "Prendre en main du matériel", "Santé", "Intelligence artificielle",
              "Insertion professionnelle", "Papiers – élections – citoyenneté"]


@pytest.mark.parametrize("width", [360, 520, 900])
@pytest.mark.parametrize("rows", [True, False])
def test_chart_labels_wrap_between_words_never_inside_one(tmp_path, width, rows):
    """Long CRA themes on a narrow chart: rows wrap their labels between words (the row
    grows); columns that cannot write their labels whole become rows."""
    app = make_app(tmp_path, FakeClock())
    seen = {}

    def script(app):
        yield from settle(app)
        chart = BarChart(rows=rows, values=[40, 310, 5, 12, 0, 77, 9], labels=CRA_LABELS)
        chart.width = width
        app.root.add_widget(chart)  # drawn in the window, in the screen's colours
        for _ in range(3):
            chart.redraw()
        seen["problems"] = chart_problems(chart, f"{width} px")
        seen["rows"] = chart.as_rows()
        seen["drawn"] = [text for text, _box in chart.drawn]
        app.root.remove_widget(chart)
        chart.release()

    run_app(app, script)
    assert seen["problems"] == []
    assert seen["rows"]  # long themes never fit under columns
    drawn_words = " ".join(seen["drawn"]).split()
    for label in CRA_LABELS:  # every label whole, its words in order
        first = drawn_words.index(label.split()[0])
        assert drawn_words[first:first + len(label.split())] == label.split()
    if width == 360:
        assert "Aide aux démarches administratives" not in seen["drawn"]  # wrapped


@pytest.mark.parametrize("high_contrast", [False, True])
def test_the_open_tab_is_unmistakable_and_closing_looks_like_no_tab(tmp_path, high_contrast):
    """Issue 15: the open tab and « Fermer l'espace » looked alike. The open tab is filled, has
    a tick and a bar under it; « Fermer l'espace » has colours of its own; no word is cut."""
    clock = FakeClock()
    set_pin(tmp_path / "data", PIN)
    app = make_app(tmp_path, clock, screen_diagonal_inches=10.1)
    seen: dict[str, object] = {}
    found: list[str] = []

    def colours(button):
        return (tuple(round(c, 3) for c in button.background),
                tuple(round(c, 3) for c in button.foreground))

    def script(app):
        yield from settle(app)
        if high_contrast:
            app.controller.toggle_contrast()
        yield from enter(app, clock)
        space = app.counsellor.space
        ids = space.ids
        tabs = {"figures": ids.figures_tab, "flows": ids.flows_tab, "kiosk": ids.kiosk_tab}
        for name, tab in tabs.items():
            space.show_tab(name)
            yield from loaded(app)
            seen[name] = {other: (tab.role, bool(tab.icon)) for other, tab in tabs.items()}
            active = colours(tab)
            others = {colours(tab) for other, tab in tabs.items() if other != name}
            close = colours(ids.close)
            seen[f"{name} colours"] = (len({active, close} | others), close in others | {active})
            px_per_mm = app.theme.px_per_mm
            for label, button in [*tabs.items(), ("close", ids.close)]:
                found.extend(check_target(f"{name}: {label}", button, px_per_mm))
                found.extend(check_unbroken_words(f"{name}: {label}", button.ids.label))
        # the tick is drawn in the tab's text colour, the bar under it in the screen's
        marker = [i for i in ids.kiosk_tab.canvas.after.children if hasattr(i, "rgba")]
        seen["marker"] = tuple(marker[0].rgba) == tuple(app.theme.screen_fg)
        seen["no marker"] = [i for i in ids.flows_tab.canvas.after.children
                             if hasattr(i, "rgba")][0].rgba[3] == 0

    run_app(app, script, size=(1280, 800))
    assert found == [], "\n".join(found)
    for name in ("figures", "flows", "kiosk"):
        assert seen[name] == {other: ("selected", True) if other == name else ("secondary", False)
                              for other in ("figures", "flows", "kiosk")}
        assert seen[f"{name} colours"] == (3, False)  # open tab, other tabs, close: all unlike
    assert seen["marker"] and seen["no marker"]
