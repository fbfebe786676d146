"""One flow file → one self-contained HTML page showing its steps, as the kiosk would.

This is the usual alternative the benchmark compares the kiosk with: a web tutorial shown
by Chromium in kiosk mode. The page is built from the same flow object the kiosk shows,
with the kiosk's own words (``kiosk.i18n``), colours (``kiosk.ui.theme.palette``) and sizes
(``kiosk.ui.theme.metrics`` for the screen size), Roboto inlined like Kivy's, every picture
inlined as a data URI: no file or network access after the page is read.

Every step is a ``<section>``; a small script shows one at a time. "Suivant" follows the
step's ``next``, an answer its ``goto``, "Retour" the history, "Terminer" goes back to the
first step. "Étape N sur M" and the progress dots follow the kiosk's rule: N is the
length of the path taken, M adds the longest way left to an end.

    python -m bench.html_flow config/flows/ecran-tactile.yaml --out /tmp/page.html
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import sys
from pathlib import Path

from kiosk.flows.engine import remaining_steps
from kiosk.flows.loader import load_flows
from kiosk.flows.model import EndOutcome, Flow, Step, StepKind
from kiosk.flows.vocabulary import LANGUAGES
from kiosk.i18n import ntr, tr
from kiosk.ui.theme.metrics import metrics_for
from kiosk.ui.theme.palette import PALETTES


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


def step_html(step: Step, flow: Flow, assets: Path, language: str, remaining: int) -> str:
    """One step as a hidden ``<section>`` (the script shows the current one)."""
    parts = [f'<section id="s-{_e(step.id)}" data-remaining="{remaining}"'
             f'{_attr("data-next", step.next)} hidden>']
    if step.kind is StepKind.END:
        success = step.outcome is not EndOutcome.COUNSELLOR
        parts.append(_picture(assets, "pictos/bravo.png" if success else "pictos/aide.png"))
    parts.append(f"<h1>{_e(step.title.get(language))}</h1>")
    if step.picture and step.kind is not StepKind.END:
        parts.append(_picture(assets, step.picture))
    if step.text is not None:
        parts.append(f'<p class="body">{_e(step.text.get(language))}</p>')
    if step.warning is not None:
        parts.append(f'<p class="warning">{_e(step.warning.get(language))}</p>')
    if step.kind is StepKind.QUESTION:
        parts.append(f'<p class="small">{_e(tr("Touchez une réponse.", language))}</p>')
        parts.extend(f'<button class="secondary answer" data-goto="{_e(answer.goto)}">'
                     f"{_e(answer.label.get(language))}</button>" for answer in step.answers)
    elif step.kind is StepKind.CHECKLIST:
        hint = tr("Touchez une ligne pour la cocher.", language)
        parts.append(f'<p class="small">{_e(hint)}</p>')
        parts.extend(f'<button class="secondary check">{_e(item.get(language))}</button>'
                     for item in step.items)
    elif step.kind is StepKind.PRACTICE:
        practice = step.practice
        if practice is not None and practice.example is not None:
            example = tr("Exemple : {example}", language, example=practice.example.get(language))
            parts.append(f"<h1>{_e(example)}</h1>")
        parts.append(f'<p class="small">{_e(tr("Votre réponse :", language))}</p>')
        parts.append(f'<p class="small">{_e(tr("Touchez ici pour écrire.", language))}</p>')
    elif step.kind is StepKind.WEBSITE:
        address = (step.url or "").removeprefix("https://").rstrip("/")
        parts.append(f'<p class="huge">{_e(address)}</p>')
    elif step.kind is StepKind.HELP:
        if step.items:
            parts.append(f'<p class="small"><b>{_e(tr("À apporter :", language))}</b></p>')
            parts.extend(f'<p class="body">•  {_e(item.get(language))}</p>' for item in step.items)
        call = tr("Appeler un conseiller", language)
        parts.append(f'<button class="help">{_e(call)}</button>')
    elif step.kind is StepKind.END and step.outcome is EndOutcome.COUNSELLOR:
        end = tr("Un conseiller va vous aider pour la suite.", language)
        parts.append(f'<p class="warning">{_e(end)}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _attr(name: str, value: str | None) -> str:
    return f' {name}="{_e(value)}"' if value else ""


def _picture(assets: Path, name: str) -> str:
    path = assets / name
    if not path.is_file():
        return ""
    return f'<div class="card"><img alt="" src="{data_uri(path, "image/png")}"></div>'


def page(flow: Flow, assets: Path, width: int = 1280, height: int = 800,
         language: str = "fr") -> str:
    """The whole page for ``flow`` on a ``width`` × ``height`` screen."""
    metrics = metrics_for(width, height)
    colours = PALETTES["normal"]
    remaining = remaining_steps(flow)
    fonts = _kivy_fonts()
    words = {"next": tr("Suivant", language), "finish": tr("Terminer", language),
             "back": tr("Retour", language)}
    # The page fills {number} and {total} itself; the form of a total above one is used.
    words["step_of"] = ntr("Étape {number} sur {total}", "Étape {number} sur {total}", 2,
                           language, number="{number}", total="{total}")
    sections = "\n".join(step_html(step, flow, assets, language, remaining[step.id])
                         for step in flow.steps)
    bar = "".join(f'<button class="{role}">{_e(text)}</button>' for text, role in (
        (tr("Accueil", language), "primary"), (LANGUAGES[language], "secondary"),
        (tr("Texte {level}/3", language, level=1), "secondary"),
        (tr("Contraste", language), "secondary"),
        (tr("Son indisponible", language), "disabled"),
        (tr("J'ai besoin d'aide", language), "help")))
    css = _CSS.format(
        regular=data_uri(fonts / "Roboto-Regular.ttf", "font/ttf"),
        bold=data_uri(fonts / "Roboto-Bold.ttf", "font/ttf"),
        width=width, height=height, target=metrics.target, gap=metrics.gap, pad=metrics.pad,
        body=metrics.body, title=metrics.title, small=metrics.small, bar=metrics.bar_text,
        huge=round(metrics.huge * 0.7), card_h=round(metrics.target * 1.9),
        card_w=round(metrics.target * 1.9 * 1.5),
        **{f"{role}_{part}": colours[role][index] for role in colours
           for index, part in enumerate(("bg", "fg"))})
    return _PAGE.format(
        lang=_e(language), title=_e(flow.title.get(language)), css=css, bar=bar,
        flow_title=_e(flow.title.get(language)), sections=sections,
        back=_e(words["back"]), next=_e(words["next"]),
        words=json.dumps(words, ensure_ascii=False).replace("</", "<\\/"),
        start=_e(flow.start.id))


_CSS = """\
@font-face {{ font-family: Roboto; font-weight: 400; src: url({regular}); }}
@font-face {{ font-family: Roboto; font-weight: 700; src: url({bold}); }}
* {{ box-sizing: border-box; }}
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
section[hidden] {{ display: none; }}
h1 {{ font-size: {title}px; margin: 0; }}
p {{ margin: 0; }}
.body {{ white-space: pre-line; line-height: 1.35; }}
.small {{ font-size: {small}px; }}
.huge {{ font-size: {huge}px; font-weight: bold; text-align: center; }}
.warning {{ background: {warning_bg}; color: {warning_fg}; padding: {pad}px; }}
.card {{ align-self: center; width: {card_w}px; height: {card_h}px; background: #FFFFFF;
         border-radius: {pad}px; display: flex; align-items: center; justify-content: center; }}
.card img {{ max-width: 93%; max-height: 85%; }}
.check, .answer {{ text-align: left; }}
.check.on::before {{ content: "\\2714  "; }}
footer {{ display: flex; gap: {gap}px; padding: 0 {gap}px {pad}px; }}
footer button {{ flex: 1; }}
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
{css}</style>
</head>
<body>
<div id="bar">{bar}</div>
<main>
<header><b>{flow_title}</b><span id="counter"></span></header>
<div id="dots"></div>
<div id="steps">
{sections}
</div>
</main>
<footer><button id="back" class="secondary">{back}</button><button class="secondary" disabled>\
Répéter</button><button id="next" class="primary">{next}</button></footer>
<script>
const WORDS = {words};
const START = "{start}";
let history = [];
let current = null;
function show(id) {{
  if (current) current.hidden = true;
  current = document.getElementById("s-" + id);
  current.hidden = false;
  const number = history.length + 1;
  const total = number + Number(current.dataset.remaining) - 1;
  document.getElementById("counter").textContent =
    WORDS.step_of.replace("{{number}}", number).replace("{{total}}", total);
  const dots = document.getElementById("dots");
  dots.replaceChildren(...Array.from({{length: total}}, (_, i) => {{
    const dot = document.createElement("i");
    if (i < number) dot.className = "done";
    return dot;
  }}));
  const end = !current.dataset.next && !current.querySelector(".answer");
  const next = document.getElementById("next");
  next.textContent = end ? WORDS.finish : WORDS.next;
  next.disabled = !end && !current.dataset.next;
  document.getElementById("back").disabled = history.length === 0;
}}
function go(id) {{ history.push(current.id.slice(2)); show(id); }}
document.getElementById("next").addEventListener("click", () => {{
  if (current.dataset.next) go(current.dataset.next);
  else {{ history = []; show(START); }}
}});
document.getElementById("back").addEventListener("click", () => {{
  if (history.length) show(history.pop());
}});
document.getElementById("steps").addEventListener("click", (event) => {{
  const button = event.target.closest("button");
  if (!button) return;
  if (button.dataset.goto) go(button.dataset.goto);
  else if (button.classList.contains("check")) button.classList.toggle("on");
}});
show(START);
</script>
</body>
</html>
"""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.html_flow", description=__doc__)
    parser.add_argument("flow", type=Path, help="fichier de parcours (.yaml)")
    parser.add_argument("--assets", type=Path, default=Path("assets"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args(argv)
    flowset = load_flows(args.flow.parent, args.assets)
    flows = [f for f in flowset.flows.values() if f.source and f.source.name == args.flow.name]
    if not flows:
        print(f"{args.flow} : parcours non valable, lancez « kiosk validate ».", file=sys.stderr)
        return 1
    width, height = (int(n) for n in args.size.split("x"))
    args.out.write_text(page(flows[0], args.assets, width, height), encoding="utf-8")
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
