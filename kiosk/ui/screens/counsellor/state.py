"""What the counsellor's space decides, without Kivy: time-outs, the flows switched off
on this kiosk, the pause of the idle wipe, and French wording. (What the « Chiffres » tab
shows: :mod:`kiosk.ui.screens.counsellor.month`.)
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.i18n import french

log = logging.getLogger(__name__)

SPACE_TIMEOUT_SECONDS = 120.0
"""The space (and its PIN pad) closes itself after this long without a touch."""

IDLE_PAUSE_SECONDS = 2 * 3600.0
"""A pause of the idle wipe never lasts longer than this (a forgotten pause ends)."""

SWITCHES_FILE = "parcours.json"


def duration_text(seconds: int | float | None) -> str:
    """"6 min 05 s", "45 s", "1 h 59 min", or "—" when there is nothing to show."""
    if seconds is None:
        return "—"
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return french("{hours} h {minutes:02d} min", hours=hours, minutes=minutes)
    if minutes:
        return french("{minutes} min {seconds:02d} s", minutes=minutes, seconds=secs)
    return french("{seconds} s", seconds=secs)


@dataclass
class FlowSwitches:
    """Flows switched off on this kiosk from the counsellor's space.

    Kept in ``data_dir/parcours.json`` so that they survive a restart; combined with
    the ``disabled_flows`` setting (which the space cannot change). A file that cannot
    be read is left in place, reported in French, and counts as "nothing switched off".
    """

    data_dir: Path
    disabled: set[str] = field(default_factory=set)
    problem: str = ""

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)
        self.load()

    @property
    def path(self) -> Path:
        return self.data_dir / SWITCHES_FILE

    def load(self) -> None:
        self.disabled, self.problem = set(), ""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as error:
            self.problem = french("{path} : fichier illisible ({error}).", path=self.path,
                                  error=error)
            return
        try:
            data = json.loads(text)
            names = data["disabled"]
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise ValueError(french("« disabled » doit être une liste de noms de parcours"))
        except (ValueError, KeyError, TypeError) as error:
            self.problem = french("{path} : fichier mal écrit ({error}). Tous les parcours "
                                  "sont montrés ; choisissez de nouveau ceux à cacher.",
                                  path=self.path, error=error)
            log.warning("%s", self.problem)
            return
        self.disabled = set(names)

    def set_enabled(self, flow_id: str, enabled: bool) -> None:
        """Switch a flow on or off, and write the file at once (atomically)."""
        if enabled:
            self.disabled.discard(flow_id)
        else:
            self.disabled.add(flow_id)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.problem and self.path.exists():
            kept = self.path.with_name(f"parcours.illisible-{os.urandom(3).hex()}.json")
            os.replace(self.path, kept)  # never silently overwrite what could not be read
        tmp = self.path.with_name(f".{SWITCHES_FILE}.{os.urandom(4).hex()}.tmp")
        tmp.write_text(json.dumps({"disabled": sorted(self.disabled)}, ensure_ascii=False,
                                  indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)
        self.problem = ""


@dataclass
class IdlePause:
    """The idle wipe paused while a counsellor accompanies someone: until turned off, or
    :data:`IDLE_PAUSE_SECONDS` at most."""

    until: float = 0.0

    def start(self, now: float, seconds: float = IDLE_PAUSE_SECONDS) -> None:
        self.until = now + seconds

    def stop(self) -> None:
        self.until = 0.0

    def active(self, now: float) -> bool:
        return now < self.until

    def text(self, now: float) -> str:
        if not self.active(now):
            return french("L'écran s'efface seul après un moment sans activité (normal).")
        left = duration_text(self.until - now)
        return french("L'effacement automatique est suspendu encore {left}.", left=left)
