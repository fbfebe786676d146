"""The two programs compared, launched the same way: the kiosk, and Chromium in kiosk mode."""

from __future__ import annotations

import compileall
import json
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.pin import has_pin, set_pin

from . import procs
from .xserver import MeasureError

CHROMIUM_FLAGS = ("--kiosk", "--window-position=0,0", "--window-size={width},{height}",
                  "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-quic")


@dataclass
class Program:
    """How to launch one program on the virtual screen."""

    name: str
    label: str
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)
    profile: Path | None = None
    """Chromium's user-data-dir, marked "exited cleanly" before each launch."""

    def prepare(self) -> None:
        if self.profile is not None:
            _mark_clean_exit(self.profile)


BENCH_PIN = "482916"


def kiosk(repo: Path, data_dir: Path, width: int, height: int, *, flow: str | None = None,
          config: Path | None = None, name: str = "kiosk", label: str = "borne") -> Program:
    binary = repo / ".venv" / "bin" / "kiosk"
    if not binary.exists():
        raise MeasureError(f"{binary} manque : lancez « make install ».")
    command = [str(binary), "run", "--windowed", f"{width}x{height}", "--data-dir", str(data_dir)]
    if config is not None:
        command += ["--config", str(config)]
    if flow is not None:
        command += ["--flow", flow]
    kivy_home = data_dir / "kivy-home"
    kivy_home.mkdir(parents=True, exist_ok=True)
    if not has_pin(data_dir):  # the kiosk never starts without its counsellor's PIN
        set_pin(data_dir, BENCH_PIN)
    return Program(name, label, command, env={"KIVY_HOME": str(kivy_home)})


def compile_kiosk(repo: Path) -> None:
    """Compile the kiosk's modules to bytecode, as ``deploy/install.sh`` does on a kiosk.

    Without it, under ``PYTHONDONTWRITEBYTECODE`` (or a read-only checkout) every launch
    would compile every module of ``kiosk/`` again, which an installed kiosk never does."""
    if not compileall.compile_dir(repo / "kiosk", quiet=1):
        raise MeasureError("le code de la borne ne se compile pas (python -m compileall kiosk).")


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise MeasureError("Chromium est introuvable : installez le paquet chromium (make bench).")


def chromium(page: Path, profile: Path, width: int, height: int, *, flow: str | None = None,
             name: str = "chromium", label: str = "Chromium --kiosk") -> Program:
    """Chromium in kiosk mode on ``page`` (at ``#flow`` when given: that flow's first step),
    with a pre-filled profile (no translation bubble)."""
    default = profile / "Default"
    default.mkdir(parents=True, exist_ok=True)
    (profile / "First Run").touch()
    preferences = default / "Preferences"
    if not preferences.exists():
        preferences.write_text(json.dumps({
            "translate": {"enabled": False},
            "browser": {"has_seen_welcome_page": True},
            "profile": {"exit_type": "Normal", "exited_cleanly": True},
        }), encoding="utf-8")
    flags = [flag.format(width=width, height=height) for flag in CHROMIUM_FLAGS]
    address = page.as_uri() + (f"#{flow}" if flow else "")
    command = [chromium_binary(), *flags, f"--user-data-dir={profile}", address]
    return Program(name, label, command, profile=profile)


def _mark_clean_exit(profile: Path) -> None:
    """Chromium offers to "restore pages" after a kill: say the last exit was clean."""
    path = profile / "Default" / "Preferences"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    data.setdefault("profile", {}).update(exit_type="Normal", exited_cleanly=True)
    data.setdefault("translate", {})["enabled"] = False
    path.write_text(json.dumps(data), encoding="utf-8")


def chromium_version() -> str:
    done = subprocess.run([chromium_binary(), "--version"], capture_output=True, text=True,
                          timeout=30, check=False)
    return done.stdout.strip() or "inconnue"


class Running:
    """One launch of a program: its process (a new session) and when it was started."""

    def __init__(self, program: Program, env: dict[str, str], log: Path) -> None:
        program.prepare()
        self.program = program
        self.log = log.open("ab")
        full_env = {**env, **program.env}
        self.launched = time.perf_counter()
        self.process = subprocess.Popen(program.command, env=full_env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def memory(self) -> procs.Memory:
        if not self.alive():
            raise MeasureError(f"{self.program.label} s'est arrêté : mémoire non mesurée.")
        try:
            return procs.memory(self.pid)
        except ProcessLookupError as error:
            raise MeasureError(f"{self.program.label} : mémoire non mesurée ({error}).") \
                from error

    def stop(self) -> None:
        """SIGTERM to the program's process group, SIGKILL after 10 s; always waits."""
        try:
            members = procs.tree(self.pid, procs.all_stats())
            if self.alive():
                os.killpg(self.pid, signal.SIGTERM)
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(self.pid, signal.SIGKILL)
                    self.process.wait(10)
            deadline = time.monotonic() + 5
            left = {pid for pid in members if Path(f"/proc/{pid}").exists()}
            while left and time.monotonic() < deadline:
                time.sleep(0.05)
                left = {pid for pid in left if Path(f"/proc/{pid}").exists()}
            for pid in left:  # helpers of this launch that ignored SIGTERM
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        except ProcessLookupError:
            pass
        finally:
            self.log.close()
