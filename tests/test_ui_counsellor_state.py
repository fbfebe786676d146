"""The counsellor's space decisions, without Kivy: periods, dates, drops, switches, pause."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from kiosk.ui.screens.counsellor.state import (
    IDLE_PAUSE_SECONDS,
    FlowSwitches,
    IdlePause,
    biggest_drop,
    duration_text,
    move_day,
    percent_text,
    period_for,
)

NOW = datetime(2026, 11, 20, 16, 0)  # a Friday


@pytest.mark.parametrize(("choice", "start", "end"), [
    ("today", date(2026, 11, 20), date(2026, 11, 20)),
    ("week", date(2026, 11, 16), date(2026, 11, 20)),
    ("month", date(2026, 11, 1), date(2026, 11, 20)),
    ("custom", date(2026, 11, 1), date(2026, 11, 20)),
])
def test_periods(choice, start, end):
    period = period_for(choice, NOW)
    assert (period.start, period.end) == (start, end)


def test_a_chosen_period_the_wrong_way_round_is_put_right():
    period = period_for("custom", NOW, date(2026, 10, 9), date(2026, 9, 3))
    assert (period.start, period.end) == (date(2026, 9, 3), date(2026, 10, 9))


@pytest.mark.parametrize(("day", "days", "months", "expected"), [
    (date(2026, 3, 31), 0, -1, date(2026, 2, 28)),
    (date(2024, 3, 31), 0, -1, date(2024, 2, 29)),
    (date(2026, 1, 15), 0, -1, date(2025, 12, 15)),
    (date(2025, 12, 15), 0, 1, date(2026, 1, 15)),
    (date(2026, 3, 1), -1, 0, date(2026, 2, 28)),
    (date(2026, 11, 20), 1, 0, date(2026, 11, 20)),  # never after today
    (date(2026, 11, 2), 0, 1, date(2026, 11, 20)),
])
def test_move_day(day, days, months, expected):
    assert move_day(day, days, months, latest=date(2026, 11, 20)) == expected


@pytest.mark.parametrize(("reached", "where"), [
    ([10, 10, 4, 3], 1), ([10, 9, 8], 0), ([5, 5, 5], -1), ([], -1), ([3, 5, 1], 1)])
def test_biggest_drop(reached, where):
    assert biggest_drop(reached) == where


@pytest.mark.parametrize(("seconds", "text"), [
    (None, "—"), (0, "0 s"), (45, "45 s"), (365, "6 min 05 s"), (7200, "2 h 00 min"),
    (7199, "1 h 59 min")])
def test_duration_text(seconds, text):
    assert duration_text(seconds) == text


def test_percent_text():
    assert (percent_text(0.6667), percent_text(1.0), percent_text(0.0)) == ("67 %", "100 %",
                                                                            "0 %")


def test_flow_switches_are_written_and_read_back(tmp_path):
    switches = FlowSwitches(tmp_path)
    assert switches.disabled == set() and switches.problem == ""
    switches.set_enabled("caf-declaration", False)
    switches.set_enabled("ameli-compte", False)
    switches.set_enabled("caf-declaration", True)
    assert json.loads((tmp_path / "parcours.json").read_text()) == {"disabled": ["ameli-compte"]}
    assert FlowSwitches(tmp_path).disabled == {"ameli-compte"}


def test_a_broken_switches_file_is_reported_and_kept_aside(tmp_path):
    (tmp_path / "parcours.json").write_text('{"disabled": "ameli"', encoding="utf-8")
    switches = FlowSwitches(tmp_path)
    assert switches.disabled == set()
    assert switches.problem.startswith(f"{tmp_path / 'parcours.json'} : fichier mal écrit (")
    assert switches.problem.endswith("Tous les parcours sont montrés ; choisissez de nouveau "
                                     "ceux à cacher.")
    switches.set_enabled("caf-declaration", False)
    kept = list(tmp_path.glob("parcours.illisible-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == '{"disabled": "ameli"'
    assert FlowSwitches(tmp_path).disabled == {"caf-declaration"}


def test_idle_pause_lasts_two_hours_at_most():
    pause = IdlePause()
    assert not pause.active(0)
    pause.start(100.0)
    assert pause.active(100.0 + IDLE_PAUSE_SECONDS - 1)
    assert pause.text(100.0 + 60) == "L'effacement automatique est suspendu encore 1 h 59 min."
    assert not pause.active(100.0 + IDLE_PAUSE_SECONDS)
    pause.start(0.0)
    pause.stop()
    assert not pause.active(1.0)
    assert pause.text(1.0) == "L'écran s'efface seul après un moment sans activité (normal)."
