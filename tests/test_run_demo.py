"""`make run` with no display: ``kiosk run`` walks a flow like a visitor and saves a picture of
every screen (README, "Set up"). Run for real, as a separate process with no DISPLAY."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent


def test_kiosk_run_without_a_display_walks_a_flow_and_saves_its_screens(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text(f'flows_dir = "{REPO / "config" / "flows"}"\n'
                      f'assets_dir = "{REPO / "assets"}"\n'
                      f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(KIVY_HOME=str(tmp_path / "kivy"), SDL_AUDIODRIVER="dummy")
    out = tmp_path / "demo"
    done = subprocess.run([sys.executable, "-m", "kiosk", "run", "--config", str(config),
                           "--out", str(out)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    pictures = sorted(out.glob("*.png"))
    names = [p.stem.split("-", 1)[1] for p in pictures]
    assert names[0] == "accueil" and names[-1] == "accueil-fin"
    assert "aide" in names and any(n.startswith("retour-") for n in names)
    assert len(pictures) >= 10
    assert f"{len(pictures)} écrans enregistrés" in done.stdout
    first, last = Image.open(pictures[0]), Image.open(pictures[-1])
    assert first.size == (1280, 800)
    # the walk ends where it began: the home screen, after a visit wiped
    assert first.convert("RGB").tobytes() == last.convert("RGB").tobytes()
