"""No sound card: the kiosk says « Son indisponible » and starts no voice (issue 15).

``kiosk.ui.boot.configure`` decides once, before Kivy opens audio, from ``/proc`` and ``/dev``
(here temporary folders shaped like them), so each case runs this file as a child process
with its own environment: no ``SDL_AUDIODRIVER`` chosen, as on a kiosk.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(mode: str, fake_root: str) -> int:
    from kiosk.ui.boot import Display, configure, sound_card_missing

    root = Path(fake_root)
    configure(Display(1280, 800, fullscreen=False, offscreen=True),
              proc=root / "proc", dev=root / "dev")
    report: dict = {"driver": os.environ.get("SDL_AUDIODRIVER"), "missing": sound_card_missing()}
    if mode == "app":
        sys.path.insert(0, str(HERE))
        from ui_helpers import make_app, run_app, settle, tap

        (root / "kiosk").mkdir()
        app = make_app(root / "kiosk", speech=True)  # as `kiosk run` does

        def script(app):  # type: ignore[no-untyped-def]
            for _ in range(5):  # the voice would start after the first frame
                yield
            yield from settle(app)
            report["speech_started"] = app.speech is not None
            report["button"] = app.root.ids.sound.text
            tap(app.root.ids.sound)
            yield from settle(app)
            report["overlay"] = [app.overlay.title, app.overlay.message]
            app.dialogs.close()
            yield from settle(app)

        run_app(app, script)
    print("REPORT " + json.dumps(report))
    return 0


def run_child(mode: str, tmp_path: Path, **env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != "SDL_AUDIODRIVER"}
    environment.update(env)
    done = subprocess.run([sys.executable, __file__, mode, str(tmp_path)], env=environment,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("REPORT "))
    return json.loads(line[len("REPORT "):])


def test_no_card_no_voice_and_the_sound_button_says_why(tmp_path):
    (tmp_path / "proc" / "asound").mkdir(parents=True)
    (tmp_path / "proc" / "asound" / "cards").write_text("--- no soundcards ---\n")
    (tmp_path / "dev").mkdir()
    report = run_child("app", tmp_path)
    assert report == {
        "driver": "dummy", "missing": True, "speech_started": False,
        "button": "Son indisponible",
        "overlay": ["Pas de son sur cette borne",
                    "Cette borne n'a pas de haut-parleur. Tout est écrit à l'écran. "
                    "Un conseiller peut brancher le son."]}


def test_a_card_keeps_the_system_sound_output(tmp_path):
    (tmp_path / "proc" / "asound").mkdir(parents=True)
    (tmp_path / "proc" / "asound" / "cards").write_text(
        " 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n")
    (tmp_path / "dev").mkdir()
    assert run_child("boot", tmp_path) == {"driver": None, "missing": False}


def test_a_chosen_output_is_kept_even_without_a_card(tmp_path):
    """Tests and trials choose SDL's output themselves (dummy, disk): the voice then works."""
    (tmp_path / "dev").mkdir()
    assert run_child("boot", tmp_path, SDL_AUDIODRIVER="disk") == {"driver": "disk",
                                                                   "missing": False}


if __name__ == "__main__":
    sys.exit(child(sys.argv[1], sys.argv[2]))
