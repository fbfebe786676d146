"""The counsellor's PIN: hashed storage, lockout, and the lockout surviving a restart."""

from __future__ import annotations

import json
import stat

import pytest

from kiosk.cli import main
from kiosk.pin import ATTEMPTS_FILE, PIN_FILE, PinError, PinGuard, set_pin


class Clocks:
    def __init__(self) -> None:
        self.mono = 500.0
        self.wall = 1_750_000_000.0

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += seconds


def guard(tmp_path, clocks: Clocks) -> PinGuard:
    return PinGuard(tmp_path, clock=lambda: clocks.mono, wall=lambda: clocks.wall)


def test_only_a_salted_hash_is_stored_privately(tmp_path):
    set_pin(tmp_path, "482913")
    path = tmp_path / PIN_FILE
    text = path.read_text()
    assert "482913" not in text
    data = json.loads(text)
    assert data["algorithm"] == "scrypt" and len(bytes.fromhex(data["salt"])) == 16
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first_hash = data["hash"]
    set_pin(tmp_path, "482913")
    assert json.loads(path.read_text())["hash"] != first_hash  # a new salt each time


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", " 1234", "", "１２３４"])
def test_bad_pins_are_refused(tmp_path, pin):
    with pytest.raises(PinError, match="de 4 à 8 chiffres"):
        set_pin(tmp_path, pin)


def test_right_and_wrong_pins(tmp_path):
    clocks = Clocks()
    set_pin(tmp_path, "4829")
    g = guard(tmp_path, clocks)
    assert g.check("4829").ok
    wrong = g.check("1111")
    assert (wrong.ok, wrong.locked, wrong.attempts_left) == (False, False, 4)
    assert wrong.message == "Code incorrect. Encore 4 essais."
    assert g.check("4829").ok  # a right PIN resets the count
    assert g.check("0000").attempts_left == 4


def test_five_wrong_pins_lock_for_five_minutes(tmp_path):
    clocks = Clocks()
    set_pin(tmp_path, "4829")
    g = guard(tmp_path, clocks)
    for left in (4, 3, 2, 1):
        assert g.check("0000").attempts_left == left
    fifth = g.check("0000")
    assert (fifth.ok, fifth.locked, fifth.wait_seconds) == (False, True, 300)
    assert fifth.message == "Trop d'essais. Réessayez dans 5 min 00 s."
    clocks.advance(299)
    refused = g.check("4829")  # even the right PIN while locked
    assert (refused.ok, refused.locked, refused.wait_seconds) == (False, True, 1)
    assert refused.message == "Trop d'essais. Réessayez dans 1 s."
    clocks.advance(1)
    assert g.check("4829").ok
    assert not g.locked


def test_the_lockout_survives_a_restart(tmp_path):
    clocks = Clocks()
    set_pin(tmp_path, "4829")
    g = guard(tmp_path, clocks)
    for _ in range(5):
        g.check("0000")
    clocks.advance(100)
    after_restart = Clocks()  # the monotonic clock restarts from zero after a reboot
    after_restart.mono, after_restart.wall = 3.0, clocks.wall
    g2 = guard(tmp_path, after_restart)
    assert g2.locked
    assert g2.check("4829").wait_seconds == 200
    after_restart.advance(200)
    assert g2.check("4829").ok
    assert stat.S_IMODE((tmp_path / ATTEMPTS_FILE).stat().st_mode) == 0o600


def test_failures_survive_a_restart_too(tmp_path):
    clocks = Clocks()
    set_pin(tmp_path, "4829")
    g = guard(tmp_path, clocks)
    for _ in range(3):
        g.check("0000")
    g2 = guard(tmp_path, clocks)
    assert g2.check("0000").attempts_left == 1
    assert g2.check("0000").locked


def test_a_lock_read_back_never_lasts_more_than_five_minutes(tmp_path):
    clocks = Clocks()
    set_pin(tmp_path, "4829")
    (tmp_path / ATTEMPTS_FILE).write_text(json.dumps(
        {"failures": 5, "locked_until": clocks.wall + 10_000_000}))
    g = guard(tmp_path, clocks)
    assert g.wait_seconds() == 300


def test_no_pin_set_yet(tmp_path):
    result = guard(tmp_path, Clocks()).check("1234")
    assert not result.ok and not result.locked
    assert "kiosk set-pin" in result.message


def test_set_pin_command(tmp_path, capsys, monkeypatch):
    assert main(["set-pin", "--data-dir", str(tmp_path), "--pin", "12"]) == 1
    assert "de 4 à 8 chiffres" in capsys.readouterr().out
    assert main(["set-pin", "--data-dir", str(tmp_path), "--pin", "77881"]) == 0
    assert guard(tmp_path, Clocks()).check("77881").ok
    answers = iter(["2468", "2469"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["set-pin", "--data-dir", str(tmp_path)]) == 1
    assert "différents" in capsys.readouterr().out
    answers = iter(["2468", "2468"])
    assert main(["set-pin", "--data-dir", str(tmp_path)]) == 0
    assert guard(tmp_path, Clocks()).check("2468").ok
