"""The counsellor's space decisions, without Kivy: the months shown, switches, pause."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.flows.loader import load_flows
from kiosk.ui.screens.counsellor import month
from kiosk.ui.screens.counsellor.state import (
    IDLE_PAUSE_SECONDS,
    FlowSwitches,
    IdlePause,
    duration_text,
)
from kiosk.usage import demo, privacy
from kiosk.usage.monthly import Month

ROOT = Path(__file__).resolve().parent.parent

NOW = datetime(2026, 11, 20, 16, 0)  # a Friday


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("month") / "usage.db"
    demo.generate(path, 6000, load_flows(ROOT / "config" / "flows", ROOT / "assets").flows,
                  end=NOW, days=100)
    return path


def test_only_months_that_are_over_can_be_shown(db, tmp_path):
    view = month.load(db, None, NOW)
    assert view.month == Month(2026, 10)  # the last month that is over
    assert view.months == tuple(Month(2026, m) for m in (8, 9, 10))
    assert (view.earlier, view.later) == (Month(2026, 9), None)
    assert view.dates == "Du 01/10/2026 au 31/10/2026"
    # November is still going: asked for, the last month over is shown instead.
    assert month.load(db, Month(2026, 11), NOW).month == Month(2026, 10)
    assert month.load(db, Month(2026, 1), NOW).month == Month(2026, 10)  # not kept
    first = month.load(db, Month(2026, 8), NOW)
    assert (first.earlier, first.later) == (None, Month(2026, 9))
    assert month.load(tmp_path / "empty.db", None, NOW) is None


def test_a_hidden_count_is_an_s_and_a_bar_of_no_length(db):
    view = month.load(db, None, NOW)
    notes = [n for f in view.flows for n in f.outcomes.notes]
    assert privacy.HIDDEN_MARK in notes
    for f in view.flows:
        for value, note in zip(f.outcomes.values, f.outcomes.notes):
            if note == privacy.HIDDEN_MARK:
                assert value == 0
            else:
                assert note.split(" (")[0] == str(value)
    for value, note in zip(view.hours.values, view.hours.notes):
        assert note in ("", privacy.HIDDEN_MARK) and (note == "" or value == 0)
    assert [c for _n, c in view.cards] == ["visites", "démarches suivies", "réussies",
                                           "orientées vers un conseiller",
                                           "demandes d'aide", "heures de guidage"]
    assert view.compared_header == ("", "oct. 2026", "sept. 2026", "oct. 2025")
    assert view.compared[0][3] == "0"  # a year before: nothing recorded yet


@pytest.mark.parametrize(("seconds", "text"), [
    (None, "—"), (0, "0 s"), (45, "45 s"), (365, "6 min 05 s"), (7200, "2 h 00 min"),
    (7199, "1 h 59 min")])
def test_duration_text(seconds, text):
    assert duration_text(seconds) == text


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
