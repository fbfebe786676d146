"""Saving one step reads and writes that step's lines alone (OneStep): the text it gives must
be the one the whole-flow reader and writer (FlowDocument) give for the same edit, for every
bundled flow, and it must keep every other line as it is. No database here."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from conftest import REPO

from kiosk.studio.document import FlowDocument, OneStep
from kiosk.studio.editor.forms import StepForm

FILES = sorted((REPO / "config" / "flows").glob("*.yaml")) + [REPO / "tests" / "flows" /
                                                                "complet.yaml"]
EDITS = {
    "title with a colon and a hash": {"titre__fr": "Un titre : avec deux-points # et dièse"},
    "warning on two lines, in two languages": {"attention__fr": "Attention\nsur deux lignes",
                                                "attention__en": "Careful"},
    "text emptied, quotes spoken": {"texte__fr": "", "a_dire__fr": "'un' \"deux\""},
    "a mark on a picture": {"image": "images/toucher.png", "repere_forme": "cercle",
                            "repere_x": "10.5", "repere_y": "20", "repere_largeur": "5",
                            "repere_hauteur": "5"},
}


def _posted(document: FlowDocument, step_id: str, languages: list[str], edit: dict) -> dict:
    _index, step = document.step(step_id)
    form = StepForm(document, step, languages)
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = [str(v) for v in value] if isinstance(value, list) else (
            "" if value is None else str(value))
    data.update({k: v for k, v in edit.items() if k in form.fields})
    return data


def _saved(document: FlowDocument, step_id: str, languages: list[str], data: dict) -> str:
    _index, step = document.step(step_id)
    form = StepForm(document, step, languages, data)
    assert form.is_valid(), form.errors
    assert form.apply() == step_id
    return document.dump()


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_one_step_saved_alone_gives_the_whole_flows_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    whole = FlowDocument.parse(text)
    ids = whole.step_ids()
    languages = whole.languages() + (["en"] if "en" not in whole.languages() else [])
    for number, step_id in enumerate(dict.fromkeys([ids[0], ids[len(ids) // 2], ids[-1]])):
        name, edit = sorted(EDITS.items())[(number + len(ids)) % len(EDITS)]
        alone = OneStep.open(text, step_id)
        assert alone is not None, step_id
        assert alone.step_ids() == ids and alone.languages() == whole.languages()
        assert alone.title == whole.title and alone.dump() == text  # unchanged: same text
        data = _posted(whole, step_id, languages, edit)
        expected = _saved(FlowDocument(copy.deepcopy(whole.data), whole.indent, whole.offset),
                          step_id, languages, data)
        assert expected != text, (step_id, name)  # the edit changed something
        assert _saved(alone, step_id, languages, data) == expected, (step_id, name)


def test_every_step_of_every_bundled_flow_reads_alone() -> None:
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        for step_id in FlowDocument.read_only(text).step_ids():
            alone = OneStep.open(text, step_id)
            assert alone is not None and alone.dump() == text, (path.name, step_id)


@pytest.mark.parametrize(("text", "step_id"), [
    ("id: x\netapes:\n  - id: a\n    type: fin\n", "b"),  # no such step
    ("id: x\netapes:\n  - id: a\n    type: fin\n  - id: a\n    type: fin\n", "a"),  # twice
    ("id: x\netapes:\n  -\n    id: a\n    type: fin\n", "a"),  # « - » alone on its line
    ("id: x\netapes: [{id: a, type: fin}]\n", "a"),  # written on one line
    ("id: x\netapes:\n  - id: a\n    type: fin", "a"),  # no end of line at the end
    ("id: x\netapes:\n  - id: a\n    type: !!python/name:os.system fin\n", "a"),  # refused
])
def test_a_step_that_cannot_be_read_alone_exactly_is_left_to_the_whole_reader(  # type: ignore[no-untyped-def]
        text, step_id):
    assert OneStep.open(text, step_id) is None


def test_the_last_step_ends_where_the_next_field_of_the_flow_begins() -> None:
    text = ("id: x\ntitre: X\netapes:\n  - id: a\n    type: information\n    titre: A\n"
            "    texte: Un.\n  - id: b\n    type: fin\n    titre: B\n    texte: Fin.\n\n"
            "# la suite du parcours\nniveau: débutant\n")
    whole = FlowDocument.parse(text)
    data = _posted(whole, "b", ["fr"], {"titre__fr": "Bravo", "attention__fr": "Voilà."})
    alone = OneStep.open(text, "b")
    assert alone is not None and alone.after == "niveau: débutant\n"
    assert _saved(alone, "b", ["fr"], data) == _saved(whole, "b", ["fr"], data)
    assert alone.dump().endswith("    attention: Voilà.\n\n# la suite du parcours\n"
                                 "niveau: débutant\n")


def test_a_step_cannot_be_renamed_alone() -> None:
    text = (REPO / "tests" / "flows" / "complet.yaml").read_text(encoding="utf-8")
    alone = OneStep.open(text, "adresse")
    assert alone is not None
    with pytest.raises(RuntimeError):
        alone.rename_step("adresse", "autre")
