"""Flow files → one self-contained HTML page showing them, as the kiosk would.

This is the usual alternative the benchmark compares the kiosk with: a web tutorial shown
by Chromium in kiosk mode. The page is built from the same flow objects the kiosk shows,
with the kiosk's own words (its gettext catalogues, ``kiosk.i18n``), colours
(``kiosk.ui.theme.palette``), sizes (``kiosk.ui.theme.metrics``) and keyboards
(``kiosk.practice.layouts``), Roboto inlined like Kivy's, every picture inlined once as a
data URI: no file or network access after the page is read.

What the page has, so that every kind of tap the benchmark times exists in it too:

- the top bar (« Accueil » first, as on the kiosk); « Accueil » in the middle of a flow (not on
  its first step, not on an end) asks « Revenir à l'accueil ? » over a dimmed screen, as the
  kiosk does, and « Oui, revenir à l'accueil » shows the home screen;
- the home screen: the flows as tiles, six to a page, in the kiosk's order (first theme in
  the CRA's order, then title), « Page précédente », « Page N sur M », « Page suivante »;
- each step as a hidden ``<section>``; « Suivant » follows the step's ``next``, an answer its
  ``goto``, « Retour » the history, « Terminer » goes back to the flow's first step. « Étape N
  sur M » and the progress dots follow the kiosk's rule: N is the length of the path taken,
  M adds the longest way left to an end;
- a practice step with a keyboard (``clavier``) shows « Votre réponse : », the answer field
  and « Écrire ma réponse »; touching the field or the button opens the typing panel over the
  step (what to copy, the typed field with its cursor, « Effacer », « Tout effacer »,
  « Vérifier », the kiosk's compact or wide keyboard for this screen). « Vérifier » closes the
  panel and keeps the text (the kiosk's checks and messages are not reproduced).

``#ID`` after the page's address opens the flow ``ID`` directly (as ``kiosk run --flow``).

    python -m bench.html_flow config/flows/ecran-tactile.yaml --out /tmp/page.html
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.flows.engine import remaining_steps
from kiosk.flows.loader import load_flows
from kiosk.flows.model import EndOutcome, Flow, PracticeCheck, Step, StepKind
from kiosk.flows.vocabulary import LANGUAGES, THEMES
from kiosk.i18n import ntr as _ntr
from kiosk.i18n import tr as _tr
from kiosk.practice.layouts import MAX_ROWS, WIDTH_UNITS, Key, layout_for
from kiosk.ui.theme.metrics import metrics_for
from kiosk.ui.theme.palette import PALETTES

# The kiosk's own words for the page, by the names the page uses, through the kiosk's
# catalogues (the same msgids as the screens; plural ones with the form the kiosk shows).
_WORDS = {
    "choose_answer": "Touchez une réponse.", "checklist_hint": "Touchez une ligne pour la cocher.",
    "bring": "À apporter :", "call_counsellor": "Appeler un conseiller",
    "counsellor_end": "Un conseiller va vous aider pour la suite.",
    "practice_choose": "Touchez le message de votre choix.", "practice_model": "À taper : {text}",
    "practice_your_answer": "Votre réponse :",
    "practice_touch_to_write": "Touchez ici pour écrire.",
    "practice_write": "Écrire ma réponse", "example": "Exemple : {example}",
    "practice_free": "Essayez autant de fois que vous voulez. Rien n'est gardé. "
                     "Pour passer, touchez « Suivant ».",
    "next": "Suivant", "finish": "Terminer", "back": "Retour", "home": "Accueil",
    "text_size": "Texte {level}/3", "contrast": "Contraste", "sound_off": "Son : non",
    "help": "J'ai besoin d'aide", "home_title": "Que voulez-vous faire ?",
    "page_previous": "Page précédente", "page_next": "Page suivante", "repeat": "Répéter",
    "erase": "Effacer", "erase_all": "Tout effacer", "practice_check": "Vérifier",
    "confirm_home_title": "Revenir à l'accueil ?",
    "confirm_home_text": "Vous êtes au milieu d'un parcours. Il faudra le recommencer.",
    "confirm_no": "Non, continuer", "confirm_yes": "Oui, revenir à l'accueil",
}
_PLURALS = {
    "minutes": ("{minutes} min", "{minutes} min", "minutes"),
    "step_of": ("Étape {number} sur {total}", "Étape {number} sur {total}", "total"),
    "page_of": ("Page {page} sur {pages}", "Page {page} sur {pages}", "pages"),
    "practice_digits": ("Tapez {length} chiffre.", "Tapez les {length} chiffres.", "length"),
}


def tr(language: str, key: str, **values: object) -> str:
    if key in _PLURALS:
        one, many, count = _PLURALS[key]
        number = values[count]
        return _ntr(one, many, number if isinstance(number, int) else 2, language, **values)
    return _tr(_WORDS[key], language, **values)

PER_PAGE = 6
"""Tiles on a page of the home screen (``kiosk.ui.screens.home.home.PER_PAGE``)."""


def _kivy_fonts() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("kivy")
    if spec is None or spec.origin is None:
        raise RuntimeError("Kivy est introuvable : ses polices Roboto servent à la page.")
    return Path(spec.origin).parent / "data" / "fonts"


def data_uri(path: Path, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def order_flows(flows: Sequence[Flow]) -> list[Flow]:
    """The home screen's order: first CRA theme (in the CRA's order), then title.

    The same rule as ``kiosk.ui.screens.home.home.order_flows`` (a test compares them), kept
    here so that making the page needs no Kivy."""
    return sorted(flows, key=lambda f: (THEMES.index(f.themes[0]) if f.themes else len(THEMES),
                                        f.title.fr.lower()))


def keyboard_variant(width: float, height: float, target: float, gap: float) -> str:
    """``wide`` when 16 keys across and 5 rows fit at full size, else ``compact`` when 10
    keys across fit, else ``narrow`` (the rule of
    ``kiosk.ui.screens.practice.keyboard.choose_variant``; a test compares them)."""
    across = WIDTH_UNITS["wide"] * target + (WIDTH_UNITS["wide"] - 1) * gap
    rows = MAX_ROWS["wide"] * target + (MAX_ROWS["wide"] - 1) * gap
    if width >= across and height >= rows:
        return "wide"
    compact = WIDTH_UNITS["compact"] * target + (WIDTH_UNITS["compact"] - 1) * gap
    return "compact" if width >= compact else "narrow"


class Pictures:
    """Each picture file inlined once, as a CSS class (``p0``, ``p1``…) holding its data URI."""

    def __init__(self, assets: Path) -> None:
        self.assets = assets
        self.classes: dict[str, str] = {}
        self.rules: list[str] = []

    def css_class(self, name: str) -> str | None:
        """The class of picture ``name`` (None when the file is missing)."""
        if name not in self.classes:
            path = self.assets / name
            if not path.is_file():
                return None
            css = f"p{len(self.classes)}"
            self.classes[name] = css
            self.rules.append(f".{css} {{ --picture: url({data_uri(path, 'image/png')}); }}")
        return self.classes[name]

    def card(self, name: str) -> str:
        css = self.css_class(name)
        return f'<div class="card"><i class="{css}"></i></div>' if css else ""

    def css(self) -> str:
        return "\n".join(self.rules)


def step_html(step: Step, flow: Flow, pictures: Pictures, language: str, remaining: int,
              number: int = 0) -> str:
    """One step of flow number ``number`` as a hidden ``<section>``."""
    end = step.kind is StepKind.END
    parts = [f'<section id="s-{number}-{_e(step.id)}" data-remaining="{remaining}"'
             f'{_attr("data-next", step.next)}{_attr("data-end", "1" if end else None)} hidden>']
    if end:
        success = step.outcome is not EndOutcome.COUNSELLOR
        parts.append(pictures.card("pictos/bravo.png" if success else "pictos/aide.png"))
    parts.append(f"<h1>{_e(step.title.get(language))}</h1>")
    if step.picture and not end:
        parts.append(pictures.card(step.picture))
    if step.text is not None:
        parts.append(f'<p class="body">{_e(step.text.get(language))}</p>')
    if step.warning is not None:
        parts.append(f'<p class="warning">{_e(step.warning.get(language))}</p>')
    if step.kind is StepKind.QUESTION:
        parts.append(f'<p class="small">{_e(tr(language, "choose_answer"))}</p>')
        parts.extend(f'<button class="secondary answer" data-goto="{_e(answer.goto)}">'
                     f"{_e(answer.label.get(language))}</button>" for answer in step.answers)
    elif step.kind is StepKind.CHECKLIST:
        parts.append(f'<p class="small">{_e(tr(language, "checklist_hint"))}</p>')
        parts.extend(f'<button class="secondary check">{_e(item.get(language))}</button>'
                     for item in step.items)
    elif step.kind is StepKind.PRACTICE and step.practice is not None:
        parts.extend(_practice_html(step, language))
    elif step.kind is StepKind.WEBSITE:
        address = (step.url or "").removeprefix("https://").rstrip("/")
        parts.append(f'<p class="huge">{_e(address)}</p>')
    elif step.kind is StepKind.HELP:
        if step.items:
            parts.append(f'<p class="small"><b>{_e(tr(language, "bring"))}</b></p>')
            parts.extend(f'<p class="body">•  {_e(item.get(language))}</p>' for item in step.items)
        parts.append(f'<button class="help">{_e(tr(language, "call_counsellor"))}</button>')
    elif end and step.outcome is EndOutcome.COUNSELLOR:
        parts.append(f'<p class="warning">{_e(tr(language, "counsellor_end"))}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _practice_html(step: Step, language: str) -> list[str]:
    practice = step.practice
    assert practice is not None
    parts = []
    if practice.check is PracticeCheck.CHOICE:
        parts.append(f'<p class="small">{_e(tr(language, "practice_choose"))}</p>')
        parts.extend(f'<button class="secondary answer-card">{_e(choice.label.get(language))}'
                     "</button>" for choice in practice.choices)
    else:
        if practice.check is PracticeCheck.PASSWORD:
            model = ""
        elif practice.expected:
            model = tr(language, "practice_model", text=practice.expected)
        else:
            model = tr(language, "practice_digits", length=practice.length or 0)
        parts.append(f'<p class="small"><b>{_e(tr(language, "practice_your_answer"))}</b></p>')
        parts.append(f'<div class="typed field" data-keyboard="{_e(practice.keyboard)}" '
                     f'data-model="{_e(model)}" data-placeholder='
                     f'"{_e(tr(language, "practice_touch_to_write"))}"><span></span><i></i></div>')
        parts.append(f'<button class="primary write">{_e(tr(language, "practice_write"))}'
                     "</button>")
    if practice.example is not None:
        example = tr(language, "example", example=practice.example.get(language))
        parts.append(f"<h1>{_e(example)}</h1>")
    parts.append(f'<p class="small">{_e(tr(language, "practice_free"))}</p>')
    return parts


def _attr(name: str, value: str | None) -> str:
    return f' {name}="{_e(value)}"' if value else ""


def flow_html(flow: Flow, number: int, pictures: Pictures, language: str) -> str:
    remaining = remaining_steps(flow)
    sections = "\n".join(step_html(step, flow, pictures, language, remaining[step.id], number)
                         for step in flow.steps)
    return (f'<div class="flow" id="f-{number}" data-id="{_e(flow.id)}" '
            f'data-title="{_e(flow.title.get(language))}" data-start="{_e(flow.start.id)}">\n'
            f"{sections}\n</div>")


def tile_html(flow: Flow, number: int, pictures: Pictures, language: str) -> str:
    theme = flow.themes[0] if flow.themes else ""
    caption = f"{theme.capitalize()} · {tr(language, 'minutes', minutes=flow.duration_minutes)}"
    icon = pictures.css_class(flow.pictogram) if flow.pictogram else None
    return (f'<button class="tile" data-flow="{number}" hidden>'
            f'<i class="{icon or ""}"></i><b>{_e(flow.short_title.get(language))}</b>'
            f"<span>{_e(caption)}</span></button>")


def keyboard_html(keyboard: str, language: str, variant: str) -> str:
    """The first page of the kiosk's keyboard ``keyboard`` (its other pages are not shown)."""
    layout = layout_for(keyboard, language, variant)
    rows = []
    for row in layout.pages[0].rows:
        keys = "".join(_key_html(key, language) for key in row)
        rows.append(f'<div class="keys">{keys}</div>')
    return f'<div class="keyboard" data-keyboard="{_e(keyboard)}" hidden>{"".join(rows)}</div>'


def _key_html(key: Key, language: str) -> str:
    typed = key.value if key.action in ("char", "space") else ""
    return (f'<button class="key" style="flex: {key.width}" data-type="{_e(typed)}" '
            f'data-action="{key.action}">{_e(key.label(language))}</button>')


def site(flows: Sequence[Flow], assets: Path, width: int = 1280, height: int = 800,
         language: str = "fr") -> str:
    """The whole page: home screen with every flow's tile, every flow's steps."""
    metrics = metrics_for(width, height)
    colours = PALETTES["normal"]
    fonts = _kivy_fonts()
    pictures = Pictures(assets)
    ordered = order_flows(flows)
    words = {key: tr(language, key) for key in ("next", "finish", "back")}
    words["step_of"] = tr(language, "step_of", number="{number}", total="{total}")
    words["page_of"] = tr(language, "page_of", page="{page}", pages="{pages}")
    flows_html = "\n".join(flow_html(flow, number, pictures, language)
                           for number, flow in enumerate(ordered))
    tiles = "\n".join(tile_html(flow, number, pictures, language)
                      for number, flow in enumerate(ordered))
    variant = keyboard_variant(width, height, metrics.target, metrics.gap)
    keyboards = "\n".join(keyboard_html(name, language, variant)
                          for name in sorted({step.practice.keyboard for flow in ordered
                                              for step in flow.steps if step.practice
                                              and step.practice.check is not PracticeCheck.CHOICE
                                              and step.practice.keyboard}))
    bar = "".join(f'<button class="{role}"{ident}>{_e(text)}</button>' for text, role, ident in (
        (tr(language, "home"), "primary", ' id="home-button"'),
        (LANGUAGES[language], "secondary", ""),
        (tr(language, "text_size", level=1), "secondary", ""),
        (tr(language, "contrast"), "secondary", ""),
        (tr(language, "sound_off"), "secondary", ""),
        (tr(language, "help"), "help", "")))
    typed_px = round(min(metrics.target * 0.5, metrics.huge * 0.8))
    css = _CSS.format(
        regular=data_uri(fonts / "Roboto-Regular.ttf", "font/ttf"),
        bold=data_uri(fonts / "Roboto-Bold.ttf", "font/ttf"),
        width=width, height=height, target=metrics.target, gap=metrics.gap, pad=metrics.pad,
        body=metrics.body, title=metrics.title, small=metrics.small, bar=metrics.bar_text,
        huge=round(metrics.huge * 0.7), card_h=round(metrics.target * 1.9),
        card_w=round(metrics.target * 1.9 * 1.5), typed=typed_px,
        typed_h=round(typed_px * 1.3 + metrics.pad * 0.5),
        side=round(metrics.target * 1.9), radius=round(metrics.pad * 0.75),
        dialog_w=round(width * 0.8),
        **{f"{role}_{part}": colours[role][index] for role in colours
           for index, part in enumerate(("bg", "fg"))})
    return _PAGE.format(
        lang=_e(language), title=_e(tr(language, "home_title")), css=css,
        pictures=pictures.css(), bar=bar, home_title=_e(tr(language, "home_title")),
        tiles=tiles, previous=_e(tr(language, "page_previous")),
        next_page=_e(tr(language, "page_next")), flows=flows_html,
        back=_e(words["back"]), repeat=_e(tr(language, "repeat")), next=_e(words["next"]),
        erase=_e(tr(language, "erase")), erase_all=_e(tr(language, "erase_all")),
        check=_e(tr(language, "practice_check")), keyboards=keyboards,
        confirm_title=_e(tr(language, "confirm_home_title")),
        confirm_text=_e(tr(language, "confirm_home_text")),
        confirm_no=_e(tr(language, "confirm_no")), confirm_yes=_e(tr(language, "confirm_yes")),
        words=json.dumps(words, ensure_ascii=False).replace("</", "<\\/"),
        per_page=PER_PAGE, script=_SCRIPT)


def page(flow: Flow, assets: Path, width: int = 1280, height: int = 800,
         language: str = "fr") -> str:
    """The page of one flow (its tile alone on the home screen)."""
    return site([flow], assets, width, height, language)


_CSS = """\
@font-face {{ font-family: Roboto; font-weight: 400; src: url({regular}); }}
@font-face {{ font-family: Roboto; font-weight: 700; src: url({bold}); }}
* {{ box-sizing: border-box; }}
[hidden] {{ display: none !important; }}
html, body {{ margin: 0; width: {width}px; height: {height}px; overflow: hidden; }}
body {{ font-family: Roboto, sans-serif; font-size: {body}px; background: {screen_bg};
       color: {screen_fg}; display: flex; flex-direction: column; cursor: none; }}
button {{ font: bold {body}px Roboto, sans-serif; min-height: {target}px; border-radius: 8px;
         border: 3px solid {primary_bg}; padding: 0 {pad}px; }}
.primary {{ background: {primary_bg}; color: {primary_fg}; }}
.secondary {{ background: {secondary_bg}; color: {secondary_fg}; }}
.help {{ background: {help_bg}; color: {help_fg}; border-color: {help_bg}; }}
.disabled {{ background: {disabled_bg}; color: {disabled_fg}; border-color: {disabled_fg}; }}
button:disabled {{ background: {disabled_bg}; color: {disabled_fg}; border-color: {disabled_fg}; }}
#bar {{ background: {bar_bg}; display: flex; gap: {gap}px; padding: {pad}px; }}
#bar button {{ flex: 1; font-size: {bar}px; min-height: {target}px; }}
#screen {{ flex: 1; position: relative; display: flex; flex-direction: column; min-height: 0; }}
#home {{ flex: 1; display: flex; flex-direction: column; padding: {pad}px {gap}px;
         gap: {gap}px; min-height: 0; }}
#home h1 {{ text-align: center; }}
#grid {{ flex: 1; display: grid; grid-template-columns: repeat(3, 1fr);
         grid-template-rows: repeat(2, 1fr); gap: {gap}px; min-height: 0; }}
.tile {{ background: {tile_bg}; color: {tile_fg}; border-radius: {pad}px; padding: {pad}px;
         display: flex; flex-direction: column; align-items: center; gap: {pad}px;
         min-height: 0; }}
.tile i {{ flex: 1; width: 100%; background: {primary_bg}; -webkit-mask: var(--picture)
           center / contain no-repeat; mask: var(--picture) center / contain no-repeat; }}
.tile span {{ font-weight: normal; font-size: {small}px; }}
#pager {{ display: flex; gap: {gap}px; align-items: center; }}
#pager button {{ flex: 1; }}
#pager span {{ flex: 0.6; text-align: center; font-size: {small}px; }}
#flow {{ flex: 1; display: flex; flex-direction: column; min-height: 0; }}
main {{ flex: 1; display: flex; flex-direction: column; padding: {pad}px {gap}px;
        gap: {gap}px; min-height: 0; }}
header {{ display: flex; justify-content: space-between; font-size: {small}px; }}
#dots {{ display: flex; justify-content: space-between; align-items: center;
         height: {small}px;
         background: linear-gradient({screen_fg}, {screen_fg}) center / 100% 3px no-repeat; }}
#dots i {{ width: 18px; height: 18px; border-radius: 50%; border: 3px solid {screen_fg};
           background: {screen_bg}; }}
#dots i.done {{ background: {primary_bg}; border-color: {screen_fg}; }}
#steps {{ flex: 1; overflow: hidden; min-height: 0; }}
section {{ display: flex; flex-direction: column; gap: {gap}px; }}
h1 {{ font-size: {title}px; margin: 0; }}
p {{ margin: 0; }}
.body {{ white-space: pre-line; line-height: 1.35; }}
.small {{ font-size: {small}px; }}
.huge {{ font-size: {huge}px; font-weight: bold; text-align: center; }}
.warning {{ background: {warning_bg}; color: {warning_fg}; padding: {pad}px; }}
.card {{ align-self: center; width: {card_w}px; height: {card_h}px; background: #FFFFFF;
         border-radius: {pad}px; display: flex; align-items: center; justify-content: center; }}
.card i {{ width: 93%; height: 85%; background: var(--picture) center / contain no-repeat; }}
.check, .answer, .answer-card {{ text-align: left; }}
.answer {{ text-align: center; }}
.check.on::before {{ content: "\\2714  "; }}
.typed {{ background: {tile_bg}; color: {tile_fg}; border: 3px solid {primary_bg};
          height: {typed_h}px; font-size: {typed}px; display: flex; align-items: center;
          padding: 0 {pad}px; white-space: pre; overflow: hidden; flex-shrink: 0; }}
.typed i {{ display: inline-block; width: 5px; height: {typed}px; background: {primary_bg}; }}
.typed .placeholder {{ font-size: {body}px; font-style: italic; }}
footer {{ display: flex; gap: {gap}px; padding: 0 {gap}px {pad}px; }}
footer button {{ flex: 1; }}
#typing {{ position: absolute; inset: 0; background: {screen_bg}; display: flex;
           flex-direction: column; gap: {gap}px; padding: {pad}px {gap}px; }}
#typing .top {{ display: flex; gap: {gap}px; align-items: stretch; }}
#typing .top > div {{ flex: 1; display: flex; flex-direction: column; gap: {pad}px;
                      min-width: 0; }}
#typing .top button {{ width: {side}px; font-size: {bar}px; padding: 0; }}
#model {{ font-size: {small}px; white-space: nowrap; overflow: hidden; }}
.keyboard {{ display: flex; flex-direction: column; gap: {gap}px; }}
.keys {{ display: flex; gap: {gap}px; }}
.key {{ flex-basis: 0; background: {secondary_bg}; color: {secondary_fg}; height: {target}px;
        border-radius: {radius}px; padding: 0; font-size: {typed}px; }}
.key[data-action="shift"], .key[data-action="space"], .key[data-action="page"] {{
        font-size: {bar}px; }}
#overlay {{ position: fixed; inset: 0; background: rgba(27, 27, 27, 0.55); display: flex;
            align-items: center; justify-content: center; }}
#overlay > div {{ background: {screen_bg}; border: 6px solid {overlay_bg};
                  width: {dialog_w}px; padding: {pad}px {gap}px; display: flex;
                  flex-direction: column; gap: {gap}px; text-align: center; }}
#overlay h2 {{ font-size: {title}px; margin: 0; }}
#overlay .buttons {{ display: flex; gap: {gap}px; }}
#overlay .buttons button {{ flex: 1; }}
"""

_PAGE = """\
<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width">
<meta name="google" content="notranslate">
<title>{title}</title>
<style>
{css}
{pictures}
</style>
</head>
<body>
<div id="bar">{bar}</div>
<div id="screen">
<div id="home" hidden>
<h1>{home_title}</h1>
<div id="grid">
{tiles}
</div>
<div id="pager"><button id="previous" class="secondary">{previous}</button>\
<span id="page-of"></span><button id="next-page" class="secondary">{next_page}</button></div>
</div>
<div id="flow" hidden>
<main>
<header><b id="flow-title"></b><span id="counter"></span></header>
<div id="dots"></div>
<div id="steps">
{flows}
</div>
</main>
<footer><button id="back" class="secondary">{back}</button><button class="secondary" disabled>\
{repeat}</button><button id="next" class="primary">{next}</button></footer>
</div>
<div id="typing" hidden>
<div class="top"><div><span id="model"></span><div id="typed" class="typed"><i></i></div></div>\
<button id="erase" class="secondary">{erase}</button>\
<button id="erase-all" class="secondary">{erase_all}</button>\
<button id="check" class="primary">{check}</button></div>
{keyboards}
</div>
</div>
<div id="overlay" hidden><div><h2>{confirm_title}</h2><p>{confirm_text}</p>
<div class="buttons"><button id="confirm-no" class="secondary">{confirm_no}</button>\
<button id="confirm-yes" class="primary">{confirm_yes}</button></div></div></div>
<script>
const WORDS = {words};
const PER_PAGE = {per_page};
{script}
</script>
</body>
</html>
"""

_SCRIPT = """\
const $ = (id) => document.getElementById(id);
const flows = Array.from(document.querySelectorAll(".flow"));
const tiles = Array.from(document.querySelectorAll(".tile"));
let flow = null, history = [], current = null, page = 0, texts = {}, field = null;

function render(view, text) {
  const cursor = document.createElement("i");
  const words = document.createElement("span");
  if (text) {
    words.textContent = text;
    view.replaceChildren(words, cursor);
  } else {
    words.textContent = view.dataset.placeholder || "";
    words.className = "placeholder";
    view.replaceChildren(cursor, words);
  }
}
function showPage(number) {
  const pages = Math.max(1, Math.ceil(tiles.length / PER_PAGE));
  page = Math.min(Math.max(0, number), pages - 1);
  tiles.forEach((tile, index) => { tile.hidden = Math.floor(index / PER_PAGE) !== page; });
  $("page-of").textContent = WORDS.page_of.replace("{page}", page + 1)
    .replace("{pages}", pages);
  $("previous").disabled = page === 0;
  $("next-page").disabled = page >= pages - 1;
  $("pager").style.visibility = pages > 1 ? "visible" : "hidden";
}
function showHome() {
  closeTyping();
  $("overlay").hidden = true;
  if (current) current.hidden = true;
  current = null; flow = null; history = []; texts = {};
  $("flow").hidden = true;
  $("home").hidden = false;
  showPage(0);
}
function openFlow(number) {
  flow = flows[number]; history = []; texts = {};
  $("home").hidden = true;
  $("flow").hidden = false;
  $("flow-title").textContent = flow.dataset.title;
  show(flow.dataset.start);
}
function prefix() { return "s-" + flow.id.slice(2) + "-"; }
function stepId() { return current.id.slice(prefix().length); }
function show(id) {
  if (current) current.hidden = true;
  current = $(prefix() + id);
  current.hidden = false;
  const number = history.length + 1;
  const total = number + Number(current.dataset.remaining) - 1;
  $("counter").textContent =
    WORDS.step_of.replace("{number}", number).replace("{total}", total);
  $("dots").replaceChildren(...Array.from({length: total}, (_, i) => {
    const dot = document.createElement("i");
    if (i < number) dot.className = "done";
    return dot;
  }));
  const end = !current.dataset.next && !current.querySelector(".answer");
  const next = $("next");
  next.textContent = end ? WORDS.finish : WORDS.next;
  next.disabled = !end && !current.dataset.next;
  $("back").disabled = history.length === 0;
  current.querySelectorAll(".field").forEach((view) => render(view, texts[id] || ""));
}
function go(id) { history.push(stepId()); show(id); }
function openTyping(view) {
  field = view;
  $("model").textContent = view.dataset.model;
  document.querySelectorAll(".keyboard").forEach((keyboard) => {
    keyboard.hidden = keyboard.dataset.keyboard !== view.dataset.keyboard;
  });
  render($("typed"), texts[stepId()] || "");
  $("typing").hidden = false;
}
function closeTyping() { $("typing").hidden = true; field = null; }
function setText(text) {
  texts[stepId()] = text;
  render($("typed"), text);
  render(field, text);
}
$("next").addEventListener("click", () => {
  if (current.dataset.next) go(current.dataset.next);
  else { history = []; show(flow.dataset.start); }
});
$("back").addEventListener("click", () => { if (history.length) show(history.pop()); });
$("steps").addEventListener("click", (event) => {
  const target = event.target.closest("button, .field");
  if (!target) return;
  if (target.dataset.goto) go(target.dataset.goto);
  else if (target.classList.contains("check")) target.classList.toggle("on");
  else if (target.classList.contains("field")) openTyping(target);
  else if (target.classList.contains("write")) openTyping(current.querySelector(".field"));
});
$("grid").addEventListener("click", (event) => {
  const tile = event.target.closest(".tile");
  if (tile) openFlow(Number(tile.dataset.flow));
});
$("previous").addEventListener("click", () => showPage(page - 1));
$("next-page").addEventListener("click", () => showPage(page + 1));
$("home-button").addEventListener("click", () => {
  if (flow && history.length >= 1 && !current.dataset.end) $("overlay").hidden = false;
  else if (flow) showHome();
});
$("confirm-no").addEventListener("click", () => { $("overlay").hidden = true; });
$("confirm-yes").addEventListener("click", showHome);
document.querySelectorAll(".keyboard").forEach((keyboard) => {
  keyboard.addEventListener("click", (event) => {
    const key = event.target.closest(".key");
    if (key && key.dataset.type) setText((texts[stepId()] || "") + key.dataset.type);
  });
});
$("erase").addEventListener("click", () => setText((texts[stepId()] || "").slice(0, -1)));
$("erase-all").addEventListener("click", () => setText(""));
$("check").addEventListener("click", closeTyping);

const wanted = decodeURIComponent(location.hash.slice(1));
const opened = flows.findIndex((candidate) => candidate.dataset.id === wanted);
showPage(0);
if (opened >= 0) openFlow(opened); else showHome();
"""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.html_flow", description=__doc__)
    parser.add_argument("flows", type=Path, nargs="+",
                        help="fichiers de parcours (.yaml) ou dossier de parcours")
    parser.add_argument("--assets", type=Path, default=Path("assets"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args(argv)
    chosen: list[Flow] = []
    for path in args.flows:
        folder = path if path.is_dir() else path.parent
        flowset = load_flows(folder, args.assets)
        found = [f for f in flowset.flows.values()
                 if f.source and (path.is_dir() or f.source.name == path.name)]
        if not found:
            print(f"{path} : parcours non valable, lancez « kiosk validate ».", file=sys.stderr)
            return 1
        chosen.extend(found)
    width, height = (int(n) for n in args.size.split("x"))
    args.out.write_text(site(chosen, args.assets, width, height), encoding="utf-8")
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
