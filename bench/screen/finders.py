"""Where to tap, found on a screenshot: the same rules for the kiosk and the Chromium page.

Both programs draw the kiosk's layout with the kiosk's colours (the page is made that way by
:mod:`bench.html_flow`): the primary colour (« Suivant », « Accueil », « Oui, revenir à
l'accueil », « Vérifier », « Écrire ma réponse ») and white (tiles, answers, « Retour », the
answer field, keys, « Tout effacer »). Each finder returns a point inside the thing to tap,
or raises :class:`MeasureError` naming what it did not find: a tap that would land anywhere
is never timed.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.ui.theme.palette import PALETTES, rgba

from .pixels import Frame
from .probes import solid_block
from .xserver import MeasureError

Point = tuple[int, int]
Finder = Callable[[Frame], Point]


def hex_colour(hex_colour: str) -> int:
    red, green, blue, _ = rgba(hex_colour)
    return round(red * 255) << 16 | round(green * 255) << 8 | round(blue * 255)


PRIMARY = hex_colour(PALETTES["normal"]["primary"][0])
"""The colour of « Suivant » and every primary button, in both programs."""
WHITE = hex_colour(PALETTES["normal"]["secondary"][0])
"""Secondary buttons, tiles, the answer field and keys."""
MIN_RUN = 40
"""Narrowest white run taken for a button (px)."""


def _centre(box: tuple[int, int, int, int]) -> Point:
    x0, y0, x1, y1 = box
    return (x0 + x1) // 2, (y0 + y1) // 2


def _block(frame: Frame, colour: int, what: str, top: float, bottom: float = 1.0,
           left: float = 0.0, right: float = 1.0) -> Point:
    box = solid_block(frame, colour, top=int(frame.height * top),
                      bottom=int(frame.height * bottom), left=int(frame.width * left),
                      right=int(frame.width * right))
    if box is None:
        raise MeasureError(f"{what} introuvable à l'écran.")
    return _centre(box)


def next_button(frame: Frame) -> Point:
    """« Suivant »: the primary block in the bottom quarter."""
    return _block(frame, PRIMARY, "bouton « Suivant » (couleur du bouton principal en bas)",
                  top=0.75)


def back_button(frame: Frame) -> Point:
    """« Retour »: the white block in the bottom quarter, left third."""
    return _block(frame, WHITE, "bouton « Retour » (blanc, en bas à gauche)", top=0.75,
                  right=1 / 3)


def home_button(frame: Frame) -> Point:
    """« Accueil »: the primary block of the top bar."""
    return _block(frame, PRIMARY, "bouton « Accueil » (couleur principale, en haut)", top=0.0,
                  bottom=0.2)


def confirm_button(frame: Frame) -> Point:
    """« Oui, revenir à l'accueil »: the primary block below the bar (the dimmed screen
    behind the question has no primary colour left)."""
    return _block(frame, PRIMARY, "bouton « Oui, revenir à l'accueil »", top=0.2)


def white_runs(frame: Frame, y: int, left: int = 0, right: int | None = None,
               minimum: int = MIN_RUN) -> list[tuple[int, int]]:
    """(x0, x1) of each run of white at least ``minimum`` px wide on row ``y``."""
    right = frame.width if right is None else right
    runs, start = [], None
    for x in range(left, right + 1):
        inside = x < right and frame.pixel(x, y) == WHITE
        if inside and start is None:
            start = x
        elif not inside and start is not None:
            if x - start >= minimum:
                runs.append((start, x - 1))
            start = None
    return runs


def first_white(frame: Frame, top: float, bottom: float, what: str, down: int = 20,
                minimum: int = MIN_RUN) -> Point:
    """The first white thing from the top of a band, its leftmost one: the first tile, the
    first answer, the first key. The point is ``down`` px below its top edge."""
    for y in range(int(frame.height * top), int(frame.height * bottom)):
        runs = white_runs(frame, y, minimum=minimum)
        if runs:
            x0, x1 = runs[0]
            return (x0 + x1) // 2, min(y + down, frame.height - 1)
    raise MeasureError(f"{what} introuvable (rien de blanc entre {top:.0%} et {bottom:.0%} "
                       "de la hauteur).")


def tile(frame: Frame) -> Point:
    """The first tile of the home screen (top left)."""
    return first_white(frame, 0.2, 0.8, "première tuile de l'accueil", down=30)


def answer(frame: Frame) -> Point:
    """The first answer of a question (the first white button below the title)."""
    return first_white(frame, 0.25, 0.82, "première réponse de la question", down=20)


def key(frame: Frame) -> Point:
    """The first key of the keyboard (top left: « a » on the French text keyboard)."""
    return first_white(frame, 0.35, 1.0, "première touche du clavier", down=30)


def answer_field(frame: Frame) -> Point:
    """The answer field of a practice step: the widest white thing between bar and footer."""
    best: tuple[int, int, int] | None = None  # (width, centre x, y)
    for y in range(int(frame.height * 0.2), int(frame.height * 0.82)):
        for x0, x1 in white_runs(frame, y, minimum=frame.width // 3):
            if best is None or x1 - x0 > best[0]:
                best = (x1 - x0, (x0 + x1) // 2, y)
    if best is None:
        raise MeasureError("champ de réponse de l'exercice introuvable (rien de blanc d'un "
                           "tiers de l'écran de large).")
    return best[1], min(best[2] + 12, frame.height - 1)


def erase_all_button(frame: Frame) -> Point:
    """« Tout effacer »: the last white button left of « Vérifier » (the primary block of
    the typing panel's top row), on a row just below the top edge of « Vérifier »."""
    box = solid_block(frame, PRIMARY, top=int(frame.height * 0.2),
                      bottom=int(frame.height * 0.45))
    if box is None:
        raise MeasureError("bouton « Vérifier » du clavier introuvable (couleur principale).")
    x0, y0, _x1, y1 = box
    y = y0 + 8
    runs = white_runs(frame, y, right=x0)
    if not runs:
        raise MeasureError("bouton « Tout effacer » introuvable à gauche de « Vérifier ».")
    start, end = runs[-1]
    return (start + end) // 2, (y0 + y1) // 2
