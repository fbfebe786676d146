"""The kiosk's journal: records reach stderr and the rotating file with nothing personal, and
``kiosk doctor`` shows the last errors and a real restart loop (5 real failed starts)."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.doctor import Status, check_journal
from kiosk.logs import LOG_FILE, LOG_FOLDER, mask, setup

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def restore_logging():  # type: ignore[no-untyped-def]
    root = logging.getLogger()
    handlers, level, hook = list(root.handlers), root.level, sys.excepthook
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    sys.excepthook = hook
    logging.captureWarnings(False)


def test_personal_data_is_masked_in_both_places(tmp_path: Path, restore_logging: None) -> None:
    stream = io.StringIO()
    path = setup(tmp_path, stream=stream)
    assert path == tmp_path / LOG_FOLDER / LOG_FILE
    log = logging.getLogger("kiosk.essai")
    log.warning("typed %s then %s, code %s", "marie.dupont@exemple.fr", "06 12 34 56 78", "482913")
    try:
        raise ValueError("bad address jean@mail.fr")
    except ValueError:
        log.exception("failed")
    expected = "typed [masqué] then [masqué], code [masqué]"
    assert f"WARNING kiosk.essai: {expected}\n" in stream.getvalue()
    text = path.read_text(encoding="utf-8")
    assert f"WARNING kiosk.essai: {expected}\n" in text
    assert "ValueError: bad address [masqué]" in text
    for secret in ("marie.dupont", "06 12", "482913", "jean@"):
        assert secret not in text and secret not in stream.getvalue()
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"


def test_mask_keeps_ordinary_words() -> None:
    assert mask("étape 12 sur 15, fichier flows/ameli.yaml line 1234") == \
        "étape 12 sur 15, fichier flows/ameli.yaml line 1234"


def test_doctor_sees_a_real_restart_loop_and_the_last_error(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    (tmp_path / "parcours").mkdir()  # no flow: every start fails, as in a restart loop
    config = tmp_path / "kiosk.toml"
    config.write_text(f'flows_dir = "parcours"\nassets_dir = "{REPO / "assets"}"\n'
                      'data_dir = "data"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    for _ in range(5):
        done = subprocess.run([sys.executable, "-m", "kiosk", "run", "--config", str(config)],
                              env=env, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 1
        assert "ERROR kiosk: no valid flow in" in done.stderr  # the journal (stderr) has it
    check = check_journal(tmp_path / "data", datetime.now())
    assert check.status is Status.PROBLEM
    assert check.message.startswith("la borne a démarré 5 fois en 10 minutes : elle redémarre "
                                    "en boucle. Dernières erreurs : ")
    assert f"no valid flow in {tmp_path / 'parcours'}: the kiosk cannot start." in check.message
    assert main(["doctor", "--config", str(config), "--sans-voix"]) == 1
    assert "Problème  Journal : la borne a démarré 5 fois" in capsys.readouterr().out
