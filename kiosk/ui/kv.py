"""The kv rules of the interface: one file beside each module, loaded when that module is
first imported, once per process.

So the rules of a screen the home screen does not show (the step screen, the practice
keyboard, the counsellor's space) are parsed only when that screen is first made, never
before the first frame (docs/performance.md, "Start-up"). A widget's class cannot be used
without importing its module, so its rules are always there before it is built.
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder


def load_beside(module_file: str) -> None:
    """Load the ``.kv`` file beside a module (call with ``__file__``), as UTF-8, unless this
    process already did."""
    path = str(Path(module_file).resolve().with_suffix(".kv"))
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
    size) then still runs its rules on a widget nobody sees, and if a collection frees it
    while one of them runs, Kivy raises ``ReferenceError``."""
    for child in container.children:
        forget(child)
    container.clear_widgets()
