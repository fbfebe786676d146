"""kiosk doctor: each check on real conditions (real files and folders, a real read-only or
full filesystem, the real espeak-ng through the speech worker), and the command itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.doctor import (
    Check,
    Status,
    check_audio,
    check_clock,
    check_data_dir,
    check_display,
    check_flows,
    check_fonts,
    check_pin,
    check_statistics,
    check_touch,
    check_voices,
    touch_devices,
    verdict,
)
from kiosk.pin import set_pin
from kiosk.settings import load_settings

REPO = Path(__file__).resolve().parent.parent
OK, ATTENTION, PROBLEM = Status.OK, Status.ATTENTION, Status.PROBLEM


# -- screen, touch, sound --------------------------------------------------------------------

def test_display_open(tmp_path: Path) -> None:
    assert check_display({"DISPLAY": ":0"}, tmp_path) == Check(
        "Écran", OK, "un affichage est ouvert (:0).")


def test_display_offscreen_is_not_a_screen(tmp_path: Path) -> None:
    check = check_display({"DISPLAY": ":0", "SDL_VIDEODRIVER": "offscreen"}, tmp_path)
    assert check.status is ATTENTION


def test_display_graphics_card_framebuffer_or_nothing(tmp_path: Path) -> None:
    dev = tmp_path / "dev"
    dev.mkdir()
    assert check_display({}, dev).status is PROBLEM
    (dev / "fb0").touch()
    assert check_display({}, dev).status is ATTENTION
    (dev / "dri").mkdir()
    (dev / "dri" / "card1").touch()
    (dev / "dri" / "renderD128").touch()
    assert check_display({}, dev) == Check(
        "Écran", OK, f"carte graphique trouvée ({dev}/dri/card1) : le service de la borne y "
                     "ouvre l'affichage.")


def fake_input(root: Path, number: int, name: str, abs_caps: str, key_caps: str) -> None:
    """One /sys/class/input/eventN as the kernel lays it out."""
    caps = root / f"event{number}" / "device" / "capabilities"
    caps.mkdir(parents=True)
    (caps.parent / "name").write_text(name + "\n")
    (caps / "abs").write_text(abs_caps + "\n")
    (caps / "key").write_text(key_caps + "\n")


def test_touch_screen_found_by_its_multitouch_capability(tmp_path: Path) -> None:
    sys_input = tmp_path / "input"
    # A keyboard, a mouse, then a multitouch panel (ABS_X, ABS_Y, ABS_MT_SLOT,
    # ABS_MT_POSITION_X/Y, ABS_MT_TRACKING_ID), as real devices report them.
    fake_input(sys_input, 0, "AT Translated Set 2 keyboard", "0",
               "402000000 3803078f800d001 feffffdfffefffff fffffffffffffffe")
    fake_input(sys_input, 1, "Logitech USB Optical Mouse", "0", "1f0000 0 0 0 0")
    abs_bits = sum(1 << bit for bit in (0, 1, 0x2F, 0x35, 0x36, 0x39))
    fake_input(sys_input, 2, "ILITEK ILITEK-TP", f"{abs_bits:x}", "400 0 0 0 0 0")
    assert touch_devices(sys_input) == ["ILITEK ILITEK-TP"]
    assert check_touch(sys_input) == Check("Toucher", OK,
                                           "écran tactile trouvé (ILITEK ILITEK-TP).")


def test_single_touch_panel_found_by_btn_touch(tmp_path: Path) -> None:
    sys_input = tmp_path / "input"
    btn_touch = 1 << (0x14A - 5 * 64)  # in the sixth 64-bit word
    fake_input(sys_input, 3, "eGalax Inc. USB TouchController", "3",
               f"{btn_touch:x} 0 0 0 0 0")
    assert touch_devices(sys_input) == ["eGalax Inc. USB TouchController"]


def test_no_touch_screen(tmp_path: Path) -> None:
    fake_input(tmp_path, 0, "Logitech USB Optical Mouse", "0", "1f0000 0 0 0 0")
    assert check_touch(tmp_path).status is ATTENTION


def test_this_machines_real_input_devices_are_read_without_error() -> None:
    assert isinstance(touch_devices(), list)
    assert check_touch().status in (OK, ATTENTION)


def test_sound_card_named_from_proc_asound(tmp_path: Path) -> None:
    (tmp_path / "asound").mkdir()
    (tmp_path / "asound" / "cards").write_text(
        " 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n"
        "                      HDA Intel PCH at 0xf7f10000 irq 32\n"
        " 1 [vc4hdmi0       ]: vc4-hdmi - vc4-hdmi-0\n"
        "                      vc4-hdmi-0\n")
    assert check_audio(tmp_path, tmp_path) == Check(
        "Son", OK, "carte son trouvée (HDA Intel PCH, vc4-hdmi-0).")


def test_no_sound_card(tmp_path: Path) -> None:
    (tmp_path / "asound").mkdir()
    (tmp_path / "asound" / "cards").write_text("--- no soundcards ---\n")
    assert check_audio(tmp_path, tmp_path).status is ATTENTION


# -- speech (the real espeak-ng) -------------------------------------------------------------

def test_real_voices_speak_for_each_language() -> None:
    checks = check_voices(["fr", "en", "xx"], enabled=True)
    assert [c.topic for c in checks] == ["Voix (fr)", "Voix (en)", "Voix (xx)"]
    assert [c.status for c in checks] == [OK, OK, ATTENTION]
    assert checks[0].message.startswith("voix « roa/fr », essai réussi (")
    assert checks[1].message.startswith("voix « gmw/en », essai réussi (")
    assert checks[2].message == "aucune voix pour cette langue : le texte est montré sans être lu."


def test_speech_switched_off_is_not_tried() -> None:
    assert check_voices(["fr"], enabled=False) == [Check(
        "Voix", OK, "la lecture à voix haute est coupée dans les réglages "
                    "(speech_enabled = false).")]


def test_a_hung_speech_engine_cannot_hang_doctor() -> None:
    hung = [sys.executable, "-c", "import time; time.sleep(120)"]
    checks = check_voices(["fr"], enabled=True, timeout=1.0, command=hung)
    assert checks == [Check("Voix", ATTENTION, "pas de voix : le moteur de voix ne démarre pas : "
                            "pas de réponse en 1 s. La borne montre le texte sans le lire "
                            "(installez espeak-ng).")]


# -- data folder -----------------------------------------------------------------------------

def test_writable_data_folder(tmp_path: Path) -> None:
    check = check_data_dir(tmp_path / "donnees")
    assert check.status is OK
    assert check.message.startswith(f"{tmp_path / 'donnees'} : écriture possible, ")
    assert list((tmp_path / "donnees").iterdir()) == []  # the probe file is gone


@pytest.fixture
def mounted(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Mount a real tmpfs with given options; skipped when this is not possible."""
    mounts: list[Path] = []

    def mount(options: str) -> Path:
        if os.geteuid() != 0:
            pytest.skip("mounting a filesystem needs root")
        folder = tmp_path / f"mnt{len(mounts)}"
        folder.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
        mounts.append(folder)
        return folder

    yield mount
    for folder in mounts:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_read_only_data_folder_is_a_problem(tmp_path: Path, mounted) -> None:  # type: ignore[no-untyped-def]
    folder = mounted("size=1m,ro")
    assert check_data_dir(folder) == Check(
        "Données", PROBLEM, f"impossible d'écrire dans {folder} (lecture seule) : les "
                            "statistiques et le code ne peuvent pas être gardés.")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod; the read-only "
                    "mount test covers root")
def test_unwritable_data_folder_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "ferme"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        check = check_data_dir(folder)
    finally:
        folder.chmod(0o700)
    assert check.status is PROBLEM
    assert check.message.startswith(f"impossible d'écrire dans {folder} (")


def test_a_nearly_full_disk_is_a_problem(mounted) -> None:  # type: ignore[no-untyped-def]
    folder = mounted("size=8m")
    check = check_data_dir(folder)
    assert check.status is PROBLEM
    assert check.message == (f"{folder} : il reste 8 Mo sur le disque (50 Mo au moins) : "
                             "libérez de la place.")


def test_statistics_fresh_damaged_and_set_aside(tmp_path: Path) -> None:
    from kiosk.usage import UsageLog, new_visit_id

    assert check_statistics(tmp_path).message == "pas encore de statistiques (aucune visite)."
    log = UsageLog(tmp_path / "usage.db")
    log.record("visit_started", new_visit_id())
    assert log.flush()
    log.close()
    assert check_statistics(tmp_path) == Check("Statistiques", OK,
                                               "le fichier usage.db est en bon état.")
    (tmp_path / "usage.db").write_bytes(os.urandom(8192))
    for side in ("usage.db-wal", "usage.db-shm"):
        (tmp_path / side).unlink(missing_ok=True)
    assert check_statistics(tmp_path).status is ATTENTION
    (tmp_path / "usage.db").rename(tmp_path / "usage.corrompu-20260310-140000.db")
    assert check_statistics(tmp_path) == Check(
        "Statistiques", ATTENTION, "1 fichier(s) abîmé(s) mis de côté (le dernier : "
        "usage.corrompu-20260310-140000.db) ; les nouvelles statistiques s'enregistrent dans "
        "un nouveau fichier.")


# -- flows, PIN, clock -----------------------------------------------------------------------

def settings_for(tmp_path: Path, flows: Path):  # type: ignore[no-untyped-def]
    config = tmp_path / "kiosk.toml"
    config.write_text(f'flows_dir = "{flows}"\nassets_dir = "{REPO / "assets"}"\n'
                      f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    return load_settings(config)


def test_flows_bundled_all_good(tmp_path: Path) -> None:
    flows = REPO / "config" / "flows"
    count = len(list(flows.glob("*.yaml")))
    assert check_flows(settings_for(tmp_path, flows)) == Check(
        "Parcours", OK, f"{count} parcours à l'accueil, 0 erreur(s), 0 avertissement(s) dans "
                        f"{flows}.")


def test_flows_some_broken_or_none(tmp_path: Path) -> None:
    flows = tmp_path / "parcours"
    flows.mkdir()
    assert check_flows(settings_for(tmp_path, flows)).status is PROBLEM
    shutil.copy(REPO / "config" / "flows" / "creer-adresse-email.yaml", flows)
    (flows / "casse.yaml").write_text("id: [\n", encoding="utf-8")
    check = check_flows(settings_for(tmp_path, flows))
    assert check.status is ATTENTION
    assert check.message.startswith("1 parcours à l'accueil, 1 erreur(s), 0 avertissement(s)")


def test_pin(tmp_path: Path) -> None:
    assert check_pin(tmp_path).status is PROBLEM
    set_pin(tmp_path, "2468")
    assert check_pin(tmp_path) == Check("Code conseiller", OK, "un code est choisi.")


def test_clock() -> None:
    when = datetime(2026, 3, 10, 14, 5)
    assert check_clock(datetime(2000, 1, 1), lambda _c: "yes").status is PROBLEM
    assert check_clock(when, lambda _c: "yes") == Check("Horloge", OK,
                                                         "10/03/2026 14:05, réglée par le réseau.")
    assert check_clock(when, lambda _c: "no").status is ATTENTION
    assert check_clock(when, lambda _c: None).status is OK


def test_verdict() -> None:
    ok = Check("A", OK, "x")
    assert verdict([ok]) == ("Tout va bien.", 0)
    assert verdict([ok, Check("B", ATTENTION, "y")]) == (
        "La borne peut fonctionner ; 1 point(s) à regarder.", 0)
    assert verdict([ok, Check("C", PROBLEM, "z")])[1] == 1


# -- the command -----------------------------------------------------------------------------

def doctor(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "kiosk.toml"
    env = {**os.environ, "DISPLAY": ":0"}
    env.pop("SDL_VIDEODRIVER", None)
    return subprocess.run([sys.executable, "-m", "kiosk", "doctor", "--config", str(config),
                           *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_command_exit_status_follows_blocking_problems(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, REPO / "config" / "flows")
    result = doctor(tmp_path, "--sans-voix")
    lines = result.stdout.splitlines()
    assert lines[0] == f"Réglages : {tmp_path / 'kiosk.toml'}"
    assert all(line.split()[0] in ("OK", "Attention", "Problème") for line in lines[1:-1])
    assert "Problème  Code conseiller : aucun code n'est choisi : la borne ne démarre pas sans "\
           "lui. Choisissez-en un avec « kiosk set-pin »." in lines
    assert not any(line.startswith(("OK        Voix", "Attention Voix")) for line in lines)
    assert result.returncode == 1
    set_pin(settings.path("data_dir"), "2468")
    result = doctor(tmp_path)
    lines = result.stdout.splitlines()
    assert [line.split(" : ")[0].split(maxsplit=1)[1] for line in lines[1:-1]] == [
        "Écran", "Toucher", "Son", "Voix (fr)", "Voix (ar)", "Voix (en)", "Voix (es)",
        "Voix (fa)", "Voix (pt)", "Voix (ro)", "Voix (ru)", "Voix (tr)", "Voix (uk)", "Polices",
        "Données", "Statistiques", "Parcours", "Code conseiller", "Horloge", "Journal"]
    assert result.returncode == 0, result.stdout
    assert lines[-1] in ("Tout va bien.",) or lines[-1].startswith("La borne peut fonctionner")


def test_command_with_invalid_settings_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "kiosk.toml").write_text('language = "fr"\nidle_timeout = "vite"\n',
                                         encoding="utf-8")
    result = doctor(tmp_path)
    assert result.returncode == 2
    assert result.stderr == (f"Réglages : {tmp_path / 'kiosk.toml'}:2: « idle_timeout » doit "
                             "être un nombre entier.\n")


# -- fonts -----------------------------------------------------------------------------------

def test_fonts_noto_arabic_installed() -> None:
    """make install installs fonts-noto-core: the Arabic font is found at its Debian path."""
    check = check_fonts()
    assert check.status is OK, check
    assert "Noto Sans Arabic" in check.message and "Roboto" in check.message


def test_fonts_missing_noto_says_so_and_names_the_package(tmp_path: Path) -> None:
    check = check_fonts(tmp_path, use_fontconfig=False)
    assert check.status is ATTENTION
    assert "fonts-noto-core" in check.message and "DejaVu Sans" in check.message


def test_fonts_found_through_fontconfig_elsewhere(tmp_path: Path) -> None:
    """Not at the Debian path (another system): fontconfig (fc-list) finds it."""
    assert shutil.which("fc-list"), "fontconfig is installed with the fonts"
    check = check_fonts(tmp_path, use_fontconfig=True)
    assert check.status is OK and "Noto Sans Arabic" in check.message
