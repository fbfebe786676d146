"""What ``bench_rtl`` measures, in a process of its own (Kivy offscreen, 1280x800).

1. One label drawn (``texture_update``), median of many: Kivy's own ``Label`` and the text
   layer's ``Words`` on the same French sentence (the layer must add nothing), the layer on
   French with the screen mirrored, and on Arabic (wrapped, shaped, reordered, two fonts).
2. A step redrawn after the visitor's choice, on the test flow ``tests/flows/bidi``: the
   language changed (to French, English, Arabic) against the text size changed, from the
   choice to the end of the next frame.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from kiosk.ui.boot import Display, configure

configure(Display(1280, 800, fullscreen=False, offscreen=True))
from kivy.config import Config  # noqa: E402

Config.set("graphics", "maxfps", "0")

from kivy.clock import Clock  # noqa: E402
from kivy.uix.label import Label  # noqa: E402

from kiosk.flows.loader import load_flows  # noqa: E402
from kiosk.settings import REPO_ROOT, load_settings  # noqa: E402

LABEL_ROUNDS = 300
SWITCH_ROUNDS = 7
FRENCH = ("Votre numéro est CAF 1234. Écrivez à marie.dupont@exemple.fr avant le 15 mars "
          "2025. Gardez ce numéro sur un papier, avec votre mot de passe à part.")
ARABIC = ("رقمك هو CAF 1234. اكتب إلى marie.dupont@exemple.fr قبل 15 مارس 2025. احتفظ "
          "بهذا الرقم على ورقة، واحتفظ بكلمة المرور في مكان آخر.")


def label_times(app) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Median milliseconds of one ``texture_update``, per kind of label."""
    from kiosk.ui.widgets.words import Words

    size = {"font_size": 28, "text_size": (700, None)}
    labels = {
        "Label de Kivy, français": Label(text=FRENCH, **size),
        "couche de texte, français": Words(text=FRENCH, **size),
        "couche de texte, français, écran en miroir": Words(text=FRENCH, **size),
        "couche de texte, arabe, écran en miroir": Words(text=ARABIC, **size),
    }
    for name, label in labels.items():
        if "miroir" in name:
            label.rtl = True  # after its kv rule, which follows the (French) theme
    times: dict[str, list[float]] = {name: [] for name in labels}
    for _round in range(LABEL_ROUNDS):
        for name, label in labels.items():  # interleaved: the machine's load hits all alike
            start = time.perf_counter()
            label.texture_update()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    from kiosk.ui.app import KioskApp
    from kiosk.visit import Choices

    data = Path(tempfile.mkdtemp(prefix="bench-rtl-"))
    config = data / "kiosk.toml"
    config.write_text(f'flows_dir = "{REPO_ROOT / "config" / "flows"}"\n'
                      f'assets_dir = "{REPO_ROOT / "assets"}"\ndata_dir = "{data / "data"}"\n',
                      encoding="utf-8")
    settings = load_settings(config)
    app = KioskApp(settings, load_flows(settings.path("flows_dir"), settings.path("assets_dir")))
    flow = load_flows(REPO_ROOT / "tests" / "flows" / "bidi", REPO_ROOT / "assets").flows[
        "essai-arabe"]
    results: dict[str, object] = {}
    switches: dict[str, list[float]] = {"fr": [], "en": [], "ar": [], "texte": []}

    def steps():  # type: ignore[no-untyped-def]
        for _ in range(5):
            yield
        results["labels"] = label_times(app)
        app.controller.show_with(Choices(language="fr", text_level=1, high_contrast=False,
                                         voice="off"))
        app.controller.open_flow(flow)
        for _ in range(10):
            yield
        for _round in range(SWITCH_ROUNDS):
            for what in ("en", "ar", "fr", "texte"):
                start = time.perf_counter()
                if what == "texte":
                    app.controller.cycle_text_size()
                else:
                    app.controller.choose_language(what)
                yield  # the frame that shows it: kv rules and textures run before it
                switches[what].append((time.perf_counter() - start) * 1000)
                for _ in range(3):
                    yield
        results["switches"] = {k: statistics.median(v) for k, v in switches.items()}

    driver = steps()

    def tick(_dt: float) -> bool:
        try:
            next(driver)
        except StopIteration:
            Clock.schedule_once(lambda _dt: app.stop(), 0)
            return False
        return True

    Clock.schedule_once(lambda _dt: Clock.schedule_interval(tick, 0), 0)
    app.run()
    labels: dict[str, float] = results["labels"]  # type: ignore[assignment]
    print("Une étiquette dessinée (texture_update, médiane de "
          f"{LABEL_ROUNDS}, texte de 2 lignes, 28 px, 700 px de large) :")
    for name, value in labels.items():
        print(f"  {name:<45} {value:6.2f} ms")
    base = labels["Label de Kivy, français"]
    ours = labels["couche de texte, français"]
    print("  écart couche de texte / Label de Kivy en français : "
          f"{100 * (ours - base) / base:+.1f} %")
    print(f"Étape redessinée après un choix (médiane de {SWITCH_ROUNDS}, jusqu'à la fin de "
          "l'image suivante) :")
    names = {"fr": "langue → français", "en": "langue → anglais", "ar": "langue → arabe",
             "texte": "taille du texte"}
    for key, value in results["switches"].items():  # type: ignore[attr-defined]
        print(f"  {names[key]:<22} {value:7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
