"""deploy/: the install script (dry run, and for real into a throwaway root), the systemd
unit (checked by systemd itself), and the screen launcher run for real on a virtual X
screen. Nothing here changes how this machine boots."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.cli import main as kiosk_main
from kiosk.commands.run import NO_PIN
from kiosk.pin import has_pin
from kiosk.settings import load_settings

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
SCRIPTS = [DEPLOY / "install.sh", DEPLOY / "borne-start", DEPLOY / "kiosk-command"]
SYSTEM_PATHS = [Path("/opt/borne"), Path("/etc/borne"), Path("/var/lib/borne"),
                Path("/etc/systemd/system/borne.service"), Path("/usr/local/bin/kiosk")]


def install(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(DEPLOY / "install.sh"), *args], capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_parse_and_are_executable(script: Path) -> None:
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    assert os.access(script, os.X_OK)


@pytest.mark.skipif(shutil.which("shellcheck") is None,
                    reason="shellcheck is not installed (apt-get install shellcheck)")
def test_shellcheck_finds_nothing() -> None:
    result = subprocess.run(["shellcheck", *map(str, SCRIPTS)], capture_output=True, text=True,
                            check=False)
    assert result.stdout == "" and result.returncode == 0


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / "borne.service", encoding="utf-8")
    return parser


def test_the_unit_restarts_on_failure_but_not_after_a_maintenance_quit() -> None:
    service = unit()["Service"]
    assert service["Restart"] == "on-failure"  # exit 0 (maintenance quit) stays stopped
    # The statuses that restarting cannot fix are those the kiosk really uses.
    assert service["RestartPreventExitStatus"].split() == ["2", str(NO_PIN)]
    assert service["User"] == "borne" and service["Group"] == "borne"
    assert service["ExecStart"] == "/opt/borne/deploy/borne-start"
    for key in ("MemoryMax", "TasksMax", "LimitNOFILE"):
        assert service[key]
    assert service["StandardOutput"] == service["StandardError"] == "journal"
    assert unit()["Install"]["WantedBy"] == "multi-user.target"


def test_settings_errors_really_exit_with_the_status_the_unit_expects(tmp_path: Path) -> None:
    bad = tmp_path / "kiosk.toml"
    bad.write_text("idle_timeout = \n", encoding="utf-8")
    assert kiosk_main(["run", "--config", str(bad)]) == 2


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_accepts_every_line_of_the_unit(tmp_path: Path) -> None:
    # Same unit, only pointing at this checkout's launcher (systemd checks that it exists).
    text = (DEPLOY / "borne.service").read_text(encoding="utf-8")
    copy = tmp_path / "borne.service"
    copy.write_text(text.replace("/opt/borne/deploy/borne-start", str(DEPLOY / "borne-start")),
                    encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True,
                            text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")


def test_dry_run_prints_every_action_and_changes_nothing() -> None:
    before = {path: path.exists() for path in SYSTEM_PATHS}
    result = install("--dry-run")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert [path.exists() for path in SYSTEM_PATHS] == list(before.values())
    assert "apt-get install -y -qq --no-install-recommends python3 python3-venv" in out
    for package in ("xserver-xorg-core", "xserver-xorg-input-libinput", "x11-xserver-utils",
                    "espeak-ng", "libegl1"):
        assert f" {package}" in out
    assert "+ useradd --system --user-group --home-dir /var/lib/borne --no-create-home " \
           "--shell /usr/sbin/nologin borne" in out
    assert "+ écrire /etc/systemd/system/borne.service (644)" in out
    assert "+ systemctl enable borne.service" in out
    assert "+ écrire /usr/local/bin/kiosk (755)" in out
    assert out.rstrip().endswith("Simulation terminée : rien n'a été changé.")


def test_unknown_option_is_refused() -> None:
    result = install("--vite")
    assert result.returncode == 2
    assert result.stderr.startswith("Option inconnue : --vite\n")


def test_install_into_a_throwaway_root_then_update(tmp_path: Path) -> None:
    root = tmp_path / "machine"
    result = install("--root", str(root), "--pin", "2468")
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("Installation terminée.")
    # The files a real machine gets, with their modes.
    unit_file = root / "etc/systemd/system/borne.service"
    assert unit_file.read_bytes() == (DEPLOY / "borne.service").read_bytes()
    assert oct(unit_file.stat().st_mode & 0o777) == "0o644"
    command = root / "usr/local/bin/kiosk"
    assert command.read_bytes() == (DEPLOY / "kiosk-command").read_bytes()
    assert oct(command.stat().st_mode & 0o777) == "0o755"
    assert os.access(root / "opt/borne/deploy/borne-start", os.X_OK)
    assert not (root / "opt/borne/.venv").exists() and not (root / "opt/borne/.git").exists()
    assert (root / "opt/borne/kiosk/cli.py").is_file()
    assert "needs_root_rights=no" in (root / "etc/X11/Xwrapper.config").read_text()
    # The settings written point at the installed folders, and the flows are all valid.
    config = root / "etc/borne/kiosk.toml"
    settings = load_settings(config)
    assert settings.flows_dir == root / "etc/borne/parcours"
    assert settings.assets_dir == root / "opt/borne/assets"
    assert settings.data_dir == root / "var/lib/borne"
    assert settings.lexicon_dir == root / "etc/borne/lexicon"
    assert sorted(p.name for p in settings.flows_dir.iterdir()) == sorted(
        p.name for p in (REPO / "config/flows").glob("*.yaml"))
    assert kiosk_main(["validate", "--config", str(config)]) == 0
    assert has_pin(settings.data_dir)
    assert oct((settings.data_dir / "pin.json").stat().st_mode & 0o777) == "0o600"
    # An update keeps what the counsellors changed.
    config.write_text(config.read_text() + 'language = "en"\n'.replace("language", "# langue"))
    own = settings.flows_dir / "mon-parcours.yaml"
    own.write_text("id: a-moi\n", encoding="utf-8")
    kept = config.read_text()
    (root / "opt/borne/kiosk/ancien-fichier.py").write_text("# supprimé en amont\n")
    again = install("--root", str(root))
    assert again.returncode == 0, again.stderr
    assert "kiosk.toml existe déjà : gardé." in again.stdout
    assert config.read_text() == kept and own.read_text() == "id: a-moi\n"
    if shutil.which("rsync"):
        assert not (root / "opt/borne/kiosk/ancien-fichier.py").exists()


# -- the launcher, for real, on a virtual X screen ---------------------------------------------

def _free_display() -> str:
    """A display number no X server answers on (other test runs may hold some)."""
    for number in range(57, 120):
        taken = subprocess.run(["xset", "-display", f":{number}", "q"], capture_output=True,
                               check=False).returncode == 0
        if not taken and not Path(f"/tmp/.X{number}-lock").exists():
            return f":{number}"
    pytest.skip("no free X display number")


@pytest.mark.skipif(not all(shutil.which(tool) for tool in ("Xvfb", "xset", "xrandr", "xwininfo")),
                    reason="needs Xvfb, xset, xrandr (x11-xserver-utils) and xwininfo (x11-utils)")
def test_launcher_starts_x_then_the_kiosk_full_screen_with_no_blanking(tmp_path: Path) -> None:
    display = _free_display()
    config = tmp_path / "kiosk.toml"
    config.write_text(f'flows_dir = "{REPO / "config/flows"}"\n'
                      f'assets_dir = "{REPO / "assets"}"\n'
                      f'data_dir = "{tmp_path / "data"}"\nspeech_enabled = false\n',
                      encoding="utf-8")
    assert kiosk_main(["set-pin", "--config", str(config), "--pin", "2468"]) == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SDL_", "DISPLAY"))}
    env.update(BORNE_XSERVER="Xvfb", BORNE_XSERVER_ARGS="-screen 0 1024x600x24 -nolisten tcp",
               BORNE_DISPLAY=display, BORNE_CONFIG=str(config),
               BORNE_KIOSK=str(Path(sys.executable).parent / "kiosk"),
               KIVY_HOME=str(tmp_path / "kivy"), SDL_AUDIODRIVER="dummy")
    launcher = subprocess.Popen([str(DEPLOY / "borne-start")], env=env, cwd=tmp_path,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
    x_env = {**env, "DISPLAY": display}
    try:
        for _ in range(300):  # until the X server answers
            if subprocess.run(["xset", "q"], env=x_env, capture_output=True,
                              check=False).returncode == 0:
                break
            assert launcher.poll() is None, launcher.stderr.read() if launcher.stderr else ""
            time.sleep(0.1)
        window = ""
        for _ in range(600):  # the kiosk's window, once it has its final size
            tree = subprocess.run(["xwininfo", "-root", "-tree"], env=x_env, capture_output=True,
                                  text=True, check=False).stdout
            window = next((line for line in tree.splitlines() if '"Borne"' in line), "")
            if "1024x600+0+0" in window:
                break
            assert launcher.poll() is None, launcher.stderr.read() if launcher.stderr else ""
            time.sleep(0.1)
        # e.g.  0x200006 "Borne": ("python3.11" "python3.11")  1024x600+0+0  +0+0
        geometry = re.search(r"\)\s+(\S+)\s", window)
        assert geometry is not None and geometry.group(1) == "1024x600+0+0", window
        saver = subprocess.run(["xset", "q"], env=x_env, capture_output=True, text=True,
                               check=True).stdout
        assert "prefer blanking:  no" in saver and "timeout:  0" in saver
        assert "DPMS is Disabled" in saver or "Server does not have the DPMS" in saver
        assert launcher.poll() is None  # the kiosk runs as the launcher's own process
    finally:
        os.killpg(launcher.pid, signal.SIGKILL)
        launcher.wait(timeout=30)
    err = launcher.stderr.read() if launcher.stderr else ""
    assert f"borne-start: écran {display} de 1024x600, rotation normal." in err
    assert launcher.returncode == -signal.SIGKILL  # killed: systemd would restart it


def test_launcher_refuses_an_unknown_rotation() -> None:
    env = {**os.environ, "BORNE_ROTATION": "diagonale", "BORNE_XSERVER": "false"}
    result = subprocess.run([str(DEPLOY / "borne-start")], env=env, capture_output=True,
                            text=True, timeout=30, check=False)
    assert result.returncode == 2
    assert result.stderr == ("borne-start: BORNE_ROTATION=diagonale inconnu : normal, left, "
                             "right ou inverted.\n")


def test_launcher_exits_with_failure_when_the_x_server_dies(tmp_path: Path) -> None:
    env = {**os.environ, "BORNE_XSERVER": "false", "BORNE_DISPLAY": _free_display()}
    env.pop("DISPLAY", None)
    result = subprocess.run([str(DEPLOY / "borne-start")], env=env, capture_output=True,
                            text=True, timeout=30, check=False)
    assert result.returncode == 1  # on-failure: systemd starts it again
    assert "le serveur d'affichage (false) s'est arrêté au démarrage." in result.stderr
