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


@pytest.mark.parametrize("name", sorted(layouts.LAYOUTS, key=str))
def test_every_page_fits_its_form(name):
    """No row wider than its form's keys across, no page taller than its rows (the narrow
    form, 6 across, is what a tablet held upright can show at 16 mm)."""
    layout = layouts.LAYOUTS[name]
    for page in layout.pages:
        assert page.units <= layouts.WIDTH_UNITS[layout.variant], (name, page.name)
        assert len(page.rows) <= layouts.MAX_ROWS[layout.variant], (name, page.name)
        for key in page.keys():
            if key.action == "page":
                assert key.value in {p.name for p in layout.pages}, (name, key)


@pytest.mark.parametrize("keyboard", ["email", "texte", "chiffres"])
@pytest.mark.parametrize("arrangement", ["azerty", "qwerty"])
def test_the_narrow_form_types_every_sign_of_the_compact_one(keyboard, arrangement):
    def signs(variant: str) -> set[str]:
        return {key.value for page in layouts.LAYOUTS[(keyboard, arrangement, variant)].pages
                for key in page.keys() if key.action == "char"}

    assert signs("compact") <= signs("narrow")
