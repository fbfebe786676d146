"""Is there a sound card? Read from /proc and /dev, the same way for ``kiosk doctor`` and
for the interface's start-up (``kiosk.ui.boot.configure``). No Kivy, no SDL here."""

from __future__ import annotations

from pathlib import Path


def sound_outputs(proc: Path = Path("/proc"), dev: Path = Path("/dev")) -> list[str]:
    """The names of the machine's sound cards (``/proc/asound/cards``), or the ALSA device
    folder when only it shows one (``/dev/snd/pcm*``); empty when there is none."""
    cards = []
    try:
        for line in (proc / "asound" / "cards").read_text().splitlines():
            if "]:" in line:
                cards.append(line.split("]:", 1)[1].split(" - ")[-1].strip())
    except OSError:
        pass
    if cards:
        return cards
    snd = dev / "snd"
    if snd.is_dir() and any(snd.glob("pcm*")):
        return [str(snd)]
    return []
