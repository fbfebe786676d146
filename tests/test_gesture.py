"""The hidden gesture: five taps in the top-left corner within three seconds (pure logic)."""

from __future__ import annotations

import pytest

from kiosk.ui.screens.counsellor.corner_taps import CornerTaps

HEIGHT, SIDE = 800, 47


def taps(gesture: CornerTaps, times, x=3, y=HEIGHT - 3):
    return [gesture.tap(x, y, HEIGHT, SIDE, t) for t in times]


def test_five_quick_taps_complete_the_gesture_on_the_fifth():
    assert taps(CornerTaps(), [0, 0.5, 1.0, 1.5, 2.0]) == [False] * 4 + [True]


def test_four_taps_do_not():
    assert taps(CornerTaps(), [0, 0.2, 0.4, 0.6]) == [False] * 4


def test_slow_taps_do_not_but_the_last_five_within_three_seconds_do():
    gesture = CornerTaps()
    assert taps(gesture, [0, 0.8, 1.6, 2.4, 3.2]) == [False] * 5  # first to fifth: 3.2 s
    assert taps(gesture, [3.4]) == [True]  # 0.8 .. 3.4: five taps within 3 s


def test_a_tap_elsewhere_starts_again():
    gesture = CornerTaps()
    taps(gesture, [0, 0.1, 0.2, 0.3])
    assert gesture.tap(600, 400, HEIGHT, SIDE, 0.4) is False
    assert gesture.count == 0
    assert taps(gesture, [0.5, 0.6, 0.7, 0.8, 0.9]) == [False] * 4 + [True]
    assert gesture.count == 0  # counting restarts after a completed gesture


@pytest.mark.parametrize(("x", "y", "inside"), [
    (0, HEIGHT, True), (SIDE, HEIGHT - SIDE, True), (SIDE + 1, HEIGHT - 3, False),
    (3, HEIGHT - SIDE - 1, False), (3, 3, False), (1277, HEIGHT - 3, False)])
def test_only_the_top_left_corner_counts(x, y, inside):
    assert CornerTaps.in_corner(x, y, HEIGHT, SIDE) is inside
