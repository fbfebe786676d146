"""``kiosk validate``: one line per problem, a summary, and the exit code a script can use."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from flowfixtures import BROKEN, MINIMAL, make_assets

from kiosk.cli import main
from kiosk.commands.validate import COVERAGE_TITLE
from kiosk.flows.loader import load_flows
from kiosk.i18n import languages

JARGON_LINE = ("parcours/conseils.yaml:12: avertissement : étape « debut », « texte » : "
               "« login » est un mot difficile : écrivez plutôt « identifiant ».")
TAB_LINE = ("parcours/tabulation.yaml:11: erreur : écriture YAML incorrecte : une tabulation "
            "est utilisée : mettez des espaces à la place.")


@pytest.fixture
def kiosk_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A kiosk folder: settings, tiny assets, and a flows folder with one good flow."""
    make_assets(tmp_path)
    (tmp_path / "parcours").mkdir()
    (tmp_path / "parcours" / "bon.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "kiosk.toml").write_text('flows_dir = "parcours"\nassets_dir = "assets"\n',
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def add(kiosk_dir: Path, broken: str, name: str) -> None:
    shutil.copy(BROKEN / f"{broken}.yaml", kiosk_dir / "parcours" / f"{name}.yaml")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """The exit code and the lines printed, less the languages' block (checked apart)."""
    code = main(["validate", "--config", "kiosk.toml", *args])
    captured = capsys.readouterr()
    assert captured.err == ""
    return code, [line for line in captured.out.splitlines()
                  if line != COVERAGE_TITLE and not line.startswith("  ")]


def coverage_of(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """Each flow's line of the languages' block, by flow id."""
    main(["validate", "--config", "kiosk.toml"])
    lines = capsys.readouterr().out.splitlines()
    start = lines.index(COVERAGE_TITLE)
    found = {}
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        flow_id, _colon, figures = line.strip().partition(" : ")
        found[flow_id] = figures
    return found


def test_coverage_per_language(kiosk_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each flow's share of texts written in each language the kiosk offers."""
    offered = languages()
    assert {"fr", "en", "ar", "uk"} <= set(offered)
    nothing = ", ".join(f"{code} {100 if code == 'fr' else 0} %" for code in offered)
    assert coverage_of(capsys) == {"essai": nothing}
    # Only the flow's title in Arabic: one text of six (title, description, two steps'
    # titles and texts), 16 % rounded down.
    flow = load_flows([kiosk_dir / "parcours"], kiosk_dir / "assets").flows["essai"]
    texts = len(flow.texts)
    (kiosk_dir / "parcours" / "bon.yaml").write_text(
        MINIMAL.replace("titre: Essai", "titre:\n  fr: Essai\n  ar: تجربة"), encoding="utf-8")
    figures = coverage_of(capsys)["essai"]
    assert texts == 6
    assert figures.startswith("fr 100 %, ar 16 %, en 0 %,") and figures.endswith("uk 0 %")


def test_all_good(kiosk_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys) == (0, ["1 parcours valable, 1 fichier lu, 0 erreur, "
                               "0 avertissement."])


def test_warnings_only_still_succeed(kiosk_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (kiosk_dir / "parcours" / "conseils.yaml").write_text(
        MINIMAL.replace("id: essai", "id: conseils")
               .replace("texte: Bonjour.", "texte: Tapez votre login."), encoding="utf-8")
    assert run(capsys) == (0, [JARGON_LINE, "2 parcours valables, 2 fichiers lus, 0 erreur, "
                                            "1 avertissement."])


def test_strict_turns_warnings_into_errors(kiosk_dir: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (kiosk_dir / "parcours" / "conseils.yaml").write_text(
        MINIMAL.replace("id: essai", "id: conseils")
               .replace("texte: Bonjour.", "texte: Tapez votre login."), encoding="utf-8")
    code, lines = run(capsys, "--strict")
    assert code == 1
    assert lines == [JARGON_LINE.replace(": avertissement :", ": erreur :"),
                     "2 parcours valables, 2 fichiers lus, 1 erreur, 0 avertissement."]


def test_errors_fail_and_good_flows_still_count(kiosk_dir: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    add(kiosk_dir, "yaml-tabulation", "tabulation")
    add(kiosk_dir, "boucle-sans-fin", "zz-boucle")
    code, lines = run(capsys)
    assert code == 1
    assert lines == [
        TAB_LINE,
        "parcours/zz-boucle.yaml:17: erreur : étape « tour-un » : depuis cette étape, on ne "
        "peut jamais arriver à une fin (impasse ou boucle sans sortie).",
        "parcours/zz-boucle.yaml:21: erreur : étape « tour-deux » : depuis cette étape, on ne "
        "peut jamais arriver à une fin (impasse ou boucle sans sortie).",
        "1 parcours valable, 3 fichiers lus, 3 erreurs, 0 avertissement.",
    ]


def test_paths_given_replace_the_flows_folder(kiosk_dir: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    add(kiosk_dir, "yaml-tabulation", "tabulation")
    code, lines = run(capsys, "parcours/bon.yaml")
    assert (code, lines) == (0, ["1 parcours valable, 1 fichier lu, 0 erreur, "
                                 "0 avertissement."])
    code, lines = run(capsys, "parcours/tabulation.yaml", "absent.yaml")
    assert code == 1
    assert lines == ["absent.yaml:0: erreur : fichier ou dossier introuvable.", TAB_LINE,
                     "0 parcours valable, 1 fichier lu, 2 erreurs, 0 avertissement."]


def test_same_id_in_two_files(kiosk_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (kiosk_dir / "parcours" / "copie.yaml").write_text(MINIMAL, encoding="utf-8")
    code, lines = run(capsys)
    assert code == 1
    assert lines == [
        "parcours/copie.yaml:1: erreur : l'identifiant de parcours « essai » est déjà utilisé "
        "par bon.yaml : changez l'un des deux.",
        "1 parcours valable, 2 fichiers lus, 1 erreur, 0 avertissement.",
    ]


def test_real_command_in_a_subprocess(kiosk_dir: Path) -> None:
    add(kiosk_dir, "yaml-tabulation", "tabulation")
    done = subprocess.run([sys.executable, "-m", "kiosk", "validate", "--config", "kiosk.toml"],
                          cwd=kiosk_dir, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 1
    assert done.stderr == ""
    assert done.stdout.splitlines() == [
        TAB_LINE, COVERAGE_TITLE, "  essai : " + ", ".join(
            f"{code} {100 if code == 'fr' else 0} %" for code in languages()),
        "1 parcours valable, 2 fichiers lus, 1 erreur, 0 avertissement."]
    console = Path(sys.executable).with_name("kiosk")
    if console.exists():
        done = subprocess.run([str(console), "validate", "--config", "kiosk.toml",
                               "parcours/bon.yaml"], cwd=kiosk_dir, capture_output=True,
                              text=True, timeout=120, check=False)
        assert done.returncode == 0
        assert done.stdout.splitlines()[-1] == \
            "1 parcours valable, 1 fichier lu, 0 erreur, 0 avertissement."
