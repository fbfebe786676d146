"""The four YAML mistakes a counsellor made while writing a flow by hand (issue 18), each
reported at its line with what to do, instead of a misleading message or none at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.flows import yamlnodes
from kiosk.flows.loader import load_flow_text

REPO = Path(__file__).resolve().parent.parent
COMPLETE = (REPO / "tests" / "flows" / "complet.yaml").read_text(encoding="utf-8")
ASSETS = REPO / "tests" / "assets"


def load(text: str):  # type: ignore[no-untyped-def]
    assert text != COMPLETE, "the replacement did not apply"
    return load_flow_text(text.encode(), Path("essai.yaml"), ASSETS)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


@pytest.fixture(params=["fast", "slow"])
def reader(request, monkeypatch):  # type: ignore[no-untyped-def]
    """Both YAML readers (libyaml, and PyYAML's own when libyaml is missing)."""
    if request.param == "slow":
        monkeypatch.setattr(yamlnodes, "_FAST_LOADER", None)
    return request.param


def test_colon_in_a_list_item_says_to_quote_it(reader) -> None:  # type: ignore[no-untyped-def]
    text = COMPLETE.replace("      - Votre mot de passe\n",
                            "      - Votre agenda: le rendez-vous\n")
    flow, problems = load(text)
    errors = [p for p in problems if p.is_error]
    assert flow is None and len(errors) == 1
    assert errors[0].line == line_of(text, "Votre agenda")
    assert "« Votre agenda: … » contient un deux-points" in errors[0].message
    assert "entre guillemets" in errors[0].message and "langue inconnue" not in errors[0].message


def test_a_mistyped_language_code_is_still_an_unknown_language(reader) -> None:  # type: ignore[no-untyped-def]
    text = COMPLETE.replace("      en: Welcome\n", "      EN: Welcome\n", 1)
    _flow, problems = load(text)
    assert any("langue inconnue « EN »" in p.message for p in problems)


def test_over_indented_field_swallowed_by_a_text_block(reader) -> None:  # type: ignore[no-untyped-def]
    text = COMPLETE.replace(
        "    texte: Le site va s'ouvrir.\n    adresse: https://www.laposte.net/messagerie\n",
        "    texte: |\n      Le site va s'ouvrir.\n      adresse: https://www.laposte.net/messagerie\n")
    flow, problems = load(text)
    errors = [p for p in problems if p.is_error]
    assert flow is None and len(errors) == 1
    assert errors[0].line == line_of(text, "      adresse: https")
    assert errors[0].field == "adresse"
    assert "est lue comme du texte de « texte »" in errors[0].message
    assert "Alignez « adresse: » sous « texte: »" in errors[0].message


def test_missing_dash_before_a_step_says_the_dash_is_missing(reader) -> None:  # type: ignore[no-untyped-def]
    text = COMPLETE.replace("  - id: preparer\n", "    id: preparer\n")
    flow, problems = load(text)
    assert flow is None and len(problems) == 1
    assert problems[0].line == line_of(text, "    id: preparer")
    assert "il manque le tiret" in problems[0].message
    assert "« - id: ... »" in problems[0].message


def test_a_field_written_twice_elsewhere_keeps_its_message(reader) -> None:  # type: ignore[no-untyped-def]
    text = COMPLETE.replace("    type: liste\n", "    type: liste\n    titre: Encore\n")
    _flow, problems = load(text)
    assert [p.message for p in problems] == ["écriture YAML incorrecte : le champ « titre » "
                                             "est écrit deux fois."] or \
        [p.message for p in problems] == ["le champ « titre » est écrit deux fois."]


def test_hash_in_a_text_is_reported_not_silently_cut(reader) -> None:  # type: ignore[no-untyped-def]
    text = COMPLETE.replace("texte: Tapez l'adresse de l'exemple.",
                            "texte: Tapez # pour valider.")
    flow, problems = load(text)
    assert flow is not None  # the flow still works, with the text cut: a warning
    cut = [p for p in problems if "s'arrête avant « # »" in p.message]
    assert len(cut) == 1 and not cut[0].is_error
    assert cut[0].line == line_of(text, "Tapez # pour")
    assert cut[0].field == "texte"
    assert "entre guillemets" in cut[0].message


def test_quoted_hash_and_line_comments_give_no_warning(reader) -> None:  # type: ignore[no-untyped-def]
    text = COMPLETE.replace("texte: Tapez l'adresse de l'exemple.",
                            "texte: \"Tapez # pour valider.\"  # un commentaire")
    flow, problems = load(text)
    assert flow is not None
    assert not [p for p in problems if "« # »" in p.message]
    assert flow.step("essai-adresse").text.fr == "Tapez # pour valider."


def test_bundled_flows_have_no_cut_text(flows_dir: Path, assets_dir: Path) -> None:
    for path in sorted(flows_dir.glob("*.yaml")):
        _flow, problems = load_flow_text(path.read_bytes(), path, assets_dir)
        assert not [p for p in problems if "« # »" in p.message], path
