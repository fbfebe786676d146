"""An invalid config/kiosk.toml, or no PIN: ``kiosk run`` says why, names the line, and
never opens the kiosk (real subprocesses, real files)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.pin import set_pin


def run_kiosk(tmp_path: Path, repo: Path, config: Path, display: str = ":99"
              ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "SDL_VIDEODRIVER")}
    env["DISPLAY"] = display  # a screen that does not exist: the kiosk must stop before it
    env["KIVY_HOME"] = str(tmp_path / "kivy")
    return subprocess.run([sys.executable, "-m", "kiosk", "run", "--config", str(config)],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=60,
                          check=False)


def write_config(tmp_path: Path, repo: Path, extra: str) -> Path:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'flows_dir = "{repo / "config" / "flows"}"\n'
                      f'assets_dir = "{repo / "assets"}"\n'
                      f'data_dir = "{tmp_path / "data"}"\n' + extra, encoding="utf-8")
    return config


@pytest.mark.parametrize(("extra", "line", "words"), [
    ("idle_timeout = \n", 4, "la valeur n'est pas comprise"),
    ('language = "fr"\nlanguage = "en"\n', 5, "ce réglage est écrit deux fois"),
    ('\n[borne]\nlanguage = "fr"\n', 5, "la section « [borne] » n'existe pas"),
    ("idle_timeout = 5\n", 4, "« idle_timeout » doit être au moins 20."),
    ('langage = "fr"\n', 4, "réglage inconnu « langage »"),
    ("disabled_flows = [{a = 1}]\n", 4, "« disabled_flows » : l'élément n°1 doit être un texte"),
])
def test_invalid_settings_stop_the_kiosk_naming_the_line(tmp_path: Path, repo: Path, extra: str,
                                                         line: int, words: str) -> None:
    config = write_config(tmp_path, repo, extra)
    set_pin(tmp_path / "data", "2468")
    result = run_kiosk(tmp_path, repo, config)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Réglages : {config}:{line}: ")
    assert words in result.stderr
    assert not (tmp_path / "data" / "usage.db").exists()  # nothing was started


def test_no_pin_no_kiosk(tmp_path: Path, repo: Path) -> None:
    config = write_config(tmp_path, repo, "")
    result = run_kiosk(tmp_path, repo, config)
    assert result.returncode == 3
    assert result.stderr.splitlines()[-1] == (
        "Aucun code conseiller n'est réglé : la borne ne démarre pas sans lui (il protège "
        "l'espace conseiller). Choisissez-en un avec « kiosk set-pin ».")
    assert not (tmp_path / "data" / "usage.db").exists()


def test_a_missing_explicit_settings_file_stops_the_kiosk(tmp_path: Path, repo: Path) -> None:
    result = run_kiosk(tmp_path, repo, tmp_path / "absent.toml")
    assert result.returncode == 2
    assert result.stderr == (f"Réglages : {tmp_path / 'absent.toml'}: fichier de réglages "
                             "introuvable.\n")


def _read_until(fd: int, wanted: str, seen: list[str], seconds: float = 60.0) -> None:
    import select
    import time

    deadline = time.monotonic() + seconds
    while wanted not in "".join(seen):
        assert time.monotonic() < deadline, f"never saw {wanted!r} in {''.join(seen)!r}"
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen.append(os.read(fd, 4096).decode("utf-8", "replace"))
            except OSError:  # the child closed its terminal
                break


def test_at_a_terminal_the_pin_is_asked_first(tmp_path: Path, repo: Path) -> None:
    """``make run`` on a computer: no code yet, so the terminal asks for it, then starts."""
    import pty

    from kiosk.pin import PinGuard, has_pin

    config = write_config(tmp_path, repo, "")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "SDL_VIDEODRIVER")}
    env.update(DISPLAY=":99", KIVY_HOME=str(tmp_path / "kivy"))
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child becomes the kiosk
        os.chdir(repo)
        os.execve(sys.executable, [sys.executable, "-m", "kiosk", "run", "--config",
                                   str(config)], env)
    seen: list[str] = []
    try:
        _read_until(fd, "Nouveau code", seen)
        assert "Aucun code conseiller n'est encore réglé." in "".join(seen)
        os.write(fd, b"4826\n")
        _read_until(fd, "encore une fois", seen)
        os.write(fd, b"4826\n")
        _read_until(fd, "Code enregistré", seen)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    assert "4826" not in "".join(seen)  # never echoed
    assert has_pin(tmp_path / "data")
    assert PinGuard(tmp_path / "data").check("4826").ok
