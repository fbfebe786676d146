"""Hostile flow files and pictures (from counsellors, USB sticks): nothing outside assets/,
no markup, no huge files or pictures, nothing executed, also when files change while the
kiosk runs. The validator's exact messages are in test_validator.py; here each attack is
made for real, through the loader and through the real app offscreen."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flowfixtures import MINIMAL, make_assets, png_header, with_steps
from kivy.uix.label import Label
from ui_helpers import REPO, FakeClock, run_app, settle, walk_widgets

from kiosk.flows.loader import MAX_FILE_BYTES, load_flow_file, load_flow_text, load_flows
from kiosk.flows.pictures import PictureError, check_picture
from kiosk.settings import load_settings
from kiosk.ui.app import KioskApp
from kiosk.ui.pictures import FALLBACK_PICTURE


def picture_step(name: str) -> str:
    return with_steps(f"""\
  - id: debut
    type: information
    titre: Début
    texte: Bonjour.
    image: {name}
  - id: fin
    type: fin
    titre: Fin
    texte: Au revoir.
""")


@pytest.mark.parametrize(("name", "words"), [
    ("../secret.png", "le chemin ne peut pas sortir du dossier assets"),
    ("images/../../secret.png", "le chemin ne peut pas sortir du dossier assets"),
    ("/etc/passwd", "pas un chemin complet"),
    ("C:/Windows/x.png", "pas un chemin complet"),
    ("images\\..\\..\\secret.png", "le chemin ne peut pas sortir du dossier assets"),
    ("images/lien-dehors.png", "ce fichier est en dehors du dossier assets"),
    ("images/trop-grande.png", "20 millions de points au plus"),
    ("images/absurde.png", "dimensions impossibles"),
    ("images/notes.txt", "seules les images PNG et JPEG sont acceptées"),
])
def test_a_flow_naming_a_file_it_may_not_use_is_refused(tmp_path: Path, name: str,
                                                         words: str) -> None:
    assets = make_assets(tmp_path)
    flow, problems = load_flow_text(picture_step(name).encode(), tmp_path / "f.yaml", assets)
    assert flow is None
    assert len(problems) == 1 and words in problems[0].message


def test_a_flow_file_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "enorme.yaml"
    with path.open("wb") as handle:  # sparse: 2 GB announced, nothing to read
        handle.truncate(2 * 1024**3)
    flow, problems = load_flow_file(path, make_assets(tmp_path))
    assert flow is None
    assert [p.message for p in problems] == [
        "le fichier est trop gros (2097152 Ko, 256 Ko au plus) : un parcours tient en quelques "
        "Ko ; faites plusieurs parcours."]
    assert MAX_FILE_BYTES == 256 * 1024


@pytest.mark.parametrize("payload", [
    "id: !!python/object/apply:os.system ['touch {marker}']",
    "id: !!python/object/new:os.system ['touch {marker}']",
    "id: !!python/name:os.system",
    "titre: !!binary aGVsbG8=",
    "titre: !ruby/object:Gem::Installer x",
])
def test_yaml_tags_are_refused_and_nothing_runs(tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "pwned"
    text = MINIMAL.replace("id: essai", payload.format(marker=marker)) \
        if payload.startswith("id") else MINIMAL.replace("titre: Essai", payload)
    flow, problems = load_flow_text(text.encode(), tmp_path / "f.yaml", make_assets(tmp_path))
    assert flow is None and problems[0].is_error
    assert "n'est pas accepté" in problems[0].message
    assert not marker.exists()


def test_billion_laughs_is_refused() -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    flow, problems = load_flow_text("\n".join(rows).encode(), Path("rire.yaml"), REPO / "assets")
    assert flow is None
    assert problems[0].message.startswith("les renvois (& et *) ne sont pas acceptés")


# -- at run time, in the real app ------------------------------------------------------------

MARKUP = ("[b]gras[/b] [i]penché[/i] [color=ff0000]rouge[/color] [size=300]énorme[/size] "
          "[ref=piege]lien[/ref] [font=/etc/passwd]police[/font] [anchor=a] &bl; &amp;")


def kiosk_with(tmp_path: Path, flow_text: str) -> tuple[KioskApp, Path]:
    assets = tmp_path / "assets"
    shutil.copytree(REPO / "assets", assets)
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "piege.yaml").write_text(flow_text, encoding="utf-8")
    config = tmp_path / "kiosk.toml"
    config.write_text(f'flows_dir = "{flows}"\nassets_dir = "{assets}"\n'
                      f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    settings = load_settings(config)
    flowset = load_flows(flows, assets)
    assert list(flowset.flows) == ["essai"], [p.format() for p in flowset.problems]
    return KioskApp(settings, flowset, now=FakeClock()), assets


def test_markup_in_flow_text_is_shown_literally(tmp_path: Path) -> None:
    text = MINIMAL.replace("texte: Bonjour.", f'texte: "{MARKUP}"').replace(
        "titre: Début", 'titre: "[b]Début[/b] [ref=x]ici[/ref]"')
    app, _assets = kiosk_with(tmp_path, text)
    seen: dict[str, object] = {}

    def script(app: KioskApp):  # type: ignore[no-untyped-def]
        yield from settle(app)
        app.open_flow("essai")
        yield from settle(app)
        labels = [w for w in walk_widgets(app.root) if isinstance(w, Label)]
        seen["markup"] = {w.markup for w in labels}
        seen["texts"] = [w.text for w in labels]
        seen["refs"] = [w.refs for w in labels if w.refs]
        seen["anchors"] = [w.anchors for w in labels if w.anchors]
        body = next(w for w in labels if w.text == MARKUP)
        seen["body_width"] = body.texture_size[0]

    run_app(app, script)
    assert seen["markup"] == {False}
    assert MARKUP in seen["texts"] and "[b]Début[/b] [ref=x]ici[/ref]" in seen["texts"]
    assert seen["refs"] == [] and seen["anchors"] == []
    assert seen["body_width"] > 0


def test_pictures_changed_under_the_running_kiosk_fall_back_to_the_pictogram(
        tmp_path: Path) -> None:
    app, assets = kiosk_with(tmp_path, picture_step("images/arobase.png"))
    outside = tmp_path / "secret.png"
    shutil.copy(assets / "images" / "camera.png", outside)
    fallback = str(assets / FALLBACK_PICTURE)
    seen: list[str] = []

    def script(app: KioskApp):  # type: ignore[no-untyped-def]
        yield from settle(app)
        name = "images/arobase.png"
        target = assets / name
        seen.append(app.picture(name))
        target.unlink()  # replaced by a link out of assets/
        target.symlink_to(outside)
        seen.append(app.picture(name))
        target.unlink()  # replaced by a decompression bomb (header of 60000 x 60000)
        target.write_bytes(png_header(60_000, 60_000) + os.urandom(64))
        seen.append(app.picture(name))
        target.write_bytes(png_header(9000, 9000))  # 81 megapixels
        seen.append(app.picture(name))
        shutil.copy(REPO / "assets" / name, target)  # the real picture again
        seen.append(app.picture(name))
        app.open_flow("essai")
        yield from settle(app)
        frame = next(w for w in walk_widgets(app.step_screen)
                     if type(w).__name__ == "PictureFrame")
        seen.append(frame.source)

    run_app(app, script)
    real = str((assets / "images" / "arobase.png").resolve())
    assert seen == [real, fallback, fallback, fallback, real, real]


def test_check_picture_never_decodes_a_bomb(tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "bombe.png").write_bytes(png_header(50_000, 50_000) + b"\0" * 100)
    with pytest.raises(PictureError, match="dimensions impossibles"):
        check_picture(assets, "bombe.png")
