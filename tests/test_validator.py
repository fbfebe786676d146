"""Every broken flow in tests/broken_flows gives exactly the lines a counsellor will read.

Each file there holds one mistake (its name says which). The expected lines are written
out in full: changing a message means changing it here and in docs/ecrire-un-parcours.md.
"""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest
from flowfixtures import BROKEN, COMPLETE, MINIMAL, make_assets, png_header, with_steps

from kiosk.flows.loader import MAX_FILE_BYTES, MAX_STEPS, load_flow_file, load_flow_text, load_flows
from kiosk.flows.pictures import PictureError, check_picture
from kiosk.flows.problems import Severity


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_assets(tmp_path_factory.mktemp("validator"))


# file (without .yaml) -> the exact lines, in the order given.
EXPECTED: list[tuple[str, list[str]]] = [
    ('adresse-pas-https', [
        "adresse-pas-https.yaml:13: erreur : étape « debut » : « http://www.exemple.fr » n'est "
         'pas une adresse de site valable : elle doit commencer par https://',
    ]),
    ('aucune-fin', [
        "aucune-fin.yaml:9: erreur : le parcours n'a aucune étape « fin ».",
    ]),
    ('balise-python', [
        "balise-python.yaml:12: erreur : « !!python/object/apply:os.system » n'est pas accepté "
         ': les balises commençant par « ! » sont interdites, enlevez-la.',
    ]),
    ('boucle-sans-fin', [
        'boucle-sans-fin.yaml:17: erreur : étape « tour-un » : depuis cette étape, on ne peut '
         'jamais arriver à une fin (impasse ou boucle sans sortie).',
        'boucle-sans-fin.yaml:21: erreur : étape « tour-deux » : depuis cette étape, on ne '
         'peut jamais arriver à une fin (impasse ou boucle sans sortie).',
    ]),
    ('caractere-invisible', [
        'caractere-invisible.yaml:12: erreur : le fichier contient un caractère invisible '
         'interdit (code U+0007) : effacez-le.',
    ]),
    ('champ-en-double', [
        'champ-en-double.yaml:13: erreur : le champ « texte » est écrit deux fois.',
    ]),
    ('champ-inconnu', [
        'champ-inconnu.yaml:9: erreur : étape « debut » : champ obligatoire « titre » manquant '
         'ou vide.',
        'champ-inconnu.yaml:11: erreur : étape « debut » : champ inconnu « titr ». '
         'Vouliez-vous dire « titre » ?',
    ]),
    ('champ-manquant', [
        'champ-manquant.yaml:1: erreur : champ obligatoire « description » manquant ou vide.',
    ]),
    ('duree-invalide', [
        'duree-invalide.yaml:6: erreur : « duree » doit être un nombre de minutes, entre 1 et '
         '240 (par exemple : duree: 15).',
    ]),
    ('etape-inatteignable', [
        'etape-inatteignable.yaml:14: erreur : étape « oubliee » : aucune étape ne mène ici, '
         'la personne ne la verra jamais.',
    ]),
    ('exercice-choix-deux-bons', [
        'exercice-choix-deux-bons.yaml:14: erreur : étape « debut » : exactement un des choix '
         'doit avoir « bon: oui ».',
    ]),
    ('exercice-code-lettres', [
        'exercice-code-lettres.yaml:14: erreur : étape « debut » : un code ne contient que des '
         'chiffres.',
    ]),
    ('exercice-email-invalide', [
        'exercice-email-invalide.yaml:14: erreur : étape « debut » : « marie.exemple.fr » '
         "n'est pas une adresse e-mail valable.",
    ]),
    ('falc-capitales', [
        'falc-capitales.yaml:12: avertissement : étape « debut », « texte » : « ATTENTION » '
         "est écrit en capitales : écrivez en minuscules, c'est plus facile à lire.",
    ]),
    ('falc-jargon', [
        'falc-jargon.yaml:12: avertissement : étape « debut », « texte » : « login » est un '
         'mot difficile : écrivez plutôt « identifiant ».',
        'falc-jargon.yaml:12: avertissement : étape « debut », « texte » : « password » est un '
         'mot difficile : écrivez plutôt « mot de passe ».',
    ]),
    ('falc-langue', [
        'falc-langue.yaml:12: avertissement : étape « debut », « texte » [en] : « WELCOME » '
         "est écrit en capitales : écrivez en minuscules, c'est plus facile à lire.",
    ]),
    ('falc-phrase-longue', [
        'falc-phrase-longue.yaml:12: avertissement : étape « debut », « texte » : phrase trop '
         'longue (18 mots, 15 au plus) : « Vous allez ouvrir le site… ».',
    ]),
    ('falc-texte-trop-long', [
        'falc-texte-trop-long.yaml:12: avertissement : étape « debut », « texte » : texte trop '
         'long pour un écran (66 mots, 60 au plus) : coupez-le en deux étapes.',
    ]),
    ('falc-titre-trop-long', [
        'falc-titre-trop-long.yaml:11: avertissement : étape « debut », « titre » : texte trop '
         'long pour un écran (13 mots, 10 au plus) : raccourcissez-le.',
    ]),
    ('fin-avec-suivante', [
        'fin-avec-suivante.yaml:17: erreur : étape « fin » : une étape « fin » termine le '
         "parcours : elle n'a pas de « suivante ».",
    ]),
    ('francais-manquant', [
        'francais-manquant.yaml:12: erreur : étape « debut » : « texte » : le texte en '
         'français (fr) est obligatoire.',
    ]),
    ('id-en-double', [
        "id-en-double.yaml:13: erreur : l'identifiant d'étape « debut » est déjà utilisé "
         '(ligne 9).',
    ]),
    ('id-invalide', [
        "id-invalide.yaml:9: erreur : étape « Début » : « id » : « Début » n'est pas un "
         'identifiant valable (lettres minuscules sans accent, chiffres et tirets).',
    ]),
    ('image-chemin-complet', [
        'image-chemin-complet.yaml:7: erreur : pictogramme « /etc/passwd » : donnez un chemin '
         "à l'intérieur du dossier assets, pas un chemin complet.",
    ]),
    ('image-dimensions-absurdes', [
        'image-dimensions-absurdes.yaml:13: erreur : étape « debut » : image « '
         'images/absurde.png » : dimensions impossibles (100000 x 1 points, 10000 au plus de '
         'chaque côté).',
    ]),
    ('image-picto-sur-etape', [
        'image-picto-sur-etape.yaml:13: erreur : étape « debut » : image « pictos/email.png » : '
        'les pictogrammes du dossier pictos/ sont blancs et seraient invisibles sur une étape : '
        'prenez une image du dossier images/ (ou rangez la vôtre dans images/).',
    ]),
    ('image-hors-assets', [
        'image-hors-assets.yaml:13: erreur : étape « debut » : image « ../secret.png » : le '
         'chemin ne peut pas sortir du dossier assets.',
    ]),
    ('image-introuvable', [
        'image-introuvable.yaml:13: erreur : étape « debut » : image « images/absente.png » : '
         "ce fichier n'existe pas dans le dossier assets (vérifiez le nom, le dossier et "
         "l'extension).",
    ]),
    ('image-lien-dehors', [
        'image-lien-dehors.yaml:13: erreur : étape « debut » : image « images/lien-dehors.png '
         '» : ce fichier est en dehors du dossier assets.',
    ]),
    ('image-mauvais-format', [
        'image-mauvais-format.yaml:13: erreur : étape « debut » : image « images/notes.txt » : '
         'seules les images PNG et JPEG sont acceptées.',
    ]),
    ('image-pas-une-image', [
        'image-pas-une-image.yaml:13: erreur : étape « debut » : image « '
         "images/pas-une-image.png » : ce fichier n'est pas une image PNG ou JPEG lisible.",
    ]),
    ('image-trop-grande', [
        'image-trop-grande.yaml:13: erreur : étape « debut » : image « images/trop-grande.png '
         '» : trop grande (5000 x 5000 points, 20 millions de points au plus) : réduisez-la.',
    ]),
    ('impasse', [
        "impasse.yaml:13: erreur : étape « debut » : c'est la dernière étape du fichier, mais "
         "ce n'est pas une étape « fin » : ajoutez « suivante » ou une étape « fin ».",
    ]),
    ('langue-inconnue', [
        'langue-inconnue.yaml:14: erreur : étape « debut » : « texte » : langue inconnue « eng '
         '» (langues possibles : fr, en, es, pt, ar, de, it, ro, tr, uk, ru, fa).',
    ]),
    ('niveau-inconnu', [
        'niveau-inconnu.yaml:5: erreur : niveau inconnu « debutant » (possibles : débutant, '
         'intermédiaire). Vouliez-vous dire « débutant » ?',
    ]),
    ('pas-un-parcours', [
        'pas-un-parcours.yaml:1: erreur : le fichier doit décrire un parcours : des lignes « '
         'champ: valeur » (id, titre, etapes...).',
    ]),
    ('pas-utf8', [
        "pas-utf8.yaml:5: erreur : le fichier n'est pas enregistré en UTF-8 : dans votre "
         'éditeur, choisissez « Enregistrer sous » puis le codage UTF-8.',
    ]),
    ('pictogramme-hors-pictos', [
        'pictogramme-hors-pictos.yaml:7: erreur : pictogramme « images/ecran-accueil.png » : le '
        "pictogramme d'un parcours doit venir du dossier pictos/ (un dessin blanc sur fond "
        'transparent, peint dans la couleur du texte) : une autre image disparaîtrait en '
        'contraste élevé. Prenez un pictogramme de pictos/.',
    ]),
    ('plusieurs-documents', [
        'plusieurs-documents.yaml:17: erreur : écriture YAML incorrecte : le fichier contient '
         "une ligne « --- » : un fichier ne décrit qu'un seul parcours, enlevez cette ligne.",
    ]),
    ('question-avec-suivante', [
        'question-avec-suivante.yaml:12: erreur : étape « debut » : dans une question, chaque '
         'réponse dit où aller (aller_a) : enlevez « suivante ».',
    ]),
    ('question-une-reponse', [
        'question-une-reponse.yaml:12: erreur : étape « debut » : une question a de 2 à 4 '
         'réponses (il y en a 1).',
    ]),
    ('renvois', [
        'renvois.yaml:15: erreur : les renvois (& et *) ne sont pas acceptés : écrivez le '
         'texte en entier ; si un texte commence par « & » ou « * », mettez-le entre guillemets.',
    ]),
    ('reponse-vers-rien', [
        "reponse-vers-rien.yaml:9: erreur : étape « debut » : la réponse n°2 mène à l'étape « "
         "plus-tard », qui n'existe pas.",
    ]),
    ('resultat-inconnu', [
        'resultat-inconnu.yaml:17: erreur : étape « fin » : résultat inconnu « gagne » '
         '(possibles : reussite, conseiller).',
    ]),
    ('suivante-vers-rien', [
        "suivante-vers-rien.yaml:9: erreur : étape « debut » : l'étape suivante « la-fin » "
         "n'existe pas.",
    ]),
    ('texte-vide', [
        'texte-vide.yaml:12: erreur : étape « debut » : le texte « texte » est vide.',
    ]),
    ('theme-inconnu', [
        'theme-inconnu.yaml:4: erreur : thème inconnu « email » : utilisez un thème du CRA. '
         'Vouliez-vous dire « e-mail » ?',
    ]),
    ('titre-manquant', [
        'titre-manquant.yaml:11: erreur : étape « debut » : champ obligatoire « titre » '
         'manquant ou vide.',
    ]),
    ('type-inconnu', [
        "type-inconnu.yaml:10: erreur : étape « debut » : type d'étape inconnu « informations "
         '» (possibles : information, question, liste, exercice, site, aide, fin). Vouliez-vous '
         'dire « information » ?',
    ]),
    ('type-manquant', [
        'type-manquant.yaml:9: erreur : étape « debut » : champ obligatoire « type » manquant '
         'ou vide (possibles : information, question, liste, exercice, site, aide, fin).',
    ]),
    ('vide', [
        'vide.yaml:1: erreur : le fichier est vide.',
    ]),
    ('yaml-alignement', [
        "yaml-alignement.yaml:13: erreur : écriture YAML incorrecte : cette ligne n'est pas "
         "alignée avec celles d'avant : vérifiez les espaces en début de ligne (les tirets « - "
         "» d'une même liste doivent être alignés).",
    ]),
    ('yaml-deux-points-manquant', [
        'yaml-deux-points-manquant.yaml:11: erreur : écriture YAML incorrecte : il manque un '
         "deux-points « : » après le nom du champ, ou un texte sur plusieurs lignes n'est pas "
         'décalé vers la droite.',
    ]),
    ('yaml-deux-points', [
        'yaml-deux-points.yaml:12: erreur : écriture YAML incorrecte : un deux-points « : » '
         'est mal placé : si le texte contient « : », mettez tout le texte entre guillemets ; '
         'sinon, vérifiez les espaces en début de ligne.',
    ]),
    ('yaml-guillemet', [
        'yaml-guillemet.yaml:12: erreur : écriture YAML incorrecte : un guillemet est ouvert '
         'ici mais jamais fermé.',
    ]),
    ('yaml-tabulation', [
        'yaml-tabulation.yaml:11: erreur : écriture YAML incorrecte : une tabulation est '
         'utilisée : mettez des espaces à la place.',
    ]),
]


@pytest.mark.parametrize(("name", "lines"), EXPECTED, ids=[name for name, _ in EXPECTED])
def test_broken_flow_gives_exact_lines(name: str, lines: list[str], assets: Path) -> None:
    flow, problems = load_flow_file(BROKEN / f"{name}.yaml", assets)
    assert [p.format(BROKEN) for p in problems] == lines
    if name.startswith("falc-"):
        assert flow is not None, "FALC advice is a warning: the flow still loads"
        assert all(p.severity is Severity.WARNING for p in problems)
    else:
        assert flow is None
        assert all(p.severity is Severity.ERROR for p in problems)


def test_every_broken_file_has_its_expected_lines() -> None:
    on_disk = sorted(p.stem for p in BROKEN.glob("*.yaml"))
    assert on_disk == sorted(name for name, _ in EXPECTED)


def test_complete_example_has_no_problem(assets: Path) -> None:
    flow, problems = load_flow_file(COMPLETE, assets)
    assert problems == []
    assert flow is not None
    assert {step.kind.value for step in flow.steps} == {
        "information", "question", "liste", "exercice", "site", "aide", "fin"}


def test_minimal_flow_has_no_problem(assets: Path) -> None:
    flow, problems = load_flow_text(MINIMAL.encode(), Path("essai.yaml"), assets)
    assert problems == []
    assert flow is not None and [s.id for s in flow.steps] == ["debut", "fin"]


def test_file_over_the_size_cap_is_refused_before_reading(tmp_path: Path, assets: Path) -> None:
    big = tmp_path / "trop-gros.yaml"
    filler = "# " + "x" * 97 + "\n"
    big.write_text(MINIMAL + filler * (MAX_FILE_BYTES // len(filler) + 1), encoding="utf-8")
    assert big.stat().st_size > MAX_FILE_BYTES
    flow, problems = load_flow_file(big, assets)
    assert flow is None
    assert [p.format(tmp_path) for p in problems] == [
        "trop-gros.yaml:1: erreur : le fichier est trop gros (256 Ko, 256 Ko au plus) : un "
        "parcours tient en quelques Ko ; faites plusieurs parcours."]
    # The same from bytes (what load_flow_text sees).
    _, problems = load_flow_text(big.read_bytes(), big, assets)
    assert [p.message for p in problems] == [
        "le fichier est trop gros (256 Ko, 256 Ko au plus) : un parcours tient en quelques Ko ; "
        "faites plusieurs parcours."]


def test_file_of_exactly_the_size_cap_is_read(assets: Path) -> None:
    raw = MINIMAL.encode()
    raw += b"#" * (MAX_FILE_BYTES - len(raw))
    assert len(raw) == MAX_FILE_BYTES
    flow, problems = load_flow_text(raw, Path("juste.yaml"), assets)
    assert problems == [] and flow is not None


def test_too_many_steps(assets: Path) -> None:
    step = "  - id: e{n}\n    type: information\n    titre: Étape\n    texte: Bonjour.\n"
    steps = "".join(step.format(n=n) for n in range(MAX_STEPS + 1))
    flow, problems = load_flow_text(with_steps(steps).encode(), Path("long.yaml"), assets)
    assert flow is None
    assert [p.format() for p in problems] == [
        f"long.yaml:8: erreur : le parcours a trop d'étapes ({MAX_STEPS + 1}, {MAX_STEPS} au "
        "plus) : faites plusieurs parcours."]


def jpeg_header(width: int, height: int) -> bytes:
    """A JPEG start: SOI, an APP0 segment, then SOF0 announcing the size; no picture data."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0


@pytest.mark.parametrize(("name", "data", "message"), [
    ("grand.png", png_header(4473, 4473),
     "« grand.png » : trop grande (4473 x 4473 points, 20 millions de points au plus) : "
     "réduisez-la."),
    ("large.jpg", jpeg_header(6000, 4000),
     "« large.jpg » : trop grande (6000 x 4000 points, 20 millions de points au plus) : "
     "réduisez-la."),
    ("vide.png", png_header(0, 10),
     "« vide.png » : dimensions impossibles (0 x 10 points, 10000 au plus de chaque côté)."),
    ("haute.jpg", jpeg_header(10, 60000),
     "« haute.jpg » : dimensions impossibles (10 x 60000 points, 10000 au plus de chaque "
     "côté)."),
    ("coupee.jpg", b"\xff\xd8\xff\xe0\x00",
     "« coupee.jpg » : ce fichier n'est pas une image PNG ou JPEG lisible."),
])
def test_picture_size_is_read_from_the_header(tmp_path: Path, name: str, data: bytes,
                                             message: str) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(PictureError) as caught:
        check_picture(tmp_path, name)
    assert str(caught.value) == message


@pytest.mark.parametrize(("width", "height"), [(4472, 4472), (10_000, 2000), (1, 1)])
def test_pictures_up_to_twenty_megapixels_pass(tmp_path: Path, width: int, height: int) -> None:
    (tmp_path / "ok.png").write_bytes(png_header(width, height))
    (tmp_path / "ok.jpg").write_bytes(jpeg_header(width, height))
    assert check_picture(tmp_path, "ok.png") == (tmp_path / "ok.png").resolve()
    assert check_picture(tmp_path, "ok.jpg") == (tmp_path / "ok.jpg").resolve()


def test_broken_file_never_stops_the_others(tmp_path: Path, assets: Path) -> None:
    folder = tmp_path / "parcours"
    folder.mkdir()
    (folder / "a-bon.yaml").write_text(MINIMAL, encoding="utf-8")
    shutil.copy(BROKEN / "pas-utf8.yaml", folder / "b-casse.yaml")
    shutil.copy(BROKEN / "yaml-tabulation.yaml", folder / "c-casse.yaml")
    (folder / "d-autre.yml").write_text(MINIMAL.replace("id: essai", "id: autre"),
                                        encoding="utf-8")
    (folder / "notes.txt").write_text("pas un parcours")
    (folder / ".cache.yaml").write_text("caché : ignoré")
    result = load_flows(folder, assets)
    assert sorted(result.flows) == ["autre", "essai"]
    assert [p.format(folder) for p in result.problems] == [
        "b-casse.yaml:5: erreur : le fichier n'est pas enregistré en UTF-8 : dans votre "
        "éditeur, choisissez « Enregistrer sous » puis le codage UTF-8.",
        "c-casse.yaml:11: erreur : écriture YAML incorrecte : une tabulation est utilisée : "
        "mettez des espaces à la place.",
    ]
    assert len(result.errors) == 2 and result.warnings == []


def test_same_flow_id_in_two_files(tmp_path: Path, assets: Path) -> None:
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("# copie\n" + MINIMAL, encoding="utf-8")
    result = load_flows(tmp_path, assets)
    assert list(result.flows) == ["essai"]
    assert result.flows["essai"].source == tmp_path / "a.yaml"
    assert [p.format(tmp_path) for p in result.problems] == [
        "b.yaml:2: erreur : l'identifiant de parcours « essai » est déjà utilisé par a.yaml : "
        "changez l'un des deux."]


def test_missing_path_is_a_problem_not_a_crash(tmp_path: Path, assets: Path) -> None:
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    result = load_flows([tmp_path / "absent", tmp_path / "a.yaml"], assets)
    assert list(result.flows) == ["essai"]
    assert [p.format(tmp_path) for p in result.problems] == [
        "absent:0: erreur : fichier ou dossier introuvable."]


def test_unreadable_file_is_a_problem(tmp_path: Path, assets: Path) -> None:
    folder = tmp_path / "dossier.yaml"
    folder.mkdir()  # a folder named like a flow file: cannot be read as a file
    flow, problems = load_flow_file(folder, assets)
    assert flow is None
    assert [p.format(tmp_path) for p in problems] == [
        "dossier.yaml:1: erreur : ce n'est pas un fichier ordinaire (tube, périphérique, "
        "dossier…) : la borne ne lit que de vrais fichiers .yaml."]


def test_type_without_value_is_reported_not_dropped(assets: Path) -> None:
    # Bug fixed here: "type:" with nothing after it made the step vanish without a word.
    text = MINIMAL.replace("type: information", "type:")
    flow, problems = load_flow_text(text.encode(), Path("t.yaml"), assets)
    assert flow is None
    assert [p.format() for p in problems] == [
        "t.yaml:10: erreur : étape « debut » : champ obligatoire « type » manquant ou vide "
        "(possibles : information, question, liste, exercice, site, aide, fin)."]


@pytest.mark.parametrize("value", ["²", "٣", "-5", "0", "241", "1.5"])
def test_odd_durations_are_refused(assets: Path, value: str) -> None:
    text = MINIMAL.replace("duree: 5", f"duree: {value!r}")
    flow, problems = load_flow_text(text.encode(), Path("d.yaml"), assets)
    assert flow is None
    assert [p.format() for p in problems] == [
        "d.yaml:6: erreur : « duree » doit être un nombre de minutes, entre 1 et 240 "
        "(par exemple : duree: 15)."]
