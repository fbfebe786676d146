"""The usage log's subscription to the visit controller (no Kivy).

Each event of :mod:`kiosk.visit` becomes what :class:`~kiosk.usage.recorder.UsageRecorder`
records; the events carry only ids and plain values (never the walk itself).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from kiosk.flows.model import Flow
from kiosk.settings import Settings
from kiosk.visit import (
    ChoicesChanged,
    Event,
    FlowLeft,
    FlowOpened,
    HelpAsked,
    PracticeTried,
    Repeated,
    VisitController,
    VisitEnded,
    VisitStarted,
    WalkMoved,
)

from .recorder import UsageRecorder

if TYPE_CHECKING:
    from .writer import UsageLog


class UsageSubscriber:
    """``controller.subscribe(UsageSubscriber(recorder))``."""

    def __init__(self, recorder: UsageRecorder, sound_on: bool) -> None:
        """``sound_on``: whether a fresh visit has sound (the settings' default)."""
        self.recorder = recorder
        self._sound_on = sound_on

    def __call__(self, event: Event) -> None:
        recorder = self.recorder
        match event:
            case VisitStarted(visit_id=visit_id):
                recorder.visit_started(visit_id)
            case VisitEnded(reason=reason):
                recorder.visit_ended(reason.value)
            case FlowOpened(flow=flow):
                recorder.know_flow(flow)
            case FlowLeft(flow_id=flow_id, reason=reason):
                recorder.flow_left(flow_id, reason.value)
            case WalkMoved(event=flow_event):
                recorder.on_flow_event(flow_event)
            case HelpAsked():
                recorder.help_asked()
            case Repeated():
                recorder.repeat()
            case PracticeTried(success=success):
                recorder.practice_tried(success)
            case ChoicesChanged(choices=choices, what=what):
                sound_was, self._sound_on = self._sound_on, choices.sound_on
                if what == "text_level":
                    recorder.text_size_changed(choices.text_level)
                elif what == "contrast":
                    recorder.contrast_changed(choices.high_contrast)
                elif what == "voice" and choices.sound_on != sound_was:
                    recorder.speech_toggled(choices.sound_on)  # on/off; not the speed
                elif what == "language":
                    recorder.language_changed(choices.language)


def record_visits(controller: VisitController, settings: Settings,
                  flows: Mapping[str, Flow]) -> UsageLog:
    """Open the usage log of ``settings`` and subscribe it to ``controller``."""
    from .store import DB_NAME
    from .writer import UsageLog

    usage_log = UsageLog(settings.path("data_dir") / DB_NAME,
                         retention_months=settings.retention_months)
    recorder = UsageRecorder(usage_log, flows=flows)
    controller.subscribe(UsageSubscriber(recorder, controller.choices.sound_on))
    return usage_log
