"""Every key of every on-screen keyboard types something or does something (no blank key)."""

from __future__ import annotations

import pytest

from kiosk.practice import layouts
from kiosk.practice.layouts import _LAYOUTS, ACTIONS


@pytest.mark.parametrize("name", sorted(_LAYOUTS, key=str))
def test_no_key_is_blank(name):
    for page in _LAYOUTS[name]:
        for key in page.keys():
            assert key.action in ACTIONS
            if key.action == "char":
                assert key.value and key.label("fr").strip(), (name, page.name, key)


def test_the_star_key_types_a_star():
    star = layouts._key("*")
    assert (star.action, star.value, star.width) == ("char", "*", 1)
    assert layouts._key("**2") == layouts.Key("char", "*", 2)
    assert layouts._key("SPACE*3").width == 3
    signs = [key.value for page in _LAYOUTS[("texte", "azerty", "compact")] for key in page.keys()]
    assert "*" in signs
