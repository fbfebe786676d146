"""The place's visio-interpretation service (interpreting_name, _phone, _web): typed like
every setting, refused with the file, the line and a French message."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.settings import SettingsError, load_settings


def write(folder: Path, text: str) -> Path:
    path = folder / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_none_by_default(tmp_path):
    settings = load_settings(write(tmp_path, "# rien\n"))
    assert (settings.interpreting_name, settings.interpreting_phone,
            settings.interpreting_web) == ("", "", "")


@pytest.mark.parametrize("reach", [
    'interpreting_phone = "01 23 45 67 89"',
    'interpreting_phone = "+33 (0)1 23.45.67-89"',
    'interpreting_web = "https://www.acce-o.fr/visio"',
    'interpreting_phone = "3919"\ninterpreting_web = "https://elioz.fr"',
])
def test_a_service_with_a_way_to_reach_it(tmp_path, reach):
    settings = load_settings(write(tmp_path, f'interpreting_name = "Acceo"\n{reach}\n'))
    assert settings.interpreting_name == "Acceo"


@pytest.mark.parametrize("text, line, words", [
    ('interpreting_name = "Acceo"\n', 1,
     "« interpreting_name » est donné sans moyen de joindre le service"),
    ('\ninterpreting_phone = "01 23 45 67 89"\n', 2,
     "« interpreting_phone » est donné sans le nom du service"),
    ('interpreting_name = "Acceo"\ninterpreting_phone = "appelez-nous"\n', 2,
     "« interpreting_phone » doit être un numéro de téléphone"),
    ('interpreting_name = "Acceo"\ninterpreting_phone = "12"\n', 2,
     "doit être un numéro de téléphone"),
    ('interpreting_name = "Acceo"\ninterpreting_phone = "0123456789012345678"\n', 2,
     "doit être un numéro de téléphone"),
    ('interpreting_name = "Acceo"\ninterpreting_web = "http://acce-o.fr"\n', 2,
     "commence par https://"),
    ('interpreting_name = "Acceo"\ninterpreting_web = "javascript:alert(1)"\n', 2,
     "commence par https://"),
    ('interpreting_name = "Acceo"\ninterpreting_web = "https://accéo.fr"\n', 2,
     "une lettre qui peut imiter une lettre ordinaire"),
    ('interpreting_name = "Acceo"\ninterpreting_web = "https://localhost"\n', 2,
     "doit finir par un domaine"),
    ('interpreting_name = "' + "A" * 61 + '"\ninterpreting_phone = "3919"\n', 1,
     "est trop long (61 caractères, 60 au plus)"),
    ('interpreting_name = "Acc\u200beo"\ninterpreting_phone = "3919"\n', 1,
     "caractère invisible"),
    ("interpreting_phone = 123456789\n", 1, "doit être un texte entre guillemets"),
])
def test_refused_with_file_line_and_reason(tmp_path, text, line, words):
    config = write(tmp_path, text)
    with pytest.raises(SettingsError) as caught:
        load_settings(config)
    assert str(caught.value).startswith(f"{config}:{line}: ")
    assert words in str(caught.value)
