"""``kiosk say``: what the kiosk would say, written to a WAV file through the same service."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path


def kiosk(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, check=False)


def test_say_writes_the_wav_and_shows_the_text(tmp_path):
    out = tmp_path / "essai.wav"
    done = kiosk("say", "Votre code est 482915, sur ameli.fr.", "--out", str(out),
                 "--data-dir", str(tmp_path / "data"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ("Texte envoyé à la voix : Votre code est 4 8 2 9 1 5, sur amélie point "
                        "fr.")
    assert lines[-1] == f"Voix « French (France) » (roa/fr), vitesse normal : {out} écrit."
    with wave.open(str(out), "rb") as wav:
        assert wav.getnframes() / wav.getframerate() > 2
    assert len(list((tmp_path / "data" / "voix-cache").glob("*.wav"))) == 1


def test_say_slow_english(tmp_path):
    out = tmp_path / "slow.wav"
    done = kiosk("say", "Open your e-mail.", "--lang", "en", "--rate", "lent", "--out",
                 str(out), "--data-dir", str(tmp_path / "data"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Texte envoyé à la voix : Open your email.",
        f"Voix « English (Great Britain) » (gmw/en), vitesse lent : {out} écrit."]


def test_say_reports_lexicon_problems(tmp_path):
    (tmp_path / "lex").mkdir()
    (tmp_path / "lex" / "fr.toml").write_text('[mots]\n"CAF" = "caf\n', encoding="utf-8")
    config = tmp_path / "kiosk.toml"
    config.write_text('lexicon_dir = "lex"\ndata_dir = "data"\n', encoding="utf-8")
    out = tmp_path / "essai.wav"
    done = kiosk("say", "La CAF.", "--config", str(config), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        f"Lexique : {tmp_path / 'lex' / 'fr.toml'}:2: cette ligne est mal écrite (vers le "
        "caractère 13). Chaque ligne s'écrit \"écrit\" = \"ce que la voix dit\", avec des "
        "guillemets droits des deux côtés ; une partie s'écrit [mots] seul sur sa ligne.\n")
    assert done.stdout.splitlines()[0] == "Texte envoyé à la voix : La CAF."
    assert out.exists()  # the rest of the kiosk still speaks, without that lexicon
