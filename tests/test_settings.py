"""Settings: defaults, paths relative to the settings file, --data-dir, and exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import build_parser, settings_from
from kiosk.settings import SETTINGS, SettingsError, load_settings

BY_NAME = {s.name: s for s in SETTINGS}


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_default_applies_to_an_empty_file(tmp_path: Path) -> None:
    config = write(tmp_path / "config", "# rien\n")
    settings = load_settings(config)
    for setting in SETTINGS:
        value = getattr(settings, setting.name)
        if setting.is_path:
            assert value == (tmp_path / "config" / setting.default).resolve()
        else:
            assert value == setting.default, setting.name
    assert settings.config_path == config
    assert settings.sources == {}


def test_every_default_is_valid_for_its_own_rules() -> None:
    for setting in SETTINGS:
        if setting.is_path:
            assert isinstance(setting.default, str)
            continue
        assert isinstance(setting.default, setting.kind), setting.name
        if setting.choices:
            assert setting.default in setting.choices, setting.name
        if setting.minimum is not None:
            assert setting.default >= setting.minimum, setting.name
        if setting.maximum is not None:
            assert setting.default <= setting.maximum, setting.name
        assert setting.help.strip(), setting.name


def test_relative_paths_follow_the_settings_file_not_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write(tmp_path / "borne" / "config", 'flows_dir = "mes-parcours"\n'
                                                  'assets_dir = "../images"\n'
                                                  f'data_dir = "{tmp_path / "ailleurs"}"\n')
    monkeypatch.chdir(tmp_path)
    settings = load_settings(config)
    assert settings.flows_dir == tmp_path / "borne" / "config" / "mes-parcours"
    assert settings.assets_dir == tmp_path / "borne" / "images"
    assert settings.data_dir == tmp_path / "ailleurs"
    assert settings.path("flows_dir") == settings.flows_dir
    assert settings.sources["flows_dir"] == f"{config}:1"


def test_values_from_the_file_are_kept(tmp_path: Path) -> None:
    config = write(tmp_path, "idle_timeout = 120\nspeech_enabled = false\n"
                             "screen_diagonal_inches = 22\ndisabled_flows = [\"a\", \"b\"]\n")
    settings = load_settings(config)
    assert settings.idle_timeout == 120
    assert settings.speech_enabled is False
    assert settings.screen_diagonal_inches == 22.0
    assert isinstance(settings.screen_diagonal_inches, float)
    assert settings.disabled_flows == ["a", "b"]


def test_data_dir_option_wins_over_the_file(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    config = write(tmp_path / "config", 'data_dir = "donnees"\n')
    monkeypatch.chdir(tmp_path)
    settings = load_settings(config, data_dir="essai")
    assert settings.data_dir == tmp_path / "essai"
    assert settings.sources["data_dir"] == "option"


def test_data_dir_option_on_the_command_line(tmp_path: Path) -> None:
    config = write(tmp_path / "config", "")
    args = build_parser().parse_args(["validate", "--config", str(config),
                                      "--data-dir", str(tmp_path / "d")])
    settings = settings_from(args)
    assert settings.data_dir == tmp_path / "d"
    assert settings.flows_dir == tmp_path / "config" / "flows"


def test_missing_default_file_means_defaults(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kiosk.settings.DEFAULT_CONFIG", tmp_path / "absent.toml")
    settings = load_settings()
    assert settings.config_path is None
    assert settings.flows_dir == tmp_path / "flows"


def message(config: Path) -> str:
    with pytest.raises(SettingsError) as caught:
        load_settings(config)
    return str(caught.value)


def test_missing_explicit_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path / "absent.toml")
    assert str(caught.value) == f"{tmp_path / 'absent.toml'}: fichier de réglages introuvable."


def test_unknown_key_names_file_line_and_the_possible_ones(tmp_path: Path) -> None:
    config = write(tmp_path, "# réglages\nlanguage = \"fr\"\nidle_timout = 60\n")
    possible = ", ".join(sorted(BY_NAME))
    assert message(config) == (f"{config}:3: réglage inconnu « idle_timout ». "
                               f"Réglages possibles : {possible}.")


@pytest.mark.parametrize(("line", "expected"), [
    ("idle_timeout = \"90\"", "« idle_timeout » doit être un nombre entier."),
    ("idle_timeout = true", "« idle_timeout » doit être un nombre entier."),
    ("idle_timeout = 9.5", "« idle_timeout » doit être un nombre entier."),
    ("help_chime = \"oui\"", "« help_chime » doit être true ou false."),
    ("language = 3", "« language » doit être un texte entre guillemets."),
    ("disabled_flows = \"a\"", "« disabled_flows » doit être une liste entre crochets [ ]."),
    ("screen_diagonal_inches = \"22\"", "« screen_diagonal_inches » doit être un nombre."),
    ("idle_timeout = 5", "« idle_timeout » doit être au moins 20."),
    ("idle_countdown = 601", "« idle_countdown » doit être au plus 600."),
    ("screen_diagonal_inches = -1.5", "« screen_diagonal_inches » doit être au moins 0."),
])
def test_wrong_type_or_out_of_range(tmp_path: Path, line: str, expected: str) -> None:
    config = write(tmp_path, f"# réglages\n\n{line}\n")
    assert message(config) == f"{config}:3: {expected}"


def test_value_not_among_the_choices(tmp_path: Path) -> None:
    config = write(tmp_path, "text_size = 7\n")
    allowed = ", ".join(str(c) for c in BY_NAME["text_size"].choices)
    assert message(config) == (f"{config}:1: « text_size » doit être l'une de ces valeurs : "
                               f"{allowed}.")


def test_bad_toml_names_the_line(tmp_path: Path) -> None:
    config = write(tmp_path, "language = \"fr\"\nidle_timeout = \n")
    assert message(config) == (
        f"{config}:2: ce fichier de réglages est mal écrit à la ligne 2 « idle_timeout = » : "
        "la valeur n'est pas comprise : un texte s'écrit entre guillemets droits "
        "(\"comme ceci\"), un nombre sans guillemets, oui/non s'écrit true ou false. "
        "(Détail : Invalid value (at line 2, column 16).)")


@pytest.mark.parametrize(("text", "line", "hint"), [
    ('language = "fr"\nlanguage = "en"\n', 2, "ce réglage est écrit deux fois"),
    ('language = "fr\n', 1, "un guillemet n'est pas refermé"),
    ('# réglages\n\ndisabled_flows = ["a",\n', 3, "la valeur n'est pas comprise"),
    ("idle_timeout = 90 120\n", 1, "une seule valeur par ligne"),
    ("langue fr\n", 1, "chaque ligne doit être « nom = valeur »"),
])
def test_bad_toml_names_the_line_and_what_to_do(tmp_path: Path, text: str, line: int,
                                                hint: str) -> None:
    config = write(tmp_path, text)
    shown = text.splitlines()[line - 1].strip()
    assert message(config).startswith(
        f"{config}:{line}: ce fichier de réglages est mal écrit à la ligne {line} "
        f"« {shown} » : {hint}")


def test_a_section_title_names_its_line(tmp_path: Path) -> None:
    config = write(tmp_path, 'language = "fr"\n\n[borne]\nidle_timeout = 90\n')
    assert message(config) == (f"{config}:3: la section « [borne] » n'existe pas : les "
                               "réglages s'écrivent « nom = valeur », sans titre entre crochets.")


def test_settings_file_not_in_utf8(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_bytes("site_help_message = \"Un conseiller arrive à l'accueil\"\n"
                       .encode("latin-1"))
    assert message(config) == f"{config}: le fichier n'est pas en UTF-8."


def test_cli_reports_settings_errors_and_stops(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    config = write(tmp_path, "idle_timeout = 5\n")
    assert main(["validate", "--config", str(config)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"Réglages : {config}:1: « idle_timeout » doit être au moins 20.\n"
