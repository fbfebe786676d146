"""Hostile config/kiosk.toml files: each is refused with its line and a French message, by
load_settings and so by every command (validate, doctor, run), never with a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.settings import SETTINGS, SettingsError, load_settings

HOSTILE = [
    # (file text, line, words of the message)
    ("disabled_flows = " + "[" * 5000 + "]" * 5000 + "\n", 1, "trop de crochets"),
    ("disabled_flows = [{a = 1}]\n", 1, "l'élément n°1 doit être un texte"),
    ('disabled_flows = ["Compte Ameli"]\n', 1, "n'est pas un identifiant de parcours"),
    ("disabled_flows = [1, 2]\n", 1, "l'élément n°1 doit être un texte"),
    ('disabled_flows = "compte-ameli"\n', 1, "doit être une liste"),
    ("screen_diagonal_inches = 0.001\n", 1, "vaut 0 (automatique) ou au moins 5"),
    ("screen_diagonal_inches = nan\n", 1, "ni nan ni inf"),
    ("screen_diagonal_inches = inf\n", 1, "ni nan ni inf"),
    ("screen_diagonal_inches = -3\n", 1, "doit être au moins 0"),
    ('flows_dir = ""\n', 1, "« flows_dir » est vide"),
    ('assets_dir = "   "\n', 1, "« assets_dir » est vide"),
    ('data_dir = "a\\u0000b"\n', 1, "caractère invisible ou de contrôle (U+0000)"),
    ('flows_dir = "' + "x" * 5000 + '"\n', 1, "trop long (5000 caractères, 4096 au plus)"),
    ('site_help_message = ""\n', 1, "« site_help_message » est vide"),
    ('site_help_message = "' + "a" * 400 + '"\n', 1, "trop long (400 caractères, 300 au plus)"),
    ('site_help_message = "Appelez\\u202e le 3430"\n', 1, "(U+202E)"),
    ("idle_timeout = 0\n", 1, "au moins 20"),
    ("idle_timeout = 99999999999999999999\n", 1, "au plus 3600"),
    ("idle_timeout = 90.5\n", 1, "un nombre entier"),
    ('idle_timeout = "90"\n', 1, "un nombre entier"),
    ("idle_timeout = true\n", 1, "un nombre entier"),
    ("idle_countdown = 1\n", 1, "au moins 20"),
    ("text_size = 4\n", 1, "l'une de ces valeurs"),
    ("speech_cache_mb = 0\n", 1, "au moins 1"),
    ("retention_months = 120\n", 1, "au plus 25"),
    ('language = "xx"\n', 1, "l'une de ces valeurs"),
    ('help_chime = "oui"\n', 1, "true ou false"),
    ('official_domains = ["amelı.fr"]\n', 1, "U+0131"),
    ('official_domains = ["xn--amli-9oa.fr"]\n', 1, "nom international codé"),
    ('speech_rate = "rapide"\n', 1, "l'une de ces valeurs"),
    ("speech_enabled = 1\n", 1, "true ou false"),
    ("lexicon_dir = []\n", 1, "un texte entre guillemets"),
    ('usb_mount_root = "/media\\u0007"\n', 1, "(U+0007)"),
    ('studio_address = "0.0.0.0:99999"\n', 1, "une adresse et un port"),
    ('studio_address = "tout le monde"\n', 1, "une adresse et un port"),
    ('studio_database = "mysql://x"\n', 1, "postgresql://"),
    ('\n\n"idle_timeout" = 5\n', 3, "au moins 20"),
    ("\n# note\nidle_timeout.x = 5\n", 3, "doit être un nombre entier"),
]


@pytest.mark.parametrize(("text", "line", "words"), HOSTILE,
                         ids=[f"{n:02d}" for n in range(len(HOSTILE))])
def test_each_hostile_file_is_refused_with_its_line(tmp_path: Path, text: str, line: int,
                                                    words: str) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(config)
    message = str(caught.value)
    assert message.startswith(f"{config}:{line}: ")
    assert words in message


def test_the_list_is_long_enough_and_every_setting_has_a_rule() -> None:
    assert len(HOSTILE) >= 30
    firsts = [next(t for t in text.splitlines() if t and not t.startswith("#"))
              for text, _line, _words in HOSTILE]
    for setting in SETTINGS:  # every setting is in at least one hostile file
        assert any(first.startswith((setting.name, f'"{setting.name}"'))
                   for first in firsts), setting.name


@pytest.mark.parametrize("command", ["validate", "doctor", "stats"])
def test_every_command_refuses_it_without_a_traceback(tmp_path: Path, command: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("disabled_flows = [{a = 1}]\n", encoding="utf-8")
    assert main([command, "--config", str(config)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (f"Réglages : {config}:1: « disabled_flows » : l'élément n°1 doit "
                            "être un texte entre guillemets, par exemple [\"premier\", "
                            "\"second\"].\n")
