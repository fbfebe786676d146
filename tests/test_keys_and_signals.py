"""The kiosk started the way deploy/borne-start starts it (a bare X server, here Xvfb), then
every key of a PC keyboard pressed for real (xdotool), then a real SIGTERM: no key opens a
Kivy door (settings panel, inspector, screenshot, config write) nor closes the kiosk, the
signal stops it cleanly, and what happened is in the journal file (kiosk/logs.py).

One kiosk start for all of it. How fast the stop is, is measured by ``make bench``."""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_deploy import DEPLOY, REPO, _free_display

from kiosk.cli import main as kiosk_main
from kiosk.logs import LOG_FILE, LOG_FOLDER

# Escape first: in Kivy it closes the settings panel that F1 opens, so F1 comes last, each
# door key once (a second F1 would close the panel too).
KEYS = ["Escape", "ctrl+shift+Escape", "alt+F4", "ctrl+q", "ctrl+w", "alt+Tab", "super",
        "Super_L", "Menu", "ctrl+e", "ctrl+alt+BackSpace", "ctrl+alt+Delete", "ctrl+alt+F1",
        "ctrl+alt+F2", "alt+F2", "alt+Return", "Print", "shift+F10", "ctrl+s", "ctrl+p",
        "ctrl+o", "ctrl+n", "ctrl+t", "alt+space", "super+d", "super+l", "XF86PowerOff",
        "XF86Sleep", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12", "F1"]
WAIT = 120  # a bound for a stuck kiosk on a busy machine, never a measure


def framebuffer(path: Path) -> bytes:
    """The pixels of Xvfb's screen from its -fbdir file (an XWD image)."""
    raw = path.read_bytes()
    header = struct.unpack(">25I", raw[:100])
    size, ncolors, bytes_per_line, height = header[0], header[19], header[12], header[5]
    start = size + 12 * ncolors
    return raw[start:start + bytes_per_line * height]


def wait_for(condition, what: str, launcher: subprocess.Popen) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + WAIT
    while not condition():
        assert launcher.poll() is None, f"the kiosk stopped while waiting for {what}"
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.1)


@pytest.mark.skipif(not all(shutil.which(t) for t in ("Xvfb", "xset", "xdotool", "xwininfo")),
                    reason="needs Xvfb, xset (x11-xserver-utils), xdotool and xwininfo")
def test_no_key_opens_a_door_and_sigterm_stops_cleanly(tmp_path: Path) -> None:
    display = _free_display()
    fbdir = tmp_path / "fb"
    fbdir.mkdir()
    data = tmp_path / "data"
    config = tmp_path / "kiosk.toml"
    config.write_text(f'flows_dir = "{REPO / "config/flows"}"\n'
                      f'assets_dir = "{REPO / "assets"}"\n'
                      f'data_dir = "{data}"\nspeech_enabled = false\n', encoding="utf-8")
    assert kiosk_main(["set-pin", "--config", str(config), "--pin", "2468"]) == 0
    kivy_home = tmp_path / "kivy"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SDL_", "DISPLAY", "KIVY_"))}
    env.update(BORNE_XSERVER="Xvfb", BORNE_DISPLAY=display, BORNE_CONFIG=str(config),
               BORNE_XSERVER_ARGS=f"-screen 0 1024x600x24 -nolisten tcp -fbdir {fbdir}",
               BORNE_KIOSK=str(Path(sys.executable).parent / "kiosk"),
               KIVY_HOME=str(kivy_home), SDL_AUDIODRIVER="dummy")
    work = tmp_path / "work"
    work.mkdir()
    launcher = subprocess.Popen([str(DEPLOY / "borne-start")], env=env, cwd=work,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
    x_env = {**env, "DISPLAY": display}
    screen = fbdir / "Xvfb_screen0"

    def window() -> str:
        tree = subprocess.run(["xwininfo", "-root", "-tree"], env=x_env, capture_output=True,
                              text=True, check=False).stdout
        return next((line for line in tree.splitlines() if '"Borne"' in line), "")

    try:
        wait_for(lambda: "1024x600+0+0" in window(), "the kiosk's window", launcher)
        previous: list[bytes] = [b""]

        def steady() -> bool:  # the same pixels twice, 0.5 s apart
            time.sleep(0.5)
            now = framebuffer(screen)
            same, previous[0] = now == previous[0], now
            return same

        wait_for(steady, "a steady home screen", launcher)
        home = previous[0]
        for key in KEYS:
            subprocess.run(["xdotool", "key", "--clearmodifiers", key], env=x_env, check=True,
                           timeout=30)
        assert launcher.poll() is None, "a key closed the kiosk"
        # A tap after the keys: once it is answered (a tile opens its flow), every key before
        # it was handled (X events come in order; keys are handled when read, taps after).
        for x, y in ((512, 300), (300, 250), (700, 250), (512, 400)):
            subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], env=x_env,
                           check=True, timeout=30)
            deadline = time.monotonic() + 20
            while framebuffer(screen) == home and time.monotonic() < deadline:
                time.sleep(0.1)
            if framebuffer(screen) != home:
                break
        assert framebuffer(screen) != home, "no tap was answered"
        assert "1024x600+0+0" in window()  # still there, still full screen
        assert subprocess.run(["xset", "q"], env=x_env, capture_output=True,
                              check=False).returncode == 0  # the X server too (no zap)
        os.kill(launcher.pid, signal.SIGTERM)  # borne-start exec'd the kiosk: same process
        launcher.wait(timeout=WAIT)
    finally:
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.wait(timeout=30)
        subprocess.run(["pkill", "-KILL", "-g", str(launcher.pid)], check=False)  # its Xvfb
    err = launcher.stderr.read() if launcher.stderr else ""
    assert launcher.returncode == 0, err  # a clean stop, which systemd does not restart
    # What was on the window when it stopped: the kiosk's own view only (no settings panel,
    # no inspector), in the journal file and on stderr.
    assert "WARNING kiosk.ui: stopping on SIGTERM; on screen: RootView\n" in err
    journal = (data / LOG_FOLDER / LOG_FILE).read_text(encoding="utf-8")
    assert "WARNING kiosk.ui: stopping on SIGTERM; on screen: RootView\n" in journal
    assert "Traceback" not in err and "Traceback" not in journal
    assert not (kivy_home / "config.ini").exists()  # Kivy wrote no config
    pictures = [p for folder in (work, kivy_home, tmp_path) for p in folder.rglob("*.png")]
    assert pictures == []  # no screenshot key
