"""``kiosk preview FLOW --out DIR --all-sizes``: the reference matrix as pictures (issue 15).

A counsellor sees her flow on each reference screen at each text size: one folder per
screen and text size, a PNG per step (and per page of a step), each the size of its screen,
showing the step (not a blank or black frame), the larger text taking more room.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

from kiosk.commands.preview import folder_name
from kiosk.ui.theme.metrics import REFERENCE_SCREENS

REPO = Path(__file__).resolve().parent.parent
FLOW = """\
id: essai-apercu
titre: Essai de l'aperçu
titre_court: Aperçu
description: Deux étapes pour voir l'aperçu.
themes: [e-mail]
niveau: débutant
duree: 5
pictogramme: pictos/email.png
etapes:
  - id: bonjour
    type: information
    titre: Bonjour
    texte: |
      Vous allez voir votre parcours sur chaque écran.
      Une tablette, un ordinateur portable, un grand écran.
    image: images/toucher.png
    suivante: fin

  - id: fin
    type: fin
    titre: C'est fini
    texte: Bravo, vous avez vu toutes les étapes.
"""


def _config(tmp_path: Path) -> Path:
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "essai-apercu.yaml").write_text(FLOW, encoding="utf-8")
    config = tmp_path / "kiosk.toml"
    config.write_text(f'flows_dir = "{flows}"\nassets_dir = "{REPO / "assets"}"\n'
                      f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    return config


def test_all_sizes_draws_every_reference_screen_at_every_text_size(tmp_path):
    out = tmp_path / "apercu"
    out.mkdir()
    (out / "ancienne-image.png").write_bytes(b"old")  # an earlier run's picture goes
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "preview", "essai-apercu", "--out", str(out),
         "--all-sizes", "--config", str(_config(tmp_path))],
        capture_output=True, text=True, timeout=600, check=False, cwd=REPO,
        env=dict(os.environ, SDL_AUDIODRIVER="dummy", KIVY_NO_ARGS="1"))
    assert result.returncode == 0, result.stderr[-3000:]
    printed = [Path(line) for line in result.stdout.split()]
    assert not (out / "ancienne-image.png").exists()
    expected = []
    for width, height, inches, _name in REFERENCE_SCREENS:
        for level in (1, 2, 3):
            folder = out / folder_name(width, height, inches, level, False)
            names = sorted(p.name for p in folder.iterdir())
            assert names[0] == "01-accueil.png" and "02-bonjour.png" in names, names
            assert names[-1].startswith("03-fin"), names
            for path in folder.iterdir():
                expected.append(path)
                with Image.open(path) as picture:
                    assert picture.format == "PNG"
                    assert picture.size == (width, height), (path, picture.size)
                    rgb = picture.convert("RGB")
                    # Not blank: many colours, light and dark (text on a background).
                    assert len(rgb.getcolors(1 << 20) or ()) > 20, path
                    low, high = rgb.convert("L").getextrema()
                    assert high - low > 150, path
                    assert ImageStat.Stat(rgb.convert("L")).stddev[0] > 20, path
                    # Drawn to its top edge (offscreen, a window made taller than it
                    # opened came out with a black band at the top).
                    top = rgb.crop((0, 0, width, 8)).convert("L").getextrema()
                    assert top[1] > 60, (path, "black band at the top")
    assert sorted(printed) == sorted(expected)
    assert len({p.parent for p in expected}) == 12
    # The text size is applied: the same step differs from text 1 to text 3.
    small, large = (Image.open(out / folder_name(1280, 800, 10.1, level, False) /
                               "02-bonjour.png").convert("RGB") for level in (1, 3))
    assert ImageChops.difference(small, large).getbbox() is not None
    # Upright, the picture is above the text: the portrait and landscape views differ in
    # shape, not only in size (checked in the fit tests; here the file is the right one).
    assert folder_name(800, 1280, 10.1, 3, False) == "800x1280-tablette-debout-10-1-pouces-texte3"
