"""The guided procedures shipped in config/flows: they load cleanly and every path is known.

Each flow is walked along every path with the real engine; the expected step sequences are
written below by hand, so that any change to a bundled flow must be reflected here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.flows.engine import Walker
from kiosk.flows.loader import FlowSet, load_flows
from kiosk.flows.model import EndOutcome, Flow, PracticeCheck, StepKind, Text
from kiosk.practice.checks import check_password

REPO = Path(__file__).resolve().parent.parent
FLOWS_DIR = REPO / "config" / "flows"
ASSETS_DIR = REPO / "assets"

MIN_FLOWS = 13
BILINGUAL = ("creer-adresse-email", "franceconnect", "compte-ameli", "appel-video-whatsapp",
             "caf-declaration-trimestrielle", "declarer-revenus")
# Written in full in Arabic and Ukrainian as well (issue 19: the six most used procedures).
IN_ARABIC_AND_UKRAINIAN = ("creer-adresse-email", "franceconnect", "compte-ameli",
                           "caf-declaration-trimestrielle", "declarer-revenus",
                           "appel-video-whatsapp")

# flow id -> [(answer index at each question met, step ids visited, space-separated)]
EXPECTED_PATHS: dict[str, list[tuple[tuple[int, ...], str]]] = {
    "actualisation-france-travail": [
        ((0, 0), "bienvenue quand a-preparer identifiants site actualiser travail heures "
                 "confirmer fin-bravo"),
        ((0, 1), "bienvenue quand a-preparer identifiants site actualiser travail pas-travaille "
                 "confirmer fin-bravo"),
        ((0, 2), "bienvenue quand a-preparer identifiants site actualiser travail aide-reponses "
                 "fin-conseiller"),
        ((1, 0), "bienvenue quand a-preparer identifiants identifiants-perdus site actualiser "
                 "travail heures confirmer fin-bravo"),
        ((1, 1), "bienvenue quand a-preparer identifiants identifiants-perdus site actualiser "
                 "travail pas-travaille confirmer fin-bravo"),
        ((1, 2), "bienvenue quand a-preparer identifiants identifiants-perdus site actualiser "
                 "travail aide-reponses fin-conseiller"),
    ],
    "appel-video-whatsapp": [
        ((0, 0), "bienvenue a-preparer installe ouvrir camera pendant reussi fin-bravo"),
        ((0, 1), "bienvenue a-preparer installe ouvrir camera pendant reussi pas-de-reponse "
                 "fin-plus-tard"),
        ((0, 2), "bienvenue a-preparer installe ouvrir camera pendant reussi aide-appel "
                 "fin-conseiller"),
        ((1, 0), "bienvenue a-preparer installe installer site exercice-code ouvrir camera "
                 "pendant reussi fin-bravo"),
        ((1, 1), "bienvenue a-preparer installe installer site exercice-code ouvrir camera "
                 "pendant reussi pas-de-reponse fin-plus-tard"),
        ((1, 2), "bienvenue a-preparer installe installer site exercice-code ouvrir camera "
                 "pendant reussi aide-appel fin-conseiller"),
    ],
    "caf-declaration-trimestrielle": [
        ((0, 0), "bienvenue identifiants a-preparer site exercice-numero declarer mois montants "
                 "valider fin-bravo"),
        ((0, 1), "bienvenue identifiants a-preparer site exercice-numero declarer mois montants "
                 "aide-montants fin-conseiller"),
        ((1, 0), "bienvenue identifiants mot-de-passe-perdu a-preparer site exercice-numero "
                 "declarer mois montants valider fin-bravo"),
        ((1, 1), "bienvenue identifiants mot-de-passe-perdu a-preparer site exercice-numero "
                 "declarer mois montants aide-montants fin-conseiller"),
        ((2,), "bienvenue identifiants aide-numero fin-conseiller"),
    ],
    "chercher-sur-internet": [
        ((0, 0), "bienvenue a-preparer ouvrir exercice-recherche resultats sujet site trouve "
                 "fin-bravo"),
        ((0, 1), "bienvenue a-preparer ouvrir exercice-recherche resultats sujet site trouve "
                 "aide-recherche fin-conseiller"),
        ((1, 0), "bienvenue a-preparer ouvrir exercice-recherche resultats sujet "
                 "verifier-source trouve fin-bravo"),
        ((1, 1), "bienvenue a-preparer ouvrir exercice-recherche resultats sujet "
                 "verifier-source trouve aide-recherche fin-conseiller"),
    ],
    "compte-ameli": [
        ((0, 0), "bienvenue carte a-preparer site numero verifier-identite exercice-adresse "
                 "exercice-mot-de-passe exercice-code reussi fin-bravo"),
        ((0, 1), "bienvenue carte a-preparer site numero verifier-identite exercice-adresse "
                 "exercice-mot-de-passe exercice-code reussi aide-creation fin-conseiller"),
        ((1,), "bienvenue carte aide-carte fin-conseiller"),
    ],
    "creer-adresse-email": [
        ((0, 0), "bienvenue c-est-quoi deja mot-de-passe-connu fin-deja"),
        ((0, 1), "bienvenue c-est-quoi deja mot-de-passe-connu aide-compte fin-conseiller"),
        ((1, 0), "bienvenue c-est-quoi deja a-preparer exercice-adresse site-service choisir-nom "
                 "exercice-mot-de-passe exercice-code reussi noter fin-bravo"),
        ((1, 1), "bienvenue c-est-quoi deja a-preparer exercice-adresse site-service choisir-nom "
                 "exercice-mot-de-passe exercice-code reussi aide-creation fin-conseiller"),
    ],
    "declarer-revenus": [
        ((0, 0), "bienvenue espace a-preparer site exercice-numero declarer montants signer "
                 "accuse fin-bravo"),
        ((0, 1), "bienvenue espace a-preparer site exercice-numero declarer montants corriger "
                 "signer accuse fin-bravo"),
        ((0, 2), "bienvenue espace a-preparer site exercice-numero declarer montants "
                 "aide-montants fin-conseiller"),
        ((1, 0), "bienvenue espace creer-espace a-preparer site exercice-numero declarer "
                 "montants signer accuse fin-bravo"),
        ((1, 1), "bienvenue espace creer-espace a-preparer site exercice-numero declarer "
                 "montants corriger signer accuse fin-bravo"),
        ((1, 2), "bienvenue espace creer-espace a-preparer site exercice-numero declarer "
                 "montants aide-montants fin-conseiller"),
    ],
    "ecran-tactile": [
        ((0, 0), "bienvenue toucher glisser agrandir gestes exercice-geste smartphone "
                 "bases exercice-code site atelier aide-atelier fin-conseiller"),
        ((0, 1), "bienvenue toucher glisser agrandir gestes exercice-geste smartphone "
                 "bases exercice-code site atelier fin-bravo"),
        ((1, 0), "bienvenue toucher glisser agrandir gestes exercice-geste smartphone site "
                 "atelier aide-atelier fin-conseiller"),
        ((1, 1), "bienvenue toucher glisser agrandir gestes exercice-geste smartphone site "
                 "atelier fin-bravo"),
    ],
    "envoyer-piece-jointe": [
        ((0, 0), "bienvenue a-preparer site nouveau-message exercice-destinataire objet appareil "
                 "joindre-telephone verifier envoye fin-bravo"),
        ((0, 1), "bienvenue a-preparer site nouveau-message exercice-destinataire objet appareil "
                 "joindre-telephone verifier envoye aide-envoi fin-conseiller"),
        ((1, 0), "bienvenue a-preparer site nouveau-message exercice-destinataire objet appareil "
                 "joindre-ordinateur verifier envoye fin-bravo"),
        ((1, 1), "bienvenue a-preparer site nouveau-message exercice-destinataire objet appareil "
                 "joindre-ordinateur verifier envoye aide-envoi fin-conseiller"),
    ],
    "franceconnect": [
        ((0, 0), "bienvenue comptes a-preparer site bouton choisir-compte identifiants "
                 "exercice-code continuer reussi fin-bravo"),
        ((0, 1), "bienvenue comptes a-preparer site bouton choisir-compte identifiants "
                 "exercice-code continuer reussi aide-connexion fin-conseiller"),
        ((1,), "bienvenue comptes aucun-compte aide-compte fin-conseiller"),
        ((2,), "bienvenue comptes aide-compte fin-conseiller"),
    ],
    "mon-espace-sante": [
        ((0,), "bienvenue deja deja-active fin-deja"),
        ((1, 0), "bienvenue deja a-preparer site identite exercice-code choisir reussi "
                 "fin-bravo"),
        ((1, 1), "bienvenue deja a-preparer site identite exercice-code choisir reussi "
                 "aide-activation fin-conseiller"),
        ((2, 0), "bienvenue deja a-preparer site identite exercice-code choisir reussi "
                 "fin-bravo"),
        ((2, 1), "bienvenue deja a-preparer site identite exercice-code choisir reussi "
                 "aide-activation fin-conseiller"),
    ],
    "pension-reversion": [
        ((0, 0), "bienvenue une-demande franceconnect a-preparer site remplir documents envoyer "
                 "fin-bravo"),
        ((0, 1), "bienvenue une-demande franceconnect a-preparer site remplir documents "
                 "aide-documents fin-conseiller"),
        ((1,), "bienvenue une-demande franceconnect sans-franceconnect aide-franceconnect "
               "fin-conseiller"),
    ],
    "reconnaitre-arnaque": [
        ((0, 0), "bienvenue signes regle exercice-reperer recu sms donne urgence "
                 "fin-conseiller"),
        ((0, 1), "bienvenue signes regle exercice-reperer recu sms donne site fin-bravo"),
        ((1, 0), "bienvenue signes regle exercice-reperer recu email donne urgence "
                 "fin-conseiller"),
        ((1, 1), "bienvenue signes regle exercice-reperer recu email donne site fin-bravo"),
        ((2,), "bienvenue signes regle exercice-reperer recu site fin-bravo"),
    ],
    "scolarite-educonnect": [
        ((0, 0), "bienvenue a-preparer site compte connexion ent reussi fin-bravo"),
        ((0, 1), "bienvenue a-preparer site compte connexion ent reussi aide-compte "
                 "fin-conseiller"),
        ((1, 0), "bienvenue a-preparer site compte creer exercice-code enfants connexion ent "
                 "reussi fin-bravo"),
        ((1, 1), "bienvenue a-preparer site compte creer exercice-code enfants connexion ent "
                 "reussi aide-compte fin-conseiller"),
    ],
}


@pytest.fixture(scope="module")
def bundled() -> FlowSet:
    return load_flows(FLOWS_DIR, ASSETS_DIR)


def _flow(bundled: FlowSet, flow_id: str) -> Flow:
    assert flow_id in bundled.flows, f"{flow_id} did not load"
    return bundled.flows[flow_id]


def enumerate_paths(flow: Flow) -> set[tuple[tuple[int, ...], tuple[str, ...]]]:
    """Every way from the start to an end, taking each answer, never visiting a step twice."""
    found: set[tuple[tuple[int, ...], tuple[str, ...]]] = set()

    def go(step_id: str, answers: tuple[int, ...], seen: tuple[str, ...]) -> None:
        step = flow.step(step_id)
        seen = seen + (step_id,)
        if step.kind is StepKind.END:
            found.add((answers, seen))
        elif step.kind is StepKind.QUESTION:
            for index, answer in enumerate(step.answers):
                if answer.goto not in seen:
                    go(answer.goto, answers + (index,), seen)
        elif step.next is not None and step.next not in seen:
            go(step.next, answers, seen)

    go(flow.start.id, (), ())
    return found


def walk(flow: Flow, answers: tuple[int, ...]) -> tuple[Walker, list[str], list[tuple[int, int]]]:
    """Walk with the real engine, answering in order; return the ids and positions seen."""
    walker = Walker(flow)
    walker.start()
    ids = [walker.step.id]
    positions = [(walker.number, walker.total)]
    pending = list(answers)
    while not walker.finished:
        if walker.step.kind is StepKind.QUESTION:
            assert pending, f"{flow.id}: question {walker.step.id} met with no answer left"
            walker.answer(pending.pop(0))
        else:
            walker.next()
        ids.append(walker.step.id)
        positions.append((walker.number, walker.total))
        assert len(ids) <= len(flow.steps) * 2, f"{flow.id}: walk does not end"
    assert not pending, f"{flow.id}: answers left unused: {pending}"
    return walker, ids, positions


def all_texts(flow: Flow) -> Iterator[Text]:
    """Every text a visitor may see or hear, practice texts included."""
    yield flow.title
    yield flow.short_title
    yield flow.description
    for step in flow.steps:
        yield from (t for t in (step.title, step.text, step.warning, step.spoken) if t)
        yield from step.items
        yield from (answer.label for answer in step.answers)
        practice = step.practice
        if practice is not None:
            yield from (t for t in (practice.example, practice.success) if t)
            yield from practice.hints
            for choice in practice.choices:
                yield choice.label
                if choice.explanation is not None:
                    yield choice.explanation


# -- loading --------------------------------------------------------------------------------

def test_bundled_flows_load_without_any_problem(bundled: FlowSet) -> None:
    assert [p.format(REPO) for p in bundled.problems] == []
    assert len(bundled.flows) >= MIN_FLOWS


def test_every_bundled_flow_has_its_paths_written_here(bundled: FlowSet) -> None:
    assert sorted(bundled.flows) == sorted(EXPECTED_PATHS)


@pytest.mark.parametrize("flow_id", BILINGUAL)
def test_named_flows_are_fully_in_english(bundled: FlowSet, flow_id: str) -> None:
    flow = _flow(bundled, flow_id)
    assert "en" in flow.languages
    missing = [text.fr for text in all_texts(flow) if not text.has("en")]
    assert missing == []


@pytest.mark.parametrize("language", ["ar", "uk"])
@pytest.mark.parametrize("flow_id", IN_ARABIC_AND_UKRAINIAN)
def test_named_flows_are_fully_in_arabic_and_ukrainian(bundled: FlowSet, flow_id: str,
                                                       language: str) -> None:
    flow = _flow(bundled, flow_id)
    assert language in flow.languages
    missing = [text.fr for text in all_texts(flow) if not text.has(language)]
    assert missing == []
    # Addresses, web addresses and codes shown in French are shown the same, untranslated.
    typed = re.compile(r"[\w.-]+@[\w.-]+\.[a-z]+|\b[\w-]+(?:\.[\w-]+)*\.(?:fr|gouv)\b|\b\d{4,}\b")
    changed = [(text.fr, token) for text in all_texts(flow) for token in typed.findall(text.fr)
               if token not in text.get(language)]
    assert changed == []
    # What is typed or checked stays the same in every language: the address to type, the
    # code in the SMS shown, a password example that the strength check accepts.
    for step in flow.steps:
        practice = step.practice
        if practice is None or practice.example is None:
            continue
        example = practice.example.get(language)
        if practice.check is PracticeCheck.EMAIL:
            assert example == practice.example.fr
        elif practice.check is PracticeCheck.CODE:
            assert practice.expected and practice.expected in example
        elif practice.check is PracticeCheck.PASSWORD:
            assert check_password(example, practice.length).success
    # Written in its own script, not French left in place: Arabic letters for ar,
    # Cyrillic for uk, in every text but what is typed as it is (an address, a password) and
    # names written the same in English (« FranceConnect », a list of services' names).
    typed_as_is = {id(step.practice.example) for step in flow.steps
                   if step.practice is not None and step.practice.example is not None
                   and step.practice.check in (PracticeCheck.EMAIL, PracticeCheck.PASSWORD)}
    script = {"ar": ("\u0600", "\u06ff"), "uk": ("\u0400", "\u04ff")}[language]
    untranslated = [text.fr for text in all_texts(flow) if id(text) not in typed_as_is
                    if text.get(language) != text.get("en")
                    if not any(script[0] <= char <= script[1] for char in text.get(language))]
    assert untranslated == []


# -- every path -----------------------------------------------------------------------------

@pytest.mark.parametrize("flow_id", sorted(EXPECTED_PATHS))
def test_enumerated_paths_are_exactly_the_written_ones(bundled: FlowSet, flow_id: str) -> None:
    flow = _flow(bundled, flow_id)
    written = {(answers, tuple(ids.split())) for answers, ids in EXPECTED_PATHS[flow_id]}
    assert enumerate_paths(flow) == written


@pytest.mark.parametrize(("flow_id", "answers", "expected"), [
    (flow_id, answers, ids)
    for flow_id, paths in sorted(EXPECTED_PATHS.items())
    for answers, ids in paths
])
def test_walking_gives_the_exact_steps(bundled: FlowSet, flow_id: str,
                                       answers: tuple[int, ...], expected: str) -> None:
    flow = _flow(bundled, flow_id)
    walker, ids, positions = walk(flow, answers)
    assert ids == expected.split()
    numbers = [number for number, _ in positions]
    assert numbers == list(range(1, len(ids) + 1))
    assert all(total >= number for number, total in positions)
    assert positions[-1][0] == positions[-1][1]
    assert walker.finished


@pytest.mark.parametrize("flow_id", sorted(EXPECTED_PATHS))
def test_counsellor_end_when_and_only_when_the_path_asks_for_help(bundled: FlowSet,
                                                                  flow_id: str) -> None:
    flow = _flow(bundled, flow_id)
    for answers, ids in EXPECTED_PATHS[flow_id]:
        visited = [flow.step(step_id) for step_id in ids.split()]
        asked_help = any(step.kind is StepKind.HELP for step in visited)
        ends_with_counsellor = visited[-1].outcome is EndOutcome.COUNSELLOR
        assert asked_help == ends_with_counsellor, (flow_id, answers)


# -- back and restart -----------------------------------------------------------------------

@pytest.mark.parametrize("flow_id", ["creer-adresse-email", "reconnaitre-arnaque",
                                     "declarer-revenus", "appel-video-whatsapp"])
def test_back_after_each_answer_restores_the_exact_state(bundled: FlowSet, flow_id: str) -> None:
    flow = _flow(bundled, flow_id)
    for answers, _ in EXPECTED_PATHS[flow_id]:
        walker = Walker(flow)
        walker.start()
        initial = walker.state
        pending = list(answers)
        while not walker.finished:
            before = walker.state
            number, total = walker.number, walker.total
            if walker.step.kind is StepKind.CHECKLIST:
                walker.toggle(0)
                before = walker.state
            if walker.step.kind is StepKind.QUESTION:
                choice = pending.pop(0)
                walker.answer(choice)
                assert walker.back().id == before.step_id
                assert walker.state == before
                assert (walker.number, walker.total) == (number, total)
                walker.answer(choice)
            else:
                walker.next()
                assert walker.back().id == before.step_id
                assert walker.state == before
                walker.next()
            assert walker.number == number + 1
            assert walker.total >= walker.number
        walker.restart()
        assert walker.state == initial
        assert not walker.can_go_back


@pytest.mark.parametrize("flow_id", ["franceconnect", "mon-espace-sante"])
def test_changing_an_answer_after_back_takes_the_other_branch(bundled: FlowSet,
                                                             flow_id: str) -> None:
    flow = _flow(bundled, flow_id)
    first_answers, _ = EXPECTED_PATHS[flow_id][0]
    other_answers, other_ids = next((answers, ids) for answers, ids in EXPECTED_PATHS[flow_id]
                                    if answers[0] != first_answers[0])
    walker = Walker(flow)
    walker.start()
    while walker.step.kind is not StepKind.QUESTION:
        walker.next()
    question = walker.step
    walker.answer(first_answers[0])
    assert walker.step.id == question.answers[first_answers[0]].goto
    walker.back()
    assert walker.answer_of(question.id) is None
    walker.answer(other_answers[0])
    expected = other_ids.split()
    assert list(walker.state.path) == expected[: expected.index(walker.step.id) + 1]
    assert walker.answer_of(question.id) == other_answers[0]


# -- what every flow must offer -------------------------------------------------------------

@pytest.mark.parametrize("flow_id", sorted(EXPECTED_PATHS))
def test_every_flow_has_a_question_help_a_checklist_and_an_official_site(
        bundled: FlowSet, flow_id: str) -> None:
    flow = _flow(bundled, flow_id)
    kinds = [step.kind for step in flow.steps]
    assert StepKind.QUESTION in kinds
    assert StepKind.HELP in kinds
    assert any(step.outcome is EndOutcome.COUNSELLOR for step in flow.steps)
    assert any(step.outcome is EndOutcome.SUCCESS for step in flow.steps)
    assert StepKind.CHECKLIST in kinds
    sites = [step.url for step in flow.steps if step.kind is StepKind.WEBSITE]
    assert sites and all(url and url.startswith("https://") for url in sites)
    assert (ASSETS_DIR / flow.pictogram).is_file()


def test_the_four_kinds_of_practice_are_shipped(bundled: FlowSet) -> None:
    practices = {(flow.id, step.id): step for flow in bundled.flows.values()
                 for step in flow.steps if step.practice is not None}
    checks = {step.practice.check for step in practices.values() if step.practice}
    assert set(PracticeCheck) == checks
    email = practices[("creer-adresse-email", "exercice-adresse")].practice
    assert email and email.expected == "marie.dupont@exemple.fr"
    assert any("arobase" in hint.fr for hint in email.hints)
    code = practices[("franceconnect", "exercice-code")].practice
    assert code and (code.expected, code.length) == ("482915", 6)
    assert code.example and "482915" in code.example.fr  # the SMS shown on the drawn phone
    for step in practices.values():
        assert step.practice is not None
        if step.practice.check is PracticeCheck.PASSWORD:
            assert step.warning is not None and "jamais" in step.warning.fr
            example = step.practice.example
            assert example is None or check_password(example.fr, step.practice.length).success
        if step.practice.check is PracticeCheck.CHOICE:
            assert 2 <= len(step.practice.choices) <= 4
        if step.practice.check is PracticeCheck.CODE and step.practice.length:
            assert len(step.practice.expected or "") == step.practice.length


@pytest.mark.parametrize("name", [
    "parcours", "aide", "accueil", "retour", "suivant", "repeter", "son", "son-coupe", "texte",
    "contraste", "langue", "fleche-gauche", "fleche-droite", "fleche-haut", "fleche-bas",
    "coche", "attention", "telephone", "bravo",
])
def test_interface_pictograms_are_white_on_transparent(name: str) -> None:
    raw = (ASSETS_DIR / "pictos" / f"{name}.png").read_bytes()
    assert raw.startswith(b"\x89PNG\r\n\x1a\n")
    assert raw[12:16] == b"IHDR"
    colour_type = raw[25]
    assert colour_type in (4, 6), "the pictogram needs an alpha channel to be tinted"
