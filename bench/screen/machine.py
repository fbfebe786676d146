"""The machine and the versions a benchmark ran on, for the report."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path


def _first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1]
    except OSError:
        pass
    return "inconnu"


def describe() -> dict[str, str | int | float]:
    memory_kib = _first("/proc/meminfo", "MemTotal").split()[0]
    os_name = _first("/etc/os-release", "PRETTY_NAME=").strip('"')
    try:
        debian = Path("/etc/debian_version").read_text().strip()
    except OSError:
        debian = "?"
    return {"cpu": _first("/proc/cpuinfo", "model name"), "cores": os.cpu_count() or 0,
            "ram_gib": round(int(memory_kib) / 1024 / 1024, 1) if memory_kib.isdigit() else 0,
            "system": f"{os_name} (debian_version {debian})", "kernel": platform.release()}


def _package(name: str) -> str:
    done = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True,
                          text=True, check=False)
    return done.stdout.strip() or "absent"


def versions() -> dict[str, str]:
    from .programs import chromium_version

    found = {"python": platform.python_version()}
    for name in ("kivy", "matplotlib"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    found["chromium"] = chromium_version()
    found["mesa (libgl1-mesa-dri)"] = _package("libgl1-mesa-dri")
    found["xvfb"] = _package("xvfb")
    return found


def commit(repo: Path) -> str | None:
    """The checked-out commit (short), with « + changes » when the working tree differs from
    it; None outside a git checkout."""
    try:
        head = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain",
                                "--untracked-files=no"], capture_output=True, text=True,
                               check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{head} + changes" if dirty else head
