"""A kv rule whose widget the collector frees while the rule runs is skipped (kiosk.ui.kv)."""

from __future__ import annotations

import gc
import weakref

import pytest
import ui_helpers  # noqa: F401 - Kivy configured before any widget exists
from kivy.event import EventDispatcher
from kivy.lang import Builder
from kivy.properties import ColorProperty, ObjectProperty
from kivy.uix.widget import Widget

from kiosk.ui import kv  # noqa: F401 - installs the guard

collections_run: list[int] = []


def collect_now() -> bool:
    """Called first by the rules below: the collection an allocation could start there."""
    collections_run.append(gc.collect())
    return False


class Palette(EventDispatcher):
    fg = ColorProperty([0, 0, 0, 1])


class RuledByPalette(Widget):
    palette = ObjectProperty()
    other = ObjectProperty()
    colour = ColorProperty([0, 0, 0, 1])


class ReadsAnother(Widget):
    palette = ObjectProperty()
    other = ObjectProperty()
    colour = ColorProperty([0, 0, 0, 1])


Builder.load_string("""
#:import collect_now test_kv_guard.collect_now
<RuledByPalette>:
    colour: collect_now() or (root.palette.fg if root.disabled else root.palette.fg)
<ReadsAnother>:
    colour: root.palette.fg if root.other.disabled else root.palette.fg
""")


@pytest.fixture
def collector_off():  # type: ignore[no-untyped-def]
    enabled = gc.isenabled()
    gc.disable()  # only collect_now collects
    yield
    if enabled:
        gc.enable()


def test_a_rule_whose_dropped_widget_is_freed_while_it_runs_is_skipped(collector_off) -> None:  # type: ignore[no-untyped-def]
    palette = Palette()
    widget = RuledByPalette(palette=palette)
    widget.itself = widget  # a reference cycle, as every kiosk widget is
    gone = weakref.ref(widget)
    del widget  # dropped: it waits for the collector, its rule still bound to the palette
    collections_run.clear()
    palette.fg = [1, 1, 1, 1]  # runs the rule, which starts a collection, which frees it
    assert gone() is None
    assert collections_run and collections_run[0] > 0  # the widget was freed in its rule


def test_a_rule_of_a_widget_still_alive_still_reports_its_error(collector_off) -> None:  # type: ignore[no-untyped-def]
    palette = Palette()
    freed = Widget()
    widget = ReadsAnother(palette=palette, other=weakref.proxy(freed))
    del freed  # what the rule reads is gone, but the widget and its root are not
    assert gc.collect() >= 0 and not kv._alive(widget.other)
    with pytest.raises(ReferenceError):
        palette.fg = [1, 1, 1, 1]
    assert widget.colour == [0, 0, 0, 1]


def test_the_guard_is_installed_once_however_often_kv_is_imported() -> None:
    import importlib

    import kivy.lang.builder

    first = kivy.lang.builder.call_fn
    importlib.reload(kv)
    assert kivy.lang.builder.call_fn is first
    assert first.guarded is True
