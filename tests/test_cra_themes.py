"""CRA v2 themes: bundled flows use them; older names are read, mapped, and flagged."""

from __future__ import annotations

from pathlib import Path

from kiosk.flows.loader import load_flows
from kiosk.flows.vocabulary import OLD_THEMES, THEMES, current_theme, theme_label
from kiosk.usage.events import check_themes

ROOT = Path(__file__).resolve().parent.parent

FLOW = """id: ancien-theme
titre: Essai
description: Un essai.
themes: [{themes}]
niveau: débutant
duree: 5
pictogramme: pictos/parcours.png
etapes:
  - id: fin
    type: fin
    titre: Bravo
    texte: Fini.
    resultat: reussite
"""


def test_the_issue_list_is_exactly_the_vocabulary() -> None:
    assert len(THEMES) == 30 and len(set(THEMES)) == 30
    assert "réseaux sociaux communication" in THEMES and "associations" in THEMES
    assert all(new in THEMES for new in OLD_THEMES.values())
    assert not set(OLD_THEMES) & set(THEMES)


def test_bundled_flows_use_only_current_themes() -> None:
    flows = load_flows(ROOT / "config" / "flows", ROOT / "assets")
    assert not [p for p in flows.problems if p.field == "themes"]
    for flow in flows.flows.values():
        assert flow.themes and all(t in THEMES for t in flow.themes), flow.id


def test_old_theme_is_mapped_and_validate_suggests_the_new_name(tmp_path: Path) -> None:
    (tmp_path / "f.yaml").write_text(
        FLOW.format(themes="social/santé, prévention en sécurité numérique"), encoding="utf-8")
    result = load_flows(tmp_path, ROOT / "assets")
    flow = result.flows["ancien-theme"]
    assert flow.themes == ("social / santé", "sécurité numérique")
    messages = [p.message for p in result.problems if p.field == "themes"]
    assert messages == [
        "« social/santé » est l'ancien nom de ce thème du CRA : écrivez « social / santé ».",
        "« prévention en sécurité numérique » est l'ancien nom de ce thème du CRA : écrivez "
        "« sécurité numérique ».",
    ]
    assert all(not p.is_error for p in result.problems if p.field == "themes")


def test_unknown_theme_suggests_a_current_one(tmp_path: Path) -> None:
    (tmp_path / "f.yaml").write_text(FLOW.format(themes="sécurité numériqe"), encoding="utf-8")
    result = load_flows(tmp_path, ROOT / "assets")
    [problem] = [p for p in result.problems if p.field == "themes"]
    assert problem.is_error and "« sécurité numérique »" in problem.message


def test_recorded_old_themes_are_counted_under_the_new_name() -> None:
    assert check_themes(["social/santé", "e-mail"]) == ("social / santé", "e-mail")
    assert current_theme("loisirs") == "loisirs / sports / culture"
    assert theme_label("papiers / élections / citoyenneté") == "Papiers - Élections - Citoyenneté"
    assert theme_label("e-mail") == "E-mail"
