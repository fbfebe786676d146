"""The validator knows the fit limits (issue 15): a step that cannot fit a 10-inch tablet in
large text, even in pages, is an error naming its file and line (no window needed).

That these limits are the kiosk's own (a step at a limit shows everything on the real screen,
a step just over it does not) is proved by rendering, in ``test_ui_fit_validator.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flowfixtures import MINIMAL, make_assets, with_steps

from kiosk.cli import main
from kiosk.flows import fit
from kiosk.flows.loader import load_flow_text, load_flows
from kiosk.flows.problems import Problem

REPO = Path(__file__).resolve().parent.parent
ANSWERS = [f"{start}, je l'ai avec moi dans mon sac ou dans la poche de ma veste"
           for start in ("Oui", "Non", "Je ne sais pas", "Plus tard")]
"""Four answers (the most a question has), long enough not to fit together."""
ITEMS = [f"{item}, rangé dans une pochette avec vos autres papiers importants" for item in (
    "Votre carte Vitale", "Votre RIB", "Votre code postal", "Votre adresse e-mail",
    "Votre téléphone", "Votre mot de passe", "Votre avis d'impôt", "Votre livret de famille",
    "Votre carte d'identité", "Votre numéro fiscal")]
"""Ten lines (the most a list has), long enough not to fit three pages."""
TWELVE = ["Votre carte Vitale", "Votre RIB", "Votre code postal", "Votre adresse e-mail",
         "Votre téléphone", "Votre mot de passe", "Votre avis d'impôt", "Votre livret de famille",
         "Votre carte d'identité", "Votre numéro fiscal", "Votre justificatif de domicile",
         "Votre numéro d'allocataire"]


def question(answers: list[str], title: str = "Avez-vous votre carte ?",
             english: list[str] | None = None) -> str:
    lines = ["  - id: q", "    type: question", f"    titre: {title}", "    reponses:"]
    for number, answer in enumerate(answers):
        if english is None:
            lines.append(f"      - texte: {answer}")
        else:
            lines += ["      - texte:", f"          fr: {answer}",
                      f"          en: {english[number]}"]
        lines.append("        aller_a: fin")
    lines += ["  - id: fin", "    type: fin", "    titre: Fin", "    texte: Au revoir.", ""]
    return with_steps("\n".join(lines))


def checklist(items: list[str], title: str = "Préparez ces choses") -> str:
    lines = ["  - id: liste", "    type: liste", f"    titre: {title}", "    elements:"]
    lines += [f"      - {item}" for item in items]
    lines += ["  - id: fin", "    type: fin", "    titre: Fin", "    texte: Au revoir.", ""]
    return with_steps("\n".join(lines))


def fit_errors(text: str, tmp_path: Path) -> list[Problem]:
    assets = tmp_path / "assets"
    if not assets.exists():
        make_assets(tmp_path)
    _flow, problems = load_flow_text(text.encode(), Path("essai.yaml"), assets)
    return [p for p in problems if p.is_error]


def line_of(text: str, start: str, after: int = 0) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1)
                if n > after and line.strip().startswith(start))


def test_every_bundled_flow_fits() -> None:
    flowset = load_flows(REPO / "config" / "flows", REPO / "assets")
    assert len(flowset.flows) >= 14
    for flow in flowset.flows.values():
        assert fit.fit_problems(flow) == [], flow.id


def test_too_many_answers_names_file_line_and_how_many_to_keep(tmp_path: Path) -> None:
    screen = fit.STEP_AREAS[0]
    most = fit.most_that_fit("Avez-vous votre carte ?", ANSWERS, fit.ANSWERS, screen)
    assert 2 <= most < len(ANSWERS)
    text = question(ANSWERS)
    errors = fit_errors(text, tmp_path)
    assert [(p.path.name, p.line, p.field) for p in errors] == [
        ("essai.yaml", line_of(text, "reponses:"), "reponses")]
    assert errors[0].message == (
        "Cette question a trop de réponses pour une tablette 10 pouces en grand texte "
        f"(étape « q ») : gardez-en {most} au plus, ou raccourcissez-les.")
    assert fit_errors(question(ANSWERS[:most]), tmp_path) == []  # the limit is exact
    short = ["Oui", "Non", "Je ne sais pas", "Plus tard"]
    assert fit_errors(question(short), tmp_path) == []  # short answers: four fit


def test_a_list_of_twelve_lines_is_refused(tmp_path: Path) -> None:
    text = checklist(TWELVE)
    errors = fit_errors(text, tmp_path)
    assert [(p.line, p.field, p.message) for p in errors] == [
        (line_of(text, "elements:"), "elements", "étape « liste » : « elements » doit avoir "
         "entre 1 et 10 éléments (il y en a 12).")]


def test_a_list_too_long_even_on_three_pages(tmp_path: Path) -> None:
    text = checklist(ITEMS)
    errors = fit_errors(text, tmp_path)
    assert [(p.line, p.field) for p in errors] == [(line_of(text, "elements:"), "elements")]
    assert errors[0].message.startswith(
        "Cette liste a trop de lignes pour une tablette 10 pouces en grand texte (étape "
        "« liste ») : même sur 3 pages, gardez-en ")
    most = fit.most_that_fit("Préparez ces choses", ITEMS, fit.ITEMS, fit.STEP_AREAS[0],
                             fit.MAX_LIST_PAGES)
    assert f"gardez-en {most} au plus" in errors[0].message and 3 <= most < len(ITEMS)
    assert fit_errors(checklist(ITEMS[:most]), tmp_path) == []


def test_an_answer_too_long_for_its_button(tmp_path: Path) -> None:
    word = "Anticonstitutionnellement-anticonstitutionnellement"
    text = question(["Oui", word])
    errors = fit_errors(text, tmp_path)
    assert [(p.line, p.field) for p in errors] == [(line_of(text, "reponses:"), "reponses")]
    assert errors[0].message == (
        "étape « q » : la réponse n°2 a un mot trop long pour son bouton sur une tablette "
        f"10 pouces tenue debout, en grand texte : « {word} ». Coupez-le ou raccourcissez-le.")


def test_a_title_too_long_for_the_screen(tmp_path: Path) -> None:
    title = ("Vérifiez bien que vous avez avec vous votre carte Vitale, votre carte "
             "d'identité, votre téléphone portable chargé et votre relevé d'identité bancaire "
             "avant de commencer la démarche en ligne sur le site")
    text = question(["Oui", "Non"], title=title)
    errors = fit_errors(text, tmp_path)
    assert (line_of(text, "titre:", line_of(text, "- id: q")), "titre") in [
        (p.line, p.field) for p in errors]
    assert any(p.message.startswith("étape « q » : le titre est trop long pour l'écran d'une "
                                    "tablette 10 pouces") for p in errors)
    word = "Vérifiez-votre-carte-Vitale-et-votre-carte-d'identité"
    errors = fit_errors(question(["Oui", "Non"], title=word), tmp_path)
    assert any("le titre a un mot trop long" in p.message and word in p.message
               for p in errors)


def test_a_translation_too_long_is_named(tmp_path: Path) -> None:
    english = ["Yes", "Nooooooooooooooooooooooooooooooooooooooooooooooo"]
    errors = fit_errors(question(["Oui", "Non"], english=english), tmp_path)
    assert len(errors) == 1 and errors[0].message.startswith(
        "étape « q » [en] : la réponse n°2 a un mot trop long pour son bouton")


def test_kiosk_validate_prints_the_fit_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    make_assets(tmp_path)
    (tmp_path / "parcours").mkdir()
    (tmp_path / "parcours" / "bon.yaml").write_text(MINIMAL, encoding="utf-8")
    text = checklist(ITEMS)
    (tmp_path / "parcours" / "liste.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "kiosk.toml").write_text('flows_dir = "parcours"\nassets_dir = "assets"\n',
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["validate", "--config", "kiosk.toml"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert any(line.startswith(f"parcours/liste.yaml:{line_of(text, 'elements:')}: erreur : "
                               "Cette liste a trop de lignes pour une tablette 10 pouces")
               for line in out), out
