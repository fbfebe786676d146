"""Hands what the visitor does on screen to the anonymous usage log (no Kivy here)."""

from __future__ import annotations

from typing import Any

from kiosk.usage.recorder import UsageRecorder

# Why a visit ended, in the app's words -> in the usage log's words.
END_REASONS = {"finished": "finished", "home": "home", "idle": "idle", "error": "gave-up"}


class UsageBridge:
    """Listens to :meth:`KioskApp.emit` and records through a :class:`UsageRecorder`."""

    def __init__(self, recorder: UsageRecorder) -> None:
        self.recorder = recorder

    def __call__(self, name: str, data: dict[str, Any]) -> None:
        recorder = self.recorder
        if name == "flow_opened":
            recorder.watch(data["walker"])
        elif name == "help":
            recorder.help_asked()
        elif name == "repeat":
            recorder.repeat()
        elif name == "text_size":
            recorder.text_size_changed(int(data["level"]))
        elif name == "contrast":
            recorder.contrast_changed(bool(data["high"]))
        elif name == "sound":
            recorder.speech_toggled(bool(data["on"]))
        elif name == "language":
            recorder.language_changed(str(data["language"]))
        elif name == "practice":
            recorder.practice_tried(bool(data["success"]))
        elif name == "visit_ended":
            recorder.visit_ended(END_REASONS.get(str(data["reason"]), "gave-up"))
