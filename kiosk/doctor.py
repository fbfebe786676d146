"""``kiosk doctor``'s checks: each looks at one thing the kiosk needs and says, in plain
French, whether it is there. No Kivy here; every place looked at can be pointed elsewhere
(tests give temporary folders shaped like /sys, /proc and /dev).

A check gives OK, ATTENTION (the kiosk works, less well) or PROBLEM (the kiosk cannot work
as it should: no screen, no flows, no PIN, no room for its data, a clock far off).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from kiosk.flows.loader import load_flows
from kiosk.pin import has_pin
from kiosk.settings import Settings
from kiosk.speech.outputs import sound_outputs

MIN_FREE_MB = 50  # below: statistics stop being written
LOW_FREE_MB = 500  # below: say it before it becomes a problem
MIN_YEAR = 2024
SPEECH_TIMEOUT = 20.0
ABS_MT_POSITION_X = 0x35
BTN_TOUCH = 0x14A
SAMPLE_SENTENCE = {"fr": "Bonjour.", "en": "Hello.", "ar": "مرحبا.", "uk": "Добрий день.",
                   "es": "Hola.", "pt": "Olá.", "tr": "Merhaba.", "ro": "Bună ziua.",
                   "ru": "Здравствуйте.", "fa": "سلام."}


class Status(StrEnum):
    OK = "OK"
    ATTENTION = "Attention"
    PROBLEM = "Problème"


@dataclass(frozen=True)
class Check:
    topic: str  # "Écran", "Toucher"…
    status: Status
    message: str

    def line(self) -> str:
        return f"{self.status.value:<9} {self.topic} : {self.message}"


# -- screen, touch, sound ----------------------------------------------------------------------

def check_display(env: Mapping[str, str], dev: Path = Path("/dev")) -> Check:
    if env.get("SDL_VIDEODRIVER") == "offscreen":
        return Check("Écran", Status.ATTENTION, "affichage hors écran (SDL_VIDEODRIVER="
                     "offscreen) : la borne ne montre rien sur un écran.")
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        where = env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")
        return Check("Écran", Status.OK, f"un affichage est ouvert ({where}).")
    cards = sorted(p.name for p in (dev / "dri").glob("card*")) if (dev / "dri").is_dir() else []
    if cards:
        return Check("Écran", Status.OK, f"carte graphique trouvée ({dev / 'dri' / cards[0]}) : "
                     "le service de la borne y ouvre l'affichage.")
    if (dev / "fb0").exists():
        return Check("Écran", Status.ATTENTION, f"seulement un écran simple ({dev / 'fb0'}), sans "
                     "carte graphique moderne (KMS) : l'affichage peut ne pas démarrer.")
    return Check("Écran", Status.PROBLEM, "aucun écran trouvé (ni affichage ouvert, ni carte "
                 f"graphique dans {dev / 'dri'}) : branchez l'écran et redémarrez.")


def _has_bit(text: str, bit: int) -> bool:
    words = text.split()
    # Each word is one ``unsigned long`` (64 bits here), the last word holds bits 0-63.
    index, offset = divmod(bit, 64)
    if index >= len(words):
        return False
    return bool(int(words[-1 - index], 16) >> offset & 1)


def touch_devices(sys_input: Path = Path("/sys/class/input")) -> list[str]:
    """Names of the input devices that report touch positions."""
    found = []
    for event in sorted(sys_input.glob("event*")):
        device = event / "device"
        try:
            name = (device / "name").read_text(encoding="utf-8", errors="replace").strip()
            abs_caps = (device / "capabilities" / "abs").read_text().strip()
            key_caps = (device / "capabilities" / "key").read_text().strip()
        except OSError:
            continue
        if _has_bit(abs_caps, ABS_MT_POSITION_X) or (
                _has_bit(key_caps, BTN_TOUCH) and "touch" in name.lower()):
            found.append(name)
    return found


def check_touch(sys_input: Path = Path("/sys/class/input")) -> Check:
    names = touch_devices(sys_input)
    if names:
        return Check("Toucher", Status.OK, f"écran tactile trouvé ({', '.join(names)}).")
    return Check("Toucher", Status.ATTENTION, "aucun écran tactile trouvé : la borne ne répond "
                 "qu'à la souris. Vérifiez le câble USB de la dalle tactile.")


def check_audio(proc: Path = Path("/proc"), dev: Path = Path("/dev")) -> Check:
    outputs = sound_outputs(proc, dev)
    if outputs == [str(dev / "snd")]:
        return Check("Son", Status.OK, f"sortie son trouvée ({dev / 'snd'}).")
    if outputs:
        return Check("Son", Status.OK, f"carte son trouvée ({', '.join(outputs)}).")
    return Check("Son", Status.ATTENTION, "aucune carte son : la borne reste muette (tout est "
                 "aussi écrit à l'écran). Branchez des haut-parleurs ou un écran qui a le son.")


# -- speech ------------------------------------------------------------------------------------

def check_voices(languages: Sequence[str], enabled: bool, timeout: float = SPEECH_TIMEOUT,
                 command: list[str] | None = None) -> list[Check]:
    """Start the real speech worker (its own process, killed after ``timeout``), choose a
    voice per language and make it say one word into a file."""
    if not enabled:
        return [Check("Voix", Status.OK, "la lecture à voix haute est coupée dans les "
                      "réglages (speech_enabled = false).")]
    from kiosk.speech.engine import EngineError, EngineProcess
    from kiosk.speech.voices import RATES, choose_voice

    engine = EngineProcess(command=command)
    try:
        engine.start(timeout=timeout)
    except EngineError as error:
        engine.kill()
        return [Check("Voix", Status.ATTENTION, f"pas de voix : {error}. La borne montre le "
                      "texte sans le lire (installez espeak-ng).")]
    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="kiosk-doctor-") as folder:
            for language in languages:
                voice = choose_voice(engine.voices, language)
                topic = f"Voix ({language})"
                if voice is None:
                    results.append(Check(topic, Status.ATTENTION, "aucune voix pour cette "
                                         "langue : le texte est montré sans être lu."))
                    continue
                out = Path(folder) / f"{language}.wav"
                try:
                    answer = engine.request({"op": "synth", "voice": voice.id,
                                             "text": SAMPLE_SENTENCE.get(language, "OK."),
                                             "rate": RATES["normal"], "out": str(out)},
                                            timeout)
                except EngineError as error:
                    results.append(Check(topic, Status.ATTENTION, f"la voix « {voice.id} » ne "
                                         f"parle pas ({error})."))
                    if not engine.alive:
                        break
                    continue
                seconds = int(answer["frames"]) / max(int(answer["framerate"]), 1)
                results.append(Check(topic, Status.OK, f"voix « {voice.id} », essai réussi "
                                     f"({_seconds(seconds)} de parole)."))
    finally:
        engine.close()
    return results


def _seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")


# -- data, flows, PIN, clock -------------------------------------------------------------------

def check_data_dir(data_dir: Path) -> Check:
    topic = "Données"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".doctor-", dir=data_dir)
        try:
            os.write(fd, b"essai\n")
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as error:
        reason = "lecture seule" if error.errno == 30 else error.strerror or str(error)
        return Check(topic, Status.PROBLEM, f"impossible d'écrire dans {data_dir} ({reason}) : "
                     "les statistiques et le code ne peuvent pas être gardés.")
    free_mb = shutil.disk_usage(data_dir).free // (1024 * 1024)
    if free_mb < MIN_FREE_MB:
        return Check(topic, Status.PROBLEM, f"{data_dir} : il reste {free_mb} Mo sur le disque "
                     f"({MIN_FREE_MB} Mo au moins) : libérez de la place.")
    if free_mb < LOW_FREE_MB:
        return Check(topic, Status.ATTENTION, f"{data_dir} : il ne reste que {free_mb} Mo sur "
                     "le disque.")
    return Check(topic, Status.OK, f"{data_dir} : écriture possible, {_size(free_mb)} libres.")


def _size(megabytes: int) -> str:
    if megabytes >= 10 * 1024:
        return f"{megabytes // 1024} Go"
    if megabytes >= 1024:
        return f"{megabytes / 1024:.1f} Go".replace(".", ",")
    return f"{megabytes} Mo"


def check_statistics(data_dir: Path) -> Check:
    """The usage database: readable and whole, and whether a damaged one was set aside."""
    from kiosk.usage.store import DB_NAME

    topic = "Statistiques"
    moved = sorted(data_dir.glob("usage.corrompu-*.db"))
    path = data_dir / DB_NAME
    if path.exists():
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
            try:
                result = conn.execute("PRAGMA quick_check").fetchone()
            finally:
                conn.close()
        except sqlite3.Error as error:
            result = (str(error),)
        if not result or result[0] != "ok":
            return Check(topic, Status.ATTENTION, f"le fichier {path.name} est abîmé : la borne "
                         "le mettra de côté et en commencera un nouveau à son prochain "
                         "démarrage.")
    if moved:
        return Check(topic, Status.ATTENTION, f"{len(moved)} fichier(s) abîmé(s) mis de côté "
                     f"(le dernier : {moved[-1].name}) ; les nouvelles statistiques "
                     "s'enregistrent dans un nouveau fichier.")
    if not path.exists():
        return Check(topic, Status.OK, "pas encore de statistiques (aucune visite).")
    return Check(topic, Status.OK, f"le fichier {path.name} est en bon état.")


def check_flows(settings: Settings) -> Check:
    flowset = load_flows(settings.path("flows_dir"), settings.path("assets_dir"),
                         domains=settings.domains())
    disabled = set(settings.disabled_flows)
    shown = [f for f in flowset.flows if f not in disabled]
    errors, warnings = len(flowset.errors), len(flowset.warnings)
    summary = (f"{len(shown)} parcours à l'accueil, {errors} erreur(s), "
               f"{warnings} avertissement(s) dans {settings.path('flows_dir')}")
    if not shown:
        return Check("Parcours", Status.PROBLEM, f"{summary} : aucun parcours à montrer. "
                     "Lancez « kiosk validate » pour savoir quoi corriger.")
    if errors:
        return Check("Parcours", Status.ATTENTION, f"{summary} : des fichiers ne sont pas "
                     "montrés. Lancez « kiosk validate » pour le détail.")
    return Check("Parcours", Status.OK, f"{summary}.")


def check_pin(data_dir: Path) -> Check:
    if has_pin(data_dir):
        return Check("Code conseiller", Status.OK, "un code est choisi.")
    return Check("Code conseiller", Status.PROBLEM, "aucun code n'est choisi : la borne ne "
                 "démarre pas sans lui. Choisissez-en un avec « kiosk set-pin ».")


Runner = Callable[[list[str]], str | None]


def _timedatectl(command: list[str]) -> str | None:
    if shutil.which(command[0]) is None:
        return None
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=5,
                                check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def check_clock(now: datetime, run: Runner = _timedatectl) -> Check:
    shown = now.strftime("%d/%m/%Y %H:%M")
    if now.year < MIN_YEAR:
        return Check("Horloge", Status.PROBLEM, f"la date est fausse ({shown}) : les "
                     "statistiques seraient datées de travers. Réglez la date, ou branchez le "
                     "réseau pour qu'elle se règle seule.")
    synced = run(["timedatectl", "show", "--property=NTPSynchronized", "--value"])
    if synced == "yes":
        return Check("Horloge", Status.OK, f"{shown}, réglée par le réseau.")
    if synced == "no":
        return Check("Horloge", Status.ATTENTION, f"{shown}, mais pas réglée par le réseau : "
                     "vérifiez-la de temps en temps.")
    return Check("Horloge", Status.OK, f"{shown} (réglage par le réseau inconnu ici).")


# -- the kiosk's own journal: last errors, restart loop ----------------------------------------

LOOP_MINUTES = 10
LOOP_STARTS = 5  # this many starts within LOOP_MINUTES: a restart loop
ERRORS_SHOWN = 3


def check_journal(data_dir: Path, now: datetime) -> Check:
    """The last errors of ``<data_dir>/journal/borne.log`` (kiosk/logs.py), and whether the
    kiosk keeps restarting."""
    from datetime import timedelta

    from kiosk.logs import LOG_FILE, LOG_FOLDER, START_MARK, read_journal

    entries = read_journal(data_dir)
    if not entries:
        where = data_dir / LOG_FOLDER / LOG_FILE
        return Check("Journal", Status.OK, f"aucun journal encore ({where}) : la borne n'a "
                     "pas encore démarré ici.")
    since = now - timedelta(minutes=LOOP_MINUTES)
    starts = [e for e in entries if e.message.startswith(START_MARK) and e.when >= since]
    errors = [e for e in entries if e.level in ("ERROR", "CRITICAL")]
    last = " ; ".join(f"{e.when:%d/%m %H:%M} {e.message}" + (f" ({e.detail})" if e.detail
                                                               else "")
                      for e in errors[-ERRORS_SHOWN:])
    if len(starts) >= LOOP_STARTS:
        return Check("Journal", Status.PROBLEM, f"la borne a démarré {len(starts)} fois en "
                     f"{LOOP_MINUTES} minutes : elle redémarre en boucle. "
                     + (f"Dernières erreurs : {last}." if last else "Aucune erreur notée : "
                        "regardez « journalctl -u borne »."))
    recent = [e for e in errors if e.when >= now - timedelta(days=1)]
    if recent:
        return Check("Journal", Status.ATTENTION, f"{len(recent)} erreur(s) depuis hier. "
                     f"Dernières : {last}.")
    return Check("Journal", Status.OK, "aucune erreur depuis hier"
                 + (f" (la dernière : {last})." if last else "."))


# -- fonts -------------------------------------------------------------------------------------

def check_fonts(noto_dir: Path | None = None, *, use_fontconfig: bool = True) -> Check:
    """The fonts of every script the kiosk shows (kiosk/ui/fonts.py)."""
    from kiosk.ui.fonts import DEBIAN_PACKAGE, NOTO_DIR, find_arabic, latin_font

    latin = latin_font()
    if not latin.is_file():
        return Check("Polices", Status.PROBLEM, f"police Roboto absente ({latin}) : "
                     "réinstallez la borne (make install).")
    arabic = find_arabic(noto_dir or NOTO_DIR, use_fontconfig=use_fontconfig)
    if not arabic.installed:
        return Check("Polices", Status.ATTENTION,
                     "police Noto Sans Arabic absente : l'arabe et le persan s'affichent avec "
                     "DejaVu Sans, moins lisible. Installez le paquet Debian "
                     f"{DEBIAN_PACKAGE} (sudo apt-get install {DEBIAN_PACKAGE}).")
    return Check("Polices", Status.OK, f"arabe et persan : {arabic.family} ({arabic.regular}) ; "
                 "latin et cyrillique : Roboto.")


# -- all of them -------------------------------------------------------------------------------

def run_checks(settings: Settings, *, speech: bool = True,
               env: Mapping[str, str] | None = None, now: datetime | None = None) -> list[Check]:
    from kiosk.i18n import languages as ui_languages

    env = os.environ if env is None else env
    data_dir = settings.path("data_dir")
    checks = [check_display(env), check_touch(), check_audio()]
    if speech:
        languages = [settings.language] + [x for x in ui_languages() if x != settings.language]
        checks.extend(check_voices(languages, settings.speech_enabled))
    checks += [check_fonts(), check_data_dir(data_dir), check_statistics(data_dir),
               check_flows(settings),
               check_pin(data_dir), check_clock(now or datetime.now()),
               check_journal(data_dir, now or datetime.now())]
    return checks


def verdict(checks: Sequence[Check]) -> tuple[str, int]:
    """The last line of the report, and the exit status (1 when the kiosk cannot work)."""
    problems = sum(c.status is Status.PROBLEM for c in checks)
    warnings = sum(c.status is Status.ATTENTION for c in checks)
    if problems:
        return (f"{problems} problème(s) empêche(nt) la borne de bien fonctionner : "
                "corrigez les lignes « Problème ».", 1)
    if warnings:
        return f"La borne peut fonctionner ; {warnings} point(s) à regarder.", 0
    return "Tout va bien.", 0
