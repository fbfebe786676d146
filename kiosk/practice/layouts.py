"""The on-screen keyboards, as data: which keys, in which rows, on which pages (no Kivy here).

Each keyboard of a practice step (``clavier``: email, chiffres, texte) has a French AZERTY
and an English QWERTY form, in two sizes:

- ``wide`` (16 keys across, 5 rows): everything on one page — digits, « @ . - _ », the
  letters and a row of accented letters, all visible at once, with no shift key for them;
- ``compact`` (10 keys across, 4 rows), for screens where 16 mm keys leave no room for
  more (a 10-inch tablet): the e-mail keyboard still shows digits, letters and « @ . - _ »
  together; the text keyboard shows letters and accents, with a page key for digits and signs;
- ``narrow`` (6 keys across, up to 7 rows), for a tablet held upright (800 px wide: 10 keys
  of 16 mm with 24 px between them would need 1,166 px): the e-mail keyboard still shows
  digits, letters and « @ . - _ » together (7 rows); the text keyboard shows letters, with
  page keys for digits and signs and for accented letters.

Rows are written as space-separated keys; ``*n`` makes a key n units wide; the special
keys are SPACE, SHIFT, LEFT, RIGHT and PAGE=name.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from kiosk.i18n import N_, tr

VARIANTS = ("wide", "compact", "narrow")
WIDTH_UNITS = MappingProxyType({"wide": 16, "compact": 10, "narrow": 6})
"""Key units across each variant (a unit is one letter key)."""
MAX_ROWS = MappingProxyType({"wide": 5, "compact": 4, "narrow": 7})
ACTIONS = ("char", "space", "shift", "left", "right", "page")


@dataclass(frozen=True)
class Key:
    action: str
    value: str = ""
    """The sign typed (for "char"), or the page shown (for "page")."""
    width: int = 1

    def label(self, language: str, shifted: bool = False) -> str:
        if self.action == "char":
            return self.value.upper() if shifted and self.value.isalpha() else self.value
        if self.action == "page":
            return PAGE_LABELS[self.value]
        name = KEY_NAMES[self.action]
        return tr(name, language) if name.isalpha() else name


@dataclass(frozen=True)
class Page:
    name: str
    rows: tuple[tuple[Key, ...], ...]

    @property
    def units(self) -> int:
        return max(sum(key.width for key in row) for row in self.rows)

    def keys(self) -> list[Key]:
        return [key for row in self.rows for key in row]


@dataclass(frozen=True)
class Layout:
    keyboard: str
    arrangement: str
    variant: str
    pages: tuple[Page, ...]

    def page(self, name: str) -> Page:
        return next(page for page in self.pages if page.name == name)


KEY_NAMES = MappingProxyType({"space": N_("espace"), "shift": N_("Maj"), "left": "◀",
                              "right": "▶"})
"""Labels of the special keys; words are msgids of the ``kiosk`` catalogue, arrows stay."""
PAGE_LABELS = MappingProxyType({"signes": "123 ?", "lettres": "abc é", "accents": "é à ç"})
SPOKEN = MappingProxyType({"@": N_("arobase"), ".": N_("point"), "-": N_("tiret"),
                           "_": N_("tiret bas"), " ": N_("espace"), "'": N_("apostrophe"),
                           ",": N_("virgule"), "!": N_("point d'exclamation"),
                           "?": N_("point d'interrogation")})
"""What the voice says for a sign (msgids of the ``kiosk`` catalogue)."""


def spoken_name(sign: str, language: str) -> str:
    """What the voice says for one typed sign (the sign itself for letters and digits)."""
    name = SPOKEN.get(sign)
    return sign if name is None else tr(name, language)


def _key(token: str) -> Key:
    # "*n" after a name makes the key n units wide; the star sign itself is written "*"
    # (or "**n"), so split on the last star only when digits follow it.
    name, star, width = token.rpartition("*")
    if not star or not width.isdigit() or not name:
        name, width = token, ""
    size = int(width) if width else 1
    if name in ("SPACE", "SHIFT", "LEFT", "RIGHT"):
        return Key(name.lower(), " " if name == "SPACE" else "", size)
    if name.startswith("PAGE="):
        return Key("page", name.removeprefix("PAGE="), size)
    return Key("char", name, size)


def _page(name: str, *rows: str) -> Page:
    return Page(name, tuple(tuple(_key(token) for token in row.split()) for row in rows))


_DIGITS_KEYPAD = _page("chiffres", "1*2 2*2 3*2", "4*2 5*2 6*2", "7*2 8*2 9*2",
                       "LEFT*2 0*2 RIGHT*2")
_ACCENTS_WIDE = "é è ê ë à â î ï ô û ù ç"
_SIGNS_COMPACT = _page("signes", "1 2 3 4 5 6 7 8 9 0", "@ . - _ ! ? , : ; '",
                       "ë ï û ( ) / + & LEFT RIGHT", '€ % * # = " $ SPACE*2 PAGE=lettres')

_SIGNS_NARROW = _page("signes", "1 2 3 4 5 6", "7 8 9 0 @ .", "- _ ! ? ; '", "( ) / + & €",
                      '% * # = " $', "PAGE=lettres*2 SPACE*2 LEFT RIGHT")
_ACCENTS_NARROW = _page("accents", "é è ê ë à â", "ç ù û î ï ô", "SHIFT ' , : . -",
                        "PAGE=lettres*2 SPACE*2 LEFT RIGHT")

_LAYOUTS = {
    ("email", "azerty", "wide"): (_page(
        "lettres", "1 2 3 4 5 6 7 8 9 0 @ . - _", "a z e r t y u i o p", "q s d f g h j k l m",
        "w x c v b n LEFT RIGHT SPACE*3", _ACCENTS_WIDE),),
    ("email", "azerty", "compact"): (_page(
        "lettres", "1 2 3 4 5 6 7 8 9 0", "a z e r t y u i o p", "q s d f g h j k l m",
        "w x c v b n @ . - _"),),
    ("texte", "azerty", "wide"): (_page(
        "lettres", "1 2 3 4 5 6 7 8 9 0 @ . - _ ! ?", "a z e r t y u i o p",
        "q s d f g h j k l m", "SHIFT*2 w x c v b n , ' : LEFT RIGHT SPACE*3",
        _ACCENTS_WIDE),),
    ("texte", "azerty", "compact"): (_page(
        "lettres", "a z e r t y u i o p", "q s d f g h j k l m", "SHIFT w x c v b n ' SPACE*2",
        "é è ê à â ç ù î ô PAGE=signes"), _SIGNS_COMPACT),
    ("email", "qwerty", "wide"): (_page(
        "lettres", "1 2 3 4 5 6 7 8 9 0 @ . - _", "q w e r t y u i o p", "a s d f g h j k l",
        "z x c v b n m LEFT RIGHT SPACE*3", _ACCENTS_WIDE),),
    ("email", "qwerty", "compact"): (_page(
        "lettres", "1 2 3 4 5 6 7 8 9 0", "q w e r t y u i o p", "a s d f g h j k l _",
        "z x c v b n m @ . -"),),
    ("texte", "qwerty", "wide"): (_page(
        "lettres", "1 2 3 4 5 6 7 8 9 0 @ . - _ ! ?", "q w e r t y u i o p",
        "a s d f g h j k l '", "SHIFT*2 z x c v b n m , : LEFT RIGHT SPACE*3",
        _ACCENTS_WIDE),),
    ("texte", "qwerty", "compact"): (_page(
        "lettres", "q w e r t y u i o p", "a s d f g h j k l '", "SHIFT z x c v b n m SPACE*2",
        "é è ê à â ç ù î ô PAGE=signes"), _SIGNS_COMPACT),
    ("email", "azerty", "narrow"): (_page(
        "lettres", "1 2 3 4 5 6", "7 8 9 0 @ .", "a z e r t y", "u i o p q s", "d f g h j k",
        "l m w x c v", "b n - _ LEFT RIGHT"),),
    ("email", "qwerty", "narrow"): (_page(
        "lettres", "1 2 3 4 5 6", "7 8 9 0 @ .", "q w e r t y", "u i o p a s", "d f g h j k",
        "l z x c v b", "n m - _ LEFT RIGHT"),),
    ("texte", "azerty", "narrow"): (_page(
        "lettres", "a z e r t y", "u i o p q s", "d f g h j k", "l m w x c v", "SHIFT b n ' , :",
        "PAGE=signes PAGE=accents SPACE*2 LEFT RIGHT"), _ACCENTS_NARROW, _SIGNS_NARROW),
    ("texte", "qwerty", "narrow"): (_page(
        "lettres", "q w e r t y", "u i o p a s", "d f g h j k", "l z x c v b", "SHIFT n m ' , :",
        "PAGE=signes PAGE=accents SPACE*2 LEFT RIGHT"), _ACCENTS_NARROW, _SIGNS_NARROW),
}
for _arrangement in ("azerty", "qwerty"):
    for _variant in VARIANTS:
        _LAYOUTS[("chiffres", _arrangement, _variant)] = (_DIGITS_KEYPAD,)
LAYOUTS = MappingProxyType({key: Layout(key[0], key[1], key[2], pages)
                            for key, pages in _LAYOUTS.items()})
KEYBOARDS = ("email", "chiffres", "texte")
"""The ``clavier`` values of the flow format."""


def arrangement_for(language: str) -> str:
    """French (and every language but English) types on AZERTY; English on QWERTY."""
    return "qwerty" if language == "en" else "azerty"


NOT_LATIN = frozenset({"ar", "fa", "uk", "ru"})
"""Languages not written in Latin letters. Their visitors still type Latin letters in a
practice step: web addresses and passwords are written so, and the keyboard says it
(kiosk/ui/screens/practice/practice.py)."""


def types_other_letters(language: str) -> bool:
    """True when the visitor's language is not written with the keyboard's Latin letters."""
    return language in NOT_LATIN


def layout_for(keyboard: str, language: str, variant: str) -> Layout:
    return LAYOUTS[(keyboard, arrangement_for(language), variant)]
