"""The kv rules of the interface: one file beside each module, loaded when that module is
first imported, once per process.

So the rules of a screen the home screen does not show (the step screen, the practice
keyboard, the counsellor's space) are parsed only when that screen is first made, never
before the first frame (docs/performance.md, "Start-up"). A widget's class cannot be used
without importing its module, so its rules are always there before it is built.
"""

from __future__ import annotations

from pathlib import Path

import kivy.lang.builder
from kivy.lang import Builder

HERE = Path(__file__).resolve().parent


def _rule_whose_widget_may_be_gone(run):  # noqa: ANN001, ANN202 - Kivy's own signature
    """Kivy's ``call_fn``, which runs a kv rule when a property it reads has changed, made
    to skip a rule whose widget was freed while it ran.

    A rule holds its widget weakly (``root``, ``self`` and ids are weak proxies). A widget
    the kiosk dropped is a reference cycle that lives until Python's cyclic collector frees
    it; Kivy unbinds its rules only then. Until then a theme change still runs them, and if
    an allocation in the rule starts a collection (any allocation can, in this thread or
    another), the widget is freed under its own rule: ``ReferenceError: weakly-referenced
    object no longer exists`` (the monkey test, ``widgets.kv``, a button's colour after
    « Contraste »; CI of 723d24c). The widget is gone, so is its rule: Kivy skips it the
    same way when it applies rules (``kivy/lang/builder.py``, ``_delayed_start``)."""

    def call_fn(args, instance, value):  # noqa: ANN001, ANN202
        try:
            run(args, instance, value)
        except ReferenceError:
            if _alive(args[0]) and _alive(args[4].get("root")):
                raise  # not the race above: a real error of a rule still on screen

    call_fn.guarded = True  # type: ignore[attr-defined]
    return call_fn


def _alive(proxy: object) -> bool:
    """False when ``proxy`` is a weak proxy whose widget is gone (None counts as alive)."""
    try:
        getattr(proxy, "uid", None)  # forwarded to the widget: ReferenceError once it is gone
    except ReferenceError:
        return False
    return True


if not getattr(kivy.lang.builder.call_fn, "guarded", False):
    # Bound by name when a widget's rules are applied (``create_handler``): this module is
    # imported before any kiosk widget is made (every kv file is loaded through it).
    kivy.lang.builder.call_fn = _rule_whose_widget_may_be_gone(kivy.lang.builder.call_fn)


def load(name: str) -> None:
    """Load ``kiosk/ui/<name>`` (UTF-8) unless this process already did."""
    path = str(HERE / name)
    if path not in Builder.files:  # a second app in one process must not apply rules twice
        Builder.load_file(path, encoding="utf-8")


def forget(widget) -> None:  # noqa: ANN001 - any widget
    """Undo the kv rules of ``widget`` and of everything under it, before it is dropped
    (see :func:`clear`)."""
    for each in widget.walk(restrict=True):
        Builder.unbind_widget(each.uid)


def clear(container) -> None:  # noqa: ANN001 - any widget
    """Remove every child of ``container``, undoing first the kv rules of all of them.

    A kv rule such as ``font_size: app.theme.body_size`` binds the theme to the widget, and
    Kivy undoes that binding only when the widget is freed; a dropped widget waits for the
    cyclic collector (every widget is a reference cycle). A theme change (contrast, text
    size) then still runs its rules: wasted work (and see ``_rule_whose_widget_may_be_gone``
    for what happens if the collector frees it meanwhile)."""
    for child in container.children:
        forget(child)
    container.clear_widgets()
